import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { decisionCounts } from '../../src/assessment/decision.js';
import { displayOrder } from '../../src/assessment/display.js';
import { drawFirstItem, firstQuestionKey } from '../../src/assessment/first.js';
import type { AssessmentOptions, AssessmentProgress, AssessmentResults, AssessmentSession, DecisionCounts, Response } from '../../src/assessment/types.js';
import type { LaunchContext, Progress, Runtime, RuntimeProblem } from '../../src/lms/runtime.js';
import { StandaloneRuntime } from '../../src/lms/standalone.js';
import type { ValidationResult } from '../../src/model/load.js';
import { contentLanguages } from '../../src/model/languages.js';
import { targetRoles } from '../../src/model/roles.js';
import { resolveText } from '../../src/model/text.js';
import type { Item, Model, Rater } from '../../src/model/types.js';
import type { Plan } from '../../src/planner/types.js';
import type { LrsSettings } from '../../src/lms/lrs-reporting.js';
import { takeLaunchAddress } from '../../src/tracking/launch-address.js';
import type { RequestLaunch } from '../../src/tracking/request.js';
import { requestCodeFor } from '../../src/tracking/request-code.js';
import type { PersonProfile } from '../../src/insights/types.js';
import { emit } from '../shared/events.js';
import { plural } from '../shared/localize.js';
import { ModelElement } from '../shared/model-element.js';
import { loadEngine, loadPlanner } from '../shared/lazy-parts.js';
import { isStamped } from '../shared/model-source.js';
import { tokens } from '../shared/tokens.js';
import { styles } from './assessment.styles.js';
import { type Draft, completeResponse, draftOf, renderItem } from './items.js';

type View = 'loading' | 'error' | 'setup' | 'intro' | 'item' | 'finishing' | 'results';


/** What the question view shows: from the session, or from the model's precomputed first question. */
interface Question {
  itemId: string;
  progress: Pick<AssessmentProgress, 'answered' | 'expectedTotal' | 'secondsLeft' | 'fraction'>;
  order: number[];
  canGoBack: boolean;
}

export type { LrsSettings };

/**
 * @customElement pathway-assessment
 * @summary A short adaptive behavioural assessment: one item at a time, then the learner's profile,
 * blind spots and strengths, and a development pathway. Resumes where it stopped after a reload.
 *
 * @event pathway-ready - The model is loaded and valid. `detail: { model }`.
 * @event pathway-answer - An item was answered. `detail: { response, item, competency, progress }`.
 * @event pathway-complete - The assessment ended. `detail: { results, plan }`.
 * @event pathway-step-done - A pathway step was marked done or not done (re-plans). `detail: { module, done, plan }`.
 * @event pathway-error - The model is invalid or unreachable, or the LMS/LRS/storage reported a problem. `detail: { source, message, problems? }`.
 *
 * @csspart base - The wrapper of every view.
 * @csspart question - Each question's fieldset.
 * @csspart progress - The progress bar.
 * @csspart nav - The navigation buttons.
 * @csspart button - Every button.
 * @csspart error - The error view.
 * @csspart role-fit - Candidate mode: the role-fit table.
 * @csspart notices - Problems reported by the LMS, the LRS or the browser's storage (nothing is lost; the learner is told).
 *
 * @cssproperty --pathway-color-accent - Buttons, selection and progress.
 * @cssproperty --pathway-color-surface - Background.
 * @cssproperty --pathway-color-text - Text.
 * @cssproperty --pathway-radius - Corner radius.
 */
export class PathwayAssessment extends ModelElement {
  static override styles = [tokens, styles];

  /** Id of the learner's current role. Also accepted as `role` (moved here, since `role` is an ARIA attribute). */
  @property({ attribute: 'current-role' }) currentRole = '';

  /** Id of the role the learner aims for; default: the current role's `next`. */
  @property({ attribute: 'target-role' }) targetRole = '';

  /** Who answers: `self` (default), `manager` or `peer`. */
  @property() rater: Rater = 'self';

  /** The name of the person being rated, shown to managers and peers. */
  @property() subject = '';

  /** Time budget of the assessment in minutes (overrides the model's `assessment.maxMinutes`). */
  @property({ attribute: 'time-budget', type: Number }) timeBudget: number | undefined;

  /** Time budget of the development pathway in minutes (overrides the model's `planning.budgetMinutes`). */
  @property({ attribute: 'plan-budget', type: Number }) planBudget: number | undefined;

  /** Where progress and results go; default: this browser (IndexedDB). LMS packages set their runtime. */
  @property({ attribute: false }) runtime: Runtime | undefined;

  /** The launch context, when the page already started `runtime` (LMS packages do); otherwise the element starts it. */
  @property({ attribute: false }) launch: LaunchContext | undefined;

  /**
   * Send statements to an LRS: `{ endpoint, auth, actor, registration?, allowedOrigins? }`. A property
   * only: credentials never belong in attributes. The xAPI code is loaded only when this (or
   * `xapi-launch`) is set.
   */
  @property({ attribute: false }) lrs: LrsSettings | undefined;

