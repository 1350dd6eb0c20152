/**
 * What Pathway's data becomes in SCORM: interaction types and response tokens per item type, the
 * pass decision, and the score of a competency objective. Pure functions; the runtime writes them.
 *
 * Interaction types (see docs/scorm.md for the full table):
 * - frequency, anchored, evidence (rubric): `likert` — one ordered rating, the token is the 1-based
 *   position on its scale (1.2: a single character, `1`…`9` then `a`…`c`, as its likert format needs);
 * - situational `best` and forced choice: `choice` — the option's letter (`a`, `b`, …);
 * - situational `most-least`: `sequencing` — the most and the least effective option in that order: a
 *   partial ranking, which is what sequencing records, and 1.2 (which has no `other`) accepts it too;
 * - situational `rate-each`: `matching` — each option paired with its 1–5 rating (`a.4,b.2`), which
 *   keeps the option → rating structure readable in LMS reports, in 1.2 and 2004 alike.
 * A not-applicable answer is an interaction without a learner response.
 */
import { decisionOf } from '../../assessment/decision.js';
import type { AssessmentResults, CompetencyResult, Response } from '../../assessment/types.js';
import { DEFAULT_FREQUENCY_SCALE } from '../../model/defaults.js';
import { scaleOf } from '../../model/levels.js';
import { resolveText } from '../../model/text.js';
import type { Item, Model } from '../../model/types.js';
import type { ScormVersion } from './api.js';

export type InteractionType = 'likert' | 'choice' | 'sequencing' | 'matching';

export interface InteractionData {
  type: InteractionType;
  /** Undefined for a not-applicable answer or a response that does not fit the item. */
  response?: string;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** 1.2 likert tokens: one character per position (scales have at most 12 levels). */
const LIKERT_12 = '123456789abc';

/** Number of ordered positions an item's likert answer can take, or undefined for non-likert items. */
function likertPositions(model: Model, item: Item): number | undefined {
  switch (item.type) {
    case 'frequency':
      return (model.frequencyScale ?? DEFAULT_FREQUENCY_SCALE).length;
    case 'anchored':
      return item.options.length;
    case 'evidence':
      return item.rubric.length;
    default:
      return undefined;
  }
}

function optionCount(item: Item): number {
  return item.type === 'situational' || item.type === 'forced-choice' ? item.options.length : 0;
}

const isIndex = (value: number | undefined, count: number): value is number => Number.isInteger(value) && value! >= 0 && value! < count;

export function interactionType(item: Item): InteractionType {
  if (item.type === 'situational') return item.format === 'best' ? 'choice' : item.format === 'most-least' ? 'sequencing' : 'matching';
  return item.type === 'forced-choice' ? 'choice' : 'likert';
}

/** The interaction type and the learner-response token for one answer. */
export function interactionFor(model: Model, item: Item, response: Response, version: ScormVersion): InteractionData {
  const type = interactionType(item);
  if (response.notApplicable) return { type };
  const list = version === '1.2' ? ',' : '[,]';
  const pair = version === '1.2' ? '.' : '[.]';
  const letter = (i: number | undefined) => (isIndex(i, optionCount(item)) ? LETTERS[i] : undefined);
  switch (type) {
    case 'likert': {
      const positions = likertPositions(model, item) ?? 0;
      if (!isIndex(response.choice, positions)) return { type };
      return { type, response: version === '1.2' ? LIKERT_12[response.choice] : String(response.choice + 1) };
    }
    case 'choice':
      return { type, response: letter(response.choice) };
    case 'sequencing': {
      const most = letter(response.most);
      const least = letter(response.least);
      return { type, response: most && least && most !== least ? `${most}${list}${least}` : undefined };
    }
    case 'matching': {
      const ratings = response.ratings ?? [];
      const pairs = ratings.flatMap((rating, i) => (letter(i) && Number.isInteger(rating) && rating >= 1 && rating <= 9 ? [`${letter(i)}${pair}${rating}`] : []));
      return { type, response: pairs.length > 0 ? pairs.join(list) : undefined };
    }
  }
}

/** The item's question in one language, for SCORM 2004 interaction descriptions. */
export function itemText(item: Item, lang: string, fallback: string): string {
  const text = (value: Parameters<typeof resolveText>[0]) => resolveText(value, lang, fallback);
  switch (item.type) {
    case 'frequency':
    case 'anchored':
      return text(item.stem);
    case 'situational':
      return item.question ? `${text(item.scenario)} ${text(item.question)}` : text(item.scenario);
    case 'evidence':
      return text(item.task);
    case 'forced-choice':
      return item.stem ? text(item.stem) : item.options.map((o) => text(o.text)).join(' / ');
  }
}

/** Rounds like the value the LMS will see (4 decimals), so our decision and the LMS's agree. */
const asWritten = (fraction: number): number => Math.round(fraction * 10_000) / 10_000;

/**
 * Passed or failed for the whole assessment: against the pass mark when there is one (the LMS's
 * mastery score first, then the model's `delivery.masteryScore`), otherwise from the engine's
 * decisions on the current role's critical requirements (all of them when none is critical): passed
 * when every one is met, failed when any is below. Undefined — success unknown — when neither
 * applies or while any of them is not yet sure.
 */
export function passDecision(results: AssessmentResults, passMark: number | undefined): 'passed' | 'failed' | undefined {
  if (passMark !== undefined) return asWritten(results.overall.score) >= asWritten(passMark) ? 'passed' : 'failed';
  const checks = results.competencies.flatMap((c) => (c.current ? [c.current] : []));
  if (checks.length === 0) return undefined;
  const critical = checks.filter((c) => c.critical);
  const decisions = (critical.length > 0 ? critical : checks).map(decisionOf);
  if (decisions.includes('below')) return 'failed';
  return decisions.every((d) => d === 'meets') ? 'passed' : undefined;
}

/** Passed or failed for one competency, only when the engine decided it against the current role. */
export function competencyDecision(result: CompetencyResult): 'passed' | 'failed' | undefined {
  if (!result.current) return undefined;
  const decision = decisionOf(result.current);
  return decision === 'meets' ? 'passed' : decision === 'below' ? 'failed' : undefined;
}

/** A competency's estimated level as a position on its scale: 0 at the lowest level, 1 at the highest. */
export function competencyScore(model: Model, result: CompetencyResult): { scaled: number; level: number; min: number; max: number } {
  const scale = scaleOf(model, model.competencies.find((c) => c.id === result.competency));
  const levels = scale.levels.map((l) => l.level);
  const min = Math.min(...levels);
  const max = Math.max(...levels);
  const scaled = max > min ? (result.level - min) / (max - min) : 0;
  return { scaled: Math.min(1, Math.max(0, scaled)), level: Math.min(max, Math.max(min, result.level)), min, max };
}
