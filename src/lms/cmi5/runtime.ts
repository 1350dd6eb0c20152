/**
 * The cmi5 runtime: Pathway as a cmi5 Assignable Unit, behind the common `Runtime` interface.
 *
 * Start (§8, §10, §11): read the launch parameters; POST the fetch URL once for the session's token —
 * or, after a reload, take it from the session record (./launch.ts) without fetching again; read
 * `LMS.LaunchData` and the learner's `cmi5LearnerPreferences`, then Pathway's saved progress; only
 * then send `initialized`. Every statement goes through the Tracker (context template merged without
 * overwriting, registration, session id), the cmi5 rules (./rules.ts) and the offline queue (in
 * order, never lost, never twice). Results: `completed` and `passed`/`failed` in Normal mode only,
 * judged against the LMS's mastery score, else the model's pass mark, else the current role.
 * Finish: `terminated` last, wait until the LMS has everything, clear the session record, then go to
 * the LMS's `returnURL`. Leaving the page without Finish keeps the session: a reload continues it; a
 * closed window is the LMS's to mark abandoned.
 */
import type { AssessmentResults } from '../../assessment/types.js';
import type { Model } from '../../model/types.js';
import type { Plan } from '../../planner/types.js';
import { type BrowserQueue, openBrowserQueue } from '../../tracking/browser-queue.js';
import { checkEndpoint, type DocumentOutcome, LrsClient, LrsConfigError } from '../../tracking/lrs-client.js';
import type { BackoffOptions } from '../../tracking/queue.js';
import { Tracker } from '../../tracking/tracker.js';
import type { AnswerRecord, LaunchContext, LaunchMode, Progress, Runtime, RuntimeProblem, StepProgress } from '../runtime.js';
import { deliverAll, learnerOf, passDecider, preferredLanguage, withStep } from '../xapi/session.js';
import { sessionStorageOrNull, StateReadError, StateStore } from '../xapi/state.js';
import { type Cmi5LaunchData, launchRole, parseLaunchData, parseLearnerPreferences } from './launch-data.js';
import type { RequestLaunch } from '../../tracking/request.js';
import { requestCodeFor } from '../../tracking/request-code.js';
import { type Cmi5Launch, Cmi5LaunchError, fetchAuthToken, parseCmi5Launch, type SessionRecord, SessionRecords, sessionKey } from './launch.js';
import { Cmi5Gate, cmi5Statement } from './rules.js';
import { LAUNCH_DATA_STATE_ID, LEARNER_PREFERENCES_PROFILE_ID } from './vocabulary.js';

export interface Cmi5RuntimeOptions {
  /** The AU's window (default: the current one): its URL holds the launch, `returnURL` replaces it. */
  window?: Window;
  /** The fetch used for the token request (default the global one). */
  fetch?: typeof fetch;
  /** Where the session record lives (default sessionStorage). */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  /** Only these LRS origins may receive data (a forged launch link cannot send it elsewhere). */
  allowedOrigins?: readonly string[];
  /** Allows an http:// endpoint that is not on loopback (the token then travels unencrypted). */
  allowInsecure?: boolean;
  /** How long one request to the LMS (the fetch URL, a document, a batch of statements) may take (default 15 s). */
  requestTimeoutMs?: number;
  /** How long `finish` waits for the LMS to confirm every statement before it reports (default 60 s). */
  finishTimeoutMs?: number;
  /** Go to the LMS's returnURL once the session has ended (default true). */
  redirect?: boolean;
  retryDelaysMs?: readonly number[];
  backoff?: BackoffOptions;
  indexedDB?: IDBFactory;
  now?: () => number;
}

type State = 'idle' | 'starting' | 'started' | 'ending' | 'ended';

const MODES: Record<Cmi5LaunchData['launchMode'], LaunchMode> = { Normal: 'normal', Browse: 'browse', Review: 'review' };

/** A failed read of an LMS document, as a sentence (the token refused, the LMS unreachable…). */
function documentProblem(what: string, outcome: Extract<DocumentOutcome, { kind: 'failed' }>): string {
  if (outcome.status === 401 || outcome.status === 403) return `The LMS refused this session’s credentials when reading ${what} (${outcome.status}). Close this window and launch the course again from the LMS.`;
  // The session survives a reload (the token is handed over), so a passing failure needs no new launch.
  const next = outcome.retry
    ? 'Reload this page to try again once the connection is back; if that does not help, close this window and launch the course again from the LMS.'
    : 'Close this window and launch the course again from the LMS.';
  return `${what} could not be read from the LMS (${outcome.status ?? 'no answer'}: ${outcome.message}). ${next}`;
}

