/**
 * The TinCan-style xAPI launch runtime (`kind: 'xapi'`), for LMSs and LRSs that launch plain xAPI
 * packages (tincan.xml) with `?endpoint=&auth=&actor=&registration=&activity_id=` in the URL.
 *
 * - The launch parameters are read once and removed from the address bar (`takeLaunch`); the
 *   credential lives only in the LRS client's memory. A reload therefore cannot continue: the page
 *   says so, and the learner relaunches from the LMS (progress is in the LRS).
 * - Progress is a State API document keyed by agent + activity + registration (./state.ts); without
 *   a launch registration the attempt's own registration is kept in that document.
 * - Statements go through the Tracker and the offline queue: in order, never lost, never twice.
 */
import type { AssessmentResults } from '../../assessment/types.js';
import type { Model } from '../../model/types.js';
import type { Plan } from '../../planner/types.js';
import type { RequestLaunch } from '../../tracking/request.js';
import { requestCodeFor } from '../../tracking/request-code.js';
import { assessmentIri } from '../../tracking/activities.js';
import { type BrowserQueue, openBrowserQueue } from '../../tracking/browser-queue.js';
import { type LaunchData, type LaunchOutcome, takeLaunchOutcome } from '../../tracking/launch.js';
import { LrsClient, LrsConfigError } from '../../tracking/lrs-client.js';
import type { BackoffOptions } from '../../tracking/queue.js';
import { Tracker } from '../../tracking/tracker.js';
import type { Context } from '../../tracking/types.js';
import { randomUuid } from '../../tracking/uuid.js';
import type { AnswerRecord, LaunchContext, Progress, Runtime, RuntimeProblem, StepProgress } from '../runtime.js';
import { deliverAll, learnerOf, passDecider, withStep } from './session.js';
import { StateReadError, StateStore } from './state.js';

export interface XapiRuntimeOptions {
  /** The page whose URL holds the launch (default: the current window). */
  window?: Window;
  /** Only these LRS origins may receive data (a forged launch link cannot send it elsewhere). */
  allowedOrigins?: readonly string[];
  /** Allows an http:// LRS that is not on loopback (the credential then travels unencrypted). */
  allowInsecure?: boolean;
  /** How long one request to the LRS may take (default 15 s). */
  requestTimeoutMs?: number;
  /** How long `finish` waits for the LRS to confirm every statement (default 20 s). */
  finishTimeoutMs?: number;
  /** Retry pauses for saving progress (./state.ts). */
  retryDelaysMs?: readonly number[];
  backoff?: BackoffOptions;
  indexedDB?: IDBFactory;
  /** Where unsaved progress waits for a reload (default sessionStorage). */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
}

type State = 'idle' | 'started' | 'ended';

/** The message for a page opened without (or after losing) its launch parameters. */
export function missingLaunchMessage(missing: readonly string[]): string {
  return `This xAPI package must be opened from your LMS or LRS: the launch address lacks ${missing.join(', ')}. If you reloaded the page, open the activity again from the LMS — your progress up to the last answer is kept.`;
}

export class XapiLaunchRuntime implements Runtime {
  readonly kind = 'xapi' as const;
  onProblem?: (problem: RuntimeProblem) => void;

  private state: State = 'idle';
  private queue?: BrowserQueue;
  private tracker?: Tracker;
  private store?: StateStore;
  private progress?: Progress;
  private plan?: Plan;
  private assessmentDone = false;
  private removeListener?: () => void;

  /** Taken from the address bar when the runtime is created, before the model loads (memory only). */
  private readonly launch: LaunchOutcome | undefined;

  constructor(private readonly options: XapiRuntimeOptions = {}) {
    const win = options.window ?? (typeof window === 'undefined' ? undefined : window);
    this.launch = win ? takeLaunchOutcome(win) : undefined;
  }

