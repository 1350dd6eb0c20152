/**
 * Realistic engine output for a model, made by hand (the engine and planner are written in parallel):
 * one answer to every item the form includes, a result for every competency with role checks and a
 * self–other comparison, and a plan over the model's modules. Seeded, so every run is the same.
 */
import { countDecisions, decide } from '../../src/assessment/decision.js';
import type { AssessmentResults, CompetencyResult, Response, RoleCheck } from '../../src/assessment/types.js';
import type { AnswerRecord, StepProgress } from '../../src/lms/runtime.js';
import { itemRaters, modalityOf } from '../../src/model/defaults.js';
import { levelThreshold, levelToTheta, thetaToLevel } from '../../src/model/levels.js';
import type { Item, Model, Rater } from '../../src/model/types.js';
import type { Plan, PlanStep } from '../../src/planner/types.js';
import { seededRandom } from './seeded-random.mjs';
import { answeredStatement } from '../../src/tracking/statements.js';
import { Tracker } from '../../src/tracking/tracker.js';
import type { Agent, Statement } from '../../src/tracking/types.js';

export { seededRandom };

function responseFor(model: Model, item: Item, rater: Rater, random: () => number): Response {
  const pick = (n: number) => Math.floor(random() * n);
  const base: Response = { item: item.id, ...(rater !== 'self' ? { rater } : {}), latencyMs: 4_000 + pick(60_000) };
  if (rater === 'peer') base.raterId = `peer-${1 + pick(3)}`;
  if (item.allowNotApplicable && random() < 0.2) return { ...base, notApplicable: true };
  switch (item.type) {
    case 'frequency':
      return { ...base, choice: pick((model.frequencyScale ?? [0, 0, 0, 0, 0]).length) };
    case 'anchored':
    case 'forced-choice':
      return { ...base, choice: pick(item.options.length) };
    case 'evidence':
      return { ...base, choice: pick(item.rubric.length), evidence: 'Gave feedback on the release notes the next morning; we agreed a checklist and reviewed it a week later.' };
    case 'situational': {
      if (item.format === 'best') return { ...base, choice: pick(item.options.length) };
      if (item.format === 'rate-each') return { ...base, ratings: item.options.map(() => 1 + pick(5)) };
      const most = pick(item.options.length);
      const least = (most + 1 + pick(item.options.length - 1)) % item.options.length;
      return { ...base, most, least };
    }
  }
}

/** One answer record per item the rater's form includes, in model order. */
export function answerRecords(model: Model, rater: Rater = 'self', seed = 7, start = Date.UTC(2026, 0, 15, 9, 0, 0)): AnswerRecord[] {
  const random = seededRandom(seed);
  const items = model.items.filter((item) => itemRaters(item).includes(rater));
  return items.map((item, index) => ({
    response: responseFor(model, item, rater, random),
    competency: item.competency,
    sequence: index + 1,
    timestamp: new Date(start + index * 45_000).toISOString(),
  }));
}

function check(model: Model, roleId: string, competency: string, theta: number, sd: number): RoleCheck | undefined {
  const role = model.roles.find((r) => r.id === roleId);
  const requirement = role?.requirements.find((r) => r.competency === competency);
  if (!requirement) return undefined;
  const threshold = levelThreshold(model.scale, requirement.level);
  const z = (theta - threshold) / sd;
  const pMeets = 0.5 * (1 + Math.tanh(0.7978845608 * (z + 0.044715 * z ** 3)));
  return {
    role: roleId,
    requiredLevel: requirement.level,
    threshold,
    pMeets,
    expectedShortfall: Math.max(0, threshold - theta),
    weight: requirement.weight ?? 1,
    critical: requirement.critical ?? false,
    ...decide(pMeets),
  };
}

