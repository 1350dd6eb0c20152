/**
 * Session options resolved against the model: the rater's form, the competencies in play, their
 * role thresholds, and every assessment setting with its default.
 */
import type { Model, Rater } from '../model/types.js';
import type { Bank } from './bank.js';
import { DEFAULT_DECISION } from './decision.js';
import { OptionsError } from './errors.js';
import type { AssessmentOptions } from './types.js';

/** Defaults of `assessment` settings the model leaves out (docs/assessment.md, "Settings"). */
export const DEFAULT_SETTINGS = {
  mode: 'adaptive',
  maxItems: 30,
  minItemsPerCompetency: 1,
  maxItemsPerCompetency: 6,
  confidence: 0.95,
  decision: DEFAULT_DECISION,
  targetSD: 0.3,
  selfLeniency: 0.3,
  minPeers: 3,
  allowNotObserved: true,
  seed: 0,
} as const;

export interface Threshold {
  slot: 'current' | 'target' | 'level';
  role?: string;
  level: number;
  theta: number;
  weight: number;
  critical: boolean;
}

export interface Config {
  rater: Rater;
  raterId: string | undefined;
  mode: 'adaptive' | 'fixed';
  currentRole: string | undefined;
  targetRole: string | undefined;
  seed: number;
  /** The option overrides a saved state must carry (undefined = the model's setting). */
  maxMinutesOverride: number | undefined;
  maxItemsOverride: number | undefined;
  maxItems: number;
  maxSeconds: number;
  minItems: number;
  maxPerCompetency: number;
  confidence: number;
  /** P(meets) from which a requirement is shown as met, and up to which as below. */
  decision: { meets: number; below: number };
  targetSD: number;
  selfLeniency: number;
  minPeers: number;
  allowNotObserved: boolean;
  /** Item indices the rater's form contains, in model order. */
  form: number[];
  inForm: Uint8Array;
  /** Competencies the adaptive assessment covers, in model order. */
  inPlay: number[];
  /** Competencies whose posteriors selection needs: those in play and the partners of their forced choices. */
  scored: number[];
  /** Per competency: the role thresholds to classify against (the scale's level boundaries when no role is chosen). */
  thresholds: Threshold[][];
}

