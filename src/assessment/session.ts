/**
 * The assessment session: records responses, chooses the next item, and reports progress and
 * results. Everything it knows is in `serialize()`: a session resumed from that string behaves
 * exactly like the original.
 */
import type { Model, Rater } from '../model/types.js';
import { bankFor, type Bank } from './bank.js';
import { resolveConfig, type Config } from './config.js';
import { ResponseError, StateError } from './errors.js';
import { Evidence } from './evidence.js';
import { fuse, type CompetencyPosterior } from './posterior.js';
import { outcomeOf } from './responses.js';
import { buildResults } from './results.js';
import { competencyStatus, ITEM_OVERHEAD_SECONDS, needsOtherEvidence, Selector, type Selection, type SelectionState } from './select.js';
import { decodeState, encodeState } from './state.js';
import { displayOrder } from './display.js';
import { type FirstQuestion, firstQuestionKey } from './first.js';
import type { AssessmentOptions, AssessmentProgress, AssessmentResults, AssessmentSession, Response, StopReason } from './types.js';

/** Weight, in answered items, of the bank's typical item length against the lengths seen so far. */
const PRIOR_ITEMS = 5;

interface Recorded {
  response: Response;
  item: number;
  /** undefined: "not applicable". */
  outcome: number | undefined;
}

export class Session implements AssessmentSession {
  private readonly list: Recorded[] = [];
  private evidence: Evidence;
  private readonly selector: Selector;
  private readonly state: SelectionState;
  private posteriorCache: Map<number, CompetencyPosterior> | undefined;
  private selectionCache: Selection | undefined;
  private shownFraction = 0;

  constructor(
    readonly bank: Bank,
    readonly config: Config,
  ) {
    this.evidence = new Evidence(bank, config.selfLeniency);
    this.selector = new Selector(bank, config);
    this.state = {
      administered: new Uint8Array(bank.items.length),
      perCompetency: new Int32Array(bank.competencies.length),
      otherPerCompetency: new Int32Array(bank.competencies.length),
      answered: 0,
      elapsedSeconds: 0,
    };
  }

  get responses(): readonly Response[] {
    return this.list.map((r) => ({ ...r.response }));
  }

  get done(): boolean {
    return 'stop' in this.selection();
  }

  get stopReason(): StopReason | undefined {
    const s = this.selection();
    return 'stop' in s ? s.stop : undefined;
  }

  next(): { itemId: string; position: number } | undefined {
    const s = this.selection();
    return 'item' in s ? { itemId: this.bank.items[s.item]!.id, position: this.state.answered + 1 } : undefined;
  }

  answer(response: Response): void {
    const { item, outcome } = outcomeOf(this.bank, this.config, response);
    const id = this.bank.items[item]!.id;
    if (!this.state.administered[item]) {
      const s = this.selection();
      if ('stop' in s) throw new ResponseError('ended', `the assessment has ended (${s.stop}); only answers already given can be changed`, id);
      if (s.item !== item) throw new ResponseError('not-next', `item "${id}" is not the item asked now ("${this.bank.items[s.item]!.id}")`, id);
    }
    this.record(response, item, outcome);
  }

  /** Records without the "is it the next item" check: for replaying a saved state. */
  replay(response: Response): void {
    const { item, outcome } = outcomeOf(this.bank, this.config, response);
    this.record(response, item, outcome);
  }

  private record(response: Response, item: number, outcome: number | undefined): void {
    const stored = normalise(response, this.config);
    const revision = this.state.administered[item] === 1;
    // A changed answer replaces the earlier one in place: the state never grows by re-answering.
    let earlier = -1;
    if (revision) for (let i = this.list.length - 1; i >= 0 && earlier < 0; i--) if (this.list[i]!.item === item) earlier = i;
    if (earlier >= 0) this.list[earlier] = { response: stored, item, outcome };
    else this.list.push({ response: stored, item, outcome });
    if (revision) this.rebuild();
    else {
      this.administer(item);
      if (outcome !== undefined) this.evidence.add({ item, outcome, rater: this.config.rater, raterId: this.config.raterId });
    }
    this.invalidate();
  }

  undo(): Response | undefined {
    const last = this.list.pop();
    if (!last) return undefined;
    this.rebuild();
    this.invalidate();
    return { ...last.response };
  }

