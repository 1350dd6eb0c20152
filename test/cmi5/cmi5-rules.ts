/**
 * The cmi5 rules an LMS applies to the statements an AU sends — the checks CATAPULT's LRS proxy makes,
 * keyed by the requirement ids of `@cmi5/requirements` (the cmi5 working group's list). The test LMS
 * (./cmi5-lms.ts) runs every statement POST through them and, like a strict LMS, refuses a batch that
 * breaks one; the tests then assert that no rule was broken.
 *
 * Written independently of src/lms/cmi5/rules.ts (which makes statements follow these rules), so the
 * two check each other. Node only.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Activity, Agent, Context, Statement } from '../../src/tracking/types.js';

const require = createRequire(import.meta.url);
const REQUIREMENTS = JSON.parse(readFileSync(require.resolve('@cmi5/requirements/requirements.json'), 'utf8')) as Record<string, { txt: string }>;

/** The requirement's text from the cmi5 working group's list (throws for an id that is not on it). */
export function requirement(id: string): string {
  const found = REQUIREMENTS[id];
  if (!found) throw new Error(`"${id}" is not a cmi5 requirement id`);
  return found.txt;
}

export interface Violation {
  /** The @cmi5/requirements id. */
  requirement: string;
  text: string;
  /** What the statement did (verb, id) and why it breaks the rule. */
  detail: string;
}

export const CMI5 = {
  category: 'https://w3id.org/xapi/cmi5/context/categories/cmi5',
  moveOn: 'https://w3id.org/xapi/cmi5/context/categories/moveon',
  sessionId: 'https://w3id.org/xapi/cmi5/context/extensions/sessionid',
  masteryScore: 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore',
  verbs: {
    launched: 'http://adlnet.gov/expapi/verbs/launched',
    initialized: 'http://adlnet.gov/expapi/verbs/initialized',
    completed: 'http://adlnet.gov/expapi/verbs/completed',
    passed: 'http://adlnet.gov/expapi/verbs/passed',
    failed: 'http://adlnet.gov/expapi/verbs/failed',
    terminated: 'http://adlnet.gov/expapi/verbs/terminated',
  },
} as const;

type AuVerb = 'initialized' | 'completed' | 'passed' | 'failed' | 'terminated';
const AU_VERBS: AuVerb[] = ['initialized', 'completed', 'passed', 'failed', 'terminated'];

/** What the LMS knows about one AU session. */
export interface SessionFacts {
  actor: Agent;
  registration: string;
  activityId: string;
  sessionId: string;
  launchMode: 'Normal' | 'Browse' | 'Review';
  masteryScore?: number;
  contextTemplate: Context;
  /** The AU read cmi5LearnerPreferences (§11: before its first statement). */
  preferencesRead: boolean;
  /** cmi5 defined verbs received in this session, in order. */
  sent: AuVerb[];
  /** Ids of every statement accepted in this session. */
  ids: Set<string>;
}

/** What the LMS knows about a registration across its sessions. */
export interface RegistrationFacts {
  completed: boolean;
  passed: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UTC = /(Z|[+]00:?00|[+]00)$/;

const categories = (s: Statement) => (s.context?.contextActivities?.category ?? []).map((a) => a.id);
const sameAgent = (a: Agent | undefined, b: Agent) =>
  Boolean(a) && (a!.objectType ?? 'Agent') === 'Agent' && a!.account?.homePage === b.account?.homePage && a!.account?.name === b.account?.name && a!.mbox === b.mbox;

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Template values the context lacks or changed (§10.2.1): lists must hold every template activity. */
function overwritten(template: Context, context: Context | undefined): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(template) as [keyof Context, unknown][]) {
    if (key === 'contextActivities') {
      for (const [list, activities] of Object.entries(value as Record<string, Activity[]>)) {
        const ours = (context?.contextActivities as Record<string, Activity[] | undefined> | undefined)?.[list] ?? [];
        for (const activity of activities) if (!ours.some((a) => a.id === activity.id)) problems.push(`contextActivities.${list} lacks ${activity.id}`);
      }
    } else if (key === 'extensions') {
      for (const [ext, v] of Object.entries(value as Record<string, unknown>)) if (!deepEqual(context?.extensions?.[ext], v)) problems.push(`extension ${ext} changed`);
    } else if (!deepEqual(context?.[key], value)) problems.push(`${key} changed`);
  }
  return problems;
}

