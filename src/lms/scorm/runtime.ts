/**
 * The SCORM 1.2 and SCORM 2004 (4th edition) runtimes behind the common `Runtime` interface.
 *
 * What they promise (docs/scorm.md):
 * - every value written is in the strictest format any LMS accepts (`format.ts`);
 * - commits happen at milestones (start, every few answers or a minute, results, pathway steps,
 *   finish), never per keystroke — many LMSs commit with a synchronous request;
 * - progress is never lost to a failed call: the newest complete suspend data stays in memory and is
 *   written again and committed with back-off until the LMS accepts it; a state that cannot be
 *   encoded within the LMS's limit never replaces the last good one;
 * - in browse and review mode nothing is recorded; with no credit, no pass/fail is claimed;
 * - the LMS's errors are read (code, text, diagnostic) and surfaced through `onProblem`.
 */
import type { AssessmentResults } from '../../assessment/types.js';
import { competencyIri, itemIri } from '../../model/iri.js';
import { resolveText } from '../../model/text.js';
import type { Item, Model } from '../../model/types.js';
import type { Plan } from '../../planner/types.js';
import { requestCodeFor } from '../../tracking/request-code.js';
import type { AnswerRecord, LaunchContext, LaunchMode, Progress, Runtime, RuntimeProblem, StepProgress } from '../runtime.js';
import { findApi, type LmsError, ScormConnection, type ScormApi, type ScormVersion } from './api.js';
import * as fmt from './format.js';
import { competencyDecision, competencyScore, interactionFor, itemText, passDecision } from './mapping.js';
import { decodeProgress, encodeProgress, SUSPEND_DATA_LIMIT, SuspendDataError } from './suspend-data.js';

export interface ScormRuntimeOptions {
  /** Where API discovery starts (default: the current window). */
  window?: Window;
  /** An API object to use instead of discovering one. */
  api?: ScormApi;
  /** Commit after this many answers since the last commit (default 5). */
  commitEvery?: number;
  /** …or when the last commit is this old (default 60 s). */
  commitAfterMs?: number;
  /** Waits before retrying a failed commit (default 2, 5, 15, 30 s); later milestones retry too. */
  retryDelaysMs?: readonly number[];
  /** Finish best-effort on `pagehide` and commit on `visibilitychange` → hidden (default true). */
  finishOnPageHide?: boolean;
  now?: () => number;
}

/** Element names that differ between the versions. */
const ELEMENTS = {
  '1.2': {
    learnerId: 'cmi.core.student_id',
    learnerName: 'cmi.core.student_name',
    entry: 'cmi.core.entry',
    mode: 'cmi.core.lesson_mode',
    credit: 'cmi.core.credit',
    location: 'cmi.core.lesson_location',
    language: 'cmi.student_preference.language',
    mastery: 'cmi.student_data.mastery_score',
    exit: 'cmi.core.exit',
    sessionTime: 'cmi.core.session_time',
    score: 'cmi.core.score',
    locationMax: 255,
  },
  '2004': {
    learnerId: 'cmi.learner_id',
    learnerName: 'cmi.learner_name',
    entry: 'cmi.entry',
    mode: 'cmi.mode',
    credit: 'cmi.credit',
    location: 'cmi.location',
    language: 'cmi.learner_preference.language',
    mastery: 'cmi.scaled_passing_score',
    exit: 'cmi.exit',
    sessionTime: 'cmi.session_time',
    score: 'cmi.score',
    locationMax: 1000,
  },
} as const;

type State = 'idle' | 'started' | 'terminated';

export class ScormRuntime implements Runtime {
  readonly kind: 'scorm12' | 'scorm2004';
  onProblem?: (problem: RuntimeProblem) => void;

  private readonly el: (typeof ELEMENTS)[ScormVersion];
  private readonly now: () => number;
  private readonly retryDelays: readonly number[];
  private state: State = 'idle';
  private conn?: ScormConnection;
  private model!: Model;
  private items = new Map<string, Item>();
  /** Language of the texts written to the LMS: the learner's, when the model offers it. */
  private lang = 'en';
  private recording = false;
  private credit = true;
  private passMark?: number;
  private startedAt = 0;

  /** Latest progress handed to `save`, its encoding (when it fits), and what the LMS last accepted. */
  private progress?: Progress;
  private encoded?: string;
  private written?: string;
  private writtenLocation?: string;
  private saveTicket = 0;