async function readDocument(client: LrsClient, target: Parameters<LrsClient['getDocument']>[0], attempts = 3): Promise<DocumentOutcome> {
  let outcome: DocumentOutcome = { kind: 'failed', message: 'not asked', retry: true };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    outcome = await client.getDocument(target);
    if (outcome.kind !== 'failed' || !outcome.retry) return outcome;
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
  }
  return outcome;
}

export class Cmi5Runtime implements Runtime {
  readonly kind = 'cmi5' as const;
  onProblem?: (problem: RuntimeProblem) => void;

  private state: State = 'idle';
  private win!: Window;
  private launchData!: Cmi5LaunchData;
  private records!: SessionRecords;
  private record!: SessionRecord;
  private queue?: BrowserQueue;
  private tracker?: Tracker;
  private gate?: Cmi5Gate;
  private store?: StateStore;
  private progress?: Progress;
  private plan?: Plan;
  private removeListener?: () => void;

  /**
   * The learner opts out of team and organisation insights, or back in: the profile's `left`/`joined`
   * statement, "cmi5 allowed", with the launch actor and registration. Set only for a Normal launch as
   * the learner (a rater's actor is not the person rated; Browse and Review record nothing), so the
   * element offers the control only where it works.
   */
  consent?: (optedOut: boolean) => Promise<void>;

  constructor(private readonly options: Cmi5RuntimeOptions = {}) {}

  /** Normal mode: results are recorded. Browse and Review show content and record nothing (§10.2.2). */
  private get recording(): boolean {
    return this.launchData?.launchMode === 'Normal';
  }

  private problem(problem: RuntimeProblem): void {
    this.onProblem?.(problem);
  }

  /** The session is over for this tab: its record and any handed-over token go, and nothing is handed over again. */
  private endSession(): void {
    this.stopHandOver?.();
    this.records.clear();
  }

  private stopHandOver?: () => void;

  /**
   * The token stays in memory while the page is open; at `pagehide` (maybe a reload) it is handed over
   * to the next page through sessionStorage, and taken back if this page returns from the back-forward cache.
   */
  private handOverOnPageHide(win: Window): void {
    const hide = () => this.records.handOver(this.record);
    const show = (event: PageTransitionEvent) => {
      if (event.persisted) this.records.takeToken();
    };
    win.addEventListener('pagehide', hide);
    win.addEventListener('pageshow', show);
    this.stopHandOver = () => {
      win.removeEventListener('pagehide', hide);
      win.removeEventListener('pageshow', show);
    };
  }

