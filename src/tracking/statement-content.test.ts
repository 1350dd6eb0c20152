// What each statement says, field by field, for the cases the full-assessment tests (statements.test.ts)
// do not reach: a value present or absent, a bound, a tie, a template that already sets something. An
// LRS report, a CaSS assertion or an L&D dashboard reads these fields; expectations are written out here
// (IRIs as the profile documents them), not recomputed with the builders' own helpers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { AssessmentResults, CompetencyResult, RoleCheck } from '../assessment/types.js';
import type { Model } from '../model/types.js';
import type { Plan } from '../planner/types.js';
import { LEARNER, MANAGER, assessmentResults, plan as planFor } from '../../test/support/xapi-fixtures.js';
import {
  answeredStatement,
  assessedStatements,
  completedStatement,
  consentStatement,
  forVersion,
  lifecycleStatement,
  mergeContext,
  passFailStatement,
  plannedStatement,
  responseText,
  type StatementScope,
  stepStatement,
} from './statements.js';
import type { Activity, Agent, Context, Statement } from './types.js';
import { CONTEXT_EXTENSIONS, RATER_ROLES, RESULT_EXTENSIONS } from './vocabulary.js';

const tiny = JSON.parse(readFileSync(new URL('../../test/fixtures/tiny-model.json', import.meta.url), 'utf8')) as Model;
const MODEL = 'https://pathway.example/models/tiny';
const scope = (extra: Partial<StatementScope> = {}): StatementScope => ({
  model: tiny,
  actor: LEARNER,
  registration: '1d7e9a43-8c2b-4f6e-a5d1-0b3c7e9f2a64',
  session: 's9',
  activityId: `${MODEL}/assessment`,
  ...extra,
});
const T = '2026-03-01T10:00:00.000Z';
const activity = (id: string): Activity => ({ objectType: 'Activity', id });
const ids = (list: Activity[] | undefined) => list?.map((a) => a.id);

/** A role check with a given probability of meeting the level (the decision follows from it). */
const check = (role: string, requiredLevel: number, pMeets: number, decision?: RoleCheck['decision']): RoleCheck =>
  ({ role, requiredLevel, threshold: 0, pMeets, expectedShortfall: 0, weight: 1, critical: false, ...(decision ? { decision } : {}) }) as RoleCheck;

/** One competency result on the 1–5 scale, with only what the case needs. */
function competency(extra: Partial<CompetencyResult> = {}): CompetencyResult {
  return { competency: 'listening', theta: 0.123456, sd: 0.654321, interval90: [-1, 1], level: 3.14159, levelInterval90: [2.71828, 3.56789], responses: 4, sources: {}, ...extra } as CompetencyResult;
}
function results(extra: Partial<AssessmentResults> = {}): AssessmentResults {
  return { ...assessmentResults(tiny), ...extra };
}
const assessedOne = (c: CompetencyResult, extra: Partial<AssessmentResults> = {}) => assessedStatements(scope(), results({ competencies: [c], ...extra }), T)[0]!;

