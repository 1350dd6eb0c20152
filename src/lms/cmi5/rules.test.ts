/**
 * The cmi5 rules on the AU side (./rules.ts), checked by the LMS-side checker written independently in
 * test/cmi5/cmi5-rules.ts: what the Tracker + cmi5Statement + Cmi5Gate produce for whole sessions
 * breaks no requirement, and the gate holds back exactly what a registration may no longer send.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fullPlan, scriptedAnswers, scriptedResults } from '../../../lms-packages/testing/scripted-learner.js';
import { decide } from '../../assessment/decision.js';
import { checkBatch, type RegistrationFacts, type SessionFacts } from '../../../test/cmi5/cmi5-rules.js';
import { profileViolations, type StatementTemplate } from '../../../test/support/xapi-profile-check.js';
import type { Model } from '../../model/types.js';
import { MemoryStore } from '../../tracking/store.js';
import { ACTIVITY_TYPES } from '../../tracking/vocabulary.js';
import { Tracker } from '../../tracking/tracker.js';
import type { Agent, Context, Statement } from '../../tracking/types.js';
import { passDecider } from '../xapi/session.js';
import type { RecordedVerb } from '../xapi/state.js';
import { Cmi5Gate, cmi5Statement, cmi5VerbOf } from './rules.js';
import { CMI5_CATEGORY, CMI5_EXTENSIONS, type Cmi5LaunchMode, MOVEON_CATEGORY } from './vocabulary.js';

const model = JSON.parse(readFileSync(new URL('../../../demo/models/customer-success.json', import.meta.url), 'utf8')) as Model;
const actor: Agent = { objectType: 'Agent', name: 'Dana', account: { homePage: 'https://lms.example.com', name: 'u-1' } };
const activityId = 'https://lms.example.com/activities/7f1e';
const auId = 'https://pathway.example/models/cs/assessment';
const registration = '0b0c5f0e-8a43-4bb5-9b2f-3c6ad5d0b4a1';
const ASSESSMENT = ACTIVITY_TYPES.assessment;
const profile = JSON.parse(readFileSync(new URL('../../../profile/pathway.jsonld', import.meta.url), 'utf8')) as { templates: StatementTemplate[] };

function template(sessionId: string): Context {
  return { contextActivities: { grouping: [{ objectType: 'Activity', id: auId }] }, extensions: { [CMI5_EXTENSIONS.sessionId]: sessionId } };
}

interface Run {
  sent: Statement[];
  gate: Cmi5Gate;
}

/** One session: initialized, every answer, results (+ pathway), one step, terminated. */
async function session(options: { mode?: Cmi5LaunchMode; masteryScore?: number; recorded?: RecordedVerb[]; sessionId?: string; score?: number; pMeets?: number }): Promise<Run> {
  const store = new MemoryStore();
  const sink = { enqueue: async (s: readonly Statement[]) => void (await store.add(s.map((statement) => ({ id: statement.id, statement, enqueuedAt: '' })))) };
  const sessionId = options.sessionId ?? 'session-1';
  const gate = new Cmi5Gate(sink, { mode: options.mode ?? 'Normal', activityId, sessionSent: [], registrationRecorded: options.recorded ?? [] });
  const tracker = new Tracker({
    model,
    actor,
    registration,
    session: sessionId,
    activityId,
    contextTemplate: template(sessionId),
    sink: gate,
    scoreOnCompleted: false,
    ...(options.masteryScore !== undefined ? { masteryScore: options.masteryScore } : {}),
    passDecision: passDecider(options.masteryScore),
    transform: (s) => cmi5Statement(s, { activityId, ...(options.masteryScore !== undefined ? { masteryScore: options.masteryScore } : {}) }),
  });
  const { responses, records } = scriptedAnswers(model);
  await tracker.started();
  for (const record of records) await tracker.answered(record);
  const results = scriptedResults(model, responses);
  if (options.score !== undefined) results.overall.score = options.score;
  // Every current-role requirement at this probability, decided accordingly (0.5: not yet sure).
  if (options.pMeets !== undefined) for (const c of results.competencies) if (c.current) Object.assign(c.current, { pMeets: options.pMeets, ...decide(options.pMeets) });
  const plan = fullPlan(model);
  await tracker.completed(results, plan);
  await tracker.stepProgress({ module: plan.steps[0]!.module, status: 'done', timestamp: new Date().toISOString() }, plan);
  await tracker.terminated();
  await tracker.answered(records[0]!); // after terminated: must be held back
  return { sent: (await store.peek(10_000)).map((e) => e.statement), gate };
}

