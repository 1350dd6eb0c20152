/**
 * Module selection: cost-benefit lazy greedy (CELF) over prerequisite closures, the best single
 * closure as a safeguard, then a remove-and-refill local search where the catalogue is small enough.
 *
 * A candidate is a module worth doing for its own sake together with every module it needs first;
 * its score is the gain of the whole closure per minute of the closure's not-yet-chosen time. Gains
 * only shrink as the plan grows (the objective is submodular), so stale scores are upper bounds and
 * only the top of the queue is re-evaluated — except when a chosen module shortens a candidate's
 * closure: that candidate gets cheaper, so it is re-scored at once.
 */
import { closureOf, type PlanningProblem, reductionAt } from './problem.js';

const EPSILON = 1e-12;

/** A set of chosen modules and what it achieves. */
export class SelectionState {
  readonly selected: Uint8Array;
  readonly banned: Uint8Array;
  /** Chosen modules in the order they were added (prerequisites before dependants). */
  readonly order: number[] = [];
  readonly x: Float64Array;
  readonly reductions: Float64Array;
  readonly blendMinutes = new Float64Array(3);
  /** Minutes per modality (all of them, credited or not): what goes beyond a modality's share is penalised. */
  readonly modalityMinutes = new Float64Array(3);
  minutes = 0;
  evaluations = 0;
  /** Cost (minutes) found by the last `gainOf`. */
  lastCost = 0;
  private readonly dx: Float64Array;
  private readonly seen: Int32Array;
  private readonly touched: Int32Array;
  private stamp = 0;

  constructor(readonly problem: PlanningProblem) {
    this.selected = new Uint8Array(problem.nModules);
    this.banned = new Uint8Array(problem.nModules);
    this.x = new Float64Array(problem.nComp);
    this.reductions = new Float64Array(problem.nComp);
    this.dx = new Float64Array(problem.nComp);
    this.seen = new Int32Array(problem.nComp);
    this.touched = new Int32Array(problem.nComp);
  }

  get remaining(): number {
    return this.problem.budget - this.minutes;
  }

  /** Weighted expected-shortfall reduction of the chosen set. */
  reduction(): number {
    let total = 0;
    for (let c = 0; c < this.reductions.length; c++) total += this.reductions[c]!;
    return total;
  }

  blendBonus(): number {
    const p = this.problem;
    let total = 0;
    for (let i = 0; i < 3; i++) total += Math.min(this.blendMinutes[i]!, p.blendCap[i]!) - Math.max(0, this.modalityMinutes[i]! - p.blendCap[i]!);
    return p.blendScale * total;
  }

  /** The objective G: reduction plus blend bonus. */
  value(): number {
    return this.reduction() + this.blendBonus();
  }

  /** Gain of adding module m's closure; its cost in minutes is left in `lastCost` (Infinity when banned). */
  gainOf(m: number): number {
    const p = this.problem;
    const closure = closureOf(p, m);
    const stamp = ++this.stamp;
    let count = 0;
    let cost = 0;
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let t0 = 0;
    let t1 = 0;
    let t2 = 0;
    this.evaluations++;
    for (let i = 0; i < closure.length; i++) {
      const q = closure[i]!;
      if (this.selected[q]) continue;
      if (this.banned[q]) {
        this.lastCost = Infinity;
        return 0;
      }
      cost += p.minutes[q]!;
      const credit = p.blendCredit[q]!;
      const mod = p.modality[q]!;
      if (mod === 0) {
        d0 += credit;
        t0 += p.minutes[q]!;
      } else if (mod === 1) {
        d1 += credit;
        t1 += p.minutes[q]!;
      } else {
        d2 += credit;
        t2 += p.minutes[q]!;
      }
      for (let e = p.effStart[q]!; e < p.effStart[q + 1]!; e++) {
        const c = p.effComp[e]!;
        if (this.seen[c] !== stamp) {
          this.seen[c] = stamp;
          this.dx[c] = 0;
          this.touched[count++] = c;
        }
        this.dx[c] += p.effGain[e]!;
      }
    }
    this.lastCost = cost;
    let gain = 0;
    for (let i = 0; i < count; i++) {
      const c = this.touched[i]!;
      gain += reductionAt(p, c, this.x[c]! + this.dx[c]!) - this.reductions[c]!;
    }
    if (p.blendScale > 0) {
      const t = this.blendMinutes;
      const cap = p.blendCap;
      gain +=
        p.blendScale *
        (Math.min(t[0]! + d0, cap[0]!) - Math.min(t[0]!, cap[0]!) + Math.min(t[1]! + d1, cap[1]!) - Math.min(t[1]!, cap[1]!) + Math.min(t[2]! + d2, cap[2]!) - Math.min(t[2]!, cap[2]!));
      // Beyond its share of the budget, a modality's minutes cost as much as they would have earned below it.
      const m = this.modalityMinutes;
      gain -=
        p.blendScale *
        (Math.max(0, m[0]! + t0 - cap[0]!) - Math.max(0, m[0]! - cap[0]!) + Math.max(0, m[1]! + t1 - cap[1]!) - Math.max(0, m[1]! - cap[1]!) + Math.max(0, m[2]! + t2 - cap[2]!) - Math.max(0, m[2]! - cap[2]!));
    }
    return gain;
  }