/** Results for every competency of the model, with role checks against the first two roles. */
export function assessmentResults(model: Model, options: { rater?: Rater; seed?: number; currentRole?: string; targetRole?: string } = {}): AssessmentResults {
  const random = seededRandom(options.seed ?? 11);
  const currentRole = options.currentRole ?? model.roles[0]!.id;
  const targetRole = options.targetRole ?? model.roles.find((r) => r.id === model.roles.find((x) => x.id === currentRole)?.next)?.id ?? model.roles[1]?.id;
  const competencies: CompetencyResult[] = model.competencies.map((c, index) => {
    const scale = c.scale ?? model.scale;
    const theta = levelToTheta(scale, scale.levels[Math.min(scale.levels.length - 1, 1 + (index % 3))]!.level) + (random() - 0.5);
    const sd = 0.3 + random() * 0.4;
    const interval: [number, number] = [theta - 1.645 * sd, theta + 1.645 * sd];
    const current = check(model, currentRole, c.id, theta, sd);
    const target = targetRole ? check(model, targetRole, c.id, theta, sd) : undefined;
    const flag = index % 4 === 0 ? 'blind-spot' : index % 4 === 1 ? 'aligned' : index % 4 === 2 ? 'hidden-strength' : 'unclear';
    return {
      competency: c.id,
      theta,
      sd,
      interval90: interval,
      level: thetaToLevel(scale, theta),
      levelInterval90: [thetaToLevel(scale, interval[0]), thetaToLevel(scale, interval[1])],
      responses: 3 + (index % 5),
      ...(current ? { current } : {}),
      ...(target ? { target } : {}),
      sources: {},
      selfOther: { gap: flag === 'blind-spot' ? 0.9 : flag === 'hidden-strength' ? -0.8 : 0.1, pOverestimate: flag === 'blind-spot' ? 0.93 : 0.1, pUnderestimate: flag === 'hidden-strength' ? 0.9 : 0.05, flag },
    };
  });
  return {
    format: 'pathway-results/1',
    model: { id: model.id, version: model.version },
    currentRole,
    ...(targetRole ? { targetRole } : {}),
    rater: options.rater ?? 'self',
    completed: true,
    stopReason: 'decided',
    itemsAnswered: model.items.length,
    competencies,
    overall: { score: 0.62, pMeetsCurrent: 0.41, ...(targetRole ? { pMeetsTarget: 0.12 } : {}) },
    decisions: {
      current: countDecisions(competencies.flatMap((c) => (c.current ? [c.current] : []))),
      ...(targetRole ? { target: countDecisions(competencies.flatMap((c) => (c.target ? [c.target] : []))) } : {}),
    },
  };
}

/** A plan over the model's modules (up to eight steps), with reasons as the planner gives them. */
export function plan(model: Model, results: AssessmentResults): Plan {
  const steps: PlanStep[] = model.modules.slice(0, 8).map((module, index) => ({
    module: module.id,
    kind: module.kind,
    modality: modalityOf(module),
    minutes: module.minutes,
    develops: module.develops.map((d) => ({ competency: d.competency, expectedGain: 0.2 + 0.1 * (index % 3) })),
    unlocks: [],
    awareness: module.awareness ?? false,
    ...(module.revisits ? { revisit: { module: module.revisits, afterDays: module.revisitAfterDays ?? 14 } } : {}),
    value: 1 / (index + 1),
    status: 'todo',
    explanation: {
      why: [{ code: 'closes-gap', params: { competency: module.develops[0]!.competency, role: results.currentRole ?? '', share: 0.44 } }],
      what: [{ code: 'module-develops', params: { module: module.id } }],
      how: [{ code: 'first-action', params: { minutes: module.minutes } }],
    },
  }));
  const blend = { experiential: 0, social: 0, formal: 0 };
  for (const step of steps) blend[step.modality] += step.minutes;
  return {
    format: 'pathway-plan/1',
    model: results.model,
    ...(results.currentRole ? { currentRole: results.currentRole } : {}),
    ...(results.targetRole ? { targetRole: results.targetRole } : {}),
    budgetMinutes: model.planning?.budgetMinutes ?? 1200,
    totalMinutes: steps.reduce((sum, s) => sum + s.minutes, 0),
    blend,
    gaps: [],
    strengths: [],
    steps,
    uncovered: [{ competency: model.competencies[0]!.id, role: model.roles[0]!.id, reason: { code: 'no-module', params: {} } }],
    notes: [],
  };
}

export function stepProgress(plan: Plan, start = Date.UTC(2026, 1, 1, 9)): StepProgress[] {
  return plan.steps.slice(0, 3).flatMap((step, index) => [
    { module: step.module, status: 'started' as const, timestamp: new Date(start + index * 86_400_000).toISOString() },
    { module: step.module, status: 'done' as const, timestamp: new Date(start + index * 86_400_000 + 3_600_000).toISOString() },
  ]);
}


