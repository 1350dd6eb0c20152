/**
 * The LRS client: the five calls a learner's session makes (`GET about`, `POST statements`, `GET`/`PUT`
 * a State document, `GET` an Agent Profile document) over fetch — with `keepalive`, timeouts and
 * `credentials: 'omit'` — and the version learned from `GET /about` (1.0.3 unless 2.0.0 is offered).
 * A full client such as `@xapi/xapi` (axios inlined, 17.6 KB gz) would add nothing these calls need.
 *
 * The credential lives only in this object's memory: it is never written to storage, statements or
 * the console, and is sent only to the configured endpoint.
 */
import { forVersion } from './statements.js';
import { type SendOptions, type SendOutcome, type StatementTransport, outcomeOf } from './transport.js';
import type { Agent, Statement, XapiVersion } from './types.js';
import { checkEndpoint } from './endpoint.js';

export { allowedOrigin, checkEndpoint, LrsConfigError } from './endpoint.js';

export interface LrsConfig {
  /** The LRS base URL, e.g. https://lrs.example.com/xapi/ (statements are at `statements`). */
  endpoint: string;
  /** The Authorization header value, e.g. "Basic …". */
  auth?: string;
  /** "auto" (default) asks `/about`; or force a version. */
  version?: 'auto' | XapiVersion;
  /** Per-request timeout in ms (default 15000). */
  timeoutMs?: number;
  /** Only these origins may receive statements (e.g. ["https://lrs.example.com"]). */
  allowedOrigins?: readonly string[];
  /** Allows http:// for hosts other than loopback (credentials then travel unencrypted). */
  allowInsecure?: boolean;
  /** Extra headers on every request (e.g. a cmi5 session's headers). */
  headers?: Record<string, string>;
  /** The fetch to use (default the global one). */
  fetch?: typeof fetch;
}

/** The newest version this client speaks that the LRS offers; 1.0.3 when in doubt. */
export function chooseVersion(offered: unknown): XapiVersion {
  const versions = Array.isArray(offered) ? offered.map(String) : [];
  if (versions.some((v) => /^2\.0(\.\d+)?$/.test(v))) return '2.0.0';
  return '1.0.3';
}

interface AdapterRequest {
  url: string;
  method: string;
  headers?: Record<string, string>;
  data?: unknown;
}

interface AdapterResponse {
  data: unknown;
  headers: Record<string, string>;
  status: number;
}

/** A network failure (no HTTP answer): offline, reset, refused, timed out. */
class NetworkError extends Error {}

/** The LRS's explanation: its message, or its list of problems (Learning Locker answers 400 with `warnings`). */
function message(data: unknown, status: number): string {
  if (data && typeof data === 'object') {
    const body = data as { message?: unknown; warnings?: unknown };
    const parts = [body.message, ...(Array.isArray(body.warnings) ? body.warnings : [])].filter((p) => p !== undefined).map(String);
    if (parts.length > 0) return parts.join('; ').slice(0, 2000);
  }
  if (typeof data === 'string' && data.trim()) return data.trim().slice(0, 500);
  return `HTTP ${status}`;
}

/** A document of the State API (one agent, activity and registration) or of the Agent Profile API. */
export type DocumentTarget =
  | { resource: 'state'; agent: Agent; activityId: string; stateId: string; registration?: string }
  | { resource: 'agentProfile'; agent: Agent; profileId: string };

export type DocumentOutcome =
  /** 200 on a read: the document (parsed JSON, or the text when it is not JSON). */
  | { kind: 'found'; document: unknown }
  /** 404 on a read: there is no such document. */
  | { kind: 'missing' }
  /** 2xx on a write. */
  | { kind: 'stored' }
  /** Anything else; `retry` when trying again later can help (network, timeout, 408, 429, 5xx). */
  | { kind: 'failed'; status?: number; message: string; retry: boolean };

const retryable = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * A success that did not come from an LRS: a network sign-in page, or a proxy answering for an LRS it
 * never reached, often says 200 with an HTML page. Taking that for "stored" would lose the statements
 * or the progress, so such an answer counts as no answer, and the call is tried again later.
 */
function notFromLrs(response: AdapterResponse, expected: 'ids' | 'empty-or-json' | 'document'): string | undefined {
  if (response.status < 200 || response.status >= 300) return undefined;
  const type = response.headers['content-type'] ?? '';
  const html = /^text\/html/i.test(type) || (typeof response.data === 'string' && /^\s*</.test(response.data));
  const fits =
    expected === 'ids'
      ? response.status === 204 || (Array.isArray(response.data) && response.data.every((id) => typeof id === 'string'))
      : expected === 'empty-or-json'
        ? response.data === undefined || typeof response.data !== 'string'
        : !html;
  if (fits) return undefined;
  return `the answer (${response.status}${type ? `, ${type.split(';')[0]}` : ''}) did not come from the LRS; a network sign-in page or a proxy may be in the way`;
}

/** The resources this client uses, relative to the endpoint. */
const RESOURCE = { about: 'about', statements: 'statements', state: 'activities/state', agentProfile: 'agents/profile' } as const;