function facts(mode: Cmi5LaunchMode, sessionId = 'session-1', masteryScore?: number): SessionFacts {
  return { actor, registration, activityId, sessionId, launchMode: mode, ...(masteryScore !== undefined ? { masteryScore } : {}), contextTemplate: template(sessionId), preferencesRead: true, sent: [], ids: new Set() };
}

const verbs = (list: Statement[]) => list.filter((s) => cmi5VerbOf(s, activityId) && s.context?.contextActivities?.category?.some((c) => c.id === CMI5_CATEGORY)).map((s) => s.verb.id.split('/').pop());

describe('cmi5 rules (AU side), checked by the LMS-side checker', () => {
  test('a Normal session with an LMS mastery score breaks no cmi5 requirement', async () => {
    for (const score of [0.3, 0.8]) {
      const { sent, gate } = await session({ masteryScore: 0.6, score });
      const registrationFacts: RegistrationFacts = { completed: false, passed: false };
      assert.deepEqual(checkBatch(sent, facts('Normal', 'session-1', 0.6), registrationFacts).violations, []);
      assert.deepEqual(verbs(sent), ['initialized', 'completed', score >= 0.6 ? 'passed' : 'failed', 'terminated']);
      assert.equal(sent.at(-1)!.verb.id, 'http://adlnet.gov/expapi/verbs/terminated');
      assert.equal(gate.held.length, 1, 'the answer after terminated is held back');
      assert.match(gate.held[0]!.reason, /after terminated/);
    }
  });

  test('every statement of a session fits the Pathway profile: one template each, none of its rules broken', async () => {
    for (const masteryScore of [undefined, 0.5]) {
      const { sent } = await session(masteryScore === undefined ? {} : { masteryScore, score: 0.7 });
      assert.deepEqual(profileViolations(profile.templates, sent), []);
    }
  });

  test('defined statements: the launch activity by id, cmi5 and moveOn categories as §9.6.2 says, durations, the mastery score extension', async () => {
    const { sent } = await session({ masteryScore: 0.5, score: 0.7 });
    for (const s of sent) {
      const cats = (s.context?.contextActivities?.category ?? []).map((c) => c.id);
      const verb = cmi5VerbOf(s, activityId);
      if (!verb) {
        assert.ok(!cats.includes(CMI5_CATEGORY) && !cats.includes(MOVEON_CATEGORY), `${s.verb.id} is cmi5 allowed`);
        for (const list of Object.values(s.context?.contextActivities ?? {})) for (const a of list) if (a.id === activityId) assert.deepEqual(a.definition, { type: ASSESSMENT }, 'the LMS’s activity is typed, never renamed');
        continue;
      }
      assert.deepEqual(s.object, { objectType: 'Activity', id: activityId, definition: { type: ASSESSMENT } });
      assert.ok(cats.includes(CMI5_CATEGORY));
      assert.equal(cats.includes(MOVEON_CATEGORY), verb === 'completed' || verb === 'passed' || verb === 'failed', verb);
      if (verb !== 'initialized') assert.match(s.result?.duration ?? '', /^PT/, verb);
      if (verb === 'passed') {
        assert.equal(s.context?.extensions?.[CMI5_EXTENSIONS.masteryScore], 0.5);
        assert.deepEqual(Object.keys(s.result!).sort(), ['duration', 'extensions', 'score', 'success']);
      }
      if (verb === 'completed') assert.equal(s.result?.score, undefined);
    }
  });

  test('without any pass mark the current role decides, and no mastery score extension is sent', async () => {
    for (const [pMeets, verb] of [[0.9, 'passed'], [0.1, 'failed']] as const) {
      const noMark = await session({ pMeets });
      assert.deepEqual(checkBatch(noMark.sent, facts('Normal'), { completed: false, passed: false }).violations, []);
      assert.ok(verbs(noMark.sent).includes(verb), `${verb} from the decisions: ${verbs(noMark.sent).join(', ')}`);
      const judged = noMark.sent.find((s) => /passed|failed/.test(s.verb.id))!;
      assert.equal(judged.context?.extensions?.[CMI5_EXTENSIONS.masteryScore], undefined);
    }
    // Not yet sure: neither passed nor failed, only completed.
    const unsure = await session({ pMeets: 0.5 });
    assert.deepEqual(checkBatch(unsure.sent, facts('Normal'), { completed: false, passed: false }).violations, []);
    assert.ok(!verbs(unsure.sent).some((v) => v === 'passed' || v === 'failed'), verbs(unsure.sent).join(', '));
  });

  test('Browse and Review: only initialized and terminated reach the queue', async () => {
    for (const mode of ['Browse', 'Review'] as const) {
      const { sent, gate } = await session({ mode, masteryScore: 0.5 });
      assert.deepEqual(sent.map((s) => s.verb.id.split('/').pop()), ['initialized', 'terminated'], mode);
      assert.deepEqual(checkBatch(sent, facts(mode), { completed: false, passed: false }).violations, []);
      assert.ok(gate.held.some((h) => h.reason.includes(`${mode} mode`)));
    }
  });

  test('a later session of a completed and passed registration sends neither completed nor passed/failed', async () => {
    const { sent, gate } = await session({ recorded: ['completed', 'passed'], masteryScore: 0.99, score: 0.2, sessionId: 'session-2' });
    assert.deepEqual(verbs(sent), ['initialized', 'terminated']);
    assert.deepEqual(checkBatch(sent, facts('Normal', 'session-2', 0.99), { completed: true, passed: true }).violations, []);
    assert.deepEqual(gate.held.map((h) => h.reason).filter((r) => /completed once|after passed/.test(r)).length, 2);
    const afterFail = await session({ recorded: ['completed', 'failed'], masteryScore: 0.1, score: 0.9, sessionId: 'session-3' });
    assert.deepEqual(verbs(afterFail.sent), ['initialized', 'passed', 'terminated'], 'passed may follow an earlier failed');
  });

  test('the checker catches what the gate and transform prevent (it can fail)', async () => {
    const { sent } = await session({ masteryScore: 0.6, score: 0.8 });
    const raw = sent.map((s) => structuredClone(s));
    const passed = raw.find((s) => s.verb.id.endsWith('/passed'))!;
    passed.context!.contextActivities!.category = passed.context!.contextActivities!.category!.filter((c) => c.id !== MOVEON_CATEGORY);
    passed.result!.score!.scaled = 0.5;
    delete passed.context!.extensions![CMI5_EXTENSIONS.masteryScore];
    const completed = raw.find((s) => s.verb.id.endsWith('/completed') && s.object.id === activityId)!;
    completed.result!.score = { scaled: 1 };
    delete completed.result!.duration;
    const answered = raw.find((s) => s.verb.id.endsWith('/answered'))!;
    answered.context!.extensions![CMI5_EXTENSIONS.sessionId] = 'another';
    answered.context!.contextActivities!.grouping = [];
    const ids = checkBatch([...raw, raw[1]!], facts('Normal', 'session-1', 0.6), { completed: false, passed: false }).violations.map((v) => v.requirement);
    for (const id of ['9.6.2.2-1', '9.3.4.0-2', '9.6.3.2-2', '9.5.1.0-2', '9.5.4.1-2', '9.6.3.1-4', '10.2.1.0-7']) assert.ok(ids.includes(id), `${id} in ${ids.join(', ')}`);
    const reversed = checkBatch([...sent].reverse(), facts('Normal'), { completed: false, passed: false }).violations.map((v) => v.requirement);
    assert.ok(reversed.includes('9.3.0.0-4'), 'statements before initialized');
    assert.ok(reversed.includes('9.3.0.0-5'), 'statements after terminated');
    const again = checkBatch(sent, facts('Normal'), { completed: true, passed: true }).violations.map((v) => v.requirement);
    assert.ok(again.includes('9.3.0.0-6') && again.includes('9.3.0.0-7'));
    const browse = checkBatch(sent, facts('Browse'), { completed: false, passed: false }).violations.map((v) => v.requirement);
    assert.ok(browse.includes('10.2.2.0-9'));
  });
});
