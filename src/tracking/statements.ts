/**
 * Statement builders: plain functions from the engine's data (answers, results, plan, step progress,
 * lifecycle events) to xAPI statements that follow the Pathway xAPI Profile.
 *
 * Statements are built in one neutral form (with the xAPI 2.0 `contextAgents` for the rater) and
 * turned into what the LRS speaks by `forVersion` when they are sent; the id does not change.
 * Every id is a UUID v5 of the registration and the event, so rebuilding the same event (a retry, a
 * replay after a reload) gives the same id and the LRS never stores it twice.
 */
import { decisionOf } from '../assessment/decision.js';
import type { AssessmentResults, CompetencyResult, Response } from '../assessment/types.js';
import type { AnswerRecord, StepProgress } from '../lms/runtime.js';
import { competencyIri, modelIri, moduleIri, roleIri } from '../model/iri.js';
import type { Model, Rater } from '../model/types.js';
import type { Plan } from '../planner/types.js';
import {
  RESPONSE_IDS,
  assessmentActivity,
  competencyActivity,
  itemActivity,
  pathwayActivity,
  roleActivity,
  stepActivity,
} from './activities.js';
import type { Activity, Agent, Context, ContextActivities, Result, Statement, XapiVersion } from './types.js';
import { URL_NAMESPACE, uuidV5 } from './uuid.js';
import {
  ACTIVITY_TYPES,
  CONTEXT_EXTENSIONS,
  INSIGHTS_ACTIVITY,
  PROFILE_IRI,
  PROFILE_VERSION_IRI,
  RATER_ROLES,
  RESULT_EXTENSIONS,
  VERBS,
  VERB_DISPLAY,
  type VerbName,
} from './vocabulary.js';

/** Who and what every statement of one tracker is about. */
export interface StatementScope {
  model: Model;
  /** The person assessed (the learner): the actor of every statement. */
  actor: Agent;
  /** The person answering when it is not the learner (a manager or peer rating the learner). */
  rater?: Agent;
  /** The rater request this attempt answers (its id and the rater's place in it). */
  request?: { id: string; rater: number };
  /**
   * The person rated when the actor must be the rater (a cmi5 launch, whose every statement has the
   * launch actor): `actor` is then the rater, and this person goes into the `person-rated` extension.
   */
  personRated?: Agent;
  /** UUID of the attempt (cmi5/launch registration). */
  registration: string;
  /** Identifier of this session (cmi5 session id, or one per page load). */
  session: string;
  /** Object of the lifecycle statements: the launch's activity id, or the model's assessment IRI. */
  activityId: string;
  /** Language of the learner's interface, for `context.language`. */
  language?: string;
  platform?: string;
  /**
   * A context every statement starts from (e.g. cmi5 `LMS.LaunchData.contextTemplate`). Its values
   * are never overwritten: Pathway only adds to it.
   */
  contextTemplate?: Context;
}

/** Namespace of every Pathway statement id. */
export const STATEMENT_NAMESPACE = uuidV5(PROFILE_IRI, URL_NAMESPACE);

export function statementId(scope: Pick<StatementScope, 'registration'>, event: string): string {
  return uuidV5(`${scope.registration}|${event}`, STATEMENT_NAMESPACE);
}

// Functions rather than module-level values, here and below: a value built once at load cannot be
// switched by a mutation run's warm process, so its mutants would survive untested.
function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

/** ISO 8601 duration with at most two decimals of seconds (what SCORM 2004, cmi5 and xAPI all accept). */
export function isoDuration(milliseconds: number): string {
  const centiseconds = Math.max(0, Math.round(milliseconds / 10));
  const hours = Math.floor(centiseconds / 360_000);
  const minutes = Math.floor((centiseconds % 360_000) / 6_000);
  const seconds = (centiseconds % 6_000) / 100;
  let text = 'PT';
  if (hours) text += `${hours}H`;
  if (minutes) text += `${minutes}M`;
  if (seconds || (!hours && !minutes)) text += `${Number(seconds.toFixed(2))}S`;
  return text;
}

