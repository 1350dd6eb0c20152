// Evidence across people (issue 11), from statements generated for simulated people (self, manager,
// three peers) with the engine and the real statement builders:
//   insights.aggregate.ms.100k   100,000 statements (parsed) → fused person × competency table in Node, no database
//                                (CPU time, median of 3; the machine is shared, so CPU time is the steadier figure)
//   insights.aggregate.browser.ms.100k, insights.team.longestTask.ms.100k(.mainThread)
//                                the same in Debian's Chromium, and <pathway-team>'s longest main-thread task reading
//                                them from a file, in a worker and without one (bench/support/insights-browser.ts)
//   insights.ingest.s.1m         1,000,000 statements as NDJSON → the DuckDB fact table and the fused profiles stored
//                                (`pathway insights sync --statements --model`), CPU time
//   insights.report.s.1m         the report from that database: SQL selection, the stored profiles (people whose
//                                evidence changed are fused again: none here), team figures, CPU time
//   insights.rss.mb.1m           peak resident memory of the ingest and report processes (the larger)
//   insights.sync.missed         `pathway insights sync` against the real LRS, killed (SIGKILL) at 20 random
//   insights.sync.duplicated     points and resumed: evidence statements missing / stored twice afterwards
//   insights.sync.statements     how many statements that sync run covered (seeding the in-memory LRS is slow)
//   size.insights.reader.gz      what a page loads to show the fused view (fusedProfileOf: LRS reading + evidence reader; the engine excluded), gzip -9
import { execFileSync, spawn } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EvidenceCollector, extractFact } from '../src/insights/evidence/index.js';
import { DuckDbClient } from '../src/insights/store/duckdb.js';
import { requireModel } from '../src/model/load.js';
import { forVersion } from '../src/tracking/statements.js';
import type { Statement } from '../src/tracking/types.js';
import { TEST_AUTH, startLrs } from '../test/lrs/lrs-process.mjs';
import { seededRandom } from '../test/support/seeded-random.mjs';
import { browserFigures } from './support/insights-browser.js';
import { baseStatements, writeNdjson } from './support/insights-data.js';

interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const MODEL_FILE = 'demo/models/customer-success.json';
/** Statements of the kill-and-resume run: the 100,000 unless set (seeding the in-memory LRS takes minutes). */
const SYNC_STATEMENTS = Number(process.env.PATHWAY_BENCH_SYNC_STATEMENTS ?? 100_000);
/**
 * Statements per POST while seeding, and POSTs in flight. Statements of one POST share their `stored`
 * time and this LRS pages whole groups of them (2,000 a POST gave pages of 2,000 whatever the limit):
 * a batch no larger than the page keeps the pages, and so the kill points, as many as asked.
 */
