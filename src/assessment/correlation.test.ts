// Groups of related competencies (correlation.ts) from `related` links written here: who is grouped
// with whom, the correlations taken (a pair listed from both sides: their mean; shrunk by
// RELATED_SHRINK, further until positive definite), and the matrix algebra checked by multiplying back.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { requireModel } from '../model/load.js';
import type { Competency, Model } from '../model/types.js';
import { bankFor } from './bank.js';
import { Evidence } from './evidence.js';
import { moments, normalizeLog } from './grid.js';
import { fuse } from './posterior.js';
import { cavities, cholesky, correlationGroups, invertSpd, MAX_CORRELATED_GROUP, RELATED_SHRINK } from './correlation.js';

const model = (links: Record<string, [string, number][]>, ids = Object.keys(links)): Model =>
  ({ competencies: ids.map((id) => ({ id, related: (links[id] ?? []).map(([competency, correlation]) => ({ competency, correlation })) }) as Competency) }) as Model;

function product(a: ArrayLike<number>, b: ArrayLike<number>, d: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += a[i * d + k]! * b[k * d + j]!;
    out.push(s);
  }
  return out;
}
const identity = (d: number) => Array.from({ length: d * d }, (_, k) => (k % (d + 1) === 0 ? 1 : 0));
const near = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-12) => Array.from(a).every((x, k) => Math.abs(x - b[k]!) <= tol);

describe('correlationGroups', () => {
  it('groups connected competencies, takes the mean of a pair listed twice, and shrinks by RELATED_SHRINK', () => {
    const groups = correlationGroups(
      model({
        a: [['b', 0.4]],
        b: [['a', 0.6], ['c', 0.3]],
        c: [],
        d: [['d', 0.9], ['nobody', 0.5]],
        e: [['f', 0]],
        f: [],
      }),
    );
    assert.equal(groups.length, 1, 'a self-link, an unknown id and a zero correlation group nothing');
    const [g] = groups;
    assert.deepEqual(g!.members, [0, 1, 2]);
    assert.equal(g!.shrink, RELATED_SHRINK);
    const s = RELATED_SHRINK;
    assert.ok(near(g!.correlation, [1, 0.5 * s, 0, 0.5 * s, 1, 0.3 * s, 0, 0.3 * s, 1]), Array.from(g!.correlation).join(', '));
    assert.ok(near(product(g!.correlation, g!.precision, 3), identity(3), 1e-12), 'precision is the inverse');
  });

  it('shrinks further while the stated correlations are not positive definite', () => {
    // a close to b, c and d, which are far from each other: no such matrix at half strength.
    const [g] = correlationGroups(model({ a: [['b', 0.95], ['c', 0.95], ['d', 0.95]], b: [['c', -0.95], ['d', -0.95]], c: [['d', -0.95]], d: [] }));
    assert.ok(g, 'a group is still formed');
    assert.deepEqual(g.members, [0, 1, 2, 3]);
    assert.ok(g.shrink < RELATED_SHRINK && g.shrink > 0.01, `shrink ${g.shrink}`);
    assert.ok(Math.abs(g.correlation[1]! - 0.95 * g.shrink) < 1e-12);
    assert.ok(cholesky(g.correlation, 4), 'positive definite');
    // One step less shrunk (÷ 0.9), it was not.
    const previous = g.correlation.map((v, k) => (k % 5 === 0 ? 1 : v / 0.9));
    assert.equal(cholesky(previous, 4), undefined);
    assert.ok(near(product(g.correlation, g.precision, 4), identity(4), 1e-9));
  });

  it('several groups, each in model order', () => {
    const groups = correlationGroups(model({ a: [['c', 0.5]], b: [['d', 0.2]], c: [], d: [] }));
    assert.deepEqual(groups.map((g) => g.members), [[0, 2], [1, 3]]);
  });

  it('links to competencies the model lacks group nothing, even when two competencies have them', () => {
    const groups = correlationGroups(model({ a: [['ghost', 0.5]], b: [['phantom', 0.5]], c: [['d', 0.4]], d: [] }));
    assert.deepEqual(groups.map((g) => g.members), [[2, 3]]);
  });

  it(`up to ${MAX_CORRELATED_GROUP} related competencies form a group; one more, and they are treated as unrelated`, () => {
    const chain = (n: number) => {
      const ids = Array.from({ length: n }, (_, i) => `c${i}`);
      return model(Object.fromEntries(ids.map((id, i) => [id, i + 1 < n ? [[ids[i + 1]!, 0.5] as [string, number]] : []])), ids);
    };
    assert.equal(MAX_CORRELATED_GROUP, 300);
    const [g] = correlationGroups(chain(300));
    assert.equal(g?.members.length, 300);
    assert.deepEqual(correlationGroups(chain(301)), []);
  });

  it('no group when even the smallest shrink tried (below 0.01) leaves the correlations not positive definite', () => {
    // 120 competencies, every pair at −1: all off-diagonal entries −s, smallest eigenvalue 1 − 119 s,
    // positive only for s < 1/119 ≈ 0.0084. The shrinks tried are 0.5 · 0.9^k while above 0.01; the last,
    // 0.5 · 0.9^38 ≈ 0.0091, is still too strong.
    const ids = Array.from({ length: 120 }, (_, i) => `c${i}`);
    const links = Object.fromEntries(ids.map((id, i) => [id, ids.slice(i + 1).map((other) => [other, -1] as [string, number])]));
    assert.ok(0.5 * 0.9 ** 38 > 1 / 119 && 0.5 * 0.9 ** 37 > 0.01 && 0.5 * 0.9 ** 38 <= 0.01);
    assert.deepEqual(correlationGroups(model(links, ids)), []);
  });
});

