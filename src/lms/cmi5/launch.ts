/**
 * The cmi5 launch, AU side (cmi5 §8): the five query parameters, the one-time POST to `fetch` for the
 * session's authorization token, and the session record that lets a reload of the page continue the
 * same session without fetching again (best practice #17).
 *
 * The session record lives in `sessionStorage` (this tab only), keyed by the registration and the
 * fetch URL — which the LMS makes for one session — and is removed when the session terminates. It
 * holds when the session began and which cmi5 statements the session already sent; no credential.
 *
 * The token is a credential, so it is kept in memory while the page is open. Only when the page goes
 * away (`pagehide`: perhaps a reload) is it handed over through sessionStorage, stamped; the next
 * page of the same session takes it out at once, and a hand-over older than HANDOVER_MS is thrown
 * away unread. It never reaches localStorage, cookies, logs or statements (docs/cmi5.md: threat model).
 */
import { normalizeActor } from '../../tracking/launch.js';
import type { Agent } from '../../tracking/types.js';
import { URL_NAMESPACE, isUuid, uuidV5 } from '../../tracking/uuid.js';
import { AU_VERBS, type AuVerb } from './vocabulary.js';

/** The query parameters the LMS adds to the AU's URL (§8.1), in any order. */
export const CMI5_LAUNCH_PARAMETERS = ['endpoint', 'fetch', 'actor', 'registration', 'activityId'] as const;

export interface Cmi5Launch {
  /** The LRS base URL (§8.1.1). */
  endpoint: string;
  /** The one-time URL that hands out the session's token (§8.1.2). */
  fetchUrl: string;
  /** The learner: an Agent with an `account` (§8.1.3, §9.2). */
  actor: Agent;
  registration: string;
  /** The LMS-generated activity id: the object of every cmi5 defined statement (§8.1.5). */
  activityId: string;
}

/** A launch the AU cannot work with; the message says what is wrong in words a learner can pass on. */
export class Cmi5LaunchError extends Error {
  constructor(
    message: string,
    /** The fetch URL's `error-code` (1 used or expired, 2 security, 3 application) or the HTTP status. */
    readonly code?: string | number,
  ) {
    super(message);
    this.name = 'Cmi5LaunchError';
  }
}

/** True when a URL carries cmi5 launch parameters at all (the launch page uses it to explain a direct open). */
export function hasCmi5Launch(url: string | URL): boolean {
  const params = new URL(String(url)).searchParams;
  return CMI5_LAUNCH_PARAMETERS.some((name) => params.has(name));
}

/** Reads the launch parameters; throws Cmi5LaunchError naming every one that is missing or invalid. */
export function parseCmi5Launch(url: string | URL): Cmi5Launch {
  const params = new URL(String(url)).searchParams;
  const missing = CMI5_LAUNCH_PARAMETERS.filter((name) => !params.get(name));
  if (missing.length > 0) {
    throw new Cmi5LaunchError(
      `This cmi5 package must be launched from a cmi5 LMS: the launch address lacks ${missing.map((m) => `"${m}"`).join(', ')}. Open the course from your LMS.`,
    );
  }
  const problems: string[] = [];
  const absolute = (name: string) => {
    try {
      const u = new URL(params.get(name)!);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') problems.push(`"${name}" is not an http(s) URL`);
    } catch {
      problems.push(`"${name}" is not an absolute URL`);
    }
  };
  absolute('endpoint');
  absolute('fetch');
  let actor: Agent | undefined;
  try {
    actor = normalizeActor(JSON.parse(params.get('actor')!));
  } catch (error) {
    problems.push(error instanceof SyntaxError ? '"actor" is not valid JSON' : `"actor": ${error instanceof Error ? error.message : String(error)}`);
  }
  const registration = params.get('registration')!;
  if (!isUuid(registration)) problems.push(`"registration" is not a UUID`);
  const activityId = params.get('activityId')!;
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(activityId)) problems.push(`"activityId" is not an IRI`);
  if (problems.length > 0) throw new Cmi5LaunchError(`The LMS launched this cmi5 package with an invalid address: ${problems.join('; ')}.`);
  return { endpoint: params.get('endpoint')!, fetchUrl: params.get('fetch')!, actor: actor!, registration: registration.toLowerCase(), activityId };
}

const FETCH_ERRORS: Record<string, string> = {
  '1': 'the LMS says this launch was already used or has expired (each launch can start one session)',
  '2': 'the LMS refused the request for security reasons',
  '3': 'the LMS had an error while starting the session',
};

/** Untrusted text from the LMS, shortened and stripped of control characters before it reaches a message. */
const lmsText = (text: unknown) =>
  typeof text === 'string'
    ? text
        .replace(/[\u0000-\u001f\u007f]+/g, ' ')
        .trim()
        .slice(0, 200)
    : '';

