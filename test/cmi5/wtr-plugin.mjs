// A web-test-runner plugin for the cmi5 and xAPI-launch package tests: one real LRS (xapi-statements,
// started on first use) and, per test file, a fault proxy in front of it, the test cmi5 LMS
// (./cmi5-lms.ts) in front of that proxy, and a second fault proxy in front of the LMS, which launches
// with `viaFront` name, so that every call the AU makes can fail. Server commands (executeServerCommand):
//   pathway-cmi5-launch <LaunchRequest>      → LaunchResult (the AU's query string, registration, …)
//   pathway-cmi5-log { key }                 → what the LMS saw of that session (fetches, events, statements, violations)
//   pathway-cmi5-outage { offline }          → the LRS becomes unreachable for statements (or reachable again)
//   pathway-cmi5-faults { plan }             → sets the plan of the proxy in front of the LMS (fault-proxy.mjs)
//   pathway-cmi5-front-stats                 → that proxy's counters
//   pathway-cmi5-statements { registration } → every statement the LRS stored for a registration (or at all)
//   pathway-cmi5-documents { registration }  → the State documents the LMS holds for a registration
//   pathway-cmi5-lrs                         → { lrs, auth }: the LRS itself, for reading back as a learner's page does
//   pathway-cmi5-insights { job, model, requests? } → the real CLI on that LRS: `pathway insights sync` then
//                                               `report --json`, as a job to poll: { done } until { done: true, result }
import { tsImport } from 'tsx/esm/api';
import { startFaultProxy } from '../lrs/fault-proxy.mjs';
import { insightsJobs } from '../lrs/insights-cli.mjs';
import { TEST_AUTH, readAllStatements, startLrs } from '../lrs/lrs-process.mjs';

export function cmi5LmsPlugin() {
  let lrs;
  let starting;
  const perFile = new Map();
  const insights = insightsJobs();
  const ensureLrs = () => (starting ??= startLrs().then((started) => (lrs = started)));
  async function forFile(sessionId) {
    await ensureLrs();
    if (!perFile.has(sessionId)) {
      perFile.set(
        sessionId,
        (async () => {
          const proxy = await startFaultProxy({ target: lrs.url, seed: 5 });
          const { startCmi5Lms } = await tsImport('./cmi5-lms.ts', import.meta.url);
          const lms = await startCmi5Lms({ lrs: proxy.endpoint, direct: lrs.endpoint, lrsAuth: TEST_AUTH });
          const front = await startFaultProxy({ target: lms.url, seed: 6 });
          lms.publish(front.url);
          return { proxy, lms, front };
        })(),
      );
    }
    return perFile.get(sessionId);
  }
  return {
    name: 'pathway-cmi5-lms',
    async serverStop() {
      for (const entry of perFile.values()) {
        const { proxy, lms, front } = await entry;
        await front.close();
        await lms.close();
        await proxy.close();
      }
      await lrs?.stop();
    },
    async executeCommand({ command, payload, session }) {
      if (!command.startsWith('pathway-cmi5-')) return undefined;
      const { proxy, lms, front } = await forFile(session.id);
      switch (command) {
        case 'pathway-cmi5-launch':
          return lms.launch(payload);
        case 'pathway-cmi5-log':
          return lms.log(payload.key);
        case 'pathway-cmi5-outage':
          proxy.setPlan({ offline: Boolean(payload?.offline) });
          return true;
        case 'pathway-cmi5-faults':
          front.setPlan(payload?.plan ?? {});
          front.resetStats();
          return true;
        case 'pathway-cmi5-front-stats':
          return front.stats;
        case 'pathway-cmi5-statements':
          return readAllStatements(lrs.endpoint, payload.registration ? `&registration=${encodeURIComponent(payload.registration)}` : '');
        case 'pathway-cmi5-lrs':
          return { lrs: lrs.endpoint, auth: TEST_AUTH };
        case 'pathway-cmi5-insights':
          return insights({ job: payload.job, endpoint: lrs.endpoint, auth: TEST_AUTH, model: payload.model, requests: payload.requests });
        case 'pathway-cmi5-documents':
          return lms.documents(payload.registration);
        default:
          throw new Error(`unknown command ${command}`);
      }
    },
  };
}
