/**
 * Simulated learners answering through the engine: the check that the adaptive assessment finds
 * what is true. Two settings (docs/assessment.md, "Simulation"): the engine's own assumptions
 * (`ON_MODEL`: what the engine believes about people, raters and items) and, by default, a documented
 * setting off them (`OFF_MODEL`): a population with its own mean, spread and correlation whatever the
 * model's `related` says; honest, inflated and deflated self-views (a person-level term plus noise per
 * competency); raters with their own leniency shared across competencies; item parameters that stray
 * from the engine's. Seeded: the same options give the same report.
 */
import type { Model, Rater } from '../model/types.js';
import { bankFor, type Bank, type BankItem } from './bank.js';
import { cholesky } from './correlation.js';
import { DEFAULT_SETTINGS } from './config.js';
import { rateEachCategory, responseFunction, type ItemParameters, type ResponseFunction } from './item-models.js';
import { FUSION } from './posterior.js';
import { POPULATION_SD } from './grid.js';
import { decisionOf, DEFAULT_DECISION } from './decision.js';
import { mixSeed, Random } from './random.js';
import { fuseAssessments, startAssessment } from './session.js';
import type { AssessmentResults, AssessmentSession, Response, StopReason } from './types.js';

export type PopulationShape = 'normal' | 'skewed' | 'bimodal';

/** Who the simulated learners are, and how they and their raters answer. */
export interface SimulationSetting {
  /**
   * True θ per competency with this mean and SD; any two competencies correlated by `correlation`
   * (undefined: the model's `related`, shrunk as the engine assumes). `shape` (default normal):
   * `skewed` — a long right tail (standardised log-normal, skewness about 1.75: most people low, a
   * few far above); `bimodal` — two cohorts at ∓0.9 SD (new starters and seniors), the cohort a
   * trait of the person shared by all their competencies, each competency SD 0.44 around it.
   */
  population: { mean: number; sd: number; correlation?: number; shape?: PopulationShape };
  /**
   * Self-views: `engine` draws the learner's bias and the per-competency rest from the engine's own
   * priors (FUSION); otherwise a mixture of honest, inflated and deflated people (shares), each with a
   * person-level term N(±shift, personSD²) (0 for the honest) and N(0, competencySD²) per competency —
   * beyond the model's average `selfLeniency`, which every self-view also has.
   */
  selfViews: 'engine' | { honest: number; inflated: number; deflated: number; shift: number; personSD: number; competencySD: number };
  /**
   * Each manager's or peer's leniency: N(mean, sd²) for the rater, shared by every competency, plus
   * N(0, competencySD²) per competency, plus (`sharedSD`) N(0, sharedSD²) per competency shared by
   * all of a learner's raters, plus (`commonSD`) N(0, commonSD²) shared by all of a learner's raters on
   * every competency (beyond `mean`, which every learner's raters share).
   */
  raters: { mean: number; sd: number; competencySD: number; sharedSD?: number; commonSD?: number };
  /** How far the items' true parameters stray from the engine's (multiple of SIMULATION_DEFAULTS.itemNoise; 0 = exactly). */
  itemNoise: number;
}

/** The engine's own assumptions: how `pathway simulate --on-model` draws learners (figures `….onModel`). */
export const ON_MODEL: SimulationSetting = {
  population: { mean: 0, sd: POPULATION_SD },
  selfViews: 'engine',
  raters: { mean: 0, sd: FUSION.raterSD, competencySD: FUSION.raterNoiseSD, sharedSD: FUSION.sharedRaterSD, commonSD: FUSION.commonRaterSD },
  itemNoise: 0,
};

/**
 * The default: a documented setting off the engine's assumptions. A population a little above the
 * scale's centre and wider than N(0, 1), competencies correlated 0.3 whatever `related` says; half the
 * people see themselves as others do, 30 % inflate by about 0.8 θ across the board and 20 % deflate
 * by as much; raters lenient by 0.2 θ on average (SD 0.4, their own, on every competency); items off
 * the engine's parameters by the default item noise.
 */
export const OFF_MODEL: SimulationSetting = {
  population: { mean: 0.3, sd: 1.15, correlation: 0.3 },
  selfViews: { honest: 0.5, inflated: 0.3, deflated: 0.2, shift: 0.8, personSD: 0.25, competencySD: 0.35 },
  raters: { mean: 0.2, sd: 0.4, competencySD: 0.25 },
  itemNoise: 1,
};

