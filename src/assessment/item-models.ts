/**
 * Item response models, one per item type of the model format, and their default parameters.
 *
 * - frequency, anchored, evidence: graded response model (Samejima) over ordered categories;
 * - situational `best`: nominal response model (Bock) with option slopes from the expert key;
 * - situational `most-least`: the same utilities as a partial ranking (best first, then worst of
 *   the rest — a Plackett–Luce reading of the nominal model);
 * - situational `rate-each`: generalised partial credit model on how well the ratings agree with
 *   the key after removing the rater's own elevation and scatter (a correlation band);
 * - forced choice: a logistic (Thurstonian-style) comparison. Two behaviours of different
 *   competencies: P(first) = σ(a·((θ₁ − θ₂) − d)); two levels of one competency: P(higher) = σ(a·(θ − b)).
 *
 * Logistic metric throughout (D = 1). Defaults are derived from the option levels; `irt.a` and
 * `irt.b` in the model replace them.
 */
import { levelToTheta, scaleOf } from '../model/levels.js';
import type { Competency, Item, Model } from '../model/types.js';

export const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

/** Default slopes per item family (research notes §1.4: typical self-rating items a ≈ 1.2). */
export const DEFAULT_SLOPE = {
  frequency: 1.5,
  anchored: 1.8,
  evidence: 1.8,
  situational: 1,
  'forced-choice': 1,
} as const;

/** Spacing of default frequency thresholds, in θ units. */
export const FREQUENCY_THRESHOLD_SPACING = 0.75;
/** Expert agreement assumed for a situational option that does not state one. */
export const DEFAULT_AGREEMENT = 0.7;
/** Correlation bands (with the expert key) that make the rate-each categories 0–4. */
export const RATE_EACH_BANDS = [0, 0.4, 0.7, 0.9] as const;
/** Default rate-each step offsets around the item's location. */
export const RATE_EACH_STEPS = [-1.05, -0.35, 0.35, 1.05] as const;

// ---------------------------------------------------------------------------------------------
// Probability functions behind `responseFunction` (item information is taken from these by the bank:
// `Bank.information`)

/** Generalised partial credit model: steps b_1…b_{K−1}; category k has Σ_{v≤k} a(θ − b_v). */
export function gpcmProbabilities(a: number, steps: ArrayLike<number>, theta: number): number[] {
  const z = [0];
  for (let v = 0; v < steps.length; v++) z.push(z[v]! + a * (theta - steps[v]!));
  return softmax(z);
}

/** Nominal response model: P_k ∝ exp(s_k θ + c_k). */
export function nominalProbabilities(slopes: ArrayLike<number>, intercepts: ArrayLike<number>, theta: number): number[] {
  const z: number[] = [];
  for (let k = 0; k < slopes.length; k++) z.push(slopes[k]! * theta + intercepts[k]!);
  return softmax(z);
}

/** P(most = m, least = l): best of all options, then worst of the rest, by the same utilities. */
export function mostLeastProbability(slopes: ArrayLike<number>, intercepts: ArrayLike<number>, theta: number, most: number, least: number): number {
  if (most === least) return 0;
  const u: number[] = [];
  for (let k = 0; k < slopes.length; k++) u.push(slopes[k]! * theta + intercepts[k]!);
  const pMost = softmax(u)[most]!;
  const rest = u.map((x, k) => (k === most ? Number.NEGATIVE_INFINITY : -x));
  return pMost * softmax(rest)[least]!;
}

function softmax(z: readonly number[]): number[] {
  let max = Number.NEGATIVE_INFINITY;
  for (const x of z) if (x > max) max = x;
  const e = z.map((x) => (x === Number.NEGATIVE_INFINITY ? 0 : Math.exp(x - max)));
  const total = e.reduce((s, x) => s + x, 0);
  return e.map((x) => x / total);
}

