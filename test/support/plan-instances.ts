/**
 * Generated planning instances (seeded), shaped like the research notes' synthetic data
 * (../shared/research/assessment-and-planning-engine.md §4.2): roles of up to 40 required
 * competencies with weights 1–3, modules of every kind with 1–3 effects, realistic minutes per kind,
 * 20% with a prerequisite, some reflections revisiting a course; a learner with θ ~ N(0, 0.3²),
 * 60% of competencies assessed (SD 0.25–0.35), the rest at the prior (SD 1).
 */
import type { AssessmentResults } from '../../src/assessment/types.js';
import type { Model, Module, ModuleKind } from '../../src/model/types.js';
import { random } from './random.js';
import { buildResults, type CompetencySpec } from './results-builder.js';

export interface InstanceSpec {
  competencies: number;
  modules: number;
  roles: number;
  seed: number;
  budgetMinutes: number;
  requirementsPerRole?: number;
  prerequisiteShare?: number;
  assessedShare?: number;
  /** Share of assessed competencies whose self-view is well above the others' (blind spots). */
  blindSpotShare?: number;
  /** Share of modules marked `awareness`. */
  awarenessShare?: number;
  /**
   * The order modules are declared in. Generated prerequisites always point at an earlier module, so
   * 'as-generated' lists each prerequisite before its dependant; 'reversed' lists it after, 'shuffled'
   * anywhere (a planner that ignored prerequisites would get 'as-generated' right by position alone).
   */
  declared?: 'as-generated' | 'reversed' | 'shuffled';
  /**
   * Adds a chain of this many short modules, each the prerequisite of the next; only the last is worth
   * much (it develops every requirement of the last role), so planning it means planning the whole chain.
   */
  chain?: number;
}

export interface Instance {
  model: Model;
  results: AssessmentResults;
}

