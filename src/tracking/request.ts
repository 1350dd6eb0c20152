/**
 * Rater requests (the 360 loop): "please rate this person on this model". A request names the model
 * (id and version), the person rated (their xAPI agent), their roles and the raters asked. It travels
 * as a link (`?pathway-request=…`) or as launch data of a package; it never carries LRS credentials —
 * the rater's own launch or page supplies the LRS. Each rater's attempt gets its own registration,
 * derived from the request id and the rater's place in it, so every statement of a request can be
 * found again (docs/rater-requests.md).
 */
import type { Model } from '../model/types.js';
import type { Agent } from './types.js';
import { isUuid, randomUuid, URL_NAMESPACE, uuidV5 } from './uuid.js';
import { PROFILE_IRI } from './vocabulary.js';

export type RequestedRater = 'manager' | 'peer';

export interface RaterRequest {
  format: 'pathway-request/1';
  /** UUID of the request. */
  id: string;
  model: { id: string; version: string };
  /** The person rated: the actor of every statement the raters send. */
  person: Agent;
  /** Shown to raters ("How often does Dana…"); optional. */
  personName?: string;
  currentRole?: string;
  targetRole?: string;
  /** Who is asked, in order; a rater's `agent` is optional (the rater's own launch identifies them). */
  raters: { kind: RequestedRater; agent?: Agent; name?: string }[];
}

export class RequestError extends Error {
  override name = 'RequestError';
}

const MAX_ENCODED = 8 * 1024;
const KEYS = new Set(['format', 'id', 'model', 'person', 'personName', 'currentRole', 'targetRole', 'raters']);
const AGENT_KEYS = new Set(['objectType', 'name', 'mbox', 'mbox_sha1sum', 'openid', 'account']);
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export interface RequestInput {
  id?: string;
  person: Agent;
  personName?: string;
  currentRole?: string;
  targetRole?: string;
  raters: { kind: RequestedRater; agent?: Agent; name?: string }[];
}

/** A new request for `model` (roles checked against it). */
export function createRaterRequest(model: Pick<Model, 'id' | 'version' | 'roles'>, input: RequestInput): RaterRequest {
  const request: RaterRequest = {
    format: 'pathway-request/1',
    id: input.id ?? randomUuid(),
    model: { id: model.id, version: model.version },
    person: input.person,
    ...(input.personName ? { personName: input.personName } : {}),
    ...(input.currentRole ? { currentRole: input.currentRole } : {}),
    ...(input.targetRole ? { targetRole: input.targetRole } : {}),
    raters: input.raters.map((r) => ({ ...r })),
  };
  checkRequest(request);
  for (const role of [request.currentRole, request.targetRole]) {
    if (role !== undefined && !model.roles.some((r) => r.id === role)) throw new RequestError(`the model has no role "${role}"`);
  }
  return request;
}

function checkAgent(value: unknown, what: string): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new RequestError(`${what} must be an xAPI agent object`);
  const a = value as Record<string, unknown>;
  for (const key of Object.keys(a)) if (!AGENT_KEYS.has(key)) throw new RequestError(`${what} has an unexpected field "${key}"`);
  const account = a.account as Record<string, unknown> | undefined;
  const ids = [typeof a.mbox === 'string', typeof a.mbox_sha1sum === 'string', typeof a.openid === 'string', !!account && typeof account.homePage === 'string' && typeof account.name === 'string'].filter(Boolean).length;
  if (ids !== 1) throw new RequestError(`${what} needs exactly one identifier (mbox, mbox_sha1sum, openid or account)`);
  if (account && Object.keys(account).some((k) => k !== 'homePage' && k !== 'name')) throw new RequestError(`${what}.account may hold only homePage and name`);
}

