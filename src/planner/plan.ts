/**
 * From assessment results to an ordered, explained pathway: gap analysis → selection problem →
 * modules chosen → ordered → explained. Never throws for inputs it cannot plan: what could not be
 * covered, and why, is part of the plan.
 */
import { decide, decisionThresholds } from '../assessment/decision.js';
import type { AssessmentResults } from '../assessment/types.js';
import { DEFAULT_BLEND, DEFAULT_REVISIT_DAYS, modalityOf } from '../model/defaults.js';
import type { Modality, Model, Module } from '../model/types.js';
import { blindSpotReason, evidenceReason, settleOf } from './explain.js';
import { pitchEfficacy } from './gain.js';
import { type Analysis, analyse, type GapOptions, publicAnalysis } from './gaps.js';
import { indexModel, type ModelIndex } from './model-index.js';
import { expectedShortfall, probabilityAtLeast } from './normal.js';
import { orderModules } from './order.js';
import { closureOf, COVER_ANY, COVER_COMPLETED, COVER_REACHABLE, COVER_USEFUL, compileProblem, type PlanningProblem } from './problem.js';
import { type SelectionState, selectModules } from './select.js';
import { byId, DEFAULT_BLEND_STRENGTH, DEFAULT_BUDGET_MINUTES, MODALITY_ORDER } from './settings.js';
import type { Gap, Plan, PlanStep, Readiness, Reason, RoleSlot, Uncovered } from './types.js';

export interface PlanOptions extends GapOptions {
  /** Time budget in minutes (default: the model's `planning.budgetMinutes`, else 720). */
  budgetMinutes?: number;
  /** Modules the learner has already completed: never proposed, and they satisfy prerequisites. */
  completed?: readonly string[];
  /** Target modality blend (shares of time; default: the model's `planning.blend`, else 70/20/10). */
  blend?: Partial<Record<Modality, number>>;
  /** Weight of the blend bonus (default 0.05; 0 ignores the blend). */
  blendStrength?: number;
  /** Seeded greedy and local search after the greedy pass: 'auto' (default) within a time allowance, true always, false never. */
  improve?: boolean | 'auto';
}

export interface ReplanOptions extends PlanOptions {
  /** Modules of the previous plan (or others) now done; steps already marked done stay done. */
  done?: readonly string[];
}

const EPSILON = 1e-9;

/** Plans a pathway for one learner. */
export function planPathway(model: Model, results: AssessmentResults, options: PlanOptions = {}): Plan {
  const index = indexModel(model);
  const notes: Reason[] = [];
  const completed = moduleSet(index, options.completed ?? [], notes);
  const budget = resolveBudget(model, options.budgetMinutes, notes);
  return build(index, results, options, { completed, budget, notes, kept: [], totalBudget: budget });
}

/**
 * Updates a plan after progress or new evidence. Steps done (marked in `previous` or listed in
 * `options.done`) stay, in their order, marked done; the rest is planned again around them with what
 * is left of the budget. When the results are the ones the previous plan was made from, the done
 * steps' expected gains are applied to the estimates (predicted progress); new results are taken as
 * they are, since new evidence already reflects what the learner did.
 */
