// One step of the 1,000,000-statement benchmark in its own process, so that its peak memory is its own:
//   ingest <ndjson> <db> <model.json> → { seconds, cpuSeconds, fuseCpuSeconds, facts, maxRssMb }
//                                    (`sync --statements --model`: facts, then the fused profiles stored)
//   report <db> <model.json>      → { seconds, cpuSeconds, people, maxRssMb }
// `seconds` is wall time, `cpuSeconds` the process's CPU time (every thread, DuckDB's included).
import { readFileSync } from 'node:fs';
import { buildInsightsReport } from '../../src/insights/analytics/index.js';
import { DuckDbClient } from '../../src/insights/store/duckdb.js';
import { readStatementsFile } from '../../src/insights/store/file-source.js';
import { InsightsStore } from '../../src/insights/store/store.js';
import { requireModel } from '../../src/model/load.js';

const [step, a, b] = process.argv.slice(2);
const started = performance.now();
const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
const cpuAtStart = cpuSeconds();
const mb = () => Math.round(process.resourceUsage().maxRSS / 1024);
if (step === 'ingest') {
  const store = new InsightsStore(await DuckDbClient.open(b!));
  await store.addStream(readStatementsFile(a!));
  const facts = await store.count();
  const fusing = cpuSeconds();
  await store.profiles(requireModel(readFileSync(process.argv[5]!, 'utf8')));
  const fuseCpuSeconds = cpuSeconds() - fusing;
  await store.sql.close();
  console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSeconds() - cpuAtStart, fuseCpuSeconds, facts, maxRssMb: mb() }));
} else if (step === 'report') {
  const model = requireModel(readFileSync(b!, 'utf8'));
  const store = new InsightsStore(await DuckDbClient.open(a!));
  const { profiles } = await store.profiles(model);
  const report = buildInsightsReport(model, profiles);
  await store.sql.close();
  console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSeconds() - cpuAtStart, people: profiles.length, teams: report.teams.length, maxRssMb: mb() }));
} else throw new Error(`unknown step ${step}`);