function verb(name: VerbName) {
  return { id: VERBS[name], display: { en: VERB_DISPLAY[name] } };
}

function profileCategory(): Activity {
  return { objectType: 'Activity', id: PROFILE_VERSION_IRI, definition: { type: ACTIVITY_TYPES.profile } };
}

function mergeActivities(template: Activity[] | undefined, ours: Activity[] | undefined): Activity[] | undefined {
  const merged = [...(template ?? [])];
  for (const activity of ours ?? []) if (!merged.some((a) => a.id === activity.id)) merged.push(activity);
  return merged.length > 0 ? merged : undefined;
}

/** Adds `ours` to a context template without overwriting anything the template sets. */
export function mergeContext(template: Context | undefined, ours: Context): Context {
  if (!template) return ours;
  const merged: Context = { ...ours, ...template };
  const keys: (keyof ContextActivities)[] = ['parent', 'grouping', 'category', 'other'];
  const activities: ContextActivities = {};
  for (const key of keys) {
    const list = mergeActivities(template.contextActivities?.[key], ours.contextActivities?.[key]);
    if (list) activities[key] = list;
  }
  if (Object.keys(activities).length > 0) merged.contextActivities = activities;
  if (template.extensions || ours.extensions) merged.extensions = { ...ours.extensions, ...template.extensions };
  if (template.contextAgents || ours.contextAgents) merged.contextAgents = [...(template.contextAgents ?? []), ...(ours.contextAgents ?? [])];
  return merged;
}

interface ContextParts {
  parent?: Activity[];
  grouping?: Activity[];
  extensions?: Record<string, unknown>;
  rater?: { kind: Rater; raterId?: string };
}

function raterAgent(scope: StatementScope, kind: Rater, raterId: string | undefined): Agent | undefined {
  if (kind === 'self') return scope.actor;
  if (scope.rater) return scope.rater;
  if (scope.personRated) return scope.actor;
  // An anonymous rater (e.g. one of several peers) is named only by an opaque id, never a name or email.
  return raterId ? { objectType: 'Agent', account: { homePage: `${modelIri(scope.model)}/raters`, name: raterId } } : undefined;
}

function context(scope: StatementScope, parts: ContextParts): Context {
  const ours: Context = {
    registration: scope.registration,
    contextActivities: {
      ...(parts.parent ? { parent: parts.parent } : {}),
      ...(parts.grouping && parts.grouping.length > 0 ? { grouping: parts.grouping } : {}),
      category: [profileCategory()],
    },
    extensions: {
      [CONTEXT_EXTENSIONS.session]: scope.session,
      [CONTEXT_EXTENSIONS.modelVersion]: scope.model.version,
      ...(parts.rater ? { [CONTEXT_EXTENSIONS.rater]: parts.rater.kind } : {}),
      ...(scope.request ? { [CONTEXT_EXTENSIONS.request]: { id: scope.request.id, rater: scope.request.rater } } : {}),
      ...(scope.personRated && parts.rater && parts.rater.kind !== 'self' ? { [CONTEXT_EXTENSIONS.personRated]: scope.personRated } : {}),
      ...parts.extensions,
    },
  };
  // The person rated as the statement's team too: an LRS's agent filter with related_agents finds
  // them there (xAPI 1.0.3 §2.1.3: a group with the agent as member matches), never in an extension.
  if (scope.personRated && parts.rater && parts.rater.kind !== 'self') ours.team = { objectType: 'Group', member: [scope.personRated] };
  if (scope.platform) ours.platform = scope.platform;
  if (scope.language) ours.language = scope.language;
  if (parts.rater) {
    const agent = raterAgent(scope, parts.rater.kind, parts.rater.raterId);
    if (agent) ours.contextAgents = [{ objectType: 'contextAgent', agent, relevantTypes: [RATER_ROLES[parts.rater.kind]] }];
  }
  return mergeContext(scope.contextTemplate, ours);
}