  async start(model: Model): Promise<LaunchContext> {
    if (this.state !== 'idle') throw new Error('This cmi5 runtime was already started; create a new one for another launch.');
    this.state = 'starting';
    const win = (this.win = this.options.window ?? window);
    const now = this.options.now ?? (() => Date.now());
    const launch: Cmi5Launch = parseCmi5Launch(win.location.href);
    const storage = this.options.storage === undefined ? sessionStorageOrNull() : this.options.storage;
    this.records = new SessionRecords(storage, sessionKey(launch), now);
    // The package's allow-list (set when it was built) unless the page passes its own.
    const allowedOrigins = this.options.allowedOrigins ?? model.delivery?.lrsAllowedOrigins;
    const lrs = {
      endpoint: launch.endpoint,
      ...(allowedOrigins ? { allowedOrigins } : {}),
      ...(this.options.allowInsecure ? { allowInsecure: true } : {}),
      ...(this.options.requestTimeoutMs ? { timeoutMs: this.options.requestTimeoutMs } : {}),
    };
    // A forged launch link is refused before the token is even asked for.
    try {
      checkEndpoint(lrs.endpoint, lrs);
    } catch (error) {
      if (error instanceof LrsConfigError) throw new Cmi5LaunchError(`The LMS launched this course with an LRS it cannot use: ${error.message}`);
      throw error;
    }

    // The token: once per session (§8.2); a reload gets it from the page before (handed over at pagehide).
    let record = this.records.read();
    if (!record) {
      record = { token: await fetchAuthToken(launch.fetchUrl, this.options.fetch, this.options.requestTimeoutMs), startedAt: now(), sent: [] };
      if (!this.records.write(record)) {
        this.problem({ source: 'storage', recoverable: true, message: 'This browser does not let the course remember its session, so reloading this page would end it. Use the course’s own buttons to move on.' });
      }
    }
    this.record = record;
    this.handOverOnPageHide(win);

    let client: LrsClient;
    try {
      client = await LrsClient.create({ ...lrs, auth: `Basic ${record.token}` });
    } catch (error) {
      if (error instanceof LrsConfigError) throw new Cmi5LaunchError(`The LMS launched this course with an LRS it cannot use: ${error.message}`);
      throw error;
    }

    // LMS.LaunchData, then the learner's preferences, before any statement (§10, §11).
    const agent = launch.actor;
    const launchDataOutcome = await readDocument(client, { resource: 'state', agent, activityId: launch.activityId, stateId: LAUNCH_DATA_STATE_ID, registration: launch.registration });
    if (launchDataOutcome.kind === 'missing') throw new Cmi5LaunchError('The LMS did not provide this session’s launch data (LMS.LaunchData). Launch the course again from the LMS.', 404);
    if (launchDataOutcome.kind !== 'found') {
      const failed = launchDataOutcome as Extract<DocumentOutcome, { kind: 'failed' }>;
      // The LMS refused the token: the session was abandoned or revoked; nothing is kept for a reload.
      if (failed.status === 401 || failed.status === 403) this.endSession();
      throw new Cmi5LaunchError(documentProblem('the launch data', failed), failed.status);
    }
    const parsed = parseLaunchData(launchDataOutcome.document, win.location.href);
    this.launchData = parsed.data;
    for (const warning of parsed.warnings) this.problem({ source: 'lms', recoverable: true, message: warning });

    const prefsOutcome = await readDocument(client, { resource: 'agentProfile', agent, profileId: LEARNER_PREFERENCES_PROFILE_ID });
    if (prefsOutcome.kind === 'failed') this.problem({ source: 'lms', code: prefsOutcome.status, recoverable: true, message: `The learner’s preferences could not be read (${prefsOutcome.status ?? 'no answer'}); the course uses its own language.` });
    const preferences = parseLearnerPreferences(prefsOutcome.kind === 'found' ? prefsOutcome.document : undefined);
    const language = preferredLanguage(model, preferences.languages);

    // Pathway's own progress for this learner, AU and registration.
    this.store = new StateStore(
      client,
      { agent, activityId: launch.activityId, registration: launch.registration },
      { onProblem: (p) => this.problem(p), storage, ...(this.options.retryDelaysMs ? { retryDelaysMs: this.options.retryDelaysMs } : {}) },
    );
    let saved;
    try {
      saved = await this.store.read();
    } catch (error) {
      if (!(error instanceof StateReadError)) throw error;
      this.problem({ source: 'lrs', code: error.status, recoverable: false, message: `${error.message} The assessment starts without it.` });
    }
    this.progress = saved?.progress;

    const sessionId = this.launchData.sessionId;
    this.queue = await openBrowserQueue({
      lrs: { ...lrs, auth: `Basic ${record.token}` },
      // One queue per session: after terminated the LMS takes nothing more from this session.
      partition: `${launch.registration}|${sessionId ?? sessionKey(launch)}`,
      transport: async () => client,
      onProblem: (p) => this.problem(p),
      window: win,
      ...(this.options.indexedDB ? { indexedDB: this.options.indexedDB } : {}),
      ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
    });

    if (record.sent.includes('terminated')) {
      // The session ended earlier but its last statements had not reached the LMS: send them, then stop.
      const delivered = await deliverAll(this.queue, this.options.finishTimeoutMs ?? 60_000);
      if (delivered) {
        this.endSession();
        this.queue.detach();
      }
      this.state = 'ended';
      throw new Cmi5LaunchError(
        delivered
          ? 'This session has ended and everything was sent to the LMS. Launch the course again from the LMS to continue.'
          : 'This session has ended, but the LMS cannot be reached to take its last results; they are kept on this device. Reload this page later to send them.',
      );
    }

    // A "rate a colleague" AU: the rater request is the AU's launch parameters.
    let request: RequestLaunch | undefined;
    try {
      request = (await requestCodeFor(this.launchData.launchParameters))?.readRequestLaunchData(this.launchData.launchParameters, { agent });
    } catch (error) {
      throw new Cmi5LaunchError(`This activity's launch parameters hold a rater request that cannot be used: ${error instanceof Error ? error.message : String(error)}. Ask whoever set up the course for a new package.`);
    }
    const lmsMastery = request ? undefined : this.launchData.masteryScore;
    const passMark = request ? undefined : (lmsMastery ?? model.delivery?.masteryScore);
    this.gate = new Cmi5Gate(
      this.queue,
      { mode: this.launchData.launchMode, activityId: launch.activityId, sessionSent: record.sent, registrationRecorded: saved?.recorded ?? [] },
      (verb) => {
        this.record.sent = [...new Set([...this.record.sent, verb])];
        this.records.write(this.record);
        if (verb === 'completed' || verb === 'passed' || verb === 'failed') void this.store!.record(verb);
      },
    );
    this.tracker = new Tracker({
      model,
      // cmi5 wants the launch actor on every statement: rating a colleague, that is the rater, and the
      // person rated goes into the profile's person-rated extension (docs/rater-requests.md).
      actor: agent,
      ...(request ? { personRated: request.request.person, request: { id: request.request.id, rater: request.index } } : {}),
      registration: launch.registration,
      ...(sessionId ? { session: sessionId } : {}),
      activityId: launch.activityId,
      ...(language ? { language } : {}),
      contextTemplate: this.launchData.contextTemplate,
      sink: this.gate,
      scoreOnCompleted: false,
      ...(passMark !== undefined ? { masteryScore: passMark } : {}),
      // A rater is never passed or failed on someone else's competence.
      passDecision: request ? () => undefined : passDecider(passMark),
      transform: (s) => cmi5Statement(s, { activityId: launch.activityId, ...(lmsMastery !== undefined ? { masteryScore: lmsMastery } : {}) }),
      sessionStartedAt: record.startedAt,
    });
    if (!request && this.recording)
      this.consent = async (optedOut) => {
        if (this.state === 'started') await this.tracker!.consent(optedOut);
      };
    if (!this.gate.has('initialized')) await this.tracker.started(Boolean(saved?.progress) && this.recording);
    this.state = 'started';

    const onPageHide = () => void this.finish('unload');
    win.addEventListener('pagehide', onPageHide);
    this.removeListener = () => win.removeEventListener('pagehide', onPageHide);

    const context: LaunchContext = { kind: 'cmi5', mode: MODES[this.launchData.launchMode], learner: learnerOf(agent) };
    if (language) context.language = language;
    if (saved?.progress) context.resume = saved.progress;
    if (passMark !== undefined) context.masteryScore = passMark;
    if (this.launchData.returnUrl) context.returnUrl = this.launchData.returnUrl;
    if (request) context.request = request;
    else {
      const role = launchRole(this.launchData.launchParameters, model.roles.map((r) => r.id));
      if (role.warning) this.problem({ source: 'lms', recoverable: true, message: role.warning });
      if (role.role) context.role = role.role;
    }
    return context;
  }

