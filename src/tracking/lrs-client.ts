/**
 * The LRS client: `@xapi/xapi` (loaded only when an LRS is configured, so it is a separate chunk in
 * the CDN build) with our own fetch adapter — the library's hook for `keepalive`, timeouts and
 * `credentials: 'omit'` — and the version learned from `GET /about` (1.0.3 unless 2.0.0 is offered).
 *
 * The credential lives only in this object's memory: it is never written to storage, statements or
 * the console, and is sent only to the configured endpoint.
 */
import { forVersion } from './statements.js';
import { type SendOptions, type SendOutcome, type StatementTransport, outcomeOf } from './transport.js';
import type { Agent, Statement, XapiVersion } from './types.js';
import { notAnOrigin, originOf } from '../model/patterns.js';

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

/** A problem with the LRS configuration; its message never contains the credential. */
export class LrsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LrsConfigError';
  }
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/** An allow-list entry as an origin; a clear LrsConfigError for anything else (a path, no scheme…). */
export function allowedOrigin(entry: string): string {
  const origin = originOf(entry);
  if (origin === undefined) throw new LrsConfigError(notAnOrigin(entry));
  return origin;
}

/** Checks an endpoint and returns it normalised (with a trailing slash); throws LrsConfigError. */
export function checkEndpoint(endpoint: string, options: Pick<LrsConfig, 'allowedOrigins' | 'allowInsecure'> = {}): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new LrsConfigError(`The LRS endpoint "${endpoint}" is not an absolute URL.`);
  }
  if (url.username || url.password) throw new LrsConfigError('The LRS endpoint must not contain a user name or password; give the credential as "auth".');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new LrsConfigError(`The LRS endpoint must be an https:// URL, not ${url.protocol}.`);
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname) && !options.allowInsecure)
    throw new LrsConfigError(`The LRS endpoint ${url.origin} uses http://, which would send the credential unencrypted; use https:// (or allow it explicitly).`);
  if (options.allowedOrigins && !options.allowedOrigins.some((entry) => allowedOrigin(entry) === url.origin))
    throw new LrsConfigError(`The LRS endpoint ${url.origin} is not in the allowed list (${options.allowedOrigins.join(', ')}).`);
  url.search = '';
  url.hash = '';
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
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

type XapiClient = {
  getAbout(): Promise<AdapterResponse>;
  sendStatements(params: { statements: unknown[] }): Promise<AdapterResponse>;
  getState(params: { agent: Agent; activityId: string; stateId: string; registration?: string }): Promise<AdapterResponse>;
  setState(params: { agent: Agent; activityId: string; stateId: string; registration?: string; state: unknown }): Promise<AdapterResponse>;
  getAgentProfile(params: { agent: Agent; profileId: string }): Promise<AdapterResponse>;
};

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
type XapiConstructor = new (config: { endpoint: string; auth?: string; version?: string; adapter: (request: AdapterRequest) => Promise<AdapterResponse> }) => XapiClient;

export class LrsClient implements StatementTransport {
  readonly endpoint: string;
  #auth: string | undefined;
  #version: XapiVersion | undefined;
  #config: LrsConfig;
  #Xapi: XapiConstructor | undefined;
  #clients = new Map<string, XapiClient>();
  #keepalive = false;

  private constructor(config: LrsConfig, endpoint: string) {
    this.#config = config;
    this.#auth = config.auth;
    this.endpoint = endpoint;
    if (config.version && config.version !== 'auto') this.#version = config.version;
  }

  /** Checks the configuration (throws LrsConfigError) and loads the xAPI library. */
  static async create(config: LrsConfig): Promise<LrsClient> {
    const client = new LrsClient(config, checkEndpoint(config.endpoint, config));
    const module = (await import('@xapi/xapi')) as unknown as { default: XapiConstructor & { default?: XapiConstructor } };
    client.#Xapi = module.default.default ?? module.default;
    return client;
  }

  /** Credentials stay out of logs and JSON. */
  toJSON(): { endpoint: string } {
    return { endpoint: this.endpoint };
  }

  private adapter = async (request: AdapterRequest): Promise<AdapterResponse> => {
    const doFetch = this.#config.fetch ?? globalThis.fetch;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#config.timeoutMs ?? 15_000);
    const headers: Record<string, string> = { ...request.headers, ...this.#config.headers };
    if (request.method === 'GET') delete headers['Content-Type'];
    try {
      const response = await doFetch(request.url, {
        method: request.method,
        headers,
        ...(request.data !== undefined ? { body: JSON.stringify(request.data) } : {}),
        credentials: 'omit',
        keepalive: this.#keepalive,
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
  };

  private client(version: XapiVersion): XapiClient {
    let client = this.#clients.get(version);
    if (!client) {
      if (!this.#Xapi) throw new Error('LrsClient.create() was not awaited');
      client = new this.#Xapi({ endpoint: this.endpoint, ...(this.#auth ? { auth: this.#auth } : {}), version, adapter: this.adapter });
      this.#clients.set(version, client);
    }
    return client;
  }

  /** The xAPI version to speak, from `GET /about` (asked once; asked again after a network failure). */
  async version(): Promise<XapiVersion> {
    if (this.#version) return this.#version;
    try {
      const about = await this.client('1.0.3').getAbout();
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
      const client = this.client(await this.version());
      const response = target.resource === 'state' ? await client.getState(stateParams(target)) : await client.getAgentProfile({ agent: target.agent, profileId: target.profileId });
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
      const client = this.client(await this.version());
      this.#keepalive = options.keepalive ?? false;
      const response = await client.setState({ ...stateParams(target), state: document });
      if (response.status >= 200 && response.status < 300) return { kind: 'stored' };
      return { kind: 'failed', status: response.status, message: message(response.data, response.status), retry: retryable(response.status) };
    } catch (error) {
      return { kind: 'failed', message: error instanceof Error ? error.message : String(error), retry: true };
    } finally {
      this.#keepalive = false;
    }
  }

  async send(statements: readonly Statement[], options: SendOptions = {}): Promise<SendOutcome> {
    try {
      const version = await this.version();
      this.#keepalive = options.keepalive ?? false;
      const response = await this.client(version).sendStatements({ statements: statements.map((s) => forVersion(s, version)) });
      return outcomeOf(response.status, message(response.data, response.status));
    } catch (error) {
      return { kind: 'retry', message: error instanceof Error ? error.message : String(error) };
    } finally {
      this.#keepalive = false;
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