  private dirty = false;
  private answersSinceCommit = 0;
  private lastCommitAt = 0;
  private commitFailures = 0;
  private retryTimer?: ReturnType<typeof setTimeout>;

  private nextInteraction = 0;
  private nextObjective = 0;
  private interactionOf = new Map<string, number>();
  private objectiveOf = new Map<string, number>();
  private unsupported = new Set<'interactions' | 'objectives'>();
  /** Launched with a rater request: the rater's record is not the person's. */
  private rating = false;
  /** A candidate package (delivery.mode "candidate"): the LMS gets completion and progress only, never answers or levels. */
  private candidate = false;
  private reported = new Set<string>();
  /** The assessment ended (this session, or before: the LMS already holds a completed status). */
  private assessmentDone = false;
  /** Modules of the plan handed to `completed` in this session; undefined when none was. */
  private planSteps?: string[];
  private removeListeners?: () => void;

  constructor(
    readonly version: ScormVersion,
    private readonly options: ScormRuntimeOptions = {},
  ) {
    this.kind = version === '1.2' ? 'scorm12' : 'scorm2004';
    this.el = ELEMENTS[version];
    this.now = options.now ?? (() => Date.now());
    this.retryDelays = options.retryDelaysMs ?? [2_000, 5_000, 15_000, 30_000];
  }

  // ---------------------------------------------------------------------------------------- start

  async start(model: Model): Promise<LaunchContext> {
    if (this.state !== 'idle') throw new Error('This SCORM runtime was already started; create a new one for another launch.');
    this.candidate = model.delivery?.mode === 'candidate';
    const win = this.options.window ?? (typeof window === 'undefined' ? undefined : window);
    const api = this.options.api ?? (win ? findApi(this.version, win) : undefined);
    if (!api) {
      const name = this.version === '1.2' ? 'API' : 'API_1484_11';
      throw new Error(
        `No SCORM ${this.version} LMS was found (window.${name} is not on this window, its parent frames or its opener). Launch this package from your LMS; if the LMS shows it from another web address, the browser blocks access to the LMS.`,
      );
    }
    const conn = new ScormConnection(this.version, api);
    let initError: LmsError | undefined;
    conn.onError = (error) => (initError = error);
    // 2004 error 103 means another copy of this page already initialised the same attempt: carry on.
    if (!conn.initialize() && !(this.version === '2004' && initError?.code === '103')) {
      throw new Error(`The LMS refused to start the session (SCORM ${this.version} error ${initError?.code}: ${initError?.message}${initError?.diagnostic ? ` — ${initError.diagnostic}` : ''}).`);
    }
    conn.onError = (error) => this.lmsError(error);
    this.conn = conn;
    this.state = 'started';
    this.startedAt = this.now();
    this.model = model;
    this.items = new Map(model.items.map((item) => [item.id, item]));

    const read = (element: string): string => conn.get(element).value ?? '';
    const modeText = read(this.el.mode);
    const mode: LaunchMode = modeText === 'browse' || modeText === 'review' ? modeText : 'normal';
    this.recording = mode === 'normal';
    this.credit = read(this.el.credit) !== 'no-credit';
    const language = fmt.languageTag(read(this.el.language));
    this.lang = textLanguage(model, language);
    this.passMark = this.readMastery(read(this.el.mastery)) ?? model.delivery?.masteryScore;

    const context: LaunchContext = { kind: this.kind, mode, learner: {} };
    const id = read(this.el.learnerId);
    const name = read(this.el.learnerName);
    if (id) context.learner.id = id;
    if (name) context.learner.name = name;
    if (language) context.language = language;
    if (this.passMark !== undefined) context.masteryScore = this.passMark;
    // A "rate a colleague" package: the rater request is the launch data (adlcp:datafromlms / dataFromLMS).
    try {
      // SCORM 1.2 packages carry the request in request.json beside the launch page (255 characters of launch data).
      const launchData = read('cmi.launch_data');
      const requests = await requestCodeFor(launchData);
      const data = await requests?.resolveRequestFile(launchData, async (file) => {
        const response = await fetch(file, { credentials: 'same-origin' });
        if (!response.ok) throw new Error(`the server answered ${response.status}`);
        return response.text();
      });
      const request = requests?.readRequestLaunchData(data, id ? { id } : {});
      if (request) {
        context.request = request;
        this.rating = true;
      }
    } catch (error) {
      conn.terminate();
      this.state = 'terminated';
      throw new Error(`This activity's launch data holds a rater request that cannot be used: ${error instanceof Error ? error.message : String(error)}. Ask whoever set up the activity for a new package.`);
    }

    if (read(this.el.entry) !== 'ab-initio') {
      const saved = read('cmi.suspend_data');
      if (saved) {
        try {
          const decoded = await decodeProgress(saved, model);
          context.resume = decoded.progress;
          this.progress = decoded.progress;
          this.encoded = this.written = saved;
          for (const warning of decoded.warnings) this.problem({ source: 'lms', message: warning, recoverable: false });
        } catch (error) {
          // Whatever the LMS handed back, a bad save must never stop the learner: report it, keep a copy, start again.
          const reason = error instanceof SuspendDataError ? error.message : 'The saved progress is corrupted (not readable).';
          const kept = this.keepUnreadable(saved);
          this.problem({ source: 'lms', message: `${reason} The assessment starts again${kept ? '; the unreadable data is kept in the LMS’s comments for support' : ''}.`, recoverable: false });
        }
      }
    }

    if (this.recording) {
      this.readRecords();
      const status = this.version === '1.2' ? read('cmi.core.lesson_status') : read('cmi.completion_status');
      this.assessmentDone = ['completed', 'passed', 'failed'].includes(status);
      if (status === '' || status === 'not attempted' || status === 'unknown') {
        this.set(this.version === '1.2' ? 'cmi.core.lesson_status' : 'cmi.completion_status', 'incomplete');
      }
      this.commit();
    }
    this.listen(win);
    return context;
  }