function statement(scope: StatementScope, event: string, name: VerbName, object: Activity, timestamp: string, ctx: Context, result?: Result): Statement {
  const s: Statement = { id: statementId(scope, event), actor: scope.actor, verb: verb(name), object, context: ctx, timestamp };
  if (result && Object.keys(result).length > 0) s.result = result;
  return s;
}

export type LifecycleVerb = 'initialized' | 'resumed' | 'suspended' | 'terminated';

export interface LifecycleOptions {
  timestamp: string;
  /** Time spent in this session, in milliseconds (required by cmi5 on terminated). */
  durationMs?: number;
  /** Counts repeated events of one kind in one session (a second suspend), from 1. */
  occurrence?: number;
}

/** initialized / resumed / suspended / terminated, on the assessment activity. */
export function lifecycleStatement(scope: StatementScope, name: LifecycleVerb, options: LifecycleOptions): Statement {
  const occurrence = options.occurrence && options.occurrence > 1 ? `|${options.occurrence}` : '';
  const result: Result = options.durationMs !== undefined ? { duration: isoDuration(options.durationMs) } : {};
  return statement(
    scope,
    `session|${scope.session}|${name}${occurrence}`,
    name,
    assessmentActivity(scope.model, scope.activityId),
    options.timestamp,
    context(scope, {}),
    result,
  );
}

/** The group every aggregate counts (team views, reports): the object of the opt-out and opt-in. */
export function insightsActivity(): Activity {
  return {
    objectType: 'Activity',
    id: INSIGHTS_ACTIVITY,
    definition: { type: ACTIVITY_TYPES.group, name: { en: 'People counted in Pathway team and organisation insights' } },
  };
}

/**
 * The learner's opt-out (`left`) or opt-in again (`joined`): their latest one decides whether team
 * views and reports count them (docs/xapi-profile.md). Only the learner sends it: never with a rater.
 */
export function consentStatement(scope: StatementScope, optedOut: boolean, timestamp: string): Statement {
  if (scope.rater || scope.personRated || scope.request) throw new RangeError('only the person themselves can opt out of or back into insights, not a rater');
  return statement(scope, `consent|${optedOut ? 'out' : 'in'}|${timestamp}`, optedOut ? 'left' : 'joined', insightsActivity(), timestamp, context(scope, {}));
}

/** The response in the interaction's format (component ids joined by `[,]` and `[.]`). */
export function responseText(model: Model, response: Response): string {
  if (response.notApplicable) return '';
  const item = model.items.find((i) => i.id === response.item);
  if (!item) throw new RangeError(`the model has no item "${response.item}"`);
  if (item.type === 'situational' && item.format === 'most-least') {
    if (response.most === undefined || response.least === undefined) throw new RangeError(`item "${item.id}" needs "most" and "least"`);
    return `most[.]${RESPONSE_IDS.option(response.most)}[,]least[.]${RESPONSE_IDS.option(response.least)}`;
  }
  if (item.type === 'situational' && item.format === 'rate-each') {
    if (!response.ratings) throw new RangeError(`item "${item.id}" needs "ratings"`);
    return response.ratings.map((r, i) => `${RESPONSE_IDS.option(i)}[.]${RESPONSE_IDS.rating(r)}`).join('[,]');
  }
  if (response.choice === undefined) throw new RangeError(`item "${item.id}" needs "choice"`);
  if (item.type === 'frequency') return RESPONSE_IDS.frequency(response.choice);
  if (item.type === 'evidence') return RESPONSE_IDS.rubric(response.choice);
  return RESPONSE_IDS.option(response.choice);
}

