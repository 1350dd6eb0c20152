// The queue's rules in Node, fast enough for mutation testing, against an LRS held in memory that
// answers as the xAPI spec says (stored ids, 409 for a repeated id, 413 above its size limit, 400 for a
// statement it cannot accept, 401 for a bad credential, 503 when down). The same guarantees meet the
// real LRS process with injected faults in test/node/xapi-lrs.test.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { RuntimeProblem } from '../lms/runtime.js';
import type { Model } from '../model/types.js';
import { bulkStatements } from '../../test/support/xapi-fixtures.js';
import { StatementQueue } from './queue.js';
import { MemoryStore } from './store.js';
import type { SendOutcome, StatementTransport } from './transport.js';
import type { Statement } from './types.js';

const tiny = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Model;

/** An LRS in memory: its answers follow the xAPI rules; `down` and `credentialOk` switch faults on. */
class MemoryLrs implements StatementTransport {
  stored: Statement[] = [];
  requests: number[] = [];
  down = false;
  credentialOk = true;
  constructor(
    readonly maxBatch = Infinity,
    readonly refuse = new Set<string>(),
  ) {}
  async send(statements: readonly Statement[]): Promise<SendOutcome> {
    this.requests.push(statements.length);
    if (this.down) return { kind: 'retry', status: 503, message: 'down' };
    if (!this.credentialOk) return { kind: 'unauthorized', status: 401, message: 'bad credential' };
    if (statements.length > this.maxBatch) return { kind: 'too-large', message: 'too large' };
    if (statements.some((s) => this.refuse.has(s.id))) return { kind: 'rejected', status: 400, message: 'refused' };
    const known = new Set(this.stored.map((s) => s.id));
    if (statements.some((s) => known.has(s.id))) return { kind: 'conflict', message: 'already stored' };
    this.stored.push(...statements);
    return { kind: 'stored' };
  }
}

function queueFor(lrs: StatementTransport, extra: Partial<ConstructorParameters<typeof StatementQueue>[0]> = {}) {
  const problems: RuntimeProblem[] = [];
  const queue = new StatementQueue({ store: new MemoryStore(), transport: lrs, batchSize: 4, backoff: { baseMs: 60_000, maxMs: 60_000 }, random: () => 0.5, onProblem: (p) => problems.push(p), ...extra });
  return { queue, problems };
}

const ids = (statements: readonly Statement[]) => statements.map((s) => s.id);

