/**
 * Sends what a delivery mode records to an LRS as well: wraps any runtime (normally the standalone
 * one) and reports every event through the xAPI tracker and the offline queue. Loaded lazily by the
 * elements, only when an LRS is configured, so pages without one never download the xAPI code.
 */
import type { Rater } from '../model/types.js';
import type { Model } from '../model/types.js';
import type { AssessmentResults } from '../assessment/types.js';
import type { Plan } from '../planner/types.js';
import { type BrowserQueue, openBrowserQueue } from '../tracking/browser-queue.js';
import type { LrsConfig } from '../tracking/lrs-client.js';
import { Tracker } from '../tracking/tracker.js';
import type { Agent } from '../tracking/types.js';
import { randomUuid } from '../tracking/uuid.js';
import { launchOutcome, takeLaunchOutcome } from '../tracking/launch.js';
import type { AnswerRecord, LaunchContext, Progress, Runtime, RuntimeProblem, StepProgress } from './runtime.js';

/** An LRS to report to, as a page sets it on `<pathway-assessment>` (the `lrs` property). */
export interface LrsSettings {
  endpoint: string;
  /** The Authorization header value, e.g. "Basic …" (kept in memory only). */
  auth?: string;
  /** The learner as an xAPI Agent. */
  actor: Agent;
  registration?: string;
  activityId?: string;
  allowedOrigins?: string[];
}

export interface LrsConnection {
  /** Set by the page; wins over `xapiLaunch`. */
  settings?: LrsSettings;
  /** Read the settings from a TinCan-style launch URL (and remove them from the address bar). */
  xapiLaunch: boolean;
  /**
   * The page address with the launch, when the caller already took it off the address bar (the element
   * does, on connect: `takeLaunchAddress`). Memory only.
   */
  launchAddress?: string;
  /** Origins the endpoint must be on. */
  allowedOrigins: string[];
  rater: Rater;
  /**
   * A rater request being answered: statements are about `person` (the actor), the LRS actor is the
   * rater, and the attempt has the request's registration for this rater.
   */
  request?: { person: Agent; registration: string; id?: string; index?: number };
  /**
   * Candidate mode: the LRS for candidates. Statements go there only, under a pseudonym made from the
   * attempt's registration (kept with the progress, so a resumed attempt keeps it); `settings`,
   * `xapiLaunch` and `request` are ignored.
   */
  candidate?: Omit<LrsSettings, 'actor'> | undefined;
  /** Says why the LRS is not used (the runtime then works without it). */
  report(message: string): void;
}

/**
 * The runtime with LRS reporting added, from the page's settings or the launch URL; the runtime
 * unchanged (and the reason reported) when there is no usable LRS.
 */
export function connectLrs(runtime: Runtime, connection: LrsConnection): Runtime {
  const candidate = connection.candidate;
  if (candidate) {
    const allowedOrigins = [...connection.allowedOrigins, ...(candidate.allowedOrigins ?? [])];
    return new LrsReportingRuntime(runtime, {
      lrs: { endpoint: candidate.endpoint, ...(candidate.auth ? { auth: candidate.auth } : {}), ...(allowedOrigins.length > 0 ? { allowedOrigins } : {}) },
      pseudonym: true,
      ...(candidate.registration ? { registration: candidate.registration } : {}),
      ...(candidate.activityId ? { activityId: candidate.activityId } : {}),
    });
  }
  let settings = connection.settings;
  if (!settings && connection.xapiLaunch) {
    const outcome = connection.launchAddress !== undefined ? launchOutcome(connection.launchAddress) : takeLaunchOutcome();
    if (!outcome.ok) connection.report(outcome.error.message);
    else if (outcome.data.endpoint && outcome.data.actor) {
      const launch = outcome.data;
      for (const message of launch.ignored ?? []) connection.report(message);
      settings = {
        endpoint: launch.endpoint!,
        actor: launch.actor!,
        ...(launch.auth ? { auth: launch.auth } : {}),
        ...(launch.registration ? { registration: launch.registration } : {}),
        ...(launch.activityId ? { activityId: launch.activityId } : {}),
      };
    } else {
      connection.report('xapi-launch is set, but the page address has no "endpoint" and "actor" launch parameters; results are not sent to an LRS.');
    }
  }
  if (!settings) return runtime;
  const allowedOrigins = [...connection.allowedOrigins, ...(settings.allowedOrigins ?? [])];
  const request = connection.request;
  const registration = request?.registration ?? settings.registration;
  return new LrsReportingRuntime(runtime, {
    lrs: { endpoint: settings.endpoint, ...(settings.auth ? { auth: settings.auth } : {}), ...(allowedOrigins.length > 0 ? { allowedOrigins } : {}) },
    actor: request?.person ?? settings.actor,
    ...(registration ? { registration } : {}),
    ...(settings.activityId ? { activityId: settings.activityId } : {}),
    ...(connection.rater !== 'self' ? { rater: { role: connection.rater, ...(request ? { agent: settings.actor } : {}) } } : {}),
    ...(request?.id !== undefined && request.index !== undefined ? { request: { id: request.id, rater: request.index } } : {}),
  });
}

