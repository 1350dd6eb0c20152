// A fault-injecting HTTP proxy on loopback between the client and the real LRS (or in front of the
// test cmi5 LMS, for every call an AU makes). For each POST to the statements resource it draws (from
// a seeded generator, or a script) whether to pass it or to fail it in one of the ways networks and
// LRSs fail. Other calls pass untouched unless the plan scripts faults for their kind (`on`: the cmi5
// fetch URL, State reads and writes, the Agent Profile, /about); CORS preflights always pass.
// Loopback only; every hang is closed by a timer, so it always stops by itself.
import { createServer, request as httpRequest } from 'node:http';
import { seededRandom as seeded } from '../support/seeded-random.mjs';

/** Fault kinds:
 *  pass          forward to the LRS and return its answer
 *  drop          read the request, close the connection without an answer (nothing stored)
 *  reset         reset the TCP connection at once (ECONNRESET; nothing stored)
 *  error         answer 503 without forwarding (nothing stored)
 *  hang          never answer (the client must time out); closed after hangMs (nothing stored)
 *  tooLarge      answer 413 for a batch of more than one statement (nothing stored)
 *  lostResponse  forward, let the LRS store, then drop the connection before the answer reaches the
 *                client — "going offline mid-batch": the client cannot know it was stored
 *  errorAfterStore  forward, let the LRS store, then answer 502 (a gateway losing the answer)
 *  unauthorized  answer 401 (an expired credential; nothing stored)
 *  serverError   answer 500 without forwarding (nothing stored)
 *  garbage       answer 200 with an HTML page without forwarding — a captive portal or a misrouted
 *                gateway: it looks like success, but nothing reached the LRS
 *  lateAnswer    forward, let the LRS store, and hold the answer for hangMs (beyond the client's
 *                timeout), then send it
 */
export const FAULTS = ['drop', 'reset', 'error', 'hang', 'tooLarge', 'lostResponse', 'errorAfterStore', 'unauthorized', 'serverError', 'garbage', 'lateAnswer'];

/** The kinds of call a plan can script faults for (`on`), besides statement POSTs. */
export function callKind(method, url) {
  const path = new URL(url ?? '/', 'http://x').pathname;
  if (/\/fetch\/[^/]+$/.test(path)) return 'fetch';
  if (path.endsWith('/about')) return 'about';
  if (path.endsWith('/agents/profile')) return 'profile';
  if (path.endsWith('/activities/state')) return method === 'GET' ? 'stateRead' : 'stateWrite';
  if (/\/statements\/?$/.test(path)) return method === 'POST' || method === 'PUT' ? 'statements' : 'statementsRead';
  return 'other';
}

const PORTAL = '<!doctype html><title>Sign in to the network</title><p>Please accept the terms of use.</p>';

function corsHeaders(req) {
  return {
    'Access-Control-Allow-Origin': req.headers.origin ?? '*',
    'Access-Control-Expose-Headers': 'ETag, X-Experience-API-Version',
    'Content-Type': 'application/json',
  };
}

/**
 * @param {{ target: string, seed?: number, plan?: object }} options target = the LRS origin
 */