  /**
   * Keeps unreadable suspend data where the LMS allows free text (1.2 `cmi.comments`, 2004 a learner
   * comment), so support can look at it after the next save replaces it. False when it could not be kept.
   */
  private keepUnreadable(saved: string): boolean {
    if (!this.recording) return false;
    const text = `Pathway: unreadable saved progress, replaced by a new attempt: ${saved}`.replace(/[^\x20-\x7e]/g, '?');
    if (this.version === '1.2') return this.set('cmi.comments', text.slice(0, 4096));
    const n = Number(this.conn!.get('cmi.comments_from_learner._count').value);
    const at = Number.isInteger(n) && n >= 0 ? n : 0;
    return this.set(`cmi.comments_from_learner.${at}.comment`, text.slice(0, 4000));
  }

  private readMastery(text: string): number | undefined {
    if (text.trim() === '' || !Number.isFinite(Number(text))) return undefined;
    const value = Number(text);
    return Math.min(1, Math.max(0, this.version === '1.2' ? value / 100 : value));
  }

  /** Objectives and interactions the LMS already holds (manifest-declared, or from earlier sessions). */
  private readRecords(): void {
    const conn = this.conn!;
    const count = (element: string) => {
      const n = Number(conn.get(element).value);
      return Number.isInteger(n) && n >= 0 ? n : 0;
    };
    this.nextObjective = count('cmi.objectives._count');
    for (let i = 0; i < this.nextObjective; i++) {
      const id = conn.get(`cmi.objectives.${i}.id`).value;
      if (id) this.objectiveOf.set(id, i);
    }
    this.nextInteraction = count('cmi.interactions._count');
    // 1.2 interaction ids are write-only, so earlier sessions' answers can only be appended to.
    if (this.version === '2004') {
      for (let i = 0; i < this.nextInteraction; i++) {
        const id = conn.get(`cmi.interactions.${i}.id`).value;
        if (id) this.interactionOf.set(id, i);
      }
    }
  }

  private listen(win: Window | undefined): void {
    if (!win || this.options.finishOnPageHide === false) return;
    const onPageHide = () => void this.finish('unload');
    const onVisibility = () => {
      if (win.document.visibilityState === 'hidden' && this.state === 'started') this.commit(0);
    };
    win.addEventListener('pagehide', onPageHide);
    win.document.addEventListener('visibilitychange', onVisibility);
    this.removeListeners = () => {
      win.removeEventListener('pagehide', onPageHide);
      win.document.removeEventListener('visibilitychange', onVisibility);
    };
  }

  // ----------------------------------------------------------------------------------- progress

