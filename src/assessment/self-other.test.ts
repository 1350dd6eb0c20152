// The blind-spot probability and forced-choice messages against brute force on the tiny model (two
// competencies, no `related`): the whole joint posterior enumerated straight from the model's
// definition — the self-view bias β, each θ and each self-view s — and the quantities read from it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import type { Model } from '../model/types.js';
import { bankFor } from './bank.js';
import { resolveConfig } from './config.js';
import { Evidence, type Observation } from './evidence.js';
import { compareSelfOther, FUSION, fuse, pOverGivenTheta } from './posterior.js';

const tiny = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Model;
let bank: ReturnType<typeof bankFor>;
let selfLeniency: number;
let q: number;
let step: number;
let competencies: [number, number];
before(() => {
  bank = bankFor(tiny);
  selfLeniency = resolveConfig(tiny, bank, { currentRole: 'member' }).selfLeniency;
  q = bank.grid.size;
  step = bank.grid.step;
  competencies = [bank.competencyIndex.get('listening')!, bank.competencyIndex.get('feedback')!];
});
const item = (id: string): number => bank.itemIndex.get(id)!;
const self = (id: string, outcome: number): Observation => ({ item: item(id), outcome, rater: 'self' });

const normal = (x: number, sd: number): number => Math.exp((-0.5 * x * x) / (sd * sd)) / sd;
const mixture = (x: number, parts: readonly { sd: number; share: number }[]): number => parts.reduce((s, p) => s + p.share * normal(x, p.sd), 0);
const { typicalSD, atypicalSD, atypicalShare } = FUSION.selfView;
/** What is left of the self-view per competency, u = s − θ − β. */
const u = (d: number): number => mixture(d, [{ sd: typicalSD, share: 1 - atypicalShare }, { sd: atypicalSD, share: atypicalShare }]);
/** β's offsets: multiples of 0.25 θ within ±2, with their prior. */
const biases = (): { shift: number; p: number }[] => {
  const half = Math.round(FUSION.offsetRange.self / (2 * step));
  return Array.from({ length: 2 * half + 1 }, (_, k) => ({ shift: 2 * (k - half), p: mixture(2 * (k - half) * step, FUSION.selfBias) }));
};
const populationPrior = (i: number): number => Math.exp((-0.5 * bank.grid.points[i]! ** 2) / bank.grid.priorSD ** 2);
/** The margin rule: above it counts 1, exactly at it ½. */
const beyond = (d: number): number => (d > FUSION.margin + 1e-9 ? 1 : d > FUSION.margin - 1e-9 ? 0.5 : 0);

/**
 * compareSelfOther's pOver and gap by enumeration over cells: each (θ index i, self-view centre x,
 * weight w) spreads w over s by K_u(s − x), normalised over the grid, times the self likelihood.
 */
function enumerated(selfRaw: ArrayLike<number>, cells: Iterable<{ i: number; x: number; w: number }>): { pOver: number; gap: number } {
  let mass = 0;
  let over = 0;
  let gap = 0;
  for (const { i, x, w } of cells) {
    let den = 0;
    for (let s = 0; s < q; s++) den += u((s - x) * step);
    for (let s = 0; s < q; s++) {
      const m = (w * u((s - x) * step) * selfRaw[s]!) / den;
      mass += m;
      over += m * beyond((s - i) * step);
      gap += m * (s - i) * step;
    }
  }
  return { pOver: over / mass, gap: gap / mass };
}

/**
 * Σ over the joint (β, θ_c, s_c) and the other competency's (θ, s) of f(θ_c index, s_c index), with the
 * self-view s around x = θ + β (read at the grid's end beyond it), K_u normalised over the grid.
 */
function bruteForce(evidence: Evidence, c: number, other: number, f: (i: number, j: number) => number): number {
  const ownOf = (k: number) => {
    const e = evidence.competencies[k]!;
    return { rest: e.direct.map((x, i) => Math.exp(x) * populationPrior(i)), self: e.self.map(Math.exp), hasSelf: e.selfCount > 0 };
  };
  const mine = ownOf(c);
  const theirs = ownOf(other);
  // P(s's answers | x) for a self-view centred at x.
  const through = (self: Float64Array) => (x: number) => {
    let num = 0;
    let den = 0;
    for (let s = 0; s < q; s++) {
      const k = u((s - x) * step);
      num += k * self[s]!;
      den += k;
    }
    return num / den;
  };
  const theirSelf = through(theirs.self);
  let total = 0;
  for (const { shift, p } of biases()) {
    let z = 0;
    for (let i = 0; i < q; i++) z += theirs.rest[i]! * (theirs.hasSelf ? theirSelf(Math.min(q - 1, Math.max(0, i + shift))) : 1);
    for (let i = 0; i < q; i++) {
      const x = Math.min(q - 1, Math.max(0, i + shift));
      let den = 0;
      for (let s = 0; s < q; s++) den += u((s - x) * step);
      for (let s = 0; s < q; s++) total += p * z * mine.rest[i]! * (u((s - x) * step) / den) * mine.self[s]! * f(i, s);
    }
  }
  return total;
}

