// The planner's search (select.ts) against references written here: the objective G computed from
// scratch for any set of modules, plain greedy (every candidate re-scored every round) for the lazy
// greedy, and remove-and-refill checked by trying every removal. The plan tests and the optimality
// tests judge whole plans; these judge each part of the search, so a broken part cannot hide behind
// another that happens to make up for it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateInstance, type InstanceSpec } from '../../test/support/plan-instances.js';
import { DEFAULT_BLEND } from '../model/defaults.js';
import { analyse } from './gaps.js';
import { indexModel } from './model-index.js';
import { closureOf, compileProblem, reductionAt, type PlanningProblem } from './problem.js';
import { lazyGreedy, selectModules, SelectionState } from './select.js';
import { DEFAULT_BLEND_STRENGTH } from './settings.js';

const EPSILON = 1e-12;

function problemOf(spec: InstanceSpec): PlanningProblem {
  const { model, results } = generateInstance(spec);
  return compileProblem(analyse(indexModel(model), results, {}), { budget: spec.budgetMinutes, completed: new Set(), blend: DEFAULT_BLEND, blendStrength: DEFAULT_BLEND_STRENGTH });
}

/** G(S) from the problem's arrays: Σ_c f_c(x_c) + b Σ_mod [min(credited, cap) − max(0, minutes − cap)]. */
function objective(p: PlanningProblem, modules: Iterable<number>): number {
  const x = new Float64Array(p.nComp);
  const credited = [0, 0, 0];
  const spent = [0, 0, 0];
  for (const m of new Set(modules)) {
    credited[p.modality[m]!]! += p.blendCredit[m]!;
    spent[p.modality[m]!]! += p.minutes[m]!;
    for (let e = p.effStart[m]!; e < p.effStart[m + 1]!; e++) x[p.effComp[e]!]! += p.effGain[e]!;
  }
  let total = 0;
  for (let c = 0; c < p.nComp; c++) total += reductionAt(p, c, x[c]!);
  for (let k = 0; k < 3; k++) total += p.blendScale * (Math.min(credited[k]!, p.blendCap[k]!) - Math.max(0, spent[k]! - p.blendCap[k]!));
  return total;
}