/** One answered item: response, item and competency ids, and who answered. */
export function answeredStatement(scope: StatementScope, record: AnswerRecord): Statement {
  const { response } = record;
  const item = scope.model.items.find((i) => i.id === response.item);
  if (!item) throw new RangeError(`the model has no item "${response.item}"`);
  const kind = response.rater ?? 'self';
  const text = responseText(scope.model, response);
  const result: Result = { response: text };
  if (response.latencyMs !== undefined) result.duration = isoDuration(response.latencyMs);
  const extensions: Record<string, unknown> = {};
  if (response.notApplicable) extensions[RESULT_EXTENSIONS.notApplicable] = true;
  if (response.evidence) extensions[RESULT_EXTENSIONS.evidence] = response.evidence;
  if (Object.keys(extensions).length > 0) result.extensions = extensions;
  const event = `answered|${record.sequence}|${item.id}|${kind}|${response.raterId ?? ''}|${text}|${response.evidence ?? ''}`;
  return statement(
    scope,
    event,
    'answered',
    itemActivity(scope.model, item),
    record.timestamp,
    context(scope, {
      parent: [assessmentActivity(scope.model, scope.activityId)],
      grouping: [competencyActivity(scope.model, record.competency)],
      extensions: { [CONTEXT_EXTENSIONS.sequence]: record.sequence },
      rater: { kind, ...(response.raterId ? { raterId: response.raterId } : {}) },
    }),
    result,
  );
}

function roleParts(scope: StatementScope, results: Pick<AssessmentResults, 'currentRole' | 'targetRole'>) {
  const grouping: Activity[] = [];
  const extensions: Record<string, unknown> = {};
  if (results.currentRole) {
    grouping.push(roleActivity(scope.model, results.currentRole));
    extensions[CONTEXT_EXTENSIONS.currentRole] = roleIri(scope.model, results.currentRole);
  }
  if (results.targetRole && results.targetRole !== results.currentRole) grouping.push(roleActivity(scope.model, results.targetRole));
  if (results.targetRole) extensions[CONTEXT_EXTENSIONS.targetRole] = roleIri(scope.model, results.targetRole);
  return { grouping, extensions };
}

function scaleBounds(scope: StatementScope, competencyId: string): [number, number] {
  const competency = scope.model.competencies.find((c) => c.id === competencyId);
  const levels = (competency?.scale ?? scope.model.scale).levels.map((l) => l.level);
  return [Math.min(...levels), Math.max(...levels)];
}

function competencyResult(scope: StatementScope, c: CompetencyResult): Result {
  const [min, max] = scaleBounds(scope, c.competency);
  const raw = round(Math.min(max, Math.max(min, c.level)), 2);
  const extensions: Record<string, unknown> = {
    [RESULT_EXTENSIONS.level]: raw,
    [RESULT_EXTENSIONS.levelInterval]: c.levelInterval90.map((v) => round(v, 2)),
    [RESULT_EXTENSIONS.estimate]: { theta: round(c.theta, 4), sd: round(c.sd, 4) },
    [RESULT_EXTENSIONS.responses]: c.responses,
  };
  if (c.current) {
    extensions[RESULT_EXTENSIONS.requiredCurrent] = c.current.requiredLevel;
    extensions[RESULT_EXTENSIONS.pMeetsCurrent] = round(c.current.pMeets, 4);
  }
  if (c.target) {
    extensions[RESULT_EXTENSIONS.requiredTarget] = c.target.requiredLevel;
    extensions[RESULT_EXTENSIONS.pMeetsTarget] = round(c.target.pMeets, 4);
  }
  if (c.selfOther) {
    extensions[RESULT_EXTENSIONS.blindSpot] = c.selfOther.flag === 'blind-spot';
    extensions[RESULT_EXTENSIONS.selfOther] = { flag: c.selfOther.flag, gap: round(c.selfOther.gap, 4) };
  }
  const result: Result = {
    score: { scaled: round(max > min ? (raw - min) / (max - min) : 1, 4), raw, min, max },
    extensions,
  };
  // success only from a decision either way; "not yet sure" asserts nothing.
  const decision = c.current ? decisionOf(c.current) : 'unsure';
  if (decision !== 'unsure') result.success = decision === 'meets';
  return result;
}

