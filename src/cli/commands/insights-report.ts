/**
 * The team figures of `pathway insights report` (src/insights/analytics: privacy rules applied
 * there, before anything is shown) as text for an L&D analyst.
 */
import { buildInsightsReport, isHidden, type InsightsReport, type RaterRequestInput, type ViewFigures } from '../../insights/analytics/index.js';
import { withRoster } from '../../insights/analytics/from-evidence.js';
import type { Person, PersonProfile } from '../../insights/types.js';
import type { Model } from '../../model/types.js';
import { table } from '../io.js';

const percent = (share: number): string => `${Math.round(share * 100)}%`;

export function analyticsReport(model: Model, profiles: readonly PersonProfile[], roster: readonly Person[] | undefined, requests?: readonly RaterRequestInput[], history: readonly PersonProfile[] = []): InsightsReport {
  // A roster's team and manager apply to the people in it (profiles built with a roster already carry them).
  return buildInsightsReport(model, withRoster(profiles, roster), { history: withRoster(history, roster), ...(requests ? { requests } : {}) });
}

function view(title: string, v: ViewFigures, hidden: (n: number) => string): string[] {
  const lines = [`${title}: ${isHidden(v.people) ? hidden(v.people.minimum) : `${v.people} people`}`];
  if (isHidden(v.people)) return lines;
  if (v.gaps.length > 0) lines.push(`  Most common gaps (current role): ${v.gaps.slice(0, 5).map((g) => `${g.competency} ${g.people}/${g.of} (${percent(g.share)})`).join(', ')}`);
  if (v.blindSpots.length > 0) lines.push(`  Blind spots (self-view above others'): ${v.blindSpots.slice(0, 5).map((g) => `${g.competency} ${g.people}/${g.of}`).join(', ')}`);
  return lines;
}

export function analyticsText(report: InsightsReport): string {
  const hidden = (minimum: number) => `not shown (fewer than ${minimum} people)`;
  const name = new Map((report.people ?? []).map((p) => [p.id, p.name ?? p.id]));
  const out: string[] = [...view('Organisation', report.organisation, hidden)];
  for (const [team, figures] of Object.entries(report.byTeam)) out.push(...view(`Team ${team}`, figures, hidden));
  const bench = report.organisation.competencies.flatMap(({ competency, figure }) =>
    isHidden(figure) || !figure.bench ? [] : [[competency, figure.bench.level, figure.bench.holders, figure.bench.risk === 'ok' ? '' : figure.bench.risk === 'none' ? 'no one' : 'one holder']],
  );
  if (bench.length > 0) out.push('', 'Bench strength (people who clearly reach the highest level a role needs):', table(['competency', 'level', 'holders', 'risk'], bench));
  const mentors = report.mentors;
  if (mentors && mentors.pairs.length > 0) {
    out.push('', `Mentors (at most ${mentors.capacity} mentees each${mentors.exact ? ', optimal' : ''}):`);
    out.push(table(['mentor', 'mentee', 'competency', 'level', 'same team'], mentors.pairs.map((p) => [name.get(p.mentor) ?? p.mentor, name.get(p.mentee) ?? p.mentee, p.competency, p.level, p.sameTeam ? 'yes' : 'no'])));
  }
  if (report.requests && report.requests.length > 0) {
    out.push('', 'Rater requests (who was asked and who has answered; never what anyone answered):');
    out.push(
      table(
        ['person rated', 'answered', 'still missing'],
        report.requests.map((r) => [name.get(r.person) ?? r.person, r.raters.filter((x) => x.answered).map((x) => x.name ?? x.id).join(', ') || '–', r.raters.filter((x) => !x.answered).map((x) => x.name ?? x.id).join(', ') || 'nobody']),
      ),
    );
  }
  if (mentors && mentors.unmatched.length > 0) out.push(`No mentor clearly covers: ${mentors.unmatched.map((u) => `${name.get(u.mentee) ?? u.mentee} on ${u.competency}`).join(', ')}`);
  return out.join('\n');
}
