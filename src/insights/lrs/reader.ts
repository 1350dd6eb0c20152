/**
 * Reading Pathway statements from an LRS's statements resource, incrementally and robustly.
 *
 * What it assumes of an LRS (docs/insights.md, "What the reader assumes of an LRS"):
 * - `ascending=true` orders by `stored` (checked: a page out of order is an error), `since` is
 *   exclusive and `until` inclusive on `stored` (xAPI 1.0.3 §2.1.3);
 * - nothing is stored later with a `stored` at or before `X-Experience-API-Consistent-Through`;
 * - `related_agents=true` matches an agent as a member of `context.team` (§2.1.3), where a cmi5
 *   rating names the person rated;
 * - nothing of `more` links: they may repeat or skip statements (the in-memory `xapi-statements` keys
 *   its cursor on v1 UUID strings, which wrap every 429.5 s). The reader pages by `since` (overlapping
 *   by a millisecond; repeats are dropped by statement id downstream) and reads more than a page of
 *   statements stored in one millisecond as that millisecond alone, with a larger limit.
 *
 * The credential is used only for these requests: never stored, logged or put in a checkpoint.
 */
import { checkEndpoint } from '../../tracking/endpoint.js';
import type { Agent } from '../../tracking/types.js';
import { PROFILE_VERSION_IRI } from '../../tracking/vocabulary.js';

export interface LrsSource {
  /** The xAPI base URL (statements are at `statements`). */
  endpoint: string;
  /** The Authorization header value, e.g. `Basic …`. */
  auth?: string | undefined;
  /** Allows http:// for hosts other than loopback. */
  allowInsecure?: boolean;
  fetch?: typeof fetch;
}

export interface StatementQuery {
  /** Default: the Pathway profile version (every Pathway statement has it in `category`), with `related_activities`. */
  activity?: string;
  verb?: string;
  agent?: Agent;
  /** With `agent`: also statements naming them as instructor or team member (a cmi5 rating names the person rated as its team). */
  relatedAgents?: boolean;
  registration?: string;
  /** Statements per request (default 500; an LRS may return fewer). */
  limit?: number;
}

/** Where a sync stands: everything stored up to `watermark` (inclusive) has been read. */
export interface Checkpoint {
  watermark?: string | undefined;
}

export interface Page {
  statements: unknown[];
  /** Safe to persist once `statements` are stored: resuming from it misses nothing. */
  checkpoint: Checkpoint;
  consistentThrough: string | undefined;
}

export class LrsReadError extends Error {
  override name = 'LrsReadError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const minus1ms = (iso: string): string => new Date(Date.parse(iso) - 1).toISOString();
const storedOf = (s: unknown): string | undefined => {
  const v = (s as { stored?: unknown } | null)?.stored;
  return typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? v : undefined;
};
/** Compares ISO times by instant (LRSs write different precisions and zones). */
const later = (a: string, b: string): boolean => Date.parse(a) > Date.parse(b);
const earliest = (a: string, b: string | undefined): string => (b !== undefined && later(a, b) ? b : a);

export class LrsStatementReader {
  private readonly endpoint: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly source: LrsSource) {
    this.endpoint = checkEndpoint(source.endpoint, { allowInsecure: source.allowInsecure ?? false });
    this.fetch = source.fetch ?? globalThis.fetch.bind(globalThis);
  }

  private url(query: StatementQuery, window: { since?: string | undefined; until?: string; limit?: number }): string {
    const params = new URLSearchParams({ ascending: 'true', limit: String(window.limit ?? query.limit ?? 500), activity: query.activity ?? PROFILE_VERSION_IRI, related_activities: 'true' });
    if (query.verb) params.set('verb', query.verb);
    if (query.agent) params.set('agent', JSON.stringify(query.agent));
    if (query.agent && query.relatedAgents) params.set('related_agents', 'true');
    if (query.registration) params.set('registration', query.registration);
    if (window.since) params.set('since', window.since);
    if (window.until) params.set('until', window.until);
    return `${this.endpoint}statements?${params}`;
  }