export function replan(model: Model, previous: Plan, results: AssessmentResults, options: ReplanOptions = {}): Plan {
  const index = indexModel(model);
  const notes: Reason[] = [];
  const doneIds = new Set([...previous.steps.filter((s) => s.status === 'done').map((s) => s.module), ...(options.done ?? [])]);
  const kept: PlanStep[] = previous.steps.filter((s) => doneIds.has(s.module)).map((s) => ({ ...s, status: 'done' as const }));
  const inPlan = new Set(previous.steps.map((s) => s.module));
  for (const id of options.done ?? []) if (!inPlan.has(id) && index.moduleIndex.has(id)) notes.push({ code: 'done-outside-plan', params: { module: id } });
  const completed = moduleSet(index, [...doneIds, ...(options.completed ?? [])], notes);
  const totalBudget = resolveBudget(model, options.budgetMinutes ?? previous.budgetMinutes, notes);
  const spent = kept.reduce((n, s) => n + s.minutes, 0);
  let predicted: Map<string, number> | undefined;
  if (kept.length > 0) {
    if (previous.basis !== undefined && previous.basis === resultsFingerprint(results)) {
      predicted = new Map();
      for (const step of kept) for (const d of step.develops) predicted.set(d.competency, (predicted.get(d.competency) ?? 0) + d.expectedGain);
      notes.push({ code: 'predicted-progress', params: { steps: kept.length } });
    } else {
      notes.push({ code: 'new-evidence', params: { steps: kept.length } });
    }
  }
  const roles: PlanOptions = {
    ...options,
    ...(options.currentRole ?? previous.currentRole ? { currentRole: options.currentRole ?? previous.currentRole } : {}),
    ...(options.targetRole ?? previous.targetRole ? { targetRole: options.targetRole ?? previous.targetRole } : {}),
  };
  return build(index, results, roles, { completed, budget: Math.max(0, totalBudget - spent), notes, kept, totalBudget, ...(predicted ? { predicted } : {}) });
}

/** A short, stable fingerprint of results (model, estimates, items answered). */
export function resultsFingerprint(results: AssessmentResults): string {
  const parts = [results?.model?.id, results?.model?.version, results?.itemsAnswered, results?.currentRole, results?.targetRole];
  const competencies = Array.isArray(results?.competencies) ? [...results.competencies] : [];
  competencies.sort((a, b) => byId(String(a?.competency), String(b?.competency)));
  for (const c of competencies) parts.push(`${c?.competency}:${Number(c?.theta).toFixed(6)}:${Number(c?.sd).toFixed(6)}`);
  let hash = 0x811c9dc5;
  const text = parts.join('|');
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `fnv1a:${hash.toString(16).padStart(8, '0')}`;
}

function moduleSet(index: ModelIndex, ids: readonly string[], notes: Reason[]): Set<number> {
  const set = new Set<number>();
  for (const id of ids) {
    const m = index.moduleIndex.get(id);
    if (m === undefined) notes.push({ code: 'unknown-module', params: { module: String(id) } });
    else set.add(m);
  }
  return set;
}

function resolveBudget(model: Model, requested: number | undefined, notes: Reason[]): number {
  let budget = requested ?? model.planning?.budgetMinutes;
  if (budget === undefined || !Number.isFinite(budget)) {
    budget = DEFAULT_BUDGET_MINUTES;
    notes.push({ code: 'default-budget', params: { minutes: budget } });
  }
  return Math.max(0, budget);
}

function blendOf(model: Model, requested: PlanOptions['blend']): Record<Modality, number> {
  const raw = { ...DEFAULT_BLEND, ...(model.planning?.blend ?? {}), ...(requested ?? {}) };
  const total = MODALITY_ORDER.reduce((s, m) => s + Math.max(0, raw[m] ?? 0), 0);
  return Object.fromEntries(MODALITY_ORDER.map((m) => [m, total > 0 ? Math.max(0, raw[m] ?? 0) / total : 0])) as Record<Modality, number>;
}

interface BuildContext {
  completed: Set<number>;
  /** Budget for new steps. */
  budget: number;
  /** The plan's whole budget (done steps included). */
  totalBudget: number;
  notes: Reason[];
  kept: PlanStep[];
  predicted?: Map<string, number>;
}