/** Throws RequestError unless `value` is a well-formed request with nothing else in it (in particular no credential). */
export function checkRequest(value: unknown): asserts value is RaterRequest {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new RequestError('a rater request must be a JSON object');
  const r = value as Record<string, unknown>;
  for (const key of Object.keys(r)) if (!KEYS.has(key)) throw new RequestError(`a rater request has no field "${key}"${/auth|endpoint|key|secret|token|password/i.test(key) ? ' (a request never carries LRS credentials)' : ''}`);
  if (r.format !== 'pathway-request/1') throw new RequestError('not a rater request (format "pathway-request/1")');
  if (typeof r.id !== 'string' || !isUuid(r.id)) throw new RequestError('the request id must be a UUID');
  const model = r.model as Record<string, unknown> | undefined;
  if (!model || typeof model.id !== 'string' || typeof model.version !== 'string' || Object.keys(model).length !== 2) throw new RequestError('the request must name the model as { id, version }');
  checkAgent(r.person, 'the person rated');
  for (const key of ['currentRole', 'targetRole'] as const) if (r[key] !== undefined && (typeof r[key] !== 'string' || !ID.test(r[key] as string))) throw new RequestError(`${key} must be a role id`);
  if (r.personName !== undefined && (typeof r.personName !== 'string' || r.personName.length > 200)) throw new RequestError('personName must be text of at most 200 characters');
  if (!Array.isArray(r.raters) || r.raters.length === 0 || r.raters.length > 50) throw new RequestError('a request asks 1 to 50 raters');
  r.raters.forEach((rater: unknown, i) => {
    const x = rater as Record<string, unknown>;
    if (!x || typeof x !== 'object' || (x.kind !== 'manager' && x.kind !== 'peer')) throw new RequestError(`rater ${i + 1} must be { kind: "manager" | "peer" }`);
    for (const key of Object.keys(x)) if (key !== 'kind' && key !== 'agent' && key !== 'name') throw new RequestError(`rater ${i + 1} has an unexpected field "${key}"`);
    if (x.agent !== undefined) checkAgent(x.agent, `rater ${i + 1}`);
    if (x.name !== undefined && (typeof x.name !== 'string' || x.name.length > 200)) throw new RequestError(`rater ${i + 1}'s name must be text of at most 200 characters`);
  });
}

/** The registration of rater `index`'s attempt: the same for the same request and rater, everywhere. */
export function requestRegistration(request: Pick<RaterRequest, 'id'>, index: number): string {
  return uuidV5(`request|${request.id.toLowerCase()}|${index}`, uuidV5(PROFILE_IRI, URL_NAMESPACE));
}

