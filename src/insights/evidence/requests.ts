/**
 * Where rater requests stand: who was asked, who has answered, who is still missing — read from the
 * `request` extension every statement of a requested attempt carries, never from what anyone answered.
 * The result is what `buildInsightsReport` takes as `requests` (the report's `requests`, docs/team.md).
 */
import type { RaterRequestInput } from '../analytics/settings.js';
import { checkRequest, RequestError, type RaterRequest } from '../../tracking/request.js';
import type { Rater } from '../../model/types.js';
import { agentKey } from './agent.js';
import type { AnswerRecord, FinishRecord } from './read.js';

/** One rater's progress on one request: from the statements (or the store's `REQUEST_PROGRESS`). */
export interface RaterProgress {
  /** `<request id>/<rater index>`. */
  request: string;
  person: string;
  rater: Rater;
  raterKey: string;
  finished: boolean;
  /** `stored` of the rater's newest statement. */
  lastStored: string;
}

/** Progress per request place and rater, from answers and attempt ends already read (voided ones removed). */
export function progressOf(records: Iterable<AnswerRecord | FinishRecord>): RaterProgress[] {
  const byKey = new Map<string, RaterProgress>();
  for (const r of records) {
    if (!r.request) continue;
    const raterKey = r.kind === 'answer' ? r.raterKey : (r.raterKey ?? '');
    const key = `${r.request}|${r.person}|${r.rater}|${raterKey}`;
    const was = byKey.get(key);
    const finished = r.kind === 'finish';
    if (!was) byKey.set(key, { request: r.request, person: r.person, rater: r.rater, raterKey, finished, lastStored: r.stored });
    else {
      was.finished ||= finished;
      if (r.stored > was.lastStored) was.lastStored = r.stored;
    }
  }
  return [...byKey.values()].sort((a, b) => (a.request < b.request ? -1 : a.request > b.request ? 1 : a.raterKey < b.raterKey ? -1 : 1));
}

export interface RequestStatusOptions {
  /** People who opted out: their requests are left out (not even counted). */
  optedOut?: ReadonlySet<string>;
}

/**
 * Each request's raters with the time they finished (`answeredAt`), when they did. A named rater
 * (an agent in the request) counts only from that agent; the places of unnamed raters of one kind are
 * filled by whoever answered for that request as that kind (one package or link may serve every peer).
 * Progress from someone about another person than the request's is ignored.
 */
export function requestStatuses(requests: readonly RaterRequest[], progress: readonly RaterProgress[], options: RequestStatusOptions = {}): RaterRequestInput[] {
  const byRequest = new Map<string, RaterProgress[]>();
  for (const p of progress) {
    const id = p.request.slice(0, p.request.lastIndexOf('/'));
    byRequest.set(id, [...(byRequest.get(id) ?? []), p]);
  }
  const out: RaterRequestInput[] = [];
  for (const request of requests) {
    const person = agentKey(request.person);
    if (!person || options.optedOut?.has(person)) continue;
    const mine = (byRequest.get(request.id.toLowerCase()) ?? []).filter((p) => p.person === person);
    const named = new Map(request.raters.flatMap((r, i) => (r.agent ? [[agentKey(r.agent) ?? '', i] as const] : [])));
    const answeredAt = new Map<number, string>();
    const used = new Set<string>();
    // Named raters first: only their own statements count for their place.
    for (const [key, index] of named) {
      const done = mine.filter((p) => p.raterKey === key && p.rater === request.raters[index]!.kind && p.finished);
      if (done.length > 0) answeredAt.set(index, done.map((p) => p.lastStored).sort().at(-1)!);
      used.add(key);
    }
    // Unnamed places of each kind: distinct other raters who finished, their own place first.
    for (const kind of ['manager', 'peer'] as const) {
      const places = request.raters.flatMap((r, i) => (r.kind === kind && !r.agent ? [i] : []));
      const done = mine.filter((p) => p.rater === kind && p.finished && !used.has(p.raterKey));
      const byRater = new Map<string, RaterProgress>();
      for (const p of done) byRater.set(p.raterKey, p);
      const free = new Set(places);
      const rest: RaterProgress[] = [];
      for (const p of byRater.values()) {
        const own = Number(p.request.slice(p.request.lastIndexOf('/') + 1));
        if (free.has(own)) {
          answeredAt.set(own, p.lastStored);
          free.delete(own);
        } else rest.push(p);
      }
      for (const p of rest) {
        const place = [...free][0];
        if (place === undefined) break;
        answeredAt.set(place, p.lastStored);
        free.delete(place);
      }
    }
    const counts: Record<string, number> = {};
    out.push({
      person,
      raters: request.raters.map((r, i) => {
        counts[r.kind] = (counts[r.kind] ?? 0) + 1;
        const name = r.name ?? `${r.kind} ${counts[r.kind]}`;
        return { id: r.agent ? agentKey(r.agent) ?? `${request.id}/${i}` : `${request.id}/${i}`, name, kind: r.kind, ...(answeredAt.has(i) ? { answeredAt: answeredAt.get(i)! } : {}) };
      }),
    });
  }
  return out;
}

/** Rater requests from a file's text: a JSON array of requests, one request, or NDJSON (one per line). */
export function parseRequests(text: string): RaterRequest[] {
  const trimmed = text.trim();
  let values: unknown[];
  if (trimmed.startsWith('[')) values = JSON.parse(trimmed) as unknown[];
  else if (!trimmed.includes('\n')) values = [JSON.parse(trimmed)];
  else values = trimmed.split(/\r?\n/).filter((l) => l.trim() !== '').map((line, i) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      throw new RequestError(`line ${i + 1} is not JSON`);
    }
  });
  return values.map((v, i) => {
    try {
      checkRequest(v);
      return v;
    } catch (error) {
      throw new RequestError(`request ${i + 1}: ${(error as Error).message}`);
    }
  });
}
