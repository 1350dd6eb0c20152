/**
 * Values in the strictest format any LMS accepts (research notes lms-standards.md §1.3–1.4, checked
 * against Moodle's and scorm-again's rules): whatever passes here passes both. Each function either
 * returns a valid value or `undefined` (the caller then leaves the optional element unset) — never a
 * value an LMS would reject.
 */

/** Printable ASCII except space: SCORM 1.2 CMIIdentifier as Moodle checks it. */
const CMI_IDENTIFIER = /^[\x21-\x7e]{1,255}$/;
/** SCORM 2004 short_identifier_type as Moodle checks it (scorm-again allows more). */
const SHORT_IDENTIFIER = /^[A-Za-z0-9_.]{1,250}$/;

/** A decimal with a leading digit, no exponent, at most `digits` decimals and no trailing zeros. */
export function decimal(value: number, digits = 4): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const factor = 10 ** digits;
  const fixed = (Math.round(value * factor) / factor).toFixed(digits);
  const trimmed = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** SCORM 2004 real in −1…1 (score.scaled), 4 decimals. */
export function scaled(fraction: number): string {
  return decimal(clamp(fraction, -1, 1), 4);
}

/** SCORM 2004 real in 0…1 (progress_measure), 4 decimals. */
export function unitInterval(fraction: number): string {
  return decimal(clamp(fraction, 0, 1), 4);
}

/** SCORM 1.2 score: CMIDecimal within 0–100, 2 decimals. */
export function percent(fraction: number): string {
  return decimal(clamp(fraction * 100, 0, 100), 2);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * SCORM 2004 time(second,10,0) in UTC with exactly two fraction digits: `2024-01-01T10:00:00.00Z`.
 * Moodle rejects a bare `Z` without a fraction, three fraction digits and years after 2038.
 */
export function timestamp2004(date: Date): string | undefined {
  const year = date.getUTCFullYear();
  if (!Number.isFinite(date.getTime()) || year < 1970 || year > 2038) return undefined;
  const centis = Math.floor(date.getUTCMilliseconds() / 10);
  return `${year}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(centis)}Z`;
}

/** SCORM 1.2 CMITime: the time of day `HH:MM:SS` (UTC; 1.2 has no time zones). */
export function timeOfDay12(date: Date): string | undefined {
  if (!Number.isFinite(date.getTime())) return undefined;
  return `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

/** Splits a duration into whole hours, minutes and seconds with hundredths (rounded once). */
function parts(milliseconds: number): { hours: number; minutes: number; seconds: number; centis: number } {
  const totalCentis = Math.round(Math.max(0, Number.isFinite(milliseconds) ? milliseconds : 0) / 10);
  const centis = totalCentis % 100;
  const totalSeconds = Math.floor(totalCentis / 100);
  return { hours: Math.floor(totalSeconds / 3600), minutes: Math.floor(totalSeconds / 60) % 60, seconds: totalSeconds % 60, centis };
}

/**
 * SCORM 1.2 CMITimespan `HH:MM:SS` or `HH:MM:SS.SS`: 2–4 hour digits (Moodle rejects `0:05:00`), at
 * most two fraction digits; capped at 9999:59:59.99.
 */
export function timespan12(milliseconds: number): string {
  const max = ((9999 * 60 + 59) * 60 + 59.99) * 1000;
  const { hours, minutes, seconds, centis } = parts(Math.min(milliseconds, max));
  return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}${centis > 0 ? `.${pad(centis)}` : ''}`;
}

/** SCORM 2004 timeinterval `PT#H#M#S` with at most two decimals on the seconds; `PT0S` for zero. */
export function duration2004(milliseconds: number): string {
  const { hours, minutes, seconds, centis } = parts(milliseconds);
  let text = 'PT';
  if (hours > 0) text += `${hours}H`;
  if (minutes > 0) text += `${minutes}M`;
  if (seconds > 0 || centis > 0 || text === 'PT') text += `${seconds}${centis > 0 ? `.${pad(centis).replace(/0$/, '')}` : ''}S`;
  return text;
}

/** SCORM 1.2 CMIIdentifier: characters outside printable ASCII (and spaces) become `_`; ≤ 255. */
export function identifier12(value: string): string | undefined {
  const safe = value.replace(/[^\x21-\x7e]/g, '_').slice(0, 255);
  return CMI_IDENTIFIER.test(safe) ? safe : undefined;
}

/**
 * SCORM 2004 long_identifier_type from an IRI: non-ASCII characters are percent-encoded (turning the
 * IRI into a URI); ≤ 4000 characters; a `urn:` must have a valid namespace id.
 */
export function longIdentifier(iri: string): string | undefined {
  const uri = iri.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
  if (uri.length === 0 || uri.length > 4000) return undefined;
  if (/^urn:/i.test(uri) && !/^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\S+$/i.test(uri)) return undefined;
  return uri;
}

/** SCORM 2004 short_identifier_type token (`[A-Za-z0-9_.]{1,250}`, Moodle's reading). */
export function shortIdentifier(token: string): string | undefined {
  return SHORT_IDENTIFIER.test(token) ? token : undefined;
}

/** A BCP 47 tag as read from an LMS. */
const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;
/** The `{lang=…}` delimiter as Moodle checks it: a primary tag and at most 8 more characters. */
const DELIMITER_LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9-]{2,8})?$/;

/**
 * SCORM 2004 localized_string_type: `{lang=xx}text`, the whole value at most `max` characters (the
 * smallest permitted maximum is 250), control characters turned into spaces, never cutting a
 * character in half.
 */
export function localizedString(text: string, lang: string | undefined, max = 250): string {
  const tag = lang && (DELIMITER_LANGUAGE.test(lang) ? lang : lang.split('-')[0]);
  const prefix = tag && DELIMITER_LANGUAGE.test(tag) ? `{lang=${tag}}` : '';
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  // Without a delimiter, a text starting with "{" would be read as one.
  const guarded = prefix + (prefix ? clean : clean.replace(/^\{/, '('));
  const chars = [...guarded];
  if (chars.length <= max) return guarded;
  return `${chars.slice(0, max - 1).join('')}…`;
}

/** SCORM 1.2 CMIString255 / 2004 characterstring: ASCII-only location text within `max`. */
export function boundedAscii(value: string, max: number): string | undefined {
  return value.length <= max && /^[\x20-\x7e]*$/.test(value) ? value : undefined;
}

/** A language tag read from the LMS, or undefined when it is empty or malformed. */
export function languageTag(value: string): string | undefined {
  const trimmed = value.trim();
  return LANGUAGE.test(trimmed) ? trimmed : undefined;
}
