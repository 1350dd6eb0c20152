// Why a gap gets no step: each reason the planner gives (plan.uncovered), on the tiny model's
// catalogue with one thing changed at a time. The learner holds the lead role only (listening ≥ 4,
// feedback ≥ 4, thresholds θ 0.5); modules are pitched from the lower edge of their `from` level
// (θ −1.5 for level 2) and help little below it (efficacy exp(−½d²) under 0.25 past 1.67 θ).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { AssessmentResults, CompetencyResult } from '../assessment/types.js';
import type { Model } from '../model/types.js';
import { buildResults } from '../../test/support/results-builder.js';
import { planPathway, replan } from './plan.js';

const tiny = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Model;
const lead: Model = { ...tiny, roles: tiny.roles.map(({ next: _, ...r }) => r) };
const without = (ids: string[], model = lead): Model => ({
  ...model,
  modules: model.modules.filter((m) => !ids.includes(m.id)).map((m) => ({ ...m, prerequisites: m.prerequisites?.filter((p) => !ids.includes(p)) })),
});

function results(listening: number, feedback: number): AssessmentResults {
  const entry = (competency: string, theta: number) => ({ competency, theta, sd: 0.3, responses: 6, sources: {} }) as unknown as CompetencyResult;
  return { format: 'pathway-results/1', model: { id: tiny.id, version: tiny.version }, currentRole: 'lead', rater: 'self', completed: true, itemsAnswered: 12, competencies: [entry('listening', listening), entry('feedback', feedback)], overall: { score: 0 } } as AssessmentResults;
}
const reasons = (plan: ReturnType<typeof planPathway>) => Object.fromEntries(plan.uncovered.map((u) => [u.competency, u.reason]));

