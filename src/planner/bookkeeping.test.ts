// The plan's bookkeeping (plan.ts) with expectations worked out here: the budget and where it comes
// from, minutes per modality, readiness after the pathway, what replanning keeps and carries over, the
// notes each situation gets, and the results fingerprint a saved plan holds (FNV-1a written out here,
// checked on the algorithm's published test vectors).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import type { AssessmentResults } from '../assessment/types.js';
import type { Model } from '../model/types.js';
import { buildResults } from '../../test/support/results-builder.js';
import { planPathway, replan } from './index.js';
import { resultsFingerprint } from './plan.js';
import { DEFAULT_BUDGET_MINUTES } from './settings.js';
import type { Plan, Reason } from './types.js';

const json = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const se = json<Model>('demo/models/software-engineer.json');
const seResults = json<AssessmentResults>('test/fixtures/results/software-engineer-to-senior.json');
const noted = (plan: Plan, code: string): Reason[] => plan.notes.filter((n) => n.code === code);
const ids = (plan: Plan, status?: 'done' | 'todo'): string[] => plan.steps.filter((s) => !status || s.status === status).map((s) => s.module);
const phi = (z: number): number => {
  // Φ by Simpson's rule on [−10, z] (the planner uses its own approximation).
  const a = -10;
  const n = 4000;
  const h = (z - a) / n;
  const f = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  let s = f(a) + f(z);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
};

