// Generated pools for the mentor and team-builder checks (tests and bench/team.bench.ts): people
// drawn from generated organisations on a sample model, with random capacities and project needs.
import { readFileSync } from 'node:fs';
import { Random } from '../../src/assessment/random.js';
import { generateOrganisation } from '../../src/insights/analytics/generate.js';
import { buildInsightsReport } from '../../src/insights/analytics/report.js';
import type { ProjectNeed } from '../../src/insights/analytics/team-builder.js';
import type { CompetencyInfo, PersonRow } from '../../src/insights/analytics/types.js';
import type { Model } from '../../src/model/types.js';

export const sampleModel = (name = 'software-engineer'): Model => JSON.parse(readFileSync(new URL(`../../demo/models/${name}.json`, import.meta.url), 'utf8')) as Model;

function sample<T>(xs: readonly T[], k: number, rng: Random): T[] {
  const copy = [...xs];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, k);
}

/** People of a generated organisation (direct evidence) and the competencies, as the report gives them. */
export function organisationRows(seed: number, people = 120, model = sampleModel()): { people: PersonRow[]; competencies: CompetencyInfo[]; confidence: number } {
  const org = generateOrganisation(model, { people, teams: Math.max(2, Math.round(people / 10)), seed });
  const report = buildInsightsReport(model, org.profiles, { history: org.history });
  return { people: report.people!, competencies: report.competencies, confidence: report.settings.confidence };
}

export interface MentorPool {
  people: PersonRow[];
  competencies: CompetencyInfo[];
  settings: { confidence: number; capacity: number; loadPenalty: number };
}

export function mentorPools(count: number, seed: number, size = 8): MentorPool[] {
  const rng = new Random(seed);
  const pools: MentorPool[] = [];
  for (let o = 0; pools.length < count; o++) {
    const org = organisationRows(seed * 1000 + o, 60);
    for (let k = 0; k < 10 && pools.length < count; k++) {
      const n = 3 + rng.below(size - 2);
      pools.push({ people: sample(org.people, n, rng), competencies: org.competencies, settings: { confidence: org.confidence, capacity: 1 + rng.below(2), loadPenalty: [0, 0.5, 2][rng.below(3)]! } });
    }
  }
  return pools;
}

export interface TeamPool {
  people: PersonRow[];
  competencies: CompetencyInfo[];
  needs: ProjectNeed[];
  confidence: number;
}

export function teamPools(count: number, seed: number, size = 20): TeamPool[] {
  const rng = new Random(seed);
  const pools: TeamPool[] = [];
  for (let o = 0; pools.length < count; o++) {
    const org = organisationRows(seed * 1000 + o, 80);
    for (let k = 0; k < 10 && pools.length < count; k++) {
      const people = sample(org.people, 8 + rng.below(size - 7), rng);
      const needs = sample(org.competencies, 5 + rng.below(6), rng).map((c) => ({ competency: c.id, level: 3 + rng.below(2), count: 1 + rng.below(3) }));
      pools.push({ people, competencies: org.competencies, needs, confidence: org.confidence });
    }
  }
  return pools;
}
