// The person-level terms against brute force: on the tiny model (two competencies, no `related`),
// enumerate the whole joint posterior — every self-view bias β (or rater leniency ρ) with every pair
// (θ₁, θ₂) — straight from the model's definition, and compare each competency's marginal with fuse().
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import type { Model } from '../model/types.js';
import { bankFor } from './bank.js';
import { resolveConfig } from './config.js';
import { Evidence, type Observation } from './evidence.js';
import { jointMix, leaveOneOut, leaveOneOutJoint, offsetGrid, shiftMix, type OffsetGrid } from './person.js';
import { RELATED_SHRINK } from './correlation.js';
import { compareSelfOther, FUSION, fuse, raterOffsets } from './posterior.js';

const tiny = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Model;
// Built before the tests, not while the file loads: engine code run at load makes its mutants "static"
// (docs/testing.md, Mutation testing).
let bank: ReturnType<typeof bankFor>;
let config: ReturnType<typeof resolveConfig>;
let grid: ReturnType<typeof bankFor>['grid'];
let q: number;
let step: number;
let competencies: number[];
before(() => {
  bank = bankFor(tiny);
  config = resolveConfig(tiny, bank, { currentRole: 'member' });
  grid = bank.grid;
  q = grid.size;
  step = grid.step;
  competencies = ['listening', 'feedback'].map((id) => bank.competencyIndex.get(id)!);
});
const item = (id: string): number => bank.itemIndex.get(id)!;

const normal = (x: number, sd: number): number => Math.exp((-0.5 * x * x) / (sd * sd)) / sd;
const mixture = (x: number, parts: readonly { sd: number; share: number }[]): number => parts.reduce((s, p) => s + p.share * normal(x, p.sd), 0);

/** The offsets the model allows: multiples of 0.25 θ within ±range, with their prior. */
function offsetsOf(range: number, prior: (x: number) => number): { shift: number; p: number }[] {
  const out: { shift: number; p: number }[] = [];
  for (let b = -Math.round(range / (2 * step)); b <= Math.round(range / (2 * step)); b++) out.push({ shift: 2 * b, p: prior(2 * b * step) });
  return out;
}

/**
 * f(θ index, shift): the probability of the answers given θ and the offset, where the answers
 * depend on a position x = θ + offset (read at the grid's end beyond it) through a kernel over the
 * grid, normalised over the grid: Σ_s K(s − x) L(s) / Σ_s K(s − x).
 */
function through(likelihood: Float64Array, kernelAt: (d: number) => number): (i: number, shift: number) => number {
  return (i, shift) => {
    const x = Math.min(q - 1, Math.max(0, i + shift));
    let num = 0;
    let den = 0;
    for (let s = 0; s < q; s++) {
      const k = kernelAt((s - x) * step);
      num += k * likelihood[s]!;
      den += k;
    }
    return num / den;
  };
}

/**
 * The leniency all raters share, per competency: the raters' position θ + offset (read at the grid's
 * end beyond it) moved by x ~ N(0, sd²) over the grid, and f read there without offset, normalised.
 */
function shared(f: (i: number, shift: number) => number, sd: number): (i: number, shift: number) => number {
  let unshifted: Float64Array | undefined;
  return (i, shift) => {
    unshifted ??= Float64Array.from({ length: q }, (_, x) => f(x, 0));
    const at = Math.min(q - 1, Math.max(0, i + shift));
    let num = 0;
    let den = 0;
    for (let x = 0; x < q; x++) {
      const k = normal((x - at) * step, sd);
      num += k * unshifted[x]!;
      den += k;
    }
    return num / den;
  };
}

/** Marginals of θ₁ and θ₂ from the full enumeration of (offset, θ₁, θ₂). */
function bruteForce(offsets: { shift: number; p: number }[], factors: ((i: number, shift: number) => number)[][]): Float64Array[] {
  const marginals = [new Float64Array(q), new Float64Array(q)];
  for (const { shift, p } of offsets) {
    const table = factors.map((list) => Float64Array.from({ length: q }, (_, i) => Math.exp((-0.5 * grid.points[i]! ** 2) / grid.priorSD ** 2) * list.reduce((f, g) => f * g(i, shift), 1)));
    for (let i = 0; i < q; i++) {
      for (let j = 0; j < q; j++) {
        const m = p * table[0]![i]! * table[1]![j]!;
        marginals[0]![i]! += m;
        marginals[1]![j]! += m;
      }
    }
  }
  for (const m of marginals) {
    const total = m.reduce((a, b) => a + b, 0);
    for (let i = 0; i < q; i++) m[i]! /= total;
  }
  return marginals;
}

