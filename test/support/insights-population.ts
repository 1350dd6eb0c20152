// Simulated people rated by themselves, a manager and peers, as the Pathway statements their
// assessments send (built with the real statement builders), plus each rater's saved state — so that
// tests and benchmarks can compare the evidence reader with fusing the same states in memory.
// Answers are drawn from noisy "true" item functions (not the engine's own), with self-view bias.
import { bankFor } from '../../src/assessment/bank.js';
import { Random } from '../../src/assessment/random.js';
import { drawResponse, trueResponseFunctions } from '../../src/assessment/simulate.js';
import { startAssessment } from '../../src/assessment/session.js';
import type { Model, Rater } from '../../src/model/types.js';
import { answeredStatement, assessedStatements, completedStatement, lifecycleStatement, type StatementScope } from '../../src/tracking/statements.js';
import type { Agent, Statement } from '../../src/tracking/types.js';
import { uuidV5, URL_NAMESPACE } from '../../src/tracking/uuid.js';

export interface RaterRun {
  rater: Rater;
  /** The rater's agent (the person's own for self). */
  agent: Agent;
  state: string;
  statements: Statement[];
}

export interface SimulatedPerson {
  agent: Agent;
  key: string;
  /** True proficiency per competency (θ), in model order. */
  theta: number[];
  currentRole: string;
  targetRole: string | undefined;
  raters: RaterRun[];
}

export interface PopulationOptions {
  people: number;
  /** Peers per person (default 3). */
  peers?: number;
  manager?: boolean;
  seed?: number;
  /** Statements start here and move on by a second per statement. */
  start?: string;
  /** 'fixed' answers every item on the rater's form (more statements per person); default 'adaptive'. */
  mode?: 'adaptive' | 'fixed';
  /** Number of the first person (people are p-<n>); default 0. */
  firstPerson?: number;
}

export const personAgent = (i: number): Agent => ({ objectType: 'Agent', name: `Person ${i}`, account: { homePage: 'https://lms.example.com', name: `p-${i}` } });
export const personKey = (i: number): string => `account:https://lms.example.com|p-${i}`;

export function* population(model: Model, options: PopulationOptions): Generator<SimulatedPerson> {
  const bank = bankFor(model);
  const rng = new Random(options.seed ?? 7);
  const fns = trueResponseFunctions(bank, 1, rng);
  let clock = Date.parse(options.start ?? '2026-01-05T08:00:00.000Z');
  const tick = (): string => new Date((clock += 1000)).toISOString();
  const peers = options.peers ?? 3;
  const first = options.firstPerson ?? 0;
  for (let i = first; i < first + options.people; i++) {
    const theta = bank.competencies.map(() => rng.normal());
    const bias = bank.competencies.map(() => (rng.next() < 0.15 ? 1 + rng.next() : 0.3 * rng.normal()));
    const role = model.roles[rng.below(model.roles.length)]!;
    const agent = personAgent(i);
    const raterList: { rater: Rater; agent: Agent; raterId?: string }[] = [{ rater: 'self', agent }];
    if (options.manager ?? true) raterList.push({ rater: 'manager', agent: { objectType: 'Agent', account: { homePage: 'https://lms.example.com', name: `m-${i % 7}` } } });
    for (let k = 0; k < peers; k++) raterList.push({ rater: 'peer', agent: personAgent(first + ((i - first + k + 1) % Math.max(options.people, peers + 1))) });
    const raters: RaterRun[] = [];
    for (const [n, r] of raterList.entries()) {
      const raterId = r.rater === 'self' ? undefined : `r${n}`;
      const session = startAssessment(model, { currentRole: role.id, rater: r.rater, ...(raterId ? { raterId } : {}), mode: options.mode ?? 'adaptive', seed: i * 31 + n });
      const registration = uuidV5(`population|${options.seed ?? 7}|${i}|${n}`, URL_NAMESPACE);
      const scope: StatementScope = { model, actor: agent, registration, session: `s-${i}-${n}`, activityId: `${model.id.replace(/\/+$/, '')}/assessment`, ...(r.rater === 'self' ? {} : { rater: r.agent }) };
      const statements: Statement[] = [lifecycleStatement(scope, 'initialized', { timestamp: tick() })];
      const raterShift = r.rater === 'self' ? 0 : 0.4 * rng.normal();
      for (let step = session.next(); step; step = session.next()) {
        const item = bank.items[bank.itemIndex.get(step.itemId)!]!;
        const shift = r.rater === 'self' ? (item.selfReport ? bias[item.competency]! + 0.3 : 0) : raterShift;
        const response = drawResponse(item, fns[item.index]!, Float64Array.from(theta), shift, rng);
        session.answer(response);
        const stored = session.responses.at(-1)!;
        statements.push(answeredStatement(scope, { response: stored, competency: item.item.competency, sequence: step.position, timestamp: tick() }));
      }
      const results = session.results();
      statements.push(completedStatement(scope, results, { timestamp: tick() }), ...assessedStatements(scope, results, tick()), lifecycleStatement(scope, 'terminated', { timestamp: tick() }));
      raters.push({ rater: r.rater, agent: r.agent, state: session.serialize(), statements });
    }
    yield { agent, key: personKey(i), theta, currentRole: role.id, targetRole: bank.roles.get(role.id)!.next, raters };
  }
}

/** Every statement of a population, in the order they were made. */
export function statementsOf(people: Iterable<SimulatedPerson>): Statement[] {
  const all: Statement[] = [];
  for (const p of people) for (const r of p.raters) all.push(...r.statements);
  return all;
}