/** A query string as the xAPI spec wants it: objects (agents) as JSON, everything URI-encoded. */
function query(params: Record<string, unknown>): string {
  const pairs = Object.entries(params)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${encodeURIComponent(typeof value === 'object' ? JSON.stringify(value) : String(value))}`);
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

export class LrsClient implements StatementTransport {
  readonly endpoint: string;
  #auth: string | undefined;
  #version: XapiVersion | undefined;
  #config: LrsConfig;

  private constructor(config: LrsConfig, endpoint: string) {
    this.#config = config;
    this.#auth = config.auth;
    this.endpoint = endpoint;
    if (config.version && config.version !== 'auto') this.#version = config.version;
  }

  /** Checks the configuration (throws LrsConfigError). Async for the callers that load it lazily. */
  static async create(config: LrsConfig): Promise<LrsClient> {
    return new LrsClient(config, checkEndpoint(config.endpoint, config));
  }

  /** Credentials stay out of logs and JSON. */
  toJSON(): { endpoint: string } {
    return { endpoint: this.endpoint };
  }

  /** One request to the LRS, with the version header and the credential; JSON in and out. */
  private async request(request: AdapterRequest & { version: XapiVersion; keepalive?: boolean }): Promise<AdapterResponse> {
    const doFetch = this.#config.fetch ?? globalThis.fetch;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#config.timeoutMs ?? 15_000);
    const headers: Record<string, string> = {
      'X-Experience-API-Version': request.version,
      ...(request.data !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(this.#auth ? { Authorization: this.#auth } : {}),
      ...this.#config.headers,
    };
    try {
      const response = await doFetch(request.url, {
        method: request.method,
        headers,
        ...(request.data !== undefined ? { body: JSON.stringify(request.data) } : {}),
        credentials: 'omit',
        keepalive: request.keepalive ?? false,
        signal: controller.signal,
        referrerPolicy: 'no-referrer',
      });
      const text = await response.text();
      let data: unknown = text;
      try {
        data = text ? JSON.parse(text) : undefined;
      } catch {
        // Not JSON: keep the text.
      }
      const responseHeaders: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        responseHeaders[key] = value;
      });
      return { data, headers: responseHeaders, status: response.status };
    } catch (error) {
      const aborted = controller.signal.aborted;
      throw new NetworkError(aborted ? `no answer within ${this.#config.timeoutMs ?? 15_000} ms` : `network error (${error instanceof Error ? error.message : String(error)})`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The xAPI version to speak, from `GET /about` (asked once; asked again after a network failure). */
  async version(): Promise<XapiVersion> {
    if (this.#version) return this.#version;
    try {
      const about = await this.request({ url: `${this.endpoint}${RESOURCE.about}`, method: 'GET', version: '1.0.3' });
      if (about.status >= 200 && about.status < 300) {
        this.#version = chooseVersion((about.data as { version?: unknown } | undefined)?.version);
        return this.#version;
      }
      // An LRS without /about (or one that hides it) speaks 1.0.3 at least.
      this.#version = '1.0.3';
      return this.#version;
    } catch (error) {
      if (error instanceof NetworkError) throw error;
      return '1.0.3';
    }
  }

  /** Reads a State or Agent Profile document (cmi5 `LMS.LaunchData`, learner preferences, saved progress). */
  async getDocument(target: DocumentTarget): Promise<DocumentOutcome> {
    try {
      const version = await this.version();
      const url = target.resource === 'state' ? `${this.endpoint}${RESOURCE.state}${query(stateParams(target))}` : `${this.endpoint}${RESOURCE.agentProfile}${query({ agent: target.agent, profileId: target.profileId })}`;
      const response = await this.request({ url, method: 'GET', version });
      const stranger = notFromLrs(response, 'document');
      if (stranger) return { kind: 'failed', status: response.status, message: stranger, retry: true };
      if (response.status === 200) return { kind: 'found', document: response.data };
      if (response.status === 404) return { kind: 'missing' };
      return { kind: 'failed', status: response.status, message: message(response.data, response.status), retry: retryable(response.status) };
    } catch (error) {
      return { kind: 'failed', message: error instanceof Error ? error.message : String(error), retry: true };
    }
  }

  /** Writes a State document as JSON (PUT: replaces it). `keepalive` lets the request outlive the page. */
  async putDocument(target: Extract<DocumentTarget, { resource: 'state' }>, document: unknown, options: SendOptions = {}): Promise<DocumentOutcome> {
    try {
      const version = await this.version();
      const url = `${this.endpoint}${RESOURCE.state}${query(stateParams(target))}`;
      const response = await this.request({ url, method: 'PUT', data: document, version, keepalive: options.keepalive ?? false });
      const stranger = notFromLrs(response, 'empty-or-json');
      if (stranger) return { kind: 'failed', status: response.status, message: stranger, retry: true };
      if (response.status >= 200 && response.status < 300) return { kind: 'stored' };
      return { kind: 'failed', status: response.status, message: message(response.data, response.status), retry: retryable(response.status) };
    } catch (error) {
      return { kind: 'failed', message: error instanceof Error ? error.message : String(error), retry: true };
    }
  }

  async send(statements: readonly Statement[], options: SendOptions = {}): Promise<SendOutcome> {
    try {
      const version = await this.version();
      const data = statements.map((s) => forVersion(s, version));
      const response = await this.request({ url: `${this.endpoint}${RESOURCE.statements}`, method: 'POST', data, version, keepalive: options.keepalive ?? false });
      // An LRS answers a POST of statements with their ids (xAPI 1.0.3 Part Three §2.1.2).
      const stranger = notFromLrs(response, 'ids');
      if (stranger) return { kind: 'retry', status: response.status, message: stranger };
      return outcomeOf(response.status, message(response.data, response.status));
    } catch (error) {
      return { kind: 'retry', message: error instanceof Error ? error.message : String(error) };
    }
  }
}

function stateParams(target: Extract<DocumentTarget, { resource: 'state' }>) {
  return {
    agent: target.agent,
    activityId: target.activityId,
    stateId: target.stateId,
    ...(target.registration ? { registration: target.registration } : {}),
  };
}