describe('P(blind spot), P(hidden strength) and the gap against brute force', () => {
  // Thunks: the observations need the bank, which is built in `before` (nothing runs while the file loads).
  const cases: [string, () => Observation[]][] = [
    ['inflated on both', () => [self('l-freq-1', 4), self('l-anch-1', 2), self('l-sjt-1', 0), self('f-freq-1', 4), self('f-ev-1', 0)]],
    ['modest on both', () => [self('l-freq-1', 1), self('l-anch-1', 0), self('l-sjt-1', 2), self('f-freq-1', 2), self('f-ev-1', 2)]],
    ['mixed', () => [self('l-freq-1', 4), self('l-sjt-1', 2), self('f-freq-1', 0), self('f-ev-1', 2)]],
  ];
  for (const [name, observations] of cases) {
    it(`${name}: pOver, pUnder and the gap, for both competencies`, () => {
      const evidence = new Evidence(bank, selfLeniency);
      for (const o of observations()) evidence.add(o);
      const posteriors = fuse(bank, evidence, competencies);
      for (const [c, other] of [competencies, [competencies[1], competencies[0]]] as [number, number][]) {
        const cmp = compareSelfOther(bank.grid, posteriors.get(c)!)!;
        const mass = bruteForce(evidence, c, other, () => 1);
        const over = bruteForce(evidence, c, other, (i, s) => beyond((s - i) * step)) / mass;
        const under = bruteForce(evidence, c, other, (i, s) => beyond((i - s) * step)) / mass;
        const gap = bruteForce(evidence, c, other, (i, s) => (s - i) * step) / mass;
        assert.ok(Math.abs(cmp.pOver - over) < 1e-9, `${c} pOver ${cmp.pOver} vs ${over}`);
        assert.ok(Math.abs(cmp.pUnder - under) < 1e-9, `${c} pUnder ${cmp.pUnder} vs ${under}`);
        assert.ok(Math.abs(cmp.gap - gap) < 1e-9, `${c} gap ${cmp.gap} vs ${gap}`);
      }
    });
  }

  it('a wider margin finds fewer over- and underestimates; nothing without self-report', () => {
    const evidence = new Evidence(bank, selfLeniency);
    for (const o of cases[0]![1]()) evidence.add(o);
    const p = fuse(bank, evidence, competencies).get(competencies[0])!;
    const at = compareSelfOther(bank.grid, p)!;
    const wide = compareSelfOther(bank.grid, p, 1)!;
    assert.ok(wide.pOver < at.pOver && wide.pUnder <= at.pUnder);
    assert.equal(wide.gap, at.gap, 'the gap does not depend on the margin');
    const behaviourOnly = new Evidence(bank, selfLeniency);
    behaviourOnly.add(self('l-sjt-1', 1));
    assert.equal(compareSelfOther(bank.grid, fuse(bank, behaviourOnly, competencies).get(competencies[0])!), undefined);
  });
});

describe('P(blind spot | θ), which the selector moves with each answer', () => {
  it('is the share of the self-view beyond the margin at each θ, read as fuse() reads a self-rating', () => {
    // The self-view s around x = θ + β (read at the grid's end beyond it), K_u(s − x) normalised over the
    // grid, weighted by the self likelihood and β's posterior: compareSelfOther's joint at a fixed θ.
    const evidence = new Evidence(bank, selfLeniency);
    for (const o of [self('l-freq-1', 4), self('l-sjt-1', 0), self('f-freq-1', 3), self('f-ev-1', 1)]) evidence.add(o);
    const p = fuse(bank, evidence, competencies).get(competencies[0])!;
    const curve = pOverGivenTheta(bank.grid, p);
    const offsets = biases();
    const selfLik = p.selfRaw!;
    for (let i = 0; i < q; i++) {
      let over = 0;
      let all = 0;
      offsets.forEach(({ shift }, k) => {
        const x = Math.min(q - 1, Math.max(0, i + shift));
        let den = 0;
        for (let s = 0; s < q; s++) den += u((s - x) * step);
        for (let s = 0; s < q; s++) {
          const m = (p.bias![k]! * u((s - x) * step) * selfLik[s]!) / den;
          all += m;
          over += m * beyond((s - i) * step);
        }
      });
      assert.ok(Math.abs(curve[i]! - over / all) < 1e-9, `θ index ${i}: ${curve[i]} vs ${over / all}`);
    }
    // A wider margin: fewer blind spots at every θ.
    const wide = pOverGivenTheta(bank.grid, p, 1);
    for (let i = 0; i < q; i++) assert.ok(wide[i]! <= curve[i]! + 1e-15, `θ index ${i}`);
    assert.ok(curve[0]! > curve[q - 1]!, 'low θ with high self-ratings: a blind spot is likelier');
  });
});

