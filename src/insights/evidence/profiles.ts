/**
 * Evidence records → one fused profile per person: each rater's answers in order (their latest
 * answer per item counts), fused by the engine exactly as `fuseAssessments` fuses saved states.
 */
import { fuseRaterResponses, type RaterResponses } from '../../assessment/session.js';
import type { Response } from '../../assessment/types.js';
import type { Model, Rater } from '../../model/types.js';
import type { Person, PersonProfile, SkipCounts } from '../types.js';
import type { AnswerRecord, ConsentRecord, FinishRecord, SkipReason } from './read.js';
import { parseResponse } from './responses.js';

export interface ProfileOptions {
  /** When given, only people on it are profiled, a manager's rating counts only from their manager, a peer's only from someone on it. */
  roster?: readonly Person[] | undefined;
  /** People whose latest consent statement is an opt-out (`optedOut` on their profile: every aggregate leaves them out). */
  optedOut?: ReadonlySet<string> | undefined;
  /** Answers not (yet) in the statements, e.g. the assessment just finished on this page, for one person. */
  extra?: { person: string; raters: readonly RaterResponses[] } | undefined;
}

export function countSkip(skipped: SkipCounts, reason: SkipReason, n = 1): void {
  skipped[reason] = (skipped[reason] ?? 0) + n;
}

/** When evidence was given: its timestamp, but never after the LRS stored it (a clock ahead cannot move it later). */
const givenAt = (r: { timestamp: string; stored: string }): string => (r.timestamp && r.timestamp < r.stored ? r.timestamp : r.stored);

const RATER_ORDER: Record<Rater, number> = { self: 0, manager: 1, peer: 2 };
const byTime = (a: AnswerRecord, b: AnswerRecord): number =>
  a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : a.sequence - b.sequence || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The people whose latest consent record (by stored time, then id) is an opt-out. */
export function optedOutPeople(consents: Iterable<ConsentRecord>): Set<string> {
  const latest = new Map<string, ConsentRecord>();
  for (const c of consents) {
    const was = latest.get(c.person);
    if (!was || c.stored > was.stored || (c.stored === was.stored && c.id > was.id)) latest.set(c.person, c);
  }
  return new Set([...latest.values()].filter((c) => c.optedOut).map((c) => c.person));
}

/** Whether the roster lets this rater's evidence about this person count. */
function permitted(roster: Map<string, Person>, person: Person, a: AnswerRecord): SkipReason | undefined {
  if (a.rater === 'self') return undefined;
  if (a.rater === 'manager') return person.manager === a.raterKey ? undefined : 'rater-not-on-roster';
  return roster.has(a.raterKey) && a.raterKey !== person.manager ? undefined : 'rater-not-on-roster';
}

interface RaterGroup {
  rater: Rater;
  raterKey: string;
  answers: AnswerRecord[];
}

/**
 * Profiles from answers and attempt ends (already deduplicated and without voided statements).
 * Skips are added to `skipped`; people are returned in order of their key.
 */
export function buildProfiles(model: Model, answers: Iterable<AnswerRecord>, finishes: Iterable<FinishRecord>, options: ProfileOptions = {}, skipped: SkipCounts = {}): PersonProfile[] {
  const roster = options.roster ? new Map(options.roster.map((p) => [p.id, p])) : undefined;
  const people = new Map<string, Map<string, RaterGroup>>();
  for (const a of answers) {
    if (roster) {
      const person = roster.get(a.person);
      const why = person ? permitted(roster, person, a) : 'person-not-on-roster';
      if (why) {
        countSkip(skipped, why);
        continue;
      }
    }
    let raters = people.get(a.person);
    if (!raters) people.set(a.person, (raters = new Map()));
    const key = `${a.rater}|${a.raterKey}`;
    let group = raters.get(key);
    if (!group) raters.set(key, (group = { rater: a.rater, raterKey: a.raterKey, answers: [] }));
    group.answers.push(a);
  }
  const ends = new Map<string, FinishRecord[]>();
  for (const f of finishes) {
    const list = ends.get(f.person);
    if (list) list.push(f);
    else ends.set(f.person, [f]);
  }
  const items = new Map(model.items.map((i) => [i.id, i]));
  const roleIds = new Set(model.roles.map((r) => r.id));
  const profiles: PersonProfile[] = [];
  if (options.extra && !people.has(options.extra.person)) people.set(options.extra.person, new Map());
  for (const personKey of [...people.keys()].sort()) {
    const groups = [...people.get(personKey)!.values()];
    for (const g of groups) g.answers.sort(byTime);
    groups.sort((a, b) => RATER_ORDER[a.rater] - RATER_ORDER[b.rater] || byTime(a.answers[0]!, b.answers[0]!));
    const personEnds = (ends.get(personKey) ?? []).sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
    const rosterPerson = roster?.get(personKey);
    const roles = rolesOf(rosterPerson, personEnds, roleIds);
    let first = '';
    let last = '';
    const raters: RaterResponses[] = groups.map((g) => {
      const registrations = new Set(g.answers.map((a) => a.registration));
      const end = personEnds.filter((f) => f.rater === g.rater && registrations.has(f.registration)).at(-1);
      const responses: Response[] = [];
      for (const a of g.answers) {
        const response = parseResponse(items.get(a.item)!, a.response, a.notApplicable);
        if (!response) {
          countSkip(skipped, 'invalid-response');
          continue;
        }
        responses.push(response);
        // When the evidence was given (not when an LRS import stored it), so that dates and the culture view's quarters agree.
        const at = givenAt(a);
        if (!first || at < first) first = at;
        if (at > last) last = at;
      }
      return { rater: g.rater, raterId: g.raterKey, responses, done: end !== undefined, stopReason: end?.stopReason };
    });
    if (options.extra?.person === personKey) {
      // The extra answers replace what the statements hold of the same rater.
      const replaced = new Set(options.extra.raters.map((r) => `${r.rater}|${r.raterId ?? ''}`));
      raters.splice(0, raters.length, ...raters.filter((r) => !replaced.has(`${r.rater}|${r.raterId ?? ''}`)), ...options.extra.raters);
      raters.sort((a, b) => RATER_ORDER[a.rater] - RATER_ORDER[b.rater]);
    }
    const withAnswers = raters.filter((r) => r.responses.length > 0);
    if (withAnswers.length === 0) continue;
    const results = fuseRaterResponses(model, withAnswers, { ...roles, onInvalid: () => countSkip(skipped, 'invalid-response') });
    if (!first) first = last = new Date(0).toISOString();
    const named = [...groups].reverse().flatMap((g) => g.answers.filter((a) => a.rater === 'self' && a.personName).map((a) => a.personName!));
    const person: Person = rosterPerson ? { ...rosterPerson } : { id: personKey, ...(named.at(-1) ? { name: named.at(-1)! } : {}) };
    if (!rosterPerson) {
      if (roles.currentRole) person.role = roles.currentRole;
      if (roles.targetRole) person.targetRole = roles.targetRole;
    }
    const distinct = (kind: Rater) => new Set(raters.filter((r) => r.rater === kind && r.responses.length > 0).map((r) => r.raterId)).size;
    profiles.push({
      person,
      model: { id: model.id, version: model.version },
      results,
      sources: { self: distinct('self') > 0, managers: distinct('manager'), peers: distinct('peer') },
      assessedAt: last,
      firstEvidenceAt: first,
      optedOut: options.optedOut?.has(personKey) ?? false,
    });
  }
  return profiles;
}

