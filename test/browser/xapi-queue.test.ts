/**
 * The statement queue in Chromium: IndexedDB, Web Locks, `online` and `pagehide`, against the real
 * LRS (xapi-statements on loopback) through a fault-injecting proxy. See test/lrs/wtr-plugin.mjs.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { openDB } from 'idb';
import type { RuntimeProblem } from '../../src/lms/runtime.js';
import type { Model } from '../../src/model/types.js';
import { type BrowserQueue, openBrowserQueue, queueName } from '../../src/tracking/browser-queue.js';
import { DATABASE_NAME } from '../../src/tracking/idb-store.js';
import { LrsClient, checkEndpoint } from '../../src/tracking/lrs-client.js';
import type { StatementTransport } from '../../src/tracking/transport.js';
import type { Statement } from '../../src/tracking/types.js';
import { randomUuid } from '../../src/tracking/uuid.js';
import { bulkStatements } from '../support/xapi-fixtures.js';

interface Endpoints {
  lrs: string;
  proxy: string;
  auth: string;
}
type Counts = { stored: number; duplicated: number; lost: number };

let endpoints: Endpoints;
let tiny: Model;
const opened: BrowserQueue[] = [];

async function faults(plan: object, seed = 1) {
  await executeServerCommand('pathway-xapi-faults', { plan, seed });
}

async function countInLrs(registration: string, statements: Statement[]): Promise<Counts> {
  const stored = (await executeServerCommand('pathway-xapi-statements', { registration })) as { id: string }[];
  const ids = new Set(statements.map((s) => s.id));
  const seen = new Map<string, number>();
  for (const s of stored) seen.set(s.id, (seen.get(s.id) ?? 0) + 1);
  let duplicated = 0;
  for (const n of seen.values()) duplicated += n - 1;
  return { stored: [...seen.keys()].filter((id) => ids.has(id)).length, duplicated, lost: [...ids].filter((id) => !seen.has(id)).length };
}

async function outbox(endpoint: string, partition: string): Promise<{ id: string; statement: Statement }[]> {
  const db = await openDB(DATABASE_NAME);
  const queue = queueName(checkEndpoint(endpoint), partition);
  const all = (await db.getAll('outbox')) as { queue: string; id: string; statement: Statement }[];
  db.close();
  return all.filter((r) => r.queue === queue);
}

async function until(condition: () => Promise<boolean> | boolean, limitMs = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function open(options: Partial<Parameters<typeof openBrowserQueue>[0]> & { endpoint?: string; partition: string }): Promise<BrowserQueue> {
  const queue = await openBrowserQueue({
    lrs: { endpoint: options.endpoint ?? endpoints.proxy, auth: endpoints.auth, timeoutMs: 600 },
    backoff: { baseMs: 20, maxMs: 200 },
    batchSize: 10,
    ...options,
  });
  opened.push(queue);
  return queue;
}

before(async () => {
  endpoints = (await executeServerCommand('pathway-xapi-start')) as Endpoints;
  tiny = await (await fetch('/test/fixtures/tiny-model.json')).json();
});
afterEach(async () => {
  for (const q of opened.splice(0)) q.detach();
  await faults({});
});

describe('xAPI statement queue in the browser', () => {
  it('stores every statement with its id in IndexedDB before the request that sends it', async () => {
    const partition = randomUuid();
    const registration = randomUuid();
    const statements = bulkStatements(tiny, 25, registration);
    const missing: string[] = [];
    let requests = 0;
    const real = await LrsClient.create({ endpoint: endpoints.proxy, auth: endpoints.auth });
    const checking: StatementTransport = {
      async send(batch, options) {
        requests++;
        const stored = new Set((await outbox(endpoints.proxy, partition)).map((r) => r.id));
        for (const s of batch) if (!stored.has(s.id)) missing.push(s.id);
        return real.send(batch, options);
      },
    };
    const queue = await open({ partition, transport: async () => checking });
    await queue.enqueue(statements);
    await until(async () => (await queue.pending()) === 0, 15_000, 'the queue to empty');
    expect(requests).to.be.greaterThan(0);
    expect(missing).to.deep.equal([]);
    expect(await countInLrs(registration, statements)).to.deep.equal({ stored: 25, duplicated: 0, lost: 0 });
    expect(await outbox(endpoints.proxy, partition)).to.have.length(0);
  });

  it('delivers everything exactly once under 30% injected faults', async () => {
    const registration = randomUuid();
    const statements = bulkStatements(tiny, 150, registration);
    await faults({ rates: { drop: 0.05, reset: 0.05, error: 0.06, hang: 0.02, lostResponse: 0.06, errorAfterStore: 0.03, tooLarge: 0.03 } }, 7);
    const queue = await open({ partition: randomUuid() });
    await queue.enqueue(statements);
    await until(async () => (await queue.pending()) === 0, 40_000, 'the queue to empty');
    const stats = (await executeServerCommand('pathway-xapi-stats')) as { faults: Record<string, number> };
    expect(Object.values(stats.faults).reduce((a, b) => a + b, 0)).to.be.greaterThan(3);
    expect(await countInLrs(registration, statements)).to.deep.equal({ stored: 150, duplicated: 0, lost: 0 });
  });

  it('keeps statements while the LRS is unreachable and resumes on the `online` event', async () => {
    const registration = randomUuid();
    const statements = bulkStatements(tiny, 20, registration);
    // A long backoff: only the `online` event can bring the statements out within the test.
    const queue = await open({ partition: randomUuid(), backoff: { baseMs: 60_000, maxMs: 60_000 } });
    await faults({ offline: true });
    await queue.enqueue(statements);
    await until(() => queue.stats.retries > 0, 5_000, 'the first attempt to fail');
    expect(await queue.pending()).to.equal(20);
    await faults({});
    window.dispatchEvent(new Event('online'));
    await until(async () => (await queue.pending()) === 0, 5_000, 'sending after online');
    expect(await countInLrs(registration, statements)).to.deep.equal({ stored: 20, duplicated: 0, lost: 0 });
  });

  it('lets only one tab send at a time (Web Locks), with nothing sent twice', async () => {
    const partition = randomUuid();
    const registration = randomUuid();
    const statements = bulkStatements(tiny, 60, registration);
    let active = 0;
    let most = 0;
    const real = await LrsClient.create({ endpoint: endpoints.proxy, auth: endpoints.auth });
    const counting: StatementTransport = {
      async send(batch, options) {
        active++;
        most = Math.max(most, active);
        try {
          await new Promise((r) => setTimeout(r, 15));
          return await real.send(batch, options);
        } finally {
          active--;
        }
      },
    };
    // Two queues on one IndexedDB partition and one lock name: what two tabs of one learner share.
    const first = await open({ partition, transport: async () => counting });
    const second = await open({ partition, transport: async () => counting });
    await Promise.all([first.enqueue(statements.slice(0, 30)), second.enqueue(statements.slice(30))]);
    await Promise.all([first.flush(), second.flush()]);
    await until(async () => (await first.pending()) === 0, 15_000, 'both queues to empty');
    expect(most).to.equal(1);
    expect(await countInLrs(registration, statements)).to.deep.equal({ stored: 60, duplicated: 0, lost: 0 });
  });

  it('on `pagehide` posts the unconfirmed statements with keepalive; the next page load finishes without duplicates', async () => {
    const partition = randomUuid();
    const registration = randomUuid();
    const statements = bulkStatements(tiny, 12, registration);
    await faults({ script: ['error'] });
    const queue = await open({ partition, backoff: { baseMs: 60_000, maxMs: 60_000 } });
    await queue.enqueue(statements);
    await until(() => queue.stats.retries > 0, 5_000, 'the first attempt to fail');
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    await until(async () => (await countInLrs(registration, statements)).stored === 12, 10_000, 'the keepalive request to arrive');
    expect(await outbox(endpoints.proxy, partition)).to.have.length(12, 'kept until confirmed');
    queue.detach();
    const nextLoad = await open({ partition });
    await until(async () => (await nextLoad.pending()) === 0, 10_000, 'the next page load to send');
    expect(await countInLrs(registration, statements)).to.deep.equal({ stored: 12, duplicated: 0, lost: 0 });
  });

  it('moves a statement the LRS refuses (400) to the dead-letter store, reports it once, and exports it', async () => {
    const registration = randomUuid();
    const statements = bulkStatements(tiny, 8, registration);
    statements[3] = { ...statements[3]!, result: { response: 'o1', score: { scaled: 3 } } };
    const problems: RuntimeProblem[] = [];
    const queue = await open({ partition: randomUuid(), onProblem: (p) => problems.push(p) });
    await queue.enqueue(statements);
    await until(async () => (await queue.pending()) === 0, 15_000, 'the queue to empty');
    expect(problems.map((p) => [p.source, p.code, p.recoverable])).to.deep.equal([['lrs', 400, false]]);
    expect(problems[0]!.message).to.contain(statements[3]!.id);
    const exported = JSON.parse(await queue.exportDeadLetters());
    expect(exported.statements.map((l: { id: string }) => l.id)).to.deep.equal([statements[3]!.id]);
    expect(await countInLrs(registration, statements)).to.deep.equal({ stored: 7, duplicated: 0, lost: 1 });
  });

  it('falls back to memory with a visible warning where IndexedDB is blocked, and still delivers', async () => {
    const blocked = {
      open() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    } as unknown as IDBFactory;
    const registration = randomUuid();
    const statements = bulkStatements(tiny, 5, registration);
    const problems: RuntimeProblem[] = [];
    const queue = await open({ partition: randomUuid(), indexedDB: blocked, onProblem: (p) => problems.push(p) });
    expect(queue.store.kind).to.equal('memory');
    expect(problems).to.have.length(1);
    expect(problems[0]!.source).to.equal('storage');
    expect(problems[0]!.message).to.match(/in memory only/);
    await queue.enqueue(statements);
    await until(async () => (await queue.pending()) === 0, 10_000, 'the queue to empty');
    expect(await countInLrs(registration, statements)).to.deep.equal({ stored: 5, duplicated: 0, lost: 0 });
  });

  it('refuses an endpoint outside the allow-list before storing anything', async () => {
    // A factory that records every use: the refusal must come before IndexedDB is even opened.
    const opens: string[] = [];
    const native = indexedDB;
    const watching = {
      open: (name: string, version?: number) => {
        opens.push(name);
        return native.open(name, version);
      },
      deleteDatabase: (name: string) => native.deleteDatabase(name),
      databases: () => native.databases(),
      cmp: (a: unknown, b: unknown) => native.cmp(a, b),
    } as IDBFactory;
    const partition = randomUuid();
    let error: unknown;
    try {
      await openBrowserQueue({ lrs: { endpoint: endpoints.proxy, auth: endpoints.auth, allowedOrigins: ['https://lrs.example.com'] }, partition, indexedDB: watching });
    } catch (e) {
      error = e;
    }
    expect((error as Error).name).to.equal('LrsConfigError');
    // The same factory is used when the endpoint is allowed: the check above can see a use.
    opened.push(await openBrowserQueue({ lrs: { endpoint: endpoints.proxy, auth: endpoints.auth, allowedOrigins: [new URL(endpoints.proxy).origin] }, partition: randomUuid(), indexedDB: watching }));
    expect(opens, 'IndexedDB opened once, for the allowed endpoint only').to.deep.equal([DATABASE_NAME]);
    expect(await outbox(endpoints.proxy, partition), 'nothing stored for the refused queue').to.deep.equal([]);
  });
});