/**
 * Checks one statement against the session and registration as they are before it (it does not
 * change them: call `admit` for statements the LMS accepted).
 */
export function checkStatement(s: Statement, session: SessionFacts, registration: RegistrationFacts): Violation[] {
  const out: Violation[] = [];
  const verbName = (Object.entries(CMI5.verbs).find(([, iri]) => iri === s.verb?.id)?.[0] ?? s.verb?.id) as string;
  const fail = (id: string, why: string) => out.push({ requirement: id, text: requirement(id), detail: `${verbName} ${s.id}: ${why}` });
  const cats = categories(s);
  const defined = cats.includes(CMI5.category);
  const auVerb = AU_VERBS.find((v) => CMI5.verbs[v] === s.verb?.id);

  if (!UUID.test(s.id ?? '')) fail('9.1.0.0-1', 'id is not a UUID');
  if (!s.timestamp) fail('9.7.0.0-1', 'no timestamp');
  else if (!UTC.test(s.timestamp)) fail('9.7.0.0-2', `timestamp ${s.timestamp} is not UTC`);
  if (!sameAgent(s.actor as Agent, session.actor)) fail('8.1.3.0-3', 'actor is not the launch actor');
  if (s.context?.registration !== session.registration) fail('9.6.1.0-1', `registration ${s.context?.registration} is not the launch registration`);
  if (s.context?.extensions?.[CMI5.sessionId] !== session.sessionId) fail('9.6.3.1-4', 'no session id extension, or another session');
  for (const problem of overwritten(session.contextTemplate, s.context)) fail('10.2.1.0-7', `context template value overwritten or missing: ${problem}`);
  if (!session.preferencesRead) fail('11.0.0.0-3', 'sent before the learner preferences were read');
  if (session.sent.includes('terminated')) fail('9.3.0.0-5', 'sent after terminated');
  const isInitialized = defined && auVerb === 'initialized';
  if (!session.sent.includes('initialized') && !isInitialized) fail('9.3.0.0-4', 'sent before initialized');
  if (s.result?.score?.raw !== undefined && (s.result.score.min === undefined || s.result.score.max === undefined)) fail('9.5.1.0-3', 'score.raw without min and max');

  if (!defined) {
    if (auVerb && s.object?.id === session.activityId) fail('9.6.2.1-1', 'a cmi5 verb on the AU without the cmi5 category');
    if (cats.includes(CMI5.moveOn)) fail('9.6.2.2-2', 'moveOn category on a statement that is not cmi5 defined');
    return out;
  }
  if (s.object?.id !== session.activityId) fail('9.4.0.0-2', `object ${s.object?.id} is not the launch activityId`);
  if (!auVerb) {
    fail('9.3.0.0-1', `verb ${s.verb?.id} is not one an AU may use in a cmi5 defined statement`);
    return out;
  }
  if (session.sent.includes(auVerb)) fail('9.3.0.0-2', `${auVerb} already sent in this session`);
  if ((auVerb === 'passed' || auVerb === 'failed') && (session.sent.includes('passed') || session.sent.includes('failed'))) fail('9.3.0.0-3', 'a second passed/failed in this session');
  if (auVerb === 'completed' && registration.completed) fail('9.3.0.0-6', 'completed again in this registration');
  if (auVerb === 'passed' && registration.passed) fail('9.3.0.0-7', 'passed again in this registration');
  if (auVerb === 'failed' && registration.passed) fail('9.3.0.0-8', 'failed after passed in this registration');
  if (session.launchMode !== 'Normal' && auVerb !== 'initialized' && auVerb !== 'terminated') fail(session.launchMode === 'Browse' ? '10.2.2.0-9' : '10.2.2.0-11', `${auVerb} in ${session.launchMode} mode`);

  const result = s.result ?? {};
  if (result.score !== undefined && auVerb !== 'passed' && auVerb !== 'failed') fail('9.5.1.0-2', 'a score on a statement other than passed/failed');
  if (auVerb === 'passed' && result.success !== true) fail('9.5.2.0-1', 'passed without success true');
  if (auVerb === 'failed' && result.success !== false) fail('9.5.2.0-2', 'failed without success false');
  if (auVerb !== 'passed' && auVerb !== 'failed' && result.success !== undefined) fail('9.5.2.0-3', 'success on another verb');
  if (auVerb === 'completed' && result.completion !== true) fail('9.5.3.0-1', 'completed without completion true');
  if (auVerb !== 'completed' && result.completion !== undefined) fail('9.5.3.0-2', 'completion on another verb');
  const durationRule = { terminated: '9.5.4.1-1', completed: '9.5.4.1-2', passed: '9.5.4.1-3', failed: '9.5.4.1-4' } as Record<string, string>;
  if (durationRule[auVerb] && !result.duration) fail(durationRule[auVerb]!, 'no duration');
  const needsMoveOn = result.success !== undefined || result.completion !== undefined;
  if (needsMoveOn && !cats.includes(CMI5.moveOn)) fail('9.6.2.2-1', 'success/completion without the moveOn category');
  if (!needsMoveOn && cats.includes(CMI5.moveOn)) fail('9.6.2.2-2', 'moveOn category without success/completion');
  if ((auVerb === 'passed' || auVerb === 'failed') && session.masteryScore !== undefined) {
    const scaled = result.score?.scaled;
    if (scaled !== undefined && auVerb === 'passed' && scaled < session.masteryScore) fail('9.3.4.0-2', `passed with scaled ${scaled} below the mastery score ${session.masteryScore}`);
    if (scaled !== undefined && auVerb === 'failed' && scaled >= session.masteryScore) fail('9.3.5.0-2', `failed with scaled ${scaled} at or above the mastery score ${session.masteryScore}`);
    if (s.context?.extensions?.[CMI5.masteryScore] !== session.masteryScore) fail('9.6.3.2-2', 'no masteryScore extension with the LMS’s mastery score');
  }
  return out;
}

