/**
 * The cmi5 statement rules, in one place, between the Tracker and the queue:
 *
 * - `cmi5Statement` (the Tracker's transform) turns Pathway's lifecycle statements on the launch
 *   activity into "cmi5 defined" statements — object `{ id: activityId }` typed as the assessment, the cmi5 category, the
 *   moveOn category only where the result has success or completion, the LMS's mastery score on
 *   passed/failed, score/success/completion only where §9.5 allows them — and keeps every other
 *   statement "cmi5 allowed" (no cmi5 or moveOn category);
 * - `Cmi5Gate` (the Tracker's sink) lets through only what the session and the registration may
 *   still send: initialized first and once, nothing after terminated, in Browse and Review mode
 *   nothing but initialized and terminated, completed and passed once per registration, at most one
 *   of passed/failed per session, no failed after passed.
 *
 * Pure (no DOM, no network), so the rules are tested in Node.
 */
import type { StatementSink } from '../../tracking/tracker.js';
import type { Activity, Context, Result, Statement } from '../../tracking/types.js';
import { ACTIVITY_TYPES } from '../../tracking/vocabulary.js';
import type { RecordedVerb } from '../xapi/state.js';
import { AU_VERBS, type AuVerb, CMI5_CATEGORY, CMI5_EXTENSIONS, CMI5_VERBS, type Cmi5LaunchMode, MOVEON_CATEGORY } from './vocabulary.js';

/** The cmi5 verb of a statement about the AU itself, or undefined for a "cmi5 allowed" statement. */
export function cmi5VerbOf(statement: Pick<Statement, 'verb' | 'object'>, activityId: string): AuVerb | undefined {
  if (statement.object.id !== activityId) return undefined;
  return AU_VERBS.find((verb) => CMI5_VERBS[verb] === statement.verb.id);
}

export interface Cmi5StatementOptions {
  activityId: string;
  /** The LMS's mastery score (LMS.LaunchData), put on passed and failed (§9.6.3.2). */
  masteryScore?: number;
}

const bare = (id: string): Activity => ({ objectType: 'Activity', id });

/**
 * The launch activity is the LMS's: statements never rename or describe it, but give its type (the
 * Pathway profile's statement templates find the assessment by it, as object and as parent).
 */
const launchActivity = (id: string): Activity => ({ objectType: 'Activity', id, definition: { type: ACTIVITY_TYPES.assessment } });

function typedLaunchActivity(list: Activity[] | undefined, activityId: string): Activity[] | undefined {
  return list?.map((a) => (a.id === activityId ? launchActivity(a.id) : a));
}

function categories(context: Context, add: readonly string[], remove: readonly string[]): Activity[] | undefined {
  const list = (context.contextActivities?.category ?? []).filter((a) => !remove.includes(a.id));
  for (const id of add) if (!list.some((a) => a.id === id)) list.push(bare(id));
  return list.length > 0 ? list : undefined;
}

/** Makes a statement follow cmi5: defined statements get their categories and result rules; allowed ones carry no cmi5 category. */
export function cmi5Statement(statement: Statement, options: Cmi5StatementOptions): Statement {
  const verb = cmi5VerbOf(statement, options.activityId);
  const context: Context = { ...statement.context };
  const activities = { ...context.contextActivities };
  for (const key of ['parent', 'grouping', 'other'] as const) {
    const list = typedLaunchActivity(activities[key], options.activityId);
    if (list) activities[key] = list;
  }
  const moveOn = verb === 'completed' || verb === 'passed' || verb === 'failed';
  const category = verb ? categories(context, moveOn ? [CMI5_CATEGORY, MOVEON_CATEGORY] : [CMI5_CATEGORY], moveOn ? [] : [MOVEON_CATEGORY]) : categories(context, [], [CMI5_CATEGORY, MOVEON_CATEGORY]);
  if (category) activities.category = category;
  else delete activities.category;
  context.contextActivities = activities;
  const out: Statement = { ...statement, context };
  if (!verb) return out;

  out.object = launchActivity(options.activityId);
  if ((verb === 'passed' || verb === 'failed') && options.masteryScore !== undefined) {
    context.extensions = { ...context.extensions, [CMI5_EXTENSIONS.masteryScore]: options.masteryScore };
  }
  if (statement.result) {
    const result: Result = { ...statement.result };
    if (verb !== 'passed' && verb !== 'failed') {
      delete result.score;
      delete result.success;
    }
    if (verb !== 'completed') delete result.completion;
    if (result.score?.raw !== undefined && (result.score.min === undefined || result.score.max === undefined)) {
      const { raw: _raw, ...rest } = result.score;
      result.score = rest;
    }
    out.result = result;
  }
  return out;
}