export const LEARNER: Agent = { objectType: 'Agent', name: 'Dana Learner', account: { homePage: 'https://lms.example.com', name: 'learner-4711' } };
export const MANAGER: Agent = { objectType: 'Agent', account: { homePage: 'https://lms.example.com', name: 'manager-0815' } };

/** Collects what a tracker emits. */
export class CollectingSink {
  readonly statements: Statement[] = [];
  async enqueue(statements: readonly Statement[]): Promise<void> {
    this.statements.push(...statements);
  }
}

/**
 * Every kind of statement the product emits for a model: a self-assessment session that is suspended,
 * a resumed session that completes (with a pass mark, so passed or failed too), the pathway and its
 * progress; a manager's rating (rater known) and an anonymous peer's rating; a not-applicable answer.
 */
export async function everyStatementKind(model: Model, options: { registration?: string; clock?: () => Date } = {}): Promise<Statement[]> {
  const sink = new CollectingSink();
  const registration = options.registration ?? '6a3f3b52-5b7e-4c55-9a51-2f1f0e6b9d10';
  let time = Date.UTC(2026, 0, 15, 9, 0, 0);
  const now = options.clock ?? (() => new Date((time += 1000)));
  const self = answerRecords(model, 'self');
  const first = new Tracker({ model, actor: LEARNER, registration, session: 'session-1', sink, now, language: 'en' });
  await first.started();
  const half = Math.ceil(self.length / 2);
  for (const record of self.slice(0, half)) await first.answered(record);
  const naItem = model.items.find((i) => i.allowNotApplicable) ?? model.items[0]!;
  await first.answered({ response: { item: naItem.id, notApplicable: true }, competency: naItem.competency, sequence: half + 1, timestamp: new Date(time).toISOString() });
  await first.suspended();
  await first.terminated();
  const second = new Tracker({ model, actor: LEARNER, registration, session: 'session-2', sink, now, masteryScore: 0.5, platform: 'Pathway demo' });
  await second.started(true);
  for (const record of self.slice(half)) await second.answered({ ...record, sequence: record.sequence + 1 });
  const results = assessmentResults(model);
  const pathway = plan(model, results);
  await second.completed(results, pathway);
  for (const step of stepProgress(pathway)) await second.stepProgress(step, pathway);
  await second.terminated();
  const failing = new Tracker({ model, actor: LEARNER, registration: '0b8e3c1e-8d55-4a8f-b0a4-3f7c2a9e1d22', session: 'session-3', sink, now, masteryScore: 0.9 });
  await failing.started();
  await failing.completed({ ...results, overall: { ...results.overall, score: 0.31 } });
  await failing.terminated();
  const manager = new Tracker({ model, actor: LEARNER, rater: MANAGER, registration: 'c2a1f0e4-1b7d-4e3a-8f6c-5d4b3a291807', session: 'session-m', sink, now });
  await manager.started();
  for (const record of answerRecords(model, 'manager')) await manager.answered(record);
  await manager.completed(assessmentResults(model, { rater: 'manager', seed: 5 }));
  await manager.terminated();
  const peer = new Tracker({ model, actor: LEARNER, registration: 'f3e2d1c0-b9a8-4765-8432-10fedcba9876', session: 'session-p', sink, now });
  await peer.started();
  for (const record of answerRecords(model, 'peer')) await peer.answered(record);
  await peer.terminated();
  // The learner opts out of insights, and back in.
  const own = new Tracker({ model, actor: LEARNER, registration: '5d6e7f80-91a2-4b3c-8d4e-5f60718293a4', session: 'session-c', sink, now });
  await own.consent(true);
  await own.consent(false);
  return sink.statements;
}

/** `count` distinct answered statements for one registration (cycling through the model's items), as bulk test data. */
export function bulkStatements(model: Model, count: number, registration: string): Statement[] {
  const scope = { model, actor: LEARNER, registration, session: 'bulk', activityId: `${model.id}/assessment` };
  const records = answerRecords(model, 'self', 3);
  return Array.from({ length: count }, (_, i) => {
    const record = records[i % records.length]!;
    return answeredStatement(scope, { ...record, sequence: i + 1, timestamp: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString() });
  });
}