/**
 * POSTs to the fetch URL once (§8.2) and returns the token. Errors arrive as HTTP 200 with an
 * `error-code`, so the body decides, not the status. Never retried: the URL works only once. An LMS
 * that does not answer within `timeoutMs` gets the same sentence as one that cannot be reached.
 */
export async function fetchAuthToken(fetchUrl: string, doFetch: typeof fetch = globalThis.fetch, timeoutMs = 15_000): Promise<string> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const unreachable = (why: string) =>
    new Cmi5LaunchError(`The LMS could not be reached to start the session (${why}). Close this window and launch the course again from the LMS.`);
  let response: Response;
  let text: string;
  try {
    response = await doFetch(fetchUrl, { method: 'POST', cache: 'no-store', referrerPolicy: 'no-referrer', signal: controller.signal });
    text = await response.text();
  } catch (error) {
    throw unreachable(controller.signal.aborted ? `no answer within ${Math.round(timeoutMs / 100) / 10} s` : error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const data = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  if ('error-code' in data) {
    const code = String(data['error-code']);
    const detail = lmsText(data['error-text']);
    throw new Cmi5LaunchError(
      `The session could not start: ${FETCH_ERRORS[code] ?? `the LMS answered with error code ${code}`}${detail ? ` ("${detail}")` : ''}. Close this window and launch the course again from the LMS.`,
      code,
    );
  }
  if (response.status !== 200) throw new Cmi5LaunchError(`The LMS answered ${response.status} when the session asked for its credentials. Launch the course again from the LMS.`, response.status);
  const token = data['auth-token'];
  if (typeof token !== 'string' || token.trim() === '') throw new Cmi5LaunchError('The LMS answered the session’s credential request without an "auth-token". Launch the course again from the LMS.');
  return token;
}

/** What one session remembers across reloads of the page. */
export interface SessionRecord {
  /** The authorization token from the fetch URL. */
  token: string;
  /** When the session began (ms since epoch), for the durations of completed, passed, failed and terminated. */
  startedAt: number;
  /** cmi5 defined statements this session already sent. */
  sent: AuVerb[];
}

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** How long a token handed over at `pagehide` waits for the next page (a reload takes seconds). */
export const HANDOVER_MS = 60_000;

/** The session record's key: registration + fetch URL (one fetch URL per session), hashed. */
export function sessionKey(launch: Pick<Cmi5Launch, 'registration' | 'fetchUrl'>): string {
  return `pathway-cmi5:${uuidV5(`${launch.registration}|${launch.fetchUrl}`, URL_NAMESPACE)}`;
}

export class SessionRecords {
  private readonly tokenKey: string;

  constructor(
    private readonly storage: KeyValueStorage | null,
    private readonly key: string,
    private readonly now: () => number = Date.now,
  ) {
    this.tokenKey = `${key}:handover`;
  }

  /**
   * The session as the previous page of this tab left it: the record and the token it handed over.
   * The token leaves storage here; without a fresh one there is no session to continue.
   */
  read(): SessionRecord | undefined {
    const token = this.takeToken();
    try {
      const text = this.storage?.getItem(this.key);
      if (!text || token === undefined) return undefined;
      const value = JSON.parse(text) as Partial<SessionRecord>;
      if (typeof value.startedAt !== 'number' || !Array.isArray(value.sent)) return undefined;
      return { token, startedAt: value.startedAt, sent: value.sent.filter((v): v is AuVerb => (AU_VERBS as readonly unknown[]).includes(v)) };
    } catch {
      return undefined;
    }
  }

  /** Saves the record without its token. False when the browser refuses storage (a reload then cannot continue). */
  write(record: SessionRecord): boolean {
    try {
      this.storage?.setItem(this.key, JSON.stringify({ startedAt: record.startedAt, sent: record.sent }));
      return Boolean(this.storage);
    } catch {
      return false;
    }
  }

  /** The page goes away: leaves the token for the next page of this session, for HANDOVER_MS. */
  handOver(record: SessionRecord): void {
    if (!this.write(record)) return;
    try {
      this.storage?.setItem(this.tokenKey, JSON.stringify({ token: record.token, at: this.now() }));
    } catch {
      // Storage refused: a reload cannot continue; the learner relaunches from the LMS.
    }
  }

  /** The token handed over, removed from storage; undefined when there is none or it is stale. */
  takeToken(): string | undefined {
    try {
      const text = this.storage?.getItem(this.tokenKey);
      this.storage?.removeItem(this.tokenKey);
      if (!text) return undefined;
      const value = JSON.parse(text) as { token?: unknown; at?: unknown };
      const age = typeof value.at === 'number' ? this.now() - value.at : Infinity;
      return typeof value.token === 'string' && value.token && age >= 0 && age <= HANDOVER_MS ? value.token : undefined;
    } catch {
      return undefined;
    }
  }

  clear(): void {
    try {
      this.storage?.removeItem(this.tokenKey);
      this.storage?.removeItem(this.key);
    } catch {
      // nothing to do
    }
  }
}