describe('a forced choice between two competencies', () => {
  it('gives each side the message of the other: the marginals of the joint (θ₁, θ₂) posterior', () => {
    const pair = bank.items.findIndex((i) => i.pair !== undefined);
    assert.ok(pair >= 0, 'tiny has a forced-choice item');
    const [c0, c1] = bank.items[pair]!.pair!;
    const evidence = new Evidence(bank, selfLeniency);
    for (const o of [self('l-sjt-1', 2), self('f-ev-1', 0), { item: pair, outcome: 0, rater: 'self' as const }]) evidence.add(o);
    const posteriors = fuse(bank, evidence, competencies);
    const own = [c0, c1].map((c) => evidence.competencies[c]!.direct.map((x, i) => Math.exp(x) * populationPrior(i)));
    assertPairMarginals(posteriors, pair, [c0, c1], own);
  });
});

describe('a forced choice with a self-view on one side, and the self terms a posterior carries', () => {
  it("the message from the side with self-ratings carries them (β at its prior: nothing else informs it)", () => {
    const pair = bank.items.findIndex((i) => i.pair !== undefined);
    const [c0, c1] = bank.items[pair]!.pair!;
    const selfItem = c0 === competencies[0] ? 'l-freq-1' : 'f-freq-1';
    const evidence = new Evidence(bank, selfLeniency);
    for (const o of [self('l-sjt-1', 2), self('f-ev-1', 0), self(selfItem, 1), { item: pair, outcome: 0, rater: 'self' as const }]) evidence.add(o);
    const posteriors = fuse(bank, evidence, competencies);
    // c0's self term: the self-view read through K_u at θ + β, mixed over β's prior.
    const selfLik = evidence.competencies[c0]!.self.map(Math.exp);
    const through = (x: number) => {
      let num = 0;
      let den = 0;
      for (let s = 0; s < q; s++) {
        num += u((s - x) * step) * selfLik[s]!;
        den += u((s - x) * step);
      }
      return num / den;
    };
    const selfTerm = (i: number) => biases().reduce((s, b) => s + b.p * through(Math.min(q - 1, Math.max(0, i + b.shift))), 0);
    const own = [c0, c1].map((c, n) => evidence.competencies[c]!.direct.map((x, i) => Math.exp(x) * populationPrior(i) * (n === 0 ? selfTerm(i) : 1)));
    assertPairMarginals(posteriors, pair, [c0, c1], own);

    // The self terms c0's posterior carries (CompetencyPosterior): `self`, the self likelihood mixed
    // over β's posterior, scaled to a maximum of 1; `selfConvolved`, (K_u * self) on the same scale.
    const p = posteriors.get(c0)!;
    const shifts = biases().map((b) => b.shift);
    const mix = (f: (x: number) => number) => Array.from({ length: q }, (_, i) => shifts.reduce((s, b, k) => s + p.bias![k]! * f(Math.min(q - 1, Math.max(0, i + b))), 0));
    const raw = mix((x) => p.selfRaw![x]!);
    const scale = Math.max(...raw);
    // (K_u * selfRaw) at x, normalised over the grid.
    const conv = mix((x) => {
      let num = 0;
      let den = 0;
      for (let s = 0; s < q; s++) {
        num += u((s - x) * step) * p.selfRaw![s]!;
        den += u((s - x) * step);
      }
      return num / den;
    });
    for (let i = 0; i < q; i++) {
      assert.ok(Math.abs(p.self![i]! - raw[i]! / scale) < 1e-12, `self ${i}: ${p.self![i]} vs ${raw[i]! / scale}`);
      assert.ok(Math.abs(p.selfConvolved![i]! - conv[i]! / scale) < 1e-9, `selfConvolved ${i}: ${p.selfConvolved![i]} vs ${conv[i]! / scale}`);
    }
  });

  it('compareSelfOther of a sharp posterior: every row of the self-view it reads is built afresh', () => {
    // θ's mass on one or two grid points (the rest below e^−700) and β's posterior flat, or at one offset:
    // the rows of the self-view needed are few, some alone in their block of four, at each place in it.
    // Before each, a posterior with other self evidence fills the reused rows with other values.
    const fusedWith = (observations: Observation[]) => {
      const evidence = new Evidence(bank, selfLeniency);
      for (const o of observations) evidence.add(o);
      return fuse(bank, evidence, competencies).get(competencies[0])!;
    };
    const fused = fusedWith([self('l-freq-1', 4), self('l-sjt-1', 0), self('f-freq-1', 3)]);
    const other = fusedWith([self('l-freq-1', 0), self('l-anch-1', 0)]);
    const shifts = biases().map((b) => b.shift);
    const flat = new Float64Array(shifts.length).fill(1 / shifts.length);
    const atZero = Float64Array.from(shifts, (b) => (b === 0 ? 1 : 0));
    const cases: [number[], Float64Array][] = [
      [[30, 31], flat],
      [[29, 30], flat],
      ...[28, 29, 30, 31].map((at): [number[], Float64Array] => [[at], atZero]),
    ];
    for (const [points, bias] of cases) {
      const logRest = new Float64Array(q).fill(-700);
      for (const at of points) logRest[at] = 0;
      const p = { ...fused, logRest, bias };
      const want = enumerated(p.selfRaw!, shifts.flatMap((shift, k) => points.map((i) => ({ i, x: Math.min(q - 1, Math.max(0, i + shift)), w: bias[k]! }))));
      assert.ok(compareSelfOther(bank.grid, other));
      const cmp = compareSelfOther(bank.grid, p)!;
      const label = `θ at ${points}, ${bias === flat ? 'flat' : 'one'} β`;
      assert.ok(Math.abs(cmp.pOver - want.pOver) < 1e-9, `${label}: pOver ${cmp.pOver} vs ${want.pOver}`);
      assert.ok(Math.abs(cmp.gap - want.gap) < 1e-9, `${label}: gap ${cmp.gap} vs ${want.gap}`);
    }
  });

  it('without a bias posterior, compareSelfOther and P(blind spot | θ) read the self-view at β = 0', () => {
    const evidence = new Evidence(bank, selfLeniency);
    for (const o of [self('l-freq-1', 4), self('l-sjt-1', 0), self('f-freq-1', 3), self('f-ev-1', 1)]) evidence.add(o);
    const p = { ...fuse(bank, evidence, competencies).get(competencies[0])!, bias: undefined };
    const want = enumerated(p.selfRaw!, Array.from(p.logRest, (x, i) => ({ i, x: i, w: Math.exp(x) })));
    const cmp = compareSelfOther(bank.grid, p)!;
    assert.ok(Math.abs(cmp.pOver - want.pOver) < 1e-9, `pOver ${cmp.pOver} vs ${want.pOver}`);
    assert.ok(Math.abs(cmp.gap - want.gap) < 1e-9, `gap ${cmp.gap} vs ${want.gap}`);
    const curve = pOverGivenTheta(bank.grid, p);
    for (let i = 0; i < q; i++) {
      let o = 0;
      let all = 0;
      for (let s = 0; s < q; s++) {
        const m = u((s - i) * step) * p.selfRaw![s]!;
        all += m;
        o += m * beyond((s - i) * step);
      }
      assert.ok(Math.abs(curve[i]! - o / all) < 1e-9, `θ index ${i}: ${curve[i]} vs ${o / all}`);
    }
  });
});

