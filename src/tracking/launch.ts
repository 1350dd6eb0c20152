/**
 * TinCan-style launch parameters (`endpoint`, `auth`, `actor`, `registration`, `activity_id`, …):
 * read once, then removed from the address bar with `history.replaceState`, so the credential does
 * not stay in the URL, the history, bookmarks or a `Referer`. The credential is returned to the
 * caller's memory only; nothing here stores or logs it.
 */
import type { Agent } from './types.js';
import { isIri, isLanguageTag } from '../model/patterns.js';
import { isUuid } from './uuid.js';
import { takeLaunchAddress } from './launch-address.js';

export { LAUNCH_PARAMETERS, takeLaunchAddress, withoutLaunchParameters } from './launch-address.js';

export interface LaunchData {
  endpoint?: string;
  /** The Authorization header value. Keep it in memory only. */
  auth?: string;
  actor?: Agent;
  registration?: string;
  activityId?: string;
  platform?: string;
  language?: string;
  grouping?: string;
  /** Launch values that were malformed and left out, each with why (for the page to report). */
  ignored?: string[];
}

export class LaunchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LaunchError';
  }
}

const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

/**
 * Turns the actor shapes LMSs still send (0.9-style arrays, `account` arrays with
 * `accountServiceHomePage`/`accountName`, a bare email in `mbox`) into one xAPI 1.0 Agent.
 */
export function normalizeActor(value: unknown): Agent {
  if (!value || typeof value !== 'object') throw new LaunchError('The launch "actor" is not a JSON object.');
  const raw = value as Record<string, unknown>;
  const agent: Agent = { objectType: 'Agent' };
  const name = first(raw.name);
  if (typeof name === 'string' && name) agent.name = name;
  const account = first(raw.account) as Record<string, unknown> | undefined;
  const mbox = first(raw.mbox);
  const sha = first(raw.mbox_sha1sum);
  const openid = first(raw.openid);
  if (account && typeof account === 'object') {
    const homePage = account.homePage ?? account.accountServiceHomePage;
    const accountName = account.name ?? account.accountName;
    if (typeof homePage === 'string' && typeof accountName === 'string') agent.account = { homePage, name: accountName };
  }
  if (!agent.account && typeof mbox === 'string' && mbox) agent.mbox = mbox.startsWith('mailto:') ? mbox : `mailto:${mbox}`;
  else if (!agent.account && typeof sha === 'string' && sha) agent.mbox_sha1sum = sha;
  else if (!agent.account && typeof openid === 'string' && openid) agent.openid = openid;
  if (!agent.account && !agent.mbox && !agent.mbox_sha1sum && !agent.openid)
    throw new LaunchError('The launch "actor" has no identifier (account, mbox, mbox_sha1sum or openid).');
  return agent;
}

/** Reads the launch parameters of a URL (without changing anything). */
export function parseLaunch(url: string | URL): LaunchData {
  const params = new URL(String(url)).searchParams;
  const data: LaunchData = {};
  const endpoint = params.get('endpoint');
  if (endpoint) data.endpoint = endpoint;
  const auth = params.get('auth');
  if (auth) data.auth = /^(Basic|Bearer)\s/i.test(auth) ? auth : `Basic ${auth}`;
  const actor = params.get('actor');
  if (actor) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(actor);
    } catch {
      throw new LaunchError('The launch "actor" is not valid JSON.');
    }
    data.actor = normalizeActor(parsed);
  }
  const registration = params.get('registration');
  if (registration) {
    if (!isUuid(registration)) throw new LaunchError(`The launch "registration" is not a UUID: "${registration}".`);
    data.registration = registration.toLowerCase();
  }
  const ignored: string[] = [];
  const activityId = params.get('activity_id');
  if (activityId) {
    if (isIri(activityId)) data.activityId = activityId;
    else ignored.push('The launch "activity_id" is not an IRI, so the package’s own activity id is used.');
  }
  const platform = params.get('activity_platform');
  if (platform) data.platform = platform.slice(0, 200);
  const language = params.get('Accept-Language');
  if (language) {
    const first = language.split(',')[0]!.split(';')[0]!.trim();
    if (isLanguageTag(first)) data.language = first;
    else ignored.push('The launch "Accept-Language" is not a language tag, so the model’s language is used.');
  }
  const grouping = params.get('grouping');
  if (grouping) {
    if (isIri(grouping)) data.grouping = grouping;
    else ignored.push('The launch "grouping" is not an IRI, so statements are sent without it.');
  }
  if (ignored.length > 0) data.ignored = ignored;
  return data;
}

/**
 * Reads the launch parameters of the current page and removes them from the address bar. Call it
 * once, early. The parameters are removed even when they are invalid (the error is thrown after).
 */
export function takeLaunch(win: Pick<Window, 'location' | 'history'> = window): LaunchData {
  return parseLaunch(takeLaunchAddress(win));
}

/** A launch read from the address bar: its data, or why it is not usable. */
export type LaunchOutcome = { ok: true; data: LaunchData } | { ok: false; error: LaunchError };

/**
 * `takeLaunch` that never throws: for reading the launch the moment a page or element starts, before
 * anything that could fail or wait (loading the model, the LRS code), so the credential never lingers.
 */
export function takeLaunchOutcome(win: Pick<Window, 'location' | 'history'> = window): LaunchOutcome {
  return launchOutcome(takeLaunchAddress(win));
}

/** The launch in an address (as `takeLaunchAddress` returned it), or why it is not usable; never throws. */
export function launchOutcome(address: string): LaunchOutcome {
  try {
    return { ok: true, data: parseLaunch(address) };
  } catch (error) {
    return { ok: false, error: error instanceof LaunchError ? error : new LaunchError(error instanceof Error ? error.message : String(error)) };
  }
}