/**
 * One statement per competency result: object = the competency IRI, `result.success` against the
 * current role's level, `result.score.scaled` the level's position on the scale — the shape a
 * competency service such as CaSS turns into an assertion.
 */
export function assessedStatements(scope: StatementScope, results: AssessmentResults, timestamp: string): Statement[] {
  const roles = roleParts(scope, results);
  return results.competencies.map((c) => {
    const result = competencyResult(scope, c);
    const event = `assessed|${results.rater}|${c.competency}|${round(c.theta, 4)}|${round(c.sd, 4)}|${c.responses}|${results.itemsAnswered}`;
    return statement(
      scope,
      event,
      'assessed',
      competencyActivity(scope.model, c.competency),
      timestamp,
      context(scope, {
        parent: [assessmentActivity(scope.model, scope.activityId)],
        grouping: roles.grouping,
        extensions: roles.extensions,
        rater: { kind: results.rater },
      }),
      result,
    );
  });
}

export interface CompletedOptions {
  timestamp: string;
  durationMs?: number;
  /** cmi5 forbids a score on `completed`; plain xAPI reports carry the overall score there. Default true. */
  includeScore?: boolean;
}

function overallExtensions(results: AssessmentResults): Record<string, unknown> {
  const extensions: Record<string, unknown> = { [RESULT_EXTENSIONS.itemsAnswered]: results.itemsAnswered };
  if (results.stopReason) extensions[RESULT_EXTENSIONS.stopReason] = results.stopReason;
  if (results.overall.pMeetsCurrent !== undefined) extensions[RESULT_EXTENSIONS.pMeetsCurrent] = round(results.overall.pMeetsCurrent, 4);
  if (results.overall.pMeetsTarget !== undefined) extensions[RESULT_EXTENSIONS.pMeetsTarget] = round(results.overall.pMeetsTarget, 4);
  return extensions;
}

/** The assessment attempt completed. */
export function completedStatement(scope: StatementScope, results: AssessmentResults, options: CompletedOptions): Statement {
  const result: Result = { completion: true, extensions: overallExtensions(results) };
  if (options.includeScore ?? true) result.score = { scaled: round(results.overall.score, 4) };
  if (options.durationMs !== undefined) result.duration = isoDuration(options.durationMs);
  const roles = roleParts(scope, results);
  return statement(
    scope,
    `completed|${results.rater}|${results.itemsAnswered}|${round(results.overall.score, 4)}`,
    'completed',
    assessmentActivity(scope.model, scope.activityId),
    options.timestamp,
    context(scope, { grouping: roles.grouping, extensions: roles.extensions, rater: { kind: results.rater } }),
    result,
  );
}

/**
 * passed / failed: against a pass mark (`success` omitted: overall score ≥ masteryScore), or as
 * decided by the caller (`success`, e.g. against the role when no pass mark is set).
 */
export function passFailStatement(
  scope: StatementScope,
  results: AssessmentResults,
  masteryScore: number | undefined,
  options: { timestamp: string; durationMs?: number; success?: boolean },
): Statement {
  if (options.success === undefined && masteryScore === undefined) throw new RangeError('passFailStatement needs a masteryScore or a decided success');
  const success = options.success ?? results.overall.score >= masteryScore!;
  const result: Result = { success, score: { scaled: round(results.overall.score, 4) }, extensions: overallExtensions(results) };
  if (options.durationMs !== undefined) result.duration = isoDuration(options.durationMs);
  const roles = roleParts(scope, results);
  return statement(
    scope,
    `${success ? 'passed' : 'failed'}|${results.rater}|${results.itemsAnswered}|${round(results.overall.score, 4)}|${masteryScore ?? ''}`,
    success ? 'passed' : 'failed',
    assessmentActivity(scope.model, scope.activityId),
    options.timestamp,
    context(scope, { grouping: roles.grouping, extensions: roles.extensions, rater: { kind: results.rater } }),
    result,
  );
}