const toBase64Url = (text: string): string => {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const fromBase64Url = (text: string): string => {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
};

/** The request as one URL-safe token (base64url of its JSON). */
export function encodeRequest(request: RaterRequest): string {
  checkRequest(request);
  return toBase64Url(JSON.stringify(request));
}

export function decodeRequest(token: string): RaterRequest {
  if (token.length > MAX_ENCODED || !/^[A-Za-z0-9_-]+$/.test(token)) throw new RequestError('the rater request in the link is damaged (not a pathway-request token)');
  let value: unknown;
  try {
    value = JSON.parse(fromBase64Url(token));
  } catch {
    throw new RequestError('the rater request in the link is damaged (it is not JSON)');
  }
  checkRequest(value);
  return value;
}

/** What one rater opens: `page` with `pathway-request` (the request) and `pathway-rater` (their place in it). */
export function requestLink(page: string, request: RaterRequest, index: number): string {
  if (!request.raters[index]) throw new RequestError(`the request has no rater ${index + 1}`);
  const url = new URL(page);
  url.searchParams.set('pathway-request', encodeRequest(request));
  url.searchParams.set('pathway-rater', String(index));
  return url.href;
}

export interface RequestLaunch {
  request: RaterRequest;
  index: number;
  kind: RequestedRater;
  registration: string;
}

/**
 * The request as a package's launch data (SCORM `adlcp:dataFromLMS` → `cmi.launch_data`, cmi5 AU
 * `launchParameters`, the xAPI package's launch URL query): the link's two parameters. Without
 * `index` the launch decides the rater (readRequestLaunchData).
 */
export function requestLaunchData(request: RaterRequest, index?: number): string {
  if (index !== undefined && !request.raters[index]) throw new RequestError(`the request has no rater ${index + 1} (it asks ${request.raters.length})`);
  const params = new URLSearchParams({ 'pathway-request': encodeRequest(request) });
  if (index !== undefined) params.set('pathway-rater', String(index));
  return params.toString();
}

/** The file a package carries its request in when the launch data field is too small for it (SCORM 1.2). */
export const REQUEST_FILE = 'request.json';

/** Launch data that points at the package's request file instead of holding the request. */
export function requestFileLaunchData(request: RaterRequest, index?: number): string {
  if (index !== undefined && !request.raters[index]) throw new RequestError(`the request has no rater ${index + 1} (it asks ${request.raters.length})`);
  return `pathway-request-file=${REQUEST_FILE}${index !== undefined ? `&pathway-rater=${index}` : ''}`;
}

/**
 * Launch data with a `pathway-request-file` reference replaced by the request it names (read with
 * `load`, relative to the package); any other launch data unchanged. Only the package's own
 * `request.json` is ever read.
 */
export async function resolveRequestFile(text: string, load: (file: string) => Promise<string>): Promise<string> {
  const params = new URLSearchParams(text.trim().replace(/^\?/, ''));
  const file = params.get('pathway-request-file');
  if (file === null) return text;
  if (file !== REQUEST_FILE) throw new RequestError(`the launch data names a request file "${file}"; a package's request is always ${REQUEST_FILE}`);
  let value: unknown;
  try {
    value = JSON.parse(await load(REQUEST_FILE));
  } catch (error) {
    throw new RequestError(`the package's ${REQUEST_FILE} cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  checkRequest(value);
  params.delete('pathway-request-file');
  params.set('pathway-request', encodeRequest(value));
  return params.toString();
}

/** The launch's learner, to find them among the request's raters when launch data names no rater. */
export interface LaunchLearner {
  agent?: Agent;
  /** A SCORM learner id (`cmi.core.student_id` / `cmi.learner_id`): matches a rater agent's account name. */
  id?: string;
}

const sameAgent = (a: Agent, b: Agent): boolean =>
  (a.mbox !== undefined && a.mbox.toLowerCase() === b.mbox?.toLowerCase()) ||
  (a.mbox_sha1sum !== undefined && a.mbox_sha1sum.toLowerCase() === b.mbox_sha1sum?.toLowerCase()) ||
  (a.openid !== undefined && a.openid === b.openid) ||
  (a.account !== undefined && a.account.homePage === b.account?.homePage && a.account.name === b.account?.name);

/**
 * The request in a package's launch data, or undefined when it holds none. The rater is the one
 * `pathway-rater` names; else the one whose agent is the launch's learner; else, when every rater
 * without an agent is of one kind, the first of them (one package for all peers). Throws
 * RequestError when the launch data is damaged or does not say which rater this is.
 */
export function readRequestLaunchData(text: string | undefined, learner: LaunchLearner = {}): RequestLaunch | undefined {
  const params = new URLSearchParams((text ?? '').trim().replace(/^\?/, ''));
  if (!params.has('pathway-request')) return undefined;
  if (params.has('pathway-rater')) return readRequestParameters(params);
  const request = decodeRequest(params.get('pathway-request')!);
  let index = request.raters.findIndex((r) => r.agent && ((learner.agent && sameAgent(r.agent, learner.agent)) || (learner.id !== undefined && r.agent.account?.name === learner.id)));
  if (index < 0) {
    const open = request.raters.flatMap((r, i) => (r.agent ? [] : [i]));
    const kinds = new Set(open.map((i) => request.raters[i]!.kind));
    if (kinds.size !== 1) throw new RequestError('the launch data does not say which of the request\'s raters you are (no "pathway-rater", and you are not one of the raters it names)');
    index = open[0]!;
  }
  return { request, index, kind: request.raters[index]!.kind, registration: requestRegistration(request, index) };
}

/** The request in a link or launch parameters (`pathway-request=…&pathway-rater=…`), or undefined when there is none. */
export function readRequestParameters(params: URLSearchParams): RequestLaunch | undefined {
  const token = params.get('pathway-request');
  if (token === null) return undefined;
  const request = decodeRequest(token);
  const index = Number(params.get('pathway-rater') ?? '0');
  const rater = Number.isInteger(index) ? request.raters[index] : undefined;
  if (!rater) throw new RequestError(`the link names rater ${params.get('pathway-rater')}, but the request asks ${request.raters.length}`);
  return { request, index, kind: rater.kind, registration: requestRegistration(request, index) };
}