const SEED_BATCH = 500;
const SEED_PARALLEL = 2;
/** When the LRS's v1 UUIDs wrap, after it starts: about 10 s into the seeding. */
const SYNC_UUID_WRAP_MS = 12_000;
/** Statements per page the killed sync asks for. */
const SYNC_PAGE = 500;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function step(args: string[]): { seconds: number; cpuSeconds: number; maxRssMb: number; fuseCpuSeconds?: number; facts?: number; people?: number } {
  return JSON.parse(execFileSync('node', ['--import', 'tsx', 'bench/support/insights-run.ts', ...args], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split('\n').at(-1)!);
}

async function syncKilled(base: readonly Statement[], dir: string, log: (line: string) => void): Promise<Figure[]> {
  const statements = base.slice(0, SYNC_STATEMENTS).map((s) => forVersion(s, '1.0.3'));
  // The LRS's v1 UUIDs (its `more` cursor) wrap every 429.5 s; seeding takes minutes, so a wrap may or
  // may not fall inside it. Arranged to fall early in the seeding, every run meets the case that made a
  // cursor-trusting reader stop early (docs/insights.md).
  const lrs = await startLrs({ uuidWrapInMs: SYNC_UUID_WRAP_MS });
  try {
    const seeding = performance.now();
    const post = async (from: number): Promise<void> => {
      const response = await fetch(`${lrs.endpoint}statements`, {
        method: 'POST',
        headers: { Authorization: TEST_AUTH, 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json' },
        body: JSON.stringify(statements.slice(from, from + SEED_BATCH).map(({ stored: _s, ...s }: Statement & { stored?: string }) => s)),
      });
      if (!response.ok) throw new Error(`seeding the LRS: ${response.status} ${await response.text()}`);
    };
    for (let i = 0; i < statements.length; i += SEED_BATCH * SEED_PARALLEL) {
      const starts = Array.from({ length: SEED_PARALLEL }, (_, k) => i + k * SEED_BATCH).filter((from) => from < statements.length);
      await Promise.all(starts.map(post));
    }
    log(`LRS seeded with ${statements.length} statements in ${((performance.now() - seeding) / 1000).toFixed(0)} s`);
    const auth = join(dir, 'auth');
    writeFileSync(auth, TEST_AUTH);
    const db = join(dir, 'sync.duckdb');
    const args = ['--import', 'tsx', 'bin/pathway.js', 'insights', 'sync', '--lrs', lrs.endpoint, '--auth', auth, '--db', db, '--limit', String(SYNC_PAGE)];
    // 20 kills spread over the whole read: each run is killed after a random number of pages, on average
    // a 21st of them.
    const pagesPerKill = Math.max(1, Math.round((2 * Math.ceil(statements.length / SYNC_PAGE)) / 21));
    const random = seededRandom(11);
    let kills = 0;
    let runs = 0;
    for (;;) {
      runs++;
      const child = spawn('node', [...args, '--progress'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      // Killed after a random number of pages of this run: in reading, storing or committing.
      const killAt = kills < 20 ? 1 + Math.floor(random() * pagesPerKill) : Number.POSITIVE_INFINITY;
      let pages = 0;
      child.stderr.on('data', (d: Buffer) => {
        pages += String(d).split('\n').filter((l) => l.includes('pages')).length;
        if (pages >= killAt) child.kill('SIGKILL');
      });
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      if (code === 0) {
        log(`run ${runs}: ${output.trim()}`);
        break;
      }
      kills++;
      if (runs > 80) throw new Error('the sync never finished');
    }
    const client = await DuckDbClient.open(db);
    const rows = await client.query('SELECT id FROM pathway_facts');
    await client.close();
    const expected = new Set(statements.flatMap((s) => {
      const fact = extractFact(s);
      return fact && !('skip' in fact) ? [fact.id] : [];
    }));
    const stored = rows.map((r) => String(r.id));
    const distinct = new Set(stored);
    const missed = [...expected].filter((id) => !distinct.has(id)).length;
    const duplicated = stored.length - distinct.size + [...distinct].filter((id) => !expected.has(id)).length;
    log(`${kills} kills, ${runs} runs; ${expected.size} evidence statements expected, ${distinct.size} stored`);
    return [
      { name: 'insights.sync.missed', value: missed, unit: 'statements', note: `${kills} SIGKILLs, ${statements.length} statements; the LRS's more cursor (v1 UUIDs) wraps ${SYNC_UUID_WRAP_MS / 1000} s after it starts, inside the seeding` },
      { name: 'insights.sync.duplicated', value: duplicated, unit: 'statements' },
      { name: 'insights.sync.statements', value: statements.length, unit: 'statements', note: 'PATHWAY_BENCH_SYNC_STATEMENTS sets it (default 100,000; seeding them into the in-memory LRS takes minutes)' },
    ];
  } finally {
    await lrs.stop();
  }
}

/** The fused-view reader as a browser chunk, with the engine (already on the page) left out. */
export async function readerSize(): Promise<number> {
  const root = new URL('..', import.meta.url).pathname;
  const bundle = await rollup({
    input: `${root}src/insights/lrs/person.ts`,
    external: (id) => /\/(assessment|model)\//.test(id),
    plugins: [esbuild({ target: 'es2021', loaders: { '.ts': 'ts' } }), nodeResolve(), terser({ ecma: 2021, module: true })],
    onwarn: () => {},
  });
  const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: true });
  return output.reduce((n, chunk) => n + (chunk.type === 'chunk' ? gzipSync(chunk.code, { level: 9 }).length : 0), 0);
}

export default async function (ctx: { log: (line: string) => void }): Promise<Figure[]> {
  const model = requireModel(readFileSync(MODEL_FILE, 'utf8'));
  const size: Figure = { name: 'size.insights.reader.gz', value: await readerSize(), unit: 'bytes', note: 'no @xapi/xapi: fetch' };
  if (process.env.PATHWAY_BENCH_INSIGHTS_SYNC_ONLY) {
    const dir = mkdtempSync(join(tmpdir(), 'pathway-insights-bench-'));
    try {
      return await syncKilled(baseStatements(model, SYNC_STATEMENTS), dir, ctx.log);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  let t = performance.now();
  const base = baseStatements(model, 100_000);
  ctx.log(`generated ${base.length} statements in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const times: number[] = [];
  const cpu: number[] = [];
  let people = 0;
  let fused = '';
  for (let run = 0; run < 3; run++) {
    t = performance.now();
    const before = process.cpuUsage();
    const { profiles } = new EvidenceCollector(model).addAll(base).profiles();
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
    times.push(performance.now() - t);
    people = profiles.length;
    fused = JSON.stringify(profiles);
  }
  const figures: Figure[] = [size, { name: 'insights.aggregate.ms.100k', value: Math.round(median(cpu)), unit: 'ms', note: `CPU time; ${people} people; wall ${Math.round(median(times))} ms; goal ≤ 1000` }];
  ctx.log(`aggregate: CPU ${cpu.map((x) => Math.round(x)).join(', ')} ms, wall ${times.map((x) => Math.round(x)).join(', ')} ms; ${people} people`);
  const { aggregate: browser, team } = await browserFigures(readFileSync(MODEL_FILE, 'utf8'), base);
  // The page reads the statements as an LRS gives them (parsed JSON): the profiles must be Node's, to the character.
  if (browser.profiles !== fused) throw new Error('the profiles fused in Chromium differ from those fused in Node');
  if (team.people !== people) throw new Error(`the team view read ${team.people} people, Node ${people}`);
  ctx.log(`aggregate in Chromium: ${browser.runs.map((x) => Math.round(x)).join(', ')} ms; the same ${people} profiles as in Node`);
  ctx.log(`<pathway-team> reading them from a file, longest main-thread task: ${team.worker.map((x) => Math.round(x)).join(', ')} ms (worker), ${team.mainThread.map((x) => Math.round(x)).join(', ')} ms (no worker)`);
  figures.push(
    { name: 'insights.aggregate.browser.ms.100k', value: Math.round(median(browser.runs)), unit: 'ms', note: `wall time in Debian's Chromium, median of ${browser.runs.length} (the first compiles); the same ${people} profiles as in Node; goal ≤ 1000` },
    { name: 'insights.team.longestTask.ms.100k', value: Math.round(median(team.worker)), unit: 'ms', note: `median of ${team.worker.length}: longest main-thread task while <pathway-team> reads 100,000 statements from a file (in a worker) and draws ${people} people` },
    { name: 'insights.team.longestTask.ms.100k.mainThread', value: Math.round(median(team.mainThread)), unit: 'ms', note: 'the same page with no Worker (read on the main thread)' },
  );
  if (process.env.PATHWAY_BENCH_INSIGHTS_QUICK) return figures;

  const dir = mkdtempSync(join(tmpdir(), 'pathway-insights-bench-'));
  try {
    const file = join(dir, 'statements.ndjson');
    t = performance.now();
    await writeNdjson(file, base, 10);
    ctx.log(`wrote 1,000,000 statements as NDJSON in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const db = join(dir, 'insights.duckdb');
    const ingest = step(['ingest', file, db, MODEL_FILE]);
    ctx.log(`ingest: ${JSON.stringify(ingest)}`);
    rmSync(file);
    const report = step(['report', db, MODEL_FILE]);
    ctx.log(`report: ${JSON.stringify(report)}`);
    figures.push(
      { name: 'insights.ingest.s.1m', value: Number(ingest.cpuSeconds.toFixed(2)), unit: 's', note: `CPU time, of which ${ingest.fuseCpuSeconds!.toFixed(1)} s fusing and storing the profiles; ${ingest.facts} facts; wall ${ingest.seconds.toFixed(1)} s; goal ≤ 20` },
      { name: 'insights.report.s.1m', value: Number(report.cpuSeconds.toFixed(2)), unit: 's', note: `CPU time; ${report.people} people; wall ${report.seconds.toFixed(1)} s; goal ≤ 3` },
      { name: 'insights.rss.mb.1m', value: Math.max(ingest.maxRssMb, report.maxRssMb), unit: 'MB', note: 'goal ≤ 2048' },
    );
    figures.push(...(await syncKilled(base, dir, ctx.log)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
