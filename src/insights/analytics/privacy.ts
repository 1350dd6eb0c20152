/**
 * Group figures that never single anyone out (docs/team.md, "Privacy rules").
 *
 * People are partitioned once into groups ("cells") of at least `minGroupSize`: each team × role
 * with enough people is a cell; the rest of a team is pooled into one cell; what is still too small
 * is pooled across teams, and a pool still too small joins the smallest cell. Every figure is a sum
 * over whole cells, and a filtered view counts only the cells that lie wholly inside its filter. Any
 * two views then differ by whole cells (zero people or at least the minimum), and so does any
 * combination of views: no one can be recovered by subtracting figures. Within a cell, each figure
 * counts only if at least the minimum of its members contribute to it (e.g. have evidence on that
 * competency); otherwise the cell is left out of that figure, never folded into another.
 */
import type { Standing, Status } from './standing.js';

export interface StatusCounts {
  n: number;
  meets: number;
  probably: number;
  'probably-not': number;
  gap: number;
}

export interface CompetencyStats {
  /** People with evidence on the competency. */
  n: number;
  sumLevel: number;
  /** People per discrete level (level value → count). */
  bands: Record<string, number>;
  /** People who clearly reach each level (level value → count). */
  holders: Record<string, number>;
  /** Re-assessments due. */
  due: number;
  current: StatusCounts | null;
  target: StatusCounts | null;
  /** People with a self–other comparison, and how many of them have a blind spot / a hidden strength. */
  selfOther: { n: number; blindSpots: number; hiddenStrengths: number } | null;
}

/** A group of at least the minimum size; the unit every figure is summed over. */
export interface Cell {
  id: string;
  teams: string[];
  roles: string[];
  size: number;
  /** Per competency id; null when fewer than the minimum have evidence on it. */
  competencies: Record<string, CompetencyStats | null>;
  readiness: StatusCounts | null;
  /** Culture over time: period → competency → stats (null when too few; `too-few-changed` against differencing, see `cellStats`). */
  periods: Record<string, Record<string, { n: number; sumLevel: number; bands: Record<string, number> } | null | 'too-few-changed'>>;
}

export interface Filter {
  teams?: readonly string[];
  roles?: readonly string[];
}

const key = (s: Standing): string => `${s.team}\u0000${s.role ?? ''}`;

/** Partitions people into cells of at least `min` (see the module comment); [] when everyone together is fewer. */
export function partition(people: readonly Standing[], min: number): Standing[][] {
  if (people.length < min) return [];
  const byKey = new Map<string, Standing[]>();
  for (const s of people) {
    const group = byKey.get(key(s));
    if (group) group.push(s);
    else byKey.set(key(s), [s]);
  }
  const cells: Standing[][] = [];
  const teamRest = new Map<string, Standing[]>();
  for (const group of byKey.values()) {
    if (group.length >= min) cells.push(group);
    else teamRest.set(group[0]!.team, [...(teamRest.get(group[0]!.team) ?? []), ...group]);
  }
  let rest: Standing[] = [];
  for (const group of teamRest.values()) {
    if (group.length >= min) cells.push(group);
    else rest = rest.concat(group);
  }
  if (rest.length >= min || cells.length === 0) cells.push(rest);
  else if (rest.length > 0) {
    const smallest = cells.reduce((a, b) => (b.length < a.length ? b : a));
    smallest.push(...rest);
  }
  return cells;
}

function emptyCounts(): StatusCounts {
  return { n: 0, meets: 0, probably: 0, 'probably-not': 0, gap: 0 };
}

function count(into: StatusCounts, status: Status): void {
  into.n++;
  into[status]++;
}

const atLeast = <T extends { n: number }>(x: T, min: number): T | null => (x.n >= min ? x : null);

