/**
 * The learner-independent part of planning, compiled once per model object: ids to indices, each
 * module's effects as θ ranges, and prerequisite links. Cached in a WeakMap, so re-planning and
 * planning for many learners reuse it (a model is treated as immutable once validated).
 */
import { modalityOf } from '../model/defaults.js';
import { LEVEL_SPACING, levelIndex, levelToTheta, scaleOf } from '../model/levels.js';
import type { Model, Module, Role, Scale } from '../model/types.js';
import { MODALITY_ORDER } from './settings.js';

export interface ModelIndex {
  readonly model: Model;
  readonly competencyIds: readonly string[];
  readonly competencyIndex: ReadonlyMap<string, number>;
  readonly scales: readonly Scale[];
  readonly roles: ReadonlyMap<string, Role>;
  readonly modules: readonly Module[];
  readonly moduleIndex: ReadonlyMap<string, number>;
  readonly minutes: Float64Array;
  /** Index into MODALITY_ORDER. */
  readonly modality: Uint8Array;
  /** Effects of module m are effStart[m] … effStart[m+1]−1. */
  readonly effStart: Int32Array;
  readonly effCompetency: Int32Array;
  /** Bottom of the pitch: the lower edge of the `from` level's band (θ). */
  readonly effLow: Float64Array;
  /** Where the module brings a learner: θ of a person typical for the `to` level. */
  readonly effHigh: Float64Array;
  /** Modules to complete first: `prerequisites` plus the module a revisit revisits. */
  readonly before: readonly (readonly number[])[];
  /** Modules developing each competency (by competency index). */
  readonly modulesByCompetency: readonly (readonly number[])[];
}

const cache = new WeakMap<Model, ModelIndex>();

export function indexModel(model: Model): ModelIndex {
  const cached = cache.get(model);
  if (cached) return cached;
  const index = buildIndex(model);
  cache.set(model, index);
  return index;
}

function buildIndex(model: Model): ModelIndex {
  const competencyIds = model.competencies.map((c) => c.id);
  const competencyIndex = new Map(competencyIds.map((id, i) => [id, i]));
  const scales = model.competencies.map((c) => scaleOf(model, c));
  const modules = model.modules;
  const moduleIndex = new Map(modules.map((m, i) => [m.id, i]));
  const n = modules.length;
  const minutes = new Float64Array(n);
  const modality = new Uint8Array(n);
  const effStart = new Int32Array(n + 1);
  let effects = 0;
  for (const m of modules) effects += m.develops.length;
  const effCompetency = new Int32Array(effects);
  const effLow = new Float64Array(effects);
  const effHigh = new Float64Array(effects);
  const before: number[][] = [];
  const modulesByCompetency: number[][] = competencyIds.map(() => []);
  let e = 0;
  for (let m = 0; m < n; m++) {
    const module = modules[m]!;
    minutes[m] = module.minutes;
    modality[m] = MODALITY_ORDER.indexOf(modalityOf(module));
    effStart[m] = e;
    for (const d of module.develops) {
      const c = competencyIndex.get(d.competency) ?? -1;
      effCompetency[e] = c;
      if (c >= 0) {
        const scale = scales[c]!;
        const from = d.from !== undefined && levelIndex(scale, d.from) >= 0 ? d.from : scale.levels[0]!.level;
        effLow[e] = levelToTheta(scale, from) - LEVEL_SPACING / 2;
        effHigh[e] = levelIndex(scale, d.to) >= 0 ? levelToTheta(scale, d.to) : effLow[e]!;
        modulesByCompetency[c]!.push(m);
      }
      e++;
    }
    const first: number[] = [];
    for (const p of module.prerequisites ?? []) {
      const pi = moduleIndex.get(p);
      if (pi !== undefined && pi !== m) first.push(pi);
    }
    if (module.revisits !== undefined) {
      const ri = moduleIndex.get(module.revisits);
      if (ri !== undefined && ri !== m && !first.includes(ri)) first.push(ri);
    }
    before.push(first);
  }
  effStart[n] = e;
  return {
    model,
    competencyIds,
    competencyIndex,
    scales,
    roles: new Map(model.roles.map((r) => [r.id, r])),
    modules,
    moduleIndex,
    minutes,
    modality,
    effStart,
    effCompetency,
    effLow,
    effHigh,
    before,
    modulesByCompetency,
  };
}