function build(index: ModelIndex, results: AssessmentResults, options: PlanOptions, context: BuildContext): Plan {
  const model = index.model;
  const analysis = analyse(index, results, options, context.predicted);
  const notes = [...analysis.notes, ...context.notes];
  const problem = compileProblem(analysis, {
    budget: context.budget,
    completed: context.completed,
    blend: blendOf(model, options.blend),
    blendStrength: Math.max(0, options.blendStrength ?? DEFAULT_BLEND_STRENGTH),
  });
  const { gaps, strengths, roleWeights } = publicAnalysis(analysis);
  if (context.budget <= 0) notes.push({ code: 'zero-budget', params: { minutes: context.totalBudget } });
  if (gaps.length === 0 && (analysis.current || analysis.target)) notes.push({ code: 'no-gaps', params: {} });
  const forced = context.budget > 0 ? awarenessSeeds(problem, gaps, notes) : [];
  const selection = context.budget > 0 && problem.candidates.length + forced.length > 0 ? selectModules(problem, { forced, improve: options.improve ?? 'auto' }) : undefined;
  const blindSpots = new Set(gaps.filter((g) => g.blindSpot).map((g) => index.competencyIndex.get(g.competency)!));
  const steps = selection ? stepsOf(problem, selection, blindSpots) : [];
  const all = [...context.kept, ...steps];
  const blend = Object.fromEntries(MODALITY_ORDER.map((m) => [m, 0])) as Record<Modality, number>;
  for (const s of all) blend[s.modality] += s.minutes;
  markWorkedOn(notes, all);
  const reduction = selection ? selection.reduction() : 0;
  return {
    format: 'pathway-plan/1',
    model: { id: model.id, version: model.version },
    ...(analysis.current ? { currentRole: analysis.current.id } : {}),
    ...(analysis.target ? { targetRole: analysis.target.id } : {}),
    budgetMinutes: context.totalBudget,
    totalMinutes: all.reduce((n, s) => n + s.minutes, 0),
    blend,
    gaps,
    strengths,
    steps: all,
    uncovered: uncoveredOf(problem, gaps, all, context),
    ...readinessOf(problem, selection, model),
    settle: analysis.terms.filter((t) => t.decision === 'unsure' && t.roleWeight > 0).map((t) => settleOf(analysis, t)),
    notes,
    objective: { before: problem.totalShortfall, after: Math.max(0, problem.totalShortfall - reduction) },
    basis: resultsFingerprint(results),
    roleWeights,
  };
}

/**
 * Readiness for the role aimed at (the current role when there is no target): each requirement's
 * decision now, and the chance it is met once the pathway is done — the chosen steps' expected gains
 * added to the estimate (completed steps are already in it), decided with the model's thresholds.
 */
function readinessOf(p: PlanningProblem, selection: SelectionState | undefined, model: Model): { readiness?: Readiness } {
  const analysis = p.analysis;
  const slot: RoleSlot | undefined = analysis.target ? 'target' : analysis.current ? 'current' : undefined;
  const role = slot === 'target' ? analysis.target : analysis.current;
  if (!slot || !role) return {};
  const thresholds = decisionThresholds(model);
  const requirements = analysis.terms
    .filter((t) => t.slot === slot)
    .map((t) => {
      const state = analysis.states.get(t.competency)!;
      const local = p.compLocal[t.competency]!;
      const shift = selection && local >= 0 ? selection.x[local]! : 0;
      const pMeetsAfter = shift > 0 ? Math.max(t.pMeets, probabilityAtLeast(t.threshold, state.mean + shift, state.sd)) : t.pMeets;
      return {
        competency: analysis.index.competencyIds[t.competency]!,
        requiredLevel: t.requiredLevel,
        critical: t.critical,
        pMeets: t.pMeets,
        decision: t.decision,
        pMeetsAfter,
        decisionAfter: shift > 0 ? decide(pMeetsAfter, thresholds).decision : t.decision,
      };
    });
  return { readiness: { role: role.id, slot, requirements } };
}

/**
 * A blind spot without an awareness module may still be worked on by other steps; the note says which
 * (`worked`), so that it never tells the learner nothing addresses what a step says it addresses.
 */
function markWorkedOn(notes: Reason[], steps: readonly PlanStep[]): void {
  for (const note of notes) {
    if (note.code !== 'no-awareness-module') continue;
    note.params.worked = steps.some((s) => s.develops.some((d) => d.competency === note.params.competency && d.expectedGain > 0));
  }
}

