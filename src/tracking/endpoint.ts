/**
 * Checking an LRS endpoint before any credential goes to it (https, no user info, an allow-list of
 * origins). Its own module so that a page that only reads from an LRS (the fused view) loads this
 * and not the sending client (./lrs-client.ts).
 */
import { notAnOrigin, originOf } from '../model/patterns.js';
import type { LrsConfig } from './lrs-client.js';

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