  progress(): AssessmentProgress {
    const { config, state } = this;
    const answered = state.answered;
    const remainingItems = config.form.filter((i) => !state.administered[i]);
    const perItem = this.typicalSeconds(remainingItems);
    let minimum = answered;
    let expected = answered;
    let maximum = answered;
    if (this.done) {
      this.shownFraction = 1;
    } else if (config.mode === 'fixed') {
      minimum = expected = maximum = answered + remainingItems.length;
    } else {
      const posteriors = this.posteriors();
      const secondsLeft = config.maxSeconds - state.elapsedSeconds;
      const byItems = Math.min(config.maxItems - answered, remainingItems.length);
      // At most: as many of the shortest items as fit in the time left. Likely: as many typical ones.
      const cap = Math.max(1, Math.min(byItems, this.shortestThatFit(remainingItems, secondsLeft)));
      const likelyCap = Math.max(1, Math.min(cap, Number.isFinite(secondsLeft) ? Math.round(secondsLeft / perItem) : cap));
      let needed = 0;
      let likely = 0;
      for (const c of config.inPlay) {
        const status = competencyStatus(this.bank, config, state, c, posteriors.get(c)!);
        if (status.closed) continue;
        needed += Math.max(config.minItems - status.administered, needsOtherEvidence(this.bank, config, state, c, posteriors.get(c)!) ? 1 : 0);
        likely += Math.max(config.minItems - status.administered, this.itemsToPrecision(c, posteriors.get(c)!, status.administered));
      }
      minimum = answered + Math.min(cap, Math.max(1, needed));
      expected = answered + Math.min(likelyCap, Math.max(1, likely));
      maximum = answered + cap;
    }
    const fraction = this.done ? 1 : answered / Math.max(1, expected);
    this.shownFraction = Math.max(this.shownFraction, Math.min(this.done ? 1 : 0.99, fraction));
    return {
      answered,
      expectedTotal: expected,
      minimum,
      maximum,
      fraction: this.shownFraction,
      secondsLeft: Math.round((expected - answered) * perItem),
    };
  }

  /**
   * Seconds a question typically takes in this session. The selector prefers informative items per
   * second (+ a fixed overhead), so short items come up more often than their share of the bank: the
   * prior weighs each remaining item by 1 / (seconds + overhead); answers given so far then take over.
   */
  private typicalSeconds(remainingItems: readonly number[]): number {
    const items = this.bank.items;
    let weighted = 0;
    let weights = 0;
    for (const i of remainingItems) {
      const w = 1 / (items[i]!.seconds + ITEM_OVERHEAD_SECONDS);
      weighted += items[i]!.seconds * w;
      weights += w;
    }
    const prior = weights > 0 ? weighted / weights : 0;
    return (this.state.elapsedSeconds + PRIOR_ITEMS * prior) / (this.state.answered + PRIOR_ITEMS);
  }

  /**
   * Items an open competency is likely to still take: enough of its typical remaining items (their
   * mean Fisher information at the current estimate) to bring the posterior SD to the target, within
   * the per-competency cap. Decisions often close a competency sooner; the time budget caps the sum.
   */
  private itemsToPrecision(c: number, posterior: CompetencyPosterior, administered: number): number {
    const { bank, config, state } = this;
    const at = nearestPoint(bank.grid.points, posterior.mean);
    let information = 0;
    let count = 0;
    for (const i of bank.competencies[c]!.items) {
      if (!config.inForm[i] || state.administered[i]) continue;
      information += bank.information(i)[at]!;
      count++;
    }
    const room = Math.min(count, config.maxPerCompetency - administered);
    if (count === 0 || information <= 0) return Math.max(0, room);
    const missing = 1 / config.targetSD ** 2 - 1 / posterior.sd ** 2;
    return Math.min(room, Math.max(1, Math.ceil(missing / (information / count))));
  }

  /** How many of the shortest remaining items fit in `secondsLeft` (the selector stops when none fits). */
  private shortestThatFit(remainingItems: readonly number[], secondsLeft: number): number {
    if (!Number.isFinite(secondsLeft)) return remainingItems.length;
    const seconds = remainingItems.map((i) => this.bank.items[i]!.seconds).sort((a, b) => a - b);
    let count = 0;
    for (let left = secondsLeft; count < seconds.length && seconds[count]! <= left; count++) left -= seconds[count]!;
    return count;
  }

  results(): AssessmentResults {
    const s = this.selection();
    return buildResults(this.bank, this.config, this.evidence, this.posteriors(), {
      completed: 'stop' in s,
      stopReason: 'stop' in s ? s.stop : undefined,
      itemsAnswered: this.state.answered,
    });
  }

  serialize(): string {
    return encodeState(this.bank, this.config, this.list.map((r) => r.response));
  }

  displayOrder(itemId: string): number[] {
    const index = this.bank.itemIndex.get(itemId);
    if (index === undefined) throw new ResponseError('unknown-item', `unknown item "${itemId}"`, itemId);
    return displayOrder(this.bank.items[index]!.item, this.config.seed, (this.bank.model.frequencyScale ?? [0, 0, 0, 0, 0]).length);
  }

