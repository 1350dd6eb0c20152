// A prerequisite chain far deeper than the call stack: the closure walk and the ordering are iterative,
// so 10,000 links are planned (100,000 ordered) and ordered without "Maximum call stack size exceeded".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_BLEND } from '../model/defaults.js';
import { generateInstance } from '../../test/support/plan-instances.js';
import { analyse } from './gaps.js';
import { indexModel } from './model-index.js';
import { orderModules } from './order.js';
import { planPathway } from './plan.js';
import { closureOf, compileProblem } from './problem.js';
import { DEFAULT_BLEND_STRENGTH } from './settings.js';

const LENGTH = 10_000;

describe('a chain of 10,000 prerequisites', () => {
  const { model, results } = generateInstance({ competencies: 4, modules: 4, roles: 1, seed: 32, budgetMinutes: 15 * LENGTH, prerequisiteShare: 0, chain: LENGTH, declared: 'reversed' });

  it('closureOf lists the whole chain, prerequisites first', () => {
    const index = indexModel(model);
    const problem = compileProblem(analyse(index, results, {}), { budget: 15 * LENGTH, completed: new Set(), blend: DEFAULT_BLEND, blendStrength: DEFAULT_BLEND_STRENGTH });
    const closure = Array.from(closureOf(problem, index.moduleIndex.get(`chain${LENGTH - 1}`)!), (m) => model.modules[m]!.id);
    assert.equal(closure.length, LENGTH);
    assert.ok(closure.every((id, k) => id === `chain${k}`), 'every link after the one it needs');
  });

  it('orderModules puts every link after the one it needs (100,000 links)', () => {
    const n = 100_000;
    const before = Array.from({ length: n }, (_, m) => (m > 0 ? [m - 1] : []));
    const modules = Array.from({ length: n }, (_, m) => m);
    // Only the last link is urgent: every prerequisite inherits its urgency through the whole chain.
    const { order, urgency } = orderModules({ modules, before, priorityClass: () => 2, valuePerHour: (m) => (m === n - 1 ? 5 : 0) });
    assert.deepEqual(order, modules);
    assert.equal(urgency.get(0), 5);
  });

  it('planPathway plans the model without throwing', () => {
    const plan = planPathway(model, results);
    assert.ok(plan.steps.length > 0);
  });
});