/**
 * More populations off the engine's assumptions, each straying from OFF_MODEL in one further way, so
 * that the bench shows where the engine breaks (figures `assess.<model>.….<variant>`): a skewed
 * population (a long right tail), a bimodal one (new starters and seniors in one cohort), most people
 * underrating themselves by a whole level, harsh raters, items twice as far off, and competencies
 * that are not correlated at all.
 */
export const OFF_MODEL_VARIANTS = {
  skewed: { ...OFF_MODEL, population: { mean: 0, sd: 1.2, correlation: 0.3, shape: 'skewed' } },
  bimodal: { ...OFF_MODEL, population: { mean: 0.3, sd: 1.3, correlation: 0.3, shape: 'bimodal' } },
  deflating: { ...OFF_MODEL, selfViews: { honest: 0.3, inflated: 0.1, deflated: 0.6, shift: 1, personSD: 0.3, competencySD: 0.35 } },
  harshRaters: { ...OFF_MODEL, raters: { mean: -0.4, sd: 0.5, competencySD: 0.3 } },
  driftedItems: { ...OFF_MODEL, itemNoise: 2 },
  uncorrelated: { ...OFF_MODEL, population: { mean: 0.3, sd: 1.15, correlation: 0 } },
} as const satisfies Record<string, SimulationSetting>;

export interface SimulationOptions {
  learners?: number;
  seed?: number;
  /** Everyone holds this role (default: each learner a role drawn at random). */
  currentRole?: string;
  /** Default: the current role's `next`. */
  targetRole?: string;
  modes?: readonly ('adaptive' | 'fixed')[];
  /** Who rates each learner besides the learner: e.g. { manager: 1, peer: 3 }. Default: self only. */
  observers?: { manager?: number; peer?: number };
  /** Overrides of the model's limits for the adaptive sessions (e.g. half the items, no time budget). */
  maxItems?: number;
  maxMinutes?: number;
  /** Default OFF_MODEL; parts given here replace its parts. */
  setting?: Partial<SimulationSetting>;
  /** Shorthand for setting.itemNoise. */
  itemNoise?: number;
}

export const SIMULATION_DEFAULTS = {
  learners: 300,
  seed: 1,
  /**
   * True item parameters around the engine's (defaults or the model's `irt`), drawn once per
   * simulation: slopes × exp(N(0, slopeLogSD²)); the whole item shifted by N(0, locationSD²) on θ;
   * situational options' utilities off the expert key by N(0, (optionSD · a)²) each.
   */
  itemNoise: { slopeLogSD: 0.25, locationSD: 0.25, optionSD: 0.25 },
} as const;

export type SelfViewGroup = 'honest' | 'inflated' | 'deflated';

/** One row of the reliability table: requirements whose P(meets) fell in [from, to). */
export interface ReliabilityBin {
  from: number;
  to: number;
  n: number;
  /** Mean P(meets) in the bin, and the share that truly met the requirement. */
  predicted: number;
  observed: number;
}

export interface ModeSummary {
  mode: 'adaptive' | 'fixed';
  items: { mean: number; p95: number; max: number };
  minutes: { mean: number; p95: number };
  accuracy: {
    current: number | undefined;
    target: number | undefined;
    overall: number;
    /** What the engine expects its accuracy to be: the mean of max(pMeets, 1 − pMeets) (calibration check). */
    expected: number;
  };
  /** Mean items per self-assessment: self-report (frequency, anchored) and everything else (situational, forced choice, evidence). */
  sources: { selfReport: number; other: number };
  /** Mean items answered per manager and per peer form (0 when the form is empty or there are none). */
  observerItems: { manager: number; peer: number };
  /** Decisions made with at least the confidence setting, and how often those were right. */
  confident: { share: number; accuracy: number };
  /**
   * The three-way decisions: share of requirements decided (meets or below), how often those were
   * right, and how often the engine expected them to be (mean of max(pMeets, 1 − pMeets) among them).
   */
  decided: { share: number; accuracy: number; expected: number };
  /** Share of 90 % intervals holding the true θ, overall and per self-view group. */
  coverage90: { overall: number; byGroup: Partial<Record<SelfViewGroup, number>>; minGroup: number };
  /** Reliability of P(meets): ten bins, and the Brier score. */
  reliability: { bins: ReliabilityBin[]; brier: number };
  rmse: number;
  correlation: number;
  /**
   * `withOtherEvidence`: share of the blind spots whose competency got at least one item that is not
   * self-report. `detectionAtTenPercent`: the share found by the flag threshold that gives (at most)
   * 10% false alarms in this run — what the evidence allows, whatever the threshold.
   */
  blindSpot: { detection: number | undefined; falseAlarm: number; cases: number; withOtherEvidence: number | undefined; detectionAtTenPercent: number | undefined; auc: number | undefined };
  hiddenStrength: { detection: number | undefined; falseAlarm: number; cases: number };
  stopReasons: Partial<Record<StopReason, number>>;
  /** Longest saved state, in characters. */
  stateChars: number;
}

