/**
 * The team builder: the smallest set of people from a pool whose levels cover what a project needs.
 * A person covers a need (competency, level) when they clearly reach it (P ≥ the confidence
 * setting); a need may ask for several people. Needs nobody in the pool clearly covers stay
 * uncovered and are reported, the rest are covered by as few people as possible: an exact branch
 * and bound (branch on the need with the fewest candidates; bound by the largest remaining demand
 * and by demand ÷ the best coverage per person), started from the greedy answer and stopped after a
 * node budget, in which case the proposal says it is not proven smallest.
 */
import { pReaches } from './levels.js';
import type { CompetencyInfo, PersonRow } from './types.js';

export interface ProjectNeed {
  competency: string;
  level: number;
  /** How many people should bring it (default 1). */
  count?: number;
}

export interface TeamProposal {
  members: { id: string; covers: { competency: string; level: number; pReaches: number; only: boolean }[] }[];
  /** Needs the pool cannot cover (fully): how many more people it would take. */
  uncovered: { competency: string; level: number; missing: number }[];
  /** True when the search proved no smaller set covers what can be covered. */
  exact: boolean;
}

export interface TeamOptions {
  confidence: number;
  /** Person ids to choose from (default: everyone). */
  pool?: readonly string[];
  /** Search nodes before settling for the best found (default 50,000). */
  nodeBudget?: number;
}

export class TeamBuilderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TeamBuilderError';
  }
}

/** Who clearly covers each need: candidate indices into `people`, with their probability. */
export function coverage(people: readonly PersonRow[], competencies: readonly CompetencyInfo[], needs: readonly ProjectNeed[], confidence: number): { person: number; p: number }[][] {
  return needs.map((need) => {
    const info = competencies.find((c) => c.id === need.competency);
    if (!info) throw new TeamBuilderError(`the model has no competency "${need.competency}"`);
    if (!info.levels.some((l) => l.level === need.level)) throw new TeamBuilderError(`"${need.competency}" has no level ${need.level} (levels: ${info.levels.map((l) => l.level).join(', ')})`);
    if (need.count !== undefined && !(Number.isInteger(need.count) && need.count >= 1)) throw new TeamBuilderError(`count for "${need.competency}" must be a whole number of at least 1`);
    const list: { person: number; p: number }[] = [];
    people.forEach((person, i) => {
      const cell = person.cells.find((c) => c.competency === need.competency);
      if (!cell) return;
      const p = pReaches(info, cell, need.level);
      if (p >= confidence) list.push({ person: i, p });
    });
    return list;
  });
}

export function proposeTeam(people: readonly PersonRow[], competencies: readonly CompetencyInfo[], needs: readonly ProjectNeed[], options: TeamOptions): TeamProposal {
  if (needs.length === 0) throw new TeamBuilderError('a project needs at least one competency and level');
  const pool = options.pool ? new Set(options.pool) : undefined;
  const candidates = pool ? people.filter((p) => pool.has(p.id)) : [...people];
  const cover = coverage(candidates, competencies, needs, options.confidence);
  const demand = needs.map((n, j) => Math.min(n.count ?? 1, cover[j]!.length));
  const uncovered = needs.flatMap((n, j) => ((n.count ?? 1) > demand[j]! ? [{ competency: n.competency, level: n.level, missing: (n.count ?? 1) - demand[j]! }] : []));
  // Each candidate: the needs they cover.
  const covers = candidates.map(() => [] as number[]);
  cover.forEach((list, j) => list.forEach(({ person }) => covers[person]!.push(j)));
  const { chosen, exact } = smallestCover(covers, cover.map((l) => l.map((x) => x.person)), demand, options.nodeBudget ?? 50_000);
  const chosenSet = new Set(chosen);
  const members = chosen.map((i) => ({
    id: candidates[i]!.id,
    covers: covers[i]!.map((j) => ({
      competency: needs[j]!.competency,
      level: needs[j]!.level,
      pReaches: cover[j]!.find((x) => x.person === i)!.p,
      only: cover[j]!.filter((x) => chosenSet.has(x.person)).length <= demand[j]!,
    })),
  }));
  return { members, uncovered, exact };
}

/**
 * Minimum number of sets (people) so that each element j is covered at least demand[j] times.
 * `covers[i]`: elements person i covers; `candidates[j]`: people covering j.
 */
export function smallestCover(covers: readonly number[][], candidates: readonly number[][], demand: readonly number[], nodeBudget: number): { chosen: number[]; exact: boolean } {
  const m = demand.length;
  // Greedy first: the person covering most of what is still needed.
  const greedy: number[] = [];
  {
    const left = [...demand];
    const used = new Set<number>();
    while (left.some((d) => d > 0)) {
      let best = -1;
      let bestGain = 0;
      covers.forEach((list, i) => {
        if (used.has(i)) return;
        const gain = list.reduce((s, j) => s + (left[j]! > 0 ? 1 : 0), 0);
        if (gain > bestGain) {
          best = i;
          bestGain = gain;
        }
      });
      used.add(best);
      greedy.push(best);
      for (const j of covers[best]!) left[j] = Math.max(0, left[j]! - 1);
    }
  }
  let best = greedy;
  const widestCover = covers.reduce((w, list) => Math.max(w, list.length), 0);
  let nodes = 0;
  let exhausted = false;
  const left = [...demand];
  const banned = new Uint8Array(covers.length);
  const taken = new Uint8Array(covers.length);
  const chosen: number[] = [];
  const search = (): void => {
    if (++nodes > nodeBudget) {
      exhausted = true;
      return;
    }
    let total = 0;
    let maxLeft = 0;
    let pick = -1;
    let pickOptions = Number.POSITIVE_INFINITY;
    for (let j = 0; j < m; j++) {
      if (left[j]! <= 0) continue;
      total += left[j]!;
      maxLeft = Math.max(maxLeft, left[j]!);
      let options = 0;
      for (const i of candidates[j]!) if (!banned[i] && !taken[i]) options++;
      if (options < left[j]!) return; // infeasible branch
      if (options < pickOptions) {
        pickOptions = options;
        pick = j;
      }
    }
    if (pick < 0) {
      if (chosen.length < best.length) best = [...chosen];
      return;
    }
    // Nobody adds more than the needs they could cover that are still open: a cheap bound on each person's gain.
    let open = 0;
    for (let j = 0; j < m; j++) if (left[j]! > 0) open++;
    const bound = Math.max(maxLeft, Math.ceil(total / Math.max(1, Math.min(widestCover, open))));
    if (chosen.length + bound >= best.length) return;
    // Someone among the pick's candidates must join: branch on each, banning the earlier ones.
    const options = candidates[pick]!.filter((i) => !banned[i] && !taken[i]);
    options.sort((a, b) => covers[b]!.filter((j) => left[j]! > 0).length - covers[a]!.filter((j) => left[j]! > 0).length);
    const newlyBanned: number[] = [];
    for (const i of options) {
      taken[i] = 1;
      chosen.push(i);
      for (const j of covers[i]!) left[j]!--;
      search();
      for (const j of covers[i]!) left[j]!++;
      chosen.pop();
      taken[i] = 0;
      if (exhausted) break;
      banned[i] = 1;
      newlyBanned.push(i);
    }
    for (const i of newlyBanned) banned[i] = 0;
  };
  if (demand.some((d) => d > 0)) search();
  return { chosen: [...best].sort((a, b) => a - b), exact: !exhausted };
}