function maxDifference(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

describe('person-level terms against the brute-force posterior', () => {
  it("the learner's self-view bias β, shared by both competencies", () => {
    // High self-ratings, low behaviour on both: the pattern moves β, which discounts both self-views.
    const observations: Observation[] = [
      { item: item('l-freq-1'), outcome: 4, rater: 'self' },
      { item: item('l-anch-1'), outcome: 2, rater: 'self' },
      { item: item('l-sjt-1'), outcome: 0, rater: 'self' },
      { item: item('f-freq-1'), outcome: 4, rater: 'self' },
      { item: item('f-ev-1'), outcome: 1, rater: 'self' },
    ];
    const evidence = new Evidence(bank, config.selfLeniency);
    for (const o of observations) evidence.add(o);
    const posteriors = fuse(bank, evidence, competencies);
    const { typicalSD, atypicalSD, atypicalShare } = FUSION.selfView;
    const u = (d: number): number => mixture(d, [{ sd: typicalSD, share: 1 - atypicalShare }, { sd: atypicalSD, share: atypicalShare }]);
    const factors = competencies.map((c) => {
      const e = evidence.competencies[c]!;
      const direct = e.direct.map(Math.exp);
      return [(i: number) => direct[i]!, through(e.self.map(Math.exp), u)];
    });
    const truth = bruteForce(offsetsOf(FUSION.offsetRange.self, (x) => mixture(x, FUSION.selfBias)), factors);
    competencies.forEach((c, n) => {
      const d = maxDifference(posteriors.get(c)!.weights, truth[n]!);
      assert.ok(d < 1e-9, `competency ${c}: largest difference ${d}`);
    });
    // And the term matters here: without it (β = 0) the marginals are clearly different.
    const without = bruteForce([{ shift: 0, p: 1 }], factors);
    assert.ok(maxDifference(posteriors.get(competencies[0]!)!.weights, without[0]!) > 1e-3);
  });

  it("a manager's leniency λ + ρ (the raters' common part and their own), shared by both competencies", () => {
    const observations: Observation[] = [
      { item: item('l-freq-1'), outcome: 4, rater: 'manager', raterId: 'm1' },
      { item: item('l-anch-1'), outcome: 2, rater: 'manager', raterId: 'm1' },
      { item: item('f-freq-1'), outcome: 4, rater: 'manager', raterId: 'm1' },
      { item: item('l-sjt-1'), outcome: 0, rater: 'self' },
      { item: item('f-ev-1'), outcome: 1, rater: 'self' },
    ];
    const evidence = new Evidence(bank, config.selfLeniency);
    for (const o of observations) evidence.add(o);
    const posteriors = fuse(bank, evidence, competencies);
    const e = (d: number): number => normal(d, FUSION.raterNoiseSD);
    const factors = competencies.map((c) => {
      const ev = evidence.competencies[c]!;
      const direct = ev.direct.map(Math.exp);
      return [(i: number) => direct[i]!, shared(through(ev.observers.get('manager:m1')!.log.map(Math.exp), e), FUSION.sharedRaterSD)];
    });
    // One rater: the leniency the raters share and the rater's own add up to one offset.
    const truth = bruteForce(offsetsOf(FUSION.offsetRange.common, (x) => normal(x, Math.hypot(FUSION.commonRaterSD, FUSION.raterSD))), factors);
    competencies.forEach((c, n) => {
      const d = maxDifference(posteriors.get(c)!.weights, truth[n]!);
      assert.ok(d < 1e-9, `competency ${c}: largest difference ${d}`);
    });
  });
});

describe('evidence too sharp for exp: every kind of it far below e^-745 at its best', () => {
  // The same answers given 250 times each way (4 and 0, 2 and 0): no θ makes them likely, and each
  // log-likelihood's maximum lies far below what exp can represent. The engine takes each vector's
  // maximum out before exp; the brute force below does the same on its own, so both stay exact.
  const fromMax = (log: Float64Array): Float64Array => {
    const max = Math.max(...log);
    return log.map((x) => Math.exp(x - max));
  };
  const twoWays = (id: string, high: number, rater: Observation['rater'], raterId?: string): Observation[] =>
    Array.from({ length: 500 }, (_, n) => ({ item: item(id), outcome: n % 2 === 0 ? high : 0, rater, ...(raterId ? { raterId } : {}) }));

  it('self-ratings, a manager and a work sample: the posterior and the self-view comparison as brute force gives them', () => {
    const evidence = new Evidence(bank, config.selfLeniency);
    const observations = [...twoWays('l-freq-1', 4, 'self'), ...twoWays('l-freq-1', 4, 'manager', 'm1'), ...twoWays('f-ev-1', 2, 'self'), ...twoWays('f-freq-1', 4, 'self')];
    for (const o of observations) evidence.add(o);
    for (const c of competencies) {
      const e = evidence.competencies[c]!;
      for (const log of [e.direct, e.self, ...[...e.observers.values()].map((g) => g.log)]) if (log.some((x) => x !== 0)) assert.ok(Math.max(...log) < -745, `the evidence is not sharp enough: ${Math.max(...log)}`);
    }
    const posteriors = fuse(bank, evidence, competencies);
    const { typicalSD, atypicalSD, atypicalShare } = FUSION.selfView;
    const u = (d: number): number => mixture(d, [{ sd: typicalSD, share: 1 - atypicalShare }, { sd: atypicalSD, share: atypicalShare }]);
    const e = (d: number): number => normal(d, FUSION.raterNoiseSD);
    const factors = competencies.map((c) => {
      const ev = evidence.competencies[c]!;
      const direct = fromMax(ev.direct);
      const list = [(i: number) => direct[i]!, through(fromMax(ev.self), u)];
      const manager = ev.observers.get('manager:m1');
      if (manager) list.push(shared(through(fromMax(manager.log), e), FUSION.sharedRaterSD));
      return list;
    });
    // β and the manager's leniency μ jointly: feedback (work sample and self) is the only competency
    // with two kinds and tells β; listening's self against its manager tells β − μ.
    const biases = offsetsOf(FUSION.offsetRange.self, (x) => mixture(x, FUSION.selfBias));
    const leniencies = offsetsOf(FUSION.offsetRange.common, (x) => normal(x, Math.hypot(FUSION.commonRaterSD, FUSION.raterSD)));
    const marginals = [new Float64Array(q), new Float64Array(q)];
    for (const beta of biases) {
      for (const mu of leniencies) {
        const tables = factors.map((list) =>
          Float64Array.from({ length: q }, (_, i) => Math.exp((-0.5 * grid.points[i]! ** 2) / grid.priorSD ** 2) * list.reduce((f, g, k) => f * g(i, k === 2 ? mu.shift : beta.shift), 1)),
        );
        const sums = tables.map((t) => t.reduce((a, b) => a + b, 0));
        for (let i = 0; i < q; i++) {
          marginals[0]![i]! += beta.p * mu.p * tables[0]![i]! * sums[1]!;
          marginals[1]![i]! += beta.p * mu.p * tables[1]![i]! * sums[0]!;
        }
      }
    }
    competencies.forEach((c, n) => {
      const m = marginals[n]!;
      const total = m.reduce((a, b) => a + b, 0);
      const d = maxDifference(posteriors.get(c)!.weights, m.map((x) => x / total));
      assert.ok(d < 1e-9, `competency ${c}: largest difference ${d}`);
      const cmp = compareSelfOther(grid, posteriors.get(c)!)!;
      for (const value of [cmp.pOver, cmp.pUnder]) assert.ok(value >= 0 && value <= 1, `competency ${c}: ${JSON.stringify(cmp)}`);
    });
  });
});

describe("the learner's self-view bias and their raters' shared leniency together", () => {
  it('match the brute-force posterior over (β, μ, θ₁, θ₂)', () => {
    // The learner rates themselves high on both, their manager rates both lower, and a work sample on
    // feedback sides with neither: β and μ are both uncertain and tied to each other by the evidence.
    const observations: Observation[] = [
      { item: item('l-freq-1'), outcome: 4, rater: 'self' },
      { item: item('l-anch-1'), outcome: 2, rater: 'self' },
      { item: item('f-freq-1'), outcome: 4, rater: 'self' },
      { item: item('l-freq-1'), outcome: 2, rater: 'manager', raterId: 'm1' },
      { item: item('f-freq-1'), outcome: 1, rater: 'manager', raterId: 'm1' },
      { item: item('f-ev-1'), outcome: 2, rater: 'self' },
    ];
    const evidence = new Evidence(bank, config.selfLeniency);
    for (const o of observations) evidence.add(o);
    const posteriors = fuse(bank, evidence, competencies);
    const { typicalSD, atypicalSD, atypicalShare } = FUSION.selfView;
    const u = (d: number): number => mixture(d, [{ sd: typicalSD, share: 1 - atypicalShare }, { sd: atypicalSD, share: atypicalShare }]);
    const e = (d: number): number => normal(d, FUSION.raterNoiseSD);
    const factors = competencies.map((c) => {
      const ev = evidence.competencies[c]!;
      const direct = ev.direct.map(Math.exp);
      return {
        direct: (i: number) => direct[i]!,
        self: through(ev.self.map(Math.exp), u),
        manager: shared(through(ev.observers.get('manager:m1')!.log.map(Math.exp), e), FUSION.sharedRaterSD),
      };
    });
    const biases = offsetsOf(FUSION.offsetRange.self, (x) => mixture(x, FUSION.selfBias));
    const leniencies = offsetsOf(FUSION.offsetRange.common, (x) => normal(x, Math.hypot(FUSION.commonRaterSD, FUSION.raterSD)));
    const marginals = [new Float64Array(q), new Float64Array(q)];
    for (const beta of biases) {
      for (const mu of leniencies) {
        const tables = factors.map((f) => Float64Array.from({ length: q }, (_, i) => Math.exp((-0.5 * grid.points[i]! ** 2) / grid.priorSD ** 2) * f.direct(i) * f.self(i, beta.shift) * f.manager(i, mu.shift)));
        const [t0, t1] = tables as [Float64Array, Float64Array];
        const s0 = t0.reduce((a, b) => a + b, 0);
        const s1 = t1.reduce((a, b) => a + b, 0);
        for (let i = 0; i < q; i++) {
          marginals[0]![i]! += beta.p * mu.p * t0[i]! * s1;
          marginals[1]![i]! += beta.p * mu.p * t1[i]! * s0;
        }
      }
    }
    for (const m of marginals) {
      const total = m.reduce((a, b) => a + b, 0);
      for (let i = 0; i < q; i++) m[i]! /= total;
    }
    competencies.forEach((c, n) => {
      const d = maxDifference(posteriors.get(c)!.weights, marginals[n]!);
      assert.ok(d < 1e-9, `competency ${c}: largest difference ${d}`);
    });
  });
});

describe("the leniency a person's raters share", () => {
  it('is read from the evidence that is not a rating and carried to competencies without any', () => {
    // Four raters agree that both competencies are high; a work sample on feedback says otherwise.
    // The raters' common leniency is a trait of the person's raters, so it lowers listening too,
    // where nothing but ratings is known (tiny has no `related`, so nothing else links the two).
    const ratings: Observation[] = ['manager:m1', 'peer:p1', 'peer:p2', 'peer:p3'].flatMap((key) => {
      const [rater, raterId] = key.split(':') as ['manager' | 'peer', string];
      return ['l-freq-1', 'l-anch-1', 'f-freq-1'].map((id) => ({ item: item(id), outcome: id.includes('anch') ? 2 : 4, rater, raterId }));
    });
    const listening = (extra: Observation[]): { mean: number; sd: number } => {
      const evidence = new Evidence(bank, config.selfLeniency);
      for (const o of [...ratings, ...extra]) evidence.add(o);
      return fuse(bank, evidence, competencies).get(competencies[0]!)!;
    };
    const alone = listening([]);
    const against = listening([{ item: item('f-ev-1'), outcome: 0, rater: 'self' }]);
    assert.ok(against.mean < alone.mean - 0.1, `listening ${alone.mean.toFixed(3)} → ${against.mean.toFixed(3)}`);
    // Four raters do not average the common leniency away: their agreement leaves it uncertain.
    assert.ok(alone.sd > FUSION.commonRaterSD * 0.8, `sd ${alone.sd.toFixed(3)}`);
  });
});

describe('evidence refuses what the bank cannot score', () => {
  it('an outcome outside the item, or an item outside the bank, is a RangeError (not a NaN posterior)', () => {
    const evidence = new Evidence(bank, config.selfLeniency);
    const anchored = item('l-anch-1');
    const outcomes = bank.items[anchored]!.outcomes;
    assert.throws(() => evidence.add({ item: anchored, outcome: outcomes, rater: 'self' }), /l-anch-1: outcome \d+ is not one of 0…/);
    assert.throws(() => evidence.add({ item: anchored, outcome: -1, rater: 'self' }), RangeError);
    assert.throws(() => evidence.add({ item: anchored, outcome: 0.5, rater: 'self' }), RangeError);
    assert.throws(() => evidence.add({ item: bank.items.length, outcome: 0, rater: 'self' }), /no item/);
    evidence.add({ item: anchored, outcome: outcomes - 1, rater: 'self' });
    assert.equal(evidence.counts[bank.items[anchored]!.competency], 1);
  });
});

// person.ts's parts on hand-made vectors, each against its definition written out in plain loops: a
// shift reads the vector at the index clamped to its ends, a leave-one-out posterior multiplies the
// prior by every other competency's Z and normalises. The sizes are chosen so that the four-at-a-time
// loops and their remainders both run (7 θ points, 7 and 5 offsets).
describe('person-level parts against their definitions', () => {
  /** A deterministic sequence of positive numbers (no engine code). */
  const positives = (n: number, seed: number): Float64Array => {
    let s = seed;
    return Float64Array.from({ length: n }, () => {
      s = (s * 16807) % 2147483647;
      return 0.05 + (s % 1000) / 1000;
    });
  };
  const grid = (shifts: number[], prior: number[]): OffsetGrid => ({ shifts: Int32Array.from(shifts), logPrior: Float64Array.from(prior.map(Math.log)) });
  const at = (v: Float64Array, i: number): number => v[Math.min(v.length - 1, Math.max(0, i))]!;
  const normalised = (v: number[]): number[] => {
    const s = v.reduce((a, b) => a + b, 0);
    return v.map((x) => x / s);
  };
  const close = (got: ArrayLike<number>, want: ArrayLike<number>, tol: number, what: string): void => {
    assert.equal(got.length, want.length, what);
    for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i]! - want[i]!) <= tol * Math.max(1, Math.abs(want[i]!)), `${what}[${i}]: ${got[i]} vs ${want[i]}`);
  };
  const symmetric = grid([-3, -2, -1, 0, 1, 2, 3], [1, 2, 3, 4, 3, 2, 1]);

  it('offsetGrid: shifts every stride steps within the range, a normal-mixture prior', () => {
    const g = offsetGrid(0.1, 0.45, [{ sd: 0.2, share: 0.25 }, { sd: 0.6, share: 0.75 }], 2);
    // half = round(0.45 / 0.2) = 2 offsets either side, 2 steps apart.
    assert.deepEqual(Array.from(g.shifts), [-4, -2, 0, 2, 4]);
    const p = (x: number) => (0.25 / 0.2) * Math.exp((-0.5 * x * x) / 0.04) + (0.75 / 0.6) * Math.exp((-0.5 * x * x) / 0.36);
    close(g.logPrior, [-0.4, -0.2, 0, 0.2, 0.4].map((x) => Math.log(p(x))), 1e-12, 'logPrior');
  });

  it('shiftMix: Σ_k w_k · values[clamp(j + shift_k)]', () => {
    const values = positives(7, 3);
    const weights = Float64Array.from([0.1, 0, 0.2, 0.3, 0.15, 0.05, 0.2]);
    const out = new Float64Array(7);
    shiftMix(values, symmetric, weights, out);
    const want = Array.from({ length: 7 }, (_, j) => weights.reduce((s, w, k) => s + w * at(values, j + symmetric.shifts[k]!), 0));
    close(out, want, 1e-12, 'mixed');
  });

  /** Z_c(k) = Σ_j rest[j] · term[clamp(j + shift_k)], and the posterior leaving c out. */
  function leaveOneOutByDefinition(g: OffsetGrid, rests: (Float64Array | undefined)[], terms: (Float64Array | undefined)[]): number[][] {
    const m = g.shifts.length;
    const logZ = rests.map((rest, c) => {
      const term = terms[c];
      if (!rest || !term) return undefined;
      return Array.from({ length: m }, (_, k) => Math.log(rest.reduce((s, r, j) => s + r * at(term, j + g.shifts[k]!), 0)));
    });
    return rests.map((_, c) => {
      const log = Array.from({ length: m }, (_, k) => g.logPrior[k]! + logZ.reduce((s, z, c2) => s + (z && c2 !== c ? z[k]! : 0), 0));
      const top = Math.max(...log);
      return normalised(log.map((x) => Math.exp(x - top)));
    });
  }

  it("leaveOneOut: the offset's posterior from every other competency's evidence", () => {
    // Four competencies: two inform the offset, one has no offset-bearing term, one nothing else known.
    const rests = [positives(7, 5), positives(7, 7), positives(7, 11), undefined];
    const terms = [positives(7, 13), positives(7, 17), undefined, positives(7, 19)];
    const got = leaveOneOut(symmetric, rests, terms);
    const want = leaveOneOutByDefinition(symmetric, rests, terms);
    got.forEach((w, c) => close(w, want[c]!, 1e-12, `competency ${c}`));
    // Competency 0 is informed by 1 alone, 2 and 3 (which inform nothing) by both.
    assert.ok(Math.abs(got[0]![0]! - normalised([1, 2, 3, 4, 3, 2, 1])[0]!) > 1e-3, 'not the prior');
    close(got[2]!, got[3]!, 1e-15, 'the two that inform nothing');
  });

  it('leaveOneOut: sharp evidence, its log posterior spanning far more than exp can hold', () => {
    // Terms falling by e^-60 a step: each Z spans e^180 over the shifts, four of them e^720 (exp
    // overflows past e^709); rests of about 1e-100 put the whole log posterior near −1,000.
    const steep = Float64Array.from({ length: 7 }, (_, j) => Math.exp(-60 * j));
    const rests = [0, 1, 2, 3, 4].map((s) => positives(7, 23 + s).map((x) => x * 1e-100));
    const terms = rests.map(() => steep);
    const got = leaveOneOut(symmetric, rests, terms);
    const want = leaveOneOutByDefinition(symmetric, rests, terms);
    got.forEach((w, c) => {
      assert.ok(w.every(Number.isFinite), `competency ${c}: ${Array.from(w)}`);
      close(w, want[c]!, 1e-9, `competency ${c}`);
    });
  });

  /** The joint (a, b) posterior leaving c out, with missing terms counting 1. */
  function jointByDefinition(ga: OffsetGrid, gb: OffsetGrid, rests: (Float64Array | undefined)[], termsA: (Float64Array | undefined)[], termsB: (Float64Array | undefined)[]): { a: number[]; b: number[]; joint: number[] }[] {
    const ka = ga.shifts.length;
    const kb = gb.shifts.length;
    const logZ = rests.map((rest, c) => {
      if (!rest) return undefined;
      const z: number[] = [];
      for (let k = 0; k < ka; k++) {
        for (let l = 0; l < kb; l++) {
          let s = 0;
          for (let j = 0; j < rest.length; j++) s += rest[j]! * (termsA[c] ? at(termsA[c], j + ga.shifts[k]!) : 1) * (termsB[c] ? at(termsB[c], j + gb.shifts[l]!) : 1);
          z.push(Math.log(s));
        }
      }
      return z;
    });
    return rests.map((_, c) => {
      const log: number[] = [];
      for (let k = 0; k < ka; k++) for (let l = 0; l < kb; l++) log.push(ga.logPrior[k]! + gb.logPrior[l]! + logZ.reduce((s, z, c2) => s + (z && c2 !== c ? z[k * kb + l]! : 0), 0));
      const top = Math.max(...log);
      const joint = normalised(log.map((x) => Math.exp(x - top)));
      const a = Array.from({ length: ka }, (_, k) => joint.slice(k * kb, (k + 1) * kb).reduce((s, x) => s + x, 0));
      const b = Array.from({ length: kb }, (_, l) => joint.filter((_, i) => i % kb === l).reduce((s, x) => s + x, 0));
      return { a, b, joint };
    });
  }

  it('leaveOneOutJoint: the joint posterior of two offsets, missing terms counting 1', () => {
    const ga = grid([-4, -2, 0, 2, 4], [1, 3, 5, 3, 1]);
    const gb = symmetric;
    // Both terms, only a's, only b's, neither, and a competency that informs nothing.
    const rests = [positives(7, 29), positives(7, 31), positives(7, 37), positives(7, 41), undefined];
    const termsA = [positives(7, 43), positives(7, 47), undefined, undefined, positives(7, 53)];
    const termsB = [positives(7, 59), undefined, positives(7, 61), undefined, positives(7, 67)];
    // First with every competency informing, so the scratch of the last one holds numbers; then again
    // with it informing nothing: its old numbers must not be read.
    const all = rests.map((r, c) => r ?? positives(7, 71 + c));
    leaveOneOutJoint(ga, gb, all, termsA, termsB);
    const got = leaveOneOutJoint(ga, gb, rests, termsA, termsB);
    const want = jointByDefinition(ga, gb, rests, termsA, termsB);
    got.forEach((g, c) => {
      close(g.joint, want[c]!.joint, 1e-12, `joint ${c}`);
      close(g.a, want[c]!.a, 1e-12, `a ${c}`);
      close(g.b, want[c]!.b, 1e-12, `b ${c}`);
    });
  });

  it('leaveOneOutJoint: sharp evidence stays finite and exact', () => {
    const steep = Float64Array.from({ length: 7 }, (_, j) => Math.exp(-60 * j));
    const ga = grid([-4, -2, 0, 2, 4], [1, 3, 5, 3, 1]);
    const rests = [0, 1, 2, 3, 4, 5].map((s) => positives(7, 73 + s).map((x) => x * 1e-100));
    const termsA = rests.map(() => steep);
    const termsB = rests.map((_, c) => (c % 2 ? steep : positives(7, 79 + c)));
    const got = leaveOneOutJoint(ga, symmetric, rests, termsA, termsB);
    const want = jointByDefinition(ga, symmetric, rests, termsA, termsB);
    got.forEach((g, c) => {
      assert.ok(g.joint.every(Number.isFinite), `competency ${c}`);
      close(g.joint, want[c]!.joint, 1e-9, `joint ${c}`);
    });
  });

  it('jointMix: Σ_{k,l} w_kl · termA(θ + a_k) · termB(θ + b_l), rows without mass left out', () => {
    const ga = grid([-4, -2, 0, 2, 4], [1, 1, 1, 1, 1]);
    const gb = grid([-1, 0, 1], [1, 1, 1]);
    // Rows (a_k) of the joint: row 2 has no mass; rows 1 and 3 begin where a shifted or scaled
    // index would find only zeros.
    const joint = Float64Array.from([0.1, 0, 0, 0, 0.2, 0.1, 0, 0, 0, 0.2, 0.1, 0.1, 0, 0, 0.2]);
    const termA = positives(7, 83);
    const termB = positives(7, 89);
    const out = new Float64Array(7);
    jointMix(ga, gb, joint, termA, termB, out);
    const want = Array.from({ length: 7 }, (_, j) => {
      let s = 0;
      for (let k = 0; k < 5; k++) for (let l = 0; l < 3; l++) s += joint[k * 3 + l]! * at(termA, j + ga.shifts[k]!) * at(termB, j + gb.shifts[l]!);
      return s;
    });
    close(out, want, 1e-12, 'mixed');
  });
});

