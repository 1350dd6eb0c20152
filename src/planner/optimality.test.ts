// Plan quality against exact optima on small generated instances (deterministic seeds): exhaustive
// search where the catalogue is tiny, HiGHS (MILP, WebAssembly) on somewhat larger ones.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_BLEND } from '../model/defaults.js';
import { solveExact, solveExhaustive, valueOf } from '../../test/support/plan-oracle.js';
import { generateInstance, type InstanceSpec } from '../../test/support/plan-instances.js';
import { analyse } from './gaps.js';
import { indexModel } from './model-index.js';
import { planPathway } from './plan.js';
import { compileProblem, type PlanningProblem } from './problem.js';
import { DEFAULT_BLEND_STRENGTH } from './settings.js';

/** The problem planPathway solves for this instance, and the value of the plan it returned. */
function planned(spec: InstanceSpec): { problem: PlanningProblem; value: number; minutes: number } {
  const { model, results } = generateInstance(spec);
  const plan = planPathway(model, results);
  const index = indexModel(model);
  const problem = compileProblem(analyse(index, results, {}), { budget: spec.budgetMinutes, completed: new Set(), blend: DEFAULT_BLEND, blendStrength: DEFAULT_BLEND_STRENGTH });
  return { problem, value: valueOf(problem, plan.steps.map((s) => index.moduleIndex.get(s.module)!)), minutes: plan.totalMinutes };
}

describe('optimality against exhaustive search (tiny catalogues)', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`seed ${seed}: the plan reaches at least 93% of the optimum`, () => {
      const spec = { competencies: 10, modules: 16, roles: 2, seed, budgetMinutes: 900, requirementsPerRole: 8 };
      const { problem, value } = planned(spec);
      const exact = solveExhaustive(problem);
      assert.ok(exact.value > 0, 'the instance has something to gain');
      assert.ok(value <= exact.value + 1e-9, `the plan (${value}) cannot beat the optimum (${exact.value})`);
      assert.ok(value >= 0.93 * exact.value, `${(value / exact.value).toFixed(4)} of the optimum`);
    });
  }
});

describe('optimality against HiGHS (small catalogues)', () => {
  const ratios: number[] = [];
  for (const seed of [21, 22, 23, 24]) {
    it(`seed ${seed}: at least 93% of the MILP optimum`, async () => {
      const spec = { competencies: 30, modules: 120, roles: 4, seed, budgetMinutes: 1200, requirementsPerRole: 20 };
      const { problem, value, minutes } = planned(spec);
      assert.ok(minutes <= spec.budgetMinutes);
      const exact = await solveExact(problem);
      assert.ok(exact.value <= exact.bound + 1e-6, 'the MILP bound is an upper bound');
      assert.ok(value <= exact.bound + 1e-6, 'the plan cannot beat the bound');
      const ratio = value / exact.value;
      ratios.push(ratio);
      assert.ok(ratio >= 0.93, `${ratio.toFixed(4)} of the optimum`);
    });
  }
  it('on average at least 97% of the optimum', () => {
    assert.equal(ratios.length, 4);
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    assert.ok(mean >= 0.97, `mean ${mean.toFixed(4)}`);
  });
});
