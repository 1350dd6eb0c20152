/**
 * Generated organisations with known truth, for the tests, the benchmarks and the demo: teams,
 * roles, managers, true proficiencies (a team effect plus the person), self-views with leniency and
 * blind spots, some re-assessments and a few opt-outs. Two ways to produce each person's evidence:
 * - `engine`: every rater (self, manager, peers) answers an adaptive assessment through the engine,
 *   drawing answers from item models that stray from the engine's (as `simulate` does), and the
 *   states are fused with `fuseAssessments` — what the evidence reader would give;
 * - `direct`: an estimate drawn around the truth with a plausible spread, without running sessions
 *   (fast: for pools of thousands).
 * Seeded: the same options give the same organisation.
 */
import { countDecisions, decide } from '../../assessment/decision.js';
import { bankFor } from '../../assessment/bank.js';
import { FUSION } from '../../assessment/posterior.js';
import { mixSeed, Random } from '../../assessment/random.js';
import { fuseAssessments, startAssessment } from '../../assessment/session.js';
import { drawResponse, trueResponseFunctions } from '../../assessment/simulate.js';
import type { AssessmentResults, CompetencyResult, RoleCheck } from '../../assessment/types.js';
import { levelThreshold, scaleOf, thetaToLevel } from '../../model/levels.js';
import type { Model, Rater } from '../../model/types.js';
import { normalCdf } from '../../planner/normal.js';
import type { Person, PersonProfile } from '../types.js';

export interface OrganisationOptions {
  people?: number;
  teams?: number;
  seed?: number;
  evidence?: 'engine' | 'direct';
  /** Share of people with an earlier assessment (a re-assessment). Default 0.25. */
  reassessed?: number;
  /** Share of people who opted out. Default 0.03. */
  optedOut?: number;
  /** The date of the newest evidence (ISO 8601). Default 2026-11-30. */
  now?: string;
  /** Oldest evidence, in days before `now`. Default 420. */
  spreadDays?: number;
}

export interface GeneratedPerson {
  person: Person;
  /** True θ per competency, in model order. */
  theta: number[];
  optedOut: boolean;
  raters: { managers: number; peers: number };
}

export interface Organisation {
  people: GeneratedPerson[];
  /** The newest profile of each person, as the evidence reader gives them. */
  profiles: PersonProfile[];
  /** Earlier profiles (re-assessments). */
  history: PersonProfile[];
}