  async save(progress: Progress): Promise<void> {
    if (this.state !== 'started' || !this.recording) {
      if (this.state === 'started') this.progress = progress;
      return;
    }
    const ticket = ++this.saveTicket;
    const previousKind = this.progress?.location.split(':')[0];
    this.progress = progress;
    await this.encode(progress, ticket);
    if (ticket !== this.saveTicket || this.state !== 'started') return;
    this.writeProgress();
    const milestone =
      this.lastCommitAt === 0 ||
      this.answersSinceCommit >= (this.options.commitEvery ?? 5) ||
      this.now() - this.lastCommitAt >= (this.options.commitAfterMs ?? 60_000) ||
      previousKind !== progress.location.split(':')[0] ||
      progress.fraction === 1;
    if (milestone || this.commitFailures > 0) this.commit();
  }

  /** Encodes progress; a state over the LMS's limit is reported and never replaces the last good one. */
  private async encode(progress: Progress, ticket: number): Promise<void> {
    let text: string;
    try {
      text = await encodeProgress(progress, this.model);
    } catch (error) {
      this.problem({ source: 'lms', message: `Progress could not be saved: ${error instanceof Error ? error.message : String(error)}`, recoverable: false });
      return;
    }
    if (ticket !== this.saveTicket) return;
    const limit = SUSPEND_DATA_LIMIT[this.kind];
    if (text.length > limit) {
      this.problem({
        source: 'lms',
        code: 'suspend-data-limit',
        message: `The progress is too large for this LMS (${text.length} of ${limit} characters); the last saved point is kept, and this session continues.`,
        recoverable: false,
      }, 'suspend-data-limit');
      return;
    }
    this.encoded = text;
  }

  /** Writes the newest encoded progress and the location, if the LMS does not have them yet. */
  private writeProgress(): void {
    if (this.encoded !== undefined && this.encoded !== this.written) {
      if (this.set('cmi.suspend_data', this.encoded)) this.written = this.encoded;
    }
    const location = this.progress ? fmt.boundedAscii(this.progress.location, this.el.locationMax) : undefined;
    if (location !== undefined && location !== this.writtenLocation) {
      if (this.set(this.el.location, location)) this.writtenLocation = location;
    }
    const fraction = this.progress?.fraction;
    if (this.version === '2004' && fraction !== undefined && !this.assessmentDone) this.set('cmi.progress_measure', fmt.unitInterval(fraction));
  }

  async answered(record: AnswerRecord): Promise<void> {
    if (this.state !== 'started' || !this.recording || this.candidate || this.unsupported.has('interactions')) return;
    const item = this.items.get(record.response.item);
    if (!item) {
      this.problem({ source: 'lms', message: `An answer to unknown item "${record.response.item}" was not recorded in the LMS.`, recoverable: true });
      return;
    }
    this.answersSinceCommit++;
    const data = interactionFor(this.model, item, record.response, this.version);
    const when = new Date(record.timestamp);
    const latency = record.response.latencyMs;
    const key = this.version === '1.2' ? fmt.identifier12(item.id) : fmt.longIdentifier(itemIri(this.model, item.id));
    const objective = this.version === '1.2' ? fmt.identifier12(record.competency) : this.competencyId(record.competency);
    if (!key || !objective) return;
    const known = this.interactionOf.get(key);
    const n = known ?? this.nextInteraction;
    const base = `cmi.interactions.${n}`;
    if (known === undefined) {
      if (!this.set(`${base}.id`, key)) return;
      this.nextInteraction++;
      this.interactionOf.set(key, n);
      this.set(`${base}.type`, data.type);
      this.set(`${base}.objectives.0.id`, objective);
      if (this.version === '2004') this.set(`${base}.description`, fmt.localizedString(itemText(item, this.lang, this.model.language), this.lang));
    }
    if (this.version === '1.2') {
      const time = fmt.timeOfDay12(when);
      if (time) this.set(`${base}.time`, time);
      if (data.response !== undefined) this.set(`${base}.student_response`, data.response);
      this.set(`${base}.result`, 'neutral');
      if (latency !== undefined) this.set(`${base}.latency`, fmt.timespan12(latency));
    } else {
      const stamp = fmt.timestamp2004(when);
      if (stamp) this.set(`${base}.timestamp`, stamp);
      if (data.response !== undefined) this.set(`${base}.learner_response`, data.response);
      this.set(`${base}.result`, 'neutral');
      if (latency !== undefined) this.set(`${base}.latency`, fmt.duration2004(latency));
    }
  }

  private competencyId(competency: string): string | undefined {
    const found = this.model.competencies.find((c) => c.id === competency);
    return found ? fmt.longIdentifier(competencyIri(this.model, found)) : undefined;
  }

