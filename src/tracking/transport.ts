/** What the queue needs from an LRS client, and how HTTP answers map to what the queue does. */
import type { Statement } from './types.js';

export type SendOutcome =
  /** 200/204: stored. */
  | { kind: 'stored' }
  /** 409: a statement with one of these ids is already stored. */
  | { kind: 'conflict'; message: string }
  /** 400/403: refused for its content or the credential's rights; retrying the same batch cannot help. */
  | { kind: 'rejected'; status: number; message: string }
  /** 413: the request is too large for the LRS. */
  | { kind: 'too-large'; message: string }
  /** 401: the credential is wrong or expired: stop sending, keep everything. */
  | { kind: 'unauthorized'; status: number; message: string }
  /** 404, 405…: the endpoint is not an LRS statements resource: stop sending, keep everything. */
  | { kind: 'misconfigured'; status: number; message: string }
  /** 5xx, 408, 429, timeouts, network errors, offline: try again later. */
  | { kind: 'retry'; status?: number; message: string };

export interface SendOptions {
  /** Lets the request outlive the page (fetch `keepalive`, ≤ 64 KiB): for the best-effort flush on `pagehide`. */
  keepalive?: boolean;
}

export interface StatementTransport {
  send(statements: readonly Statement[], options?: SendOptions): Promise<SendOutcome>;
}

/** Maps an HTTP status (and the LRS's message) to what the queue should do. */
export function outcomeOf(status: number, message: string): SendOutcome {
  if (status >= 200 && status < 300) return { kind: 'stored' };
  if (status === 409) return { kind: 'conflict', message };
  if (status === 413) return { kind: 'too-large', message };
  if (status === 401) return { kind: 'unauthorized', status, message };
  if (status === 400 || status === 403) return { kind: 'rejected', status, message };
  if (status === 408 || status === 429 || status >= 500) return { kind: 'retry', status, message };
  return { kind: 'misconfigured', status, message };
}