export interface SimulationReport {
  model: { id: string; version: string };
  learners: number;
  seed: number;
  roles: string;
  observers: { manager: number; peer: number };
  settings: { selfLeniency: number; confidence: number; decision: { meets: number; below: number }; itemNoise: number; onModel: boolean; setting: SimulationSetting };
  /** Raters whose form in this model has no items (they can add nothing): e.g. peers when no item has observer wording. */
  emptyForms: Rater[];
  modes: ModeSummary[];
}

/** A simulated learner's truth (exported with `score` and `summarise` for simulate-scoring.test.ts). */
export interface Learner {
  theta: Float64Array;
  /** Self-view minus truth, beyond the average leniency: the person-level term plus the competency's own. */
  bias: Float64Array;
  group: SelfViewGroup;
  currentRole: string | undefined;
  targetRole: string | undefined;
}

/** True proficiencies: N(0, R) with R from the model's related competencies, or equicorrelated. */
export function drawThetas(bank: Bank, population: SimulationSetting['population'], rng: Random): Float64Array {
  const theta = new Float64Array(bank.competencies.length);
  for (let c = 0; c < theta.length; c++) theta[c] = rng.normal();
  if (population.correlation !== undefined) {
    const r = population.correlation;
    const shared = rng.normal();
    for (let c = 0; c < theta.length; c++) theta[c] = Math.sqrt(r) * shared + Math.sqrt(1 - r) * theta[c]!;
  } else {
    for (const group of bank.groups) {
      const d = group.members.length;
      const l = cholesky(group.correlation, d)!;
      const z = group.members.map((c) => theta[c]!);
      group.members.forEach((c, i) => {
        let v = 0;
        for (let k = 0; k <= i; k++) v += l[i * d + k]! * z[k]!;
        theta[c] = v;
      });
    }
  }
  const shape = population.shape ?? 'normal';
  // Both shapes keep mean 0 and SD 1 before the population's own mean and SD are applied.
  const cohort = shape === 'bimodal' ? (rng.next() < 0.5 ? -BIMODAL.centre : BIMODAL.centre) : 0;
  for (let c = 0; c < theta.length; c++) {
    const z = theta[c]!;
    const standard = shape === 'skewed' ? (Math.exp(SKEW_LOG_SD * z) - SKEW.mean) / SKEW.sd : shape === 'bimodal' ? cohort + BIMODAL.spread * z : z;
    theta[c] = population.mean + population.sd * standard;
  }
  return theta;
}

/** The skewed shape: exp(σz) standardised (σ = 0.5). */
const SKEW_LOG_SD = 0.5;
const SKEW = { mean: Math.exp(SKEW_LOG_SD ** 2 / 2), sd: Math.sqrt((Math.exp(SKEW_LOG_SD ** 2) - 1) * Math.exp(SKEW_LOG_SD ** 2)) };
/** The bimodal shape: cohorts at ±0.9 with spread √0.19 around each (variance 0.81 + 0.19 = 1). */
const BIMODAL = { centre: 0.9, spread: Math.sqrt(0.19) };

/** A draw from a mixture of centred normals. */
function mixtureNormal(parts: readonly { sd: number; share: number }[], rng: Random): number {
  let u = rng.next();
  for (const p of parts) {
    if (u < p.share) return p.sd * rng.normal();
    u -= p.share;
  }
  return parts[parts.length - 1]!.sd * rng.normal();
}