  async completed(results: AssessmentResults, plan: Plan | undefined): Promise<void> {
    if (this.state !== 'started' || !this.recording) return;
    this.assessmentDone = results.completed;
    this.planSteps = plan?.steps.map((s) => s.module) ?? [];
    if (this.rating || this.candidate) {
      // The results describe the person rated, not the rater: the rater's own record gets completion
      // only — no score, no pass or fail, no competency objectives. (Their answers are the interactions.)
      // A candidate's record is the same, without interactions: the role fit is theirs and the recruiter's.
      if (this.version === '1.2') this.set('cmi.core.lesson_status', results.completed ? 'completed' : 'incomplete');
      else if (results.completed) {
        this.set('cmi.progress_measure', '1');
        this.set('cmi.completion_status', 'completed');
      }
      this.writeProgress();
      this.commit();
      return;
    }
    for (const result of results.competencies) {
      if (result.responses > 0 && !this.unsupported.has('objectives')) this.writeObjective(result, results.completed);
    }
    const decision = this.credit ? passDecision(results, this.passMark) : undefined;
    const score = this.el.score;
    if (this.version === '1.2') {
      this.set(`${score}.raw`, fmt.percent(results.overall.score));
      this.set(`${score}.min`, '0');
      this.set(`${score}.max`, '100');
      this.set('cmi.core.lesson_status', results.completed ? (decision ?? 'completed') : 'incomplete');
    } else {
      this.set(`${score}.scaled`, fmt.scaled(results.overall.score));
      this.set(`${score}.raw`, fmt.percent(results.overall.score));
      this.set(`${score}.min`, '0');
      this.set(`${score}.max`, '100');
      if (results.completed) {
        this.set('cmi.progress_measure', '1');
        this.set('cmi.completion_status', 'completed');
      }
      this.set('cmi.success_status', decision ?? 'unknown');
    }
    this.writeProgress();
    this.commit();
  }

  private writeObjective(result: AssessmentResults['competencies'][number], done: boolean): void {
    const competency = this.model.competencies.find((c) => c.id === result.competency);
    if (!competency) return;
    const id = this.version === '1.2' ? fmt.identifier12(competency.id) : fmt.longIdentifier(competencyIri(this.model, competency));
    if (!id) return;
    let n = this.objectiveOf.get(id);
    if (n === undefined) {
      n = this.nextObjective;
      if (!this.set(`cmi.objectives.${n}.id`, id)) return;
      this.nextObjective++;
      this.objectiveOf.set(id, n);
    }
    const base = `cmi.objectives.${n}`;
    const { scaled, level, min, max } = competencyScore(this.model, result);
    const decision = this.credit ? competencyDecision(result) : undefined;
    if (this.version === '1.2') {
      this.set(`${base}.score.raw`, fmt.percent(scaled));
      this.set(`${base}.score.min`, '0');
      this.set(`${base}.score.max`, '100');
      this.set(`${base}.status`, done ? (decision ?? 'completed') : 'incomplete');
    } else {
      this.set(`${base}.score.scaled`, fmt.scaled(scaled));
      this.set(`${base}.score.raw`, fmt.decimal(level, 2));
      this.set(`${base}.score.min`, fmt.decimal(min, 2));
      this.set(`${base}.score.max`, fmt.decimal(max, 2));
      this.set(`${base}.success_status`, decision ?? 'unknown');
      this.set(`${base}.completion_status`, done ? 'completed' : 'incomplete');
      if (done) this.set(`${base}.progress_measure`, '1');
      this.set(`${base}.description`, fmt.localizedString(resolveText(competency.title, this.lang, this.model.language), this.lang));
    }
  }

  async stepProgress(step: StepProgress): Promise<void> {
    if (this.state !== 'started' || !this.recording || !this.progress) return;
    const done = new Set(this.progress.stepsDone);
    if (step.status === 'done') done.add(step.module);
    else done.delete(step.module);
    await this.save({ ...this.progress, stepsDone: [...done] });
    this.commit();
  }

  // ----------------------------------------------------------------------------------- finish

