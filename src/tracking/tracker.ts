/**
 * The one place that turns engine events into statements: elements and runtimes call the tracker,
 * the tracker builds statements (./statements.ts) and hands them to a sink — normally the offline
 * queue (./queue.ts), which stores them before any network call.
 */
import type { AssessmentResults } from '../assessment/types.js';
import type { AnswerRecord, StepProgress } from '../lms/runtime.js';
import type { Plan } from '../planner/types.js';
import { assessmentIri } from './activities.js';
import {
  type StatementScope,
  answeredStatement,
  assessedStatements,
  completedStatement,
  consentStatement,
  lifecycleStatement,
  passFailStatement,
  plannedStatement,
  stepStatement,
} from './statements.js';
import type { Statement } from './types.js';
import { randomUuid } from './uuid.js';

/** Where statements go: the queue, or anything else that stores them. */
export interface StatementSink {
  enqueue(statements: readonly Statement[]): Promise<void>;
}

export interface TrackerOptions extends Omit<StatementScope, 'registration' | 'session' | 'activityId'> {
  sink: StatementSink;
  /** UUID of the attempt. Pass the launch's registration; otherwise one is made per tracker. */
  registration?: string;
  /** The session id (cmi5 gives one); otherwise one is made per tracker (one per page load). */
  session?: string;
  /** Object of the lifecycle statements; default `<model id>/assessment`. */
  activityId?: string;
  /** A pass mark (0–1 of the overall score): adds `passed` or `failed` after `completed`. */
  masteryScore?: number;
  /**
   * Decides passed (true) or failed (false) instead of "overall score ≥ masteryScore"; undefined
   * sends neither. Lets a runtime judge against the role when no pass mark is set (cmi5, xAPI launch).
   */
  passDecision?: (results: AssessmentResults) => boolean | undefined;
  /** When the session began, if earlier than this tracker (a page reload inside one cmi5 session). */
  sessionStartedAt?: number;
  /** Put the overall score on `completed` (default true; cmi5 forbids it). */
  scoreOnCompleted?: boolean;
  /**
   * Adjusts each statement before it is queued (e.g. cmi5 adds its `moveon` category to completed,
   * passed and failed only). It must keep the id.
   */
  transform?: (statement: Statement) => Statement;
  now?: () => Date;
}

export class Tracker {
  readonly scope: StatementScope;
  private readonly sink: StatementSink;
  private readonly now: () => Date;
  private readonly options: TrackerOptions;
  private sessionStart: number;
  private lastTime = 0;
  private readonly occurrences = new Map<string, number>();

  constructor(options: TrackerOptions) {
    const { sink, registration, session, activityId, masteryScore: _m, scoreOnCompleted: _s, transform: _t, passDecision: _p, sessionStartedAt, now, ...scope } = options;
    this.options = options;
    this.sink = sink;
    this.now = now ?? (() => new Date());
    this.scope = {
      ...scope,
      registration: registration ?? randomUuid(),
      session: session ?? randomUuid(),
      activityId: activityId ?? assessmentIri(options.model),
    };
    this.sessionStart = sessionStartedAt ?? this.now().getTime();
  }

  /** A timestamp after every earlier one of this tracker, so statements of one pattern never tie. */
  private timestamp(): string {
    const time = Math.max(this.now().getTime(), this.lastTime + 1);
    this.lastTime = time;
    return new Date(time).toISOString();
  }

  private occurrence(kind: string): number {
    const n = (this.occurrences.get(kind) ?? 0) + 1;
    this.occurrences.set(kind, n);
    return n;
  }

  private send(statements: Statement[]): Promise<void> {
    const transform = this.options.transform;
    return this.sink.enqueue(transform ? statements.map((s) => ({ ...transform(s), id: s.id })) : statements);
  }

  /** The session starts: `initialized`, then `resumed` when it continues a suspended attempt. */
  started(resumed = false): Promise<void> {
    if (this.options.sessionStartedAt === undefined) this.sessionStart = this.now().getTime();
    const statements = [lifecycleStatement(this.scope, 'initialized', { timestamp: this.timestamp(), occurrence: this.occurrence('initialized') })];
    if (resumed) statements.push(lifecycleStatement(this.scope, 'resumed', { timestamp: this.timestamp(), occurrence: this.occurrence('resumed') }));
    return this.send(statements);
  }

  answered(record: AnswerRecord): Promise<void> {
    return this.send([answeredStatement(this.scope, record)]);
  }

  /** The assessment ended: `completed` (+ `passed`/`failed` with a pass mark), one `assessed` per competency, and `planned` for the pathway. */
  completed(results: AssessmentResults, plan?: Plan): Promise<void> {
    const durationMs = this.now().getTime() - this.sessionStart;
    const statements = [completedStatement(this.scope, results, { timestamp: this.timestamp(), durationMs, includeScore: this.options.scoreOnCompleted ?? true })];
    const { masteryScore, passDecision } = this.options;
    const success = passDecision?.(results);
    if (passDecision ? success !== undefined : masteryScore !== undefined)
      statements.push(passFailStatement(this.scope, results, masteryScore, { timestamp: this.timestamp(), durationMs, ...(success !== undefined ? { success } : {}) }));
    // With the rater as actor (a cmi5 rating), per-competency results and a pathway would read as the
    // rater's own: only the answers and the end of the attempt are sent.
    if (!this.scope.personRated) {
      statements.push(...assessedStatements(this.scope, results, this.timestamp()).map((s) => ({ ...s, timestamp: this.timestamp() })));
      if (plan) statements.push(plannedStatement(this.scope, plan, this.timestamp()));
    }
    return this.send(statements);
  }

  stepProgress(step: StepProgress, plan?: Plan): Promise<void> {
    return this.send([stepStatement(this.scope, step, plan)]);
  }

  /** The learner opts out of every aggregate (`true`) or back in (`false`). */
  consent(optedOut: boolean): Promise<void> {
    return this.send([consentStatement(this.scope, optedOut, this.timestamp())]);
  }

  /** Leaving unfinished. */
  suspended(): Promise<void> {
    const durationMs = this.now().getTime() - this.sessionStart;
    return this.send([lifecycleStatement(this.scope, 'suspended', { timestamp: this.timestamp(), durationMs, occurrence: this.occurrence('suspended') })]);
  }

  /** The session ends; nothing follows. */
  terminated(): Promise<void> {
    const durationMs = this.now().getTime() - this.sessionStart;
    return this.send([lifecycleStatement(this.scope, 'terminated', { timestamp: this.timestamp(), durationMs, occurrence: this.occurrence('terminated') })]);
  }
}
