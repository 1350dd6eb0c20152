/**
 * A model compiled for scoring: items with resolved parameters and probability tables on the θ
 * grid, competency indices, role thresholds, correlation groups and the model's fingerprint.
 * Compiled once per model object (cached) and shared by every session on it.
 */
import { itemRaters, itemSeconds } from '../model/defaults.js';
import { levelThreshold, scaleOf } from '../model/levels.js';
import type { Competency, Item, Model, Rater, Role, Scale } from '../model/types.js';
import { correlationGroups, type CorrelationGroup } from './correlation.js';
import { OptionsError } from './errors.js';
import { ThetaGrid } from './grid.js';
import { itemParameters, responseFunction, type ItemParameters, type ResponseFunction } from './item-models.js';
import { hash32 } from './random.js';

/** Probabilities are floored so a response the model calls impossible still has a finite log. */
const PROBABILITY_FLOOR = 1e-10;

/**
 * SD (θ) of the uncertainty in each item's location. An author's item parameters are estimates,
 * not calibrated truth; the engine reads every answer through the response function averaged over a
 * location off by N(0, ITEM_LOCATION_SD²), which flattens the curve, so no one item lends more
 * precision than an uncertain item has (docs/assessment.md, "Item parameters are uncertain"). The
 * location is the only parameter averaged over, so its SD also stands for the slopes and the
 * situational keys being off (0.25 for the location alone left intervals too narrow).
 */
export const ITEM_LOCATION_SD = 0.4;

/** Five-point Gauss–Hermite rule for E[f(Z)], Z ~ N(0, 1): nodes and weights (exact for degree ≤ 9). */
const HERMITE_NODES = [-2.856970013872806, -1.355626179974266, 0, 1.355626179974266, 2.856970013872806];
const HERMITE_WEIGHTS = [0.011257411327721, 0.222075922005613, 0.533333333333333, 0.222075922005613, 0.011257411327721];

/** P(outcome | x) averaged over the item's location uncertainty: Σ_i w_i · P(outcome | x + sd · z_i). */
export function averagedProbabilities(fn: ResponseFunction, x: number, sd: number, out: Float64Array, scratch: Float64Array): void {
  if (sd === 0) {
    fn.probabilities(x, out);
    return;
  }
  out.fill(0);
  for (let i = 0; i < HERMITE_NODES.length; i++) {
    fn.probabilities(x + sd * HERMITE_NODES[i]!, scratch);
    for (let k = 0; k < out.length; k++) out[k]! += HERMITE_WEIGHTS[i]! * scratch[k]!;
  }
}

export interface BankItem {
  index: number;
  id: string;
  item: Item;
  params: ItemParameters;
  fn: ResponseFunction;
  outcomes: number;
  /** Index of `item.competency`. */
  competency: number;
  /** Forced choice between two competencies: indices of each option's competency. */
  pair?: [number, number];
  /** Frequency and anchored items describe how one sees oneself: self answers carry the self-view. */
  selfReport: boolean;
  seconds: number;
  raters: readonly Rater[];
}

export interface BankCompetency {
  index: number;
  id: string;
  competency: Competency;
  scale: Scale;
  /** Items whose `competency` is this one, in model order. */
  items: number[];
}

export class Bank {
  readonly grid: ThetaGrid;
  readonly items: BankItem[];
  readonly competencies: BankCompetency[];
  /**
   * Per competency: the items that are not self-report (situational judgement, forced choice, work
   * samples) and bear on it — its own, and forced choices pairing it with another — in model order.
   */
  readonly otherItems: number[][];
  readonly itemIndex: Map<string, number>;
  readonly competencyIndex: Map<string, number>;
  readonly roles: Map<string, Role>;
  readonly groups: CorrelationGroup[];
  /** Hex hash of what a saved state depends on: model id, version, items and their answer shapes. */
  readonly fingerprint: string;
  /** The fingerprint release 0.1.0 wrote (ids and answer shapes only), so its saved states still resume. */
  readonly legacyFingerprint: string;
  /** Probability and information tables by kind and shift (0, and the self leniency), indexed by item. */
  private readonly tables = new Map<string, (Float64Array | undefined)[]>();
  private readonly pairTables: (Float64Array | undefined)[] = [];

