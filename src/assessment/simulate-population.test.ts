// Simulated learners' true levels (simulate.ts `drawThetas`) against the population they are drawn
// from: with no correlation given, competencies correlated as the engine's groups say (the model's
// `related`, shrunk) and independent across groups; with one given, every pair at that correlation.
// Sample moments of a few thousand draws, within several standard errors. Nothing runs while loading.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { requireModel } from '../model/load.js';
import { bankFor, type Bank } from './bank.js';
import { Random } from './random.js';
import { drawRaterShifts, drawThetas } from './simulate.js';

const engineer = requireModel(readFileSync('demo/models/software-engineer.json', 'utf8'));
const N = 6000;
let bank: Bank;
before(() => {
  bank = bankFor(engineer);
});

function sample(population: Parameters<typeof drawThetas>[1]): Float64Array[] {
  const rng = new Random(21);
  return Array.from({ length: N }, () => drawThetas(bank, population, rng));
}
function moments(draws: Float64Array[], a: number, b: number): { meanA: number; sdA: number; r: number } {
  const mean = (c: number) => draws.reduce((s, t) => s + t[c]!, 0) / draws.length;
  const [ma, mb] = [mean(a), mean(b)];
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (const t of draws) {
    sab += (t[a]! - ma) * (t[b]! - mb);
    saa += (t[a]! - ma) ** 2;
    sbb += (t[b]! - mb) ** 2;
  }
  return { meanA: ma, sdA: Math.sqrt(saa / draws.length), r: sab / Math.sqrt(saa * sbb) };
}
// Standard error of a sample correlation near r: (1 − r²)/√N; five of them.
const close = (r: number, expected: number, what: string) => assert.ok(Math.abs(r - expected) < 5 * (1 - expected ** 2) / Math.sqrt(N) + 0.005, `${what}: ${r} (expected ${expected})`);

describe('simulated true levels', () => {
  it("follow the engine's correlation groups when no correlation is given", () => {
    const groups = bank.groups.filter((g) => g.members.length > 1);
    assert.ok(groups.length > 0, 'the sample model has related competencies');
    const draws = sample({ mean: 0.4, sd: 1.3 });
    for (const g of groups) {
      const d = g.members.length;
      for (let i = 0; i < d; i++) {
        for (let j = i + 1; j < d; j++) close(moments(draws, g.members[i]!, g.members[j]!).r, g.correlation[i * d + j]!, `${g.members[i]}–${g.members[j]}`);
      }
    }
    // Across groups: independent.
    const groupOf = new Map(bank.groups.flatMap((g, k) => g.members.map((c) => [c, k] as const)));
    for (let a = 0; a < bank.competencies.length; a++) {
      for (let b = a + 1; b < bank.competencies.length; b++) if (groupOf.get(a) !== groupOf.get(b)) close(moments(draws, a, b).r, 0, `${a}–${b}`);
    }
    for (let c = 0; c < bank.competencies.length; c++) {
      const m = moments(draws, c, (c + 1) % bank.competencies.length);
      assert.ok(Math.abs(m.meanA - 0.4) < 5 * 1.3 / Math.sqrt(N) && Math.abs(m.sdA - 1.3) < 0.06, `${c}: ${m.meanA} ± ${m.sdA}`);
    }
  });

  it('put every pair at the correlation given, whatever the model says', () => {
    const draws = sample({ mean: -0.2, sd: 0.8, correlation: 0.45 });
    for (let a = 0; a < bank.competencies.length; a++) for (let b = a + 1; b < bank.competencies.length; b++) close(moments(draws, a, b).r, 0.45, `${a}–${b}`);
    const m = moments(draws, 0, 1);
    assert.ok(Math.abs(m.meanA + 0.2) < 5 * 0.8 / Math.sqrt(N) && Math.abs(m.sdA - 0.8) < 0.04, `${m.meanA} ± ${m.sdA}`);
  });
});

describe("simulated raters' leniency", () => {
  // drawRaterShifts: mean + common (per learner) + shared (per learner and competency) + own (per rater)
  // + noise (per rater and competency). Covariances between two shifts of one learner follow from which
  // terms they share; checked on 6,000 learners with 3 raters and 3 competencies, within about five
  // standard errors.
  const spec = { mean: 0.2, sd: 0.4, competencySD: 0.25, sharedSD: 0.3, commonSD: 0.5 };
  const [common, shared, own, noise] = [spec.commonSD ** 2, spec.sharedSD ** 2, spec.sd ** 2, spec.competencySD ** 2];

  it('has the mean and the covariances its terms give', () => {
    const rng = new Random(5);
    const draws = Array.from({ length: N }, () => drawRaterShifts(3, 3, spec, rng));
    const mean = (f: (d: Float64Array[]) => number): number => draws.reduce((s, d) => s + f(d), 0) / N;
    const cov = (r1: number, c1: number, r2: number, c2: number): number => {
      const m1 = mean((d) => d[r1]![c1]!);
      const m2 = mean((d) => d[r2]![c2]!);
      return mean((d) => (d[r1]![c1]! - m1) * (d[r2]![c2]! - m2));
    };
    assert.ok(Math.abs(mean((d) => d[1]![2]!) - spec.mean) < 0.05, 'mean');
    const cases: [string, number, number][] = [
      ['one shift', cov(0, 0, 0, 0), common + shared + own + noise],
      ['two raters, one competency', cov(0, 1, 2, 1), common + shared],
      ['one rater, two competencies', cov(1, 0, 1, 2), common + own],
      ['two raters, two competencies', cov(0, 0, 1, 2), common],
    ];
    for (const [what, got, want] of cases) assert.ok(Math.abs(got - want) < 0.05, `${what}: ${got.toFixed(3)} against ${want}`);
  });

  it('draws in a fixed order (shared, common, then each rater), and nothing for a spread of 0', () => {
    // The simulator's runs are reproducible from their seed: the same draws in the same order.
    const z = new Random(9);
    const zs = Array.from({ length: 20 }, () => z.normal());
    const full = drawRaterShifts(2, 2, spec, new Random(9));
    const sharedZ = [zs[0]!, zs[1]!];
    const commonTerm = spec.mean + spec.commonSD * zs[2]!;
    const rater = (k: number): number[] => {
      const base = 3 + 3 * k;
      const ownTerm = commonTerm + spec.sd * zs[base]!;
      return [0, 1].map((c) => ownTerm + spec.sharedSD * sharedZ[c]! + spec.competencySD * zs[base + 1 + c]!);
    };
    full.forEach((row, k) => rater(k).forEach((want, c) => assert.ok(Math.abs(row[c]! - want) < 1e-12, `rater ${k}, competency ${c}`)));
    // Without shared or common spread, the first draw is the first rater's own leniency.
    const plain = drawRaterShifts(2, 1, { mean: 0.2, sd: 0.4, competencySD: 0.25 }, new Random(9));
    const ownTerm = 0.2 + 0.4 * zs[0]!;
    assert.deepEqual([...plain[0]!].map((x) => x.toFixed(12)), [ownTerm + 0.25 * zs[1]!, ownTerm + 0.25 * zs[2]!].map((x) => x.toFixed(12)));
    const zeroSpread = drawRaterShifts(2, 1, { mean: 0.2, sd: 0.4, competencySD: 0.25, sharedSD: 0, commonSD: 0 }, new Random(9));
    assert.deepEqual([...zeroSpread[0]!], [...plain[0]!]);
  });
});
