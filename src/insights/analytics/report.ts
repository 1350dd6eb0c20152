/**
 * `buildInsightsReport`: from everyone's fused profiles to the team figures, with the privacy rules
 * applied before anything leaves (docs/team.md).
 */
import { levelThreshold, thetaToDiscreteLevel, thetaToLevel } from '../../model/levels.js';
import type { Model } from '../../model/types.js';
import type { PersonProfile } from '../types.js';
import { proposeMentors } from './mentors.js';
import { cellStats, partition } from './privacy.js';
import { resolveSettings, type InsightsOptions } from './settings.js';
import { indexModel, pAtLeast, standingOf, type Standing } from './standing.js';
import type { CompetencyInfo, InsightsReport, PersonRow, RoleInfo } from './types.js';
import { figuresFor } from './views.js';

/** The calendar quarter of an ISO date, e.g. "2026-Q3": the culture view's time step. */
export function quarterOf(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

export function buildInsightsReport(model: Model, profiles: readonly PersonProfile[], options: InsightsOptions = {}): InsightsReport {
  const ix = indexModel(model);
  // "Now" (the newest evidence) comes from people who take part: an opted-out person's date shows nowhere.
  const settings = resolveSettings(options, model.assessment?.confidence, profiles.filter((p) => !p.optedOut));
  const skipped: Record<string, number> = {};
  const skip = (reason: string) => (skipped[reason] = (skipped[reason] ?? 0) + 1);

  // Every snapshot per person, newest first; the newest decides whether they take part at all.
  const byPerson = new Map<string, PersonProfile[]>();
  for (const p of [...profiles, ...(options.history ?? [])]) {
    if (!p?.person?.id) skip('no-person-id');
    else if (p.model?.id !== model.id) skip('other-model');
    else if (p.model.version !== model.version) skip('other-model-version');
    else if (Number.isNaN(Date.parse(p.assessedAt))) skip('bad-date');
    else byPerson.set(p.person.id, [...(byPerson.get(p.person.id) ?? []), p]);
  }
  const latest: PersonProfile[] = [];
  const snapshots = new Map<string, PersonProfile[]>();
  for (const [id, list] of byPerson) {
    list.sort((a, b) => b.assessedAt.localeCompare(a.assessedAt));
    if (list[0]!.optedOut) continue; // absent from everything, not even counted
    latest.push(list[0]!);
    snapshots.set(id, list);
  }
  const standings = latest.map((p) => standingOf(ix, p, settings)).sort((a, b) => a.team.localeCompare(b.team) || (a.name ?? a.id).localeCompare(b.name ?? b.id));

  const competencies: CompetencyInfo[] = ix.competencies.map((c, i) => ({
    id: c.id,
    title: c.title,
    ...(c.group ? { group: c.group } : {}),
    levels: ix.scales[i]!.levels.map((l) => {
      const t = levelThreshold(ix.scales[i]!, l.level);
      return { level: l.level, label: l.label, threshold: Number.isFinite(t) ? t : null };
    }),
  }));
  const roles: RoleInfo[] = model.roles.map((r) => ({
    id: r.id,
    title: r.title,
    ...(r.next ? { next: r.next } : {}),
    requirements: r.requirements.map((q) => ({ competency: q.competency, level: q.level, critical: q.critical ?? false, weight: q.weight ?? 1 })),
  }));

  const culture = new Set(options.culture ?? ix.competencies.map((c) => c.id));
  for (const id of culture) if (!ix.index.has(id)) throw new RangeError(`culture: the model has no competency "${id}"`);
  // Culture over time: at the end of each quarter with evidence, everyone's newest profile by then.
  const periods = [...new Set([...snapshots.values()].flat().map((p) => quarterOf(p.assessedAt)))].sort();
  const periodsOf = (s: Standing) =>
    periods.flatMap((period) => {
      const p = (snapshots.get(s.id) ?? []).find((x) => quarterOf(x.assessedAt) <= period); // newest first
      if (!p) return [];
      const levels = new Map(
        p.results.competencies
          .filter((r) => culture.has(r.competency) && r.responses > 0 && ix.index.has(r.competency))
          .map((r) => {
            const scale = ix.scales[ix.index.get(r.competency)!]!;
            return [r.competency, { level: thetaToLevel(scale, r.theta), band: thetaToDiscreteLevel(scale, r.theta) }] as const;
          }),
      );
      return [{ period, snapshot: p.assessedAt, levels }];
    });
  // Each person's cells by competency (the first of an id, as a search of the list finds), made once.
  const cellsOf = new Map<Standing, Map<string, Standing['cells'][number]>>();
  const holds = (s: Standing, c: number, level: number): boolean => {
    let byId = cellsOf.get(s);
    if (!byId) {
      byId = new Map();
      for (const x of s.cells) if (!byId.has(x.competency)) byId.set(x.competency, x);
      cellsOf.set(s, byId);
    }
    const cell = byId.get(ix.competencies[c]!.id);
    return !!cell && pAtLeast(ix, c, level, cell.theta, cell.sd) >= settings.confidence;
  };
  const levelsOf = ix.competencies.map((c, i) => ({ id: c.id, levels: ix.scales[i]!.levels.map((l) => l.level) }));
  const groups = partition(standings, settings.minGroupSize);
  const cells = groups.map((members, i) => cellStats(`g${i + 1}`, members, levelsOf, holds, settings.minGroupSize, periodsOf));
  const groupOf = new Map(groups.flatMap((members, i) => members.map((m) => [m.id, cells[i]!.id] as const)));

  const teams = [...new Set(standings.map((s) => s.team))].sort();
  const base = { cells, competencies, roles, settings };
  const people: PersonRow[] | undefined = settings.individuals
    ? standings.map((s) => ({
        id: s.id,
        ...(s.name ? { name: s.name } : {}),
        team: s.team,
        ...(s.role ? { role: s.role } : {}),
        ...(s.targetRole ? { targetRole: s.targetRole } : {}),
        ...(s.manager ? { manager: s.manager } : {}),
        ...(groupOf.has(s.id) ? { group: groupOf.get(s.id)! } : {}),
        sources: s.sources,
        assessedAt: s.assessedAt,
        ageDays: Math.round(s.ageDays * 10) / 10,
        ...(s.reassessBy ? { reassessBy: s.reassessBy } : {}),
        reassessmentDue: s.cells.some((c) => c.reassessmentDue),
        ...(s.readiness ? { readiness: s.readiness } : {}),
        cells: s.cells,
      }))
    : undefined;
  // A request stays visible before anyone answered (its person may have no profile yet); an opted-out person's never shows.
  const hidden = new Set([...byPerson].filter(([, list]) => list[0]!.optedOut).map(([id]) => id));
  const requests = options.requests
    ?.filter((r) => !hidden.has(r.person))
    .map((r) => ({ person: r.person, ...(r.at ? { at: r.at } : {}), raters: r.raters.map((x) => ({ id: x.id, ...(x.name ? { name: x.name } : {}), kind: x.kind, answered: x.answeredAt !== undefined })) }));

  const report: InsightsReport = {
    format: 'pathway-insights-report/1',
    model: { id: model.id, version: model.version, title: model.title },
    settings,
    competencies,
    roles,
    teams,
    ...(people ? { people } : {}),
    cells,
    organisation: figuresFor(base),
    byTeam: Object.fromEntries(teams.map((t) => [t, figuresFor(base, { teams: [t] })])),
    ...(people ? { mentors: strip(proposeMentors(people, competencies, { confidence: settings.confidence, capacity: settings.mentorCapacity, loadPenalty: settings.mentorLoadPenalty })) } : {}),
    ...(requests ? { requests } : {}),
    skipped,
  };
  return report;
}

function strip<T extends { value: number }>(x: T): Omit<T, 'value'> {
  const { value: _value, ...rest } = x;
  return rest;
}