  constructor(readonly model: Model) {
    const byId = new Map(model.competencies.map((c) => [c.id, c]));
    const centres = [model.scale, ...model.competencies.map((c) => c.scale).filter((s): s is Scale => !!s)].map((s) => (s.levels.length - 1) / 2);
    this.grid = new ThetaGrid(Math.max(4, Math.max(...centres) + 1.5));
    this.competencyIndex = new Map(model.competencies.map((c, i) => [c.id, i]));
    this.competencies = model.competencies.map((c, i) => ({ index: i, id: c.id, competency: c, scale: scaleOf(model, c), items: [] }));
    this.roles = new Map(model.roles.map((r) => [r.id, r]));
    this.itemIndex = new Map();
    this.items = model.items.map((item, index) => {
      const competency = this.competencyIndex.get(item.competency);
      if (competency === undefined) throw new OptionsError('model', `items[${index}] ("${item.id}") refers to unknown competency "${item.competency}"; validate the model first`);
      let params: ItemParameters;
      try {
        params = itemParameters(model, item, byId);
      } catch (error) {
        throw new OptionsError('model', `items[${index}] cannot be scored: ${(error as Error).message}`);
      }
      const fn = responseFunction(params);
      this.itemIndex.set(item.id, index);
      this.competencies[competency]!.items.push(index);
      const pair = params.kind === 'pair-between' ? (params.pairCompetencies!.map((id) => this.competencyIndex.get(id)!) as [number, number]) : undefined;
      return {
        index,
        id: item.id,
        item,
        params,
        fn,
        outcomes: fn.outcomes,
        competency,
        ...(pair ? { pair } : {}),
        selfReport: item.type === 'frequency' || item.type === 'anchored',
        seconds: itemSeconds(item),
        raters: itemRaters(item),
      };
    });
    this.otherItems = this.competencies.map(() => []);
    for (const item of this.items) {
      if (!item.selfReport) for (const c of new Set(item.pair ?? [item.competency])) this.otherItems[c]!.push(item.index);
    }
    this.groups = correlationGroups(model);
    // The content, not only the declared version: an item changed under the same version must not
    // take over answers given to the old one (a saved state then fails to resume, with a reason).
    this.fingerprint = hash32(
      JSON.stringify([
        model.id,
        model.version,
        model.competencies.map((c) => [c.id, c.scale ?? null, c.related ?? null]),
        model.scale,
        model.frequencyScale ?? null,
        model.roles.map((r) => [r.id, r.requirements]),
        model.items.map((i) => [i, answerShape(i, model)]),
        model.assessment ?? null,
      ]),
    )
      .toString(16)
      .padStart(8, '0');
    this.legacyFingerprint = hash32(
      JSON.stringify([model.id, model.version, model.competencies.map((c) => c.id), model.roles.map((r) => r.id), model.items.map((i) => [i.id, i.type, answerShape(i, model)])]),
    )
      .toString(16)
      .padStart(8, '0');
  }

  /** θ from which a role requirement counts as met (the grid's lower edge for a scale's lowest level). */
  threshold(competency: number, level: number): number {
    const t = levelThreshold(this.competencies[competency]!.scale, level);
    return Number.isFinite(t) ? t : this.grid.min - this.grid.step;
  }