  /** Read the LRS endpoint, credentials, actor and registration from a TinCan-style launch URL (and remove them from it). */
  @property({ type: Boolean, attribute: 'xapi-launch' }) xapiLaunch = false;

  /** Space-separated origins the LRS endpoint must be on (an allow-list against forged launch links). */
  @property({ attribute: 'lrs-allowed-origins' }) lrsAllowedOrigins = '';

  /**
   * Answer a rater request from the page address (`?pathway-request=…&pathway-rater=…`, see
   * docs/rater-requests.md): sets the rater, the person rated and their roles, and sends the answers
   * with the person rated as actor and the LRS actor as the rater.
   */
  @property({ type: Boolean, attribute: 'rater-request' }) raterRequest = false;

  /**
   * Show the fused view in the results: everyone's evidence about the person (their own, their
   * manager's, their peers') read from the LRS given in `lrs` (it needs read access) or from
   * `statements`, with the sources it rests on.
   */
  @property({ type: Boolean, attribute: 'fused-view' }) fusedView = false;

  /** Statements the page already has (e.g. an LRS export) for the fused view. */
  @property({ attribute: false }) statements: readonly unknown[] | undefined;

  /** A rater request given by the page instead of the address. */
  @property({ attribute: false }) request: RequestLaunch | undefined;

  /**
   * `candidate`: recruitment and onboarding. Nothing goes to the employee LRS (`lrs` and `xapi-launch` are
   * ignored); statements go only to `candidateLrs` when the author sets it, under a pseudonymous actor; the
   * results add a role-fit table and the pathway is the onboarding pathway for the role applied for.
   */
  @property({ reflect: true }) mode: 'employee' | 'candidate' = 'employee';

  /** Candidate mode only: the LRS for candidates (its `actor` is replaced by a pseudonym made in this browser). */
  @property({ attribute: false }) candidateLrs: Omit<LrsSettings, 'actor'> | undefined;

  private roleFit: typeof import('./role-fit.js').renderRoleFit | undefined;

  @state() private view: View = 'loading';
  @state() private draft: Draft = {};
  @state() private invalid = '';
  @state() private announcement = '';
  @state() private resumable: Progress | undefined;
  @state() private results_: AssessmentResults | undefined;
  @state() private plan_: Plan | undefined;
  /** The fused profile of the person assessed, when `fused-view` found one. */
  @state() private fused: PersonProfile | undefined;
  /** The learner pressed Finish and the session ended. */
  @state() private finished = false;
  /** LMS, LRS and storage problems the learner should know about. */
  @state() private notices: readonly RuntimeProblem[] = [];
  /** Role attributes the model does not know, said on the role picker (not only in an event). */
  @state() private setupProblems: readonly string[] = [];
  /** The role picker's choices before Continue. */
  @state() private pickedCurrent = '';
  @state() private pickedTarget: string | undefined;

  private session: AssessmentSession | undefined;
  /** The first question of a stamped model, shown before the engine has loaded (src/assessment/first.ts). */
  private early: { itemId: string; expected: number; seconds: number; seed: number } | undefined;
  /** Resolves once `begin()`'s session exists. */
  private sessionReady: Promise<void> = Promise.resolve();
  private activeRuntime: Runtime | undefined;
  private stepsDone: string[] = [];
  private itemShownAt = 0;
  private loadToken = 0;
  private progressFloor = 0;
  private saving: Promise<void> = Promise.resolve();
  /** The address with the TinCan launch, taken off the address bar as soon as `xapi-launch` is seen (memory only; read when the LRS code loads). */
  private launchAddress: string | undefined;

