/**
 * Figures for one filtered view (a team, some roles, the whole organisation), summed over the
 * report's groups that lie wholly inside the filter (privacy.ts). The element calls this when the
 * manager changes a filter; it reads only the report.
 */
import { cellsIn, type Cell, type CompetencyStats, type Filter, type StatusCounts } from './privacy.js';
import type { CompetencyFigure, Hidden, InsightsReport, ViewFigures } from './types.js';
import { isHidden } from './types.js';

type Source = Pick<InsightsReport, 'cells' | 'competencies' | 'roles' | 'settings'>;

function addCounts(into: StatusCounts | undefined, x: StatusCounts): StatusCounts {
  const base = into ?? { n: 0, meets: 0, probably: 0, 'probably-not': 0, gap: 0 };
  return { n: base.n + x.n, meets: base.meets + x.meets, probably: base.probably + x.probably, 'probably-not': base['probably-not'] + x['probably-not'], gap: base.gap + x.gap };
}

function addRecord(into: Record<string, number>, x: Record<string, number>): void {
  for (const [k, v] of Object.entries(x)) into[k] = (into[k] ?? 0) + v;
}

/** The level bench strength counts against: the highest level the view's roles require (else any role of the model). */
function benchLevel(source: Source, competency: string, roles: Set<string>): number | undefined {
  const levels = (inView: boolean) =>
    source.roles.filter((r) => !inView || roles.has(r.id)).flatMap((r) => r.requirements.filter((q) => q.competency === competency).map((q) => q.level));
  const own = levels(true);
  const any = own.length > 0 ? own : levels(false);
  return any.length > 0 ? Math.max(...any) : undefined;
}

export function figuresFor(source: Source, filter: Filter = {}): ViewFigures {
  const min = source.settings.minGroupSize;
  const cells = cellsIn(source.cells, filter);
  const hidden = (why: Hidden['hidden']): Hidden => ({ hidden: why, minimum: min });
  const none = cells.length === 0;
  const fits = new Set(cells.map((c) => c.id));
  const teams = filter.teams ? new Set(filter.teams) : undefined;
  const roles = filter.roles ? new Set(filter.roles) : undefined;
  const partial = source.cells.some((c) => !fits.has(c.id) && c.teams.some((t) => !teams || teams.has(t)) && c.roles.some((r) => !roles || roles.has(r)));
  const rolesInView = new Set(cells.flatMap((c) => c.roles));

  const competencies = source.competencies.map(({ id }) => {
    const parts = cells.map((c) => c.competencies[id]).filter((s): s is CompetencyStats => !!s);
    if (parts.length === 0) return { competency: id, figure: hidden(none ? 'group-below-minimum' : 'too-few-with-evidence') };
    const bands: Record<string, number> = {};
    const holders: Record<string, number> = {};
    let n = 0;
    let sum = 0;
    let due = 0;
    let current: StatusCounts | undefined;
    let target: StatusCounts | undefined;
    let selfOther: { n: number; blindSpots: number; hiddenStrengths: number } | undefined;
    for (const s of parts) {
      n += s.n;
      sum += s.sumLevel;
      due += s.due;
      addRecord(bands, s.bands);
      addRecord(holders, s.holders);
      if (s.current) current = addCounts(current, s.current);
      if (s.target) target = addCounts(target, s.target);
      if (s.selfOther) selfOther = { n: (selfOther?.n ?? 0) + s.selfOther.n, blindSpots: (selfOther?.blindSpots ?? 0) + s.selfOther.blindSpots, hiddenStrengths: (selfOther?.hiddenStrengths ?? 0) + s.selfOther.hiddenStrengths };
    }
    const level = benchLevel(source, id, rolesInView);
    const count = level === undefined ? undefined : (holders[level] ?? 0);
    const figure: CompetencyFigure = {
      competency: id,
      n,
      meanLevel: sum / n,
      bands,
      bench: level === undefined ? undefined : { level, holders: count!, risk: count === 0 ? 'none' : count === 1 ? 'single-holder' : 'ok' },
      holders,
      due,
      current: current ?? hidden('too-few-with-evidence'),
      target: target ?? hidden('too-few-with-evidence'),
      selfOther: selfOther ?? hidden('too-few-with-evidence'),
    };
    return { competency: id, figure };
  });

  const shares = (pick: (f: CompetencyFigure) => { people: number; of: number } | undefined) =>
    competencies
      .flatMap(({ competency, figure }) => {
        if (isHidden(figure)) return [];
        const x = pick(figure);
        return x && x.people > 0 ? [{ competency, ...x, share: x.people / x.of }] : [];
      })
      .sort((a, b) => b.share - a.share || b.people - a.people);

  let readiness: StatusCounts | undefined;
  for (const c of cells) if (c.readiness) readiness = addCounts(readiness, c.readiness);

  const periods = [...new Set(cells.flatMap((c) => Object.keys(c.periods)))].sort();
  const culture = source.competencies.map(({ id }) => ({
    competency: id,
    periods: periods.map((period) => {
      const all = cells.map((c) => c.periods[period]?.[id]);
      const parts = all.filter((x): x is { n: number; sumLevel: number; bands: Record<string, number> } => typeof x === 'object' && x !== null);
      // Groups held back against differencing are left out like groups without enough evidence (n says how many are counted).
      if (parts.length === 0) return { period, figure: hidden(none ? 'group-below-minimum' : all.includes('too-few-changed') ? 'too-few-changed' : 'too-few-with-evidence') };
      const bands: Record<string, number> = {};
      parts.forEach((p) => addRecord(bands, p.bands));
      const n = parts.reduce((s, p) => s + p.n, 0);
      return { period, figure: { n, meanLevel: parts.reduce((s, p) => s + p.sumLevel, 0) / n, bands } };
    }),
  }));

  return {
    filter: { ...(filter.teams ? { teams: [...filter.teams] } : {}), ...(filter.roles ? { roles: [...filter.roles] } : {}) },
    people: none ? hidden('group-below-minimum') : cells.reduce((s: number, c: Cell) => s + c.size, 0),
    partial,
    competencies,
    gaps: shares((f) => (isHidden(f.current) ? undefined : { people: f.current['probably-not'] + f.current.gap, of: f.current.n })),
    blindSpots: shares((f) => (isHidden(f.selfOther) ? undefined : { people: f.selfOther.blindSpots, of: f.selfOther.n })),
    readiness: readiness ?? hidden(none ? 'group-below-minimum' : 'too-few-with-evidence'),
    culture,
  };
}
