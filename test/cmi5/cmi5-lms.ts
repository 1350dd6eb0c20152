/**
 * A cmi5 LMS for the tests, on loopback, in front of the real LRS (`xapi-statements`, reached through
 * the fault proxy so that outages can be injected). It plays the LMS side of cmi5:
 *
 * - `launch()` registers a session the way an LMS does before launching an AU: a one-time fetch URL,
 *   `LMS.LaunchData` (context template with the session id and the publisher id, launch mode, mastery
 *   score, moveOn, returnURL, launch parameters), the learner's `cmi5LearnerPreferences`, a `launched`
 *   statement in the LRS — and returns the AU's query string;
 * - `POST /fetch/<key>` hands out the token once (later calls: HTTP 200 with `error-code` 1, §8.2.3);
 * - `/xapi/activities/state` and `/xapi/agents/profile` are served here, because the LRS lacks them;
 *   the AU may read `LMS.LaunchData` but never change it (§10.2.1.0-5);
 * - `/xapi/statements` is checked with the session's token and the cmi5 rules (./cmi5-rules.ts) — a
 *   batch that breaks one is refused with 400, like a strict LMS — then forwarded to the LRS;
 * - `GET /return/<key>` is the returnURL page, so tests see the AU go back to the LMS.
 *
 * It also serves plain xAPI launches (`kind: 'tincan'`): a static Basic credential, the same
 * document resources, statements forwarded without cmi5 rules. Node only; every request and
 * violation is logged per session for the tests.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, request as httpRequest, type ServerResponse } from 'node:http';
import type { Agent, Context, Statement } from '../../src/tracking/types.js';
import { admit, checkBatch, CMI5, type RegistrationFacts, type SessionFacts, type Violation } from './cmi5-rules.js';

export interface LaunchRequest {
  /** 'cmi5' (default) or a plain xAPI ('tincan') launch. */
  kind?: 'cmi5' | 'tincan';
  /** The AU's publisher id from cmi5.xml (its `au@id`). */
  auId: string;
  /** Reuse a registration for another session of the same enrolment. */
  registration?: string;
  actor?: Agent;
  launchMode?: 'Normal' | 'Browse' | 'Review';
  masteryScore?: number;
  moveOn?: string;
  launchParameters?: string;
  /** Give a returnURL (default true). */
  returnURL?: boolean;
  languagePreference?: string;
  /** The fetch URL answers this error code (HTTP 200) instead of a token. */
  fetchError?: '1' | '2' | '3';
  /** The LRS side refuses the token (401) on every request. */
  refuseToken?: boolean;
  /** Name the fault proxy in front of this LMS in the launch link (`publish()`), so every call the AU makes can fail. */
  viaFront?: boolean;
}

export interface LaunchResult {
  /** The launch query string (without `?`). */
  query: string;
  key: string;
  registration: string;
  sessionId: string;
  activityId: string;
  actor: Agent;
  returnUrl?: string;
  /** tincan: the Authorization header value in the launch. */
  auth?: string;
}

export interface SessionLog {
  kind: 'cmi5' | 'tincan';
  fetches: number;
  /** Requests in arrival order, e.g. "POST /fetch", "GET state LMS.LaunchData", "POST statements 3". */
  events: string[];
  /** Statements the LMS accepted (and the LRS stored), in arrival order. */
  accepted: Statement[];
  violations: Violation[];
  /** Statement POSTs refused (rule violations or a refused token). */
  refused: number;
  returned: boolean;
}

interface Session extends SessionLog {
  key: string;
  /** The statement POST being handled; the next waits for it. */
  turn: Promise<unknown>;
  facts: SessionFacts;
  token: string;
  fetchError?: string;
  refuseToken: boolean;
}

export interface Cmi5Lms {
  url: string;
  endpoint: string;
  launch(request: LaunchRequest): Promise<LaunchResult>;
  log(key: string): SessionLog;
  /** Every document the LMS holds for a registration (the AU's saved progress among them). */
  documents(registration: string): Record<string, unknown>;
  /** Sets the origin that launches with `viaFront` name (a fault proxy whose target is `url`). */
  publish(origin: string): void;
  close(): Promise<void>;
}

const LMS_HOME = 'https://lms.example.com';

function cors(req: IncomingMessage): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': req.headers.origin ?? '*',
    'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match',
    'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
    'Access-Control-Expose-Headers': 'ETag, X-Experience-API-Version, Last-Modified',
  };
}

