// A plan's steps and notes (plan.ts) on the tiny model, with expectations worked out here: what each step
// carries (revisit, awareness, value), that the steps' values share out exactly the objective's drop,
// which awareness module a blind spot gets (the cheapest with what it needs first, the more valuable on
// a tie) and what is said when none fits, and the notes a plan opens with.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildResults, type CompetencySpec } from '../../test/support/results-builder.js';
import { DEFAULT_REVISIT_DAYS } from '../model/defaults.js';
import type { Model, Module } from '../model/types.js';
import { planPathway } from './plan.js';
import type { Plan } from './types.js';

const tiny = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Model;
/** The member role alone (listening ≥ 3, θ −0.5; feedback ≥ 2, θ −1.5); lead (both ≥ 4, θ 0.5) as target when asked. */
const member: Model = { ...tiny, roles: tiny.roles.map(({ next: _, ...r }) => r) };
const src = (theta: number, sd = 0.3) => ({ theta, sd, responses: 3 });
/** Feedback at θ −1.6 with a self-view 1.5 above the others': a blind spot and a gap to level 2. */
const blindFeedback: CompetencySpec = { theta: -1.6, sd: 0.3, self: src(1.5), others: src(-1.4) };
const plan = (model: Model, competencies: Record<string, CompetencySpec>, options: Parameters<typeof planPathway>[2] = {}, roles: { currentRole?: string; targetRole?: string } = { currentRole: 'member' }): Plan =>
  planPathway(model, buildResults(model, { ...roles, competencies }), options);
/** Tiny with extra awareness modules on feedback (and whatever else is given). */
const withModules = (extra: Partial<Module>[]): Model => ({
  ...member,
  modules: [...member.modules, ...extra.map((m) => ({ ...structuredClone(tiny.modules.find((t) => t.id === 'feedback-debrief')!), prerequisites: [], ...m }) as Module)],
});
const codes = (p: Plan) => p.notes.map((n) => n.code);

describe('what each step carries', () => {
  it('a revisit with its own delay or the default, the awareness flag, and values that share out the objective\'s drop', () => {
    const model: Model = { ...member, modules: member.modules.map((m) => (m.id === 'listening-reflection' ? { ...m, revisitAfterDays: 30 } : m)) };
    const p = plan(model, { listening: { theta: -1.2, sd: 0.3 }, feedback: { theta: -2, sd: 0.3 } }, { budgetMinutes: 1000 });
    const reflection = p.steps.find((s) => s.module === 'listening-reflection')!;
    assert.deepEqual(reflection.revisit, { module: 'listening-course', afterDays: 30 });
    const noDelay: Model = { ...member, modules: member.modules.map(({ revisitAfterDays: _, ...m }) => m as Module) };
    const defaulted = plan(noDelay, { listening: { theta: -1.2, sd: 0.3 }, feedback: { theta: -2, sd: 0.3 } }, { budgetMinutes: 1000 }).steps.find((s) => s.module === 'listening-reflection')!;
    assert.deepEqual(defaulted.revisit, { module: 'listening-course', afterDays: DEFAULT_REVISIT_DAYS });
    for (const s of p.steps) {
      assert.equal(s.awareness, tiny.modules.find((m) => m.id === s.module)!.awareness === true, s.module);
      if (s.module !== 'listening-reflection') assert.equal(s.revisit, undefined, s.module);
    }
    const total = p.steps.reduce((v, s) => v + s.value, 0);
    assert.ok(p.steps.length >= 3);
    assert.ok(Math.abs(total - (p.objective!.before - p.objective!.after)) < 1e-9, `${total} vs ${p.objective!.before - p.objective!.after}`);
    assert.ok(p.steps.every((s) => s.value > 0));
  });
});

describe('awareness steps for blind spots', () => {
  it('the cheapest awareness module counting what it needs first; the more valuable of two as cheap', () => {
    // feedback-debrief (45 min) is tiny's own; a 40-minute one that needs the 90-minute coaching costs 130.
    const needy = withModules([{ id: 'aware-needy', minutes: 40, prerequisites: ['feedback-coaching'] }]);
    // A 45-minute budget holds the awareness step chosen and nothing else.
    assert.deepEqual(plan(needy, { listening: { theta: 1, sd: 0.3 }, feedback: blindFeedback }, { budgetMinutes: 45 }).steps.map((s) => s.module), ['feedback-debrief']);
    // Two at 45 minutes: the one that also moves feedback further (to level 3) wins.
    const tie = withModules([{ id: 'aware-more', develops: [{ competency: 'feedback', from: 1, to: 3 }] }]);
    assert.deepEqual(plan(tie, { listening: { theta: 1, sd: 0.3 }, feedback: blindFeedback }, { budgetMinutes: 45 }).steps.map((s) => s.module), ['aware-more']);
    // Two alike in cost and value: the first in the model.
    const twin = withModules([{ id: 'aware-twin' }]);
    assert.deepEqual(plan(twin, { listening: { theta: 1, sd: 0.3 }, feedback: blindFeedback }, { budgetMinutes: 45 }).steps.map((s) => s.module), ['feedback-debrief']);
    const reversed: Model = { ...tie, modules: [...tie.modules].reverse() };
    assert.deepEqual(plan(reversed, { listening: { theta: 1, sd: 0.3 }, feedback: blindFeedback }, { budgetMinutes: 45 }).steps.map((s) => s.module), ['aware-more']);
  });

  it('says when the awareness step does not fit the budget, counting those already planned, and says nothing when there is no budget', () => {
    // Two blind spots; each competency's awareness module takes 45 minutes.
    const model = withModules([{ id: 'aware-listening', develops: [{ competency: 'listening', from: 1, to: 2 }] }]);
    const both = { listening: { theta: -1, sd: 0.3, self: src(1.5), others: src(-0.8) }, feedback: blindFeedback };
    const fits = plan(model, both, { budgetMinutes: 90 });
    assert.deepEqual(fits.notes.filter((n) => n.code === 'awareness-over-budget'), []);
    assert.deepEqual(fits.steps.filter((s) => s.awareness).map((s) => s.module).sort(), ['aware-listening', 'feedback-debrief']);
    const tight = plan(model, both, { budgetMinutes: 80 });
    assert.equal(tight.notes.filter((n) => n.code === 'awareness-over-budget').length, 1);
    assert.deepEqual(tight.notes.find((n) => n.code === 'awareness-over-budget')!.params.minutes, 45);
    const none = plan(model, both, { budgetMinutes: 0 });
    assert.deepEqual(codes(none), ['zero-budget']);
  });

  it('without an awareness module, says whether another step still works on the blind spot', () => {
    const noDebrief: Model = { ...member, modules: member.modules.filter((m) => m.id !== 'feedback-debrief') };
    const worked = plan(noDebrief, { listening: { theta: 1, sd: 0.3 }, feedback: blindFeedback });
    assert.deepEqual(worked.notes.find((n) => n.code === 'no-awareness-module')!.params, { competency: 'feedback', worked: true });
    const onlyFar: Model = { ...member, modules: member.modules.filter((m) => !m.develops.some((d) => d.competency === 'feedback') || m.id === 'feedback-mentoring') };
    const idle = plan(onlyFar, { listening: { theta: 1, sd: 0.3 }, feedback: blindFeedback });
    assert.deepEqual(idle.notes.find((n) => n.code === 'no-awareness-module')!.params, { competency: 'feedback', worked: false });
  });
});