/** One simulated learner: true levels, self-view, group and roles (exported for simulate-draws.test.ts). */
export function drawLearner(bank: Bank, options: SimulationOptions, setting: SimulationSetting, rng: Random): Learner {
  const theta = drawThetas(bank, setting.population, rng);
  const bias = new Float64Array(theta.length);
  let group: SelfViewGroup;
  const views = setting.selfViews;
  if (views === 'engine') {
    const person = mixtureNormal(FUSION.selfBias, rng);
    const { typicalSD, atypicalSD, atypicalShare } = FUSION.selfView;
    for (let c = 0; c < bias.length; c++) bias[c] = person + mixtureNormal([{ sd: typicalSD, share: 1 - atypicalShare }, { sd: atypicalSD, share: atypicalShare }], rng);
    // The engine's prior has no groups: name them by the person-level term.
    group = person > 0.25 ? 'inflated' : person < -0.25 ? 'deflated' : 'honest';
  } else {
    const u = rng.next() * (views.honest + views.inflated + views.deflated);
    group = u < views.honest ? 'honest' : u < views.honest + views.inflated ? 'inflated' : 'deflated';
    const person = (group === 'inflated' ? views.shift : group === 'deflated' ? -views.shift : 0) + views.personSD * rng.normal();
    for (let c = 0; c < bias.length; c++) bias[c] = person + views.competencySD * rng.normal();
  }
  const roles = bank.model.roles;
  const currentRole = options.currentRole ?? roles[rng.below(roles.length)]!.id;
  const targetRole = options.targetRole ?? bank.roles.get(currentRole)!.next;
  return { theta, bias, group, currentRole, targetRole };
}

/**
 * The items' true response functions: the engine's parameters with noise (SIMULATION_DEFAULTS.itemNoise
 * × `scale`), drawn once per simulation, so that the engine is not graded on its own exact model.
 */
export function trueResponseFunctions(bank: Bank, scale: number, rng: Random): ResponseFunction[] {
  const { slopeLogSD, locationSD, optionSD } = SIMULATION_DEFAULTS.itemNoise;
  return bank.items.map((item) => {
    if (scale === 0) return item.fn;
    const p = item.params;
    const factor = Math.exp(scale * slopeLogSD * rng.normal());
    const shift = scale * locationSD * rng.normal();
    const truth: ItemParameters = { ...p, a: p.a * factor, b: p.b.map((b) => b + shift) };
    if (p.slopes) {
      // Nominal items: the slopes are the expert key's utilities; experts are not exactly right.
      const location = p.b[0]! + shift;
      truth.slopes = p.slopes.map((s) => s * factor + scale * optionSD * p.a * rng.normal());
      truth.intercepts = truth.slopes.map((s) => -s * location);
    }
    return responseFunction(truth);
  });
}

/** Draws an answer to `item` from a response function for a rater who sees the learner at `shift` from the truth. */
export function drawResponse(item: BankItem, fn: ResponseFunction, theta: Float64Array, shift: number, rng: Random): Response {
  const x = item.pair ? theta[item.pair[0]]! - theta[item.pair[1]]! : theta[item.competency]! + shift;
  const p = new Float64Array(item.outcomes);
  fn.probabilities(x, p);
  const outcome = rng.pick(p);
  return responseFor(item, outcome, rng);
}

/** A response whose outcome is `outcome` (for rate-each: ratings in that agreement band). */
export function responseFor(item: BankItem, outcome: number, rng: Random): Response {
  const id = item.id;
  const params = item.params;
  switch (params.kind) {
    case 'graded': {
      if (!params.optionCategory) return { item: id, choice: outcome };
      const options = params.optionCategory.flatMap((c, k) => (c === outcome ? [k] : []));
      return { item: id, choice: options[rng.below(options.length)]! };
    }
    case 'most-least': {
      const n = params.slopes!.length;
      return { item: id, most: Math.floor(outcome / n), least: outcome % n };
    }
    case 'partial-credit':
      return { item: id, ratings: ratingsIn(params.key!, outcome, rng) };
    default:
      return { item: id, choice: outcome };
  }
}

/** Ratings 1–5 whose agreement with the key falls in `category`; the nearest band reachable otherwise. */
function ratingsIn(key: readonly number[], category: number, rng: Random): number[] {
  const mean = key.reduce((s, k) => s + k, 0) / key.length;
  let best: number[] = key.map(() => 3);
  let bestDistance = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 400; attempt++) {
    const t = -1.5 + 3 * rng.next();
    const noise = 0.3 + rng.next();
    const ratings = key.map((k) => Math.min(5, Math.max(1, Math.round(3 + 1.5 * t * (k - mean) + noise * rng.normal()))));
    const distance = Math.abs(rateEachCategory(ratings, key) - category);
    if (distance < bestDistance) {
      best = ratings;
      bestDistance = distance;
      if (distance === 0) break;
    }
  }
  return best;
}

