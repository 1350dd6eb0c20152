/**
 * Mentor matching: someone clearly strong where another has a gap. Each mentee gets at most one
 * mentor (for one gap); each mentor takes at most `capacity` mentees, and each mentee beyond the first
 * costs `loadPenalty`, so load spreads over mentors when that loses little. A pair's value:
 *
 *   10 (a match) + need (1 − P(mentee meets), +0.5 if critical, +0.5 for the current role)
 *      + ½ P(mentor reaches a level above the need) + 1 if both are in the same team.
 *
 * The proposal maximises the total value minus the load penalties, exactly: a min-cost flow
 * source → mentee → (competency, level, team | any) → mentor → sink, where the mentor's k-th unit
 * to the sink costs (k − 1)·penalty. A mentor qualifies for a need when P(reaching the level above
 * it) is at least the confidence setting. Successive shortest paths take one shortest-path search per
 * pair, which is too slow for thousands of people; above `EXACT_ARC_LIMIT` arcs the proposal is
 * greedy (best pair value first, load penalties as they accrue) and says it is not proven optimal.
 */
import { MinCostFlow } from './flow.js';
import { levelAbove, pReaches } from './levels.js';
import type { CompetencyInfo, MentorPair, MentorProposal, PersonRow } from './types.js';

export const MATCH_VALUE = 10;
export const SAME_TEAM_BONUS = 1;
/** Flow networks larger than this are matched greedily (see above). */
export const EXACT_ARC_LIMIT = 40_000;
const GREEDY_CANDIDATES = 8;

export interface MentorSettings {
  confidence: number;
  capacity: number;
  loadPenalty: number;
}

export interface Need {
  competency: number;
  level: number;
  slot: 'current' | 'target';
  pMeets: number;
  value: number;
}

/** A person's gaps a mentor could help with: requirements they probably do not meet, current role first. */
export function needsOf(person: PersonRow, competencies: readonly CompetencyInfo[]): Need[] {
  const index = new Map(competencies.map((c, i) => [c.id, i]));
  const needs: Need[] = [];
  for (const cell of person.cells) {
    const c = index.get(cell.competency);
    if (c === undefined) continue;
    const req = cell.current && cell.current.pMeets < 0.5 ? { r: cell.current, slot: 'current' as const } : cell.target && cell.target.pMeets < 0.5 ? { r: cell.target, slot: 'target' as const } : undefined;
    if (!req) continue;
    const value = 1 - req.r.pMeets + (req.r.critical ? 0.5 : 0) + (req.slot === 'current' ? 0.5 : 0);
    needs.push({ competency: c, level: req.r.level, slot: req.slot, pMeets: req.r.pMeets, value });
  }
  return needs;
}

/** How clearly a person could mentor a need at (competency, level): P(reaching the level above), if at least `confidence`. */
export function mentorStrength(person: PersonRow, info: CompetencyInfo, level: number, confidence: number, cell = person.cells.find((x) => x.competency === info.id)): { p: number; level: number } | undefined {
  if (!cell) return undefined;
  const above = levelAbove(info, level);
  const p = pReaches(info, cell, above);
  return p >= confidence ? { p, level: above } : undefined;
}

export function pairValue(need: Need, strength: number, sameTeam: boolean): number {
  return MATCH_VALUE + need.value + 0.5 * strength + (sameTeam ? SAME_TEAM_BONUS : 0);
}

/** The total a proposal is worth (what the matching maximises): pair values minus load penalties. */
export function proposalValue(pairs: readonly { value: number; mentor: string }[], loadPenalty: number): number {
  const load = new Map<string, number>();
  let total = 0;
  for (const p of pairs) {
    const k = (load.get(p.mentor) ?? 0) + 1;
    load.set(p.mentor, k);
    total += p.value - (k - 1) * loadPenalty;
  }
  return total;
}

