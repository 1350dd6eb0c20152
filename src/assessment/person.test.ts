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
import { FUSION, fuse } from './posterior.js';

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