export interface Tally {
  items: number[];
  seconds: number[];
  correct: { current: number; currentN: number; target: number; targetN: number };
  confident: { n: number; correct: number; total: number };
  decided: { n: number; correct: number; expected: number };
  coverage: Record<SelfViewGroup | 'all', { hits: number; n: number }>;
  bins: { n: number; predicted: number; observed: number }[];
  brier: number;
  expected: number;
  selfItems: number[];
  otherItems: number[];
  observerItems: { manager: number[]; peer: number[] };
  errors: number[];
  estimates: number[];
  truths: number[];
  bs: { hits: number; cases: number; falseAlarms: number; nonCases: number; withOther: number; pCases: number[]; pNonCases: number[] };
  hs: { hits: number; cases: number; falseAlarms: number; nonCases: number };
  stops: Partial<Record<StopReason, number>>;
  stateChars: number;
}

/**
 * One learner's raters' leniencies, per rater and competency: what all of this learner's raters share
 * (`mean` plus `commonSD`, and `sharedSD` per competency), each rater's own on every competency (`sd`),
 * and a little per rater and competency (`competencySD`).
 */
export function drawRaterShifts(competencies: number, raters: number, spec: SimulationSetting['raters'], rng: Random): Float64Array[] {
  const sharedSD = spec.sharedSD ?? 0;
  const shared = Float64Array.from({ length: competencies }, () => (sharedSD > 0 ? sharedSD * rng.normal() : 0));
  const commonSD = spec.commonSD ?? 0;
  const common = spec.mean + (commonSD > 0 ? commonSD * rng.normal() : 0);
  return Array.from({ length: raters }, () => {
    const own = common + spec.sd * rng.normal();
    return Float64Array.from(shared, (s) => own + s + spec.competencySD * rng.normal());
  });
}

export function emptyTally(): Tally {
  return {
    items: [],
    seconds: [],
    correct: { current: 0, currentN: 0, target: 0, targetN: 0 },
    confident: { n: 0, correct: 0, total: 0 },
    decided: { n: 0, correct: 0, expected: 0 },
    coverage: { all: { hits: 0, n: 0 }, honest: { hits: 0, n: 0 }, inflated: { hits: 0, n: 0 }, deflated: { hits: 0, n: 0 } },
    bins: Array.from({ length: 10 }, () => ({ n: 0, predicted: 0, observed: 0 })),
    brier: 0,
    expected: 0,
    selfItems: [],
    otherItems: [],
    observerItems: { manager: [], peer: [] },
    errors: [],
    estimates: [],
    truths: [],
    bs: { hits: 0, cases: 0, falseAlarms: 0, nonCases: 0, withOther: 0, pCases: [], pNonCases: [] },
    hs: { hits: 0, cases: 0, falseAlarms: 0, nonCases: 0 },
    stops: {},
    stateChars: 0,
  };
}

interface SessionRun {
  seconds: number;
  /** Items per competency that are not self-report (a forced choice between two counts for both). */
  other: Int32Array;
  selfReport: number;
}

/**
 * Runs one rater's session to the end, answering as that rater sees the learner (`raterShift`: a
 * manager's or peer's leniency on each competency).
 */
function runSession(bank: Bank, fns: readonly ResponseFunction[], session: AssessmentSession, learner: Learner, rater: Rater, raterShift: Float64Array | undefined, selfLeniency: number, rng: Random): SessionRun {
  const run: SessionRun = { seconds: 0, other: new Int32Array(bank.competencies.length), selfReport: 0 };
  for (let step = session.next(); step; step = session.next()) {
    const item = bank.items[bank.itemIndex.get(step.itemId)!]!;
    const shift = rater === 'self' ? (item.selfReport ? selfLeniency + learner.bias[item.competency]! : 0) : raterShift![item.competency]!;
    session.answer(drawResponse(item, fns[item.index]!, learner.theta, shift, rng));
    run.seconds += item.seconds;
    if (item.selfReport) run.selfReport++;
    else for (const c of item.pair ?? [item.competency]) run.other[c]!++;
  }
  return run;
}

