/**
 * Ordering the chosen modules: every module after the modules it needs first (prerequisites and the
 * module a revisit revisits); awareness steps for blind spots first, then other blind-spot and awareness
 * steps; then by value per hour. A module
 * that others need inherits their urgency, so a prerequisite is done just in time rather than last.
 */
import type { PriorityClass } from './types.js';

export interface OrderInput {
  /** Chosen modules (any order). */
  modules: readonly number[];
  /** Modules to do first, per module (only links inside `modules` count). */
  before: readonly (readonly number[])[];
  /** 0 = awareness step for a blind spot, 1 = other awareness or blind-spot step, 2 = the rest. */
  priorityClass: (m: number) => PriorityClass;
  valuePerHour: (m: number) => number;
}

export interface Ordered {
  order: number[];
  /** Effective class and value per hour after inheritance from dependants. */
  priorityClass: Map<number, PriorityClass>;
  urgency: Map<number, number>;
  /** In-plan modules each module is needed by (direct links). */
  unlocks: Map<number, number[]>;
}

export function orderModules(input: OrderInput): Ordered {
  const inPlan = new Set(input.modules);
  const unlocks = new Map<number, number[]>(input.modules.map((m) => [m, []]));
  const needs = new Map<number, number>(input.modules.map((m) => [m, 0]));
  for (const m of input.modules) {
    for (const q of input.before[m]!) {
      if (!inPlan.has(q)) continue;
      unlocks.get(q)!.push(m);
      needs.set(m, needs.get(m)! + 1);
    }
  }
  // Inherit class and urgency from dependants: depth-first post-order with an explicit stack, so a
  // chain of any length fits (links form a DAG within a plan; `visiting` stops any cycle through
  // revisit links).
  const priorityClass = new Map<number, PriorityClass>();
  const urgency = new Map<number, number>();
  const visiting = new Set<number>();
  const settle = (m: number): void => {
    const dependants = unlocks.get(m)!;
    let cls = input.priorityClass(m);
    let value = input.valuePerHour(m);
    for (const d of dependants) {
      cls = Math.min(cls, priorityClass.get(d) ?? cls) as PriorityClass;
      value = Math.max(value, urgency.get(d) ?? value);
    }
    visiting.delete(m);
    priorityClass.set(m, cls);
    urgency.set(m, value);
  };
  for (const root of input.modules) {
    if (priorityClass.has(root) || visiting.has(root)) continue;
    visiting.add(root);
    const stack = [root];
    const next = [0];
    while (stack.length > 0) {
      const top = stack.length - 1;
      const m = stack[top]!;
      const d = unlocks.get(m)![next[top]!++];
      if (d === undefined) {
        settle(m);
        stack.pop();
        next.pop();
      } else if (!priorityClass.has(d) && !visiting.has(d)) {
        visiting.add(d);
        stack.push(d);
        next.push(0);
      }
    }
  }

  const ready = input.modules.filter((m) => needs.get(m) === 0);
  const first = (a: number, b: number): number => priorityClass.get(a)! - priorityClass.get(b)! || urgency.get(b)! - urgency.get(a)! || a - b;
  const order: number[] = [];
  while (ready.length > 0) {
    // Plans hold tens of steps: a sorted ready list is simpler than a heap and fast enough.
    ready.sort(first);
    const m = ready.shift()!;
    order.push(m);
    for (const d of unlocks.get(m)!) {
      const left = needs.get(d)! - 1;
      needs.set(d, left);
      if (left === 0) ready.push(d);
    }
  }
  // A cycle (only possible through revisit links) leaves modules unplaced: append them in input order.
  if (order.length < input.modules.length) for (const m of input.modules) if (!order.includes(m)) order.push(m);
  return { order, priorityClass, urgency, unlocks };
}