function send(req: IncomingMessage, res: ServerResponse, status: number, body?: unknown, type = 'application/json', headers: Record<string, string> = {}): void {
  const payload = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { ...cors(req), ...(payload ? { 'Content-Type': type } : {}), 'X-Experience-API-Version': '1.0.3', ...headers }).end(payload);
}

/** The ETag of a stored document: a quoted SHA-1 of its JSON (xAPI 1.0.3 §3.1 Concurrency). */
export function etagOf(body: unknown): string {
  return `"${createHash('sha1').update(JSON.stringify(body)).digest('hex')}"`;
}

const isJsonObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The State API's rules for one write, as the xAPI spec states them (1.0.3 Part Three §2.3 and §3.1;
 * IEEE 9274.1.1 (xAPI 2.0) 4.1.6.1 and 4.1.7.3): If-Match must name the stored document's ETag and
 * If-None-Match: * needs no document, else 412; a POST merges a JSON object into a stored JSON object,
 * top-level properties replaced, and anything else is a 400. Returns the status and the new body.
 */
export function stateWrite(method: 'PUT' | 'POST' | 'DELETE', headers: IncomingMessage['headers'], previous: { body: unknown } | undefined, text: string): { status: number; message?: string; body?: unknown } {
  const ifMatch = headers['if-match'];
  const ifNoneMatch = headers['if-none-match'];
  if (ifMatch !== undefined && (!previous || (ifMatch !== '*' && !ifMatch.split(',').map((t) => t.trim()).includes(etagOf(previous.body))))) {
    return { status: 412, message: 'If-Match does not name the stored document' };
  }
  if (ifNoneMatch === '*' && previous) return { status: 412, message: 'If-None-Match: * but the document exists' };
  if (method === 'DELETE') return { status: 204 };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { status: 400, message: 'document is not JSON' };
  }
  if (method === 'PUT') return { status: 204, body: parsed };
  if (!(headers['content-type'] ?? '').startsWith('application/json')) return { status: 400, message: 'a POSTed document must be application/json' };
  if (!isJsonObject(parsed) || (previous && !isJsonObject(previous.body))) return { status: 400, message: 'POST merges JSON objects only' };
  return { status: 204, body: previous ? { ...(previous.body as object), ...parsed } : parsed };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** POSTs statements to the LRS (the `launched` statement, and the AU's after the checks). */
function forward(target: string, auth: string, method: string, path: string, body: string): Promise<{ status: number; body: string }> {
  const url = new URL(path, target);
  return new Promise((resolve) => {
    const upstream = httpRequest(
      { hostname: url.hostname, port: url.port, method, path: url.pathname + url.search, headers: { Authorization: auth, 'Content-Type': 'application/json', 'X-Experience-API-Version': '1.0.3', 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    upstream.on('error', (error) => resolve({ status: 502, body: JSON.stringify({ message: `the LRS is unreachable: ${error.message}` }) }));
    upstream.setTimeout(20_000, () => upstream.destroy(new Error('timeout')));
    upstream.end(body);
  });
}

/**
 * @param lrs the LRS base URL the AU's statements go to (e.g. the fault proxy's `/xAPI/`)
 * @param direct the LRS base URL for the LMS's own statements (`launched`), past any fault proxy
 */
export async function startCmi5Lms({ lrs, direct, lrsAuth }: { lrs: string; direct: string; lrsAuth: string }): Promise<Cmi5Lms> {
  /** The origin launch links name (the endpoint, the fetch URL): this server, or a fault proxy in front of it. */
  let published = '';
  const sessions = new Map<string, Session>();
  const byToken = new Map<string, Session>();
  const registrations = new Map<string, RegistrationFacts & { activityIds: Map<string, string> }>();
  const documents = new Map<string, { registration?: string; body: unknown }>();
  const profiles = new Map<string, unknown>();
  let origin = '';

  const agentKey = (agent: Agent) => JSON.stringify([agent.account?.homePage, agent.account?.name, agent.mbox]);
  const stateKey = (activityId: string, agent: Agent, registration: string | null, stateId: string) => JSON.stringify([activityId, agentKey(agent), registration ?? '', stateId]);

  function sessionOf(req: IncomingMessage): Session | undefined {
    const header = req.headers.authorization ?? '';
    return byToken.get(header.replace(/^Basic\s+/i, ''));
  }

  function violate(session: Session, violation: Violation): void {
    session.violations.push(violation);
  }

  async function launch(request: LaunchRequest): Promise<LaunchResult> {
    const kind = request.kind ?? 'cmi5';
    const registration = request.registration ?? randomUUID();
    const reg = registrations.get(registration) ?? { completed: false, passed: false, activityIds: new Map<string, string>() };
    registrations.set(registration, reg);
    // The LMS's activity id for this AU in this registration: new per registration, never the publisher id (§8.1.5).
    const activityId = reg.activityIds.get(request.auId) ?? `${LMS_HOME}/activities/${randomUUID()}`;
    reg.activityIds.set(request.auId, activityId);
    const actor: Agent = request.actor ?? { objectType: 'Agent', name: 'Dana Learner', account: { homePage: LMS_HOME, name: 'learner-4711' } };
    const key = randomUUID();
    const sessionId = randomUUID();
    const token = randomBytes(18).toString('base64');
    const launchMode = request.launchMode ?? 'Normal';
    const contextTemplate: Context = {
      contextActivities: { grouping: [{ objectType: 'Activity', id: request.auId }] },
      extensions: { [CMI5.sessionId]: sessionId },
    };
    const session: Session = {
      key,
      kind,
      token,
      turn: Promise.resolve(),
      fetches: 0,
      events: [],
      accepted: [],
      violations: [],
      refused: 0,
      returned: false,
      refuseToken: request.refuseToken ?? false,
      ...(request.fetchError ? { fetchError: request.fetchError } : {}),
      facts: {
        actor,
        registration,
        activityId,
        sessionId,
        launchMode,
        ...(request.masteryScore !== undefined ? { masteryScore: request.masteryScore } : {}),
        contextTemplate,
        preferencesRead: kind === 'tincan',
        sent: [],
        ids: new Set(),
      },
    };
    sessions.set(key, session);
    const returnUrl = request.returnURL === false ? undefined : `${origin}/return/${key}`;
    const front = request.viaFront ? published : origin;
    const params = new URLSearchParams();
    if (kind === 'tincan') {
      byToken.set(token, session);
      params.set('endpoint', `${front}/xapi/`);
      params.set('auth', `Basic ${token}`);
      params.set('actor', JSON.stringify(actor));
      params.set('registration', registration);
      params.set('activity_id', activityId);
      return { query: params.toString(), key, registration, sessionId, activityId, actor, auth: `Basic ${token}` };
    }
    const launchData: Record<string, unknown> = { contextTemplate, launchMode, moveOn: request.moveOn ?? 'Completed' };
    if (request.masteryScore !== undefined) launchData.masteryScore = request.masteryScore;
    if (request.launchParameters) launchData.launchParameters = request.launchParameters;
    if (returnUrl) launchData.returnURL = returnUrl;
    documents.set(stateKey(activityId, actor, registration, 'LMS.LaunchData'), { registration, body: launchData });
    if (request.languagePreference) profiles.set(JSON.stringify([agentKey(actor), 'cmi5LearnerPreferences']), { languagePreference: request.languagePreference, audioPreference: 'on' });
    const launched: Statement = {
      id: randomUUID(),
      actor,
      verb: { id: CMI5.verbs.launched, display: { en: 'launched' } },
      object: { objectType: 'Activity', id: activityId },
      context: {
        registration,
        contextActivities: { category: [{ objectType: 'Activity', id: CMI5.category }], grouping: [{ objectType: 'Activity', id: request.auId }] },
        extensions: {
          [CMI5.sessionId]: sessionId,
          'https://w3id.org/xapi/cmi5/context/extensions/launchmode': launchMode,
          'https://w3id.org/xapi/cmi5/context/extensions/launchurl': `${LMS_HOME}/au`,
          'https://w3id.org/xapi/cmi5/context/extensions/moveon': request.moveOn ?? 'Completed',
          ...(request.masteryScore !== undefined ? { [CMI5.masteryScore]: request.masteryScore } : {}),
        },
      },
      timestamp: new Date().toISOString(),
    };
    const stored = await forward(direct, lrsAuth, 'POST', 'statements', JSON.stringify([launched]));
    if (stored.status >= 300) throw new Error(`the LRS refused the launched statement: ${stored.status} ${stored.body}`);
    params.set('endpoint', `${front}/xapi/`);
    params.set('fetch', `${front}/fetch/${key}`);
    params.set('actor', JSON.stringify(actor));
    params.set('registration', registration);
    params.set('activityId', activityId);
    return { query: params.toString(), key, registration, sessionId, activityId, actor, ...(returnUrl ? { returnUrl } : {}) };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') return send(req, res, 204);

    const fetchMatch = /^\/fetch\/([\w-]+)$/.exec(url.pathname);
    if (fetchMatch) {
      const session = sessions.get(fetchMatch[1]!);
      if (!session) return send(req, res, 200, { 'error-code': '3', 'error-text': 'unknown launch' });
      session.events.push(`${method} /fetch`);
      if (method !== 'POST') {
        violate(session, { requirement: '8.2.1.0-2', text: 'The AU MUST make an HTTP POST to the "fetch" URL to retrieve an authorization token.', detail: `${method} to the fetch URL` });
        return send(req, res, 405, { message: 'POST only' });
      }
      session.fetches++;
      if (session.fetchError) return send(req, res, 200, { 'error-code': session.fetchError, 'error-text': session.fetchError === '2' ? 'security: <b>refused</b>' : 'refused by the test LMS' });
      // One-time URL (§8.2.3): a second POST gets error-code 1, as HTTP 200.
      if (session.fetches > 1) return send(req, res, 200, { 'error-code': '1', 'error-text': 'This fetch URL was already used.' });
      byToken.set(session.token, session);
      return send(req, res, 200, { 'auth-token': session.token });
    }

    const returnMatch = /^\/return\/([\w-]+)$/.exec(url.pathname);
    if (returnMatch) {
      const session = sessions.get(returnMatch[1]!);
      if (session) session.returned = true;
      return send(req, res, 200, '<!doctype html><title>LMS</title><p id="lms-return">Back in the LMS.</p>', 'text/html; charset=utf-8');
    }

    if (!url.pathname.startsWith('/xapi/')) return send(req, res, 404, { message: 'not found' });
    const resource = url.pathname.slice('/xapi/'.length);
    if (resource === 'about') {
      const about = await forward(lrs, lrsAuth, 'GET', 'about', '');
      return send(req, res, about.status, about.body);
    }
    const session = sessionOf(req);
    if (!session || session.refuseToken) {
      if (session) session.events.push(`${method} ${resource} refused`);
      return send(req, res, 401, { message: 'unknown or expired token' });
    }
    const facts = session.facts;
    const body = await readBody(req);

    if (resource === 'activities/state') {
      const stateId = url.searchParams.get('stateId') ?? '';
      session.events.push(`${method} state ${stateId}`);
      let agent: Agent;
      try {
        agent = JSON.parse(url.searchParams.get('agent') ?? 'null') as Agent;
      } catch {
        return send(req, res, 400, { message: 'agent is not JSON' });
      }
      const activityId = url.searchParams.get('activityId') ?? '';
      const registration = url.searchParams.get('registration');
      if (session.kind === 'cmi5') {
        if (agentKey(agent) !== agentKey(facts.actor)) violate(session, { requirement: '8.1.3.0-3', text: 'The AU MUST use the "actor" value in xAPI requests that require an "actor" property or that require an "agent" parameter.', detail: `state ${stateId} for another agent` });
        if (activityId !== facts.activityId) violate(session, { requirement: '10.1.0.0-3', text: 'This [activityId property] MUST match the activity id used by the LMS at AU launch time.', detail: `state ${stateId} for activity ${activityId}` });
        if (registration !== facts.registration) violate(session, { requirement: '8.1.4.0-3', text: 'The AU MUST use the "registration" value in xAPI requests that require a "registration".', detail: `state ${stateId} for registration ${registration}` });
      }
      if (!stateId) return send(req, res, 400, { message: 'this test LMS serves single state documents only' });
      const key = stateKey(activityId, agent, registration, stateId);
      if (stateId === 'LMS.LaunchData' && method !== 'GET') {
        violate(session, { requirement: '10.2.1.0-5', text: 'The AU MUST NOT modify or delete the "LMS.LaunchData" State document.', detail: `${method} LMS.LaunchData` });
        return send(req, res, 403, { message: 'LMS.LaunchData is read-only' });
      }
      if (method === 'GET') {
        const doc = documents.get(key);
        return doc ? send(req, res, 200, doc.body, 'application/json', { ETag: etagOf(doc.body) }) : send(req, res, 404, { message: 'no such document' });
      }
      if (method === 'PUT' || method === 'POST' || method === 'DELETE') {
        const outcome = stateWrite(method, req.headers, documents.get(key), body);
        if (outcome.status !== 204) return send(req, res, outcome.status, { message: outcome.message });
        if (method === 'DELETE') documents.delete(key);
        else documents.set(key, { ...(registration ? { registration } : {}), body: outcome.body });
        return send(req, res, 204);
      }
      return send(req, res, 405, { message: 'method not allowed' });
    }

    if (resource === 'agents/profile') {
      const profileId = url.searchParams.get('profileId') ?? '';
      session.events.push(`${method} profile ${profileId}`);
      const agent = JSON.parse(url.searchParams.get('agent') ?? 'null') as Agent;
      if (agentKey(agent) !== agentKey(facts.actor)) violate(session, { requirement: '11.0.0.0-1', text: 'The Agent used in xAPI Agent Profile requests MUST match the actor property generated by the LMS at AU launch time.', detail: 'agent profile for another agent' });
      if (method !== 'GET') return send(req, res, 403, { message: 'learner preferences are read-only here' });
      if (profileId === 'cmi5LearnerPreferences') facts.preferencesRead = true;
      const profile = profiles.get(JSON.stringify([agentKey(agent), profileId]));
      return profile ? send(req, res, 200, profile) : send(req, res, 404, { message: 'no such profile' });
    }

    if (resource === 'statements' && (method === 'POST' || method === 'PUT')) {
      // One batch at a time per session, as the LMS's rules need the state the previous batch left
      // (a page's keepalive flush and the reloaded page's queue may send the same statements at once).
      const turn = session.turn.then(() => postStatements(req, res, session, body));
      session.turn = turn.catch(() => undefined);
      return turn;
    }
    return send(req, res, 404, { message: `this test LMS does not serve ${method} ${resource}` });
  }

  async function postStatements(req: IncomingMessage, res: ServerResponse, session: Session, body: string): Promise<void> {
    const facts = session.facts;
    let statements: Statement[];
    try {
      const parsed = JSON.parse(body) as Statement | Statement[];
      statements = Array.isArray(parsed) ? parsed : [parsed];
    } catch {
      return send(req, res, 400, { message: 'statements are not JSON' });
    }
    session.events.push(`POST statements ${statements.length}`);
    const registration = registrations.get(facts.registration)!;
    if (session.kind === 'cmi5') {
      const { violations, fresh } = checkBatch(statements, facts, registration);
      if (violations.length > 0) {
        session.violations.push(...violations);
        session.refused++;
        return send(req, res, 400, { message: 'cmi5 rules broken', warnings: violations.map((v) => `${v.requirement}: ${v.detail}`) });
      }
      const stored = await forward(lrs, lrsAuth, 'POST', 'statements', JSON.stringify(statements));
      // A 409 for one statement means the LRS has it already (an earlier answer was lost).
      if (stored.status < 300 || (stored.status === 409 && statements.length === 1)) {
        for (const s of fresh) {
          admit(s, facts, registration);
          session.accepted.push(s);
        }
      }
      return send(req, res, stored.status, stored.body || undefined);
    }
    const stored = await forward(lrs, lrsAuth, 'POST', 'statements', JSON.stringify(statements));
    if (stored.status < 300 || (stored.status === 409 && statements.length === 1)) {
      for (const s of statements) {
        if (facts.ids.has(s.id)) continue;
        facts.ids.add(s.id);
        session.accepted.push(s);
      }
    }
    return send(req, res, stored.status, stored.body || undefined);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(req, res, 500, { message: String(error) });
    });
  });
  server.keepAliveTimeout = 2_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  return {
    url: origin,
    endpoint: `${origin}/xapi/`,
    launch,
    log(key) {
      const session = sessions.get(key);
      if (!session) throw new Error(`no launch ${key}`);
      const { kind, fetches, events, accepted, violations, refused, returned } = session;
      return { kind, fetches, events, accepted, violations, refused, returned };
    },
    documents(registration) {
      const out: Record<string, unknown> = {};
      for (const [key, doc] of documents) if (doc.registration === registration) out[(JSON.parse(key) as string[])[3]!] = doc.body;
      return out;
    },
    publish(front) {
      published = front;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