export async function startFaultProxy({ target, seed = 1, plan = {} }) {
  const targetUrl = new URL(target);
  const fresh = (next) => ({ rates: {}, script: [], on: {}, maxStatements: Infinity, offline: false, hangMs: 30_000, ...next, on: Object.fromEntries(Object.entries(next.on ?? {}).map(([k, v]) => [k, [...v]])) });
  let current = fresh(plan);
  let random = seeded(seed);
  const stats = { requests: 0, statementPosts: 0, forwarded: 0, faults: Object.fromEntries(FAULTS.map((f) => [f, 0])), calls: {} };
  const openHangs = new Set();

  function choose(count) {
    if (current.offline) return 'drop';
    if (current.script.length > 0) return current.script.shift();
    if (count > current.maxStatements) return 'tooLarge';
    let r = random();
    for (const fault of FAULTS) {
      const rate = current.rates[fault] ?? 0;
      if (r < rate) return fault;
      r -= rate;
    }
    return 'pass';
  }

  function forward(req, body, onResponse) {
    const upstream = httpRequest(
      {
        hostname: targetUrl.hostname,
        port: targetUrl.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: targetUrl.host },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => onResponse(res, Buffer.concat(chunks)));
      },
    );
    upstream.on('error', (error) => onResponse(undefined, Buffer.from(JSON.stringify({ message: `proxy: ${error.message}` }))));
    upstream.end(body);
  }

  function pass(res, upstream, payload) {
    if (res.destroyed) return;
    const headers = { ...upstream.headers };
    delete headers['transfer-encoding'];
    headers['content-length'] = String(payload.length);
    res.writeHead(upstream.statusCode ?? 502, headers).end(payload);
  }

  const server = createServer((req, res) => {
    stats.requests++;
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const isStatementPost = req.method === 'POST' && /\/statements\/?(\?|$)/.test(req.url ?? '');
      const kind = callKind(req.method, req.url);
      if (req.method !== 'OPTIONS') stats.calls[kind] = (stats.calls[kind] ?? 0) + 1;
      let fault = 'pass';
      const scripted = req.method === 'OPTIONS' ? undefined : current.on[kind];
      if (current.offline && req.method !== 'OPTIONS') {
        fault = 'drop';
        if (isStatementPost) {
          stats.statementPosts++;
          stats.faults.drop++;
        }
      } else if (scripted && scripted.length > 0) {
        fault = scripted.shift();
        if (isStatementPost) stats.statementPosts++;
        if (fault !== 'pass') stats.faults[fault]++;
      } else if (isStatementPost) {
        stats.statementPosts++;
        let count = 1;
        try {
          const parsed = JSON.parse(body.toString('utf8'));
          count = Array.isArray(parsed) ? parsed.length : 1;
        } catch {
          // Not JSON: let the LRS answer it.
        }
        fault = choose(count);
        if (fault === 'tooLarge' && count <= 1) fault = 'pass';
        if (fault !== 'pass') stats.faults[fault]++;
      }
      switch (fault) {
        case 'drop':
          req.socket.destroy();
          return;
        case 'reset':
          req.socket.resetAndDestroy();
          return;
        case 'error':
          res.writeHead(503, corsHeaders(req)).end(JSON.stringify({ message: 'injected: service unavailable' }));
          return;
        case 'unauthorized':
          res.writeHead(401, corsHeaders(req)).end(JSON.stringify({ message: 'injected: unauthorized' }));
          return;
        case 'serverError':
          res.writeHead(500, corsHeaders(req)).end(JSON.stringify({ message: 'injected: internal server error' }));
          return;
        case 'garbage':
          res.writeHead(200, { ...corsHeaders(req), 'Content-Type': 'text/html; charset=utf-8' }).end(PORTAL);
          return;
        case 'tooLarge':
          res.writeHead(413, corsHeaders(req)).end(JSON.stringify({ message: 'injected: request entity too large' }));
          return;
        case 'hang': {
          const timer = setTimeout(() => {
            openHangs.delete(timer);
            req.socket.destroy();
          }, current.hangMs);
          openHangs.add(timer);
          return;
        }
        default:
          forward(req, body, (upstream, payload) => {
            if (isStatementPost && upstream) stats.forwarded++;
            if (fault === 'lostResponse') {
              req.socket.destroy();
              return;
            }
            if (fault === 'lateAnswer' && upstream) {
              const timer = setTimeout(() => {
                openHangs.delete(timer);
                pass(res, upstream, payload);
              }, current.hangMs);
              openHangs.add(timer);
              return;
            }
            if (fault === 'errorAfterStore' || !upstream) {
              res.writeHead(502, corsHeaders(req)).end(JSON.stringify({ message: 'injected: bad gateway after the LRS answered' }));
              return;
            }
            pass(res, upstream, payload);
          });
      }
    });
  });
  server.keepAliveTimeout = 2_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    endpoint: `${url}/xAPI/`,
    stats,
    /** Replaces the plan (and restarts the seeded generator when a seed is given). */
    setPlan(next, nextSeed) {
      current = fresh(next);
      if (nextSeed !== undefined) random = seeded(nextSeed);
    },
    resetStats() {
      stats.requests = 0;
      stats.statementPosts = 0;
      stats.forwarded = 0;
      for (const f of FAULTS) stats.faults[f] = 0;
      stats.calls = {};
    },
    close() {
      for (const timer of openHangs) clearTimeout(timer);
      openHangs.clear();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