const SYLLABLES = ['ka', 'ri', 'mo', 'le', 'an', 'to', 'sa', 'ne', 'li', 'ro', 'ma', 'ja', 'de', 'vi', 'el', 'no'];
const SURNAMES = ['Berg', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jansen', 'Kowalski', 'Laine', 'Moreau', 'Novak', 'Okafor', 'Petrov', 'Quinn', 'Rossi', 'Schmidt', 'Tanaka', 'Umar', 'Varga', 'Weber', 'Yilmaz', 'Zhou'];
const DAY = 86_400_000;

function nameOf(rng: Random): string {
  const first = SYLLABLES[rng.below(SYLLABLES.length)]! + SYLLABLES[rng.below(SYLLABLES.length)]!;
  return `${first[0]!.toUpperCase()}${first.slice(1)} ${SURNAMES[rng.below(SURNAMES.length)]!}`;
}

export function generateOrganisation(model: Model, options: OrganisationOptions = {}): Organisation {
  const n = options.people ?? 200;
  const teamCount = Math.max(1, Math.min(n, options.teams ?? 20));
  const seed = options.seed ?? 1;
  const rng = new Random(mixSeed(seed, 0x0a9));
  const now = Date.parse(options.now ?? '2026-11-30T12:00:00.000Z');
  const spread = options.spreadDays ?? 420;
  const roles = model.roles;
  const k = model.competencies.length;
  const teamNames = Array.from({ length: teamCount }, (_, t) => `Team ${String.fromCharCode(65 + (t % 26))}${t >= 26 ? Math.floor(t / 26) : ''}`);
  const teamEffect = teamNames.map(() => Array.from({ length: k }, () => 0.4 * rng.normal()));
  // Uneven team sizes, a few small ones: the privacy rules must show.
  const weights = teamNames.map(() => 0.3 + rng.next() * 1.7);
  const sum = weights.reduce((a, b) => a + b, 0);
  const people: GeneratedPerson[] = [];
  const managers = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    let u = rng.next() * sum;
    let t = 0;
    while (u > weights[t]! && t < teamCount - 1) u -= weights[t++]!;
    if (i < teamCount) t = i; // every team has someone
    const team = teamNames[t]!;
    const id = `mbox:mailto:person${String(i + 1).padStart(4, '0')}@example.org`;
    // Juniors are commoner than seniors; the team's first person is its manager.
    const isManager = !managers.has(team);
    if (isManager) managers.set(team, id);
    const r = isManager ? roles.length - 1 : Math.min(roles.length - 1, Math.floor(Math.pow(rng.next(), 1.6) * roles.length));
    const role = roles[r]!;
    const seniority = (r - (roles.length - 1) / 2) * 0.6;
    const theta = Array.from({ length: k }, (_, c) => seniority + teamEffect[t]![c]! + 0.8 * rng.normal());
    const person: Person = { id, name: nameOf(rng), team, role: role.id, ...(role.next ? { targetRole: role.next } : {}), ...(isManager ? {} : { manager: managers.get(team)! }) };
    const peers = [0, 1, 2, 3, 3, 4, 4, 5][rng.below(8)]!;
    people.push({ person, theta, optedOut: rng.next() < (options.optedOut ?? 0.03), raters: { managers: isManager || rng.next() < 0.15 ? 0 : 1, peers } });
  }
  const profiles: PersonProfile[] = [];
  const history: PersonProfile[] = [];
  const produce = options.evidence === 'engine' ? engineEvidence(model, seed) : directEvidence(model);
  people.forEach((g, i) => {
    const prng = new Random(mixSeed(seed, i, 7));
    const bias = Array.from({ length: k }, () => {
      const v = prng.next();
      return v < 0.15 ? 1 + 0.5 * prng.next() : v < 0.25 ? -(1 + 0.5 * prng.next()) : 0.2 * prng.normal();
    });
    const age = prng.next() * spread * 0.8;
    const at = new Date(now - age * DAY);
    const latest = produce(g, g.theta, bias, prng, i * 2);
    profiles.push(profileOf(model, g, latest, at));
    if (prng.next() < (options.reassessed ?? 0.25)) {
      // The earlier assessment: half a year before, somewhat lower where people grew since.
      const before = g.theta.map((x) => x - 0.25 - 0.25 * prng.next());
      const earlierAt = new Date(at.getTime() - (150 + 120 * prng.next()) * DAY);
      history.push(profileOf(model, g, produce(g, before, bias, prng, i * 2 + 1), earlierAt));
    }
  });
  return { people, profiles, history };
}

function profileOf(model: Model, g: GeneratedPerson, results: AssessmentResults, at: Date): PersonProfile {
  return {
    person: g.person,
    model: { id: model.id, version: model.version },
    results,
    sources: { self: true, managers: g.raters.managers, peers: g.raters.peers },
    assessedAt: at.toISOString(),
    firstEvidenceAt: new Date(at.getTime() - 14 * DAY).toISOString(),
    optedOut: g.optedOut,
  };
}

type Produce = (g: GeneratedPerson, theta: number[], bias: number[], rng: Random, seed: number) => AssessmentResults;

function engineEvidence(model: Model, seed: number): Produce {
  const bank = bankFor(model);
  const fns = trueResponseFunctions(bank, 1, new Random(mixSeed(seed, 0x17e5)));
  const leniency = model.assessment?.selfLeniency ?? 0.3;
  return (g, theta, bias, rng, sessionSeed) => {
    const truth = Float64Array.from(theta);
    const roles = { ...(g.person.role ? { currentRole: g.person.role } : {}), ...(g.person.targetRole ? { targetRole: g.person.targetRole } : {}) };
    const raters: { rater: Rater; id?: string; shift: number }[] = [
      { rater: 'self', shift: 0 },
      ...Array.from({ length: g.raters.managers }, () => ({ rater: 'manager' as const, id: 'm1', shift: FUSION.raterSD * rng.normal() })),
      ...Array.from({ length: g.raters.peers }, (_, p) => ({ rater: 'peer' as const, id: `p${p + 1}`, shift: FUSION.raterSD * rng.normal() })),
    ];
    const states = raters.map((r, k) => {
      const session = startAssessment(model, { ...roles, rater: r.rater, ...(r.id ? { raterId: r.id } : {}), seed: mixSeed(seed, sessionSeed, k) | 0 });
      for (let step = session.next(); step; step = session.next()) {
        const item = bank.items[bank.itemIndex.get(step.itemId)!]!;
        const shift = r.rater === 'self' ? (item.selfReport ? leniency + bias[item.competency]! : 0) : r.shift;
        session.answer(drawResponse(item, fns[item.index]!, truth, shift, rng));
      }
      return session.serialize();
    });
    return fuseAssessments(model, states);
  };
}