describe('which evidence informs the person-level offsets, and their priors', () => {
  it("the raters' offset grids for R raters: d_r ~ N(0, max(σ_ρ²(1 − 1/R), step²)), μ ~ N(0, σ_λ² + σ_ρ²/R)", () => {
    const { raterSD, commonRaterSD, offsetRange } = FUSION;
    for (const raters of [0, 1, 2, 3]) {
      const r = Math.max(1, raters);
      const o = raterOffsets(grid, raters);
      const sds = { relative: Math.max(raterSD * Math.sqrt(1 - 1 / r), step), common: Math.sqrt(commonRaterSD ** 2 + raterSD ** 2 / r) };
      for (const [name, range] of [['relative', offsetRange.rater], ['common', offsetRange.common]] as const) {
        const g = o[name];
        const half = Math.round(range / (2 * step));
        assert.deepEqual(Array.from(g.shifts), Array.from({ length: 2 * half + 1 }, (_, k) => 2 * (k - half)), `${name}, ${raters} raters`);
        g.shifts.forEach((shift, k) => {
          const want = (-0.5 * (shift * step) ** 2) / sds[name] ** 2;
          const got = g.logPrior[k]! - g.logPrior[half]!;
          assert.ok(Math.abs(got - want) < 1e-12, `${name}, ${raters} raters, shift ${shift}: ${got} vs ${want}`);
        });
      }
    }
  });

  it('a competency with one kind of evidence only (here self-ratings) does not inform the self-view bias', () => {
    // Listening: a self-rating and nothing else; feedback: a work sample and a self-rating. Feedback's
    // β leaves its own evidence out, and listening's alone says nothing about β: the prior remains.
    const evidence = new Evidence(bank, config.selfLeniency);
    for (const o of [{ item: item('l-freq-1'), outcome: 4, rater: 'self' }, { item: item('f-ev-1'), outcome: 0, rater: 'self' }, { item: item('f-freq-1'), outcome: 4, rater: 'self' }] as Observation[]) evidence.add(o);
    const posteriors = fuse(bank, evidence, competencies);
    const prior = offsetsOf(FUSION.offsetRange.self, (x) => mixture(x, FUSION.selfBias));
    const total = prior.reduce((s, o) => s + o.p, 0);
    const feedback = posteriors.get(competencies[1]!)!.bias!;
    prior.forEach((o, k) => assert.ok(Math.abs(feedback[k]! - o.p / total) < 1e-12, `shift ${o.shift}: ${feedback[k]} vs ${o.p / total}`));
    // Listening's β does learn from feedback (self high, work sample low: β above 0).
    const listening = posteriors.get(competencies[0]!)!.bias!;
    const mean = (w: ArrayLike<number>) => prior.reduce((s, o, k) => s + o.shift * w[k]!, 0);
    assert.ok(mean(listening) > mean(feedback) + 0.5, `β means ${mean(listening)} vs ${mean(feedback)}`);
  });

  it('one manager who rates one competency only: the other has no rater term (brute force)', () => {
    const observations: Observation[] = [
      { item: item('l-sjt-1'), outcome: 1, rater: 'self' },
      { item: item('l-freq-1'), outcome: 4, rater: 'manager', raterId: 'm1' },
      { item: item('f-ev-1'), outcome: 1, rater: 'self' },
    ];
    const evidence = new Evidence(bank, config.selfLeniency);
    for (const o of observations) evidence.add(o);
    const posteriors = fuse(bank, evidence, competencies);
    const e = (d: number): number => normal(d, FUSION.raterNoiseSD);
    const [listening, feedback] = competencies.map((c) => evidence.competencies[c]!);
    const factors = [
      [(i: number) => Math.exp(listening!.direct[i]!), shared(through(listening!.observers.get('manager:m1')!.log.map(Math.exp), e), FUSION.sharedRaterSD)],
      [(i: number) => Math.exp(feedback!.direct[i]!)],
    ];
    const truth = bruteForce(offsetsOf(FUSION.offsetRange.common, (x) => normal(x, Math.hypot(FUSION.commonRaterSD, FUSION.raterSD))), factors);
    competencies.forEach((c, n) => {
      const d = maxDifference(posteriors.get(c)!.weights, truth[n]!);
      assert.ok(d < 1e-9, `competency ${c}: largest difference ${d}`);
    });
  });
});

