// Why a gap gets no step: each reason the planner gives (plan.uncovered), on the tiny model's
// catalogue with one thing changed at a time. The learner holds the lead role only (listening ≥ 4,
// feedback ≥ 4, thresholds θ 0.5); modules are pitched from the lower edge of their `from` level
// (θ −1.5 for level 2) and help little below it (efficacy exp(−½d²) under 0.25 past 1.67 θ).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { AssessmentResults, CompetencyResult } from '../assessment/types.js';
import type { Model } from '../model/types.js';
import { planPathway } from './plan.js';

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
});