  async start(model: Model): Promise<LaunchContext> {
    if (this.state !== 'idle') throw new Error('This xAPI runtime was already started; create a new one for another launch.');
    const win = this.options.window ?? window;
    const outcome = this.launch ?? takeLaunchOutcome(win);
    if (!outcome.ok) throw new Error(`The launch address is not valid: ${outcome.error.message}`);
    const launch: LaunchData = outcome.data;
    let request: RequestLaunch | undefined;
    try {
      // Without `pathway-rater` the launch actor picks their place in the request.
      const search = new URL(win.location.href).search;
      request = (await requestCodeFor(search))?.readRequestLaunchData(search, launch.actor ? { agent: launch.actor } : {});
    } catch (error) {
      throw new Error(`The rater request in the launch address is not valid: ${error instanceof Error ? error.message : String(error)}`);
    }
    const missing = [!launch.endpoint && 'endpoint', !launch.actor && 'actor'].filter((m): m is string => Boolean(m));
    if (missing.length > 0) throw new Error(missingLaunchMessage(missing));
    const actor = launch.actor!;
    // The package's allow-list (set when it was built) unless the page passes its own.
    const allowedOrigins = this.options.allowedOrigins ?? model.delivery?.lrsAllowedOrigins;
    const lrs = {
      endpoint: launch.endpoint!,
      ...(launch.auth ? { auth: launch.auth } : {}),
      ...(allowedOrigins ? { allowedOrigins } : {}),
      ...(this.options.allowInsecure ? { allowInsecure: true } : {}),
      ...(this.options.requestTimeoutMs ? { timeoutMs: this.options.requestTimeoutMs } : {}),
    };
    let client: LrsClient;
    try {
      client = await LrsClient.create(lrs);
    } catch (error) {
      if (error instanceof LrsConfigError) throw new Error(`The launch names an LRS this package cannot use: ${error.message}`);
      throw error;
    }
    const report = (problem: RuntimeProblem) => this.onProblem?.(problem);
    for (const message of launch.ignored ?? []) report({ source: 'lrs', recoverable: true, message });
    const activityId = launch.activityId ?? assessmentIri(model);
    this.store = new StateStore(
      client,
      { agent: actor, activityId, ...(launch.registration ? { registration: launch.registration } : {}) },
      { onProblem: report, ...(this.options.retryDelaysMs ? { retryDelaysMs: this.options.retryDelaysMs } : {}), ...(this.options.storage !== undefined ? { storage: this.options.storage } : {}) },
    );
    let saved;
    try {
      saved = await this.store.read();
    } catch (error) {
      if (!(error instanceof StateReadError)) throw error;
      if (error.status === 401) throw new Error(`The LRS did not accept the launch credentials (401). Open the activity again from your LMS.`);
      report({ source: 'lrs', code: error.status, recoverable: false, message: `${error.message} The assessment starts without it.` });
    }
    const registration = launch.registration ?? saved?.registration ?? randomUuid();
    if (!launch.registration && !saved?.registration) void this.store.update({ registration });

    this.queue = await openBrowserQueue({
      lrs,
      partition: JSON.stringify(actor),
      transport: async () => client,
      onProblem: report,
      window: win,
      ...(this.options.indexedDB ? { indexedDB: this.options.indexedDB } : {}),
      ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
    });
    const masteryScore = model.delivery?.masteryScore;
    // A launch `grouping` (e.g. the LMS's course) is echoed into every statement's context.
    const contextTemplate: Context | undefined = launch.grouping ? { contextActivities: { grouping: [{ objectType: 'Activity', id: launch.grouping }] } } : undefined;
    // Rating a colleague: statements are about the person rated; the launch's actor is the rater.
    this.tracker = new Tracker({
      model,
      actor: request?.request.person ?? actor,
      ...(request ? { rater: actor, request: { id: request.request.id, rater: request.index } } : {}),
      registration: request?.registration ?? registration,
      activityId,
      sink: this.queue,
      ...(launch.language ? { language: launch.language } : {}),
      ...(launch.platform ? { platform: launch.platform } : {}),
      ...(contextTemplate ? { contextTemplate } : {}),
      ...(masteryScore !== undefined ? { masteryScore } : {}),
      passDecision: passDecider(masteryScore),
    });
    this.state = 'started';
    this.progress = saved?.progress;
    await this.tracker.started(Boolean(saved?.progress));

    const onPageHide = () => void this.finish('unload');
    win.addEventListener('pagehide', onPageHide);
    this.removeListener = () => win.removeEventListener('pagehide', onPageHide);

    const context: LaunchContext = { kind: 'xapi', mode: 'normal', learner: learnerOf(actor) };
    if (launch.language) context.language = launch.language;
    if (saved?.progress) context.resume = saved.progress;
    if (masteryScore !== undefined) context.masteryScore = masteryScore;
    if (request) context.request = request;
    return context;
  }

  async save(progress: Progress): Promise<void> {
    if (this.state !== 'started') return;
    this.progress = progress;
    await this.store!.update({ progress });
  }

  async consent(optedOut: boolean): Promise<void> {
    if (this.state !== 'started' || this.tracker!.scope.rater) return;
    await this.tracker!.consent(optedOut);
  }

  async answered(record: AnswerRecord): Promise<void> {
    if (this.state !== 'started') return;
    await this.tracker!.answered(record);
  }

  async completed(results: AssessmentResults, plan: Plan | undefined): Promise<void> {
    if (this.state !== 'started') return;
    this.assessmentDone = results.completed;
    this.plan = plan;
    await this.tracker!.completed(results, plan);
  }

  async stepProgress(step: StepProgress): Promise<void> {
    if (this.state !== 'started') return;
    await this.tracker!.stepProgress(step, this.plan);
    if (this.progress) await this.save(withStep(this.progress, step));
  }

  /**
   * `finished` and `suspended` end the session (`suspended` first when leaving unfinished, then
   * `terminated`) and wait for the LRS to confirm; `unload` does the same as a best effort while the
   * page goes away (what does not get out is sent on the next launch).
   */
  async finish(reason: 'finished' | 'suspended' | 'unload'): Promise<void> {
    if (this.state !== 'started') return;
    this.state = 'ended';
    this.removeListener?.();
    const tracker = this.tracker!;
    const queue = this.queue!;
    const store = this.store!;
    const leavingUnfinished = reason !== 'finished' || !this.assessmentDone;
    if (reason === 'unload') {
      // Everything inside this pagehide task: the statements are built and handed to the queue now,
      // and sent with keepalive requests that outlive the page (waiting for storage would be too late).
      void store.flush({ keepalive: true });
      void tracker.suspended();
      void tracker.terminated();
      queue.flushOnExit();
      return;
    }
    if (leavingUnfinished) await tracker.suspended();
    await tracker.terminated();
    const [delivered, saved] = await Promise.all([deliverAll(queue, this.options.finishTimeoutMs ?? 20_000), store.flush()]);
    if (!delivered) {
      this.onProblem?.({
        source: 'lrs',
        recoverable: true,
        message: `${await queue.pending()} statements have not reached the LRS yet. They are kept on this device and sent the next time this activity is opened here.`,
      });
    }
    if (!saved) this.onProblem?.({ source: 'lrs', recoverable: true, message: 'The last progress could not be saved in the LRS; it is retried while this page stays open.' });
    // What is not delivered or saved yet keeps being retried while the page stays open.
    if (delivered) queue.detach();
    if (saved) store.close();
  }
}

export function createXapiRuntime(options?: XapiRuntimeOptions): XapiLaunchRuntime {
  return new XapiLaunchRuntime(options);
}