describe("several raters: each rater's own offset from the others, in one pass", () => {
  // The fusion does not enumerate every rater's offset jointly (with a manager and three peers that is
  // 11⁴ combinations per competency): each rater's offset d_r is read against the other raters, whose
  // terms are taken at their prior offsets, leaving the competency at hand out; the product of the
  // raters' terms mixed over their offsets then goes through the leniency they share on that competency
  // and their common leniency μ (read from evidence that is not a rating). The pass written out here in
  // plain loops, with shifts clamped at the grid's ends.
  const clamp = (i: number): number => Math.min(q - 1, Math.max(0, i));
  const gaussianPrior = (i: number): number => Math.exp((-0.5 * grid.points[i]! ** 2) / grid.priorSD ** 2);
  const normalise = (w: number[]): number[] => {
    const total = w.reduce((a, b) => a + b, 0);
    return w.map((x) => x / total);
  };

  function onePass(evidence: Evidence, raters: string[], ownOffsets = true): Float64Array[] {
    const e = (d: number): number => normal(d, FUSION.raterNoiseSD);
    const R = raters.length;
    const relative = offsetsOf(FUSION.offsetRange.rater, (x) => normal(x, Math.max(FUSION.raterSD * Math.sqrt(1 - 1 / R), step)));
    const relativePrior = normalise(relative.map((o) => o.p));
    // term[r][n](i): rater r's answers on competency n given θ index i (undefined: r did not rate n).
    const term = raters.map((key) =>
      competencies.map((c) => {
        const group = evidence.competencies[c]!.observers.get(key);
        if (!group) return undefined;
        const f = through(group.log.map(Math.exp), e);
        return Float64Array.from({ length: q }, (_, i) => f(i, 0));
      }),
    );
    const mixed = (t: Float64Array, weights: number[]) => Float64Array.from({ length: q }, (_, i) => relative.reduce((s, o, k) => s + weights[k]! * t[clamp(i + o.shift)]!, 0));
    const atPrior = term.map((list) => list.map((t) => (t ? mixed(t, relativePrior) : undefined)));
    const raterProduct = competencies.map(() => new Float64Array(q).fill(1));
    const rated = competencies.map(() => false);
    raters.forEach((_, r) => {
      // What the other raters say of competency n at their prior offsets (undefined when none rated it).
      const rest = competencies.map((__, n) => {
        if (!term[r]![n]) return undefined;
        const others = atPrior.filter((list, o) => o !== r && list[n]);
        if (others.length === 0) return undefined;
        return Float64Array.from({ length: q }, (___, i) => others.reduce((f, list) => f * list[n]![i]!, gaussianPrior(i)));
      });
      const z = competencies.map((__, n) => (rest[n] ? relative.map((o) => rest[n]!.reduce((s, v, i) => s + v * term[r]![n]![clamp(i + o.shift)]!, 0)) : undefined));
      competencies.forEach((__, n) => {
        const t = term[r]![n];
        if (!t) return;
        const offset = ownOffsets ? normalise(relative.map((o, k) => z.reduce((f, zc, m) => (m !== n && zc ? f * zc[k]! : f), o.p))) : relativePrior;
        const m = mixed(t, offset);
        for (let i = 0; i < q; i++) raterProduct[n]![i]! *= m[i]!;
        rated[n] = true;
      });
    });
    // Through the leniency the raters share on the competency, then μ: here only competencies with
    // evidence that is not a rating inform it, leaving the competency at hand out.
    const sharedTerm = competencies.map((_, n) => {
      if (!rated[n]) return undefined;
      const f = shared((i) => raterProduct[n]![i]!, FUSION.sharedRaterSD);
      return Float64Array.from({ length: q }, (__, i) => f(i, 0));
    });
    const common = offsetsOf(FUSION.offsetRange.common, (x) => normal(x, Math.sqrt(FUSION.commonRaterSD ** 2 + FUSION.raterSD ** 2 / R)));
    const direct = competencies.map((c) => evidence.competencies[c]!.direct.map(Math.exp));
    const zCommon = competencies.map((c, n) => {
      const t = sharedTerm[n];
      if (!t || evidence.competencies[c]!.directCount === 0) return undefined;
      return common.map((o) => direct[n]!.reduce((s, d, i) => s + gaussianPrior(i) * d * t[clamp(i + o.shift)]!, 0));
    });
    return competencies.map((_, n) => {
      const t = sharedTerm[n];
      const mu = normalise(common.map((o, k) => zCommon.reduce((f, zc, m) => (m !== n && zc ? f * zc[k]! : f), o.p)));
      const post = Array.from({ length: q }, (__, i) => gaussianPrior(i) * direct[n]![i]! * (t ? common.reduce((s, o, k) => s + mu[k]! * t[clamp(i + o.shift)]!, 0) : 1));
      return Float64Array.from(normalise(post));
    });
  }

  it('three raters who disagree, one of whom rates one competency only, and a work sample', () => {
    // The manager rates high, one peer low, and the other peer (listening only) in between; a work
    // sample on feedback is the evidence that is not a rating.
    const observations: Observation[] = [
      { item: item('l-freq-1'), outcome: 4, rater: 'manager', raterId: 'm1' },
      { item: item('l-anch-1'), outcome: 2, rater: 'manager', raterId: 'm1' },
      { item: item('f-freq-1'), outcome: 4, rater: 'manager', raterId: 'm1' },
      { item: item('l-freq-1'), outcome: 1, rater: 'peer', raterId: 'p1' },
      { item: item('l-anch-1'), outcome: 0, rater: 'peer', raterId: 'p1' },
      { item: item('f-freq-1'), outcome: 1, rater: 'peer', raterId: 'p1' },
      { item: item('l-freq-1'), outcome: 2, rater: 'peer', raterId: 'p2' },
      { item: item('f-ev-1'), outcome: 1, rater: 'self' },
    ];
    const evidence = new Evidence(bank, config.selfLeniency);
    for (const o of observations) evidence.add(o);
    const posteriors = fuse(bank, evidence, competencies);
    const truth = onePass(evidence, ['manager:m1', 'peer:p1', 'peer:p2']);
    competencies.forEach((c, n) => {
      const d = maxDifference(posteriors.get(c)!.weights, truth[n]!);
      assert.ok(d < 1e-9, `competency ${c}: largest difference ${d}`);
    });
    // Two raters, only the manager on feedback: no other rater tells the manager's offset there, so
    // feedback does not inform it (and listening's offset comes from the prior alone).
    const alone = new Evidence(bank, config.selfLeniency);
    for (const o of [...observations.slice(0, 5), observations[7]!]) alone.add(o);
    const alonePosteriors = fuse(bank, alone, competencies);
    const aloneTruth = onePass(alone, ['manager:m1', 'peer:p1']);
    competencies.forEach((c, n) => {
      const d = maxDifference(alonePosteriors.get(c)!.weights, aloneTruth[n]!);
      assert.ok(d < 1e-9, `two raters, competency ${c}: largest difference ${d}`);
    });
    // The raters' own offsets matter here: each left at its prior instead, the posteriors differ.
    const atPriorOnly = onePass(evidence, ['manager:m1', 'peer:p1', 'peer:p2'], false);
    assert.ok(maxDifference(atPriorOnly[0]!, truth[0]!) > 1e-4, `listening moves by ${maxDifference(atPriorOnly[0]!, truth[0]!)}`);
  });
});

