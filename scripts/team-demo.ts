// Writes the team demo (`npm start` → demo/team.html): a generated organisation of 200 people in
// 20 teams on the software-engineer sample model, every person's self, manager and peer evidence
// answered through the engine and fused (some re-assessments, a few opt-outs), then the insights
// report built from it. Deterministic (seed 2026):  npx tsx scripts/team-demo.ts
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Random } from '../src/assessment/random.js';
import { generateOrganisation } from '../src/insights/analytics/generate.js';
import { buildInsightsReport } from '../src/insights/analytics/report.js';
import type { RaterRequestInput } from '../src/insights/analytics/settings.js';
import type { Model } from '../src/model/types.js';

const model = JSON.parse(readFileSync('demo/models/software-engineer.json', 'utf8')) as Model;
const started = performance.now();
const org = generateOrganisation(model, { people: 200, teams: 20, seed: 2026, evidence: 'engine' });
// Rater requests: everyone rated asked their manager and peers; some have not answered yet.
const rng = new Random(2026);
const byTeam = new Map<string, typeof org.people>();
for (const g of org.people) byTeam.set(g.person.team!, [...(byTeam.get(g.person.team!) ?? []), g]);
const requests: RaterRequestInput[] = org.people.slice(0, 60).map((g) => {
  const colleagues = byTeam.get(g.person.team!)!.filter((x) => x.person.id !== g.person.id && x.person.id !== g.person.manager);
  const names = new Map(org.people.map((x) => [x.person.id, x.person.name]));
  const manager = g.person.manager ? [{ id: g.person.manager, name: names.get(g.person.manager), kind: 'manager' as const, ...(rng.next() < 0.8 ? { answeredAt: '2026-11-20T10:00:00.000Z' } : {}) }] : [];
  const peers = colleagues.slice(0, 3).map((x) => ({ id: x.person.id, name: x.person.name, kind: 'peer' as const, ...(rng.next() < 0.6 ? { answeredAt: '2026-11-22T10:00:00.000Z' } : {}) }));
  return { person: g.person.id, at: '2026-11-15T09:00:00.000Z', raters: [...manager, ...peers] };
});
const report = buildInsightsReport(model, org.profiles, { history: org.history, requests });
mkdirSync('demo/team', { recursive: true });
writeFileSync('demo/team/report.json', `${JSON.stringify(report)}\n`);
// What the generator intended, for the browser tests: true θ per person and competency.
writeFileSync('demo/team/truth.json', `${JSON.stringify(org.people.map((g) => ({ id: g.person.id, optedOut: g.optedOut, theta: g.theta.map((t) => Math.round(t * 1000) / 1000) })))}\n`);
console.log(`${org.profiles.length} people (${org.profiles.filter((p) => p.optedOut).length} opted out), ${org.history.length} earlier assessments, in ${((performance.now() - started) / 1000).toFixed(0)} s`);