  private administer(item: number): void {
    this.state.administered[item] = 1;
    const { competency, pair, selfReport } = this.bank.items[item]!;
    this.state.perCompetency[competency]!++;
    if (!selfReport) for (const c of pair ?? [competency]) this.state.otherPerCompetency[c]!++;
    this.state.answered++;
    this.state.elapsedSeconds += this.bank.items[item]!.seconds;
  }

  /** Recomputes everything from the list: after an undo or a changed answer (the latest answer to an item counts). */
  private rebuild(): void {
    this.evidence = new Evidence(this.bank, this.config.selfLeniency);
    this.state.administered.fill(0);
    this.state.perCompetency.fill(0);
    this.state.otherPerCompetency.fill(0);
    this.state.answered = 0;
    this.state.elapsedSeconds = 0;
    const latest = new Map<number, Recorded>();
    for (const r of this.list) {
      if (!this.state.administered[r.item]) this.administer(r.item);
      latest.set(r.item, r);
    }
    for (const r of this.list) {
      if (latest.get(r.item) === r && r.outcome !== undefined) this.evidence.add({ item: r.item, outcome: r.outcome, rater: this.config.rater, raterId: this.config.raterId });
    }
  }

  private invalidate(): void {
    this.posteriorCache = undefined;
    this.selectionCache = undefined;
  }

  private posteriors(): Map<number, CompetencyPosterior> {
    this.posteriorCache ??= fuse(this.bank, this.evidence, this.config.scored);
    return this.posteriorCache;
  }

  /** Before the first answer: the candidates of the first item and the progress shown with it. */
  firstQuestion(): FirstQuestion | undefined {
    const s = this.selection();
    if (this.state.answered > 0 || !('item' in s)) return undefined;
    const { expectedTotal, secondsLeft } = this.progress();
    return { items: (s.candidates ?? [s.item]).map((i) => this.bank.items[i]!.id), expected: expectedTotal, seconds: secondsLeft };
  }

  private selection(): Selection {
    this.selectionCache ??= this.selector.next(() => this.posteriors(), this.state);
    return this.selectionCache;
  }
}

function nearestPoint(points: Float64Array, x: number): number {
  let best = 0;
  for (let j = 1; j < points.length; j++) if (Math.abs(points[j]! - x) < Math.abs(points[best]! - x)) best = j;
  return best;
}

function normalise(response: Response, config: Config): Response {
  const out: Response = { item: response.item };
  if (response.notApplicable) out.notApplicable = true;
  else {
    if (response.choice !== undefined) out.choice = response.choice;
    if (response.most !== undefined) out.most = response.most;
    if (response.least !== undefined) out.least = response.least;
    if (response.ratings !== undefined) out.ratings = [...response.ratings];
  }
  if (response.evidence !== undefined) out.evidence = response.evidence;
  if (config.rater !== 'self') out.rater = config.rater;
  if (config.raterId !== undefined) out.raterId = config.raterId;
  if (response.latencyMs !== undefined) out.latencyMs = response.latencyMs;
  return out;
}

/** Starts an assessment of `model` (validated) for one rater. Throws OptionsError for options that do not fit the model. */
export function startAssessment(model: Model, options: AssessmentOptions = {}): AssessmentSession {
  const bank = bankFor(model);
  return new Session(bank, resolveConfig(model, bank, options));
}

/** Raters a first question is precomputed for. */
const FIRST_QUESTION_RATERS = ['self', 'manager', 'peer'] as const;

/**
 * The first question of every usual start: each role with its `next` role as target (or none), for
 * each rater, with the model's own time budget. Other starts (another target, a time-budget override)
 * find no entry and wait for the engine instead.
 */
export function firstQuestions(model: Model): Record<string, FirstQuestion> {
  const bank = bankFor(model);
  const first: Record<string, FirstQuestion> = {};
  for (const role of model.roles) {
    const targetRole = role.next ?? '';
    for (const rater of FIRST_QUESTION_RATERS) {
      const session = new Session(bank, resolveConfig(model, bank, { currentRole: role.id, ...(targetRole ? { targetRole } : {}), rater, seed: 0 }));
      const entry = session.firstQuestion();
      if (entry) first[firstQuestionKey(role.id, targetRole, rater)] = entry;
    }
  }
  return first;
}

/** Resumes from `serialize()` output. Throws StateError when the string is not a state of this model. */
export function resumeAssessment(model: Model, state: string): AssessmentSession {
  const bank = bankFor(model);
  const decoded = decodeState(bank, state);
  const session = new Session(bank, resolveConfig(model, bank, decoded.options));
  decoded.responses.forEach((r, n) => {
    try {
      session.replay(r);
    } catch (error) {
      if (error instanceof ResponseError) throw new StateError('invalid-response', `the saved assessment cannot be replayed: response ${n + 1}: ${error.message}`);
      throw error;
    }
  });
  return session;
}

