/**
 * A scripted learner for tests and benchmarks of the LMS runtimes: deterministic answers to a model's
 * items, the answer records a runtime receives, plausible results and a pathway over every module.
 *
 * The runtimes only store and report what they are given, so results and the pathway here are test
 * data of the right shape, not estimates; the saved assessment state is the real engine's
 * (`AssessmentSession.serialize()` of a fixed-form session fed the same answers), so suspend-data sizes
 * measured with it are what learners' LMSs will hold.
 *
 * DOM-free and Node-free: runs in the browser tests, the Node tests and the benchmark.
 */
import { countDecisions, decide, startAssessment } from '../../src/assessment/index.js';
import type { AssessmentResults, CompetencyResult, Response } from '../../src/assessment/types.js';
import { DEFAULT_FREQUENCY_SCALE } from '../../src/model/defaults.js';
import type { Item, Model } from '../../src/model/types.js';
import type { Plan, PlanStep } from '../../src/planner/types.js';
import type { AnswerRecord, Progress, Runtime } from '../../src/lms/runtime.js';
import { seededRandom as random } from '../../test/support/seeded-random.mjs';

/** Realistic evidence notes (learners paste a sentence or two and a link). */
const EVIDENCE = [
  'Reviewed the payment retry PR https://git.example.org/pay/pull/481 and asked for a failing test first; agreed follow-up on idempotency keys.',
  'Ran the incident review for the 14 March outage; notes at https://wiki.example.org/inc/2024-03-14 with three owners and due dates.',
  'Coached Sam through the onboarding checklist in two sessions; feedback form attached, next step is pairing on the release.',
  'Wrote the design note for the search cache, compared two options with their costs, and the team picked the simpler one.',
];

export interface ScriptedAnswers {
  responses: Response[];
  records: AnswerRecord[];
}

function answer(model: Model, item: Item, next: () => number, index: number): Response {
  const pick = (n: number) => Math.min(n - 1, Math.floor(next() * n));
  const base = { item: item.id, latencyMs: 4_000 + Math.floor(next() * 90_000) };
  if (item.allowNotApplicable && index % 7 === 3) return { ...base, notApplicable: true };
  switch (item.type) {
    case 'frequency':
      return { ...base, choice: pick((model.frequencyScale ?? DEFAULT_FREQUENCY_SCALE).length) };
    case 'anchored':
      return { ...base, choice: pick(item.options.length) };
    case 'forced-choice':
      return { ...base, choice: pick(2) };
    case 'evidence':
      return { ...base, choice: pick(item.rubric.length), evidence: EVIDENCE[index % EVIDENCE.length]! };
    case 'situational': {
      const n = item.options.length;
      if (item.format === 'best') return { ...base, choice: pick(n) };
      if (item.format === 'rate-each') return { ...base, ratings: item.options.map(() => 1 + pick(5)) };
      const most = pick(n);
      return { ...base, most, least: (most + 1 + pick(n - 1)) % n };
    }
  }
}

/** Answers the first `count` items of the model (all by default), one minute apart from `start`. */
export function scriptedAnswers(model: Model, count = model.items.length, seed = 7, start = Date.UTC(2024, 2, 5, 9, 0, 0)): ScriptedAnswers {
  const next = random(seed);
  const responses = model.items.slice(0, count).map((item, i) => answer(model, item, next, i));
  const records = responses.map((response, i) => ({
    response,
    competency: model.items.find((item) => item.id === response.item)!.competency,
    sequence: i + 1,
    timestamp: new Date(start + i * 60_000 + 123).toISOString(),
  }));
  return { responses, records };
}

/** The engine's saved state after these answers: a fixed-form session, which asks every item in model order. */
export function assessmentState(model: Model, responses: readonly Response[], options = { currentRole: model.roles[0]?.id, targetRole: model.roles[1]?.id, seed: 7 }): string {
  const session = startAssessment(model, {
    mode: 'fixed',
    seed: options.seed,
    ...(options.currentRole ? { currentRole: options.currentRole } : {}),
    ...(options.targetRole ? { targetRole: options.targetRole } : {}),
  });
  for (const response of responses) session.answer(response);
  return session.serialize();
}

