/**
 * Independent checks of a plan against the model and the results — written from the rules, not from
 * the planner's code, so the tests and the benchmark can count violations:
 * budget, prerequisites (and revisits) before dependants, nothing completed proposed again, every step
 * explained (why, what, how), blind-spot work first.
 */
import type { AssessmentResults } from '../../src/assessment/types.js';
import type { Model } from '../../src/model/types.js';
import type { Plan } from '../../src/planner/types.js';

export interface Violation {
  rule: 'budget' | 'prerequisite-order' | 'completed-proposed' | 'explanation' | 'blind-spot-first' | 'duplicate-step';
  detail: string;
}

export function planViolations(model: Model, results: AssessmentResults, plan: Plan, completed: readonly string[] = []): Violation[] {
  const violations: Violation[] = [];
  const modules = new Map(model.modules.map((m) => [m.id, m]));
  const position = new Map<string, number>();
  plan.steps.forEach((s, i) => {
    if (position.has(s.module)) violations.push({ rule: 'duplicate-step', detail: s.module });
    position.set(s.module, i);
  });

  const minutes = plan.steps.reduce((n, s) => n + s.minutes, 0);
  if (minutes > plan.budgetMinutes) violations.push({ rule: 'budget', detail: `${minutes} > ${plan.budgetMinutes} minutes` });

  for (const [i, step] of plan.steps.entries()) {
    const module = modules.get(step.module);
    for (const first of [...(module?.prerequisites ?? []), ...(module?.revisits ? [module.revisits] : [])]) {
      const at = position.get(first);
      if (at !== undefined && at > i) violations.push({ rule: 'prerequisite-order', detail: `${first} comes after ${step.module}` });
      if (at === undefined && !completed.includes(first) && step.status === 'todo') violations.push({ rule: 'prerequisite-order', detail: `${first} (needed by ${step.module}) is neither planned nor completed` });
    }
    if (step.status === 'todo' && completed.includes(step.module)) violations.push({ rule: 'completed-proposed', detail: step.module });
    const { why, what, how } = step.explanation;
    if (why.length === 0 || what.length === 0 || how.length === 0) violations.push({ rule: 'explanation', detail: `${step.module} lacks ${[why.length ? '' : 'why', what.length ? '' : 'what', how.length ? '' : 'how'].filter(Boolean).join('/')}` });
    if (step.status === 'todo' && !how.some((r) => r.code === 'first-action' && r.params.module === step.module)) violations.push({ rule: 'explanation', detail: `${step.module} has no first action` });
  }

  // Blind-spot work first: awareness steps for a blind spot before everything else, then other
  // awareness steps and steps that move a blind-spot competency, then the rest (each with what it needs first).
  const blind = new Set(results.competencies.filter((c) => c.selfOther?.flag === 'blind-spot').map((c) => c.competency));
  const gapCompetencies = new Set(plan.gaps.map((g) => g.competency));
  const tier = new Map<string, number>();
  const mark = (id: string, t: number): void => {
    if (!position.has(id) || (tier.get(id) ?? 2) <= t) return;
    tier.set(id, t);
    const module = modules.get(id);
    for (const first of [...(module?.prerequisites ?? []), ...(module?.revisits ? [module.revisits] : [])]) mark(first, t);
  };
  for (const step of plan.steps) {
    const module = modules.get(step.module)!;
    // A step is for a blind spot when it is expected to move it (or, for an awareness step, names it).
    const moves = (competency: string): boolean => module.awareness === true || step.develops.some((d) => d.competency === competency && d.expectedGain > 0);
    const forBlindSpot = module.develops.some((d) => blind.has(d.competency) && gapCompetencies.has(d.competency) && moves(d.competency));
    if (module.awareness || forBlindSpot) mark(step.module, module.awareness && forBlindSpot ? 0 : 1);
  }
  const todo = plan.steps.filter((s) => s.status === 'todo');
  for (let i = 1; i < todo.length; i++) {
    const before = tier.get(todo[i - 1]!.module) ?? 2;
    const after = tier.get(todo[i]!.module) ?? 2;
    if (after < before) violations.push({ rule: 'blind-spot-first', detail: `${todo[i]!.module} (blind-spot tier ${after}) comes after ${todo[i - 1]!.module} (tier ${before})` });
  }
  return violations;
}