describe('StatementQueue', () => {
  it('stores before sending, sends in batches oldest first, and empties', async () => {
    const lrs = new MemoryLrs();
    const { queue } = queueFor(lrs);
    const statements = bulkStatements(tiny, 10, 'c0a8b1de-0000-4000-8000-000000000001');
    await queue.enqueue(statements);
    const report = await queue.flush();
    assert.deepEqual(report, { delivered: 10, deadLettered: 0, ended: 'empty' });
    assert.deepEqual(ids(lrs.stored), ids(statements));
    assert.deepEqual(lrs.requests, [4, 4, 2]);
    assert.equal(await queue.pending(), 0);
    assert.deepEqual(queue.stats, { requests: 3, delivered: 10, deadLettered: 0, retries: 0, splits: 0 });
    queue.close();
  });

  it('a statement the LRS already has (409) is removed without hiding new ones', async () => {
    const statements = bulkStatements(tiny, 6, 'c0a8b1de-0000-4000-8000-000000000002');
    const lrs = new MemoryLrs();
    lrs.stored.push(statements[2]!);
    const { queue } = queueFor(lrs);
    await queue.enqueue(statements);
    await queue.flush();
    assert.deepEqual(new Set(ids(lrs.stored)), new Set(ids(statements)));
    assert.equal(lrs.stored.length, 6, 'nothing twice');
    assert.equal(await queue.pending(), 0);
    queue.close();
  });

  it('bisects a refused batch down to the one statement the LRS refuses, which becomes a dead letter', async () => {
    const statements = bulkStatements(tiny, 8, 'c0a8b1de-0000-4000-8000-000000000003');
    const lrs = new MemoryLrs(Infinity, new Set([statements[5]!.id]));
    const { queue, problems } = queueFor(lrs);
    await queue.enqueue(statements);
    const report = await queue.flush();
    assert.equal(report.delivered, 7);
    assert.equal(report.deadLettered, 1);
    assert.deepEqual(ids(lrs.stored).sort(), ids(statements.filter((_, i) => i !== 5)).sort());
    assert.deepEqual((await queue.deadLetters()).map((d) => d.id), [statements[5]!.id]);
    assert.ok(problems.some((p) => p.message.includes(statements[5]!.id) || /refused/i.test(p.message)));
    assert.equal(await queue.pending(), 0);
    queue.close();
  });

  it('splits batches the LRS finds too large, and sends smaller ones after', async () => {
    const statements = bulkStatements(tiny, 8, 'c0a8b1de-0000-4000-8000-000000000004');
    const lrs = new MemoryLrs(2);
    const { queue } = queueFor(lrs);
    await queue.enqueue(statements);
    await queue.flush();
    assert.deepEqual(ids(lrs.stored), ids(statements), 'in order, nothing lost');
    assert.ok(queue.stats.splits > 0);
    assert.ok(lrs.requests.slice(-2).every((n) => n <= 2), `later batches fit: ${lrs.requests}`);
    queue.close();
  });

  it('stops on a refused credential, keeps everything, and sends it all after resume', async () => {
    const statements = bulkStatements(tiny, 5, 'c0a8b1de-0000-4000-8000-000000000005');
    const lrs = new MemoryLrs();
    lrs.credentialOk = false;
    const { queue, problems } = queueFor(lrs);
    await queue.enqueue(statements);
    const stopped = await queue.flush();
    assert.equal(stopped.ended, 'stopped');
    assert.equal(await queue.pending(), 5);
    assert.equal(problems.length, 1);
    assert.equal((await queue.flush()).ended, 'stopped', 'no sending until resume');
    lrs.credentialOk = true;
    const resumed = await queue.resume();
    assert.equal(resumed.delivered, 5);
    assert.deepEqual(ids(lrs.stored), ids(statements));
    queue.close();
  });

  it('keeps everything through an outage and retries with capped exponential backoff', async () => {
    const statements = bulkStatements(tiny, 3, 'c0a8b1de-0000-4000-8000-000000000006');
    const lrs = new MemoryLrs();
    lrs.down = true;
    const { queue } = queueFor(lrs, { backoff: { baseMs: 100, maxMs: 1000 } });
    await queue.enqueue(statements);
    assert.equal((await queue.flush()).ended, 'retry-later');
    assert.equal(await queue.pending(), 3);
    // Equal jitter with random() = 0.5: three quarters of min(max, base · 2^(n−1)).
    assert.deepEqual([1, 2, 3, 4, 5, 9].map((n) => queue.retryDelay(n)), [75, 150, 300, 600, 750, 750]);
    lrs.down = false;
    assert.equal((await queue.flush({ resetBackoff: true })).delivered, 3);
    assert.deepEqual(ids(lrs.stored), ids(statements));
    queue.close();
  });

  it('exports dead letters as a pathway-dead-letters/1 document', async () => {
    const statements = bulkStatements(tiny, 2, 'c0a8b1de-0000-4000-8000-000000000007');
    const { queue } = queueFor(new MemoryLrs(Infinity, new Set([statements[0]!.id])));
    await queue.enqueue(statements);
    await queue.flush();
    const exported = JSON.parse(await queue.exportDeadLetters());
    assert.equal(exported.format, 'pathway-dead-letters/1');
    assert.equal(exported.count, 1);
    assert.deepEqual(exported.statements.map((d: { id: string }) => d.id), [statements[0]!.id]);
    assert.match(exported.exportedAt, /^\d{4}-\d\d-\d\dT/);
    queue.close();
  });

  it('a statement too large even on its own becomes a dead letter with status 413', async () => {
    const statements = bulkStatements(tiny, 3, 'c0a8b1de-0000-4000-8000-000000000008');
    const { queue, problems } = queueFor(new MemoryLrs(0));
    await queue.enqueue(statements);
    const report = await queue.flush();
    assert.equal(report.deadLettered, 3);
    const letters = await queue.deadLetters();
    assert.ok(letters.every((d) => d.status === 413 && /too large for the LRS even on its own/.test(d.reason)));
    assert.ok(problems.every((p) => p.source === 'lrs' && p.recoverable === false && p.code === 413));
    queue.close();
  });

  it('grows the batch back after a 413 while full batches are accepted', async () => {
    const lrs = new MemoryLrs(2);
    const { queue } = queueFor(lrs);
    await queue.enqueue(bulkStatements(tiny, 4, 'c0a8b1de-0000-4000-8000-000000000009'));
    await queue.flush();
    (lrs as { maxBatch: number }).maxBatch = Infinity;
    lrs.requests = [];
    await queue.enqueue(bulkStatements(tiny, 40, 'c0a8b1de-0000-4000-8000-00000000000a'));
    await queue.flush();
    assert.equal(lrs.requests[0], 2, 'still small after the 413');
    assert.ok(lrs.requests.includes(4), `back to the full size after 8 full batches: ${lrs.requests}`);
    assert.equal(lrs.requests.reduce((a, b) => a + b, 0), 40);
    queue.close();
  });

  it('does not try while the device is offline, makes the transport on first use, and stops when closed', async () => {
    const lrs = new MemoryLrs();
    let online = false;
    let made = 0;
    const { queue } = queueFor(lrs, { isOnline: () => online, transport: async () => (made++, lrs) });
    await queue.enqueue(bulkStatements(tiny, 2, 'c0a8b1de-0000-4000-8000-00000000000b'));
    assert.equal((await queue.flush()).ended, 'offline');
    assert.deepEqual([lrs.requests.length, made], [0, 0]);
    online = true;
    assert.equal((await queue.flush({ resetBackoff: true })).delivered, 2);
    assert.equal(made, 1);
    queue.close();
    await queue.enqueue(bulkStatements(tiny, 1, 'c0a8b1de-0000-4000-8000-00000000000c'));
    assert.equal((await queue.flush()).ended, 'stopped');
  });

  it('reports an outage once, after three failed attempts', async () => {
    const lrs = new MemoryLrs();
    lrs.down = true;
    const { queue, problems } = queueFor(lrs);
    await queue.enqueue(bulkStatements(tiny, 1, 'c0a8b1de-0000-4000-8000-00000000000d'));
    await queue.flush();
    for (let i = 0; i < 4; i++) await queue.flush();
    assert.equal(problems.length, 1, problems.map((p) => p.message).join(' | '));
    assert.equal(problems[0]!.recoverable, true);
    queue.close();
  });

  it('on leaving the page, posts what is not yet confirmed with keepalive, in batches', async () => {
    const sent: { count: number; keepalive?: boolean }[] = [];
    const lrs: StatementTransport = { send: async (statements, options) => (sent.push({ count: statements.length, keepalive: options?.keepalive }), { kind: 'retry', message: 'down' }) };
    const { queue } = queueFor(lrs);
    await queue.enqueue(bulkStatements(tiny, 9, 'c0a8b1de-0000-4000-8000-00000000000e'));
    await queue.flush();
    sent.length = 0;
    queue.flushOnExit();
    assert.deepEqual(sent, [{ count: 4, keepalive: true }, { count: 4, keepalive: true }, { count: 1, keepalive: true }]);
    assert.equal(await queue.pending(), 9, 'they stay stored until confirmed');
    queue.close();
    sent.length = 0;
    queue.flushOnExit();
    assert.deepEqual(sent, [], 'nothing after close');
  });
});