const minutesOf = (p: PlanningProblem, modules: Iterable<number>): number => [...new Set(modules)].reduce((t, m) => t + p.minutes[m]!, 0);
const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≠ ${expected}`);

/** Greedy without laziness: each round scores every candidate's closure against the current plan. */
function plainGreedy(p: PlanningProblem, start: readonly number[] = []): number[] {
  const state = new SelectionState(p);
  for (const m of start) state.add(m);
  for (;;) {
    let best = -1;
    let bestScore = 0;
    for (const m of p.candidates) {
      if (state.selected[m]) continue;
      const gain = state.gainOf(m);
      if (state.lastCost > state.remaining || gain <= EPSILON) continue;
      const score = gain / state.lastCost;
      if (score > bestScore || (score === bestScore && m < best)) [best, bestScore] = [m, score];
    }
    if (best < 0 || bestScore <= EPSILON) return state.order;
    state.add(best);
  }
}

const SPECS: InstanceSpec[] = [
  { competencies: 10, modules: 24, roles: 2, seed: 3, budgetMinutes: 600, requirementsPerRole: 8, prerequisiteShare: 0.4 },
  { competencies: 14, modules: 40, roles: 3, seed: 8, budgetMinutes: 900, requirementsPerRole: 10, prerequisiteShare: 0.5, declared: 'shuffled' },
  { competencies: 20, modules: 60, roles: 3, seed: 13, budgetMinutes: 1500, requirementsPerRole: 14, prerequisiteShare: 0.3, declared: 'reversed' },
  { competencies: 8, modules: 30, roles: 2, seed: 21, budgetMinutes: 300, requirementsPerRole: 6, prerequisiteShare: 0.6 },
];

describe('SelectionState keeps the objective of the modules it holds', () => {
  for (const spec of SPECS) {
    it(`seed ${spec.seed}: value, minutes and every gain agree with G computed from scratch`, () => {
      const p = problemOf(spec);
      assert.ok(p.blendScale > 0, 'the blend bonus takes part');
      const state = new SelectionState(p);
      close(state.value(), objective(p, []), 'empty plan');
      let checked = 0;
      // Add candidates' closures one after another, checking every other candidate's gain each time.
      for (const next of [...p.candidates].reverse().slice(0, 8)) {
        for (const m of p.candidates) {
          if (state.selected[m]) continue;
          const gain = state.gainOf(m);
          const closure = [...closureOf(p, m)];
          close(gain, objective(p, [...state.order, ...closure]) - objective(p, state.order), `gain of ${m}`);
          close(state.lastCost, minutesOf(p, closure.filter((q) => !state.selected[q])), `cost of ${m}`);
          checked++;
        }
        if (state.selected[next]) continue;
        const added = state.add(next);
        assert.deepEqual(added, [...closureOf(p, next)].filter((q) => added.includes(q)), 'prerequisites first');
        close(state.value(), objective(p, state.order), 'value after adding');
        close(state.minutes, minutesOf(p, state.order), 'minutes after adding');
        close(state.remaining, p.budget - minutesOf(p, state.order), 'remaining');
      }
      assert.ok(checked > 50, `${checked} gains checked`);
    });
  }

  it('a banned module makes every closure holding it unaffordable, and a rebuild leaves out what it is told', () => {
    const p = problemOf(SPECS[1]!);
    const withPrerequisite = [...p.candidates].find((m) => closureOf(p, m).length > 1)!;
    const prerequisite = closureOf(p, withPrerequisite)[0]!;
    const state = new SelectionState(p);
    state.banned[prerequisite] = 1;
    assert.equal(state.gainOf(withPrerequisite), 0);
    assert.equal(state.lastCost, Infinity);
    state.banned[prerequisite] = 0;
    state.add(withPrerequisite);
    const rebuilt = state.rebuild(new Set([withPrerequisite]));
    assert.deepEqual(rebuilt.order, state.order.filter((m) => m !== withPrerequisite));
    close(rebuilt.value(), objective(p, rebuilt.order), 'rebuilt value');
    close(rebuilt.minutes, minutesOf(p, rebuilt.order), 'rebuilt minutes');
    assert.equal(rebuilt.selected[withPrerequisite], 0);
    assert.ok(state.rebuild().order.every((m, i) => m === state.order[i]), 'a full rebuild keeps the order');
  });
});

describe('lazy greedy chooses exactly what plain greedy chooses', () => {
  for (const spec of SPECS) {
    it(`seed ${spec.seed}: same modules in the same order, within the budget, with fewer evaluations`, () => {
      const p = problemOf(spec);
      const expected = plainGreedy(p);
      const state = new SelectionState(p);
      const report = lazyGreedy(state);
      assert.deepEqual(state.order, expected);
      assert.ok(state.minutes <= p.budget);
      assert.ok(expected.length >= 3, `${expected.length} modules chosen: the instance leaves a choice`);
      // Every candidate that fitted alone at the start, with its gain alone.
      const fresh = new SelectionState(p);
      const singles = [...p.candidates].flatMap((m) => {
        const gain = fresh.gainOf(m);
        return fresh.lastCost <= p.budget && gain > EPSILON ? [{ module: m, gain }] : [];
      });
      assert.deepEqual(report.singles.map((s) => s.module), singles.map((s) => s.module));
      report.singles.forEach((s, i) => close(s.gain, singles[i]!.gain, `single ${s.module}`));
      assert.equal(report.evaluations, state.evaluations);
      assert.ok(report.evaluations < expected.length * p.candidates.length, 'stale scores spare evaluations');
    });

    it(`seed ${spec.seed}: from a plan already begun, the same as plain greedy from there`, () => {
      const p = problemOf(spec);
      const first = p.candidates[p.candidates.length - 1]!;
      const state = new SelectionState(p);
      state.add(first);
      lazyGreedy(state);
      assert.deepEqual(state.order, plainGreedy(p, [first]));
    });
  }

  // Instances (found by search) where choosing a prerequisite makes a dependant's closure cheaper, so
  // its score rises: the lazy greedy must score the dependants again, not trust their stale scores.
  it('a dependant whose prerequisite was just chosen is scored again', () => {
    for (const [seed, budgetMinutes, prerequisiteShare] of [[13, 900, 0.8], [37, 900, 0.8], [102, 480, 0.5]] as const) {
      const p = problemOf({ competencies: 8, modules: 30, roles: 2, seed, budgetMinutes, requirementsPerRole: 6, prerequisiteShare });
      const state = new SelectionState(p);
      lazyGreedy(state);
      assert.deepEqual(state.order, plainGreedy(p), `seed ${seed}`);
    }
  });
});

/** True when no remove-and-refill step (drop one module and what needs it, forbid it, refill greedily) does better. */
function noRemovalImproves(p: PlanningProblem, chosen: readonly number[], fixed: ReadonlySet<number>): boolean {
  const value = objective(p, chosen);
  for (const m of chosen) {
    if (fixed.has(m)) continue;
    const kept = chosen.filter((q) => q !== m && !closureOf(p, q).includes(m));
    const trial = new SelectionState(p);
    for (const q of kept) trial.addOne(q);
    trial.banned[m] = 1;
    lazyGreedy(trial);
    if (objective(p, trial.order) > value + 1e-9 * Math.max(1, value)) return false;
  }
  return true;
}

describe('selectModules', () => {
  for (const spec of SPECS) {
    it(`seed ${spec.seed}: at least as good as greedy and as every seeded greedy, and no single removal improves it`, () => {
      const p = problemOf(spec);
      const state = selectModules(p, { improve: true });
      const chosen = state.order;
      close(state.value(), objective(p, chosen), 'value');
      assert.ok(state.minutes <= p.budget);
      for (const m of chosen) for (const q of closureOf(p, m)) assert.ok(chosen.indexOf(q) <= chosen.indexOf(m), `${q} before ${m}`);
      const value = objective(p, chosen);
      assert.ok(value >= objective(p, plainGreedy(p)) - 1e-9);
      for (const m of p.candidates) {
        const seeded = new SelectionState(p);
        seeded.gainOf(m);
        if (seeded.lastCost > p.budget) continue;
        assert.ok(value >= objective(p, plainGreedy(p, [m])) - 1e-9, `seeded with ${m}`);
      }
      assert.ok(noRemovalImproves(p, chosen, new Set()), 'a local optimum');
    });
  }

  it('forced modules come first when they fit, and stay through the local search', () => {
    const p = problemOf(SPECS[2]!);
    const greedy = plainGreedy(p);
    // Modules greedy would not choose: forcing them changes the plan.
    const outside = [...p.candidates].filter((m) => !greedy.includes(m) && closureOf(p, m).length === 1).slice(0, 2);
    assert.equal(outside.length, 2);
    const state = selectModules(p, { forced: outside, improve: true });
    assert.deepEqual(state.order.slice(0, 2), outside);
    assert.ok(noRemovalImproves(p, state.order, new Set(outside)));
    // A forced module that does not fit is left out.
    const tight = problemOf({ ...SPECS[2]!, budgetMinutes: p.minutes[outside[0]!]! - 1 });
    const left = selectModules(tight, { forced: [outside[0]!] });
    assert.ok(!left.order.includes(outside[0]!));
  });

  it("'auto' improves small catalogues within its allowance and matches improve: true there", () => {
    const p = problemOf(SPECS[1]!);
    assert.deepEqual(selectModules(p).order, selectModules(p, { improve: true }).order);
    const plain = selectModules(p, { improve: false });
    assert.ok(selectModules(p).value() >= plain.value() - 1e-12);
  });

  it('improve: false stops at the greedy plan (and its safeguard), which the improvements beat here', () => {
    const p = problemOf(SPECS[1]!);
    const greedy = plainGreedy(p);
    const plain = selectModules(p, { improve: false });
    assert.deepEqual(plain.order, greedy);
    assert.ok(selectModules(p, { improve: true }).value() > plain.value() + 1e-6, 'the instance leaves the improvements something to find');
  });
});

/**
 * A hand-made problem: one competency, one requirement; module 0 (100 min) alone closes most of
 * the gap, modules 1 and 2 (60 min each) do less but more per minute. With 100 minutes greedy takes
 * a 60-minute module first and then nothing fits: the best single closure must replace it.
 */
function knapsackTrap(): PlanningProblem {
  const index = { before: [[], [], []] };
  const p = {
    analysis: { index },
    nComp: 1,
    mean: Float64Array.of(-1),
    sd: Float64Array.of(0.3),
    termStart: Int32Array.of(0, 1),
    termThreshold: Float64Array.of(1),
    termWeight: Float64Array.of(1),
    termBase: Float64Array.of(0),
    nModules: 3,
    minutes: Float64Array.of(100, 60, 60),
    modality: Uint8Array.of(0, 0, 0),
    effStart: Int32Array.of(0, 1, 2, 3),
    effComp: Int32Array.of(0, 0, 0),
    effGain: Float64Array.of(1.8, 1.2, 1.2),
    blendCredit: new Float64Array(3),
    blendCap: new Float64Array(3),
    blendScale: 0,
    completed: new Uint8Array(3),
    candidates: Int32Array.of(0, 1, 2),
    closures: [],
    budget: 100,
  };
  // termBase is ES before any module, as compileProblem sets it.
  const problem = p as unknown as PlanningProblem;
  p.termBase[0] = 0;
  p.termBase[0] = -reductionAt(problem, 0, 0);
  return problem;
}

describe('the best single closure as a safeguard', () => {
  it('beats greedy under a knapsack budget, with and without the improvements', () => {
    const p = knapsackTrap();
    const first = new SelectionState(p);
    const ratios = [0, 1, 2].map((m) => first.gainOf(m) / p.minutes[m]!);
    assert.ok(ratios[1]! > ratios[0]!, 'the small module scores higher per minute');
    assert.deepEqual(plainGreedy(p), [1], 'greedy falls into the trap');
    assert.ok(objective(p, [0]) > objective(p, [1]), 'the large module alone is worth more');
    assert.deepEqual(selectModules(p, { improve: false }).order, [0]);
    assert.deepEqual(selectModules(p, { improve: true }).order, [0]);
  });

  it('equal scores go to the lower module index, in the lazy greedy as in plain greedy', () => {
    const p = { ...knapsackTrap(), budget: 130, closures: [] } as PlanningProblem;
    const state = new SelectionState(p);
    lazyGreedy(state);
    assert.deepEqual(state.order, [1, 2], 'modules 1 and 2 are identical: 1 first');
    assert.deepEqual(plainGreedy(p), [1, 2]);
  });
});