export function proposeMentors(people: readonly PersonRow[], competencies: readonly CompetencyInfo[], settings: MentorSettings): MentorProposal & { value: number } {
  const mentees = people.map((p) => ({ person: p, needs: needsOf(p, competencies) })).filter((m) => m.needs.length > 0);
  // Qualified mentors per (competency, level), with their strength.
  const hubsNeeded = new Map<string, { competency: number; level: number }>();
  for (const m of mentees) for (const n of m.needs) hubsNeeded.set(`${n.competency}:${n.level}`, { competency: n.competency, level: n.level });
  const qualified = new Map<string, { mentor: number; p: number; level: number }[]>();
  const cellsOf = people.map((p) => new Map(p.cells.map((c) => [c.competency, c])));
  for (const [key, { competency, level }] of hubsNeeded) {
    const list: { mentor: number; p: number; level: number }[] = [];
    const info = competencies[competency]!;
    people.forEach((person, i) => {
      const s = mentorStrength(person, info, level, settings.confidence, cellsOf[i]!.get(info.id));
      if (s) list.push({ mentor: i, p: s.p, level: s.level });
    });
    qualified.set(key, list);
  }
  const teamsWithMentors = new Map([...qualified].map(([key, list]) => [key, new Set(list.map((q) => people[q.mentor]!.team))]));
  // Nodes: source, mentees, hubs (competency, level, team | any), mentors, sink — in this order.
  const hubIndex = new Map<string, number>();
  const hubs: { key: string; team: string | undefined }[] = [];
  for (const m of mentees) {
    for (const n of m.needs) {
      const base = `${n.competency}:${n.level}`;
      if ((qualified.get(base) ?? []).length === 0) continue;
      for (const team of [undefined, m.person.team]) {
        const key = `${base}:${team ?? '*'}`;
        if (hubIndex.has(key)) continue;
        if (team !== undefined && !teamsWithMentors.get(base)!.has(team)) continue;
        hubIndex.set(key, hubs.length);
        hubs.push({ key: base, team });
      }
    }
  }
  const perTeam = new Map<string, number>();
  for (const [key, list] of qualified) for (const q of list) perTeam.set(`${key}:${people[q.mentor]!.team}`, (perTeam.get(`${key}:${people[q.mentor]!.team}`) ?? 0) + 1);
  const arcs = hubs.reduce((sum, hub) => sum + (hub.team === undefined ? qualified.get(hub.key)!.length : (perTeam.get(`${hub.key}:${hub.team}`) ?? 0)), 0);
  if (arcs > EXACT_ARC_LIMIT) return greedy(people, competencies, mentees, qualified, settings);
  const S = 0;
  const menteeNode = (i: number) => 1 + i;
  const hubNode = (h: number) => 1 + mentees.length + h;
  const mentorNode = (p: number) => 1 + mentees.length + hubs.length + p;
  const T = 1 + mentees.length + hubs.length + people.length;
  const flow = new MinCostFlow(T + 1);
  const menteeArcs: { arc: number; mentee: number; need: Need; hub: number }[] = [];
  mentees.forEach((m, i) => {
    flow.add(S, menteeNode(i), 1, 0);
    for (const need of m.needs) {
      for (const team of [undefined, m.person.team]) {
        const h = hubIndex.get(`${need.competency}:${need.level}:${team ?? '*'}`);
        if (h === undefined) continue;
        // The hub's own arc to a mentor carries ½·strength; the same-team bonus rides on the team hub.
        const arc = flow.add(menteeNode(i), hubNode(h), 1, -(MATCH_VALUE + need.value + (team !== undefined ? SAME_TEAM_BONUS : 0)));
        menteeArcs.push({ arc, mentee: i, need, hub: h });
      }
    }
  });
  const hubArcs: { arc: number; hub: number; mentor: number; p: number; level: number }[] = [];
  hubs.forEach((hub, h) => {
    for (const q of qualified.get(hub.key)!) {
      if (hub.team !== undefined && people[q.mentor]!.team !== hub.team) continue;
      hubArcs.push({ arc: flow.add(hubNode(h), mentorNode(q.mentor), settings.capacity, -0.5 * q.p), hub: h, mentor: q.mentor, p: q.p, level: q.level });
    }
  });
  const mentorsUsed = new Set(hubArcs.map((a) => a.mentor));
  for (const p of [...mentorsUsed].sort((a, b) => a - b)) for (let k = 0; k < settings.capacity; k++) flow.add(mentorNode(p), T, 1, k * settings.loadPenalty);
  const cost = flow.run(S, T);

  // Read the pairs: within a hub every pairing of its incoming mentees and outgoing mentors costs the same.
  const incoming = new Map<number, { mentee: number; need: Need }[]>();
  for (const a of menteeArcs) if (flow.flow(a.arc) > 0) incoming.set(a.hub, [...(incoming.get(a.hub) ?? []), { mentee: a.mentee, need: a.need }]);
  const pairs: MentorPair[] = [];
  for (const a of hubArcs) {
    for (let k = flow.flow(a.arc); k > 0; k--) {
      const m = incoming.get(a.hub)!.shift()!;
      pairs.push(pairOf(people[a.mentor]!, mentees[m.mentee]!.person, m.need, a, competencies));
    }
  }
  return finish(pairs, mentees, competencies, settings, -cost, true);
}