/** Pearson correlation band of rate-each ratings against the key: 0 (contrary) … 4 (agrees closely). */
export function rateEachCategory(ratings: readonly number[], key: ArrayLike<number>): number {
  const n = ratings.length;
  let mr = 0;
  let mk = 0;
  for (let i = 0; i < n; i++) {
    mr += ratings[i]!;
    mk += key[i]!;
  }
  mr /= n;
  mk /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const x = ratings[i]! - mr;
    const y = key[i]! - mk;
    sxy += x * y;
    sxx += x * x;
    syy += y * y;
  }
  // Rating every option alike tells the options apart no better than chance: correlation 0.
  const r = sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
  let category = 0;
  for (const band of RATE_EACH_BANDS) if (r >= band - 1e-12) category++;
  return category;
}

// ---------------------------------------------------------------------------------------------
// Resolved parameters of a model item

export type ItemKind = 'graded' | 'partial-credit' | 'nominal' | 'most-least' | 'pair' | 'pair-between';

/** P(outcome | x) for the item's outcomes, where x is θ (or θ₁ − θ₂ for `pair-between`). */
export interface ResponseFunction {
  readonly outcomes: number;
  probabilities(x: number, out: Float64Array): void;
}

export interface ItemParameters {
  kind: ItemKind;
  /** Slope (graded, partial credit, pairs) or the scale of the option slopes (nominal, most-least). */
  a: number;
  /** GRM thresholds, GPCM steps, the pair's location/offset, or [location] for nominal items. */
  b: number[];
  /** Nominal and most-least: the option slopes. */
  slopes?: number[];
  intercepts?: number[];
  /** Graded items: outcome (category) of each option or rubric entry, in option order. */
  optionCategory?: number[];
  /** Rate-each: the agreement-weighted expert key. */
  key?: number[];
  /** Forced choice: index of the competency of each option (pair-between) and of the higher option (pair). */
  pairCompetencies?: [string, string];
  higherOption?: number;
}

function competencyScale(model: Model, byId: Map<string, Competency>, id: string) {
  return scaleOf(model, byId.get(id));
}

/**
 * The response model of one item with defaults filled in. Throws a RangeError with the item's path
 * when the item cannot be scored (the model validator catches these first; this guards library use).
 */
export function itemParameters(model: Model, item: Item, byId: Map<string, Competency> = new Map(model.competencies.map((c) => [c.id, c]))): ItemParameters {
  const a = item.irt?.a ?? DEFAULT_SLOPE[item.type];
  const givenB = item.irt?.b;
  const scale = competencyScale(model, byId, item.competency);
  switch (item.type) {
    case 'frequency': {
      const categories = (model.frequencyScale ?? [0, 0, 0, 0, 0]).length;
      const centre = levelToTheta(scale, item.level);
      const b = givenB ?? Array.from({ length: categories - 1 }, (_, k) => centre + (k - (categories - 2) / 2) * FREQUENCY_THRESHOLD_SPACING);
      expectLength(item, b, categories - 1, 'thresholds');
      return { kind: 'graded', a, b: [...b] };
    }
    case 'anchored':
    case 'evidence': {
      const levels = item.type === 'anchored' ? item.options.map((o) => o.level) : item.rubric.map((r) => r.level);
      const distinct = [...new Set(levels)].sort((x, y) => x - y);
      const thetas = distinct.map((l) => levelToTheta(scale, l));
      const b = givenB ?? thetas.slice(1).map((t, k) => (t + thetas[k]!) / 2);
      expectLength(item, b, distinct.length - 1, 'thresholds');
      return { kind: 'graded', a, b: [...b], optionCategory: levels.map((l) => distinct.indexOf(l)) };
    }
    case 'situational': {
      const agreement = item.options.map((o) => o.agreement ?? DEFAULT_AGREEMENT);
      const mean = item.options.reduce((s, o) => s + o.effectiveness, 0) / item.options.length;
      const key = item.options.map((o, k) => mean + agreement[k]! * (o.effectiveness - mean));
      if (item.format === 'rate-each') {
        const steps = givenB === undefined ? RATE_EACH_STEPS.map((s) => s) : givenB.length === 1 ? RATE_EACH_STEPS.map((s) => s + givenB[0]!) : [...givenB];
        if (steps.length !== RATE_EACH_STEPS.length) {
          throw new RangeError(`item "${item.id}": irt.b of a rate-each item is its location (1 value) or its ${RATE_EACH_STEPS.length} steps, got ${steps.length}`);
        }
        return { kind: 'partial-credit', a, b: steps, key };
      }
      const location = givenB?.[0] ?? 0;
      if (givenB !== undefined && givenB.length !== 1) throw new RangeError(`item "${item.id}": irt.b of a "${item.format}" item is its location (1 value), got ${givenB.length}`);
      const slopes = key.map((k) => a * (k - mean));
      return { kind: item.format === 'best' ? 'nominal' : 'most-least', a, b: [location], slopes, intercepts: slopes.map((s) => -s * location) };
    }
    case 'forced-choice': {
      const [first, second] = item.options;
      const c0 = first.competency ?? item.competency;
      const c1 = second.competency ?? item.competency;
      const t0 = levelToTheta(competencyScale(model, byId, c0), first.level);
      const t1 = levelToTheta(competencyScale(model, byId, c1), second.level);
      if (givenB !== undefined && givenB.length !== 1) throw new RangeError(`item "${item.id}": irt.b of a forced-choice item has 1 value, got ${givenB.length}`);
      if (c0 === c1) {
        return { kind: 'pair', a, b: [givenB?.[0] ?? (t0 + t1) / 2], higherOption: first.level > second.level ? 0 : 1, pairCompetencies: [c0, c1] };
      }
      return { kind: 'pair-between', a, b: [givenB?.[0] ?? t0 - t1], pairCompetencies: [c0, c1] };
    }
  }
}