  async save(progress: Progress): Promise<void> {
    if (this.state !== 'started') return;
    this.progress = progress;
    if (this.recording) await this.store!.update({ progress });
  }

  async answered(record: AnswerRecord): Promise<void> {
    if (this.state !== 'started' || !this.recording) return;
    await this.tracker!.answered(record);
  }

  async completed(results: AssessmentResults, plan: Plan | undefined): Promise<void> {
    if (this.state !== 'started') return;
    this.plan = plan;
    if (this.recording) await this.tracker!.completed(results, plan);
  }

  async stepProgress(step: StepProgress): Promise<void> {
    if (this.state !== 'started' || !this.recording) return;
    await this.tracker!.stepProgress(step, this.plan);
    if (this.progress) await this.save(withStep(this.progress, step));
  }

  /**
   * `finished` / `suspended`: `terminated`, wait until the LMS has every statement and the progress,
   * clear the session record, go to returnURL. `unload` (the page goes away, perhaps to reload):
   * send what is waiting as a best effort and keep the session, so a reload continues it.
   */
  async finish(reason: 'finished' | 'suspended' | 'unload'): Promise<void> {
    if (this.state !== 'started') return;
    if (reason === 'unload') {
      if (this.recording) void this.store!.flush({ keepalive: true });
      this.queue!.flushOnExit();
      return;
    }
    this.state = 'ending';
    this.removeListener?.();
    await this.tracker!.terminated();
    const timeout = this.options.finishTimeoutMs ?? 60_000;
    const [delivered, saved] = await Promise.all([deliverAll(this.queue!, timeout), this.recording ? this.store!.flush() : Promise.resolve(true)]);
    this.state = 'ended';
    if (saved) this.store!.close();
    if (!delivered) {
      // Keep the record (it says "terminated"): reloading this page sends the rest, terminated last.
      this.problem({
        source: 'lrs',
        recoverable: false,
        message: `The LMS has not confirmed the end of this session: ${await this.queue!.pending()} statements are kept on this device and still being sent. Keep this page open, or reload it later to send them.`,
      });
      return;
    }
    this.endSession();
    this.queue!.detach();
    const returnUrl = this.launchData.returnUrl;
    if (returnUrl && this.options.redirect !== false) this.win.location.assign(returnUrl);
  }
}

export function createCmi5Runtime(options?: Cmi5RuntimeOptions): Cmi5Runtime {
  return new Cmi5Runtime(options);
}