/** Scores one learner's results against their truth into the tally. */
export function score(bank: Bank, learner: Learner, results: AssessmentResults, other: Int32Array, tally: Tally, confidence: number): void {
  for (const r of results.competencies) {
    const c = bank.competencyIndex.get(r.competency)!;
    const truth = learner.theta[c]!;
    for (const check of [r.current, r.target]) {
      if (!check) continue;
      const meets = truth >= check.threshold;
      const right = check.pMeets >= 0.5 === meets;
      tally.brier += (check.pMeets - (meets ? 1 : 0)) ** 2;
      const bin = tally.bins[Math.min(9, Math.floor(check.pMeets * 10))]!;
      bin.n++;
      bin.predicted += check.pMeets;
      if (meets) bin.observed++;
      const decision = decisionOf(check);
      if (decision !== 'unsure') {
        tally.decided.n++;
        tally.decided.expected += Math.max(check.pMeets, 1 - check.pMeets);
        if ((decision === 'meets') === meets) tally.decided.correct++;
      }
      if (check === r.current) {
        tally.correct.currentN++;
        if (right) tally.correct.current++;
      } else {
        tally.correct.targetN++;
        if (right) tally.correct.target++;
      }
      tally.confident.total++;
      tally.expected += Math.max(check.pMeets, 1 - check.pMeets);
      // 1 − pMeets, not pMeets ≤ 1 − confidence: 1 − 0.9 is 0.09999999999999998, so P(meets) 0.1 was not counted.
      if (check.pMeets >= confidence || 1 - check.pMeets >= confidence) {
        tally.confident.n++;
        if (right) tally.confident.correct++;
      }
    }
    if (!r.current && !r.target) continue;
    const covered = r.interval90[0] <= truth && truth <= r.interval90[1] ? 1 : 0;
    for (const g of ['all', learner.group] as const) {
      tally.coverage[g].n++;
      tally.coverage[g].hits += covered;
    }
    tally.errors.push(r.theta - truth);
    tally.estimates.push(r.theta);
    tally.truths.push(truth);
    const bias = learner.bias[c]!;
    const flag = r.selfOther?.flag;
    // The product's definition, with the truth in place of the other evidence: a self-view more than
    // the margin (half a level) above the truth, beyond the average leniency the engine removes.
    const blind = bias > FUSION.margin;
    const hidden = bias < -FUSION.margin;
    const pOver = r.selfOther?.pOverestimate ?? 0;
    if (blind) {
      tally.bs.cases++;
      tally.bs.pCases.push(pOver);
      if (other[c]! > 0) tally.bs.withOther++;
    } else {
      tally.bs.nonCases++;
      tally.bs.pNonCases.push(pOver);
    }
    if (flag === 'blind-spot') blind ? tally.bs.hits++ : tally.bs.falseAlarms++;
    if (hidden) tally.hs.cases++;
    else tally.hs.nonCases++;
    if (flag === 'hidden-strength') hidden ? tally.hs.hits++ : tally.hs.falseAlarms++;
  }
}

/**
 * Share of cases flagged by the lowest probability threshold that flags at most `falseAlarms` of the
 * non-cases (ties at the threshold count as flagged, so the threshold is strictly above the
 * non-case probability that would exceed the rate).
 */
export function detectionAt(cases: readonly number[], nonCases: readonly number[], falseAlarms: number): number | undefined {
  if (cases.length === 0) return undefined;
  const sorted = [...nonCases].sort((a, b) => b - a);
  const allowed = Math.floor(falseAlarms * sorted.length);
  // Flag p > cut: the (allowed + 1)-th highest non-case probability is the first that must stay unflagged.
  const cut = allowed < sorted.length ? sorted[allowed]! : Number.NEGATIVE_INFINITY;
  return cases.filter((p) => p > cut).length / cases.length;
}