  /** Chooses module m and everything it needs first; returns the newly chosen modules. */
  add(m: number): number[] {
    const added: number[] = [];
    for (const q of closureOf(this.problem, m)) if (!this.selected[q]) added.push(q);
    for (const q of added) this.addOne(q, false);
    this.refresh(added);
    return added;
  }

  /** Chooses one module whose prerequisites are already chosen or completed. */
  addOne(q: number, refresh = true): void {
    const p = this.problem;
    this.selected[q] = 1;
    this.order.push(q);
    this.minutes += p.minutes[q]!;
    this.blendMinutes[p.modality[q]!]! += p.blendCredit[q]!;
    this.modalityMinutes[p.modality[q]!]! += p.minutes[q]!;
    for (let e = p.effStart[q]!; e < p.effStart[q + 1]!; e++) this.x[p.effComp[e]!]! += p.effGain[e]!;
    if (refresh) this.refresh([q]);
  }

  private refresh(modules: readonly number[]): void {
    const p = this.problem;
    for (const q of modules) {
      for (let e = p.effStart[q]!; e < p.effStart[q + 1]!; e++) {
        const c = p.effComp[e]!;
        this.reductions[c] = reductionAt(p, c, this.x[c]!);
      }
    }
  }

  /** A new state holding the same chosen modules except `without` (their order kept). */
  rebuild(without: ReadonlySet<number> = new Set()): SelectionState {
    const next = new SelectionState(this.problem);
    next.banned.set(this.banned);
    for (const q of this.order) if (!without.has(q)) next.addOne(q, false);
    next.refresh(next.order);
    next.evaluations = this.evaluations;
    return next;
  }
}

const dependantsCache = new WeakMap<PlanningProblem, (number[] | undefined)[]>();

/** For each module, the candidates whose closure contains it (other than itself). */
function dependantsOf(p: PlanningProblem): (number[] | undefined)[] {
  let dependants = dependantsCache.get(p);
  if (dependants) return dependants;
  dependants = new Array(p.nModules);
  for (const m of p.candidates) {
    const closure = closureOf(p, m);
    for (let i = 0; i < closure.length - 1; i++) (dependants[closure[i]!] ??= []).push(m);
  }
  dependantsCache.set(p, dependants);
  return dependants;
}

/** A binary max-heap of candidate scores; ties go to the lower module index (deterministic plans). */
class ScoreHeap {
  private score: number[] = [];
  private module: number[] = [];
  private round: number[] = [];
  private version: number[] = [];

  get size(): number {
    return this.score.length;
  }

  private above(i: number, j: number): boolean {
    return this.score[i]! > this.score[j]! || (this.score[i] === this.score[j] && this.module[i]! < this.module[j]!);
  }

  private swap(i: number, j: number): void {
    const s = this.score[i]!;
    this.score[i] = this.score[j]!;
    this.score[j] = s;
    const m = this.module[i]!;
    this.module[i] = this.module[j]!;
    this.module[j] = m;
    const r = this.round[i]!;
    this.round[i] = this.round[j]!;
    this.round[j] = r;
    const v = this.version[i]!;
    this.version[i] = this.version[j]!;
    this.version[j] = v;
  }

  push(score: number, module: number, round: number, version: number): void {
    let i = this.score.length;
    this.score.push(score);
    this.module.push(module);
    this.round.push(round);
    this.version.push(version);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.above(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Removes the top entry into `out`. */
  pop(out: { score: number; module: number; round: number; version: number }): void {
    out.score = this.score[0]!;
    out.module = this.module[0]!;
    out.round = this.round[0]!;
    out.version = this.version[0]!;
    const last = this.score.length - 1;
    this.swap(0, last);
    this.score.pop();
    this.module.pop();
    this.round.pop();
    this.version.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < last && this.above(l, top)) top = l;
      if (r < last && this.above(r, top)) top = r;
      if (top === i) break;
      this.swap(i, top);
      i = top;
    }
  }
}

export interface GreedyReport {
  /** Candidates that fitted at the start, with their gain alone (for seeding). */
  singles: { module: number; gain: number }[];
  evaluations: number;
}