describe('related competencies: the cavity prior from the correlation layer', () => {
  it("each competency's prior is the Gaussian conditional on the other's own evidence, summarised as a pseudo-observation", () => {
    // tiny with listening and feedback related (0.6, taken at RELATED_SHRINK of it). Listening: a
    // situational item and a self-rating; feedback: a work sample; and a forced choice between them.
    const related: Model = { ...tiny, competencies: tiny.competencies.map((c) => (c.id === 'listening' ? { ...c, related: [{ competency: 'feedback', correlation: 0.6 }] } : c)) };
    const rb = bankFor(related);
    const leniency = resolveConfig(related, rb, { currentRole: 'member' }).selfLeniency;
    const [cl, cf] = ['listening', 'feedback'].map((id) => rb.competencyIndex.get(id)!) as [number, number];
    const pair = rb.items.findIndex((i) => i.pair !== undefined);
    const [c0, c1] = rb.items[pair]!.pair!;
    const evidence = new Evidence(rb, leniency);
    for (const o of [
      { item: rb.itemIndex.get('l-sjt-1')!, outcome: 2, rater: 'self' },
      { item: rb.itemIndex.get('l-freq-1')!, outcome: 4, rater: 'self' },
      { item: rb.itemIndex.get('f-ev-1')!, outcome: 0, rater: 'self' },
      { item: pair, outcome: 0, rater: 'self' },
    ] as Observation[]) evidence.add(o);
    const posteriors = fuse(rb, evidence, [cl, cf]);

    const g = rb.grid;
    const v = g.priorSD ** 2;
    const prior = (i: number) => Math.exp((-0.5 * g.points[i]! ** 2) / v);
    // Listening's self term: the self-view through K_u, mixed over β's prior (feedback, with one kind
    // of evidence, tells nothing about β).
    const { typicalSD, atypicalSD, atypicalShare } = FUSION.selfView;
    const u = (d: number): number => mixture(d, [{ sd: typicalSD, share: 1 - atypicalShare }, { sd: atypicalSD, share: atypicalShare }]);
    const selfThrough = through(evidence.competencies[cl]!.self.map(Math.exp), u);
    const betas = offsetsOf(FUSION.offsetRange.self, (x) => mixture(x, FUSION.selfBias));
    const selfTerm = (i: number) => betas.reduce((s, b) => s + b.p * selfThrough(i, b.shift), 0);
    const own = new Map<number, (i: number) => number>([
      [cl, (i) => Math.exp(evidence.competencies[cl]!.direct[i]!) * selfTerm(i)],
      [cf, (i) => Math.exp(evidence.competencies[cf]!.direct[i]!)],
    ]);
    // The forced choice's message to each side: the other side's posterior from its own evidence.
    const table = rb.pairTable(pair);
    const ownWeights = (c: number) => {
      const w = Array.from({ length: q }, (_, i) => prior(i) * own.get(c)!(i));
      const s = w.reduce((a, b) => a + b, 0);
      return w.map((x) => x / s);
    };
    const [w0, w1] = [ownWeights(c0), ownWeights(c1)];
    const message = new Map<number, (i: number) => number>([
      [c0, (i) => w1.reduce((s, w, j) => s + w * table[q - 1 + i - j]!, 0)],
      [c1, (j) => w0.reduce((s, w, i) => s + w * table[q - 1 + i - j]!, 0)],
    ]);
    // Each one's own posterior (population prior, own evidence, message) as a Gaussian: the prior
    // N(0, v) times an observation y of precision π, so 1/s² = 1/v + π and m/s² = π·y.
    const summary = (c: number) => {
      const w = Array.from({ length: q }, (_, i) => prior(i) * own.get(c)!(i) * message.get(c)!(i));
      const s = w.reduce((a, b) => a + b, 0);
      const m = w.reduce((a, x, i) => a + (x / s) * g.points[i]!, 0);
      // The variance as results report it: with each cell's own spread, step²/12 (grid.ts, moments).
      const var_ = w.reduce((a, x, i) => a + (x / s) * (g.points[i]! - m) ** 2, 0) + g.step ** 2 / 12;
      const precision = 1 / var_ - 1 / v;
      return { y: (m / var_) / precision, precision };
    };
    const rho = 0.6 * RELATED_SHRINK;
    for (const [c, other] of [[cl, cf], [cf, cl]] as const) {
      const obs = summary(other);
      const s = v + 1 / obs.precision;
      const cavity = { mean: (v * rho * obs.y) / s, variance: v - (v * rho) ** 2 / s };
      const p = posteriors.get(c)!;
      assert.ok(Math.abs(p.cavity.mean - cavity.mean) < 1e-9, `${c} cavity mean ${p.cavity.mean} vs ${cavity.mean}`);
      assert.ok(Math.abs(p.cavity.variance - cavity.variance) < 1e-9, `${c} cavity variance ${p.cavity.variance} vs ${cavity.variance}`);
      assert.ok(Math.abs(cavity.mean) > 0.02, `the other competency moves ${c}: ${cavity.mean}`);
      // The posterior: the cavity in place of the population prior, times the own evidence and message.
      const w = Array.from({ length: q }, (_, i) => Math.exp((-0.5 * (g.points[i]! - cavity.mean) ** 2) / cavity.variance) * own.get(c)!(i) * message.get(c)!(i));
      const total = w.reduce((a, b) => a + b, 0);
      const d = maxDifference(p.weights, Float64Array.from(w, (x) => x / total));
      assert.ok(d < 1e-9, `competency ${c}: largest difference ${d}`);
    }
  });
});