/** For each blind spot with a gap, the cheapest awareness module for it (awareness comes first). Exported for the optimality benchmark's exact reference. */
export function awarenessSeeds(p: PlanningProblem, gaps: readonly Gap[], notes: Reason[]): number[] {
  const index = p.analysis.index;
  const seeds: number[] = [];
  let minutes = 0;
  const seen = new Set<string>();
  for (const gap of gaps) {
    if (!gap.blindSpot || seen.has(gap.competency)) continue;
    seen.add(gap.competency);
    const c = index.competencyIndex.get(gap.competency)!;
    let best = -1;
    let bestCost = Infinity;
    let done = false;
    for (const m of index.modulesByCompetency[c]!) {
      if (!index.modules[m]!.awareness) continue;
      if (p.completed[m]) {
        done = true;
        continue;
      }
      const cost = closureOf(p, m).reduce((n, q) => n + p.minutes[q]!, 0);
      if (cost < bestCost || (cost === bestCost && p.ownValue[m]! > p.ownValue[best]!)) {
        best = m;
        bestCost = cost;
      }
    }
    if (done) continue; // an awareness step for it is already behind the learner
    if (best < 0) notes.push({ code: 'no-awareness-module', params: { competency: gap.competency } });
    else if (seeds.includes(best)) continue;
    else if (minutes + bestCost > p.budget) notes.push({ code: 'awareness-over-budget', params: { competency: gap.competency, module: index.modules[best]!.id, minutes: bestCost } });
    else {
      seeds.push(best);
      minutes += bestCost;
    }
  }
  return seeds;
}

/** Per chosen module: its attributed share of each term's reduction (order-independent). */
function attribute(p: PlanningProblem, selection: SelectionState): Map<number, Map<number, number>> {
  const shares = new Map<number, Map<number, number>>();
  const termReduction = new Float64Array(p.termBase.length);
  for (let c = 0; c < p.nComp; c++) {
    if (selection.x[c] === 0) continue;
    for (let k = p.termStart[c]!; k < p.termStart[c + 1]!; k++) {
      termReduction[k] = p.termBase[k]! - expectedShortfall(p.termThreshold[k]!, p.mean[c]! + selection.x[c]!, p.sd[c]!);
    }
  }
  for (const m of selection.order) {
    const own = new Map<number, number>();
    for (let e = p.effStart[m]!; e < p.effStart[m + 1]!; e++) {
      const c = p.effComp[e]!;
      const share = p.effGain[e]! / selection.x[c]!;
      for (let k = p.termStart[c]!; k < p.termStart[c + 1]!; k++) own.set(k, (own.get(k) ?? 0) + share * termReduction[k]!);
    }
    shares.set(m, own);
  }
  return shares;
}

/** `blindSpots`: competencies (model index) with a blind spot and a gap. */
function stepsOf(p: PlanningProblem, selection: SelectionState, blindSpots: ReadonlySet<number>): PlanStep[] {
  const analysis = p.analysis;
  const index = analysis.index;
  const shares = attribute(p, selection);
  const valueOf = (m: number): number => {
    let v = 0;
    for (const [k, r] of shares.get(m)!) v += p.termWeight[k]! * r;
    return v;
  };
  // The blind spots a step works on: an awareness module's own, or ones the module is expected to move;
  // a step must not claim a blind spot it does nothing for.
  const blindSpotComps = (m: number): number[] => {
    const module = index.modules[m]!;
    const on = module.awareness ? module.develops.map((d) => index.competencyIndex.get(d.competency)).filter((c): c is number => c !== undefined && blindSpots.has(c)) : [];
    for (let e = p.effStart[m]!; e < p.effStart[m + 1]!; e++) {
      const c = p.compGlobal[p.effComp[e]!]!;
      if (p.effGain[e]! > 0 && blindSpots.has(c) && !on.includes(c)) on.push(c);
    }
    return on;
  };
  const ordered = orderModules({
    modules: selection.order,
    before: index.before,
    priorityClass: (m) => {
      const awareness = index.modules[m]!.awareness === true;
      const blind = blindSpotComps(m).length > 0;
      return awareness && blind ? 0 : awareness || blind ? 1 : 2;
    },
    valuePerHour: (m) => valueOf(m) / (p.minutes[m]! / 60),
  });
  const inPlan = new Set(selection.order);
  return ordered.order.map((m) => {
    const module = index.modules[m]!;
    const value = valueOf(m);
    const gains = new Map<string, number>();
    for (let e = p.effStart[m]!; e < p.effStart[m + 1]!; e++) {
      const id = index.competencyIds[p.compGlobal[p.effComp[e]!]!]!;
      gains.set(id, (gains.get(id) ?? 0) + p.effGain[e]!);
    }
    const unlocks = ordered.unlocks.get(m)!.map((d) => index.modules[d]!.id);
    const modality = modalityOf(module);
    const revisit = module.revisits !== undefined ? { module: module.revisits, afterDays: module.revisitAfterDays ?? DEFAULT_REVISIT_DAYS } : undefined;
    return {
      module: module.id,
      kind: module.kind,
      modality,
      minutes: module.minutes,
      develops: [...gains].map(([competency, expectedGain]) => ({ competency, expectedGain })),
      unlocks,
      awareness: module.awareness === true,
      ...(revisit ? { revisit } : {}),
      value,
      status: 'todo' as const,
      priorityClass: ordered.priorityClass.get(m)!,
      explanation: {
        why: whyOf(p, m, shares.get(m)!, blindSpotComps(m), unlocks, revisit),
        what: whatOf(analysis, m, gains),
        how: howOf(module, modality, revisit, (id) => inPlan.has(index.moduleIndex.get(id)!)),
      },
    };
  });
}

