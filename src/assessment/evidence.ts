/**
 * Evidence per competency, as log-likelihoods on the θ grid, kept apart by where it comes from —
 * the stated fusion model:
 *
 * - **self**: the learner's own frequency and anchored ratings. They describe the self-view
 *   s = θ + u, answered at s + λ (λ = `selfLeniency`, the average inflation); u ~ N(0, τ_self²) is
 *   the person's own distance from the evidence, which a blind spot makes large.
 * - **observers**: each manager or peer rater's ratings, with that rater's own leniency
 *   ρ ~ N(0, τ_rater²) (source leniency 0), so one rater cannot give unlimited precision.
 * - **direct**: situational judgement, forced choice and work-sample evidence — what the learner
 *   does rather than how they see themselves; no leniency.
 */
import type { Rater } from '../model/types.js';
import type { Bank } from './bank.js';
import { vector } from './vectors.js';

/** One response reduced to what scoring needs. */
export interface Observation {
  item: number;
  outcome: number;
  rater: Rater;
  raterId?: string | undefined;
}

export interface RaterGroup {
  rater: Rater;
  raterId: string | undefined;
  log: Float64Array;
  count: number;
}

export class CompetencyEvidence {
  readonly direct: Float64Array;
  directCount = 0;
  /** Over the self-view s (grid point j stands for s = point j). */
  readonly self: Float64Array;
  selfCount = 0;
  readonly observers = new Map<string, RaterGroup>();

  constructor(size: number) {
    this.direct = vector(size);
    this.self = vector(size);
  }

  get count(): number {
    let n = this.directCount + this.selfCount;
    for (const g of this.observers.values()) n += g.count;
    return n;
  }
}

export class Evidence {
  readonly competencies: (CompetencyEvidence | undefined)[];
  /** Forced choices between two competencies; scored by messages between their posteriors. */
  readonly pairs: Observation[] = [];
  /** Responses with evidence per competency (a pair counts for both). */
  readonly counts: Int32Array;

  constructor(
    readonly bank: Bank,
    readonly selfLeniency: number,
  ) {
    this.competencies = new Array(bank.competencies.length).fill(undefined);
    this.counts = new Int32Array(bank.competencies.length);
  }

  of(competency: number): CompetencyEvidence {
    let e = this.competencies[competency];
    if (!e) {
      e = new CompetencyEvidence(this.bank.grid.size);
      this.competencies[competency] = e;
    }
    return e;
  }

  add(o: Observation): void {
    const item = this.bank.items[o.item];
    // An outcome past the item's table would read outside it and turn every posterior into NaN.
    if (!item) throw new RangeError(`no item ${o.item} in this model's bank`);
    if (!Number.isInteger(o.outcome) || o.outcome < 0 || o.outcome >= item.outcomes) throw new RangeError(`item ${item.id}: outcome ${o.outcome} is not one of 0…${item.outcomes - 1}`);
    if (item.pair) {
      this.pairs.push(o);
      this.counts[item.pair[0]]!++;
      this.counts[item.pair[1]]!++;
      return;
    }
    const e = this.of(item.competency);
    this.counts[item.competency]!++;
    const q = this.bank.grid.size;
    let target: Float64Array;
    let shift = 0;
    if (o.rater === 'self') {
      if (item.selfReport) {
        target = e.self;
        shift = this.selfLeniency;
        e.selfCount++;
      } else {
        target = e.direct;
        e.directCount++;
      }
    } else {
      const key = `${o.rater}:${o.raterId ?? ''}`;
      let group = e.observers.get(key);
      if (!group) {
        group = { rater: o.rater, raterId: o.raterId, log: vector(q), count: 0 };
        e.observers.set(key, group);
      }
      group.count++;
      target = group.log;
    }
    const log = this.bank.logTable(o.item, shift);
    const row = o.outcome * q;
    for (let j = 0; j < q; j++) target[j]! += log[row + j]!;
  }
}
