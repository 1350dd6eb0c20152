/**
 * Exact references for the planner's selection, for tests and benchmarks only (never shipped):
 *
 * - `solveExact`: a mixed-integer programme solved by HiGHS (WebAssembly, MIT). Binary z_m per module;
 *   each competency's concave reduction f_c(x_c), x_c = Σ g_mc z_m, is bounded by tangent lines
 *   y_c ≤ f_c(x̂) + f_c'(x̂)(x_c − x̂) on a fine grid (no extra binaries: concave terms need none); the
 *   blend bonus by u_k ≤ credited minutes, u_k ≤ cap_k, and its over-share penalty by v_k ≥ minutes − cap_k,
 *   v_k ≥ 0; plus the budget, prerequisites and forced
 *   modules. The solution is then re-valued with the true objective; `bound` is the MILP optimum, an
 *   upper bound on the true optimum.
 * - `solveExhaustive`: enumerates every prerequisite-closed set within the budget (small problems).
 */
import loadHighs from 'highs';
import { closureOf, type PlanningProblem, reductionAt } from '../../src/planner/problem.js';
import { SelectionState } from '../../src/planner/select.js';

export interface ExactSolution {
  modules: number[];
  /** True objective G of the solution. */
  value: number;
  /** Upper bound on the optimum (MILP objective with tangent cuts); equals `value` for exhaustive search. */
  bound: number;
  milliseconds: number;
}

/** The objective G of any set of modules (prerequisites are not checked here). */
export function valueOf(p: PlanningProblem, modules: Iterable<number>): number {
  const state = new SelectionState(p);
  for (const m of modules) state.addOne(m);
  return state.value();
}

/** Modules that can matter: every candidate's closure, plus forced modules' closures. */
function universe(p: PlanningProblem, forced: readonly number[]): number[] {
  const set = new Set<number>();
  for (const m of [...p.candidates, ...forced]) for (const q of closureOf(p, m)) set.add(q);
  return [...set].sort((a, b) => a - b);
}

/** Prerequisite constraints that are not yet satisfied by completed modules. */
function firstLinks(p: PlanningProblem, m: number): number[] {
  return p.analysis.index.before[m]!.filter((q) => !p.completed[q]);
}

function slope(p: PlanningProblem, c: number, x: number): number {
  // f_c'(x) = Σ W_k Φ((T_k − μ − x)/σ), by finite differences on the same f the planner uses.
  const h = 1e-6;
  return (reductionAt(p, c, x + h) - reductionAt(p, c, Math.max(0, x - h))) / (x + h - Math.max(0, x - h));
}

const num = (x: number): string => {
  const s = Number.isInteger(x) ? String(x) : x.toPrecision(14);
  return s.includes('e') ? x.toFixed(14) : s;
};

let highsPromise: ReturnType<typeof loadHighs> | undefined;