function howOf(module: Module, modality: Modality, revisit: PlanStep['revisit'], inPlan: (id: string) => boolean): Reason[] {
  const how: Reason[] = [
    { code: 'modality', params: { modality, kind: module.kind } },
    { code: 'time', params: { minutes: module.minutes } },
    { code: 'first-action', params: { module: module.id } },
  ];
  if (module.url) how.push({ code: 'launch', params: { module: module.id, url: module.url } });
  for (const q of module.prerequisites ?? []) if (inPlan(q)) how.push({ code: 'do-after', params: { module: q } });
  if (revisit) how.push({ code: 'schedule-after', params: { module: revisit.module, afterDays: revisit.afterDays } });
  return how;
}

function whyOf(p: PlanningProblem, m: number, shares: Map<number, number>, blindSpots: number[], unlocks: string[], revisit: PlanStep['revisit']): Reason[] {
  const analysis = p.analysis;
  const index = analysis.index;
  const module = index.modules[m]!;
  const why: Reason[] = blindSpots.map((c) => blindSpotReason(analysis, c));
  if (module.awareness) {
    const first = blindSpots[0] ?? index.competencyIndex.get(module.develops[0]!.competency);
    why.push({ code: 'awareness', params: { competency: first !== undefined ? index.competencyIds[first]! : module.develops[0]!.competency } });
  }
  const gaps: { competency: number; reason: Reason }[] = [];
  for (const [k, reduction] of shares) {
    if (!(reduction > EPSILON)) continue;
    const term = analysis.terms[p.termSource[k]!]!;
    const state = analysis.states.get(term.competency)!;
    const reason: Reason = {
      code: 'closes-gap',
      params: {
        competency: index.competencyIds[term.competency]!,
        role: term.role,
        slot: term.slot,
        requiredLevel: term.requiredLevel,
        critical: term.critical,
        theta: state.mean,
        pMeets: term.pMeets,
        decision: term.decision,
        expectedShortfall: term.shortfall,
        reduction,
        share: reduction / term.shortfall,
        weight: term.weight,
        value: term.weight * reduction,
      },
    };
    gaps.push({ competency: term.competency, reason });
  }
  gaps.sort((a, b) => (b.reason.params.value as number) - (a.reason.params.value as number));
  why.push(...gaps.map((g) => g.reason));
  // The evidence behind each competency named, in the order named.
  for (const c of new Set([...blindSpots, ...gaps.map((g) => g.competency)])) why.push(evidenceReason(index.competencyIds[c]!, analysis.states.get(c)!));
  for (const u of unlocks) why.push({ code: 'prerequisite-for', params: { module: u } });
  if (revisit) why.push({ code: 'revisit', params: { module: revisit.module, afterDays: revisit.afterDays } });
  return why;
}

