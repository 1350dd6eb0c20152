// xAPI delivery to the real LRS (xapi-statements in memory mode on loopback):
//   xapi.throughput.perSec            statements/s delivered by the queue in batch mode (median of 3 runs)
//   xapi.throughput.unbatched.perSec  the same client sending one statement per request, the peer to compare with
//   xapi.faults.*                     10,000 queued statements through a proxy injecting 30% faults:
//                                     sent (handed to the queue), stored (distinct ids in the LRS),
//                                     duplicated (extra records of an id), lost (sent − stored − dead-lettered)
//   size.xapi.gz                      the lazily loaded LRS client (our fetch transport), gzip -9
//   size.tracking.gz                  what a page loads before it (builders, tracker, queue, idb store)
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';
import type { Model } from '../src/model/types.js';
import { LrsClient } from '../src/tracking/lrs-client.js';
import { StatementQueue } from '../src/tracking/queue.js';
import { MemoryStore } from '../src/tracking/store.js';
import { randomUuid } from '../src/tracking/uuid.js';
import { startFaultProxy } from '../test/lrs/fault-proxy.mjs';
import { TEST_AUTH, countById, readAllStatements, startLrs } from '../test/lrs/lrs-process.mjs';
import { bulkStatements } from '../test/support/xapi-fixtures.js';

interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function drained(queue: StatementQueue, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while ((await queue.pending()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

async function chunkSizes(): Promise<{ xapi: number; tracking: number }> {
  const root = new URL('..', import.meta.url).pathname;
  const entry = '\0xapi-entry.ts';
  const code = `import { openBrowserQueue, Tracker } from '${root}src/tracking/index.ts'; export { openBrowserQueue, Tracker };`;
  const bundle = await rollup({
    input: entry,
    plugins: [
      { name: 'entry', resolveId: (id) => (id === entry ? id : null), load: (id) => (id === entry ? code : null) },
      esbuild({ target: 'es2021', loaders: { '.ts': 'ts' }, include: /\.ts$|\0xapi-entry/ }),
      nodeResolve({ mainFields: ['module', 'main'] }),
      terser({ ecma: 2021, module: true }),
    ],
    onwarn: () => {},
  });
  const { output } = await bundle.generate({ format: 'es', manualChunks: (id) => (id.includes('lrs-client') ? 'xapi' : undefined) });
  const size = (code: string) => gzipSync(code, { level: 9 }).length;
  let xapi = 0;
  let tracking = 0;
  for (const chunk of output) {
    if (chunk.type !== 'chunk') continue;
    if (chunk.name === 'xapi' || chunk.moduleIds.some((m) => m.includes('lrs-client'))) xapi += chunk.isEntry ? 0 : size(chunk.code);
    if (chunk.isEntry) tracking += size(chunk.code);
  }
  return { xapi, tracking };
}

async function throughput(endpoint: string, model: Model, count: number, batchSize: number): Promise<number> {
  const registration = randomUuid();
  const statements = bulkStatements(model, count, registration);
  const queue = new StatementQueue({ store: new MemoryStore(), transport: () => LrsClient.create({ endpoint, auth: TEST_AUTH }), batchSize });
  const started = performance.now();
  await queue.enqueue(statements);
  await drained(queue, 120_000);
  const seconds = (performance.now() - started) / 1000;
  const counts = countById(await readAllStatements(endpoint, `&registration=${registration}`), statements.map((s) => s.id));
  if (counts.stored !== count || counts.duplicated !== 0) throw new Error(`throughput run lost or duplicated statements: ${JSON.stringify(counts)}`);
  return count / seconds;
}

export default async function (ctx: { log: (line: string) => void }): Promise<Figure[]> {
  const model = JSON.parse(readFileSync(new URL('../test/fixtures/tiny-model.json', import.meta.url), 'utf8')) as Model;
  const sizes = await chunkSizes();
  const lrs = await startLrs();
  const proxy = await startFaultProxy({ target: lrs.url, seed: 2026 });
  try {
    const batched: number[] = [];
    const single: number[] = [];
    for (let run = 0; run < 3; run++) {
      batched.push(await throughput(lrs.endpoint, model, 2000, 50));
      single.push(await throughput(lrs.endpoint, model, 200, 1));
      ctx.log(`run ${run + 1}: batched ${batched[run]!.toFixed(0)}/s, one per request ${single[run]!.toFixed(0)}/s`);
    }

    const registration = randomUuid();
    const sent = 10_000;
    const statements = bulkStatements(model, sent, registration);
    const rates = { drop: 0.05, reset: 0.05, error: 0.06, hang: 0.02, lostResponse: 0.05, errorAfterStore: 0.04, tooLarge: 0.03 };
    proxy.setPlan({ rates, hangMs: 3_000 }, 2026);
    const queue = new StatementQueue({
      store: new MemoryStore(),
      transport: () => LrsClient.create({ endpoint: proxy.endpoint, auth: TEST_AUTH, timeoutMs: 1_000 }),
      backoff: { baseMs: 20, maxMs: 500 },
    });
    const started = performance.now();
    await queue.enqueue(statements);
    await drained(queue, 300_000);
    const seconds = (performance.now() - started) / 1000;
    proxy.setPlan({});
    const deadLettered = (await queue.deadLetters()).length;
    const counts = countById(await readAllStatements(lrs.endpoint, `&registration=${registration}`), statements.map((s) => s.id));
    const injected = Object.values(proxy.stats.faults).reduce((a, b) => a + b, 0);
    const faultNote = `${proxy.stats.statementPosts} POSTs, ${injected} faults injected (${Object.entries(proxy.stats.faults).map(([k, v]) => `${k} ${v}`).join(', ')}), ${deadLettered} dead-lettered, ${seconds.toFixed(1)} s`;
    ctx.log(faultNote);
    return [
      { name: 'xapi.throughput.perSec', value: Math.round(median(batched)), unit: 'statements/s', note: `median of 3 × 2000, batches of 50; ${(median(batched) / median(single)).toFixed(1)}× one-per-request` },
      { name: 'xapi.throughput.unbatched.perSec', value: Math.round(median(single)), unit: 'statements/s', note: 'median of 3 × 200, one statement per request' },
      { name: 'xapi.faults.sent', value: sent, unit: 'statements', note: faultNote },
      { name: 'xapi.faults.stored', value: counts.stored, unit: 'statements' },
      { name: 'xapi.faults.duplicated', value: counts.duplicated + counts.foreign, unit: 'statements' },
      { name: 'xapi.faults.lost', value: sent - counts.stored - deadLettered, unit: 'statements' },
      { name: 'size.xapi.gz', value: sizes.xapi, unit: 'bytes', note: 'lazy chunk: our fetch-based LRS transport' },
      { name: 'size.tracking.gz', value: sizes.tracking, unit: 'bytes', note: 'eager part: builders, tracker, queue, idb store' },
    ];
  } finally {
    await proxy.close();
    await lrs.stop();
  }
}