function expectLength(item: Item, b: readonly number[], expected: number, what: string): void {
  if (b.length !== expected) throw new RangeError(`item "${item.id}": irt.b has ${b.length} ${what}, expected ${expected}`);
}

/** The response function of resolved parameters. */
export function responseFunction(p: ItemParameters): ResponseFunction {
  switch (p.kind) {
    case 'graded':
      // Samejima: K = b.length + 1 ordered categories, b ascending; P(X ≥ k) = σ(a(θ − b_k)).
      return {
        outcomes: p.b.length + 1,
        probabilities(x, out) {
          let above = 1;
          for (let k = 0; k <= p.b.length; k++) {
            const next = k < p.b.length ? logistic(p.a * (x - p.b[k]!)) : 0;
            out[k] = above - next;
            above = next;
          }
        },
      };
    case 'partial-credit':
      return fromArray(p.b.length + 1, (x) => gpcmProbabilities(p.a, p.b, x));
    case 'nominal':
      return fromArray(p.slopes!.length, (x) => nominalProbabilities(p.slopes!, p.intercepts!, x));
    case 'most-least': {
      const n = p.slopes!.length;
      return {
        outcomes: n * n,
        probabilities(x, out) {
          for (let m = 0; m < n; m++) for (let l = 0; l < n; l++) out[m * n + l] = mostLeastProbability(p.slopes!, p.intercepts!, x, m, l);
        },
      };
    }
    case 'pair': {
      const higher = p.higherOption!;
      return {
        outcomes: 2,
        probabilities(x, out) {
          const up = logistic(p.a * (x - p.b[0]!));
          out[higher] = up;
          out[1 - higher] = 1 - up;
        },
      };
    }
    case 'pair-between':
      return {
        outcomes: 2,
        probabilities(x, out) {
          const first = logistic(p.a * (x - p.b[0]!));
          out[0] = first;
          out[1] = 1 - first;
        },
      };
  }
}

function fromArray(outcomes: number, f: (x: number) => number[]): ResponseFunction {
  return {
    outcomes,
    probabilities(x, out) {
      const values = f(x);
      for (let k = 0; k < outcomes; k++) out[k] = values[k]!;
    },
  };
}