/**
 * The posteriors of a forced choice's two competencies (outcome 0 observed) against the brute-force
 * marginals of their joint: each side's own terms `own` times the pair's tabulated probability.
 */
function assertPairMarginals(posteriors: ReturnType<typeof fuse>, pair: number, sides: readonly [number, number], own: readonly ArrayLike<number>[]): void {
  const table = bank.pairTable(pair);
  const width = 2 * q - 1;
  const marginals = [new Float64Array(q), new Float64Array(q)];
  for (let i = 0; i < q; i++) {
    for (let j = 0; j < q; j++) {
      // P(outcome 0 | θ_first = i, θ_second = j) depends on the difference, as the bank tabulates it.
      const m = own[0]![i]! * own[1]![j]! * table[0 * width + q - 1 + i - j]!;
      marginals[0]![i]! += m;
      marginals[1]![j]! += m;
    }
  }
  sides.forEach((c, n) => {
    const total = marginals[n]!.reduce((a, b) => a + b, 0);
    const w = posteriors.get(c)!.weights;
    let d = 0;
    for (let i = 0; i < q; i++) d = Math.max(d, Math.abs(w[i]! - marginals[n]![i]! / total));
    assert.ok(d < 1e-9, `competency ${c}: largest difference ${d}`);
  });
}