/** Records an accepted statement in what the LMS knows. */
export function admit(s: Statement, session: SessionFacts, registration: RegistrationFacts): void {
  session.ids.add(s.id);
  if (!categories(s).includes(CMI5.category)) return;
  const auVerb = AU_VERBS.find((v) => CMI5.verbs[v] === s.verb.id);
  if (!auVerb) return;
  session.sent.push(auVerb);
  if (auVerb === 'completed') registration.completed = true;
  if (auVerb === 'passed') registration.passed = true;
}

/**
 * Checks a batch as the LMS does: each statement against the state left by the ones before it.
 * Statements the session already accepted (same id: a retry) are skipped. Returns the violations
 * and the statements that are new.
 */
export function checkBatch(statements: Statement[], session: SessionFacts, registration: RegistrationFacts): { violations: Violation[]; fresh: Statement[] } {
  const trialSession: SessionFacts = { ...session, sent: [...session.sent], ids: new Set(session.ids) };
  const trialRegistration = { ...registration };
  const violations: Violation[] = [];
  const fresh: Statement[] = [];
  for (const s of statements) {
    if (trialSession.ids.has(s?.id)) continue;
    violations.push(...checkStatement(s, trialSession, trialRegistration));
    admit(s, trialSession, trialRegistration);
    fresh.push(s);
  }
  return { violations, fresh };
}
