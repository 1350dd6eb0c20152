import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import validationModule from '@learninglocker/xapi-validation';
import type { Model } from '../model/types.js';
import { LEARNER, MANAGER, answerRecords, assessmentResults, everyStatementKind, plan } from '../../test/support/xapi-fixtures.js';
import { type StatementTemplate, checkAgainstProfile } from '../../test/support/xapi-profile-check.js';
import { answeredStatement, assessedStatements, forVersion, isoDuration, lifecycleStatement, mergeContext, type StatementScope, statementId } from './statements.js';
import type { Statement } from './types.js';
import { sha1, uuidV5 } from './uuid.js';
import { ACTIVITY_TYPES, CONTEXT_EXTENSIONS, PROFILE_VERSION_IRI, RATER_ROLES, RESULT_EXTENSIONS, VERBS } from './vocabulary.js';

const validate = ((validationModule as unknown as { default?: unknown }).default ?? validationModule) as (data: unknown) => unknown[];
const load = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as Model;
const largest = load('../../demo/models/software-engineer.json');
const tiny = load('../../test/fixtures/tiny-model.json');
const profile = JSON.parse(readFileSync(new URL('../../profile/pathway.jsonld', import.meta.url), 'utf8')) as { templates: StatementTemplate[] };

const scope = (model: Model, extra: Partial<StatementScope> = {}): StatementScope => ({
  model,
  actor: LEARNER,
  registration: '6a3f3b52-5b7e-4c55-9a51-2f1f0e6b9d10',
  session: 's1',
  activityId: `${model.id}/assessment`,
  ...extra,
});

describe('name-based statement ids', () => {
  test('SHA-1 agrees with node:crypto on empty, short, block-edge and long inputs', () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 1000]) {
      const data = new Uint8Array(length).map((_, i) => (i * 31 + length) & 0xff);
      assert.equal(Buffer.from(sha1(data)).toString('hex'), createHash('sha1').update(data).digest('hex'), `length ${length}`);
    }
  });
  test('UUID v5 matches the RFC example values (as Python’s uuid5 computes them)', () => {
    assert.equal(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'), '886313e1-3b8a-5372-9b90-0c9aee199e5d');
    assert.equal(uuidV5('https://pathway.example/xapi/profile', '6ba7b811-9dad-11d1-80b4-00c04fd430c8'), 'f045ffb9-55cd-5fea-b06e-f08c1f48718d');
  });
  test('the same event gives the same id; another event, session or registration another id', () => {
    const record = answerRecords(tiny)[0]!;
    const a = answeredStatement(scope(tiny), record);
    assert.equal(answeredStatement(scope(tiny), record).id, a.id);
    assert.equal(answeredStatement(scope(tiny, { session: 'other' }), record).id, a.id, 'an answer keeps its id across sessions of one registration');
    assert.notEqual(answeredStatement(scope(tiny), { ...record, sequence: 2 }).id, a.id);
    assert.notEqual(answeredStatement(scope(tiny, { registration: '0b8e3c1e-8d55-4a8f-b0a4-3f7c2a9e1d22' }), record).id, a.id);
    const init = (session: string) => lifecycleStatement(scope(tiny, { session }), 'initialized', { timestamp: '2026-01-01T00:00:00.000Z' }).id;
    assert.notEqual(init('s1'), init('s2'));
    assert.notEqual(statementId(scope(tiny), 'x'), statementId(scope(tiny), 'y'));
  });
});