/** The statistics of one cell, each figure kept only when enough members contribute to it. */
export function cellStats(
  id: string,
  members: readonly Standing[],
  competencies: readonly { id: string; levels: number[] }[],
  holdsLevel: (s: Standing, competency: number, level: number) => boolean,
  min: number,
  periodsOf: (s: Standing) => { period: string; snapshot: string; levels: Map<string, { level: number; band: number }> }[],
): Cell {
  const stats: Record<string, CompetencyStats | null> = {};
  // Each member's cells by competency (the first of an id, as a search of the list finds), looked up once per competency.
  const cellsOf = members.map((person) => {
    const byId = new Map<string, Standing['cells'][number]>();
    for (const x of person.cells) if (!byId.has(x.competency)) byId.set(x.competency, x);
    return byId;
  });
  competencies.forEach((competency, c) => {
    const s: CompetencyStats = { n: 0, sumLevel: 0, bands: {}, holders: {}, due: 0, current: emptyCounts(), target: emptyCounts(), selfOther: { n: 0, blindSpots: 0, hiddenStrengths: 0 } };
    for (const level of competency.levels) s.holders[level] = 0;
    members.forEach((person, m) => {
      const cell = cellsOf[m]!.get(competency.id);
      if (!cell) return;
      s.n++;
      s.sumLevel += cell.level;
      s.bands[cell.band] = (s.bands[cell.band] ?? 0) + 1;
      for (const level of competency.levels) if (holdsLevel(person, c, level)) s.holders[level]!++;
      if (cell.reassessmentDue) s.due++;
      if (cell.current) count(s.current!, cell.current.status);
      if (cell.target) count(s.target!, cell.target.status);
      if (cell.selfOther && cell.selfOther !== 'unclear') {
        s.selfOther!.n++;
        if (cell.selfOther === 'blind-spot') s.selfOther!.blindSpots++;
        if (cell.selfOther === 'hidden-strength') s.selfOther!.hiddenStrengths++;
      }
    });
    stats[competency.id] = s.n >= min ? { ...s, current: atLeast(s.current!, min), target: atLeast(s.target!, min), selfOther: atLeast(s.selfOther!, min) } : null;
  });
  const readiness = emptyCounts();
  for (const person of members) if (person.readiness) count(readiness, person.readiness.status);
  const periods: Cell['periods'] = {};
  type Tally = { n: number; sumLevel: number; bands: Record<string, number>; who: Map<string, string> };
  const byPeriod = new Map<string, Map<string, Tally>>();
  for (const person of members) {
    for (const { period, snapshot, levels } of periodsOf(person)) {
      const map = byPeriod.get(period) ?? new Map<string, Tally>();
      byPeriod.set(period, map);
      for (const [competency, { level, band }] of levels) {
        const t: Tally = map.get(competency) ?? { n: 0, sumLevel: 0, bands: {}, who: new Map() };
        t.n++;
        t.sumLevel += level;
        t.bands[band] = (t.bands[band] ?? 0) + 1;
        t.who.set(person.id, snapshot);
        map.set(competency, t);
      }
    }
  }
  // Against differencing over time: a period is shown only when, since the last period shown, nobody or at
  // least `min` people changed (assessed again or for the first time). Snapshots only move forward, so any
  // two periods shown then differ by nobody or by at least `min` people, too.
  const shown = new Map<string, Map<string, string>>();
  for (const [period, map] of [...byPeriod].sort(([a], [b]) => a.localeCompare(b))) {
    periods[period] = Object.fromEntries(
      [...map].map(([competency, { who, ...t }]) => {
        if (t.n < min) return [competency, null];
        const before = shown.get(competency);
        const changed = before ? [...who].filter(([id, snapshot]) => before.get(id) !== snapshot).length + [...before.keys()].filter((id) => !who.has(id)).length : 0;
        if (changed > 0 && changed < min) return [competency, 'too-few-changed'];
        shown.set(competency, who);
        return [competency, t];
      }),
    );
  }
  return {
    id,
    teams: [...new Set(members.map((m) => m.team))].sort(),
    roles: [...new Set(members.map((m) => m.role ?? ''))].sort(),
    size: members.length,
    competencies: stats,
    readiness: atLeast(readiness, min),
    periods,
  };
}

/** The cells wholly inside a filter. */
export function cellsIn(cells: readonly Cell[], filter: Filter): Cell[] {
  const teams = filter.teams ? new Set(filter.teams) : undefined;
  const roles = filter.roles ? new Set(filter.roles) : undefined;
  return cells.filter((c) => (!teams || c.teams.every((t) => teams.has(t))) && (!roles || c.roles.every((r) => roles.has(r))));
}