  /**
   * Probability table of an item on the grid: entry [k · size + j] = P(outcome k | grid point j + shift),
   * floored. For `pair-between` items the grid points stand for θ₁ − θ₂ offsets (see `pairTable`).
   */
  table(item: number, shift = 0): Float64Array {
    return this.cached('p', shift, item, (fn, q) => {
      const table = new Float64Array(fn.outcomes * q);
      const row = new Float64Array(fn.outcomes);
      const scratch = new Float64Array(fn.outcomes);
      for (let j = 0; j < q; j++) {
        averagedProbabilities(fn, this.grid.points[j]! + shift, ITEM_LOCATION_SD, row, scratch);
        for (let k = 0; k < fn.outcomes; k++) table[k * q + j] = Math.max(PROBABILITY_FLOOR, row[k]!);
      }
      return table;
    });
  }

  /** `table` as natural logs: what each response adds to a log-likelihood, computed once per item. */
  logTable(item: number, shift = 0): Float64Array {
    return this.cached('l', shift, item, () => this.table(item, shift).map(Math.log));
  }

  /**
   * Fisher information of an item at each grid point (+ shift), Σ_k P_k′² / P_k by central
   * differences; used to shortlist candidates in very large banks.
   */
  information(item: number, shift = 0): Float64Array {
    return this.cached('i', shift, item, (fn, q) => {
      const h = 1e-4;
      const p = new Float64Array(fn.outcomes);
      const up = new Float64Array(fn.outcomes);
      const down = new Float64Array(fn.outcomes);
      const info = new Float64Array(q);
      for (let j = 0; j < q; j++) {
        const x = this.grid.points[j]! + shift;
        fn.probabilities(x, p);
        fn.probabilities(x + h, up);
        fn.probabilities(x - h, down);
        let sum = 0;
        for (let k = 0; k < fn.outcomes; k++) if (p[k]! > 1e-12) sum += ((up[k]! - down[k]!) / (2 * h)) ** 2 / p[k]!;
        info[j] = sum;
      }
      return info;
    });
  }

  private cached(kind: string, shift: number, item: number, build: (fn: ResponseFunction, q: number) => Float64Array): Float64Array {
    const key = `${kind}${shift}`;
    let byItem = this.tables.get(key);
    if (!byItem) {
      byItem = new Array(this.items.length);
      this.tables.set(key, byItem);
    }
    return (byItem[item] ??= build(this.items[item]!.fn, this.grid.size));
  }

  /** Forced choice between competencies: [k · (2·size − 1) + (i − j + size − 1)] = P(k | θ₁ = point i, θ₂ = point j). */
  pairTable(item: number): Float64Array {
    let table = this.pairTables[item];
    if (!table) {
      const { fn } = this.items[item]!;
      const q = this.grid.size;
      const width = 2 * q - 1;
      table = new Float64Array(2 * width);
      const row = new Float64Array(2);
      const scratch = new Float64Array(2);
      for (let d = -(q - 1); d <= q - 1; d++) {
        averagedProbabilities(fn, d * this.grid.step, ITEM_LOCATION_SD, row, scratch);
        table[d + q - 1] = Math.max(PROBABILITY_FLOOR, row[0]!);
        table[width + d + q - 1] = Math.max(PROBABILITY_FLOOR, row[1]!);
      }
      this.pairTables[item] = table;
    }
    return table;
  }
}

/** What a saved answer to the item must look like: option counts and format. */
function answerShape(item: Item, model: Model): string {
  switch (item.type) {
    case 'frequency':
      return `f${(model.frequencyScale ?? [0, 0, 0, 0, 0]).length}`;
    case 'anchored':
      return `a${item.options.length}`;
    case 'evidence':
      return `e${item.rubric.length}`;
    case 'situational':
      return `s${item.format}${item.options.length}`;
    case 'forced-choice':
      return 'p2';
  }
}

const banks = new WeakMap<Model, Bank>();

/** The compiled bank of a model (compiled on first use; the model must not be mutated afterwards). */
export function bankFor(model: Model): Bank {
  let bank = banks.get(model);
  if (!bank) {
    bank = new Bank(model);
    banks.set(model, bank);
  }
  return bank;
}
