// Team analytics (issues 11 and 13): mentor matching and the team builder against exhaustive search
// on generated pools, their time on 2,000 people × 40 competencies, privacy violations over 10,000
// random filter pairs, and the <pathway-team> heatmap's render time in Debian's Chromium.
//
// Times in Node are CPU time of this process (process.cpuUsage), median of 5, so that other processes
// on the shared machine do not inflate them.
import { generateModel } from '../src/assessment/generate.js';
import { Random } from '../src/assessment/random.js';
import { generateOrganisation } from '../src/insights/analytics/generate.js';
import { proposeMentors } from '../src/insights/analytics/mentors.js';
import { buildInsightsReport } from '../src/insights/analytics/report.js';
import { proposeTeam } from '../src/insights/analytics/team-builder.js';
import { bestMentorValue, smallestTeamSize } from '../test/support/insights-oracle.js';
import { mentorPools, sampleModel, teamPools } from '../test/support/insights-pools.js';
import { contributors, violations } from '../test/support/insights-privacy.js';
import { gzipSize, staticClosure } from '../scripts/sizes.mjs';
import { renderTimes } from './support/team-render.js';

const POOLS = 200;

function cpuMs(f: () => void, runs = 5): number {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = process.cpuUsage();
    f();
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

export default async function ({ log }: { log: (line: string) => void }) {
  const mentorMatches = mentorPools(POOLS, 101).filter((pool) => Math.abs(proposeMentors(pool.people, pool.competencies, pool.settings).value - bestMentorValue(pool.people, pool.competencies, pool.settings)) < 1e-6).length;
  log(`mentors: ${mentorMatches}/${POOLS} pools at the exhaustive optimum`);
  const teamMatches = teamPools(POOLS, 202).filter((pool) => proposeTeam(pool.people, pool.competencies, pool.needs, { confidence: pool.confidence }).members.length === smallestTeamSize(pool.people, pool.competencies, pool.needs, pool.confidence)).length;
  log(`team builder: ${teamMatches}/${POOLS} pools at the exhaustive optimum`);

  const big = generateModel({ competencies: 40, itemsPerCompetency: 2 });
  const org = generateOrganisation(big, { people: 2000, teams: 100, seed: 3 });
  const report = buildInsightsReport(big, org.profiles);
  const people = report.people!;
  const settings = { confidence: report.settings.confidence, capacity: 2, loadPenalty: 0.5 };
  const mentorsMs = cpuMs(() => proposeMentors(people, report.competencies, settings));
  const rng = new Random(7);
  const needs = big.competencies.filter(() => rng.next() < 0.2).map((c) => ({ competency: c.id, level: 3 + rng.below(2), count: 1 + rng.below(2) }));
  const teamMs = cpuMs(() => proposeTeam(people, report.competencies, needs, { confidence: settings.confidence }));
  const reportMs = cpuMs(() => buildInsightsReport(big, org.profiles), 3);

  const model = sampleModel();
  let privacy = 0;
  const prng = new Random(42);
  for (let seed = 1; seed <= 5; seed++) {
    const o = generateOrganisation(model, { people: 30 + prng.below(200), teams: 4 + prng.below(20), seed: 100 + seed });
    const r = buildInsightsReport(model, o.profiles, { history: o.history, minGroupSize: 3 + prng.below(5) });
    const v = violations(r, 2000, prng, contributors);
    privacy += v.small + v.differencing;
  }

  const render = await renderTimes();
  return [
    { name: 'insights.mentors.optimal', value: mentorMatches / POOLS, unit: 'fraction', note: `${POOLS} generated pools of 3–8 people, capacity 1–2, exhaustive enumeration` },
    { name: 'insights.team.optimal', value: teamMatches / POOLS, unit: 'fraction', note: `${POOLS} generated pools of 8–20 people, 5–10 needs, every subset tried` },
    { name: 'insights.mentors.ms.2000', value: Math.round(mentorsMs), unit: 'ms', note: '2,000 people × 40 competencies, CPU time, median of 5 (exact: one shortest-path search per mentee)' },
    { name: 'insights.team.ms.2000', value: Math.round(teamMs), unit: 'ms', note: `2,000 people × 40 competencies, ${needs.length} needs` },
    { name: 'insights.report.ms.2000', value: Math.round(reportMs), unit: 'ms', note: 'buildInsightsReport from 2,000 profiles × 40 competencies (matrix, groups, 100 team views, mentors)' },
    { name: 'insights.privacy.violations', value: privacy, unit: 'count', note: '10,000 random filter pairs on 5 generated organisations: figures over fewer than the minimum + differences of 1…k−1 people' },
    { name: 'insights.render.ms', value: render.small, unit: 'ms', note: 'Chromium: <pathway-team> heatmap 200 people × 12 competencies, report set → rendered, median' },
    { name: 'size.team.gz', value: [...staticClosure('dist/cdn/pathway-team.min.js')].reduce((sum, f) => sum + gzipSize(f), 0), unit: 'bytes', note: 'dist/cdn/pathway-team.min.js and its static chunk (lit, the analytics, en chrome); the evidence reader, validator and de/fr load lazily; loaded only by pages that use <pathway-team>' },
    { name: 'insights.render.ms.500x40', value: render.large, unit: 'ms', note: 'the same with 500 × 40' },
  ];
}