  private async get(url: string, signal?: AbortSignal): Promise<{ statements: unknown[]; more: string; consistentThrough: string | undefined }> {
    const target = new URL(url, this.endpoint);
    if (target.origin !== new URL(this.endpoint).origin) throw new LrsReadError(`the LRS sent a "more" link to another origin (${target.origin}); not followed`);
    const headers: Record<string, string> = { 'X-Experience-API-Version': '1.0.3', Accept: 'application/json' };
    if (this.source.auth) headers.Authorization = this.source.auth;
    const response = await this.fetch(target.href, { headers, credentials: 'omit', referrerPolicy: 'no-referrer', ...(signal ? { signal } : {}) });
    if (!response.ok) throw new LrsReadError(`GET statements: the LRS answered ${response.status} ${response.statusText}`.trim(), response.status);
    const body = (await response.json()) as { statements?: unknown; more?: unknown };
    if (!Array.isArray(body.statements)) throw new LrsReadError('GET statements: the answer has no "statements" array');
    const header = response.headers.get('X-Experience-API-Consistent-Through') ?? undefined;
    return { statements: body.statements, more: typeof body.more === 'string' ? body.more : '', consistentThrough: header && !Number.isNaN(Date.parse(header)) ? header : undefined };
  }

  /**
   * Pages of statements stored after `from.watermark`, oldest first, until the LRS has no more.
   * Persist each page's statements, then its checkpoint: stopping anywhere and resuming from the last
   * persisted checkpoint misses nothing (statements may come again: deduplicate by id).
   */
  async *pages(from: Checkpoint = {}, query: StatementQuery = {}, signal?: AbortSignal): AsyncGenerator<Page> {
    let watermark = from.watermark;
    // Overlap by a millisecond: statements stored in the watermark's millisecond after it was taken are
    // read again, not lost. Once that millisecond has been read whole, `since` moves past it.
    let since = watermark ? minus1ms(watermark) : undefined;
    for (;;) {
      const page = await this.get(this.url(query, { since }), signal);
      const last = lastStored(page.statements);
      // Paging by `since` needs the oldest first; newest first would move the watermark past the rest.
      if (!ascending(page.statements)) throw new LrsReadError('GET statements: the LRS ignored ascending=true (a page is not in stored order); nothing of it was kept');
      if (last === undefined || watermark === undefined || later(last, watermark)) {
        const consistentThrough = page.consistentThrough;
        const next = last === undefined ? watermark : earliest(last, consistentThrough);
        yield { statements: page.statements, checkpoint: { watermark: next }, consistentThrough };
        if (last === undefined || next !== last) return;
        watermark = next;
        since = minus1ms(watermark);
        continue;
      }
      // Nothing later than the watermark in this answer: either the end, or more statements stored in
      // the watermark's millisecond than a page holds.
      if (!page.more) {
        yield { statements: page.statements, checkpoint: { watermark }, consistentThrough: page.consistentThrough };
        return;
      }
      if (since === watermark) throw new LrsReadError(`the LRS answered statements stored at ${watermark} to a request for those stored since then ("since" must be exclusive)`);
      const tie = await this.millisecond(watermark, query, signal);
      yield { statements: tie.statements, checkpoint: { watermark }, consistentThrough: tie.consistentThrough };
      since = watermark;
    }
  }

  /**
   * Every statement stored in `at`'s millisecond, without trusting the LRS's `more` cursor (some skip:
   * docs/insights.md): that millisecond alone (`since` … `until`), asked for with a larger limit until
   * one answer holds all of it. Only an LRS that caps the limit below the millisecond's statements
   * leaves no choice but to follow `more` within it.
   */
  private async millisecond(at: string, query: StatementQuery, signal?: AbortSignal): Promise<{ statements: unknown[]; consistentThrough: string | undefined }> {
    const window = { since: minus1ms(at), until: at };
    for (let limit = 4 * (query.limit ?? 500); ; limit *= 4) {
      let page = await this.get(this.url(query, { ...window, limit }), signal);
      if (!page.more) return page;
      if (page.statements.length >= limit && limit < MAX_TIE_LIMIT) continue;
      const statements = [...page.statements];
      while (page.more) {
        page = await this.get(page.more, signal);
        statements.push(...page.statements);
      }
      return { statements, consistentThrough: page.consistentThrough };
    }
  }
}

/** The largest answer asked for to read one millisecond's statements without a `more` cursor. */
const MAX_TIE_LIMIT = 64_000;

function ascending(statements: readonly unknown[]): boolean {
  let previous = Number.NEGATIVE_INFINITY;
  for (const s of statements) {
    const stored = storedOf(s);
    if (stored === undefined) continue;
    const time = Date.parse(stored);
    if (time < previous) return false;
    previous = time;
  }
  return true;
}

function lastStored(statements: readonly unknown[]): string | undefined {
  let last: string | undefined;
  for (const s of statements) {
    const stored = storedOf(s);
    if (stored !== undefined && (last === undefined || later(stored, last))) last = stored;
  }
  return last;
}