export async function solveExact(p: PlanningProblem, forced: readonly number[] = [], options: { step?: number; timeLimit?: number } = {}): Promise<ExactSolution> {
  const started = performance.now();
  const highs = await (highsPromise ??= loadHighs());
  const mods = universe(p, forced);
  const step = options.step ?? 0.01;
  const xmax = new Float64Array(p.nComp);
  const gainTerms: { c: number; m: number; g: number }[] = [];
  for (const m of mods) {
    for (let e = p.effStart[m]!; e < p.effStart[m + 1]!; e++) {
      const c = p.effComp[e]!;
      xmax[c]! += p.effGain[e]!;
      gainTerms.push({ c, m, g: p.effGain[e]! });
    }
  }
  const gainsOf: { m: number; g: number }[][] = Array.from({ length: p.nComp }, () => []);
  for (const t of gainTerms) gainsOf[t.c]!.push({ m: t.m, g: t.g });
  const rows: string[] = [];
  let r = 0;
  const objective: string[] = [];
  for (let c = 0; c < p.nComp; c++) {
    if (gainsOf[c]!.length === 0) continue;
    objective.push(`+ y${c}`);
    const points = Math.min(2000, Math.max(8, Math.ceil(xmax[c]! / step)));
    for (let j = 0; j <= points; j++) {
      const x0 = (xmax[c]! * j) / points;
      const f0 = reductionAt(p, c, x0);
      const d = slope(p, c, x0);
      // y_c − d·Σ g z ≤ f0 − d·x0
      const lhs = [`y${c}`, ...gainsOf[c]!.map(({ m, g }) => `- ${num(d * g)} z${m}`)];
      rows.push(` t${r++}: ${lhs.join(' ')} <= ${num(f0 - d * x0)}`);
    }
  }
  if (p.blendScale > 0) {
    for (let k = 0; k < 3; k++) {
      const credited = mods.filter((m) => p.modality[m] === k && p.blendCredit[m]! > 0);
      objective.push(`+ ${num(p.blendScale)} u${k}`);
      rows.push(` b${k}: u${k}${credited.map((m) => ` - ${num(p.blendCredit[m]!)} z${m}`).join('')} <= 0`);
      const all = mods.filter((m) => p.modality[m] === k);
      objective.push(`- ${num(p.blendScale)} v${k}`);
      rows.push(` o${k}: v${k}${all.map((m) => ` - ${num(p.minutes[m]!)} z${m}`).join('')} >= ${num(-p.blendCap[k]!)}`);
    }
  }
  rows.push(` budget: ${mods.map((m) => `${num(p.minutes[m]!)} z${m}`).join(' + ') || '0 z0'} <= ${num(p.budget)}`);
  for (const m of mods) for (const q of firstLinks(p, m)) rows.push(` p${r++}: z${m} - z${q} <= 0`);
  const forcedSet = new Set(forced.flatMap((f) => [...closureOf(p, f)]));
  const bounds = [
    ...mods.map((m) => (forcedSet.has(m) ? ` z${m} = 1` : ` 0 <= z${m} <= 1`)),
    ...(p.blendScale > 0 ? [0, 1, 2].map((k) => ` 0 <= u${k} <= ${num(p.blendCap[k]!)}`) : []),
    ...(p.blendScale > 0 ? [0, 1, 2].map((k) => ` v${k} >= 0`) : []),
    ...Array.from({ length: p.nComp }, (_, c) => c).filter((c) => gainsOf[c]!.length > 0).map((c) => ` y${c} >= 0`),
  ];
  const lp = ['Maximize', ` obj: ${objective.join(' ') || '0 z0'}`, 'Subject To', ...rows, 'Bounds', ...bounds, 'Binary', ` ${mods.map((m) => `z${m}`).join(' ')}`, 'End'].join('\n');
  const solution = highs.solve(lp, { mip_rel_gap: 1e-7, time_limit: options.timeLimit ?? 120, output_flag: false });
  if (solution.Status !== 'Optimal') throw new Error(`HiGHS ended with status ${solution.Status}`);
  const chosen = mods.filter((m) => (solution.Columns[`z${m}`]?.Primal ?? 0) > 0.5);
  return { modules: chosen, value: valueOf(p, topological(p, chosen)), bound: solution.ObjectiveValue, milliseconds: performance.now() - started };
}

/** Orders modules so that each comes after the modules it needs first. */
function topological(p: PlanningProblem, modules: number[]): number[] {
  const set = new Set(modules);
  const out: number[] = [];
  const seen = new Set<number>();
  const visit = (m: number): void => {
    if (seen.has(m) || !set.has(m)) return;
    seen.add(m);
    for (const q of firstLinks(p, m)) visit(q);
    out.push(m);
  };
  modules.forEach(visit);
  return out;
}

/** Every prerequisite-closed set within the budget; practical up to ~25 modules in the universe. */
export function solveExhaustive(p: PlanningProblem, forced: readonly number[] = []): ExactSolution {
  const started = performance.now();
  const mods = topological(p, universe(p, forced));
  const forcedSet = new Set(forced.flatMap((f) => [...closureOf(p, f)]));
  if (mods.length > 30) throw new Error(`exhaustive search over ${mods.length} modules is too large`);
  let best: number[] = [];
  let bestValue = -Infinity;
  const chosen = new Set<number>();
  const walk = (i: number, minutes: number): void => {
    if (i === mods.length) {
      const value = valueOf(p, [...chosen]);
      if (value > bestValue) {
        bestValue = value;
        best = [...chosen];
      }
      return;
    }
    const m = mods[i]!;
    const feasible = minutes + p.minutes[m]! <= p.budget && firstLinks(p, m).every((q) => chosen.has(q));
    if (feasible) {
      chosen.add(m);
      walk(i + 1, minutes + p.minutes[m]!);
      chosen.delete(m);
    }
    if (!forcedSet.has(m)) walk(i + 1, minutes);
  };
  walk(0, 0);
  return { modules: best, value: bestValue, bound: bestValue, milliseconds: performance.now() - started };
}
