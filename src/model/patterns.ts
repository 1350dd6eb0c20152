/**
 * The value patterns of the model format, also used to check what LMSs and LRSs hand the runtimes
 * (launch parameters, State documents). No dependencies, so runtimes can use them without zod.
 */

/** Local ids: safe inside IRIs, SCORM identifiers (no spaces, periods or colons) and CSS. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** BCP 47 language tag, as xAPI language maps require (e.g. "en", "de-CH"). */
export const LANGUAGE_PATTERN = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

/** Absolute IRI with a scheme (https://…, urn:…); no whitespace. */
export const IRI_PATTERN = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/;

/**
 * A link: an http(s) URL or a path relative to the page. `//host/x` and `/\host/x` are not relative:
 * browsers read both as another host.
 */
export const URL_PATTERN = /^(https?:\/\/|\/(?![/\\])|\.\.?\/)\S+$/;

/**
 * Text a person can read: no control characters other than tab, line feed and carriage return, and
 * no non-characters. Anything else has no meaning on screen and makes XML manifests malformed.
 */
export const TEXT_PATTERN = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]*$/;

/** A web origin: http(s), host and optional port, nothing after (e.g. "https://lrs.example.com"). */
export const ORIGIN_PATTERN = /^https?:\/\/[^\s/?#@\\]+$/;

/** An xAPI endpoint a package is built with: http(s), host, optional port and path; no user, password, query or fragment. */
export const ENDPOINT_PATTERN = /^https?:\/\/[^\s/?#@\\]+(\/[^\s?#@\\]*)?$/;

/** Longest language tag accepted from outside (RFC 5646 recommends support up to 35 characters). */
const MAX_TAG = 35;

export const isLanguageTag = (value: string): boolean => value.length <= MAX_TAG && LANGUAGE_PATTERN.test(value);

export const isIri = (value: string): boolean => value.length <= 4000 && IRI_PATTERN.test(value);

/** The origin of an LRS allow-list entry (as `URL.origin` writes it), or undefined when the entry is not just an origin. */
export function originOf(entry: string): string | undefined {
  const match = /^(https?):\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/.exec(entry);
  if (!match) return undefined;
  const [, scheme, host, port] = match as unknown as [string, string, string, string | undefined];
  const protocol = scheme.toLowerCase();
  const defaultPort = protocol === 'https' ? '443' : '80';
  if (port !== undefined && Number(port) > 65535) return undefined;
  const shownPort = port === undefined || Number(port) === Number(defaultPort) ? '' : `:${Number(port)}`;
  return `${protocol}://${host.toLowerCase()}${shownPort}`;
}

/** Why an allow-list entry is refused, in words. */
export const notAnOrigin = (entry: string): string =>
  `"${entry}" in the LRS allow-list is not an origin such as "https://lrs.example.com" (scheme, host and port only).`;