describe('gaps without a step, and why', () => {
  it('no module develops the competency', () => {
    const plan = planPathway(without(['feedback-coaching', 'feedback-debrief', 'feedback-mentoring']), results(0.6, -0.5));
    assert.deepEqual(reasons(plan), { feedback: { code: 'no-module', params: { competency: 'feedback', requiredLevel: 4 } } });
  });

  it('every module that develops it is done already', () => {
    const done = ['listening-course', 'listening-practice', 'listening-reflection', 'feedback-coaching', 'feedback-mentoring'];
    const plan = planPathway(lead, results(-0.5, 1.5), { completed: done });
    assert.deepEqual(reasons(plan), { listening: { code: 'modules-completed', params: { competency: 'listening', requiredLevel: 4 } } });
  });

  it('what is left is pitched too far above the learner', () => {
    // Feedback θ −3.5: coaching (from level 2, θ −1.5) is two θ above, efficacy 0.14; mentoring is further.
    const plan = planPathway(without(['feedback-debrief']), results(1.5, -3.5));
    assert.deepEqual(reasons(plan), { feedback: { code: 'out-of-reach', params: { competency: 'feedback', requiredLevel: 4, level: 1 } } });
    // Half a θ nearer (efficacy 0.32) coaching is within reach: the reason is no longer out of reach.
    const nearer = planPathway(without(['feedback-debrief']), results(1.5, -3));
    assert.notEqual(reasons(nearer).feedback?.code, 'out-of-reach');
  });

  it('some of it is done and the rest out of reach: out of reach', () => {
    const plan = planPathway(without(['feedback-debrief']), results(1.5, -3.5), { completed: ['feedback-coaching'] });
    assert.equal(reasons(plan).feedback?.code, 'out-of-reach');
  });

  it('no module reaches the level asked for', () => {
    // Level 5 asked (θ ≥ 1.5); without mentoring the listening modules stop at level 4, where the learner is.
    const master: Model = { ...without(['feedback-mentoring']), roles: [{ id: 'lead', title: 'Lead', requirements: [{ competency: 'listening', level: 5 }] }] };
    const plan = planPathway(master, results(1.1, 0));
    assert.deepEqual(reasons(plan), { listening: { code: 'no-module-reaches', params: { competency: 'listening', requiredLevel: 5, highestLevel: 4, level: 4.1 } } });
  });

  it('the budget is smaller than the cheapest module that would help, prerequisites included', () => {
    // Listening at θ 0.2 (level 4 is θ ≥ 0.5): the reflection stops at level 3 (θ 0), below the learner,
    // so the cheapest help is the practice (60 min) with the course it needs first (120 min).
    const plan = planPathway(lead, results(0.2, 1.5), { budgetMinutes: 100 });
    assert.deepEqual(reasons(plan), { listening: { code: 'budget', params: { competency: 'listening', requiredLevel: 4, minutes: 180, budgetMinutes: 100 } } });
    // With the course done, the practice alone fits.
    const started = planPathway(without(['feedback-mentoring']), results(0.2, 1.5), { budgetMinutes: 100, completed: ['listening-course'] });
    assert.deepEqual(reasons(started), {});
    assert.deepEqual(
      started.steps.map((s) => s.module),
      ['listening-practice'],
    );
  });

  it('the cheapest help counts only modules expected to move that competency', () => {
    // Listening θ −3: the course (from level 1) can move it, mentoring (from level 3) cannot, though it moves feedback.
    const dear: Model = { ...without(['listening-practice', 'listening-reflection']), modules: without(['listening-practice', 'listening-reflection']).modules.map((m) => (m.id === 'listening-course' ? { ...m, minutes: 500 } : m)) };
    const plan = planPathway(dear, results(-3, -0.5), { budgetMinutes: 100 });
    assert.deepEqual(reasons(plan).listening, { code: 'budget', params: { competency: 'listening', requiredLevel: 4, minutes: 500, budgetMinutes: 100 } });
  });

  it('a role weighted 0: its gaps are named with the role, not worked on', () => {
    const both = buildResults(tiny, { currentRole: 'member', targetRole: 'lead', competencies: { listening: { theta: 0, sd: 0.3 }, feedback: { theta: -0.5, sd: 0.3 } } });
    const plan = planPathway(tiny, both, { currentRoleWeight: 1 });
    assert.deepEqual(plan.steps, []);
    assert.deepEqual(plan.uncovered, ['feedback', 'listening'].map((competency) => ({ competency, role: 'lead', reason: { code: 'zero-weight', params: { competency, requiredLevel: 4, role: 'lead' } } })));
    const none = planPathway(tiny, both, { budgetMinutes: 0 });
    assert.deepEqual(none.uncovered.map((u) => u.reason), ['feedback', 'listening'].map((competency) => ({ code: 'zero-budget', params: { competency, requiredLevel: 4, minutes: 0 } })));
  });

  it('the highest level reached counts only what modules do for that competency', () => {
    // Listening at level 5 asked; the only listening module reaches 4 but also takes feedback to 5.
    const model: Model = {
      ...lead,
      roles: [{ id: 'lead', title: 'Lead', requirements: [{ competency: 'listening', level: 5 }] }],
      modules: [{ ...lead.modules.find((m) => m.id === 'feedback-mentoring')!, prerequisites: [], develops: [{ competency: 'listening', from: 3, to: 4 }, { competency: 'feedback', from: 3, to: 5 }] }],
    };
    const plan = planPathway(model, results(1.1, 0));
    assert.deepEqual(reasons(plan), { listening: { code: 'no-module-reaches', params: { competency: 'listening', requiredLevel: 5, highestLevel: 4, level: 4.1 } } });
  });

  it('one entry per competency: its highest requirement, the first of equal ones', () => {
    const noFeedback = without(['feedback-coaching', 'feedback-debrief', 'feedback-mentoring'], tiny);
    const low = buildResults(noFeedback, { currentRole: 'member', targetRole: 'lead', competencies: { listening: { theta: 2, sd: 0.3 }, feedback: { theta: -2.5, sd: 0.3 } } });
    assert.deepEqual(planPathway(noFeedback, low).uncovered, [{ competency: 'feedback', role: 'lead', reason: { code: 'no-module', params: { competency: 'feedback', requiredLevel: 4 } } }]);
    // Both roles asking level 4: the current role's, first by priority (its weight is the larger).
    const same: Model = { ...noFeedback, roles: noFeedback.roles.map((r) => ({ ...r, requirements: r.requirements.map((q) => (q.competency === 'feedback' ? { ...q, level: 4 } : q)) })) };
    const both = planPathway(same, buildResults(same, { currentRole: 'member', targetRole: 'lead', competencies: { listening: { theta: 2, sd: 0.3 }, feedback: { theta: -2.5, sd: 0.3 } } }));
    assert.deepEqual(both.uncovered.map((u) => `${u.competency}/${u.role}`), [`feedback/${both.gaps.find((g) => g.competency === 'feedback')!.role}`]);
    assert.equal(both.gaps.filter((g) => g.competency === 'feedback').length, 2);
    // The lower requirement first by priority (heavily weighted and critical): the higher one is still the entry kept.
    const heavy: Model = { ...noFeedback, roles: noFeedback.roles.map((r) => (r.id === 'member' ? { ...r, requirements: r.requirements.map((q) => (q.competency === 'feedback' ? { ...q, weight: 5, critical: true } : q)) } : r)) };
    const ordered = planPathway(heavy, buildResults(heavy, { currentRole: 'member', targetRole: 'lead', competencies: { listening: { theta: 2, sd: 0.3 }, feedback: { theta: -2.5, sd: 0.3 } } }), { currentRoleWeight: 0.9 });
    assert.deepEqual(ordered.gaps.filter((g) => g.competency === 'feedback').map((g) => g.requiredLevel), [2, 4]);
    assert.deepEqual(ordered.uncovered.map((u) => `${u.competency}/${u.role}/${u.reason.params.requiredLevel}`), ['feedback/lead/4']);
  });

  it('a step counts only for what it is expected to move: a gap in a role weighted 0 stays named', () => {
    // One module takes feedback up (a gap for member) and listening up (a gap only for lead, weighted 0 here).
    const combo: Model = { ...tiny, modules: [{ ...tiny.modules.find((m) => m.id === 'feedback-debrief')!, id: 'combo', awareness: false, develops: [{ competency: 'feedback', from: 1, to: 3 }, { competency: 'listening', from: 3, to: 5 }] }] };
    const plan = planPathway(combo, buildResults(combo, { currentRole: 'member', targetRole: 'lead', competencies: { listening: { theta: 0, sd: 0.3 }, feedback: { theta: -2, sd: 0.3 } } }), { currentRoleWeight: 1, budgetMinutes: 600 });
    assert.deepEqual(plan.steps.map((s) => [s.module, s.develops.map((d) => d.competency)]), [['combo', ['feedback']]]);
    assert.ok(plan.uncovered.some((u) => u.competency === 'listening' && u.reason.code === 'zero-weight'), JSON.stringify(plan.uncovered));
  });

  it('an awareness module already completed: not planned again, and not said to be missing', () => {
    const member: Model = { ...tiny, roles: tiny.roles.map(({ next: _, ...r }) => r) };
    const blind = buildResults(member, { currentRole: 'member', competencies: { listening: { theta: 1, sd: 0.3 }, feedback: { theta: -1.6, sd: 0.3, self: { theta: 1.5, sd: 0.3, responses: 3 }, others: { theta: -1.4, sd: 0.3, responses: 3 } } } });
    const plan = planPathway(member, blind, { budgetMinutes: 600, completed: ['feedback-debrief'] });
    assert.ok(!plan.steps.some((s) => s.module === 'feedback-debrief'), plan.steps.map((s) => s.module).join());
    assert.deepEqual(plan.notes.filter((n) => n.code === 'no-awareness-module' || n.code === 'awareness-over-budget'), []);
  });

  it('a step done counts for every competency its module develops, whatever gain it was expected to bring', () => {
    // The plan's first step done, its expected gains lost from the record: the module still develops what the model says.
    const start = buildResults(lead, { currentRole: 'lead', competencies: { listening: { theta: -1, sd: 0.3 }, feedback: { theta: 1.5, sd: 0.3 } } });
    const first = planPathway(lead, start, { budgetMinutes: 120 });
    assert.deepEqual(first.steps.map((s) => s.module), ['listening-course']);
    const record = { ...first, steps: first.steps.map((s) => ({ ...s, develops: [] })) };
    const next = replan(lead, record, start, { done: ['listening-course'], budgetMinutes: 120 });
    assert.deepEqual(next.steps.map((s) => `${s.module}:${s.status}`), ['listening-course:done']);
    assert.deepEqual(next.uncovered, []);
  });
});