const RATER_VALUES: readonly Rater[] = ['self', 'manager', 'peer'];
/** Same shape as model ids (kept here: the schema module pulls in zod, which browsers do not load). */
const RATER_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function resolveConfig(model: Model, bank: Bank, options: AssessmentOptions = {}): Config {
  const settings = model.assessment ?? {};
  const rater = options.rater ?? 'self';
  if (!RATER_VALUES.includes(rater)) throw new OptionsError('invalid-option', `rater "${String(rater)}" is not one of self, manager, peer`);
  if (options.raterId !== undefined && !RATER_ID.test(options.raterId)) {
    throw new OptionsError('invalid-option', 'raterId must be 1–64 letters, digits, "-" or "_" (an opaque id, never a name or email)');
  }
  const mode = options.mode ?? settings.mode ?? DEFAULT_SETTINGS.mode;
  if (mode !== 'adaptive' && mode !== 'fixed') throw new OptionsError('invalid-option', `mode "${String(mode)}" is not "adaptive" or "fixed"`);
  const seed = options.seed ?? settings.seed ?? DEFAULT_SETTINGS.seed;
  if (!Number.isInteger(seed)) throw new OptionsError('invalid-option', `seed must be a whole number, got ${seed}`);
  if (options.maxMinutes !== undefined && !(options.maxMinutes > 0 && options.maxMinutes <= 10_000)) {
    throw new OptionsError('invalid-option', `maxMinutes must be above 0 and at most 10000, got ${options.maxMinutes}`);
  }
  if (options.maxItems !== undefined && !(Number.isInteger(options.maxItems) && options.maxItems > 0 && options.maxItems <= 100_000)) {
    throw new OptionsError('invalid-option', `maxItems must be a whole number from 1 to 100000, got ${options.maxItems}`);
  }
  const checkRole = (id: string | undefined, what: string): void => {
    if (id !== undefined && !bank.roles.has(id)) {
      throw new OptionsError('unknown-role', `${what} "${id}" is not a role of this model (roles: ${[...bank.roles.keys()].join(', ')})`);
    }
  };
  checkRole(options.currentRole, 'current role');
  checkRole(options.targetRole, 'target role');
  const currentRole = options.currentRole;
  // The role a current role usually leads to is the default target (model format: `next`).
  const targetRole = options.targetRole ?? (currentRole !== undefined ? bank.roles.get(currentRole)!.next : undefined);

  const form: number[] = [];
  const inForm = new Uint8Array(bank.items.length);
  bank.items.forEach((item, i) => {
    if (item.raters.includes(rater)) {
      form.push(i);
      inForm[i] = 1;
    }
  });

  const thresholds: Threshold[][] = bank.competencies.map(() => []);
  const addRole = (roleId: string | undefined, slot: 'current' | 'target'): void => {
    if (roleId === undefined) return;
    for (const req of bank.roles.get(roleId)!.requirements) {
      const c = bank.competencyIndex.get(req.competency);
      if (c === undefined) continue;
      thresholds[c]!.push({
        slot,
        role: roleId,
        level: req.level,
        theta: bank.threshold(c, req.level),
        weight: req.weight ?? 1,
        critical: req.critical ?? false,
      });
    }
  };
  addRole(currentRole, 'current');
  addRole(targetRole, 'target');
  let inPlay = thresholds.flatMap((t, c) => (t.length > 0 ? [c] : []));
  if (inPlay.length === 0) {
    // No role: measure every competency the form covers, classifying the level on its scale.
    const covered = new Set(form.map((i) => bank.items[i]!.competency));
    inPlay = bank.competencies.flatMap((c) => (covered.has(c.index) ? [c.index] : []));
    for (const c of inPlay) {
      const levels = bank.competencies[c]!.scale.levels;
      const weight = 1 / Math.max(1, levels.length - 1);
      thresholds[c] = levels.slice(1).map((l) => ({ slot: 'level', level: l.level, theta: bank.threshold(c, l.level), weight, critical: false }));
    }
  }

  const scored = new Set(inPlay);
  // A forced choice that touches a competency in play informs both sides: selection needs both posteriors.
  for (const i of form) {
    const pair = bank.items[i]!.pair;
    if (pair && (inPlay.includes(pair[0]) || inPlay.includes(pair[1]))) for (const c of pair) scored.add(c);
  }

  const maxMinutes = options.maxMinutes ?? settings.maxMinutes;
  return {
    rater,
    raterId: options.raterId,
    mode,
    currentRole,
    targetRole,
    seed: seed | 0,
    maxMinutesOverride: options.maxMinutes,
    maxItemsOverride: options.maxItems,
    maxItems: options.maxItems ?? settings.maxItems ?? DEFAULT_SETTINGS.maxItems,
    // Whole seconds, so a saved state carries the budget exactly.
    maxSeconds: maxMinutes === undefined ? Number.POSITIVE_INFINITY : Math.round(maxMinutes * 60),
    minItems: settings.minItemsPerCompetency ?? DEFAULT_SETTINGS.minItemsPerCompetency,
    maxPerCompetency: settings.maxItemsPerCompetency ?? DEFAULT_SETTINGS.maxItemsPerCompetency,
    confidence: settings.confidence ?? DEFAULT_SETTINGS.confidence,
    decision: {
      meets: settings.decision?.meets ?? DEFAULT_SETTINGS.decision.meets,
      below: settings.decision?.below ?? DEFAULT_SETTINGS.decision.below,
    },
    targetSD: settings.targetSD ?? DEFAULT_SETTINGS.targetSD,
    selfLeniency: settings.selfLeniency ?? DEFAULT_SETTINGS.selfLeniency,
    minPeers: settings.minPeers ?? DEFAULT_SETTINGS.minPeers,
    allowNotObserved: settings.allowNotObserved ?? DEFAULT_SETTINGS.allowNotObserved,
    form,
    inForm,
    inPlay,
    scored: [...scored].sort((a, b) => a - b),
    thresholds,
  };
}
