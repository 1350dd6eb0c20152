// A fault-injecting HTTP proxy on loopback between the client and the real LRS. For each POST to
// the statements resource it draws (from a seeded generator, or a script) whether to pass it or to
// fail it in one of the ways networks and LRSs fail. Everything else (GET, /about, CORS preflights)
// passes untouched. Loopback only; every hang is closed by a timer, so it always stops by itself.
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
 */
export const FAULTS = ['drop', 'reset', 'error', 'hang', 'tooLarge', 'lostResponse', 'errorAfterStore', 'unauthorized'];

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
  let current = { rates: {}, script: [], maxStatements: Infinity, offline: false, hangMs: 30_000, ...plan };
  let random = seeded(seed);
  const stats = { requests: 0, statementPosts: 0, forwarded: 0, faults: Object.fromEntries(FAULTS.map((f) => [f, 0])) };
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

  const server = createServer((req, res) => {
    stats.requests++;
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const isStatementPost = req.method === 'POST' && /\/statements\/?(\?|$)/.test(req.url ?? '');
      let fault = 'pass';
      if (isStatementPost) {
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
      } else if (current.offline && req.method !== 'OPTIONS') {
        fault = 'drop';
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
            if (fault === 'errorAfterStore' || !upstream) {
              res.writeHead(502, corsHeaders(req)).end(JSON.stringify({ message: 'injected: bad gateway after the LRS answered' }));
              return;
            }
            const headers = { ...upstream.headers };
            delete headers['transfer-encoding'];
            headers['content-length'] = String(payload.length);
            res.writeHead(upstream.statusCode ?? 502, headers).end(payload);
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
      current = { rates: {}, script: [], maxStatements: Infinity, offline: false, hangMs: 30_000, ...next };
      if (nextSeed !== undefined) random = seeded(nextSeed);
    },
    resetStats() {
      stats.requests = 0;
      stats.statementPosts = 0;
      stats.forwarded = 0;
      for (const f of FAULTS) stats.faults[f] = 0;
    },
    close() {
      for (const timer of openHangs) clearTimeout(timer);
      openHangs.clear();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