/** The origin of an endpoint (the endpoint itself when it is no URL: the queue then says why it cannot use it). */
function originOf(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    return endpoint;
  }
}

export interface LrsReporting {
  lrs: LrsConfig;
  /** The learner: the actor of every statement (required unless `pseudonym`). */
  actor?: Agent;
  /** A candidate: the actor is `candidate-<registration>`, an account on the LRS's origin — never an identity. */
  pseudonym?: boolean;
  /** The attempt's registration (UUID); default: kept with the saved progress, new for a new attempt. */
  registration?: string;
  /** Activity id from a launch, for the lifecycle statements. */
  activityId?: string;
  /** The person answering when it is not the learner. */
  rater?: { role: Rater; agent?: Agent };
  /** The rater request answered (its id and the rater's place), put on every statement. */
  request?: { id: string; rater: number };
  language?: string;
}

export class LrsReportingRuntime implements Runtime {
  readonly kind: Runtime['kind'];
  onProblem?: (problem: RuntimeProblem) => void;
  private tracker: Tracker | undefined;
  private queue: BrowserQueue | undefined;
  private registration = '';
  private lastPlan: Plan | undefined;

  constructor(
    private readonly inner: Runtime,
    private readonly config: LrsReporting,
  ) {
    this.kind = inner.kind;
    inner.onProblem = (problem) => this.onProblem?.(problem);
  }

  async start(model: Model): Promise<LaunchContext> {
    const context = await this.inner.start(model);
    this.registration = this.config.registration ?? context.resume?.registration ?? randomUuid();
    const actor: Agent = this.config.pseudonym ? { objectType: 'Agent', account: { homePage: originOf(this.config.lrs.endpoint), name: `candidate-${this.registration}` } } : this.config.actor!;
    try {
      this.queue = await openBrowserQueue({
        lrs: this.config.lrs,
        partition: JSON.stringify(actor),
        onProblem: (problem) => this.onProblem?.(problem),
      });
    } catch (error) {
      // An invalid or disallowed endpoint: say so, and go on without the LRS (progress is still saved).
      this.onProblem?.({ source: 'lrs', message: error instanceof Error ? error.message : String(error), recoverable: false });
      return context;
    }
    this.tracker = new Tracker({
      model,
      actor,
      registration: this.registration,
      sink: this.queue,
      ...(this.config.activityId ? { activityId: this.config.activityId } : {}),
      ...(this.config.language ?? context.language ? { language: this.config.language ?? context.language! } : {}),
      ...(this.config.rater?.agent ? { rater: this.config.rater.agent } : {}),
      ...(this.config.request ? { request: this.config.request } : {}),
    });
    await this.tracker.started(context.resume !== undefined);
    return context;
  }

  save(progress: Progress): Promise<void> {
    return this.inner.save({ ...progress, registration: this.registration });
  }

  async answered(record: AnswerRecord): Promise<void> {
    await Promise.all([this.inner.answered(record), this.tracker?.answered(record)]);
  }

  async completed(results: AssessmentResults, plan: Plan | undefined): Promise<void> {
    this.lastPlan = plan;
    await Promise.all([this.inner.completed(results, plan), this.tracker?.completed(results, plan)]);
  }

  async stepProgress(step: StepProgress): Promise<void> {
    await Promise.all([this.inner.stepProgress(step), this.tracker?.stepProgress(step, this.lastPlan)]);
  }

  async consent(optedOut: boolean): Promise<void> {
    // Only the person themselves: a rater's page never sends it (the builder refuses, too).
    if (this.config.rater) return;
    await this.tracker?.consent(optedOut);
    await this.queue?.flush();
  }

  async finish(reason: 'finished' | 'suspended' | 'unload'): Promise<void> {
    if (reason === 'finished') await this.tracker?.terminated();
    else await this.tracker?.suspended();
    if (reason === 'unload') this.queue?.flushOnExit();
    else await this.queue?.flush();
    await this.inner.finish(reason);
  }
}