describe('merging a context template (cmi5)', () => {
  const ours: Context = {
    registration: 'r',
    contextActivities: { parent: [activity('p1')], grouping: [activity('g1'), activity('g2')], category: [activity('c1')] },
    extensions: { a: 1, b: 2 },
  };

  test('a template without activity lists or extensions takes ours as they are', () => {
    const merged = mergeContext({ registration: 'from-template' }, ours);
    assert.equal(merged.registration, 'from-template');
    assert.deepEqual(merged.contextActivities, ours.contextActivities);
    assert.deepEqual(merged.extensions, ours.extensions);
    assert.equal('contextAgents' in merged, false);
  });

  test('activities are joined by id: the template’s first, ours only when the template lacks them', () => {
    const merged = mergeContext({ contextActivities: { grouping: [activity('g2'), activity('t1')], other: [activity('o1')] } }, ours);
    assert.deepEqual(ids(merged.contextActivities!.grouping), ['g2', 't1', 'g1']);
    assert.deepEqual(ids(merged.contextActivities!.parent), ['p1']);
    assert.deepEqual(ids(merged.contextActivities!.other), ['o1']);
    assert.deepEqual(ids(merged.contextActivities!.category), ['c1']);
  });

  test('no activity list at all gives no contextActivities, no extensions none', () => {
    const merged = mergeContext({ registration: 't' }, { registration: 'r' });
    assert.equal('contextActivities' in merged, false);
    assert.equal('extensions' in merged, false);
    assert.equal('contextAgents' in merged, false);
  });

  test('extensions: the template’s values win, ours are added; either side alone is kept', () => {
    assert.deepEqual(mergeContext({ extensions: { b: 'template', c: 3 } }, ours).extensions, { a: 1, b: 'template', c: 3 });
    assert.deepEqual(mergeContext({ extensions: { c: 3 } }, { registration: 'r' }).extensions, { c: 3 });
  });

  test('context agents of the template and ours are both kept, either side alone too', () => {
    const agent = (name: string) => ({ objectType: 'contextAgent' as const, agent: { objectType: 'Agent' as const, account: { homePage: 'https://x.example', name } } });
    const both = mergeContext({ contextAgents: [agent('t')] }, { ...ours, contextAgents: [agent('o')] });
    assert.deepEqual(both.contextAgents!.map((a) => a.agent.account!.name), ['t', 'o']);
    assert.deepEqual(mergeContext({ contextAgents: [agent('t')] }, ours).contextAgents!.map((a) => a.agent.account!.name), ['t']);
    assert.deepEqual(mergeContext({}, { ...ours, contextAgents: [agent('o')] }).contextAgents!.map((a) => a.agent.account!.name), ['o']);
  });

  test('a statement built with a template keeps the template’s values and adds the profile category', () => {
    const s = lifecycleStatement(scope({ contextTemplate: { contextActivities: { grouping: [activity('https://lms.example/course')] }, extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/sessionid': 'x' } } }), 'initialized', { timestamp: T });
    assert.deepEqual(ids(s.context!.contextActivities!.grouping), ['https://lms.example/course']);
    assert.deepEqual(ids(s.context!.contextActivities!.category), ['https://pathway.example/xapi/profile/v1.0.0']);
    assert.equal(s.context!.contextActivities!.category![0]!.objectType, 'Activity');
    assert.equal(s.context!.contextActivities!.category![0]!.definition!.type, 'http://adlnet.gov/expapi/activities/profile');
    assert.equal(s.context!.extensions!['https://w3id.org/xapi/cmi5/context/extensions/sessionid'], 'x');
    assert.equal(s.context!.extensions![CONTEXT_EXTENSIONS.session], 's9');
  });
});

describe('the context of every statement', () => {
  test('platform and language appear when given, and only then', () => {
    const bare = lifecycleStatement(scope(), 'initialized', { timestamp: T });
    assert.equal('platform' in bare.context!, false);
    assert.equal('language' in bare.context!, false);
    const full = lifecycleStatement(scope({ platform: 'Moodle 4.3', language: 'de-CH' }), 'initialized', { timestamp: T });
    assert.equal(full.context!.platform, 'Moodle 4.3');
    assert.equal(full.context!.language, 'de-CH');
  });

  test('the verb names itself in English', () => {
    const s = lifecycleStatement(scope(), 'suspended', { timestamp: T });
    assert.deepEqual(s.verb, { id: 'http://adlnet.gov/expapi/verbs/suspended', display: { en: 'suspended' } });
  });

  test('a statement without a result has no result field; a duration makes one', () => {
    assert.equal('result' in lifecycleStatement(scope(), 'initialized', { timestamp: T }), false);
    assert.deepEqual(lifecycleStatement(scope(), 'terminated', { timestamp: T, durationMs: 61_000 }).result, { duration: 'PT1M1S' });
  });

  test('a repeated lifecycle event gets its own id from the second time on', () => {
    const id = (occurrence?: number) => lifecycleStatement(scope(), 'suspended', { timestamp: T, ...(occurrence !== undefined ? { occurrence } : {}) }).id;
    assert.equal(id(1), id());
    assert.equal(id(0), id());
    assert.notEqual(id(2), id());
    assert.notEqual(id(3), id(2));
  });
});

describe('answered statements', () => {
  const record = (response: Record<string, unknown>, sequence = 1) => ({ response: { item: 'l-freq-1', choice: 2, ...response }, competency: 'listening', sequence, timestamp: T }) as Parameters<typeof answeredStatement>[1];

  test('an answer by the learner names the learner as self rater', () => {
    const s = answeredStatement(scope(), record({}));
    assert.equal(s.context!.extensions![CONTEXT_EXTENSIONS.rater], 'self');
    assert.deepEqual(s.context!.contextAgents, [{ objectType: 'contextAgent', agent: LEARNER, relevantTypes: [RATER_ROLES.self] }]);
    assert.deepEqual(ids(s.context!.contextActivities!.grouping), [`${MODEL}/competencies/listening`]);
    assert.deepEqual(ids(s.context!.contextActivities!.parent), [`${MODEL}/assessment`]);
    assert.equal(s.context!.extensions![CONTEXT_EXTENSIONS.sequence], 1);
  });

  test('a manager known to the launch is named; an anonymous peer only by an opaque id; no id, no agent', () => {
    const named = answeredStatement(scope({ rater: MANAGER }), record({ rater: 'manager' }));
    assert.deepEqual(named.context!.contextAgents, [{ objectType: 'contextAgent', agent: MANAGER, relevantTypes: [RATER_ROLES.manager] }]);
    const peer = answeredStatement(scope(), record({ rater: 'peer', raterId: 'p-3' }));
    assert.deepEqual(peer.context!.contextAgents![0]!.agent, { objectType: 'Agent', account: { homePage: `${MODEL}/raters`, name: 'p-3' } });
    const nobody = answeredStatement(scope(), record({ rater: 'peer' }));
    assert.equal('contextAgents' in nobody.context!, false);
    assert.equal(nobody.context!.extensions![CONTEXT_EXTENSIONS.rater], 'peer');
  });

  test('time to answer becomes the duration; without it there is none', () => {
    assert.equal(answeredStatement(scope(), record({ latencyMs: 4_730 })).result!.duration, 'PT4.73S');
    assert.equal('duration' in answeredStatement(scope(), record({})).result!, false);
  });

  test('evidence and not-applicable are result extensions, and only when given', () => {
    const plain = answeredStatement(scope(), record({}));
    assert.deepEqual(plain.result, { response: 'f2' });
    const evidence = answeredStatement(scope(), { ...record({ item: 'f-ev-1', choice: 1, evidence: 'https://docs.example/review' }), competency: 'feedback' });
    assert.deepEqual(evidence.result!.extensions, { [RESULT_EXTENSIONS.evidence]: 'https://docs.example/review' });
    const na = answeredStatement(scope(), record({ choice: undefined, notApplicable: true }));
    assert.deepEqual(na.result, { response: '', extensions: { [RESULT_EXTENSIONS.notApplicable]: true } });
  });

  test('the id tells apart answers that differ only in rater id or evidence', () => {
    const id = (response: Record<string, unknown>) => answeredStatement(scope(), { ...record({ item: 'f-ev-1', choice: 1, ...response }), competency: 'feedback' }).id;
    assert.notEqual(id({ rater: 'peer', raterId: 'a' }), id({ rater: 'peer', raterId: 'b' }));
    assert.notEqual(id({ rater: 'peer', raterId: 'a' }), id({ rater: 'peer' }));
    assert.notEqual(id({ evidence: 'one' }), id({ evidence: 'two' }));
    assert.notEqual(id({ evidence: 'one' }), id({}));
  });

  test('an answer to an item the model does not have, or missing its parts, is refused', () => {
    assert.throws(() => answeredStatement(scope(), record({ item: 'nope' })), RangeError);
    assert.throws(() => responseText(tiny, { item: 'nope', choice: 1 }), RangeError);
    const mostLeast = { ...tiny, items: tiny.items.map((i) => (i.id === 'l-sjt-1' ? { ...i, format: 'most-least' } : i)) } as Model;
    assert.equal(responseText(mostLeast, { item: 'l-sjt-1', most: 1, least: 2 }), 'most[.]o1[,]least[.]o2');
    assert.throws(() => responseText(mostLeast, { item: 'l-sjt-1', most: 1 }), RangeError);
    assert.throws(() => responseText(mostLeast, { item: 'l-sjt-1', least: 1 }), RangeError);
    const rateEach = { ...tiny, items: tiny.items.map((i) => (i.id === 'l-sjt-1' ? { ...i, format: 'rate-each' } : i)) } as Model;
    assert.throws(() => responseText(rateEach, { item: 'l-sjt-1' }), RangeError);
    // A best-answer situational item with "most"/"least" only (no choice) is not a most-least answer.
    assert.throws(() => responseText(tiny, { item: 'l-sjt-1', most: 1, least: 2 }), RangeError);
  });
});

describe('rater requests and the opt-out from insights', () => {
  const record = (rater?: string) => ({ response: { item: 'l-freq-1', choice: 2, ...(rater ? { rater } : {}) }, competency: 'listening', sequence: 1, timestamp: T }) as Parameters<typeof answeredStatement>[1];
  const REQUEST = 'https://pathway.example/xapi/profile/extensions/request';
  const PERSON_RATED = 'https://pathway.example/xapi/profile/extensions/person-rated';
  const request = { id: '6f1c2a9e-3b7d-4e5f-8a0b-1c2d3e4f5a6b', rater: 2 };

  test('every statement of an attempt that answers a rater request names the request; others do not', () => {
    const answer = answeredStatement(scope({ rater: MANAGER, request }), record('manager'));
    assert.deepEqual(answer.context!.extensions![REQUEST], { id: request.id, rater: 2 });
    const lifecycle = lifecycleStatement(scope({ rater: MANAGER, request }), 'initialized', { timestamp: T });
    assert.deepEqual(lifecycle.context!.extensions![REQUEST], { id: request.id, rater: 2 });
    assert.equal(REQUEST in answeredStatement(scope({ rater: MANAGER }), record('manager')).context!.extensions!, false);
  });

  test('under cmi5 the rater is the actor: a rating names the person rated and the rater as context agent', () => {
    // cmi5 makes the launch actor (here the manager) the actor of every statement.
    const rated = scope({ actor: MANAGER, personRated: LEARNER, request });
    const s = answeredStatement(rated, record('manager'));
    assert.deepEqual(s.actor, MANAGER);
    assert.deepEqual(s.context!.extensions![PERSON_RATED], LEARNER);
    assert.deepEqual(s.context!.contextAgents, [{ objectType: 'contextAgent', agent: MANAGER, relevantTypes: [RATER_ROLES.manager] }]);
    // Only a rating says whom it rates: a self answer and a statement without a rater do not.
    assert.equal(PERSON_RATED in answeredStatement(rated, record('self')).context!.extensions!, false);
    assert.equal(PERSON_RATED in lifecycleStatement(rated, 'initialized', { timestamp: T }).context!.extensions!, false);
  });

  test('a rating names the person rated as its team too (an LRS agent filter with related_agents finds it); other statements have no team', () => {
    const rated = scope({ actor: MANAGER, personRated: LEARNER, request });
    assert.deepEqual(answeredStatement(rated, record('manager')).context!.team, { objectType: 'Group', member: [LEARNER] });
    assert.deepEqual(passFailStatement(rated, results({ rater: 'manager' }), 0.5, { timestamp: T }).context!.team, { objectType: 'Group', member: [LEARNER] });
    // The person's own answer, a statement without a rater, and a rating outside cmi5 (no person rated) have none.
    assert.equal('team' in answeredStatement(rated, record('self')).context!, false);
    assert.equal('team' in lifecycleStatement(rated, 'initialized', { timestamp: T }).context!, false);
    assert.equal('team' in answeredStatement(scope({ rater: MANAGER, request }), record('manager')).context!, false);
  });

  test('the opt-out is "left" and the opt-in "joined", on the insights group', () => {
    const out = consentStatement(scope(), true, T);
    const back = consentStatement(scope(), false, T);
    assert.deepEqual(out.verb, { id: 'http://activitystrea.ms/schema/1.0/leave', display: { en: 'left' } });
    assert.deepEqual(back.verb, { id: 'http://activitystrea.ms/schema/1.0/join', display: { en: 'joined' } });
    for (const s of [out, back]) {
      assert.deepEqual(s.actor, LEARNER);
      assert.equal(s.object.id, 'https://pathway.example/xapi/profile/activities/insights');
      assert.equal((s.object as Activity).objectType, 'Activity');
      assert.equal((s.object as Activity).definition?.type, 'http://activitystrea.ms/schema/1.0/group');
      assert.match((s.object as Activity).definition?.name?.en ?? '', /insights/);
    }
    // Opting out and back in at the same moment are two statements; the same choice sent again is one.
    assert.notEqual(out.id, back.id);
    assert.equal(consentStatement(scope(), true, T).id, out.id);
    assert.notEqual(consentStatement(scope(), true, '2026-03-02T10:00:00.000Z').id, out.id);
  });

  test('only the person themselves can opt out: a rater, a person rated or a request is refused', () => {
    assert.throws(() => consentStatement(scope({ rater: MANAGER }), true, T), RangeError);
    assert.throws(() => consentStatement(scope({ actor: MANAGER, personRated: LEARNER }), true, T), RangeError);
    assert.throws(() => consentStatement(scope({ request }), false, T), RangeError);
  });
});

describe('assessed statements (one per competency)', () => {
  test('level, interval and estimate are rounded (2 and 4 decimals), the scaled score is the level’s place on the scale', () => {
    const s = assessedOne(competency());
    const x = s.result!.extensions!;
    assert.equal(x[RESULT_EXTENSIONS.level], 3.14);
    assert.deepEqual(x[RESULT_EXTENSIONS.levelInterval], [2.72, 3.57]);
    assert.deepEqual(x[RESULT_EXTENSIONS.estimate], { theta: 0.1235, sd: 0.6543 });
    assert.equal(x[RESULT_EXTENSIONS.responses], 4);
    assert.deepEqual(s.result!.score, { scaled: 0.535, raw: 3.14, min: 1, max: 5 });
    assert.deepEqual(s.object, { objectType: 'Activity', id: `${MODEL}/competencies/listening`, definition: s.object.definition });
  });

  test('a level beyond the scale is reported at its end', () => {
    assert.deepEqual(assessedOne(competency({ level: 5.6 })).result!.score, { scaled: 1, raw: 5, min: 1, max: 5 });
    assert.deepEqual(assessedOne(competency({ level: 0.4 })).result!.score, { scaled: 0, raw: 1, min: 1, max: 5 });
  });

  test('a one-level scale scores 1 (nothing to fall short of)', () => {
    const oneLevel = { ...tiny, competencies: tiny.competencies.map((c) => (c.id === 'listening' ? { ...c, scale: { ...tiny.scale, levels: [tiny.scale.levels[0]!] } } : c)) } as Model;
    const s = assessedStatements({ ...scope(), model: oneLevel }, results({ competencies: [competency({ level: 1 })] }), T)[0]!;
    assert.deepEqual(s.result!.score, { scaled: 1, raw: 1, min: 1, max: 1 });
  });

  test('each competency is scored on its own scale; a competency the model lacks is refused', () => {
    const ownScale = { ...tiny, competencies: tiny.competencies.map((c) => (c.id === 'feedback' ? { ...c, scale: { ...tiny.scale, levels: tiny.scale.levels.slice(0, 3) } } : c)) } as Model;
    const [listening, feedback] = assessedStatements({ ...scope(), model: ownScale }, results({ competencies: [competency({ level: 3 }), competency({ competency: 'feedback', level: 3 })] }), T);
    assert.deepEqual(listening!.result!.score, { scaled: 0.5, raw: 3, min: 1, max: 5 });
    assert.deepEqual(feedback!.result!.score, { scaled: 1, raw: 3, min: 1, max: 3 });
    assert.throws(() => assessedStatements(scope(), results({ competencies: [competency({ competency: 'empathy' })] }), T), RangeError);
  });

  test('role requirements and probabilities appear for the roles checked, and only for them', () => {
    const both = assessedOne(competency({ current: check('member', 3, 0.912345), target: check('lead', 4, 0.123456) })).result!.extensions!;
    assert.equal(both[RESULT_EXTENSIONS.requiredCurrent], 3);
    assert.equal(both[RESULT_EXTENSIONS.pMeetsCurrent], 0.9123);
    assert.equal(both[RESULT_EXTENSIONS.requiredTarget], 4);
    assert.equal(both[RESULT_EXTENSIONS.pMeetsTarget], 0.1235);
    const none = assessedOne(competency()).result!.extensions!;
    for (const key of [RESULT_EXTENSIONS.requiredCurrent, RESULT_EXTENSIONS.pMeetsCurrent, RESULT_EXTENSIONS.requiredTarget, RESULT_EXTENSIONS.pMeetsTarget, RESULT_EXTENSIONS.blindSpot, RESULT_EXTENSIONS.selfOther]) {
      assert.equal(key in none, false, key);
    }
  });

  test('success is asserted only from a decision against the current role: meets → true, below → false, unsure → absent', () => {
    assert.equal(assessedOne(competency({ current: check('member', 3, 0.97, 'meets') })).result!.success, true);
    assert.equal(assessedOne(competency({ current: check('member', 3, 0.03, 'below') })).result!.success, false);
    assert.equal('success' in assessedOne(competency({ current: check('member', 3, 0.5, 'unsure') })).result!, false);
    assert.equal('success' in assessedOne(competency({ target: check('lead', 4, 0.99, 'meets') })).result!, false);
  });

  test('a blind spot is flagged true only for the blind-spot flag, with the gap rounded', () => {
    const flagged = (flag: string) => assessedOne(competency({ selfOther: { flag, gap: 0.876543, pOverestimate: 0.9, pUnderestimate: 0.05 } as CompetencyResult['selfOther'] })).result!.extensions!;
    assert.equal(flagged('blind-spot')[RESULT_EXTENSIONS.blindSpot], true);
    assert.deepEqual(flagged('blind-spot')[RESULT_EXTENSIONS.selfOther], { flag: 'blind-spot', gap: 0.8765 });
    assert.equal(flagged('hidden-strength')[RESULT_EXTENSIONS.blindSpot], false);
    assert.equal(flagged('aligned')[RESULT_EXTENSIONS.blindSpot], false);
  });

  test('roles: both in grouping and as extensions; the same role twice is grouped once; none, neither', () => {
    const two = assessedOne(competency(), { currentRole: 'member', targetRole: 'lead' }).context!;
    assert.deepEqual(ids(two.contextActivities!.grouping), [`${MODEL}/roles/member`, `${MODEL}/roles/lead`]);
    assert.equal(two.extensions![CONTEXT_EXTENSIONS.currentRole], `${MODEL}/roles/member`);
    assert.equal(two.extensions![CONTEXT_EXTENSIONS.targetRole], `${MODEL}/roles/lead`);
    const same = assessedOne(competency(), { currentRole: 'lead', targetRole: 'lead' }).context!;
    assert.deepEqual(ids(same.contextActivities!.grouping), [`${MODEL}/roles/lead`]);
    const targetOnly = assessedStatements(scope(), { ...results(), currentRole: undefined, targetRole: 'lead', competencies: [competency()] } as unknown as AssessmentResults, T)[0]!.context!;
    assert.deepEqual(ids(targetOnly.contextActivities!.grouping), [`${MODEL}/roles/lead`]);
    assert.equal(CONTEXT_EXTENSIONS.currentRole in targetOnly.extensions!, false);
    const noRoles = { ...results(), competencies: [competency()] } as Partial<AssessmentResults>;
    delete noRoles.currentRole;
    delete noRoles.targetRole;
    const neither = assessedStatements(scope(), noRoles as AssessmentResults, T)[0]!.context!;
    assert.equal('grouping' in neither.contextActivities!, false);
    assert.equal(CONTEXT_EXTENSIONS.currentRole in neither.extensions!, false);
    assert.equal(CONTEXT_EXTENSIONS.targetRole in neither.extensions!, false);
  });
});

describe('completed and passed / failed', () => {
  const overall = (extra: Partial<AssessmentResults['overall']> = {}) => ({ score: 0.612345, ...extra });

  test('completed carries the overall score (unless asked not to: cmi5), items answered, stop reason and probabilities', () => {
    const s = completedStatement(scope(), results({ overall: overall({ pMeetsCurrent: 0.456789, pMeetsTarget: 0.0123456 }), stopReason: 'decided', itemsAnswered: 17 }), { timestamp: T, durationMs: 90_000 });
    assert.equal(s.verb.id, 'http://adlnet.gov/expapi/verbs/completed');
    assert.deepEqual(s.result, {
      completion: true,
      score: { scaled: 0.6123 },
      duration: 'PT1M30S',
      extensions: { [RESULT_EXTENSIONS.itemsAnswered]: 17, [RESULT_EXTENSIONS.stopReason]: 'decided', [RESULT_EXTENSIONS.pMeetsCurrent]: 0.4568, [RESULT_EXTENSIONS.pMeetsTarget]: 0.0123 },
    });
    const bare = completedStatement(scope(), { ...results({ overall: overall(), itemsAnswered: 3 }), stopReason: undefined }, { timestamp: T, includeScore: false });
    assert.deepEqual(bare.result, { completion: true, extensions: { [RESULT_EXTENSIONS.itemsAnswered]: 3 } });
    assert.deepEqual(completedStatement(scope(), results({ overall: overall() }), { timestamp: T, includeScore: true }).result!.score, { scaled: 0.6123 });
  });

  test('a probability of exactly 0 is still reported', () => {
    const x = completedStatement(scope(), results({ overall: overall({ pMeetsCurrent: 0, pMeetsTarget: 0 }) }), { timestamp: T }).result!.extensions!;
    assert.equal(x[RESULT_EXTENSIONS.pMeetsCurrent], 0);
    assert.equal(x[RESULT_EXTENSIONS.pMeetsTarget], 0);
  });

  test('completed statements of attempts with another score get another id', () => {
    const id = (score: number) => completedStatement(scope(), results({ overall: overall({ score }) }), { timestamp: T }).id;
    assert.notEqual(id(0.5), id(0.6));
    assert.equal(id(0.5), id(0.5));
  });

  test('passed at or above the pass mark, failed below it; a decided success overrides the mark', () => {
    const verdict = (score: number, mastery: number | undefined, success?: boolean) => {
      const s = passFailStatement(scope(), results({ overall: overall({ score }) }), mastery, { timestamp: T, ...(success !== undefined ? { success } : {}) });
      return [s.verb.id.split('/').pop(), s.result!.success];
    };
    assert.deepEqual(verdict(0.8, 0.8), ['passed', true]);
    assert.deepEqual(verdict(0.81, 0.8), ['passed', true]);
    assert.deepEqual(verdict(0.79, 0.8), ['failed', false]);
    assert.deepEqual(verdict(0.2, 0.8, true), ['passed', true]);
    assert.deepEqual(verdict(0.9, undefined, false), ['failed', false]);
    assert.throws(() => passFailStatement(scope(), results(), undefined, { timestamp: T }), RangeError);
  });

  test('passed / failed carry score, duration and the overall extensions; ids differ by verdict and pass mark', () => {
    const s = passFailStatement(scope(), results({ overall: overall(), itemsAnswered: 9 }), 0.5, { timestamp: T, durationMs: 1_500 });
    assert.deepEqual(s.result!.score, { scaled: 0.6123 });
    assert.equal(s.result!.duration, 'PT1.5S');
    assert.equal(s.result!.extensions![RESULT_EXTENSIONS.itemsAnswered], 9);
    assert.equal('duration' in passFailStatement(scope(), results(), 0.5, { timestamp: T }).result!, false);
    const id = (mastery: number | undefined, success?: boolean) => passFailStatement(scope(), results({ overall: overall() }), mastery, { timestamp: T, ...(success !== undefined ? { success } : {}) }).id;
    assert.notEqual(id(0.5), id(0.6));
    assert.notEqual(id(0.5), id(0.9));
    assert.notEqual(id(undefined, true), id(undefined, false));
    assert.notEqual(id(0.5, true), id(undefined, true));
  });
});

describe('the planned pathway and its steps', () => {
  const basePlan = (): Plan => planFor(tiny, results());

  test('each step names the competencies it develops by IRI (a competency’s own IRI when it has one)', () => {
    const withIri = { ...tiny, competencies: tiny.competencies.map((c) => (c.id === 'feedback' ? { ...c, iri: 'https://skills.example/feedback' } : c)) } as Model;
    const p = planFor(withIri, results());
    const steps = plannedStatement({ ...scope(), model: withIri }, p, T).result!.extensions![RESULT_EXTENSIONS.steps] as { module: string; develops: { competency: string; expectedGain: number }[]; revisit?: unknown }[];
    const mentoring = steps.find((s) => s.module === `${MODEL}/modules/feedback-mentoring`)!;
    assert.deepEqual(mentoring.develops.map((d) => d.competency), ['https://skills.example/feedback', `${MODEL}/competencies/listening`]);
    assert.equal(typeof mentoring.develops[0]!.expectedGain, 'number');
    const reflection = steps.find((s) => s.module === `${MODEL}/modules/listening-reflection`)!;
    assert.deepEqual(reflection.revisit, { module: `${MODEL}/modules/listening-course`, afterDays: 7 });
    assert.equal('revisit' in steps.find((s) => s.module === `${MODEL}/modules/listening-course`)!, false);
  });

  test('minutes, and what stays uncovered (by competency and role IRI), only when something does', () => {
    const p = basePlan();
    const x = plannedStatement(scope(), p, T).result!.extensions!;
    assert.deepEqual(x[RESULT_EXTENSIONS.minutes], { total: p.totalMinutes, budget: p.budgetMinutes });
    assert.deepEqual(x[RESULT_EXTENSIONS.uncovered], [{ competency: `${MODEL}/competencies/listening`, role: `${MODEL}/roles/member`, reason: { code: 'no-module', params: {} } }]);
    const withIri = { ...tiny, competencies: tiny.competencies.map((c) => (c.id === 'feedback' ? { ...c, iri: 'https://skills.example/feedback' } : c)) } as Model;
    const second = plannedStatement({ ...scope(), model: withIri }, { ...p, uncovered: [{ competency: 'feedback', role: 'lead', reason: { code: 'no-module', params: {} } }] } as Plan, T).result!.extensions!;
    assert.deepEqual(second[RESULT_EXTENSIONS.uncovered], [{ competency: 'https://skills.example/feedback', role: `${MODEL}/roles/lead`, reason: { code: 'no-module', params: {} } }]);
    const covered = plannedStatement(scope(), { ...p, uncovered: [] }, T).result!.extensions!;
    assert.equal(RESULT_EXTENSIONS.uncovered in covered, false);
  });

  test('a plan kept from an earlier model version may name a competency this version dropped: it keeps its default IRI', () => {
    const p = basePlan();
    const step = p.steps[0]!;
    const kept = { ...p, steps: [{ ...step, develops: [{ ...step.develops[0]!, competency: 'dropped' }] }], uncovered: [{ competency: 'gone', role: 'member', reason: { code: 'no-module', params: {} } }] } as Plan;
    const x = plannedStatement(scope(), kept, T).result!.extensions!;
    const steps = x[RESULT_EXTENSIONS.steps] as { develops: { competency: string }[] }[];
    assert.deepEqual(steps[0]!.develops.map((d) => d.competency), [`${MODEL}/competencies/dropped`]);
    assert.deepEqual((x[RESULT_EXTENSIONS.uncovered] as { competency: string }[]).map((u) => u.competency), [`${MODEL}/competencies/gone`]);
  });

  test('another order of the same modules, or other roles, is another planned statement', () => {
    const p = basePlan();
    const reordered = { ...p, steps: [...p.steps].reverse() };
    assert.notEqual(plannedStatement(scope(), reordered, T).id, plannedStatement(scope(), p, T).id);
    const noTarget = { ...p } as Partial<Plan>;
    delete noTarget.targetRole;
    assert.notEqual(plannedStatement(scope(), noTarget as Plan, T).id, plannedStatement(scope(), p, T).id);
    const noRoles = { ...noTarget } as Partial<Plan>;
    delete noRoles.currentRole;
    const ctx = plannedStatement(scope(), noRoles as Plan, T).context!;
    assert.equal('grouping' in ctx.contextActivities!, false);
    assert.notEqual(plannedStatement(scope(), noRoles as Plan, T).id, plannedStatement(scope(), noTarget as Plan, T).id);
  });

  test('a step is grouped under what it develops: from the plan when given, else from the model; each competency once', () => {
    const p = basePlan();
    const started = stepStatement(scope(), { module: 'feedback-mentoring', status: 'started', timestamp: T });
    assert.equal(started.verb.id, 'http://adlnet.gov/expapi/verbs/attempted');
    assert.equal('result' in started, false);
    assert.deepEqual(ids(started.context!.contextActivities!.grouping), [`${MODEL}/competencies/feedback`, `${MODEL}/competencies/listening`]);
    const planned = { ...p, steps: p.steps.map((s) => (s.module === 'feedback-mentoring' ? { ...s, develops: [s.develops[0]!, s.develops[0]!] } : s)) };
    const done = stepStatement(scope(), { module: 'feedback-mentoring', status: 'done', timestamp: T }, planned);
    assert.equal(done.verb.id, 'http://adlnet.gov/expapi/verbs/completed');
    assert.deepEqual(done.result, { completion: true });
    assert.deepEqual(ids(done.context!.contextActivities!.grouping), [`${MODEL}/competencies/feedback`]);
    const notInPlan = stepStatement(scope(), { module: 'feedback-mentoring', status: 'done', timestamp: T }, { ...p, steps: [] });
    assert.deepEqual(ids(notInPlan.context!.contextActivities!.grouping), [`${MODEL}/competencies/feedback`, `${MODEL}/competencies/listening`]);
    assert.notEqual(done.id, started.id);
    assert.throws(() => stepStatement(scope(), { module: 'retired', status: 'done', timestamp: T }), RangeError);
  });
});

describe('statements for an xAPI 1.0.3 LRS', () => {
  const manager: Agent = MANAGER;
  const withAgents = (agents: NonNullable<Context['contextAgents']>, extra: Partial<Context> = {}): Statement =>
    ({ ...lifecycleStatement(scope(), 'initialized', { timestamp: T }), context: { registration: 'r', contextAgents: agents, ...extra } }) as Statement;

  test('2.0.0 keeps contextAgents; 1.0.3 drops them and names a rater who is not the learner as instructor', () => {
    const s = withAgents([{ objectType: 'contextAgent', agent: manager, relevantTypes: [RATER_ROLES.manager] }]);
    assert.equal(forVersion(s, '2.0.0'), s);
    const old = forVersion(s, '1.0.3');
    assert.equal('contextAgents' in old.context!, false);
    assert.deepEqual(old.context!.instructor, manager);
    assert.deepEqual(s.context!.contextAgents!.length, 1, 'the original is left as it was');
  });

  test('the learner rating themselves, or an agent without a rater role, is not made instructor', () => {
    assert.equal('instructor' in forVersion(withAgents([{ objectType: 'contextAgent', agent: LEARNER, relevantTypes: [RATER_ROLES.self] }]), '1.0.3').context!, false);
    assert.equal('instructor' in forVersion(withAgents([{ objectType: 'contextAgent', agent: LEARNER, relevantTypes: [RATER_ROLES.manager] }]), '1.0.3').context!, false);
    assert.equal('instructor' in forVersion(withAgents([{ objectType: 'contextAgent', agent: manager, relevantTypes: [RATER_ROLES.self] }]), '1.0.3').context!, false);
    assert.equal('instructor' in forVersion(withAgents([{ objectType: 'contextAgent', agent: manager }]), '1.0.3').context!, false);
    const mixed = forVersion(withAgents([{ objectType: 'contextAgent', agent: manager, relevantTypes: [RATER_ROLES.self, RATER_ROLES.peer] }]), '1.0.3');
    assert.deepEqual(mixed.context!.instructor, manager);
  });

  test('an instructor the context already names is kept; a statement without context agents is unchanged', () => {
    const other: Agent = { objectType: 'Agent', account: { homePage: 'https://lms.example.com', name: 'teacher' } };
    const s = withAgents([{ objectType: 'contextAgent', agent: manager, relevantTypes: [RATER_ROLES.manager] }], { instructor: other });
    assert.deepEqual(forVersion(s, '1.0.3').context!.instructor, other);
    const plain = lifecycleStatement(scope(), 'initialized', { timestamp: T });
    assert.equal(forVersion(plain, '1.0.3'), plain);
    const noContext = { ...plain } as Partial<Statement>;
    delete noContext.context;
    assert.equal(forVersion(noContext as Statement, '1.0.3'), noContext);
  });
});

describe('statement ids across releases', () => {
  // A statement re-sent after an update (still queued, or sent again on resume) must keep its id, or the
  // LRS stores it twice. These ids were given by release 0.1.0 for the same inputs.
  const minimal = { format: 'pathway-results/1', model: { id: 'tiny', version: '1.0.0' }, rater: 'self', completed: true, itemsAnswered: 6, competencies: [], overall: { score: 0.5 } } as unknown as AssessmentResults;
  const twoSteps = {
    format: 'pathway-plan/1',
    model: { id: 'tiny', version: '1.0.0' },
    budgetMinutes: 600,
    totalMinutes: 90,
    blend: {},
    gaps: [],
    strengths: [],
    steps: [
      { module: 'listening-course', develops: [], explanation: { why: [] } },
      { module: 'feedback-coaching', develops: [], explanation: { why: [] } },
    ],
    uncovered: [],
    notes: [],
  } as unknown as Plan;

  test('lifecycle, answered, completed, passed / failed and planned ids are those of 0.1.0', () => {
    assert.equal(lifecycleStatement(scope(), 'initialized', { timestamp: T }).id, 'c6765100-09a1-555d-9ed5-d89a8a107c55');
    assert.equal(lifecycleStatement(scope(), 'suspended', { timestamp: T, occurrence: 2 }).id, 'bdfdbcd2-e122-524c-bcb8-053159b9d690');
    const answer = { response: { item: 'l-freq-1', choice: 2 }, competency: 'listening', sequence: 1, timestamp: T } as Parameters<typeof answeredStatement>[1];
    assert.equal(answeredStatement(scope(), answer).id, '38a12418-1318-50b4-a5e5-6e00ff89405d');
    assert.equal(completedStatement(scope(), minimal, { timestamp: T }).id, '01562b61-33eb-5dc3-a1d9-5ff3f383d847');
    assert.equal(passFailStatement(scope(), minimal, undefined, { timestamp: T, success: true }).id, 'cc6a0b99-7a0b-53a6-a780-eadf839fce92');
    assert.equal(passFailStatement(scope(), minimal, 0.8, { timestamp: T }).id, '157a1b11-e43c-5b29-bae0-6c0b55098684');
    assert.equal(plannedStatement(scope(), twoSteps, T).id, 'eb2fe707-a89d-5cbb-97e9-b58fd362f516');
  });

  test('the opt-out and opt-in ids are those the opt-out shipped with', () => {
    // Fixed when the opt-out was added: the reader keeps the latest of a person's left/joined statements,
    // so a re-sent choice with another id would be counted as a second one.
    assert.equal(consentStatement(scope(), true, T).id, '9909b046-7435-5abf-8cbb-5de98da21236');
    assert.equal(consentStatement(scope(), false, T).id, '4a89bb72-ea3c-52b5-bd4e-91ef19a82d28');
  });
});
