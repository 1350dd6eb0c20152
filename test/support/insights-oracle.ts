// Exhaustive answers for the team analytics, to check the fast ones against: every assignment of
// mentees to mentors (pools up to 8 people), every subset of a pool (team builder, up to 20 people).
import { MATCH_VALUE, mentorStrength, needsOf, pairValue } from '../../src/insights/analytics/mentors.js';
import type { CompetencyInfo, PersonRow } from '../../src/insights/analytics/types.js';
import { coverage, type ProjectNeed } from '../../src/insights/analytics/team-builder.js';

/** The best total (pair values minus load penalties) over every assignment, by depth-first enumeration. */
export function bestMentorValue(people: readonly PersonRow[], competencies: readonly CompetencyInfo[], settings: { confidence: number; capacity: number; loadPenalty: number }): number {
  // Each mentee's options: the best value with each mentor (over the needs that mentor covers).
  const options = people.map((mentee) => {
    const best = new Map<number, number>();
    for (const need of needsOf(mentee, competencies)) {
      people.forEach((mentor, j) => {
        if (mentor === mentee) return;
        const s = mentorStrength(mentor, competencies[need.competency]!, need.level, settings.confidence);
        if (!s) return;
        const v = pairValue(need, s.p, mentor.team === mentee.team);
        if (v > (best.get(j) ?? Number.NEGATIVE_INFINITY)) best.set(j, v);
      });
    }
    return [...best];
  });
  const load = new Array<number>(people.length).fill(0);
  let best = 0;
  const visit = (i: number, total: number): void => {
    if (i === people.length) {
      best = Math.max(best, total);
      return;
    }
    visit(i + 1, total);
    for (const [j, v] of options[i]!) {
      if (load[j]! >= settings.capacity) continue;
      const penalty = load[j]! * settings.loadPenalty;
      load[j]!++;
      visit(i + 1, total + v - penalty);
      load[j]!--;
    }
  };
  visit(0, 0);
  return best;
}

/** How many mentees a value stands for (each pair is worth MATCH_VALUE plus less than MATCH_VALUE). */
export const matchesIn = (value: number): number => Math.round(value / MATCH_VALUE);

/** The smallest number of people from `people` covering every need as far as the pool can, by trying subsets in size order. */
export function smallestTeamSize(people: readonly PersonRow[], competencies: readonly CompetencyInfo[], needs: readonly ProjectNeed[], confidence: number): number {
  const cover = coverage(people, competencies, needs, confidence);
  const demand = needs.map((n, j) => Math.min(n.count ?? 1, cover[j]!.length));
  const masks = cover.map((list) => list.reduce((m, { person }) => m | (1 << person), 0));
  const n = people.length;
  const popcount = (x: number): number => {
    let c = 0;
    for (; x; x &= x - 1) c++;
    return c;
  };
  let best = Number.POSITIVE_INFINITY;
  for (let set = 0; set < 1 << n; set++) {
    const size = popcount(set);
    if (size >= best) continue;
    if (masks.every((m, j) => popcount(m & set) >= demand[j]!)) best = size;
  }
  return best;
}