describe('which awareness module a blind spot gets, more cases', () => {
  const feedbackBlind = { listening: { theta: 1, sd: 0.3 }, feedback: blindFeedback };
  it('a dearer awareness module listed later does not displace a cheaper one, however much more it does', () => {
    const dearer = withModules([{ id: 'aware-big', minutes: 120, develops: [{ competency: 'feedback', from: 1, to: 4 }] }]);
    const p = plan(dearer, feedbackBlind, { budgetMinutes: 45 });
    assert.deepEqual(p.steps.map((s) => s.module), ['feedback-debrief']);
    assert.deepEqual(p.notes.filter((n) => n.code === 'awareness-over-budget'), []);
  });

  it('the first module of the model can be the awareness module', () => {
    const first: Model = { ...member, modules: [...member.modules].sort((a, b) => Number(b.awareness === true) - Number(a.awareness === true)) };
    assert.equal(first.modules[0]!.id, 'feedback-debrief');
    const p = plan(first, feedbackBlind, { budgetMinutes: 45 });
    assert.deepEqual(p.steps.map((s) => s.module), ['feedback-debrief']);
    assert.deepEqual(codes(p).filter((c) => c.startsWith('no-awareness') || c.startsWith('awareness')), []);
  });

  it('one awareness module for two blind spots is planned once and its minutes counted once', () => {
    const shared = withModules([]);
    const both: Model = { ...shared, modules: shared.modules.map((m) => (m.id === 'feedback-debrief' ? { ...m, develops: [...m.develops, { competency: 'listening', from: 1, to: 2 }] } : m)) };
    const p = plan(both, { listening: { theta: -1, sd: 0.3, self: src(1.5), others: src(-0.8) }, feedback: blindFeedback }, { budgetMinutes: 45 });
    assert.deepEqual(p.steps.map((s) => s.module), ['feedback-debrief']);
    assert.deepEqual(p.notes.filter((n) => n.code === 'awareness-over-budget'), []);
  });
});

describe('the notes a plan opens with', () => {
  it('no "no gaps" without a role to have gaps for', () => {
    const p = plan(member, { listening: { theta: 1, sd: 0.3 }, feedback: { theta: 1, sd: 0.3 } }, {}, {});
    assert.equal(p.currentRole, undefined);
    assert.ok(!codes(p).includes('no-gaps'), codes(p).join());
  });

  it('"no gaps" only when every requirement is probably met', () => {
    assert.ok(codes(plan(member, { listening: { theta: 1, sd: 0.3 }, feedback: { theta: 1, sd: 0.3 } })).includes('no-gaps'));
    assert.ok(!codes(plan(member, { listening: { theta: -1, sd: 0.3 }, feedback: { theta: 1, sd: 0.3 } })).includes('no-gaps'));
  });

  it('asks to settle only requirements that carry weight', () => {
    // Target lead weighted 0: its "not yet sure" requirements are not worth settling now.
    const unsure = { listening: { theta: 0.5, sd: 0.4 }, feedback: { theta: 0.5, sd: 0.4 } };
    const p = plan(tiny, unsure, { currentRoleWeight: 1 }, { currentRole: 'member', targetRole: 'lead' });
    assert.deepEqual(p.settle ?? [], []);
    const weighted = plan(tiny, unsure, { currentRoleWeight: 0.5 }, { currentRole: 'member', targetRole: 'lead' });
    assert.deepEqual((weighted.settle ?? []).map((s) => `${s.competency}/${s.role}`).sort(), ['feedback/lead', 'listening/lead']);
  });

  it('plans with a model that has no planning section: the default budget, said so', () => {
    const { planning: _, ...bare } = member;
    const p = plan(bare as Model, { listening: { theta: -1, sd: 0.3 }, feedback: { theta: 1, sd: 0.3 } });
    assert.ok(codes(p).includes('default-budget'));
    assert.ok(p.steps.length > 0);
  });
});
