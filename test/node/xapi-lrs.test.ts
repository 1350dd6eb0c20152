/**
 * The tracking code against a real LRS (xapi-statements in memory mode, on a free loopback port),
 * directly and through a fault-injecting proxy. Counts are taken in the LRS, by statement id.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import validationModule from '@learninglocker/xapi-validation';
import type { RuntimeProblem } from '../../src/lms/runtime.js';
import type { Model } from '../../src/model/types.js';
import { LrsClient } from '../../src/tracking/lrs-client.js';
import { StatementQueue } from '../../src/tracking/queue.js';
import { forVersion } from '../../src/tracking/statements.js';
import { MemoryStore } from '../../src/tracking/store.js';
import type { Statement } from '../../src/tracking/types.js';
import { randomUuid } from '../../src/tracking/uuid.js';
import { type FaultPlan, type FaultProxy, startFaultProxy } from '../lrs/fault-proxy.mjs';
import { type StartedLrs, TEST_AUTH, countById, readAllStatements, startLrs } from '../lrs/lrs-process.mjs';
import { bulkStatements, everyStatementKind } from '../support/xapi-fixtures.js';

const validate = ((validationModule as unknown as { default?: unknown }).default ?? validationModule) as (data: unknown) => unknown[];
const load = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as Model;
const largest = load('../../demo/models/software-engineer.json');
const tiny = load('../fixtures/tiny-model.json');

let lrs: StartedLrs;
let proxy: FaultProxy;

before(async () => {
  lrs = await startLrs();
  proxy = await startFaultProxy({ target: lrs.url });
});
after(async () => {
  await proxy?.close();
  await lrs?.stop();
});

function queueFor(endpoint: string, options: { batchSize?: number; problems?: RuntimeProblem[]; timeoutMs?: number } = {}) {
  return new StatementQueue({
    store: new MemoryStore(),
    transport: () => LrsClient.create({ endpoint, auth: TEST_AUTH, timeoutMs: options.timeoutMs ?? 400 }),
    batchSize: options.batchSize ?? 10,
    backoff: { baseMs: 5, maxMs: 60 },
    random: () => 0.5,
    onProblem: (p) => options.problems?.push(p),
  });
}

/** Waits (bounded) until the queue has sent everything; the queue's own retry timers do the work. */
async function drained(queue: StatementQueue, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while ((await queue.pending()) > 0) {
    if (Date.now() > deadline) throw new Error(`${await queue.pending()} statements still queued after ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  await queue.flush();
}

const stored = (registration: string) => readAllStatements(lrs.endpoint, `&registration=${registration}`);

async function deliverUnder(plan: FaultPlan, count: number, seed: number, batchSize = 10) {
  const registration = randomUuid();
  const statements = bulkStatements(tiny, count, registration);
  proxy.setPlan(plan, seed);
  proxy.resetStats();
  const queue = queueFor(proxy.endpoint, { batchSize });
  await queue.enqueue(statements);
  await drained(queue);
  proxy.setPlan({});
  const counts = countById(await stored(registration), statements.map((s) => s.id));
  return { counts, queue, faults: { ...proxy.stats.faults }, deadLetters: await queue.deadLetters() };
}

describe('a full assessment of the largest sample model, sent to the real LRS', () => {
  test('every statement the product emits is accepted (100%), stored once and reads back as sent', async () => {
    const registrations = new Set<string>();
    const statements = await everyStatementKind(largest);
    for (const s of statements) registrations.add(s.context!.registration!);
    for (const s of statements) assert.deepEqual(validate(forVersion(s, '1.0.3')), []);
    const problems: RuntimeProblem[] = [];
    // Straight to the LRS with no faults injected: a short timeout (there to cut hung requests short in
    // the fault tests) would only turn a slow machine into a reported problem, not test acceptance.
    const queue = queueFor(lrs.endpoint, { batchSize: 25, problems, timeoutMs: 60_000 });
    await queue.enqueue(statements);
    await drained(queue);
    assert.deepEqual(problems, []);
    assert.equal((await queue.deadLetters()).length, 0);
    const back = (await Promise.all([...registrations].map(stored))).flat();
    assert.deepEqual(countById(back, statements.map((s) => s.id)), { stored: statements.length, duplicated: 0, foreign: 0, lost: 0 });
    const byId = new Map(back.map((s) => [s.id, s]));
    for (const sent of statements) {
      const { stored: _stored, authority: _authority, version: _version, ...read } = byId.get(sent.id)!;
      assert.deepEqual(read, JSON.parse(JSON.stringify(forVersion(sent, '1.0.3'))), `${sent.verb.id} ${sent.object.id} reads back changed`);
    }
  });
});

describe('no statement is lost or duplicated when the network or the LRS fails', () => {
  test('each kind of fault once: dropped, reset, 503, hung, answer lost after storing (offline mid-batch), 502 after storing, 413', async () => {
    const { counts, faults, queue, deadLetters } = await deliverUnder({ script: ['drop', 'reset', 'error', 'hang', 'lostResponse', 'errorAfterStore', 'tooLarge', 'pass'] }, 60, 1);
    assert.deepEqual(counts, { stored: 60, duplicated: 0, foreign: 0, lost: 0 });
    assert.deepEqual(deadLetters, []);
    for (const fault of ['drop', 'reset', 'error', 'hang', 'lostResponse', 'errorAfterStore', 'tooLarge'] as const) assert.equal(faults[fault], 1, fault);
    assert.ok(queue.stats.retries >= 6, `retries ${queue.stats.retries}`);
  });

  test('an answer that looks like success but is not the LRS’s (a sign-in page with 200), a 500 and an answer later than the timeout: stored once', async () => {
    const { counts, faults, queue } = await deliverUnder({ script: ['garbage', 'serverError', 'garbage', 'lateAnswer', 'pass'], hangMs: 1_000 }, 30, 1);
    assert.deepEqual(counts, { stored: 30, duplicated: 0, foreign: 0, lost: 0 });
    assert.deepEqual([faults.garbage, faults.serverError, faults.lateAnswer], [2, 1, 1]);
    assert.ok(queue.stats.retries >= 4, `retries ${queue.stats.retries}`);
  });

  test('State documents: a sign-in page is neither the saved progress nor a confirmed write', async () => {
    const client = await LrsClient.create({ endpoint: proxy.endpoint, auth: TEST_AUTH, timeoutMs: 400 });
    const target = { resource: 'state' as const, agent: { mbox: 'mailto:x@example.com' }, activityId: 'https://pathway.example/a', stateId: 'https://pathway.example/s' };
    proxy.setPlan({ on: { stateRead: ['garbage'], stateWrite: ['garbage'] } });
    const read = await client.getDocument(target);
    const written = await client.putDocument(target, { format: 'x' });
    proxy.setPlan({});
    for (const outcome of [read, written]) {
      assert.equal(outcome.kind, 'failed');
      assert.match((outcome as { message: string }).message, /did not come from the LRS/);
      assert.equal((outcome as { retry: boolean }).retry, true);
    }
  });

  test('30% injected faults of every kind over 400 statements: all stored exactly once', async () => {
    const rates = { drop: 0.05, reset: 0.05, error: 0.06, hang: 0.02, lostResponse: 0.05, errorAfterStore: 0.04, tooLarge: 0.03 };
    const { counts, faults, deadLetters } = await deliverUnder({ rates }, 400, 42, 20);
    assert.deepEqual(counts, { stored: 400, duplicated: 0, foreign: 0, lost: 0 });
    assert.deepEqual(deadLetters, []);
    assert.ok(Object.values(faults).reduce((a, b) => a + b, 0) >= 5, 'faults were injected');
  });

  test('offline for a while mid-flush: statements wait, the outage is reported once, and all arrive when the LRS is back', async () => {
    const registration = randomUuid();
    const statements = bulkStatements(tiny, 30, registration);
    const problems: RuntimeProblem[] = [];
    const queue = queueFor(proxy.endpoint, { problems });
    proxy.setPlan({ script: ['pass'] });
    await queue.enqueue(statements.slice(0, 10));
    await drained(queue);
    proxy.setPlan({ offline: true });
    await queue.enqueue(statements.slice(10));
    const deadline = Date.now() + 5_000;
    while (queue.stats.retries < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(await queue.pending(), 20, 'nothing is dropped while offline');
    proxy.setPlan({});
    await drained(queue);
    assert.deepEqual(countById(await stored(registration), statements.map((s) => s.id)), { stored: 30, duplicated: 0, foreign: 0, lost: 0 });
    assert.equal(problems.filter((p) => p.recoverable && /cannot be reached/.test(p.message)).length, 1);
  });

  test('a batch too large for the LRS is split until it fits', async () => {
    const { counts, queue } = await deliverUnder({ maxStatements: 3 }, 50, 3, 20);
    assert.deepEqual(counts, { stored: 50, duplicated: 0, foreign: 0, lost: 0 });
    assert.ok(queue.stats.splits > 0);
  });
});

describe('statements the LRS refuses are explained, kept and exportable, never silently dropped', () => {
  test('a 400 on a batch is bisected down to the poison statement; the rest is stored in order', async () => {
    const registration = randomUuid();
    const statements = bulkStatements(tiny, 20, registration);
    const poison: Statement = { ...statements[7]!, result: { ...statements[7]!.result, score: { scaled: 3 } } };
    statements[7] = poison;
    const problems: RuntimeProblem[] = [];
    const queue = queueFor(lrs.endpoint, { batchSize: 20, problems });
    await queue.enqueue(statements);
    await drained(queue);
    const back = await stored(registration);
    assert.deepEqual(countById(back, statements.map((s) => s.id)), { stored: 19, duplicated: 0, foreign: 0, lost: 1 });
    const letters = await queue.deadLetters();
    assert.deepEqual(letters.map((l) => l.id), [poison.id]);
    assert.equal(letters[0]!.status, 400);
    assert.match(letters[0]!.reason, /scaled/);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.code, 400);
    assert.equal(problems[0]!.recoverable, false);
    assert.match(problems[0]!.message, new RegExp(poison.id));
    const exported = JSON.parse(await queue.exportDeadLetters());
    assert.equal(exported.count, 1);
    assert.deepEqual(exported.statements[0].statement, poison);
    // Stored in the order sent: the LRS lists newest first.
    const storedOrder = back.map((s) => s.id).reverse();
    assert.deepEqual(storedOrder, statements.filter((s) => s !== poison).map((s) => s.id));
  });

  test('a 409 (id already stored with other content) removes only that statement; its batch-mates are stored', async () => {
    const registration = randomUuid();
    const statements = bulkStatements(tiny, 9, registration);
    const original = { ...statements[4]!, result: { response: 'o0' } };
    const response = await fetch(`${lrs.endpoint}statements`, {
      method: 'POST',
      headers: { Authorization: TEST_AUTH, 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json' },
      body: JSON.stringify([forVersion(original, '1.0.3')]),
    });
    assert.equal(response.status, 200);
    const problems: RuntimeProblem[] = [];
    const queue = queueFor(lrs.endpoint, { batchSize: 9, problems });
    await queue.enqueue(statements);
    await drained(queue);
    const back = await stored(registration);
    assert.deepEqual(countById(back, statements.map((s) => s.id)), { stored: 9, duplicated: 0, foreign: 0, lost: 0 });
    assert.deepEqual(back.find((s) => s.id === original.id)!.result, { response: 'o0' }, 'the LRS keeps the first version');
    assert.deepEqual(await queue.deadLetters(), []);
    assert.deepEqual(problems, []);
  });

  test('a 401 stops sending and keeps everything; sending resumes with new credentials', async () => {
    const registration = randomUuid();
    const statements = bulkStatements(tiny, 12, registration);
    const problems: RuntimeProblem[] = [];
    const queue = queueFor(proxy.endpoint, { problems });
    proxy.setPlan({ script: ['unauthorized'] });
    await queue.enqueue(statements);
    const report = await queue.flush();
    assert.equal(report.ended, 'stopped');
    assert.equal(await queue.pending(), 12);
    assert.equal(problems[0]?.code, 401);
    assert.equal(problems[0]?.recoverable, true);
    await queue.resume(await LrsClient.create({ endpoint: proxy.endpoint, auth: TEST_AUTH }));
    await drained(queue);
    assert.deepEqual(countById(await stored(registration), statements.map((s) => s.id)), { stored: 12, duplicated: 0, foreign: 0, lost: 0 });
  });

  test('statements queued again after they were sent (a replay) are not stored twice', async () => {
    const registration = randomUuid();
    const statements = bulkStatements(tiny, 15, registration);
    const queue = queueFor(lrs.endpoint);
    await queue.enqueue(statements);
    await drained(queue);
    await queue.enqueue(statements);
    await drained(queue);
    assert.deepEqual(countById(await stored(registration), statements.map((s) => s.id)), { stored: 15, duplicated: 0, foreign: 0, lost: 0 });
  });
});

describe('the xAPI version is learned from /about', () => {
  let server: Server;
  let offered: string[] = [];
  const posts: { version: string | undefined; body: Statement[] }[] = [];
  before(async () => {
    // An LRS that offers 2.0 is not available offline; this endpoint only answers /about and records
    // what the client posts, to check the version negotiation and the 2.0 form.
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (req.url?.endsWith('/about')) {
          res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ version: offered }));
          return;
        }
        posts.push({ version: req.headers['x-experience-api-version'] as string | undefined, body: JSON.parse(body) });
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('[]');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  test('2.0.0 when offered (rater in contextAgents), else 1.0.3 (rater in context.instructor)', async () => {
    const endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}/xapi/`;
    const managerStatement = (await everyStatementKind(tiny)).find((s) => s.context?.contextAgents?.[0]?.relevantTypes?.[0]?.endsWith('manager'))!;
    for (const [versions, expected] of [[['1.0.3', '2.0.0'], '2.0.0'], [['1.0.3'], '1.0.3']] as const) {
      offered = [...versions];
      posts.length = 0;
      const client = await LrsClient.create({ endpoint, auth: TEST_AUTH });
      assert.equal(await client.version(), expected);
      assert.deepEqual(await client.send([managerStatement]), { kind: 'stored' });
      assert.equal(posts[0]!.version, expected);
      const sent = posts[0]!.body[0]!;
      if (expected === '2.0.0') assert.ok(sent.context!.contextAgents && !sent.context!.instructor);
      else assert.ok(!sent.context!.contextAgents && sent.context!.instructor);
    }
  });

  test('the real LRS says 1.0.3, and the client never puts the credential in its JSON', async () => {
    const client = await LrsClient.create({ endpoint: lrs.endpoint, auth: TEST_AUTH });
    assert.equal(await client.version(), '1.0.3');
    assert.ok(!JSON.stringify(client).includes(TEST_AUTH.slice(6)));
    assert.ok(!JSON.stringify(Object.entries(client)).includes(TEST_AUTH.slice(6)));
  });
});