  @query('#item-heading') private itemHeading?: HTMLElement;

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'role'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (name === 'role') {
      // `role` is an ARIA attribute: a role id there would confuse assistive technology.
      if (value !== null) {
        this.currentRole = value;
        this.removeAttribute('role');
      }
      return;
    }
    super.attributeChangedCallback(name, old, value);
  }

  /** The results, once the assessment has ended. */
  get results(): AssessmentResults | undefined {
    return this.results_;
  }

  /** The development pathway, once the assessment has ended. */
  get plan(): Plan | undefined {
    return this.plan_;
  }

  /** The serialised assessment state (what resume uses). */
  get state(): string | undefined {
    return this.session?.serialize();
  }

  private readonly onPageHide = (): void => {
    if (this.activeRuntime && !this.finished) void this.activeRuntime.finish('unload');
  };

  override connectedCallback(): void {
    // First of all: the credential must not stay in the address bar while anything loads or fails.
    this.takeLaunch();
    super.connectedCallback();
    window.addEventListener('pagehide', this.onPageHide);
  }

  private takeLaunch(): void {
    if (this.xapiLaunch && this.isConnected && this.launchAddress === undefined) this.launchAddress = takeLaunchAddress();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pagehide', this.onPageHide);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('xapiLaunch')) this.takeLaunch();
    super.willUpdate(changed);
    if (this.modelLoading) this.view = 'loading';
  }

  protected override modelChanged(result: ValidationResult): void {
    void this.accept(result);
  }

  /** A new model (valid or not): start over with it; the error is already reported. */
  private async accept(result: ValidationResult): Promise<void> {
    const token = ++this.loadToken;
    if (!result.ok) {
      this.view = 'error';
      return;
    }
    const model = result.model;
    this.session = undefined;
    this.early = undefined;
    this.results_ = undefined;
    this.fused = undefined;
    this.plan_ = undefined;
    emit(this, 'pathway-ready', { model });
    await this.applyRequest(model);
    if (token !== this.loadToken) return;
    const candidate = this.mode === 'candidate';
    // The role-fit table's code loads only in candidate mode, so the learner bundle does not carry it.
    if (candidate) this.roleFit ??= (await import('./role-fit.js')).renderRoleFit;
    let runtime: Runtime = this.runtime ?? new StandaloneRuntime({ scope: `${candidate ? 'candidate' : this.rater}|${this.subject}` });
    if (!this.runtime && (candidate ? this.candidateLrs : this.lrs || this.xapiLaunch)) runtime = await this.withLrs(runtime);
    const pageHandler = runtime.onProblem;
    runtime.onProblem = (problem) => {
      pageHandler?.(problem);
      this.onRuntimeProblem(problem);
    };
    this.activeRuntime = runtime;
    let context: LaunchContext;
    try {
      context = this.runtime && this.launch ? this.launch : await runtime.start(model);
    } catch (error) {
      context = { kind: runtime.kind, mode: 'normal', learner: {} };
      this.onRuntimeProblem({ source: 'lms', message: error instanceof Error ? error.message : String(error), recoverable: false });
    }
    if (token !== this.loadToken) return;
    if (context.language && !this.lang) this.lang = context.language;
    this.resumable = context.resume;
    if (this.resumable?.location === 'results') {
      // A finished assessment reopens on its results, not on "continue where you left off".
      this.resume();
      return;
    }
    if (this.resumable) {
      this.view = 'intro';
      return;
    }
    this.applyRoleDefaults(model);
    this.view = this.currentRole && model.roles.some((r) => r.id === this.currentRole) ? 'intro' : 'setup';
  }

  /** Wraps the runtime so that everything is also reported to the LRS (the xAPI code loads only now). */
  private async withLrs(runtime: Runtime): Promise<Runtime> {
    const { connectLrs } = await import('../../src/lms/lrs-reporting.js');
    const candidate = this.mode === 'candidate';
    return connectLrs(runtime, {
      ...(candidate ? { candidate: this.candidateLrs } : this.lrs ? { settings: this.lrs } : {}),
      xapiLaunch: this.mode !== 'candidate' && this.xapiLaunch,
      ...(this.launchAddress !== undefined ? { launchAddress: this.launchAddress } : {}),
      allowedOrigins: this.lrsAllowedOrigins.split(/\s+/).filter(Boolean),
      rater: this.rater,
      ...(this.request && this.mode !== 'candidate' ? { request: { person: this.request.request.person, registration: this.request.registration, id: this.request.request.id, index: this.request.index } } : {}),
      report: (message) => this.reportError('lrs', message),
    });
  }

  /** A rater request (from the page or its address) decides who answers about whom. */
  private async applyRequest(model: Model): Promise<void> {
    // A candidate is never rated by colleagues, and no employee evidence is mixed in.
    if (this.mode === 'candidate') return;
    if (!this.request && this.raterRequest) {
      try {
        const address = new URL(window.location.href).searchParams;
        this.request = (await requestCodeFor(address.toString()))?.readRequestParameters(address);
      } catch (error) {
        this.reportError('config', error instanceof Error ? error.message : String(error));
      }
    }
    const launch = this.request;
    if (!launch) return;
    if (launch.request.model.id !== model.id || launch.request.model.version !== model.version) {
      this.reportError('config', `The rater request is for model ${launch.request.model.id} version ${launch.request.model.version}, not ${model.id} version ${model.version}; answers would not count.`);
      this.request = undefined;
      return;
    }
    this.rater = launch.kind;
    if (launch.request.personName) this.subject = launch.request.personName;
    if (launch.request.currentRole) this.currentRole = launch.request.currentRole;
    if (launch.request.targetRole) this.targetRole = launch.request.targetRole;
  }

  private applyRoleDefaults(model: Model): void {
    const problems: string[] = [];
    if (this.currentRole && !model.roles.some((r) => r.id === this.currentRole)) {
      const message = `The model has no role "${this.currentRole}"; choose one of ${model.roles.map((r) => `"${r.id}"`).join(', ')}.`;
      this.reportError('config', message);
      problems.push(msg(str`This page asked for the role "${this.currentRole}", which this assessment does not have. Choose your role below.`, { id: 'setup.unknownCurrent' }));
      this.currentRole = '';
    }
    if (this.targetRole && !model.roles.some((r) => r.id === this.targetRole)) {
      this.reportError('config', `The model has no role "${this.targetRole}" to aim for.`);
      problems.push(msg(str`This page asked for the target role "${this.targetRole}", which this assessment does not have.`, { id: 'setup.unknownTarget' }));
      this.targetRole = '';
    }
    if (this.currentRole && this.targetRole && !targetRoles(model, this.currentRole).includes(this.targetRole)) {
      // A "target" at or below the current role is no target: never compare a learner with a step down.
      this.reportError('config', `The target role "${this.targetRole}" is not above the current role "${this.currentRole}"; it is ignored.`);
      this.targetRole = '';
    }
    if (this.currentRole && !this.targetRole) this.targetRole = this.defaultTarget(model, this.currentRole);
    this.setupProblems = problems;
  }

  /** The current role's `next`, when that is a role one can aim for from it; otherwise none. */
  private defaultTarget(model: Model, current: string): string {
    const next = model.roles.find((r) => r.id === current)?.next ?? '';
    return next && targetRoles(model, current).includes(next) ? next : '';
  }

  private onRuntimeProblem(problem: RuntimeProblem): void {
    this.reportError(problem.source, problem.message);
    // Show each distinct message once; the learner needs to know, not to count.
    if (!this.notices.some((n) => n.message === problem.message)) this.notices = [...this.notices, problem];
  }

  // ---- flow ---------------------------------------------------------------------------------

  private begin(): void {
    const model = this.validModel!;
    const seed = crypto.getRandomValues(new Int32Array(1))[0]!;
    const options: AssessmentOptions = {
      ...(this.currentRole ? { currentRole: this.currentRole } : {}),
      ...(this.targetRole ? { targetRole: this.targetRole } : {}),
      rater: this.rater,
      ...(this.timeBudget ? { maxMinutes: this.timeBudget } : {}),
      seed,
    };
    this.stepsDone = [];
    this.progressFloor = 0;
    const token = this.loadToken;
    const start = async (): Promise<void> => {
      try {
        const { startAssessment } = await loadEngine();
        if (token !== this.loadToken) return;
        this.session = startAssessment(model, options);
      } catch (error) {
        this.onRuntimeProblem({ source: 'lms', message: `The assessment could not be loaded (${error instanceof Error ? error.message : String(error)}). Reload the page to try again.`, recoverable: false });
        return;
      }
      // The engine agrees with the precomputed draw (the same candidates, the same seed); should it not, its item wins.
      if (this.early && this.session.next()?.itemId !== this.early.itemId) this.draft = {};
      this.early = undefined;
      void this.save('item');
    };
    const first = isStamped(model) && !this.timeBudget ? model.compiled?.first?.[firstQuestionKey(this.currentRole, this.targetRole, this.rater)] : undefined;
    if (first) {
      this.early = { itemId: drawFirstItem(first, seed), expected: first.expected, seconds: first.seconds, seed };
      this.showNext();
      // The engine loads once the first question is painted, while the learner reads it.
      this.sessionReady = this.updateComplete.then(() => new Promise((painted) => requestAnimationFrame(() => setTimeout(painted)))).then(start);
    } else {
      this.sessionReady = start().then(() => {
        if (this.session) this.showNext();
      });
    }
  }

  private async resume(): Promise<void> {
    const model = this.validModel!;
    const saved = this.resumable!;
    let session: AssessmentSession;
    try {
      const { resumeAssessment } = await loadEngine();
      session = resumeAssessment(model, saved.assessment);
    } catch (error) {
      this.resumable = undefined;
      this.reportError('storage', `The saved progress could not be restored (${error instanceof Error ? error.message : String(error)}); starting again.`);
      this.view = this.currentRole ? 'intro' : 'setup';
      return;
    }
    this.session = session;
    this.stepsDone = [...saved.stepsDone];
    this.resumable = undefined;
    if (session.done) void this.finishAssessment(false);
    else this.showNext();
  }

  private startOver(): void {
    this.resumable = undefined;
    if (this.activeRuntime instanceof StandaloneRuntime) void this.activeRuntime.clear();
    this.applyRoleDefaults(this.validModel!);
    this.view = this.currentRole ? 'intro' : 'setup';
  }

  private showNext(): void {
    const next = this.question();
    if (!next) {
      void this.finishAssessment(true);
      return;
    }
    this.draft = {};
    this.invalid = '';
    this.view = 'item';
    this.itemShownAt = performance.now();
    this.announcement = msg(str`Question ${next.progress.answered + 1}`, { id: 'item.announce' });
    void this.updateComplete.then(() => this.itemHeading?.focus());
  }

  /** The question to show now, or undefined when the assessment is over. */
  private question(): Question | undefined {
    if (this.session) {
      const next = this.session.next();
      if (!next) return undefined;
      return { itemId: next.itemId, progress: this.session.progress(), order: this.session.displayOrder(next.itemId), canGoBack: this.session.responses.length > 0 };
    }
    const early = this.early;
    const item = early && this.validModel?.items.find((i) => i.id === early.itemId);
    if (!early || !item) return undefined;
    const order = displayOrder(item, early.seed, (this.validModel!.frequencyScale ?? [0, 0, 0, 0, 0]).length);
    return { itemId: early.itemId, progress: { answered: 0, expectedTotal: early.expected, secondsLeft: early.seconds, fraction: 0 }, order, canGoBack: false };
  }

  private currentItem(): Item | undefined {
    const next = this.question();
    return next ? this.validModel!.items.find((i) => i.id === next.itemId) : undefined;
  }

  private submit(event: Event): void {
    event.preventDefault();
    const item = this.currentItem();
    if (!item) return;
    const response = completeResponse(item, this.draft);
    if (typeof response === 'string') {
      this.invalid = response;
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('fieldset input')?.focus());
      return;
    }
    if (!this.session) {
      // Answered before the engine arrived: record the answer once it has.
      void this.sessionReady.then(() => {
        if (this.session) this.submit(event);
      });
      return;
    }
    const full: Response = { ...response, rater: this.rater, latencyMs: Math.round(performance.now() - this.itemShownAt) };
    try {
      this.session.answer(full);
    } catch (error) {
      this.invalid = error instanceof Error ? error.message : String(error);
      return;
    }
    const progress = this.session.progress();
    emit(this, 'pathway-answer', { response: full, item, competency: item.competency, progress });
    void this.activeRuntime?.answered({
      response: full,
      competency: item.competency,
      sequence: this.session.responses.length,
      timestamp: new Date().toISOString(),
    });
    void this.save('item');
    this.showNext();
  }

  private back(): void {
    const previous = this.session?.undo();
    if (!previous) return;
    this.showNext();
    this.draft = draftOf(previous);
    void this.save('item');
  }

  private async finishAssessment(fresh: boolean): Promise<void> {
    const model = this.validModel!;
    this.view = 'finishing';
    const results = this.session!.results();
    // The planner and the results elements are needed only now: separate chunks, so the first question appears sooner.
    let planner: Awaited<ReturnType<typeof loadPlanner>>;
    try {
      [planner] = await Promise.all([loadPlanner(), import('../profile/profile.js'), import('../plan/plan.js')]);
    } catch (error) {
      // The answers are saved; a reload tries again. Say so rather than wait on "Preparing your results…" forever.
      this.onRuntimeProblem({ source: 'lms', message: `The results could not be loaded (${error instanceof Error ? error.message : String(error)}). Reload the page to try again.`, recoverable: false });
      return;
    }
    const { planPathway, replan } = planner;
    let plan: Plan | undefined = planPathway(model, results, this.planBudget ? { budgetMinutes: this.planBudget } : {});
    if (this.stepsDone.length > 0) plan = replan(model, plan, results, { done: this.stepsDone });
    this.results_ = results;
    this.plan_ = plan;
    this.view = 'results';
    void this.loadFused(model);
    this.announcement = msg('Your results and your pathway are ready.', { id: 'results.announce' });
    void this.save('results');
    if (fresh) {
      void this.activeRuntime?.completed(results, plan);
      emit(this, 'pathway-complete', { results, plan });
    }
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#results-heading')?.focus());
  }

  /** The learner may opt out of insights where their statements go to an LRS (never as a rater or a candidate). */
  private offersConsent(): boolean {
    return this.rater === 'self' && this.mode !== 'candidate' && typeof this.activeRuntime?.consent === 'function';
  }

  /** The profile's opt-out control: the runtime sends the profile's opt-out (or opt-in) statement. */
  private onConsent(event: CustomEvent<{ optedOut: boolean }>): void {
    void this.activeRuntime?.consent?.(event.detail.optedOut).catch((error: unknown) => {
      this.onRuntimeProblem({ source: 'lrs', message: error instanceof Error ? error.message : String(error), recoverable: true });
    });
  }

  /** Everyone's evidence about the person, fused by the engine (the reader loads only when asked for). */
  private async loadFused(model: Model): Promise<void> {
    const person = this.request?.request.person ?? this.lrs?.actor;
    if (!this.fusedView || this.mode === 'candidate' || (!this.lrs && !this.statements)) return;
    try {
      const { fusedProfileOf } = await import('../../src/insights/lrs/person.js');
      const lrs = this.lrs ? { endpoint: this.lrs.endpoint, ...(this.lrs.auth ? { auth: this.lrs.auth } : {}) } : undefined;
      // This page's answers count even before the LRS has them (as self, or as the requested rater).
      const own = this.session && this.rater === 'self' ? { rater: this.rater, responses: this.session.responses, done: this.session.done, stopReason: this.session.stopReason } : undefined;
      const { profile } = await fusedProfileOf(model, person, { lrs, statements: this.statements, own });
      if (profile && profile.results.model.version === model.version) this.fused = profile;
    } catch (error) {
      this.reportError('lrs', `The fused view could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private onStepDone(event: CustomEvent<{ module: string; done: boolean; plan: Plan }>): void {
    // <pathway-plan> re-planned already; keep its plan, record progress, and re-emit for the page.
    event.stopPropagation();
    const { module, done, plan } = event.detail;
    this.plan_ = plan;
    this.stepsDone = plan.steps.filter((s) => s.status === 'done').map((s) => s.module);
    void this.activeRuntime?.stepProgress({ module, status: done ? 'done' : 'started', timestamp: new Date().toISOString() });
    void this.save('results');
    emit(this, 'pathway-step-done', { module, done, plan });
  }

  private async finishSession(): Promise<void> {
    // The runtime ends the session and, for cmi5, returns to the LMS once everything is delivered.
    await this.saving;
    await this.activeRuntime?.finish('finished');
    this.finished = true;
  }

  /**
   * Saves progress. Saves run one after another, in order, so the last state is the one stored, and
   * Finish waits for them: a runtime that encodes or commits slowly never ends the session on an older state.
   */
  private save(location: string): Promise<void> {
    const session = this.session;
    const runtime = this.activeRuntime;
    if (!session || !runtime) return this.saving;
    const progress = { assessment: session.serialize(), stepsDone: [...this.stepsDone], location, fraction: session.progress().fraction };
    this.saving = this.saving.then(() => runtime.save(progress)).catch((error: unknown) => {
      this.onRuntimeProblem({ source: 'storage', message: error instanceof Error ? error.message : String(error), recoverable: true });
    });
    return this.saving;
  }

  // ---- rendering ------------------------------------------------------------------------------

  private t(text: Parameters<typeof resolveText>[0]): string {
    return resolveText(text, this.effectiveLang, this.validModel?.language ?? 'en');
  }

  protected override render(): TemplateResult {
    return html`<div part="base" class="base">
      <div class="sr-only" role="status" aria-live="polite">${this.announcement}</div>
      ${this.notices.length > 0
        ? html`<ul part="notices" class="notices">
            ${this.notices.map((n) => html`<li class=${n.recoverable ? 'notice warning' : 'notice error'} role=${n.recoverable ? 'status' : 'alert'}>${n.message}</li>`)}
          </ul>`
        : nothing}
      ${this.renderView()}
    </div>`;
  }

  private renderView(): TemplateResult | typeof nothing {
    switch (this.view) {
      case 'loading':
        return html`<p class="muted">${msg('Loading the assessment…', { id: 'loading' })}</p>`;
      case 'error':
        return this.renderProblems(msg('This assessment cannot start because its model has problems.', { id: 'error.model' }), this.modelProblems);
      case 'setup':
        return this.renderSetup();
      case 'intro':
        return this.renderIntro();
      case 'item':
        return this.renderQuestion();
      case 'finishing':
        return html`<p class="muted">${msg('Preparing your results…', { id: 'finishing' })}</p>`;
      case 'results':
        return this.renderResults();
    }
  }

  private renderSetup(): TemplateResult {
    const model = this.validModel!;
    const current = this.pickedCurrent || this.currentRole || model.roles[0]!.id;
    const allowed = new Set(targetRoles(model, current));
    const target = this.pickedTarget !== undefined && (this.pickedTarget === '' || allowed.has(this.pickedTarget)) ? this.pickedTarget : this.defaultTarget(model, current);
    return html`<form class="setup" @submit=${(e: Event) => {
      e.preventDefault();
      this.currentRole = current;
      this.targetRole = target;
      this.setupProblems = [];
      this.view = 'intro';
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#intro-heading')?.focus());
    }}>
      <h2 tabindex="-1">${this.t(model.title)}</h2>
      ${this.setupProblems.map((p) => html`<p class="notice warning" role="alert">${p}</p>`)}
      <p>${msg('Choose the role you have now and the role you are aiming for.', { id: 'setup.lead' })}</p>
      <label>
        <span>${msg('Your current role', { id: 'setup.current' })}</span>
        <select name="current" required @change=${(e: Event) => {
          this.pickedCurrent = (e.target as HTMLSelectElement).value;
          this.pickedTarget = undefined;
        }}>
          ${model.roles.map((r) => html`<option value=${r.id} ?selected=${r.id === current}>${this.t(r.title)}</option>`)}
        </select>
      </label>
      <label>
        <span>${msg('The role you are aiming for', { id: 'setup.target' })}</span>
        <select name="target" .value=${target} @change=${(e: Event) => (this.pickedTarget = (e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${target === ''}>${msg('No target role', { id: 'setup.noTarget' })}</option>
          ${model.roles.filter((r) => allowed.has(r.id)).map((r) => html`<option value=${r.id} ?selected=${r.id === target}>${this.t(r.title)}</option>`)}
        </select>
      </label>
      <div part="nav" class="nav"><button part="button" class="primary" type="submit">${msg('Continue', { id: 'nav.continue' })}</button></div>
    </form>`;
  }

  private renderIntro(): TemplateResult {
    const model = this.validModel!;
    const observer = this.rater !== 'self';
    const settings = model.assessment ?? {};
    const minutes = Math.max(1, Math.round(this.timeBudget ?? settings.maxMinutes ?? 15));
    const current = model.roles.find((r) => r.id === this.currentRole);
    const target = model.roles.find((r) => r.id === this.targetRole);
    return html`<section class="intro" aria-labelledby="intro-heading">
      <h2 id="intro-heading" tabindex="-1">${this.t(model.title)}</h2>
      ${observer
        ? html`<p class="lead">${this.subject
            ? msg(str`You are rating ${this.subject}. Answer from what you have seen them do, not from what you expect.`, { id: 'intro.observer' })
            : msg('You are rating a colleague. Answer from what you have seen them do, not from what you expect.', { id: 'intro.observerNoName' })}</p>`
        : nothing}
      ${this.renderContentLanguage(model)}
      <h3>${msg('Why this matters', { id: 'intro.why' })}</h3>
      <p>${model.intro?.purpose
        ? this.t(model.intro.purpose)
        : msg('The questions ask what you actually do at work. Your answers show where you stand and what to develop next.', { id: 'intro.defaultPurpose' })}</p>
      <h3>${msg('How long it takes', { id: 'intro.howLong' })}</h3>
      <p>${plural(
        minutes,
        this.effectiveLang,
        () => msg(str`About ${minutes} minute. It adapts to your answers, so it stops as soon as the picture is clear.`, { id: 'intro.minutes.one' }),
        () => msg(str`Up to ${minutes} minutes. It adapts to your answers, so it stops as soon as the picture is clear.`, { id: 'intro.minutes.other' }),
      )}</p>
      ${current
        ? html`<p>${target
            ? msg(str`Compared with: ${this.t(current.title)} (now) and ${this.t(target.title)} (next).`, { id: 'intro.roles' })
            : msg(str`Compared with: ${this.t(current.title)}.`, { id: 'intro.role' })}</p>`
        : nothing}
      <h3>${msg('Who sees the results', { id: 'intro.who' })}</h3>
      <p>${model.intro?.privacy
        ? this.t(model.intro.privacy)
        : msg('Your results are saved in this browser and shared only as your organisation has set up.', { id: 'intro.defaultPrivacy' })}</p>
      <div part="nav" class="nav">
        ${this.resumable
          ? html`<button part="button" class="primary" @click=${this.resume}>${msg('Continue where you left off', { id: 'intro.resume' })}</button>
              <button part="button" @click=${this.startOver}>${msg('Start again', { id: 'intro.restart' })}</button>`
          : html`<button part="button" class="primary" @click=${this.begin}>${msg('Start', { id: 'intro.start' })}</button>`}
      </div>
    </section>`;
  }

  /**
   * When the model has no content in the reader's language, the questions come in the model's own
   * language: say so up front rather than mix languages unannounced.
   */
  private renderContentLanguage(model: Model): TemplateResult | typeof nothing {
    const primary = (tag: string): string => tag.toLowerCase().split('-')[0]!;
    const wanted = primary(this.effectiveLang);
    if (contentLanguages(model).some((l) => primary(l) === wanted)) return nothing;
    let name = model.language;
    try {
      name = new Intl.DisplayNames([this.effectiveLang], { type: 'language' }).of(model.language) ?? model.language;
    } catch {
      // an unusual tag: keep it as written
    }
    return html`<p class="notice warning content-language">${msg(str`The questions of this assessment are in ${name}.`, { id: 'intro.contentLanguage' })}</p>`;
  }

  private renderQuestion(): TemplateResult {
    const model = this.validModel!;
    const question = this.question();
    const item = question && model.items.find((i) => i.id === question.itemId);
    if (!question || !item) return html``;
    const progress = question.progress;
    this.progressFloor = Math.max(this.progressFloor, progress.fraction);
    const observer = this.rater !== 'self';
    const notApplicable = item.allowNotApplicable === true || (observer && model.assessment?.allowNotObserved !== false && (item.type === 'frequency' || item.type === 'anchored'));
    const competency = model.competencies.find((c) => c.id === item.competency);
    const remaining = Math.max(0, progress.expectedTotal - progress.answered);
    const minutesLeft = Math.max(1, Math.round(progress.secondsLeft / 60));
    const kind = item.type === 'situational' ? `situational-${item.format}` : item.type;
    return html`<form class="item" data-kind=${kind} @submit=${this.submit} novalidate>
      <div class="progress-row">
        <progress part="progress" max="1" .value=${this.progressFloor} aria-label=${msg('Progress', { id: 'progress.label' })}></progress>
        <span class="muted">${plural(
          remaining,
          this.effectiveLang,
          () => msg(str`About ${remaining} question left (${minutesLeft} min)`, { id: 'progress.left.one' }),
          () => msg(str`About ${remaining} questions left (${minutesLeft} min)`, { id: 'progress.left.other' }),
        )}</span>
      </div>
      <h2 id="item-heading" tabindex="-1" class="item-heading">
        ${msg(str`Question ${progress.answered + 1}`, { id: 'item.heading' })}
        ${competency ? html`<span class="competency">${this.t(competency.title)}</span>` : nothing}
      </h2>
      ${renderItem({
        model,
        item,
        lang: this.effectiveLang,
        observer,
        draft: this.draft,
        allowNotApplicable: notApplicable,
        order: question.order,
        invalid: this.invalid,
        change: (draft) => {
          this.draft = draft;
          this.invalid = '';
        },
      })}
      ${this.invalid ? html`<p id="item-error" class="invalid" role="alert">${this.invalid}</p>` : nothing}
      <div part="nav" class="nav">
        <button part="button" type="button" ?disabled=${!question.canGoBack} @click=${this.back}>${msg('Back', { id: 'nav.back' })}</button>
        <button part="button" class="primary" type="submit">${msg('Next', { id: 'nav.next' })}</button>
      </div>
    </form>`;
  }

  private renderResults(): TemplateResult {
    const model = this.validModel!;
    const results = this.results_!;
    const blindSpots = results.competencies.filter((c) => c.selfOther?.flag === 'blind-spot');
    const hidden = results.competencies.filter((c) => c.selfOther?.flag === 'hidden-strength');
    const strengths = this.plan_?.strengths ?? [];
    const name = (id: string): string => this.t(model.competencies.find((c) => c.id === id)?.title ?? id);
    const current = model.roles.find((r) => r.id === results.currentRole);
    const target = model.roles.find((r) => r.id === results.targetRole);
    const now = decisionCounts(results, 'current');
    const later = decisionCounts(results, 'target');
    const total = (c: DecisionCounts): number => c.meets + c.below + c.unsure;
    // A manager or peer sees the results of the person they rated, worded about that person.
    const observed = this.rater !== 'self' ? this.subject || msg('this person', { id: 'results.thisPerson' }) : '';
    return html`<section class="results" aria-labelledby="results-heading">
      <h2 id="results-heading" tabindex="-1">${observed
        ? msg(str`Results for ${observed}`, { id: 'results.headingFor' })
        : msg('Your results', { id: 'results.heading' })}</h2>
      ${current && now
        ? html`<p class="lead">${msg(str`${this.t(current.title)}: ${now.meets} of ${total(now)} requirements met, ${now.below} below, ${now.unsure} not yet sure.`, { id: 'results.summaryCurrent' })}</p>`
        : nothing}
      ${target && later
        ? html`<p class="lead">${msg(str`${this.t(target.title)} (target role): ${later.meets} of ${total(later)} requirements met, ${later.below} below, ${later.unsure} not yet sure.`, { id: 'results.summaryTarget' })}</p>`
        : nothing}
      ${this.mode === 'candidate' && this.roleFit ? this.roleFit(results, model.assessment?.confidence ?? 0.95, name) : nothing}
      <pathway-profile
        .model=${model}
        .results=${this.fused?.results ?? results}
        .sources=${this.fused?.sources}
        ?insights-consent=${this.offersConsent()}
        ?opted-out=${this.fused?.optedOut ?? false}
        @pathway-insights-consent=${this.onConsent}
        lang=${this.effectiveLang}
        theme=${this.theme}
        subject=${observed}
      ></pathway-profile>
      ${blindSpots.length + hidden.length + strengths.length > 0
        ? html`<h3>${msg('What stands out', { id: 'results.standsOut' })}</h3>
            <ul class="insights">
              ${blindSpots.map(
                (c) => html`<li class="blind-spot"><strong>${msg('Possible blind spot:', { id: 'results.blindSpot' })}</strong> ${msg(
                  str`your own ratings of ${name(c.competency)} may be higher than the other evidence shows. Worth checking with someone who sees your work.`,
                  { id: 'results.blindSpotText' },
                )}</li>`,
              )}
              ${hidden.map(
                (c) => html`<li><strong>${msg('Hidden strength:', { id: 'results.hidden' })}</strong> ${msg(
                  str`the evidence on ${name(c.competency)} is stronger than your own view of it.`,
                  { id: 'results.hiddenText' },
                )}</li>`,
              )}
              ${strengths.map(
                (s) => html`<li><strong>${msg('Strength:', { id: 'results.strength' })}</strong> ${observed
                  ? msg(str`${name(s.competency)} is comfortably above what the roles require; a chance to help others develop it.`, { id: 'results.strengthTextFor' })
                  : msg(str`${name(s.competency)} is comfortably above what your roles require; you could help others develop it.`, { id: 'results.strengthText' })}</li>`,
              )}
            </ul>`
        : nothing}
      ${this.plan_
        ? html`<pathway-plan
            .model=${model}
            .results=${results}
            .plan=${this.plan_}
            lang=${this.effectiveLang}
            theme=${this.theme}
            subject=${observed}
            @pathway-step-done=${this.onStepDone}
          ></pathway-plan>`
        : nothing}
      ${this.activeRuntime && this.activeRuntime.kind !== 'standalone'
        ? this.finished
          ? html`<p role="status">${msg('Your results are saved. You can close this window.', { id: 'results.finished' })}</p>`
          : html`<div part="nav" class="nav"><button part="button" class="primary" @click=${this.finishSession}>${msg('Finish', { id: 'nav.finish' })}</button></div>`
        : nothing}
    </section>`;
  }
}
