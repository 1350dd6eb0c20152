// The privacy check shared by src/insights/analytics/privacy.test.ts and bench/team.bench.ts: for
// random pairs of filtered views, who each figure rests on (recomputed from the people rows, not
// from the figures), figures over fewer than the minimum, and differences of 1…k−1 people.
import assert from 'node:assert/strict';
import { Random } from '../../src/assessment/random.js';
import { isHidden, type Filter, type InsightsReport, type PersonRow } from '../../src/insights/analytics/types.js';
import { figuresFor } from '../../src/insights/analytics/views.js';

/** Who a view's figure on one competency rests on, recomputed from the people rows (not from the figures). */
export function contributors(report: InsightsReport, filter: Filter, competency: string): Set<string> {
  const people = report.people!;
  const k = report.settings.minGroupSize;
  const matches = (p: PersonRow) => (!filter.teams || filter.teams.includes(p.team)) && (!filter.roles || filter.roles.includes(p.role ?? ''));
  const groups = new Map<string, PersonRow[]>();
  for (const p of people) if (p.group) groups.set(p.group, [...(groups.get(p.group) ?? []), p]);
  const result = new Set<string>();
  for (const members of groups.values()) {
    if (!members.every(matches)) continue;
    const withEvidence = members.filter((m) => m.cells.some((c) => c.competency === competency));
    if (withEvidence.length >= k) withEvidence.forEach((m) => result.add(m.id));
  }
  return result;
}

/** A naive view (everyone matching the filter with evidence, shown from k people): what the rules must prevent. */
export function naive(report: InsightsReport, filter: Filter, competency: string): Set<string> {
  const ids = report.people!.filter((p) => (!filter.teams || filter.teams.includes(p.team)) && (!filter.roles || filter.roles.includes(p.role ?? '')) && p.cells.some((c) => c.competency === competency)).map((p) => p.id);
  return ids.length >= report.settings.minGroupSize ? new Set(ids) : new Set();
}

function randomFilter(report: InsightsReport, rng: Random): Filter {
  const pick = (xs: readonly string[]) => xs.filter(() => rng.next() < 0.5);
  const filter: Filter = {};
  if (rng.next() < 0.8) filter.teams = pick(report.teams);
  if (rng.next() < 0.5) filter.roles = pick(report.roles.map((r) => r.id));
  return filter;
}

/** Violations over `pairs` random filter pairs: figures over fewer than k, and differences of 1…k−1 people. */
export function violations(report: InsightsReport, pairs: number, rng: Random, view: typeof contributors): { small: number; differencing: number; shown: number } {
  const k = report.settings.minGroupSize;
  let small = 0;
  let differencing = 0;
  let shown = 0;
  for (let i = 0; i < pairs; i++) {
    const a = randomFilter(report, rng);
    const b = randomFilter(report, rng);
    const competency = report.competencies[rng.below(report.competencies.length)]!.id;
    const sa = view(report, a, competency);
    const sb = view(report, b, competency);
    if (view === contributors) {
      for (const [filter, set] of [[a, sa], [b, sb]] as const) {
        const figure = figuresFor(report, filter).competencies.find((c) => c.competency === competency)!.figure;
        if (isHidden(figure)) assert.equal(set.size, 0, 'hidden exactly when nobody can be counted');
        else {
          shown++;
          assert.equal(figure.n, set.size, 'the figure counts exactly the people it may rest on');
          if (figure.n < k) small++;
          for (const part of [figure.current, figure.target, figure.selfOther]) if (!isHidden(part) && part.n < k) small++;
        }
      }
    }
    let diff = 0;
    for (const id of sa) if (!sb.has(id)) diff++;
    for (const id of sb) if (!sa.has(id)) diff++;
    if (diff > 0 && diff < k) differencing++;
  }
  return { small, differencing, shown };
}