/** What the gate knows: what this session sent, and what the registration recorded before. */
export interface GateMemory {
  mode: Cmi5LaunchMode;
  activityId: string;
  /** cmi5 defined statements this session already sent (kept across reloads). */
  sessionSent: readonly AuVerb[];
  /** completed / passed / failed the registration sent in any session (Pathway's state document). */
  registrationRecorded: readonly RecordedVerb[];
}

export interface GateDecision {
  statement: Statement;
  reason: string;
}

export class Cmi5Gate implements StatementSink {
  private readonly sent: Set<AuVerb>;
  private readonly recorded: Set<RecordedVerb>;
  /** Statements held back, with why (for tests and debugging; nothing secret in them). */
  readonly held: GateDecision[] = [];

  constructor(
    private readonly next: StatementSink,
    private readonly memory: GateMemory,
    /** Called once a cmi5 defined statement is stored in the queue (to persist the flags). */
    private readonly onSent: (verb: AuVerb) => void = () => {},
  ) {
    this.sent = new Set(memory.sessionSent);
    this.recorded = new Set(memory.registrationRecorded);
  }

  /** True once this session sent `terminated`: nothing may follow. */
  get terminated(): boolean {
    return this.sent.has('terminated');
  }

  has(verb: AuVerb): boolean {
    return this.sent.has(verb);
  }

  private hold(statement: Statement, reason: string): false {
    this.held.push({ statement, reason });
    return false;
  }

  /** Decides one statement and, when it may go, updates what the session and registration sent. */
  private admit(statement: Statement): boolean {
    const verb = cmi5VerbOf(statement, this.memory.activityId);
    if (this.sent.has('terminated')) return this.hold(statement, 'after terminated (§9.3.8)');
    if (verb === 'initialized') {
      if (this.sent.has('initialized')) return this.hold(statement, 'initialized twice in a session (§9.3.2)');
    } else if (!this.sent.has('initialized')) return this.hold(statement, 'before initialized (§9.3.2)');
    if (this.memory.mode !== 'Normal' && verb !== 'initialized' && verb !== 'terminated') return this.hold(statement, `${this.memory.mode} mode records no results (§10.2.2)`);
    if (verb === 'completed' && (this.recorded.has('completed') || this.sent.has('completed'))) return this.hold(statement, 'completed once per registration (§9.3.3)');
    if (verb === 'passed' || verb === 'failed') {
      if (this.recorded.has('passed')) return this.hold(statement, `${verb} after passed in this registration (§9.3)`);
      if (this.sent.has('passed') || this.sent.has('failed')) return this.hold(statement, 'one of passed/failed per session (§9.3)');
    }
    if (verb) {
      this.sent.add(verb);
      if (verb === 'completed' || verb === 'passed' || verb === 'failed') this.recorded.add(verb);
    }
    return true;
  }

  async enqueue(statements: readonly Statement[]): Promise<void> {
    const admitted = statements.filter((s) => this.admit(s));
    if (admitted.length === 0) return;
    await this.next.enqueue(admitted);
    for (const s of admitted) {
      const verb = cmi5VerbOf(s, this.memory.activityId);
      if (verb) this.onSent(verb);
    }
  }
}