type Mentee = { person: PersonRow; needs: Need[] };

function pairOf(mentor: PersonRow, mentee: PersonRow, need: Need, strength: { p: number; level: number }, competencies: readonly CompetencyInfo[]): MentorPair {
  return {
    mentor: mentor.id,
    mentee: mentee.id,
    competency: competencies[need.competency]!.id,
    level: need.level,
    sameTeam: mentor.team === mentee.team,
    reason: { menteePMeets: need.pMeets, mentorPReaches: strength.p, mentorLevel: strength.level, slot: need.slot },
  };
}

function finish(pairs: MentorPair[], mentees: readonly Mentee[], competencies: readonly CompetencyInfo[], settings: MentorSettings, value: number, exact: boolean): MentorProposal & { value: number } {
  const matched = new Set(pairs.map((p) => p.mentee));
  const unmatched = mentees
    .filter((m) => !matched.has(m.person.id))
    .map((m) => {
      const top = m.needs.reduce((a, b) => (b.value > a.value ? b : a));
      return { mentee: m.person.id, competency: competencies[top.competency]!.id, level: top.level };
    });
  pairs.sort((a, b) => a.mentor.localeCompare(b.mentor) || a.mentee.localeCompare(b.mentee));
  return { pairs, unmatched, capacity: settings.capacity, exact, value };
}

/** Best pair value first; a mentor's next mentee is worth the penalty less. */
function greedy(people: readonly PersonRow[], competencies: readonly CompetencyInfo[], mentees: readonly Mentee[], qualified: Map<string, { mentor: number; p: number; level: number }[]>, settings: MentorSettings): MentorProposal & { value: number } {
  const options: { mentee: number; need: Need; mentor: number; p: number; level: number; value: number }[] = [];
  // Per need, the few strongest mentors in the same team and overall are enough for a greedy choice.
  const strongest = new Map<string, { mentor: number; p: number; level: number }[]>();
  for (const [key, list] of qualified) {
    const sorted = [...list].sort((a, b) => b.p - a.p);
    strongest.set(key, sorted.slice(0, GREEDY_CANDIDATES));
    for (const q of sorted) {
      const teamKey = `${key}:${people[q.mentor]!.team}`;
      const own = strongest.get(teamKey) ?? [];
      if (own.length < GREEDY_CANDIDATES) own.push(q);
      strongest.set(teamKey, own);
    }
  }
  mentees.forEach((m, i) => {
    for (const need of m.needs) {
      const key = `${need.competency}:${need.level}`;
      for (const q of new Set([...(strongest.get(`${key}:${m.person.team}`) ?? []), ...(strongest.get(key) ?? [])])) {
        options.push({ mentee: i, need, mentor: q.mentor, p: q.p, level: q.level, value: pairValue(need, q.p, people[q.mentor]!.team === m.person.team) });
      }
    }
  });
  options.sort((a, b) => b.value - a.value);
  const load = new Int32Array(people.length);
  const done = new Uint8Array(mentees.length);
  const pairs: MentorPair[] = [];
  let value = 0;
  for (const o of options) {
    if (done[o.mentee] || load[o.mentor]! >= settings.capacity) continue;
    done[o.mentee] = 1;
    value += o.value - load[o.mentor]! * settings.loadPenalty;
    load[o.mentor]!++;
    pairs.push(pairOf(people[o.mentor]!, mentees[o.mentee]!.person, o.need, o, competencies));
  }
  return finish(pairs, mentees, competencies, settings, value, false);
}
