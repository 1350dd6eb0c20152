/**
 * Author guidance: warnings about a valid model that will measure less than its author expects —
 * competencies a role requires with too little evidence besides self-ratings, raters with nothing
 * to answer, requirements that are always met, limits too tight for the competencies a role requires.
 * `pathway validate` prints them beside the reference checks; they never make a model invalid.
 */
import { itemRaters, itemSeconds } from './defaults.js';
import { scaleOf } from './levels.js';
import type { Problem } from './problems.js';
import type { Item, Model, Role } from './types.js';

/** Items that are not self-ratings a required competency should have, for decisions that do not rest on self-report. */
export const MIN_NON_SELF_ITEMS = 3;
/** Items per competency an adaptive assessment typically needs for a decision. */
export const ITEMS_PER_DECISION = 3;
/** The engine's default `maxItems` (src/assessment/config.ts; kept here so that src/model does not depend on it). */
const DEFAULT_MAX_ITEMS = 30;

const isSelfRating = (item: Item): boolean => item.type === 'frequency' || item.type === 'anchored';

/** Competencies an item bears on (a forced choice: both sides). */
function competenciesOf(item: Item): string[] {
  if (item.type !== 'forced-choice') return [item.competency];
  return [...new Set([item.competency, ...item.options.flatMap((o) => (o.competency ? [o.competency] : []))])];
}

export function authorGuidance(model: Model): Problem[] {
  const problems: Problem[] = [];
  const warn = (kind: Problem['kind'], path: string, message: string): void => void problems.push({ severity: 'warning', kind, path, message });
  const competencyIndex = new Map(model.competencies.map((c, i) => [c.id, i]));
  const title = (id: string): string => `"${id}"`;

  // Evidence besides self-ratings, per competency.
  const nonSelf = new Map<string, number>();
  for (const item of model.items) if (!isSelfRating(item)) for (const c of competenciesOf(item)) nonSelf.set(c, (nonSelf.get(c) ?? 0) + 1);
  const required = new Set(model.roles.flatMap((r) => r.requirements.map((q) => q.competency)));
  for (const id of required) {
    const n = nonSelf.get(id) ?? 0;
    const at = competencyIndex.get(id);
    if (n < MIN_NON_SELF_ITEMS && at !== undefined) {
      warn(
        'coverage',
        `competencies[${at}]`,
        `${title(id)} is required by a role but has ${n} item${n === 1 ? '' : 's'} that ${n === 1 ? 'is' : 'are'} not self-ratings (situational judgement, forced choice, work samples); add ${MIN_NON_SELF_ITEMS - n} more: self-ratings alone cannot decide a requirement with confidence`,
      );
    }
  }

  // Observer wording: managers and peers answer only frequency and anchored items that have it.
  const ratings = model.items.map((item, i) => ({ item, i })).filter(({ item }) => isSelfRating(item) && !item.raters);
  const worded = ratings.filter(({ item }) => itemRaters(item).includes('manager'));
  if (ratings.length > 0 && worded.length === 0) {
    const confirmations = model.items.filter((i) => i.type === 'evidence').length;
    warn(
      'coverage',
      'items',
      `no frequency or anchored item has observer wording (observerStem), so peers get an empty form${confirmations > 0 ? ` and managers only confirm ${confirmations} work sample${confirmations === 1 ? '' : 's'}` : ' and so do managers'}: add observer wording to use manager and peer ratings`,
    );
  } else if (worded.length > 0) {
    for (const { item, i } of ratings) {
      if (!itemRaters(item).includes('manager')) warn('coverage', `items[${i}]`, `item "${item.id}" has no observer wording (observerStem), though other items do: managers and peers will not be asked it`);
    }
  }

  // Requirements at the lowest level are met by everyone.
  model.roles.forEach((role, r) => {
    role.requirements.forEach((req, q) => {
      const at = competencyIndex.get(req.competency);
      if (at === undefined) return;
      const lowest = Math.min(...scaleOf(model, model.competencies[at]!).levels.map((l) => l.level));
      if (req.level <= lowest) {
        warn('level', `roles[${r}].requirements[${q}].level`, `role "${role.id}" requires the lowest level (${req.level}) of ${title(req.competency)}: everyone meets it, so it adds nothing to the assessment and always counts as met (also for the LMS's passed/failed)`);
      }
    });
  });

  // Limits against the competencies each role's assessment covers (the role and its next role).
  const settings = model.assessment ?? {};
  const maxItems = settings.maxItems ?? DEFAULT_MAX_ITEMS;
  const minEach = Math.max(1, settings.minItemsPerCompetency ?? 1);
  const roles = new Map(model.roles.map((r) => [r.id, r]));
  for (const role of model.roles) {
    const covered = coveredCompetencies(role, roles);
    if (covered.length === 0) continue;
    const where = role.next && roles.has(role.next) ? `role "${role.id}" (with its next role "${role.next}")` : `role "${role.id}"`;
    const least = covered.length * minEach;
    const typical = covered.length * Math.max(minEach, ITEMS_PER_DECISION);
    if (maxItems < least) {
      warn('setting', 'assessment.maxItems', `maxItems ${maxItems} is below the ${least} items ${where} needs to reach each of its ${covered.length} competencies once: some stay unassessed (about ${typical} items give decisions)`);
    } else if (maxItems < typical) {
      warn('setting', 'assessment.maxItems', `maxItems ${maxItems} allows fewer than ${ITEMS_PER_DECISION} items for each of the ${covered.length} competencies ${where} requires: many will end "not yet sure" (about ${typical} items are needed)`);
    }
    if (settings.maxMinutes !== undefined) {
      const fastest = covered.map((id) => model.items.filter((i) => competenciesOf(i).includes(id)).map(itemSeconds).sort((a, b) => a - b));
      const once = fastest.reduce((s, list) => s + (list[0] ?? 0), 0) / 60;
      const decide = fastest.reduce((s, list) => s + list.slice(0, ITEMS_PER_DECISION).reduce((a, b) => a + b, 0), 0) / 60;
      if (settings.maxMinutes < once) {
        warn('setting', 'assessment.maxMinutes', `maxMinutes ${settings.maxMinutes} is below the ${Math.ceil(once)} minutes ${where} needs to ask one item on each of its ${covered.length} competencies: some stay unassessed (about ${Math.ceil(decide)} minutes give decisions)`);
      } else if (settings.maxMinutes < decide) {
        warn('setting', 'assessment.maxMinutes', `maxMinutes ${settings.maxMinutes} leaves fewer than ${ITEMS_PER_DECISION} items for some of the ${covered.length} competencies ${where} requires: about ${Math.ceil(decide)} minutes are needed for decisions`);
      }
    }
  }
  return dedupe(problems);
}

/** The competencies an assessment for `role` covers: its own requirements and its next role's. */
function coveredCompetencies(role: Role, roles: ReadonlyMap<string, Role>): string[] {
  const next = role.next ? roles.get(role.next) : undefined;
  return [...new Set([...role.requirements, ...(next?.requirements ?? [])].map((q) => q.competency))];
}

/** One warning per path and message (several roles can hit the same limit in the same words). */
function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