  /** Synchronous inside, so that `pagehide` gets every call out before the page goes. */
  async finish(reason: 'finished' | 'suspended' | 'unload'): Promise<void> {
    if (this.state !== 'started') return;
    clearTimeout(this.retryTimer);
    this.removeListeners?.();
    if (this.recording) {
      this.writeProgress();
      // Without this session's plan the runtime cannot know whether steps are left: keep the attempt.
      const stepsLeft = this.planSteps?.some((m) => !this.progress?.stepsDone.includes(m)) ?? true;
      const over = reason === 'finished' && this.assessmentDone && !stepsLeft;
      this.set(this.el.exit, over ? (this.version === '1.2' ? '' : 'normal') : 'suspend');
      const elapsed = this.now() - this.startedAt;
      this.set(this.el.sessionTime, this.version === '1.2' ? fmt.timespan12(elapsed) : fmt.duration2004(elapsed));
      this.commitNow(reason === 'unload' ? 0 : 2);
    }
    this.state = 'terminated';
    clearTimeout(this.retryTimer);
    if (!this.conn!.terminate()) {
      this.problem({ source: 'lms', message: 'The LMS did not confirm the end of the session; what it saved before is kept.', recoverable: false });
    }
  }

  // ------------------------------------------------------------------------------ LMS plumbing

  private set(element: string, value: string): boolean {
    if (this.state !== 'started') return false;
    const ok = this.conn!.set(element, value);
    if (ok) this.dirty = true;
    return ok;
  }

  /** Commits if anything changed; a failure keeps everything and schedules a retry. */
  private commit(retries = 1): boolean {
    if (this.state !== 'started' || !this.dirty) return true;
    this.writeProgress();
    return this.commitNow(retries);
  }

  private commitNow(retries: number): boolean {
    const ok = this.conn!.commit(retries);
    if (ok) {
      this.dirty = false;
      this.answersSinceCommit = 0;
      this.lastCommitAt = this.now();
      this.commitFailures = 0;
      for (const key of this.reported) if (key.startsWith(this.conn!.dialect.commit)) this.reported.delete(key);
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      return true;
    }
    this.commitFailures++;
    this.scheduleRetry();
    return false;
  }

  private scheduleRetry(): void {
    if (this.state !== 'started' || this.retryTimer !== undefined) return;
    const delay = this.retryDelays[Math.min(this.commitFailures - 1, this.retryDelays.length - 1)];
    if (delay === undefined || this.commitFailures > this.retryDelays.length) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.commit(0);
    }, delay);
  }

  private lmsError(error: LmsError): void {
    const element = error.element ?? '';
    const group = /^cmi\.interactions\./.test(element) ? 'interactions' : /^cmi\.objectives\./.test(element) ? 'objectives' : undefined;
    // SCORM 1.2 makes interactions and objectives optional: "not implemented" turns them off quietly.
    if (group && this.version === '1.2' && error.code === '401') {
      this.unsupported.add(group);
      this.problem({ source: 'lms', code: error.code, message: `This LMS does not record ${group}; answers and results are still kept in the saved progress.`, recoverable: true });
      return;
    }
    const what = error.element ? `${error.call}(${error.element})` : `${error.call}()`;
    const kept = error.call.endsWith('Commit') ? ' Nothing is lost: the data is kept and saving is retried.' : element === 'cmi.suspend_data' ? ' The progress is kept and written again at the next save.' : '';
    this.problem({
      source: 'lms',
      code: error.code,
      message: `The LMS rejected ${what}: error ${error.code} ${error.message}${error.diagnostic && error.diagnostic !== error.message ? ` (${error.diagnostic})` : ''}.${kept}`,
      recoverable: true,
    }, `${error.call}:${element.replace(/\.\d+\./g, '.n.')}:${error.code}`);
  }

  /** Reports a problem once per kind (a failing element would otherwise report on every answer). */
  private problem(problem: RuntimeProblem, key = problem.message): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.onProblem?.(problem);
  }
}

/** The learner's language when the model is written in it (exactly or by primary subtag), else the model's. */
function textLanguage(model: Model, preferred: string | undefined): string {
  const offered = [model.language, ...(model.languages ?? [])];
  if (!preferred) return model.language;
  const lower = preferred.toLowerCase();
  const primary = lower.split('-')[0];
  return offered.find((t) => t.toLowerCase() === lower) ?? offered.find((t) => t.toLowerCase().split('-')[0] === primary) ?? model.language;
}

export function createScorm12Runtime(options?: ScormRuntimeOptions): ScormRuntime {
  return new ScormRuntime('1.2', options);
}

export function createScorm2004Runtime(options?: ScormRuntimeOptions): ScormRuntime {
  return new ScormRuntime('2004', options);
}