describe('cavities', () => {
  it("each member's prior from the others' observations only: the Gaussian conditional, worked out by hand", () => {
    const [g] = correlationGroups(model({ a: [['b', 0.6]], b: [] }));
    const rho = 0.6 * RELATED_SHRINK;
    const v = 1.5;
    const obs = [{ y: 0.8, precision: 2 }, { y: -0.4, precision: 3 }];
    const got = cavities(g!, obs, v);
    // θ ~ N(0, v·[[1, ρ], [ρ, 1]]), y_other = θ_other + noise of variance 1/π_other:
    // E[θ | y_other] = vρ · y_other / (v + 1/π_other), Var = v − (vρ)² / (v + 1/π_other).
    [0, 1].forEach((k) => {
      const other = obs[1 - k]!;
      const s = v + 1 / other.precision;
      assert.ok(Math.abs(got[k]!.mean - (v * rho * other.y) / s) < 1e-12, `mean ${k}: ${got[k]!.mean}`);
      assert.ok(Math.abs(got[k]!.variance - (v - (v * rho) ** 2 / s)) < 1e-12, `variance ${k}: ${got[k]!.variance}`);
    });
    // Without observations, the cavity is the prior.
    assert.deepEqual(cavities(g!, [{ y: 0, precision: 0 }, { y: 0, precision: 0 }], v).map((c) => [Math.round(c.mean * 1e12) / 1e12, Math.round(c.variance * 1e12) / 1e12]), [[0, v], [0, v]]);
  });

  it('the population prior when the joint precision is not positive definite', () => {
    const [g] = correlationGroups(model({ a: [['b', 0.6]], b: [] }));
    assert.deepEqual(cavities(g!, [{ y: 1, precision: -10 }, { y: 0, precision: 0 }], 1.5), [{ mean: 0, variance: 1.5 }, { mean: 0, variance: 1.5 }]);
  });
});

describe('cholesky and invertSpd', () => {
  it('L·Lᵀ gives the matrix back, and the inverse multiplies to the identity', () => {
    const m = [4, 2, 0.6, 2, 5, 1.5, 0.6, 1.5, 3];
    const l = cholesky(m, 3)!;
    const lt = [l[0]!, l[3]!, l[6]!, l[1]!, l[4]!, l[7]!, l[2]!, l[5]!, l[8]!];
    assert.ok(near(product(l, lt, 3), m, 1e-12));
    assert.deepEqual([l[1], l[2], l[5]], [0, 0, 0], 'lower triangular');
    assert.equal(l[0], 2);
    assert.ok(near(product(m, invertSpd(m, 3)!, 3), identity(3), 1e-12));
  });

  it('refuses a matrix that is not positive definite', () => {
    assert.equal(cholesky([1, 2, 2, 1], 2), undefined);
    assert.equal(invertSpd([1, 1, 1, 1], 2), undefined, 'singular');
    assert.equal(cholesky([0], 1), undefined);
  });
});

describe('cavities in fuse()', () => {
  // A competency whose own posterior is wider than the population prior (evidence that pushes θ to
  // both ends, log-likelihood θ²/2) says nothing about its related competencies: its pseudo-observation
  // is left out (precision 0), not given a negative precision.
  it('leave out an own posterior wider than the prior', () => {
    const engineer = requireModel(readFileSync('demo/models/software-engineer.json', 'utf8'));
    const bank = bankFor(engineer);
    const group = bank.groups.find((g) => g.members.length >= 2)!;
    const [wide, ...others] = group.members as [number, ...number[]];
    const evidence = new Evidence(bank, 0);
    const e = evidence.of(wide);
    e.direct.set(bank.grid.points.map((t) => 0.5 * t * t));
    e.directCount = 1;
    const posteriors = fuse(bank, evidence, group.members);
    const priorVariance = bank.grid.priorSD ** 2;
    assert.ok(posteriors.get(wide)!.sd ** 2 > priorVariance, `sd ${posteriors.get(wide)!.sd}`);
    // Every other member has no evidence: its own posterior is the prior on the grid.
    const w = new Float64Array(bank.grid.size);
    normalizeLog(Float64Array.from(bank.grid.logPrior), w);
    const { mean, sd } = moments(bank.grid, w);
    const precision = 1 / (sd * sd) - 1 / priorVariance;
    const observations = group.members.map((c) => (c === wide ? { y: 0, precision: 0 } : { y: mean / (sd * sd * precision), precision }));
    const want = cavities(group, observations, priorVariance);
    for (const c of others) {
      const got = posteriors.get(c)!.cavity;
      const k = group.members.indexOf(c);
      assert.ok(Math.abs(got.mean - want[k]!.mean) < 1e-12 && Math.abs(got.variance - want[k]!.variance) < 1e-12, `${c}: ${JSON.stringify(got)} vs ${JSON.stringify(want[k])}`);
    }
  });
});
