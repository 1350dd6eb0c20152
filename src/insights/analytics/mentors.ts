/**
 * Mentor matching: someone clearly strong where another has a gap. Each mentee gets at most one
 * mentor (for one gap); each mentor takes at most `capacity` mentees, and each mentee beyond the first
 * costs `loadPenalty`, so load spreads over mentors when that loses little. A pair's value:
 *
 *   10 (a match) + need (1 − P(mentee meets), +0.5 if critical, +0.5 for the current role)
 *      + ½ P(mentor reaches a level above the need) + 1 if both are in the same team.
 *
 * The proposal maximises the total value minus the load penalties, exactly: a min-cost flow
 * mentee → (competency, level, team | any) → mentor → sink, where the mentor's k-th unit to the sink
 * costs (k − 1)·penalty and every mentee also has a free arc straight to the sink (no mentor). A
 * mentor qualifies for a need when P(reaching the level above it) is at least the confidence setting.
 * Because every mentee's unit must reach the sink, the flow is routed one mentee at a time, each by a
 * shortest-path search from that mentee alone (`MinCostFlow.assign`): the search stays near the
 * mentee instead of scanning the whole network once per pair, which keeps 2,000 people exact.
 */
import { normalCdf } from '../../planner/normal.js';
import { MinCostFlow } from './flow.js';
import { levelAbove, pReaches } from './levels.js';
import type { CompetencyInfo, MentorPair, MentorProposal, PersonRow } from './types.js';

export const MATCH_VALUE = 10;
export const SAME_TEAM_BONUS = 1;

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
export function needsOf(person: PersonRow, competencies: readonly CompetencyInfo[], index: ReadonlyMap<string, number> = new Map(competencies.map((c, i) => [c.id, i]))): Need[] {
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
  const index = new Map(competencies.map((c, i) => [c.id, i]));
  const mentees = people.map((p) => ({ person: p, needs: needsOf(p, competencies, index) })).filter((m) => m.needs.length > 0);
  // Qualified mentors per (competency, level), with their strength.
  const hubsNeeded = new Map<string, { competency: number; level: number }>();
  for (const m of mentees) for (const n of m.needs) hubsNeeded.set(`${n.competency}:${n.level}`, { competency: n.competency, level: n.level });
  const qualified = new Map<string, { mentor: number; p: number; level: number }[]>();
  // θ and sd per person and competency, and the z below which nobody can qualify: the same test as
  // `mentorStrength`, without looking cells and levels up 2,000 × 40 × levels times.
  const theta = competencies.map(() => new Float64Array(people.length).fill(Number.NaN));
  const sd = competencies.map(() => new Float64Array(people.length));
  people.forEach((person, i) => {
    for (const cell of person.cells) {
      const c = index.get(cell.competency);
      if (c === undefined) continue;
      theta[c]![i] = cell.theta;
      sd[c]![i] = cell.sd;
    }
  });
  const zMin = lowestZ(settings.confidence);
  for (const [key, { competency, level }] of hubsNeeded) {
    const list: { mentor: number; p: number; level: number }[] = [];
    const info = competencies[competency]!;
    const above = levelAbove(info, level);
    const threshold = info.levels.find((l) => l.level === above)!.threshold;
    const th = theta[competency]!;
    const s = sd[competency]!;
    for (let i = 0; i < people.length; i++) {
      if (Number.isNaN(th[i]!)) continue;
      let p = 1;
      if (threshold !== null) {
        const z = (th[i]! - threshold) / s[i]!;
        if (z < zMin) continue;
        p = normalCdf(z);
      }
      if (p >= settings.confidence) list.push({ mentor: i, p, level: above });
    }
    qualified.set(key, list);
  }
  // A team hub reaches that team's qualified mentors only.
  const byTeam = new Map<string, { mentor: number; p: number; level: number }[]>();
  for (const [key, list] of qualified) {
    for (const q of list) {
      const teamKey = `${key}:${people[q.mentor]!.team}`;
      const list = byTeam.get(teamKey) ?? [];
      list.push(q);
      byTeam.set(teamKey, list);
    }
  }
  // The "any" hub is worth an arc only when it reaches a mentor outside the mentee's team: through it,
  // a same-team mentor is worth the bonus less than through the team hub, so an optimum never uses it
  // (on a single team this halves the network each search relaxes).
  const hubTeams = (base: string, team: string): (string | undefined)[] => {
    const inTeam = byTeam.get(`${base}:${team}`)?.length ?? 0;
    return inTeam === (qualified.get(base) ?? []).length ? [team] : [undefined, team];
  };
  // Nodes: mentees, hubs (competency, level, team | any), mentors, sink — in this order.
  const hubIndex = new Map<string, number>();
  const hubs: { key: string; team: string | undefined }[] = [];
  for (const m of mentees) {
    for (const n of m.needs) {
      const base = `${n.competency}:${n.level}`;
      if ((qualified.get(base) ?? []).length === 0) continue;
      for (const team of hubTeams(base, m.person.team)) {
        const key = `${base}:${team ?? '*'}`;
        if (hubIndex.has(key)) continue;
        if (team !== undefined && !byTeam.has(`${base}:${team}`)) continue;
        hubIndex.set(key, hubs.length);
        hubs.push({ key: base, team });
      }
    }
  }
  const menteeNode = (i: number) => i;
  const hubNode = (h: number) => mentees.length + h;
  const mentorNode = (p: number) => mentees.length + hubs.length + p;
  const T = mentees.length + hubs.length + people.length;
  const flow = new MinCostFlow(T + 1);
  const menteeArcs: { arc: number; mentee: number; need: Need; hub: number }[] = [];
  mentees.forEach((m, i) => {
    flow.add(menteeNode(i), T, 1, 0); // no mentor
    for (const need of m.needs) {
      for (const team of hubTeams(`${need.competency}:${need.level}`, m.person.team)) {
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
    for (const q of (hub.team === undefined ? qualified.get(hub.key) : byTeam.get(`${hub.key}:${hub.team}`)) ?? []) {
      hubArcs.push({ arc: flow.add(hubNode(h), mentorNode(q.mentor), settings.capacity, -0.5 * q.p), hub: h, mentor: q.mentor, p: q.p, level: q.level });
    }
  });
  const mentorsUsed = new Set(hubArcs.map((a) => a.mentor));
  for (const p of [...mentorsUsed].sort((a, b) => a - b)) for (let k = 0; k < settings.capacity; k++) flow.add(mentorNode(p), T, 1, k * settings.loadPenalty);
  // Any order gives the optimum; mentees with the fewest needs first keep the later searches short
  // (measured: about a third less time than the roster's order on 2,000 people).
  const order = mentees.map((_, i) => menteeNode(i)).sort((a, b) => mentees[a]!.needs.length - mentees[b]!.needs.length || a - b);
  const cost = flow.assign(order, T);
  // Read the pairs: within a hub every pairing of its incoming mentees and outgoing mentors costs the same.
  const incoming = new Map<number, { mentee: number; need: Need }[]>();
  for (const a of menteeArcs) {
    if (flow.flow(a.arc) === 0) continue;
    const list = incoming.get(a.hub) ?? [];
    list.push({ mentee: a.mentee, need: a.need });
    incoming.set(a.hub, list);
  }
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

/** A z a little below the one where the normal CDF reaches `p` (bisection): a safe early rejection. */
function lowestZ(p: number): number {
  let lo = -40;
  let hi = 40;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return lo - 1e-9;
}

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