/** Roles from the roster when it names model roles, else from the latest attempt end (the person's own first). */
function rolesOf(person: Person | undefined, ends: readonly FinishRecord[], roleIds: ReadonlySet<string>): { currentRole?: string; targetRole?: string } {
  const valid = (id: string | undefined) => (id !== undefined && roleIds.has(id) ? id : undefined);
  if (person && (valid(person.role) || valid(person.targetRole))) {
    const currentRole = valid(person.role);
    const targetRole = valid(person.targetRole);
    return { ...(currentRole ? { currentRole } : {}), ...(targetRole ? { targetRole } : {}) };
  }
  const withRole = ends.filter((f) => f.currentRole || f.targetRole);
  const end = withRole.filter((f) => f.rater === 'self').at(-1) ?? withRole.at(-1);
  return { ...(end?.currentRole ? { currentRole: end.currentRole } : {}), ...(end?.targetRole ? { targetRole: end.targetRole } : {}) };
}



/** Quarter ends by `YYYY-MM` of UTC times: parsing a date per answer was a tenth of storing profiles. */
const quarterEnds = new Map<string, string>();
const UTC_MONTH = /^\d{4}-\d\d-\d\dT[^+]*Z$/;

/** The last instant of an ISO date's calendar quarter (UTC), as ISO 8601. */
export function quarterEnd(iso: string): string {
  const month = UTC_MONTH.test(iso) ? iso.slice(0, 7) : undefined;
  const known = month && quarterEnds.get(month);
  if (known) return known;
  const d = new Date(iso);
  const end = new Date(Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3 + 3, 1) - 1).toISOString();
  if (month) quarterEnds.set(month, end);
  return end;
}

/**
 * Earlier fused profiles of people assessed again (the culture view over time): for each calendar quarter
 * in which a person gave evidence but not their last, the profile fused from the evidence given by that
 * quarter's end (each rater's latest answer per item by then), dated, like every profile, when its last
 * evidence was given.
 * The newest profile (`buildProfiles`) is not repeated; people with evidence in one quarter only have none.
 */
export function buildHistory(model: Model, answers: Iterable<AnswerRecord>, finishes: Iterable<FinishRecord>, options: ProfileOptions = {}): PersonProfile[] {
  const byPerson = new Map<string, AnswerRecord[]>();
  for (const a of answers) {
    const list = byPerson.get(a.person);
    if (list) list.push(a);
    else byPerson.set(a.person, [a]);
  }
  const ends = [...finishes];
  const history: PersonProfile[] = [];
  const { extra: _extra, ...rest } = options;
  for (const list of byPerson.values()) {
    const cutoffs = [...new Set(list.map((a) => quarterEnd(givenAt(a))))].sort().slice(0, -1);
    for (const cutoff of cutoffs) {
      const before = list.filter((a) => givenAt(a) <= cutoff);
      // Skips were counted when the newest profile was built: this pass must not count them again.
      const [profile] = buildProfiles(model, before, ends.filter((f) => f.person === list[0]!.person && givenAt(f) <= cutoff), rest, {});
      if (profile) history.push(profile);
    }
  }
  return history;
}