function normal(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

const KINDS: [ModuleKind, number, number, number][] = [
  // kind, weight, min minutes, max minutes
  ['course', 10, 120, 720],
  ['elearning', 8, 45, 120],
  ['workshop', 5, 180, 480],
  ['reading', 5, 30, 120],
  ['video', 5, 15, 60],
  ['practice', 15, 240, 1200],
  ['on-the-job', 10, 480, 1200],
  ['project', 6, 600, 1200],
  ['reflection', 10, 30, 90],
  ['coaching', 10, 60, 240],
  ['mentoring', 8, 60, 240],
  ['peer-learning', 8, 120, 360],
];
const KIND_WEIGHT = KINDS.reduce((s, k) => s + k[1], 0);

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function choose(rand: () => number, n: number, k: number): number[] {
  const pool = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < Math.min(k, n); i++) {
    const j = i + Math.floor(rand() * (n - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, Math.min(k, n));
}

const LEVELS = [1, 2, 3, 4, 5].map((level) => ({ level, label: `Level ${level}`, meaning: `Level ${level}` }));

export function generateInstance(spec: InstanceSpec): Instance {
  const rand = random(spec.seed);
  const comps = Array.from({ length: spec.competencies }, (_, i) => `c${i}`);
  const perRole = Math.min(spec.requirementsPerRole ?? 40, spec.competencies);
  const roles = Array.from({ length: spec.roles }, (_, r) => ({
    id: `r${r}`,
    title: `Role ${r}`,
    ...(r + 1 < spec.roles ? { next: `r${r + 1}` } : {}),
    requirements: choose(rand, spec.competencies, perRole).map((c) => {
      const u = rand();
      return {
        competency: comps[c]!,
        level: u < 0.25 ? 3 : u < 0.75 ? 4 : 5,
        weight: 1 + Math.floor(rand() * 3),
        ...(rand() < 0.15 ? { critical: true } : {}),
      };
    }),
  }));
  const modules: Module[] = [];
  const courses: number[] = [];
  for (let i = 0; i < spec.modules; i++) {
    let u = rand() * KIND_WEIGHT;
    let kind = KINDS[0]!;
    for (const k of KINDS) {
      if ((u -= k[1]) <= 0) {
        kind = k;
        break;
      }
    }
    const minutes = Math.round(kind[2] + rand() * (kind[3] - kind[2]));
    const effects = 1 + Math.floor(rand() * rand() * 3.5);
    const develops = choose(rand, spec.competencies, effects).map((c) => {
      const v = rand();
      const from = v < 0.15 ? 1 : v < 0.45 ? 2 : v < 0.8 ? 3 : 4;
      return { competency: comps[c]!, from, to: Math.min(5, from + 1 + (rand() < 0.35 ? 1 : 0)) };
    });
    const module: Module = {
      id: `m${i}`,
      kind: kind[0],
      title: `Module ${i}`,
      minutes,
      develops,
      why: 'Generated.',
      what: 'Generated.',
      how: 'Start today.',
    };
    if (i > 0 && rand() < (spec.prerequisiteShare ?? 0.2)) module.prerequisites = [`m${Math.floor(rand() * i)}`];
    if (kind[0] === 'reflection' && courses.length > 0 && rand() < 0.3) {
      module.revisits = `m${pick(rand, courses)}`;
      module.revisitAfterDays = 7 + Math.floor(rand() * 24);
    }
    if (rand() < (spec.awarenessShare ?? 0)) module.awareness = true;
    if (kind[0] === 'course') courses.push(i);
    modules.push(module);
  }
  if (spec.chain) modules.push(...prerequisiteChain(spec.chain, roles[roles.length - 1]!.requirements.map((r) => r.competency)));
  if (spec.declared === 'reversed') modules.reverse();
  if (spec.declared === 'shuffled') shuffle(rand, modules);
  const model: Model = {
    format: 'pathway-model/1',
    id: `https://pathway.example/generated/${spec.competencies}x${spec.modules}x${spec.roles}/${spec.seed}`,
    version: '1.0.0',
    title: 'Generated model',
    language: 'en',
    scale: { levels: LEVELS },
    competencies: comps.map((id) => ({ id, title: id, description: id, indicators: [{ level: 3, text: id }] })),
    roles,
    items: [],
    modules,
    planning: { budgetMinutes: spec.budgetMinutes },
  };
  return { model, results: generateLearner(model, rand, spec) };
}

function shuffle<T>(rand: () => number, list: T[]): void {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
}

/** `length` short modules, step k needing step k−1; the last develops `competencies` from level 1 to 5, the others barely. */
function prerequisiteChain(length: number, competencies: string[]): Module[] {
  return Array.from({ length }, (_, k) => ({
    id: `chain${k}`,
    kind: 'practice' as const,
    title: `Chain step ${k}`,
    minutes: 15,
    develops: k === length - 1 ? competencies.map((competency) => ({ competency, from: 1, to: 5 })) : [{ competency: competencies[0]!, from: 1, to: 2 }],
    why: 'Generated.',
    what: 'Generated.',
    how: 'Start today.',
    ...(k > 0 ? { prerequisites: [`chain${k - 1}`] } : {}),
  }));
}

/** A learner for a generated model: θ ~ N(0, 0.3²) on assessed competencies, the prior elsewhere. */
export function generateLearner(model: Model, seedOrRandom: number | (() => number), spec: Pick<InstanceSpec, 'assessedShare' | 'blindSpotShare'> = {}): AssessmentResults {
  const rand = typeof seedOrRandom === 'number' ? random(seedOrRandom) : seedOrRandom;
  const learner: Record<string, CompetencySpec> = {};
  for (const { id } of model.competencies) {
    if (rand() < (spec.assessedShare ?? 0.6)) {
      const theta = 0.3 * normal(rand);
      const sd = 0.25 + 0.1 * rand();
      const blind = rand() < (spec.blindSpotShare ?? 0);
      learner[id] = {
        theta,
        sd,
        responses: 5,
        self: { theta: theta + (blind ? 1.2 : 0.1 * normal(rand)), sd: 0.35, responses: 3 },
        others: { theta: theta - (blind ? 0.2 : 0), sd: 0.3, responses: 2, raters: 2 },
      };
    } else {
      learner[id] = { theta: 0, sd: 1, responses: 0 };
    }
  }
  return buildResults(model, { currentRole: 'r0', targetRole: model.roles.length > 1 ? 'r1' : 'r0', competencies: learner });
}