/** Area under the ROC curve of P(blind spot): the chance a case scores above a non-case (ties half). */
export function rocArea(cases: readonly number[], nonCases: readonly number[]): number | undefined {
  if (cases.length === 0 || nonCases.length === 0) return undefined;
  const all = [...cases.map((p) => ({ p, c: 1 })), ...nonCases.map((p) => ({ p, c: 0 }))].sort((a, b) => a.p - b.p);
  // Mann–Whitney: sum of the cases' mid-ranks.
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j]!.p === all[i]!.p) j++;
    const mid = (i + j + 1) / 2;
    for (let k = i; k < j; k++) if (all[k]!.c) rankSum += mid;
    i = j;
  }
  return (rankSum - (cases.length * (cases.length + 1)) / 2) / (cases.length * nonCases.length);
}

export function summarise(mode: 'adaptive' | 'fixed', t: Tally): ModeSummary {
  const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
  const p95 = (xs: number[]): number => {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? 0;
  };
  const ratio = (a: number, b: number): number | undefined => (b > 0 ? a / b : undefined);
  const me = mean(t.estimates);
  const mt = mean(t.truths);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  t.estimates.forEach((e, i) => {
    sxy += (e - me) * (t.truths[i]! - mt);
    sxx += (e - me) ** 2;
    syy += (t.truths[i]! - mt) ** 2;
  });
  const decisions = t.correct.currentN + t.correct.targetN;
  const groups = (['honest', 'inflated', 'deflated'] as const).filter((g) => t.coverage[g].n > 0);
  const byGroup = Object.fromEntries(groups.map((g) => [g, t.coverage[g].hits / t.coverage[g].n])) as Partial<Record<SelfViewGroup, number>>;
  return {
    mode,
    items: { mean: mean(t.items), p95: p95(t.items), max: Math.max(0, ...t.items) },
    minutes: { mean: mean(t.seconds) / 60, p95: p95(t.seconds) / 60 },
    accuracy: {
      current: ratio(t.correct.current, t.correct.currentN),
      target: ratio(t.correct.target, t.correct.targetN),
      overall: decisions > 0 ? (t.correct.current + t.correct.target) / decisions : 0,
      expected: t.expected / Math.max(1, decisions),
    },
    sources: { selfReport: mean(t.selfItems), other: mean(t.otherItems) },
    observerItems: { manager: t.observerItems.manager.length ? mean(t.observerItems.manager) : 0, peer: t.observerItems.peer.length ? mean(t.observerItems.peer) : 0 },
    confident: { share: t.confident.n / Math.max(1, t.confident.total), accuracy: t.confident.correct / Math.max(1, t.confident.n) },
    decided: { share: t.decided.n / Math.max(1, t.confident.total), accuracy: t.decided.correct / Math.max(1, t.decided.n), expected: t.decided.expected / Math.max(1, t.decided.n) },
    coverage90: { overall: t.coverage.all.hits / Math.max(1, t.coverage.all.n), byGroup, minGroup: Math.min(...groups.map((g) => byGroup[g]!)) },
    reliability: {
      bins: t.bins.map((b, k) => ({ from: k / 10, to: (k + 1) / 10, n: b.n, predicted: b.n > 0 ? b.predicted / b.n : 0, observed: b.n > 0 ? b.observed / b.n : 0 })),
      brier: t.brier / Math.max(1, t.confident.total),
    },
    rmse: Math.sqrt(mean(t.errors.map((e) => e * e))),
    correlation: sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0,
    blindSpot: {
      detection: ratio(t.bs.hits, t.bs.cases),
      falseAlarm: t.bs.falseAlarms / Math.max(1, t.bs.nonCases),
      cases: t.bs.cases,
      withOtherEvidence: ratio(t.bs.withOther, t.bs.cases),
      detectionAtTenPercent: detectionAt(t.bs.pCases, t.bs.pNonCases, 0.1),
      auc: rocArea(t.bs.pCases, t.bs.pNonCases),
    },
    hiddenStrength: { detection: ratio(t.hs.hits, t.hs.cases), falseAlarm: t.hs.falseAlarms / Math.max(1, t.hs.nonCases), cases: t.hs.cases },
    stopReasons: t.stops,
    stateChars: t.stateChars,
  };
}

