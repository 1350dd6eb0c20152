// The order of a plan's modules (order.ts), on hand-made inputs whose right order is worked out here:
// prerequisites first, urgency inherited from the modules that need one, ties by module index, and
// modules on a cycle (possible only through revisit links) still placed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { orderModules } from './order.js';
import type { PriorityClass } from './types.js';

/** Modules 0…n−1 with their value per hour, what each needs first, and (optionally) their class. */
function order(values: number[], before: Record<number, number[]> = {}, classes: Record<number, PriorityClass> = {}, modules = values.map((_, m) => m)) {
  return orderModules({
    modules,
    before: values.map((_, m) => before[m] ?? []),
    priorityClass: (m) => classes[m] ?? 2,
    valuePerHour: (m) => values[m]!,
  });
}

describe('orderModules', () => {
  it('puts a prerequisite just in time: it inherits the urgency of the most urgent module that needs it', () => {
    // 0 is worth little alone but 2, the most valuable, needs it: 0, then 2, then 1.
    const r = order([1, 5, 9], { 2: [0] });
    assert.deepEqual(r.order, [0, 2, 1]);
    assert.deepEqual([...r.urgency].sort(), [[0, 9], [1, 5], [2, 9]]);
  });

  it('inherits from every module that needs it, not only the first', () => {
    // 1 and 2 both need 0; 2 (listed second) is the urgent one; 3 sits between.
    const r = order([1, 2, 9, 5], { 1: [0], 2: [0] });
    assert.equal(r.urgency.get(0), 9);
    assert.deepEqual(r.order, [0, 2, 3, 1]);
    assert.deepEqual(r.unlocks.get(0), [1, 2]);
  });

  it('inherits through a chain, and the class too: an awareness step needed first pulls its prerequisite forward', () => {
    const r = order([1, 1, 1, 8], { 1: [0], 2: [1] }, { 2: 0 });
    assert.deepEqual(r.order, [0, 1, 2, 3]);
    assert.deepEqual([0, 1, 2, 3].map((m) => r.priorityClass.get(m)), [0, 0, 0, 2]);
  });

  it('places a module only after all it needs, whatever their index', () => {
    // 1 needs 0 and 2; all three inherit 1's urgency, so only the prerequisites keep 1 after 2.
    const r = order([1, 9, 1], { 1: [0, 2] });
    assert.deepEqual(r.order, [0, 2, 1]);
  });

  it('breaks ties by module index, in whatever order the modules come', () => {
    for (const modules of [[2, 5, 7], [7, 5, 2], [5, 7, 2]]) {
      const values = [0, 0, 3, 0, 0, 3, 0, 3];
      assert.deepEqual(order(values, {}, {}, modules).order, [2, 5, 7], String(modules));
    }
  });

  it('ignores links to modules outside the plan', () => {
    const r = order([1, 2], { 0: [7], 1: [0] }, {}, [0, 1]);
    assert.deepEqual(r.order, [0, 1]);
  });

  it('still places modules on a cycle (revisit links), after the rest and in input order', () => {
    // 1 and 2 need each other; 0 and 3 are free.
    const r = order([1, 1, 1, 2], { 1: [2], 2: [1] });
    assert.deepEqual(r.order, [3, 0, 1, 2]);
    assert.equal(new Set(r.order).size, 4);
  });
});