/**
 * A competency a plan names, by IRI. A plan kept from an earlier version of the model may name one this
 * version dropped: it keeps the IRI such a competency had by default rather than failing the statement.
 */
function namedCompetencyIri(model: Model, id: string): string {
  return competencyIri(model, { id, iri: model.competencies.find((c) => c.id === id)?.iri });
}

/** The pathway recommended: its steps with module IRIs and their reasons, in order. */
export function plannedStatement(scope: StatementScope, plan: Plan, timestamp: string): Statement {
  const model = scope.model;
  const steps = plan.steps.map((step) => ({
    module: moduleIri(model, step.module),
    kind: step.kind,
    modality: step.modality,
    minutes: step.minutes,
    develops: step.develops.map((d) => ({ competency: namedCompetencyIri(model, d.competency), expectedGain: round(d.expectedGain, 4) })),
    awareness: step.awareness,
    ...(step.revisit ? { revisit: { module: moduleIri(model, step.revisit.module), afterDays: step.revisit.afterDays } } : {}),
    status: step.status,
    why: step.explanation.why,
  }));
  const extensions: Record<string, unknown> = {
    [RESULT_EXTENSIONS.steps]: steps,
    [RESULT_EXTENSIONS.minutes]: { total: plan.totalMinutes, budget: plan.budgetMinutes },
  };
  if (plan.uncovered.length > 0)
    extensions[RESULT_EXTENSIONS.uncovered] = plan.uncovered.map((u) => ({
      competency: namedCompetencyIri(model, u.competency),
      role: roleIri(model, u.role),
      reason: u.reason,
    }));
  const roles = roleParts(scope, plan);
  const fingerprint = plan.steps.map((s) => s.module).join(',');
  return statement(
    scope,
    `planned|${plan.currentRole ?? ''}|${plan.targetRole ?? ''}|${plan.totalMinutes}|${fingerprint}`,
    'planned',
    pathwayActivity(model),
    timestamp,
    context(scope, { parent: [assessmentActivity(model, scope.activityId)], grouping: roles.grouping, extensions: roles.extensions }),
    { extensions },
  );
}

/** A pathway step started (attempted) or done (completed). */
export function stepStatement(scope: StatementScope, step: StepProgress, plan?: Plan): Statement {
  const model = scope.model;
  const planned = plan?.steps.find((s) => s.module === step.module);
  const develops = planned ? planned.develops.map((d) => d.competency) : model.modules.find((m) => m.id === step.module)?.develops.map((d) => d.competency) ?? [];
  const grouping = [...new Set(develops)].map((id) => competencyActivity(model, id));
  return statement(
    scope,
    `step|${step.module}|${step.status}`,
    step.status === 'done' ? 'completed' : 'attempted',
    stepActivity(model, step.module),
    step.timestamp,
    context(scope, { parent: [pathwayActivity(model)], grouping }),
    step.status === 'done' ? { completion: true } : undefined,
  );
}

/**
 * The statement as an LRS of the given version accepts it. xAPI 1.0.3 has no `contextAgents`: the
 * rater who is not the learner moves to `context.instructor` (where CaSS also looks for the
 * asserting agent); the rater role stays in the `rater` context extension.
 */
export function forVersion(s: Statement, version: XapiVersion): Statement {
  if (version === '2.0.0' || !s.context?.contextAgents) return s;
  const { contextAgents, ...rest } = s.context;
  const ctx: Context = rest;
  const other = contextAgents.find((a) => a.relevantTypes?.some((t) => t !== RATER_ROLES.self) && JSON.stringify(a.agent) !== JSON.stringify(s.actor));
  if (other && !ctx.instructor) ctx.instructor = other.agent;
  return { ...s, context: ctx };
}