/** Cost-benefit lazy greedy from the given state (mutated). */
export function lazyGreedy(state: SelectionState): GreedyReport {
  const p = state.problem;
  const dependants = dependantsOf(p);
  const version = new Int32Array(p.nModules);
  // Closure cost at the last evaluation; it only changes with the closure, which bumps the version.
  const cost = new Float64Array(p.nModules);
  const heap = new ScoreHeap();
  let round = 0;
  const startEvaluations = state.evaluations;
  const singles: GreedyReport['singles'] = [];
  for (const m of p.candidates) {
    if (state.selected[m] || state.banned[m]) continue;
    const gain = state.gainOf(m);
    cost[m] = state.lastCost;
    if (cost[m]! > state.remaining || gain <= EPSILON) continue;
    singles.push({ module: m, gain });
    heap.push(gain / cost[m]!, m, round, 0);
  }
  const top = { score: 0, module: 0, round: 0, version: 0 };
  while (heap.size > 0) {
    heap.pop(top);
    const m = top.module;
    if (state.selected[m] || top.version !== version[m]) continue;
    if (top.round === round) {
      // Fresh: scored against the current plan, and no other candidate scores higher.
      if (top.score <= EPSILON) break;
      if (cost[m]! > state.remaining) continue;
      const added = state.add(m);
      round++;
      for (const q of added) {
        for (const d of dependants[q] ?? []) {
          if (state.selected[d] || state.banned[d]) continue;
          version[d]!++;
          const g = state.gainOf(d);
          cost[d] = state.lastCost;
          if (cost[d]! <= state.remaining && g > EPSILON) heap.push(g / cost[d]!, d, round, version[d]!);
        }
      }
      continue;
    }
    const gain = state.gainOf(m);
    cost[m] = state.lastCost;
    if (cost[m]! > state.remaining || gain <= EPSILON) continue;
    heap.push(gain / cost[m]!, m, round, version[m]!);
  }
  return { singles, evaluations: state.evaluations - startEvaluations };
}

export interface SelectOptions {
  /** Modules chosen before anything else (blind-spot awareness steps), when they fit. */
  forced?: readonly number[];
  /**
   * Improvements after the first greedy pass — seeded greedy (each good single closure first, then
   * greedy) and remove-and-refill local search: 'auto' (default) runs them within an evaluation
   * allowance on catalogues of up to IMPROVE_MAX_CANDIDATES candidates; true always, false never.
   */
  improve?: boolean | 'auto';
}

/** Gain evaluations the automatic improvements may spend, and the largest catalogue they run on. */
const IMPROVE_EVALUATIONS = 20_000;
const IMPROVE_MAX_CANDIDATES = 1_000;

/** Chooses modules: forced ones first, then lazy greedy, seeded greedy and local search. */
export function selectModules(p: PlanningProblem, options: SelectOptions = {}): SelectionState {
  let state = new SelectionState(p);
  for (const m of options.forced ?? []) {
    if (state.selected[m]) continue;
    state.gainOf(m);
    if (state.lastCost <= state.remaining) state.add(m);
  }
  const fixed = new Set(state.order);
  const base = state.rebuild();
  const report = lazyGreedy(state);
  const improve = options.improve ?? 'auto';
  if (improve === false || (improve === 'auto' && p.candidates.length > IMPROVE_MAX_CANDIDATES)) {
    // The best single closure alone can beat a greedy set under a knapsack budget: keep the safeguard.
    const best = report.singles.reduce((a, b) => (b.gain > a.gain ? b : a), { module: -1, gain: 0 });
    if (best.module >= 0 && best.gain > state.value() - base.value() + EPSILON) {
      const alternative = base.rebuild();
      alternative.add(best.module);
      lazyGreedy(alternative);
      if (alternative.value() > state.value()) state = alternative;
    }
    return state;
  }
  const allowance = improve === true ? Infinity : IMPROVE_EVALUATIONS;
  let used = 0;
  // Seeded greedy (partial enumeration of size one), the best single closures first. Ties keep module
  // order: the singles come in candidate order, which is module order, and the sort is stable.
  const seeds = report.singles.sort((a, b) => b.gain - a.gain);
  for (const seed of seeds) {
    if (used >= allowance) break;
    const trial = base.rebuild();
    trial.evaluations = 0;
    trial.add(seed.module);
    lazyGreedy(trial);
    used += trial.evaluations;
    const total = state.evaluations + trial.evaluations;
    if (trial.value() > state.value() + EPSILON) state = trial;
    state.evaluations = total;
  }
  return localSearch(state, fixed, Math.max(0, allowance - used));
}

/**
 * Remove-and-refill: drop one chosen module (and whatever needs it), forbid it, refill greedily;
 * keep the change when the objective improves. Repeats until no single removal helps or the
 * evaluation allowance is spent.
 */
function localSearch(start: SelectionState, fixed: ReadonlySet<number>, allowance: number): SelectionState {
  const p = start.problem;
  let state = start;
  const spent0 = state.evaluations;
  let improved = true;
  while (improved && state.evaluations - spent0 < allowance) {
    improved = false;
    for (const m of [...state.order]) {
      if (fixed.has(m) || state.evaluations - spent0 >= allowance) continue;
      const removed = new Set<number>([m]);
      for (const q of state.order) if (q !== m && closureOf(p, q).includes(m)) removed.add(q);
      const trial = state.rebuild(removed);
      trial.banned[m] = 1;
      lazyGreedy(trial);
      if (trial.value() > state.value() + 1e-9 * Math.max(1, state.value())) {
        trial.banned[m] = 0;
        state = trial;
        improved = true;
        break;
      }
      state.evaluations = trial.evaluations;
    }
  }
  return state;
}