/** Plausible results for the answered items: test data of the right shape, not an estimate. */
export function scriptedResults(model: Model, responses: readonly Response[], completed = true, seed = 11): AssessmentResults {
  const next = random(seed);
  const answered = new Map<string, number>();
  for (const r of responses) {
    if (r.notApplicable) continue;
    const competency = model.items.find((i) => i.id === r.item)!.competency;
    answered.set(competency, (answered.get(competency) ?? 0) + 1);
  }
  const current = model.roles[0];
  const competencies: CompetencyResult[] = model.competencies.map((c) => {
    const theta = next() * 4 - 2;
    const sd = 0.3 + next() * 0.5;
    const levels = (c.scale ?? model.scale).levels.map((l) => l.level);
    const level = Math.min(...levels) + ((theta + 2) / 4) * (Math.max(...levels) - Math.min(...levels));
    const requirement = current?.requirements.find((q) => q.competency === c.id);
    const pMeets = next();
    return {
      competency: c.id,
      theta,
      sd,
      interval90: [theta - 1.645 * sd, theta + 1.645 * sd],
      level,
      levelInterval90: [level - 0.5, level + 0.5],
      responses: answered.get(c.id) ?? 0,
      ...(requirement && current
        ? {
            current: {
              role: current.id,
              requiredLevel: requirement.level,
              threshold: 0,
              pMeets,
              expectedShortfall: Math.max(0, 0.5 - pMeets),
              weight: requirement.weight ?? 1,
              critical: requirement.critical ?? false,
              ...decide(pMeets),
            },
          }
        : {}),
      sources: {},
    };
  });
  return {
    format: 'pathway-results/1',
    model: { id: model.id, version: model.version },
    ...(current ? { currentRole: current.id } : {}),
    rater: 'self',
    completed,
    ...(completed ? { stopReason: 'decided' as const } : {}),
    itemsAnswered: responses.length,
    competencies,
    overall: { score: 0.4 + next() * 0.5, pMeetsCurrent: next() },
    decisions: current ? { current: countDecisions(competencies.flatMap((c) => (c.current ? [c.current] : []))) } : {},
  };
}

/** A pathway over every module of the model (the largest pathway a learner can have). */
export function fullPlan(model: Model): Plan {
  const steps: PlanStep[] = model.modules.map((m) => ({
    module: m.id,
    kind: m.kind,
    modality: 'experiential',
    minutes: m.minutes,
    develops: m.develops.map((d) => ({ competency: d.competency, expectedGain: 0.3 })),
    unlocks: [],
    awareness: m.awareness ?? false,
    value: 1,
    status: 'todo',
    explanation: { why: [], what: [], how: [] },
  }));
  return {
    format: 'pathway-plan/1',
    model: { id: model.id, version: model.version },
    budgetMinutes: 100_000,
    totalMinutes: steps.reduce((sum, s) => sum + s.minutes, 0),
    blend: { experiential: 0, social: 0, formal: 0 },
    gaps: [],
    strengths: [],
    steps,
    uncovered: [],
    notes: [],
  };
}

/** The worst case the suspend data must hold: every item answered and every pathway step done. */
export function worstCaseProgress(model: Model): Progress {
  const { responses } = scriptedAnswers(model);
  return {
    assessment: assessmentState(model, responses),
    stepsDone: model.modules.map((m) => m.id),
    location: `step:${model.modules.at(-1)?.id ?? ''}`,
    fraction: 1,
  };
}

/** Answers items [from, to) through a runtime like the element does: record each answer, then save progress. */
export async function playAnswers(runtime: Runtime, model: Model, from: number, to: number): Promise<Progress> {
  const { responses, records } = scriptedAnswers(model, to);
  let progress: Progress | undefined;
  for (let i = from; i < to; i++) {
    await runtime.answered(records[i]!);
    progress = { assessment: assessmentState(model, responses.slice(0, i + 1)), stepsDone: [], location: `item:${i + 1}`, fraction: (i + 1) / model.items.length };
    await runtime.save(progress);
  }
  return progress!;
}

/** Ends the assessment through a runtime (results and the full pathway), then marks every step done. */
export async function playCompletion(runtime: Runtime, model: Model, progress: Progress, results = scriptedResults(model, scriptedAnswers(model).responses)): Promise<Progress> {
  const plan = fullPlan(model);
  await runtime.completed(results, plan);
  let done: Progress = { ...progress, location: 'plan', fraction: 1 };
  await runtime.save(done);
  for (const step of plan.steps) {
    await runtime.stepProgress({ module: step.module, status: 'done', timestamp: '2024-03-07T12:00:00.000Z' });
    done = { ...done, stepsDone: [...done.stepsDone, step.module] };
  }
  return done;
}