/** Simulates `learners` learners through the engine in each mode and reports how well it found the truth. */
export function simulate(model: Model, options: SimulationOptions = {}): SimulationReport {
  const bank = bankFor(model);
  const learners = options.learners ?? SIMULATION_DEFAULTS.learners;
  const seed = options.seed ?? SIMULATION_DEFAULTS.seed;
  const modes = options.modes ?? ['adaptive', 'fixed'];
  const managers = options.observers?.manager ?? 0;
  const peers = options.observers?.peer ?? 0;
  const selfLeniency = model.assessment?.selfLeniency ?? DEFAULT_SETTINGS.selfLeniency;
  const confidence = model.assessment?.confidence ?? DEFAULT_SETTINGS.confidence;
  // Fail early and clearly on options that do not fit the model.
  startAssessment(model, { currentRole: options.currentRole ?? model.roles[0]!.id, ...(options.targetRole ? { targetRole: options.targetRole } : {}) });
  const target = options.currentRole !== undefined ? (options.targetRole ?? bank.roles.get(options.currentRole)?.next) : undefined;
  const tallies = new Map(modes.map((m) => [m, emptyTally()]));
  const setting: SimulationSetting = { ...OFF_MODEL, ...options.setting, ...(options.itemNoise !== undefined ? { itemNoise: options.itemNoise } : {}) };
  const itemNoise = setting.itemNoise;
  const fns = trueResponseFunctions(bank, itemNoise, new Random(mixSeed(seed, 0x17e5)));
  const observers: { rater: Rater; id: string }[] = [
    ...Array.from({ length: managers }, (_, k) => ({ rater: 'manager' as const, id: `m${k + 1}` })),
    ...Array.from({ length: peers }, (_, k) => ({ rater: 'peer' as const, id: `p${k + 1}` })),
  ];
  const emptyForms = (['manager', 'peer'] as const).filter((r) => (r === 'manager' ? managers : peers) > 0 && !bank.items.some((i) => i.raters.includes(r)));
  for (let n = 0; n < learners; n++) {
    const learner = drawLearner(bank, options, setting, new Random(mixSeed(seed, n, 1)));
    const shifts = drawRaterShifts(bank.competencies.length, observers.length, setting.raters, new Random(mixSeed(seed, n, 4)));
    for (const mode of modes) {
      const tally = tallies.get(mode)!;
      const rng = new Random(mixSeed(seed, n, mode === 'adaptive' ? 2 : 3));
      const roles = { ...(learner.currentRole ? { currentRole: learner.currentRole } : {}), ...(learner.targetRole ? { targetRole: learner.targetRole } : {}) };
      const limits = { ...(options.maxItems !== undefined ? { maxItems: options.maxItems } : {}), ...(options.maxMinutes !== undefined ? { maxMinutes: options.maxMinutes } : {}) };
      const self = startAssessment(model, { ...roles, ...limits, mode, seed: mixSeed(seed, n) | 0 });
      const run = runSession(bank, fns, self, learner, 'self', undefined, selfLeniency, rng);
      tally.items.push(self.responses.length);
      tally.seconds.push(run.seconds);
      tally.selfItems.push(run.selfReport);
      tally.otherItems.push(self.responses.length - run.selfReport);
      tally.stateChars = Math.max(tally.stateChars, self.serialize().length);
      const stop = self.stopReason!;
      tally.stops[stop] = (tally.stops[stop] ?? 0) + 1;
      let results = self.results();
      if (managers + peers > 0) {
        const states = [self.serialize()];
        for (const [k, o] of observers.entries()) {
          const s = startAssessment(model, { ...roles, ...limits, mode, rater: o.rater, raterId: o.id, seed: mixSeed(seed, n, o.id.length) | 0 });
          runSession(bank, fns, s, learner, o.rater, shifts[k], 0, rng);
          tally.observerItems[o.rater as 'manager' | 'peer'].push(s.responses.length);
          states.push(s.serialize());
        }
        results = fuseAssessments(model, states);
      }
      score(bank, learner, results, run.other, tally, confidence);
    }
  }
  return {
    model: { id: model.id, version: model.version },
    learners,
    seed,
    roles: options.currentRole ? `${options.currentRole}${target ? ` → ${target}` : ''}` : "drawn at random per learner (target: the role's next)",
    observers: { manager: managers, peer: peers },
    settings: {
      selfLeniency,
      confidence,
      decision: { meets: model.assessment?.decision?.meets ?? DEFAULT_DECISION.meets, below: model.assessment?.decision?.below ?? DEFAULT_DECISION.below },
      itemNoise,
      onModel: setting === ON_MODEL || JSON.stringify(setting) === JSON.stringify(ON_MODEL),
      setting,
    },
    emptyForms,
    modes: modes.map((m) => summarise(m, tallies.get(m)!)),
  };
}
