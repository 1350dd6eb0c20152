// A web-test-runner plugin for the browser tests of xAPI tracking: starts the real LRS (once, on the
// first request) and one fault-injecting proxy per test file, and answers these server commands
// (executeServerCommand from @web/test-runner-commands):
//   pathway-xapi-start                        → { lrs, proxy, auth } endpoints for this test file
//   pathway-xapi-faults { plan, seed? }       → sets this file's proxy plan (see fault-proxy.mjs)
//   pathway-xapi-stats                        → this file's proxy counters
//   pathway-xapi-statements { registration }  → every statement the LRS stored for a registration
//   pathway-xapi-statements { agent }         → … or for an agent (an xAPI Agent object)
//   pathway-xapi-insights { model, requests? } → runs the real CLI, `pathway insights sync --lrs` from this LRS
//                                               into a fresh database, then `pathway insights report --json`
//                                               (with `--requests` when requests are given); → { sync, report }
import { startFaultProxy } from './fault-proxy.mjs';
import { insightsReport } from './insights-cli.mjs';
import { TEST_AUTH, readAllStatements, startLrs } from './lrs-process.mjs';

export function xapiLrsPlugin() {
  let lrs;
  let starting;
  const proxies = new Map();
  const ensureLrs = () => (starting ??= startLrs().then((started) => (lrs = started)));
  async function proxyFor(sessionId) {
    await ensureLrs();
    if (!proxies.has(sessionId)) proxies.set(sessionId, startFaultProxy({ target: lrs.url, seed: 1 }));
    return proxies.get(sessionId);
  }
  return {
    name: 'pathway-xapi-lrs',
    async serverStop() {
      for (const proxy of proxies.values()) await (await proxy).close();
      await lrs?.stop();
    },
    async executeCommand({ command, payload, session }) {
      if (!command.startsWith('pathway-xapi-')) return undefined;
      const proxy = await proxyFor(session.id);
      switch (command) {
        case 'pathway-xapi-start':
          return { lrs: lrs.endpoint, proxy: proxy.endpoint, auth: TEST_AUTH };
        case 'pathway-xapi-faults':
          proxy.setPlan(payload?.plan ?? {}, payload?.seed);
          proxy.resetStats();
          return true;
        case 'pathway-xapi-stats':
          return proxy.stats;
        case 'pathway-xapi-insights':
          return insightsReport({ endpoint: lrs.endpoint, auth: TEST_AUTH, model: payload.model, requests: payload.requests });
        case 'pathway-xapi-statements':
          return readAllStatements(lrs.endpoint, payload.agent ? `&agent=${encodeURIComponent(JSON.stringify(payload.agent))}` : `&registration=${encodeURIComponent(payload.registration)}`);
        default:
          throw new Error(`unknown command ${command}`);
      }
    },
  };
}