/** An estimate around the truth: more raters, narrower. Role checks by the normal approximation. */
function directEvidence(model: Model): Produce {
  return (g, theta, bias, rng) => {
    const raters = 1 + g.raters.managers + g.raters.peers;
    const check = (c: number, roleId: string | undefined, est: number, sd: number): RoleCheck | undefined => {
      const role = model.roles.find((r) => r.id === roleId);
      const req = role?.requirements.find((q) => q.competency === model.competencies[c]!.id);
      if (!role || !req) return undefined;
      const threshold = levelThreshold(scaleOf(model, model.competencies[c]), req.level);
      const pMeets = normalCdf((est - threshold) / sd);
      return { role: role.id, requiredLevel: req.level, threshold, pMeets, expectedShortfall: Math.max(0, threshold - est), weight: req.weight ?? 1, critical: req.critical ?? false, ...decide(pMeets) };
    };
    // Evidence on what the person's roles require, and on a few other competencies (as an assessment covers).
    const required = new Set(model.roles.filter((r) => r.id === g.person.role || r.id === g.person.targetRole).flatMap((r) => r.requirements.map((q) => q.competency)));
    const competencies: CompetencyResult[] = model.competencies.flatMap((comp, c) => {
      if (!required.has(comp.id) && rng.next() < 0.6) return [];
      const scale = scaleOf(model, comp);
      const sd = (0.25 + 0.35 * rng.next()) / Math.sqrt(Math.min(raters, 4) / 2 + 0.5);
      const est = theta[c]! + sd * rng.normal();
      const current = check(c, g.person.role, est, sd);
      const target = check(c, g.person.targetRole, est, sd);
      const over = bias[c]! > 0.5;
      const under = bias[c]! < -0.5;
      const flag = over ? (rng.next() < 0.7 ? 'blind-spot' : 'unclear') : under ? (rng.next() < 0.6 ? 'hidden-strength' : 'unclear') : rng.next() < 0.05 ? 'blind-spot' : 'aligned';
      const result: CompetencyResult = {
        competency: comp.id,
        theta: est,
        sd,
        interval90: [est - 1.645 * sd, est + 1.645 * sd],
        level: thetaToLevel(scale, est),
        levelInterval90: [thetaToLevel(scale, est - 1.645 * sd), thetaToLevel(scale, est + 1.645 * sd)],
        responses: 2 + rng.below(4) * raters,
        ...(current ? { current } : {}),
        ...(target ? { target } : {}),
        sources: {},
        selfOther: { gap: bias[c]!, pOverestimate: over ? 0.8 : 0.1, pUnderestimate: under ? 0.8 : 0.1, flag },
      };
      return [result];
    });
    return {
      format: 'pathway-results/1',
      model: { id: model.id, version: model.version },
      ...(g.person.role ? { currentRole: g.person.role } : {}),
      ...(g.person.targetRole ? { targetRole: g.person.targetRole } : {}),
      rater: 'self',
      completed: true,
      itemsAnswered: 30,
      competencies,
      overall: { score: 0.5 },
      decisions: {
        ...(g.person.role ? { current: countDecisions(competencies.flatMap((c) => (c.current ? [c.current] : []))) } : {}),
        ...(g.person.targetRole ? { target: countDecisions(competencies.flatMap((c) => (c.target ? [c.target] : []))) } : {}),
      },
    };
  };
}