/** One rater's answers to one learner, in the order given (a later answer to an item replaces an earlier one). */
export interface RaterResponses {
  rater: Rater;
  /** Tells raters of the same kind apart (each peer counts once); any opaque text. */
  raterId?: string | undefined;
  responses: readonly Response[];
  /** The rater finished their assessment. */
  done?: boolean;
  stopReason?: StopReason | undefined;
}

export interface FuseOptions {
  currentRole?: string | undefined;
  targetRole?: string | undefined;
  /** Called for a response that does not fit the model instead of throwing: the response is left out. */
  onInvalid?: (rater: RaterResponses, response: Response, error: ResponseError) => void;
}

/**
 * Results fused from several raters' answers about the same learner: each rater's latest answer per
 * item counts once (a "not applicable" takes an earlier answer back). Roles come from `options`, the
 * form (and so the competencies measured without a role) from the first rater.
 */
/**
 * Settings per rater kind and roles, made once per bank: they do not depend on the person, and fusing
 * thousands of people (pathway insights) would otherwise resolve them again for each.
 */
const fusionConfigs = new WeakMap<Bank, Map<string, Config>>();
function fusionConfig(model: Model, bank: Bank, rater: Rater, currentRole: string | undefined, targetRole: string | undefined): Config {
  let configs = fusionConfigs.get(bank);
  if (!configs) fusionConfigs.set(bank, (configs = new Map()));
  const key = JSON.stringify([rater, currentRole ?? null, targetRole ?? null]);
  let config = configs.get(key);
  if (!config) {
    const roles = { ...(currentRole !== undefined ? { currentRole } : {}), ...(targetRole !== undefined ? { targetRole } : {}) };
    configs.set(key, (config = resolveConfig(model, bank, { ...roles, rater })));
  }
  return config;
}

export function fuseRaterResponses(model: Model, raters: readonly RaterResponses[], options: FuseOptions = {}): AssessmentResults {
  if (raters.length === 0) throw new StateError('not-a-state', 'fusing needs the answers of at least one rater');
  const bank = bankFor(model);
  const configFor = (rater: Rater): Config => fusionConfig(model, bank, rater, options.currentRole, options.targetRole);
  const first = configFor(raters[0]!.rater);
  const evidence = new Evidence(bank, first.selfLeniency);
  // Per rater (kind and id), their latest outcome per item; a later answer replaces an earlier one.
  const latest = new Map<string, Map<number, { item: number; outcome: number; rater: Rater; raterId: string | undefined }>>();
  // Per rater, every item they answered, "not applicable" included (as a session counts it): an item
  // answered, then taken back, then answered again is one item.
  const seen = new Map<string, Set<number>>();
  for (const source of raters) {
    const config = configFor(source.rater);
    const raterKey = `${source.rater}:${source.raterId ?? ''}`;
    let items = latest.get(raterKey);
    if (!items) latest.set(raterKey, (items = new Map()));
    let answeredItems = seen.get(raterKey);
    if (!answeredItems) seen.set(raterKey, (answeredItems = new Set()));
    for (const response of source.responses) {
      let scored: { item: number; outcome: number | undefined };
      try {
        scored = outcomeOf(bank, config, response);
      } catch (error) {
        if (!(error instanceof ResponseError) || !options.onInvalid) throw error;
        options.onInvalid(source, response, error);
        continue;
      }
      const { item, outcome } = scored;
      answeredItems.add(item);
      if (outcome === undefined) items.delete(item);
      else items.set(item, { item, outcome, rater: source.rater, raterId: source.raterId });
    }
  }
  for (const items of latest.values()) for (const o of items.values()) evidence.add(o);
  let answered = 0;
  for (const items of seen.values()) answered += items.size;
  const wanted = new Set(first.inPlay);
  bank.competencies.forEach((c) => evidence.counts[c.index]! > 0 && wanted.add(c.index));
  return buildResults(bank, first, evidence, fuse(bank, evidence, wanted), {
    completed: raters.every((r) => r.done === true),
    stopReason: raters[0]!.stopReason,
    itemsAnswered: answered,
  });
}

/**
 * Results fused from several raters' saved states of the same learner (self, manager, peers — any
 * subset). Roles and settings come from the first state; give each peer its own `raterId` so that
 * peers count separately (needed before peer evidence is shown on its own).
 */
export function fuseAssessments(model: Model, states: readonly string[]): AssessmentResults {
  if (states.length === 0) throw new StateError('not-a-state', 'fuseAssessments needs at least one saved assessment');
  const sessions = states.map((s) => resumeAssessment(model, s) as Session);
  const { currentRole, targetRole } = sessions[0]!.config;
  return fuseRaterResponses(
    model,
    sessions.map((s) => ({ rater: s.config.rater, raterId: s.config.raterId, responses: s.responses, done: s.done, stopReason: s.stopReason })),
    { currentRole, targetRole },
  );
}