/** FNV-1a, 32 bits, over UTF-16 code units, as lowercase hex of 8 digits. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

describe('the budget', () => {
  const withoutBudget = (): Model => {
    const model = structuredClone(se);
    if (model.planning) delete model.planning.budgetMinutes;
    return model;
  };

  it("the learner's budget, else the model's, else the default with a note", () => {
    assert.equal(planPathway(se, seResults, { budgetMinutes: 300 }).budgetMinutes, 300);
    const model = structuredClone(se);
    model.planning = { ...model.planning, budgetMinutes: 480 };
    const fromModel = planPathway(model, seResults);
    assert.equal(fromModel.budgetMinutes, 480);
    assert.deepEqual(noted(fromModel, 'default-budget'), []);
    const byDefault = planPathway(withoutBudget(), seResults);
    assert.equal(byDefault.budgetMinutes, DEFAULT_BUDGET_MINUTES);
    assert.deepEqual(noted(byDefault, 'default-budget'), [{ code: 'default-budget', params: { minutes: DEFAULT_BUDGET_MINUTES } }]);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const plan = planPathway(withoutBudget(), seResults, { budgetMinutes: bad });
      assert.equal(plan.budgetMinutes, DEFAULT_BUDGET_MINUTES, String(bad));
      assert.equal(noted(plan, 'default-budget').length, 1);
    }
  });

  it('no budget: no steps, a note with the minutes, and the gaps still shown', () => {
    for (const minutes of [0, -30]) {
      const plan = planPathway(se, seResults, { budgetMinutes: minutes });
      assert.equal(plan.budgetMinutes, 0);
      assert.deepEqual(plan.steps, []);
      assert.equal(plan.totalMinutes, 0);
      assert.deepEqual(noted(plan, 'zero-budget'), [{ code: 'zero-budget', params: { minutes: 0 } }]);
      assert.ok(plan.gaps.length > 0);
      assert.equal(plan.objective!.after, plan.objective!.before);
    }
    assert.deepEqual(noted(planPathway(se, seResults, { budgetMinutes: 1 }), 'zero-budget'), []);
  });

  it('minutes per modality and in all add up the steps; the objective falls by what they reduce', () => {
    const plan = planPathway(se, seResults);
    const byModality: Record<string, number> = { formal: 0, social: 0, experiential: 0 };
    for (const s of plan.steps) byModality[s.modality]! += s.minutes;
    assert.deepEqual(plan.blend, byModality);
    assert.equal(plan.totalMinutes, plan.steps.reduce((n, s) => n + s.minutes, 0));
    assert.ok(plan.objective!.after >= 0 && plan.objective!.after < plan.objective!.before);
  });

  it('an unknown completed module is named in a note and changes nothing else', () => {
    const plan = planPathway(se, seResults, { completed: ['no-such-module'] });
    assert.deepEqual(noted(plan, 'unknown-module'), [{ code: 'unknown-module', params: { module: 'no-such-module' } }]);
    assert.deepEqual(ids(plan), ids(planPathway(se, seResults)));
  });
});

describe('readiness for the role aimed at', () => {
  it("the target role's requirements, their chance after the pathway from the steps' expected gains", () => {
    const plan = planPathway(se, seResults);
    const readiness = plan.readiness!;
    assert.equal(readiness.slot, 'target');
    assert.equal(readiness.role, plan.targetRole);
    const role = se.roles.find((r) => r.id === plan.targetRole)!;
    assert.deepEqual(readiness.requirements.map((r) => r.competency).sort(), role.requirements.map((r) => r.competency).sort());
    let moved = 0;
    for (const r of readiness.requirements) {
      const gain = plan.steps.reduce((g, s) => g + s.develops.filter((d) => d.competency === r.competency).reduce((x, d) => x + d.expectedGain, 0), 0);
      const estimate = seResults.competencies.find((c) => c.competency === r.competency)!;
      if (gain === 0) {
        assert.equal(r.pMeetsAfter, r.pMeets, r.competency);
        assert.equal(r.decisionAfter, r.decision, r.competency);
        continue;
      }
      moved++;
      // The threshold for the level: levels one θ apart, centred on the scale's middle, "at least" from the midpoint below.
      const scale = se.competencies.find((c) => c.id === r.competency)!.scale ?? se.scale;
      const threshold = scale.levels.findIndex((l) => l.level === r.requiredLevel) - (scale.levels.length - 1) / 2 - 0.5;
      const after = 1 - phi((threshold - (estimate.theta + gain)) / estimate.sd);
      assert.ok(Math.abs(r.pMeetsAfter - Math.max(r.pMeets, after)) < 2e-3, `${r.competency}: ${r.pMeetsAfter} vs ${after}`);
      assert.equal(r.decisionAfter, r.pMeetsAfter >= 0.8 ? 'meets' : r.pMeetsAfter <= 0.2 ? 'below' : 'unsure');
    }
    assert.ok(moved > 0, 'the pathway develops some requirement');
  });

  it('the current role when there is no target', () => {
    const plan = planPathway(se, { ...seResults, targetRole: undefined } as AssessmentResults, { targetRole: undefined });
    if (plan.targetRole === undefined) {
      assert.equal(plan.readiness!.slot, 'current');
      assert.equal(plan.readiness!.role, plan.currentRole);
    } else assert.equal(plan.readiness!.slot, 'target', 'the model names a next role: it is the target');
  });
});

describe('what a plan names', () => {
  const tiny = json<Model>('test/fixtures/tiny-model.json');
  const member: Model = { ...tiny, roles: tiny.roles.map(({ next: _, ...r }) => r) };
  const memberResults = buildResults(tiny, { currentRole: 'member', competencies: { listening: { theta: -1, sd: 0.3 }, feedback: { theta: -1.8, sd: 0.3 } } });
  it('the model and its version; readiness for the current role when no role comes next', () => {
    const plan = planPathway(member, memberResults);
    assert.deepEqual(plan.model, { id: member.id, version: member.version });
    assert.equal(plan.targetRole, undefined);
    assert.deepEqual([plan.readiness!.role, plan.readiness!.slot], ['member', 'current']);
    assert.deepEqual(plan.readiness!.requirements.map((r) => r.competency), member.roles.find((r) => r.id === 'member')!.requirements.map((r) => r.competency));
  });

  it('a replan keeps a target role that was an option, not in the results, and adds no unknown modules of its own', () => {
    // The member model names no next role, so the target can only come from the option.
    const first = planPathway(member, memberResults, { targetRole: 'lead', budgetMinutes: 600 });
    assert.equal(first.targetRole, 'lead');
    const next = replan(member, first, memberResults, { done: [first.steps[0]!.module] });
    assert.equal(next.targetRole, 'lead');
    assert.deepEqual(noted(next, 'unknown-module'), []);
    const nothingDone = replan(member, next, memberResults);
    assert.equal(nothingDone.targetRole, 'lead');
    assert.deepEqual(noted(nothingDone, 'unknown-module'), []);
    for (const p of [next, nothingDone]) for (const n of p.notes) assert.ok(typeof n === 'object' && typeof n.code === 'string', `a note without a code: ${JSON.stringify(n)}`);
  });

  it("the model's blend steers the mix of modalities; the learner's own blend overrides it", () => {
    const withBlend = (blend: Record<string, number>): Model => ({ ...se, planning: { ...se.planning, blend } as Model['planning'] });
    const share = (plan: Plan, modality: 'formal' | 'social' | 'experiential') => plan.blend[modality] / plan.totalMinutes;
    const formal = planPathway(withBlend({ formal: 1, social: 0, experiential: 0 }), seResults, { budgetMinutes: 900, blendStrength: 3 });
    const social = planPathway(withBlend({ formal: 0, social: 1, experiential: 0 }), seResults, { budgetMinutes: 900, blendStrength: 3 });
    assert.ok(share(formal, 'formal') > 0.6 && share(social, 'social') > 0.6, `${JSON.stringify(formal.blend)} / ${JSON.stringify(social.blend)}`);
    const overridden = planPathway(withBlend({ formal: 1, social: 0, experiential: 0 }), seResults, { budgetMinutes: 900, blendStrength: 3, blend: { formal: 0, social: 1, experiential: 0 } });
    assert.deepEqual(overridden.blend, social.blend);
  });

  it('the fingerprint of results without competencies covers the rest only', () => {
    const { competencies: _, ...bare } = seResults;
    const text = [bare.model.id, bare.model.version, bare.itemsAnswered, bare.currentRole, bare.targetRole].join('|');
    assert.equal(resultsFingerprint(bare as AssessmentResults), `fnv1a:${fnv1a(text)}`);
  });

  it('the fingerprint is always eight hex digits, leading zeros kept', () => {
    let leadingZero = 0;
    for (let n = 0; n < 300; n++) {
      const basis = resultsFingerprint({ ...seResults, itemsAnswered: n });
      assert.match(basis, /^fnv1a:[0-9a-f]{8}$/);
      if (basis.startsWith('fnv1a:0')) leadingZero++;
    }
    assert.ok(leadingZero > 0, 'no fingerprint with a leading zero met');
  });
});

describe('replanning', () => {
  let first: Plan;
  before(() => {
    first = planPathway(se, seResults, { budgetMinutes: 600 });
  });

  it('keeps the budget and roles of the previous plan unless given new ones; done minutes come off the budget', () => {
    const done = ids(first).slice(0, 2);
    const next = replan(se, first, seResults, { done });
    assert.equal(next.budgetMinutes, 600);
    assert.deepEqual([next.currentRole, next.targetRole], [first.currentRole, first.targetRole]);
    const spent = first.steps.filter((s) => done.includes(s.module)).reduce((n, s) => n + s.minutes, 0);
    const fresh = next.steps.filter((s) => s.status === 'todo').reduce((n, s) => n + s.minutes, 0);
    assert.ok(fresh <= 600 - spent, `${fresh} new minutes within ${600 - spent}`);
    assert.equal(next.totalMinutes, spent + fresh);
    const byModality: Record<string, number> = { formal: 0, social: 0, experiential: 0 };
    for (const s of next.steps) byModality[s.modality]! += s.minutes;
    assert.deepEqual(next.blend, byModality, 'done steps count in the blend');
    assert.deepEqual(noted(next, 'done-outside-plan'), [], 'steps of the plan are not "outside" it');
    // Results without roles (a manager's view, say): the previous plan's roles carry over.
    const roleless = { ...seResults } as Partial<AssessmentResults>;
    delete roleless.currentRole;
    delete roleless.targetRole;
    const carried = replan(se, first, roleless as AssessmentResults, { done });
    assert.deepEqual([carried.currentRole, carried.targetRole], [first.currentRole, first.targetRole]);
    const wider = replan(se, first, seResults, { done, budgetMinutes: 900 });
    assert.equal(wider.budgetMinutes, 900);
    const other = se.roles.find((r) => r.id !== first.currentRole && r.id !== first.targetRole)!;
    assert.equal(replan(se, first, seResults, { done, targetRole: other.id }).targetRole, other.id);
  });

  it('the same results: done steps count as predicted progress, with how many; new results: new evidence', () => {
    const done = ids(first).slice(0, 3);
    const next = replan(se, first, seResults, { done });
    assert.deepEqual(noted(next, 'predicted-progress'), [{ code: 'predicted-progress', params: { steps: 3 } }]);
    assert.deepEqual(noted(next, 'new-evidence'), []);
    const newer = { ...seResults, itemsAnswered: seResults.itemsAnswered + 1 };
    const fresh = replan(se, first, newer, { done });
    assert.deepEqual(noted(fresh, 'new-evidence'), [{ code: 'new-evidence', params: { steps: 3 } }]);
    assert.deepEqual(noted(fresh, 'predicted-progress'), []);
    const none = replan(se, first, seResults, {});
    assert.deepEqual([...noted(none, 'new-evidence'), ...noted(none, 'predicted-progress')], []);
    assert.deepEqual(ids(none, 'done'), []);
  });

  it('a module done outside the plan: noted, counted as completed; an unknown one: named', () => {
    const outside = se.modules.map((m) => m.id).find((id) => !ids(first).includes(id))!;
    const next = replan(se, first, seResults, { done: [outside, 'no-such-module'] });
    assert.deepEqual(noted(next, 'done-outside-plan'), [{ code: 'done-outside-plan', params: { module: outside } }]);
    assert.deepEqual(noted(next, 'unknown-module'), [{ code: 'unknown-module', params: { module: 'no-such-module' } }]);
    assert.ok(!ids(next, 'todo').includes(outside), 'not proposed again');
  });
});

describe('the results fingerprint a plan keeps (`basis`)', () => {
  it('is FNV-1a over the model, items answered, roles and each estimate to six decimals, in competency order', () => {
    assert.equal(fnv1a(''), '811c9dc5');
    assert.equal(fnv1a('a'), 'e40c292c');
    assert.equal(fnv1a('foobar'), 'bf9cf968');
    const r = seResults;
    const estimates = [...r.competencies].sort((a, b) => (a.competency < b.competency ? -1 : 1)).map((c) => `${c.competency}:${c.theta.toFixed(6)}:${c.sd.toFixed(6)}`);
    const text = [r.model.id, r.model.version, r.itemsAnswered, r.currentRole, r.targetRole, ...estimates].join('|');
    assert.equal(resultsFingerprint(r), `fnv1a:${fnv1a(text)}`);
    assert.equal(planPathway(se, r).basis, resultsFingerprint(r));
  });

  it('ignores the order of competencies and changes with anything it covers', () => {
    const r = seResults;
    const base = resultsFingerprint(r);
    assert.equal(resultsFingerprint({ ...r, competencies: [...r.competencies].reverse() }), base);
    const first = r.competencies[0]!;
    const variants: AssessmentResults[] = [
      { ...r, model: { ...r.model, version: `${r.model.version}.1` } },
      { ...r, itemsAnswered: r.itemsAnswered + 1 },
      { ...r, currentRole: 'someone-else' },
      { ...r, targetRole: 'someone-else' },
      { ...r, competencies: [{ ...first, theta: first.theta + 2e-6 }, ...r.competencies.slice(1)] },
      { ...r, competencies: [{ ...first, sd: first.sd + 2e-6 }, ...r.competencies.slice(1)] },
      { ...r, competencies: r.competencies.slice(1) },
    ];
    for (const v of variants) assert.notEqual(resultsFingerprint(v), base);
    // Beyond six decimals, and in fields it does not cover, nothing changes.
    assert.equal(resultsFingerprint({ ...r, competencies: [{ ...first, theta: first.theta + 1e-9 }, ...r.competencies.slice(1)] }), base);
    assert.equal(resultsFingerprint({ ...r, completed: !r.completed }), base);
  });

  it('survives results that are not results (no exception)', () => {
    const odd = [undefined, {}, { competencies: 'x' }, { competencies: [null, { competency: 'a' }] }] as unknown as AssessmentResults[];
    for (const o of odd) assert.match(resultsFingerprint(o), /^fnv1a:[0-9a-f]{8}$/);
  });
});