function whatOf(analysis: Analysis, m: number, gains: Map<string, number>): Reason[] {
  const index = analysis.index;
  const module = index.modules[m]!;
  const what: Reason[] = [{ code: 'module', params: { module: module.id, kind: module.kind } }];
  module.develops.forEach((d, i) => {
    const c = index.competencyIndex.get(d.competency);
    const state = c !== undefined ? analysis.states.get(c) : undefined;
    const e = index.effStart[m]! + i;
    what.push({
      code: 'develops',
      params: {
        competency: d.competency,
        ...(d.from !== undefined ? { from: d.from } : {}),
        to: d.to,
        expectedGain: gains.get(d.competency) ?? 0,
        ...(state ? { efficacy: pitchEfficacy(state.mean, index.effLow[e]!) } : {}),
      },
    });
  });
  return what;
}

function uncoveredOf(p: PlanningProblem, gaps: readonly Gap[], steps: readonly PlanStep[], context: BuildContext): Uncovered[] {
  const index = p.analysis.index;
  const developed = new Set<string>();
  for (const s of steps) {
    if (s.status === 'done') {
      const m = index.moduleIndex.get(s.module);
      for (const d of m !== undefined ? index.modules[m]!.develops : s.develops) developed.add(d.competency);
    }
    else for (const d of s.develops) if (d.expectedGain > 0) developed.add(d.competency);
    // An awareness step addresses its blind spot (from unconscious to conscious), whatever its gain.
    if (s.awareness) for (const r of s.explanation.why) if (r.code === 'blind-spot') developed.add(String(r.params.competency));
  }
  const uncovered: Uncovered[] = [];
  for (const gap of gaps) {
    if (developed.has(gap.competency)) continue;
    const g = index.competencyIndex.get(gap.competency)!;
    const c = p.compLocal[g]!;
    const flags = c >= 0 ? p.coverage[c]! : 0;
    const base = { competency: gap.competency, requiredLevel: gap.requiredLevel };
    let reason: Reason;
    if (c < 0) reason = { code: 'zero-weight', params: { ...base, role: gap.role } };
    else if (context.budget <= 0) reason = { code: 'zero-budget', params: { ...base, minutes: context.totalBudget } };
    else if (!(flags & COVER_ANY)) reason = { code: 'no-module', params: base };
    else if (!(flags & COVER_REACHABLE)) {
      const allCompleted = flags & COVER_COMPLETED && index.modulesByCompetency[g]!.every((m) => p.completed[m]);
      reason = allCompleted ? { code: 'modules-completed', params: base } : { code: 'out-of-reach', params: { ...base, level: gap.level } };
    }
    else if (!(flags & COVER_USEFUL)) {
      const highest = Math.max(...index.modulesByCompetency[g]!.flatMap((m) => index.modules[m]!.develops.filter((d) => d.competency === gap.competency).map((d) => d.to)));
      reason = { code: 'no-module-reaches', params: { ...base, highestLevel: highest, level: gap.level } };
    } else {
      let cheapest = Infinity;
      for (const m of index.modulesByCompetency[g]!) {
        if (p.completed[m] || !helps(p, m, c)) continue;
        cheapest = Math.min(cheapest, closureOf(p, m).reduce((n, q) => n + p.minutes[q]!, 0));
      }
      reason = { code: 'budget', params: { ...base, minutes: cheapest, budgetMinutes: context.budget } };
    }
    uncovered.push({ competency: gap.competency, role: gap.role, reason });
  }
  // One entry per competency: its highest requirement (the gaps come ordered by priority, not level).
  const highest = new Map<string, Uncovered>();
  for (const u of uncovered) {
    const seen = highest.get(u.competency);
    if (!seen || Number(u.reason.params.requiredLevel ?? 0) > Number(seen.reason.params.requiredLevel ?? 0)) highest.set(u.competency, u);
  }
  return uncovered.filter((u) => highest.get(u.competency) === u);
}

/** Whether module m is expected to move local competency c. */
function helps(p: PlanningProblem, m: number, c: number): boolean {
  for (let e = p.effStart[m]!; e < p.effStart[m + 1]!; e++) if (p.effComp[e] === c && p.effGain[e]! > 0) return true;
  return false;
}