describe('statements for every event of a full assessment of the largest sample model', () => {
  let statements: Statement[] = [];
  before(async () => {
    statements = await everyStatementKind(largest);
  });

  test('covers every verb and every template of the profile', () => {
    const verbs = new Set(statements.map((s) => s.verb.id));
    for (const verb of Object.values(VERBS)) assert.ok(verbs.has(verb), `no statement with ${verb}`);
    const matched = new Set(statements.flatMap((s) => checkAgainstProfile(profile.templates, s).map((m) => m.template)));
    for (const template of profile.templates) assert.ok(matched.has(template.id), `no statement matches ${template.id}`);
  });

  test('each statement matches exactly one template of the profile and breaks none of its rules', () => {
    for (const s of statements) {
      const matches = checkAgainstProfile(profile.templates, s);
      assert.equal(matches.length, 1, `${s.verb.id} on ${s.object.id} matches ${matches.length} templates`);
      assert.deepEqual(matches[0]!.problems, [], `${matches[0]!.template}: ${matches[0]!.problems.join('; ')}`);
      // The 1.0.3 form must conform too.
      assert.deepEqual(checkAgainstProfile(profile.templates, forVersion(s, '1.0.3'))[0]!.problems, []);
    }
  });

  test('each statement passes @learninglocker/xapi-validation in its xAPI 1.0.3 form', () => {
    for (const s of statements) assert.deepEqual(validate(forVersion(s, '1.0.3')), [], `${s.verb.id} ${s.object.id}`);
  });

  test('ids are unique UUIDs, timestamps are ISO 8601 UTC with milliseconds', () => {
    assert.equal(new Set(statements.map((s) => s.id)).size, statements.length);
    for (const s of statements) assert.match(s.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  test('competency results carry the competency IRI, a scaled score, success only when decided, and the profile extensions', () => {
    const assessed = statements.filter((s) => s.verb.id === VERBS.assessed);
    assert.ok(assessed.length >= largest.competencies.length);
    for (const s of assessed) {
      assert.ok(largest.competencies.some((c) => (c.iri ?? `${largest.id}/competencies/${c.id}`) === s.object.id));
      assert.equal(s.object.definition?.type, ACTIVITY_TYPES.competency);
      const scaled = s.result!.score!.scaled!;
      assert.ok(scaled >= 0 && scaled <= 1);
      for (const key of [RESULT_EXTENSIONS.level, RESULT_EXTENSIONS.levelInterval, RESULT_EXTENSIONS.estimate]) assert.ok(key in s.result!.extensions!, key);
    }
    assert.ok(assessed.some((s) => s.result!.success === true) || assessed.some((s) => s.result!.success === false));
    assert.ok(assessed.some((s) => s.result!.success === undefined), 'undecided competencies assert no success');
    assert.ok(assessed.some((s) => s.result!.extensions![RESULT_EXTENSIONS.blindSpot] === true));
  });

  test('the rater is named by role; a manager is in contextAgents (2.0) and in context.instructor (1.0.3)', () => {
    const byManager = statements.filter((s) => s.context?.extensions?.[CONTEXT_EXTENSIONS.rater] === 'manager');
    assert.ok(byManager.length > 0);
    for (const s of byManager) {
      assert.deepEqual(s.context!.contextAgents, [{ objectType: 'contextAgent', agent: MANAGER, relevantTypes: [RATER_ROLES.manager] }]);
      const legacy = forVersion(s, '1.0.3');
      assert.equal(legacy.context!.contextAgents, undefined);
      assert.deepEqual(legacy.context!.instructor, MANAGER);
      assert.deepEqual(legacy.actor, LEARNER, 'the learner stays the actor');
    }
    const byPeer = statements.filter((s) => s.context?.extensions?.[CONTEXT_EXTENSIONS.rater] === 'peer');
    assert.ok(byPeer.length > 0);
    for (const s of byPeer) {
      const agent = forVersion(s, '1.0.3').context!.instructor as { account: { name: string } };
      assert.match(agent.account.name, /^peer-\d$/, 'an anonymous peer is an opaque account, never a name');
    }
    const bySelf = statements.filter((s) => s.context?.extensions?.[CONTEXT_EXTENSIONS.rater] === 'self');
    for (const s of bySelf) assert.equal(forVersion(s, '1.0.3').context!.instructor, undefined);
  });

  test('the pathway statement lists module IRIs and reasons in order', () => {
    const planned = statements.find((s) => s.verb.id === VERBS.planned)!;
    const expected = plan(largest, assessmentResults(largest));
    const steps = planned.result!.extensions![RESULT_EXTENSIONS.steps] as { module: string; why: unknown[] }[];
    assert.deepEqual(steps.map((s) => s.module), expected.steps.map((s) => `${largest.id}/modules/${s.module}`));
    assert.deepEqual(steps[0]!.why, expected.steps[0]!.explanation.why);
  });

  test('every statement names this profile version as a category', () => {
    for (const s of statements) assert.ok(s.context!.contextActivities!.category!.some((a) => a.id === PROFILE_VERSION_IRI));
  });
});

describe('answers in the interaction formats', () => {
  test('each item type gives a response made of the activity’s component ids', () => {
    for (const record of answerRecords(largest)) {
      const s = answeredStatement(scope(largest), record);
      const def = s.object.definition!;
      const ids = new Set([...(def.choices ?? []), ...(def.scale ?? []), ...(def.source ?? []), ...(def.target ?? [])].map((c) => c.id));
      const parts = s.result!.response!.split(/\[,\]|\[\.\]/).filter(Boolean);
      for (const part of parts) assert.ok(ids.has(part), `${part} is not a component of ${s.object.id}`);
      if (def.interactionType === 'matching') assert.ok(s.result!.response!.includes('[.]'));
      assert.equal(def.correctResponsesPattern, undefined);
    }
  });
  test('a not-applicable answer has an empty response and says so', () => {
    const item = tiny.items[0]!;
    const s = answeredStatement(scope(tiny), { response: { item: item.id, notApplicable: true }, competency: item.competency, sequence: 1, timestamp: '2026-01-01T00:00:00.000Z' });
    assert.equal(s.result!.response, '');
    assert.equal(s.result!.extensions![RESULT_EXTENSIONS.notApplicable], true);
  });
  test('a response that does not fit its item is refused with the item named', () => {
    assert.throws(() => answeredStatement(scope(tiny), { response: { item: 'l-sjt-1' }, competency: 'listening', sequence: 1, timestamp: '2026-01-01T00:00:00.000Z' }), /l-sjt-1.*choice/);
    assert.throws(() => answeredStatement(scope(tiny), { response: { item: 'nope', choice: 0 }, competency: 'listening', sequence: 1, timestamp: '2026-01-01T00:00:00.000Z' }), /no item "nope"/);
  });
});

describe('context templates (cmi5) and formats', () => {
  test('a context template is merged without overwriting any of its values', () => {
    const template = {
      registration: 'c2a1f0e4-1b7d-4e3a-8f6c-5d4b3a291807',
      contextActivities: { grouping: [{ id: 'https://lms.example/au/1' }], category: [{ id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' }] },
      extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/sessionid': 'lms-session', [CONTEXT_EXTENSIONS.session]: 'from-template' },
    };
    const s = lifecycleStatement(scope(tiny, { contextTemplate: template }), 'initialized', { timestamp: '2026-01-01T00:00:00.000Z' });
    assert.equal(s.context!.registration, template.registration);
    assert.equal(s.context!.extensions!['https://w3id.org/xapi/cmi5/context/extensions/sessionid'], 'lms-session');
    assert.equal(s.context!.extensions![CONTEXT_EXTENSIONS.session], 'from-template');
    assert.deepEqual(s.context!.contextActivities!.grouping, template.contextActivities.grouping);
    assert.deepEqual(s.context!.contextActivities!.category!.map((a) => a.id), ['https://w3id.org/xapi/cmi5/context/categories/cmi5', PROFILE_VERSION_IRI]);
    assert.deepEqual(mergeContext(undefined, { platform: 'x' }), { platform: 'x' });
  });
  test('durations have at most two decimals of seconds', () => {
    assert.equal(isoDuration(0), 'PT0S');
    assert.equal(isoDuration(3_723_456), 'PT1H2M3.46S');
    assert.equal(isoDuration(60_000), 'PT1M');
    assert.equal(isoDuration(1234), 'PT1.23S');
  });
  test('assessed statements for a competency with its own scale use that scale’s bounds', () => {
    const model: Model = { ...tiny, competencies: [{ ...tiny.competencies[0]!, scale: { levels: [0, 1, 2, 3].map((level) => ({ level, label: `L${level}`, meaning: `L${level}` })) } }, tiny.competencies[1]!] };
    const [first] = assessedStatements(scope(model), assessmentResults(model), '2026-01-01T00:00:00.000Z') as [Statement];
    assert.deepEqual([first.result!.score!.min, first.result!.score!.max], [0, 3]);
  });
});

describe('Tracker', () => {
  test('sends lifecycle, answers, results and steps in order, with strictly increasing timestamps', async () => {
    const { Tracker } = await import('./tracker.js');
    const { CollectingSink, stepProgress } = await import('../../test/support/xapi-fixtures.js');
    const sink = new CollectingSink();
    let t = Date.UTC(2026, 0, 1);
    const tracker = new Tracker({ model: tiny, actor: LEARNER, sink, now: () => new Date(t) });
    await tracker.started(true);
    t += 60_000;
    await tracker.suspended();
    await tracker.suspended();
    const results = assessmentResults(tiny);
    const pathway = plan(tiny, results);
    await tracker.completed(results, pathway);
    for (const step of stepProgress(pathway)) await tracker.stepProgress(step, pathway);
    await tracker.terminated();
    const verbs = sink.statements.map((s) => s.verb.id.split('/').pop());
    assert.deepEqual(verbs.slice(0, 5), ['initialized', 'resumed', 'suspended', 'suspended', 'completed']);
    assert.deepEqual(verbs.slice(5, 5 + tiny.competencies.length), tiny.competencies.map(() => 'assessed'));
    assert.equal(verbs.at(-1), 'terminated');
    assert.equal(new Set(sink.statements.map((s) => s.id)).size, sink.statements.length, 'a second suspend gets its own id');
    const own = sink.statements.filter((s) => s.verb.id !== VERBS.attempted && !(s.verb.id === VERBS.completed && s.object.id.includes('/modules/')));
    for (let i = 1; i < own.length; i++) assert.ok(own[i]!.timestamp > own[i - 1]!.timestamp, `${own[i]!.verb.id} after ${own[i - 1]!.verb.id}`);
    assert.equal(sink.statements[2]!.result!.duration, 'PT1M');
  });

  test('a transform (e.g. cmi5 categories) applies to every statement and cannot change its id', async () => {
    const { Tracker } = await import('./tracker.js');
    const { CollectingSink } = await import('../../test/support/xapi-fixtures.js');
    const sink = new CollectingSink();
    const plain = new CollectingSink();
    const cmi5 = { id: 'https://w3id.org/xapi/cmi5/context/categories/moveon' };
    const options = { model: tiny, actor: LEARNER, registration: '6a3f3b52-5b7e-4c55-9a51-2f1f0e6b9d10', session: 's', now: () => new Date(Date.UTC(2026, 0, 1)) };
    const transform = (s: Statement): Statement =>
      s.verb.id === VERBS.completed ? { ...s, id: 'changed', context: { ...s.context, contextActivities: { ...s.context!.contextActivities, category: [...s.context!.contextActivities!.category!, cmi5] } } } : s;
    await new Tracker({ ...options, sink, transform, scoreOnCompleted: false }).completed(assessmentResults(tiny));
    await new Tracker({ ...options, sink: plain }).completed(assessmentResults(tiny));
    assert.deepEqual(sink.statements.map((s) => s.id), plain.statements.map((s) => s.id));
    assert.ok(sink.statements[0]!.context!.contextActivities!.category!.some((a) => a.id === cmi5.id));
    assert.equal(sink.statements[0]!.result!.score, undefined, 'no score on completed for cmi5');
    assert.ok(!sink.statements[1]!.context!.contextActivities!.category!.some((a) => a.id === cmi5.id));
  });
});
