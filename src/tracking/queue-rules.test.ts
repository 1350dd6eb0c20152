// The queue's rules at their edges, beside queue.test.ts: exact counts in reports and stats, what a
// page is told (source, status, recoverable), stopping and resuming, failures of the transport itself,
// the keepalive budget on leaving a page, and the batch size after a 413. Same in-memory LRS rules
// (xAPI answers) as queue.test.ts; no timers are waited for (backoff is a minute, never reached).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { afterEach, describe, it } from 'node:test';
import type { RuntimeProblem } from '../lms/runtime.js';
import type { Model } from '../model/types.js';
import { bulkStatements } from '../../test/support/xapi-fixtures.js';
import { StatementQueue } from './queue.js';
import { MemoryStore } from './store.js';
import type { SendOutcome, StatementTransport } from './transport.js';
import type { Statement } from './types.js';

const tiny = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Model;
let registrations = 0;
const batchOf = (n: number) => bulkStatements(tiny, n, `d1e2f3a4-0000-4000-8000-${String(++registrations).padStart(12, '0')}`);
const ids = (statements: readonly Statement[]) => statements.map((s) => s.id);

/** Answers each request with the next scripted outcome (then "stored"), or by the rule given. */
class ScriptedLrs implements StatementTransport {
  stored: Statement[] = [];
  requests: { count: number; keepalive: boolean }[] = [];
  constructor(
    readonly answer: (statements: readonly Statement[]) => SendOutcome | Promise<SendOutcome> = () => ({ kind: 'stored' }),
  ) {}
  async send(statements: readonly Statement[], options?: { keepalive?: boolean }): Promise<SendOutcome> {
    this.requests.push({ count: statements.length, keepalive: options?.keepalive ?? false });
    const outcome = await this.answer(statements);
    if (outcome.kind === 'stored') this.stored.push(...statements);
    return outcome;
  }
}

/** An LRS whose first answer waits for `release()`: a request held in flight. */
function heldLrs() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let first = true;
  const lrs = new ScriptedLrs(async () => {
    if (first) {
      first = false;
      await gate;
    }
    return { kind: 'stored' };
  });
  return { lrs, release };
}

/** Every queue made here, closed after each test (a scheduled retry would keep the process alive). */
const made: StatementQueue[] = [];
const track = (queue: StatementQueue) => (made.push(queue), queue);

function queueFor(transport: ConstructorParameters<typeof StatementQueue>[0]['transport'], extra: Partial<ConstructorParameters<typeof StatementQueue>[0]> = {}) {
  const problems: RuntimeProblem[] = [];
  const queue = track(new StatementQueue({ store: new MemoryStore(), transport, batchSize: 4, backoff: { baseMs: 60_000, maxMs: 60_000 }, random: () => 0.5, onProblem: (p) => problems.push(p), ...extra }));
  return { queue, problems };
}

describe('StatementQueue at its edges', () => {
  afterEach(() => {
    for (const queue of made.splice(0)) queue.close();
  });

  it('a refused statement in a batch: the rest delivered in order, one dead letter, counted everywhere, reported as not recoverable', async () => {
    const statements = batchOf(4);
    const bad = statements[2]!.id;
    const lrs = new ScriptedLrs((batch) => (batch.some((s) => s.id === bad) ? { kind: 'rejected', status: 400, message: 'invalid extension' } : { kind: 'stored' }));
    const { queue, problems } = queueFor(lrs);
    await queue.enqueue(statements);
    const report = await queue.flush();
    assert.deepEqual(report, { delivered: 3, deadLettered: 1, ended: 'empty' });
    assert.deepEqual(ids(lrs.stored), ids(statements).filter((id) => id !== bad));
    // 4 → refused; halves 2 (stored) and 2 → refused; 1 (refused alone) and 1 (stored).
    assert.deepEqual(lrs.requests.map((r) => r.count), [4, 2, 2, 1, 1]);
    assert.deepEqual(queue.stats, { requests: 5, delivered: 3, deadLettered: 1, retries: 0, splits: 2 });
    assert.deepEqual(problems.map((p) => [p.source, p.code, p.recoverable]), [['lrs', 400, false]]);
    assert.match(problems[0]!.message, new RegExp(bad));
    const [letter] = await queue.deadLetters();
    assert.deepEqual([letter!.id, letter!.status, letter!.reason], [bad, 400, 'invalid extension']);
    assert.equal(await queue.pending(), 0);
  });

  it('a refused statement does not shrink the batch size (only a 413 does)', async () => {
    const statements = batchOf(12);
    const bad = statements[0]!.id;
    const lrs = new ScriptedLrs((batch) => (batch.some((s) => s.id === bad) ? { kind: 'rejected', status: 400, message: 'no' } : { kind: 'stored' }));
    const { queue } = queueFor(lrs);
    await queue.enqueue(statements);
    await queue.flush();
    assert.deepEqual(lrs.requests.map((r) => r.count), [4, 2, 1, 1, 2, 4, 4]);
  });

  it('a statement already stored (409) counts as delivered and frees its batch', async () => {
    const statements = batchOf(3);
    const known = statements[1]!.id;
    const lrs = new ScriptedLrs((batch) => (batch.some((s) => s.id === known) ? { kind: 'conflict', message: 'exists' } : { kind: 'stored' }));
    const { queue, problems } = queueFor(lrs);
    await queue.enqueue(statements);
    assert.deepEqual(await queue.flush(), { delivered: 3, deadLettered: 0, ended: 'empty' });
    assert.deepEqual(await queue.deadLetters(), []);
    assert.deepEqual(problems, []);
    assert.equal(queue.stats.delivered, 3);
    assert.equal(await queue.pending(), 0);
  });

  it('a 413 halves the batch; eight full batches later it doubles again, never past the configured size', async () => {
    let limit = 2;
    const lrs = new ScriptedLrs((batch) => (batch.length > limit ? { kind: 'too-large', message: 'too large' } : { kind: 'stored' }));
    const { queue } = queueFor(lrs, { batchSize: 8 });
    await queue.enqueue(batchOf(8));
    await queue.flush();
    assert.deepEqual(lrs.requests.map((r) => r.count), [8, 4, 2, 2, 4, 2, 2]);
    limit = Infinity;
    lrs.requests = [];
    await queue.enqueue(batchOf(2 * 6 + 4 * 8 + 8 * 3 + 4));
    await queue.flush();
    // Two full batches of 2 were accepted after the last 413 already: six more make eight, then 4 × 8, then 8s.
    assert.deepEqual(
      lrs.requests.map((r) => r.count),
      [...Array(6).fill(2), ...Array(8).fill(4), ...Array(3).fill(8), 4],
    );
  });

  it('a refused credential stops sending and says so (401, recoverable); resume with a new transport sends it all', async () => {
    const refusing = new ScriptedLrs(() => ({ kind: 'unauthorized', status: 401, message: 'expired' }));
    const { queue, problems } = queueFor(refusing);
    await queue.enqueue(batchOf(3));
    assert.equal((await queue.flush()).ended, 'stopped');
    assert.deepEqual(problems.map((p) => [p.source, p.code, p.recoverable]), [['lrs', 401, true]]);
    assert.match(problems[0]!.message, /credentials/);
    assert.equal((await queue.flush()).ended, 'stopped');
    assert.equal(refusing.requests.length, 1, 'no request while stopped');
    queue.flushOnExit();
    assert.equal(refusing.requests.length, 1, 'not even on leaving the page');
    const fresh = new ScriptedLrs();
    assert.deepEqual(await queue.resume(fresh), { delivered: 3, deadLettered: 0, ended: 'empty' });
    assert.equal(fresh.stored.length, 3);
    assert.equal(refusing.requests.length, 1);
  });

  it('an endpoint that is not an LRS (404) stops sending with its status, keeping everything', async () => {
    const lrs = new ScriptedLrs(() => ({ kind: 'misconfigured', status: 404, message: 'Not Found' }));
    const { queue, problems } = queueFor(lrs);
    await queue.enqueue(batchOf(2));
    assert.equal((await queue.flush()).ended, 'stopped');
    assert.deepEqual(problems.map((p) => [p.code, p.recoverable]), [[404, true]]);
    assert.match(problems[0]!.message, /Not Found/);
    assert.equal(await queue.pending(), 2);
  });

  it('an outage is reported after the configured number of failures, once, with the status when there was one', async () => {
    const lrs = new ScriptedLrs(() => ({ kind: 'retry', status: 503, message: 'down' }));
    const { queue, problems } = queueFor(lrs, { reportAfter: 2 });
    await queue.enqueue(batchOf(1));
    assert.equal((await queue.flush()).ended, 'retry-later');
    assert.equal(problems.length, 0, 'not after one failure');
    await queue.flush();
    assert.deepEqual(problems.map((p) => [p.source, p.code, p.recoverable]), [['lrs', 503, true]]);
    await queue.flush();
    assert.equal(problems.length, 1);
    assert.equal(queue.stats.retries, 3);

    const silent = new ScriptedLrs(() => ({ kind: 'retry', message: 'network error' }));
    const second = queueFor(silent, { reportAfter: 1 });
    await second.queue.enqueue(batchOf(1));
    await second.queue.flush();
    assert.equal(second.problems.length, 1);
    assert.equal('code' in second.problems[0]!, false, 'no status, no code');
  });

  it('after the LRS answers again, a later outage is reported again', async () => {
    let down = true;
    const lrs = new ScriptedLrs(() => (down ? { kind: 'retry', message: 'down' } : { kind: 'stored' }));
    const { queue, problems } = queueFor(lrs, { reportAfter: 1 });
    await queue.enqueue(batchOf(1));
    await queue.flush();
    down = false;
    await queue.flush({ resetBackoff: true });
    down = true;
    await queue.enqueue(batchOf(1));
    await queue.flush({ resetBackoff: true });
    assert.equal(problems.length, 2);
  });

  it('a transport that throws, or cannot be made, is a failure to retry later, not a loss', async () => {
    let throwing = true;
    const lrs = new ScriptedLrs(() => {
      if (throwing) throw new Error('socket hang up');
      return { kind: 'stored' };
    });
    const { queue, problems } = queueFor(lrs, { reportAfter: 1 });
    await queue.enqueue(batchOf(2));
    assert.equal((await queue.flush()).ended, 'retry-later');
    assert.match(problems[0]!.message, /socket hang up/);
    throwing = false;
    assert.equal((await queue.flush({ resetBackoff: true })).delivered, 2);

    let attempts = 0;
    const made = new ScriptedLrs();
    const lazy = queueFor(async () => {
      if (++attempts === 1) throw new Error('xAPI library failed to load');
      return made;
    }, { reportAfter: 1 });
    await lazy.queue.enqueue(batchOf(2));
    assert.equal((await lazy.queue.flush()).ended, 'retry-later');
    assert.equal(await lazy.queue.pending(), 2);
    assert.match(lazy.problems[0]!.message, /failed to load/);
    assert.equal((await lazy.queue.flush({ resetBackoff: true })).delivered, 2, 'the transport is made again');
    assert.equal(attempts, 2);
  });

  it('resetting the backoff starts the delays again from the base', async () => {
    const lrs = new ScriptedLrs(() => ({ kind: 'retry', message: 'down' }));
    const { queue } = queueFor(lrs, { backoff: { baseMs: 100, maxMs: 10_000 } });
    await queue.enqueue(batchOf(1));
    await queue.flush();
    await queue.flush();
    await queue.flush();
    assert.equal(queue.retryDelay(), 300, 'three failures: 400 ms, three quarters with random() = 0.5');
    await queue.flush({ resetBackoff: true });
    assert.equal(queue.retryDelay(), 75, 'one failure since the reset');
  });

  it('default backoff: one second doubling up to a minute, half fixed and half random', () => {
    const low = new StatementQueue({ store: new MemoryStore(), transport: new ScriptedLrs(), random: () => 0 });
    const high = new StatementQueue({ store: new MemoryStore(), transport: new ScriptedLrs(), random: () => 1 });
    assert.deepEqual([0, 1, 2, 3, 8].map((n) => low.retryDelay(n)), [500, 500, 1000, 2000, 30_000]);
    assert.deepEqual([1, 2, 7, 8].map((n) => high.retryDelay(n)), [1000, 2000, 60_000, 60_000]);
  });

  it('statements added while a retry is waiting do not cause another attempt', async () => {
    const lrs = new ScriptedLrs(() => ({ kind: 'retry', message: 'down' }));
    const { queue } = queueFor(lrs);
    await queue.enqueue(batchOf(1));
    await queue.flush();
    const before = lrs.requests.length;
    await queue.enqueue(batchOf(3));
    // Store and LRS are in memory: a send started by enqueue would have happened within these turns.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(lrs.requests.length, before, 'enqueue started no attempt');
    assert.equal(await queue.pending(), 4);
  });

  it('an enqueue sends on its own when nothing is waiting, and reports a store that fails while sending', async () => {
    const lrs = new ScriptedLrs();
    const { queue } = queueFor(lrs);
    await queue.enqueue(batchOf(2));
    await queue.flush();
    assert.equal(lrs.stored.length, 2);

    const store = new MemoryStore();
    const problems: RuntimeProblem[] = [];
    const broken = track(new StatementQueue({ store, transport: lrs, onProblem: (p) => problems.push(p) }));
    store.peek = async () => {
      throw new Error('disk gone');
    };
    await broken.enqueue(batchOf(1));
    await new Promise<void>((resolve) => {
      const check = () => (problems.length > 0 ? resolve() : setImmediate(check));
      check();
    });
    assert.deepEqual(problems.map((p) => [p.source, p.recoverable]), [['lrs', true]]);
    assert.match(problems[0]!.message, /disk gone/);
  });

  it('concurrent flushes share one run, and statements added during it are sent by it', async () => {
    const { lrs, release } = heldLrs();
    const { queue } = queueFor(lrs);
    await queue.enqueue(batchOf(2));
    const a = queue.flush();
    const b = queue.flush();
    assert.equal(a, b);
    await queue.enqueue(batchOf(3));
    release();
    const report = await a;
    assert.equal(report.delivered, 5);
    assert.equal(await queue.pending(), 0);
  });

  it('closing during a run stops after the batch in flight', async () => {
    let queueRef!: StatementQueue;
    const lrs = new ScriptedLrs(() => {
      queueRef.close();
      return { kind: 'stored' };
    });
    const { queue } = queueFor(lrs);
    queueRef = queue;
    await queue.enqueue(batchOf(10));
    const report = await queue.flush();
    assert.deepEqual(report, { delivered: 4, deadLettered: 0, ended: 'stopped' });
    assert.equal(await queue.pending(), 6);
  });

  it('problems without a listener are not an error', async () => {
    const queue = track(new StatementQueue({ store: new MemoryStore(), transport: new ScriptedLrs(() => ({ kind: 'rejected', status: 400, message: 'no' })) }));
    await queue.enqueue(batchOf(1));
    assert.deepEqual(await queue.flush(), { delivered: 0, deadLettered: 1, ended: 'empty' });
  });

  it('leaving the page: within the 60,000-byte keepalive budget, each statement once, nothing if all is confirmed', async () => {
    const lrs = new ScriptedLrs(() => ({ kind: 'retry', message: 'down' }));
    const { queue } = queueFor(lrs);
    // Statements of 14,998 bytes (+1 separator, +2 reserve each): four fill the 60,000 bytes exactly, a fifth does not fit.
    const big = batchOf(5).map((s) => {
      const padded = { ...s, result: { response: '' } };
      padded.result.response = 'x'.repeat(14_998 - (JSON.stringify(padded).length + 1));
      return padded as Statement;
    });
    assert.equal(JSON.stringify(big[0]).length + 1, 14_998);
    await queue.enqueue(big);
    await queue.flush();
    lrs.requests = [];
    queue.flushOnExit();
    assert.deepEqual(lrs.requests, [{ count: 4, keepalive: true }]);
    assert.equal(queue.stats.requests, 2, 'the failed flush and the exit post');
    queue.flushOnExit();
    assert.deepEqual(lrs.requests, [{ count: 4, keepalive: true }], 'a second pagehide sends nothing twice');

    // One byte more each (15,001 with the separator and reserve): three fit, the fourth would pass 60,000.
    const over = new ScriptedLrs(() => ({ kind: 'retry', message: 'down' }));
    const larger = queueFor(over);
    const bigger = batchOf(4).map((s) => {
      const padded = { ...s, result: { response: '' } };
      padded.result.response = 'x'.repeat(14_999 - (JSON.stringify(padded).length + 1));
      return padded as Statement;
    });
    assert.equal(JSON.stringify(bigger[0]).length + 1, 14_999);
    await larger.queue.enqueue(bigger);
    await larger.queue.flush();
    over.requests = [];
    larger.queue.flushOnExit();
    assert.deepEqual(over.requests, [{ count: 3, keepalive: true }]);

    const confirmed = new ScriptedLrs();
    const done = queueFor(confirmed);
    await done.queue.enqueue(batchOf(3));
    await done.queue.flush();
    confirmed.requests = [];
    done.queue.flushOnExit();
    assert.deepEqual(confirmed.requests, [], 'everything was confirmed');
  });

  it('leaving the page before a lazily made transport exists sends nothing (and does not throw)', async () => {
    const { queue } = queueFor(async () => new ScriptedLrs(), { isOnline: () => false });
    await queue.enqueue(batchOf(2));
    queue.flushOnExit();
    assert.equal(queue.stats.requests, 0);
  });
  it('a flush runs inside the lock when one is given (one sender across tabs)', async () => {
    const lrs = new ScriptedLrs();
    let held = 0;
    const { queue } = queueFor(lrs, {
      lock: async (run) => {
        held++;
        return run();
      },
    });
    await queue.enqueue(batchOf(2));
    assert.deepEqual(await queue.flush(), { delivered: 2, deadLettered: 0, ended: 'empty' });
    assert.ok(held >= 1);
    assert.equal(lrs.stored.length, 2);
  });

  it('resume starts the backoff again from the base', async () => {
    const lrs = new ScriptedLrs(() => ({ kind: 'retry', message: 'down' }));
    const { queue } = queueFor(lrs, { backoff: { baseMs: 100, maxMs: 10_000 } });
    await queue.enqueue(batchOf(1));
    for (let i = 0; i < 3; i++) await queue.flush();
    assert.equal(queue.retryDelay(), 300);
    await queue.resume();
    assert.equal(queue.retryDelay(), 75);
  });

  it('a closed queue sends nothing, even what is stored', async () => {
    const lrs = new ScriptedLrs();
    const { queue } = queueFor(lrs);
    queue.close();
    await queue.enqueue(batchOf(2));
    assert.equal((await queue.flush()).ended, 'stopped');
    assert.equal(lrs.requests.length, 0);
    assert.equal(await queue.pending(), 2);
  });

  it('accepted batches smaller than the batch size do not grow it back after a 413', async () => {
    let limit = 2;
    const lrs = new ScriptedLrs((batch) => (batch.length > limit ? { kind: 'too-large', message: 'too large' } : { kind: 'stored' }));
    const { queue } = queueFor(lrs, { batchSize: 4 });
    await queue.enqueue(batchOf(4));
    await queue.flush();
    limit = Infinity;
    for (let i = 0; i < 10; i++) {
      await queue.enqueue(batchOf(1));
      await queue.flush();
    }
    lrs.requests = [];
    await queue.enqueue(batchOf(4));
    await queue.flush();
    assert.deepEqual(lrs.requests.map((r) => r.count), [2, 2], 'still halved: single statements are not full batches');
  });

  it('when one half of a split batch must wait (LRS down), the other half is not sent in that flush', async () => {
    const statements = batchOf(4);
    const bad = statements[0]!.id;
    let answers = 0;
    const lrs = new ScriptedLrs((batch) => {
      answers++;
      if (answers === 1) return { kind: 'rejected', status: 400, message: 'no' };
      if (batch.some((s) => s.id === bad)) return { kind: 'retry', status: 503, message: 'down' };
      return { kind: 'stored' };
    });
    const { queue } = queueFor(lrs);
    await queue.enqueue(statements);
    assert.equal((await queue.flush()).ended, 'retry-later');
    assert.deepEqual(lrs.requests.map((r) => r.count), [4, 2]);
    assert.equal(await queue.pending(), 4);
  });

  it('leaving the page does not post statements whose request is still in flight', async () => {
    const { lrs, release } = heldLrs();
    const { queue } = queueFor(lrs);
    const statements = batchOf(6);
    await queue.enqueue(statements);
    const running = queue.flush();
    while (lrs.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    queue.flushOnExit();
    // The first batch (4) is in flight: only the other two go with keepalive.
    assert.deepEqual(lrs.requests.slice(1), [{ count: 2, keepalive: true }]);
    release();
    await running;
  });
});

/**
 * The queue's own live timers: setTimeout and clearTimeout watched for calls made from queue.ts. Counting
 * every timer of the process was flaky: a test runner (Stryker's worker) has timers of its own that come
 * and go meanwhile.
 */
function watchQueueTimers(): { count: () => number; restore: () => void } {
  const live = new Set<unknown>();
  const set = globalThis.setTimeout;
  const clear = globalThis.clearTimeout;
  globalThis.setTimeout = ((fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    if (!/tracking[\\/]queue\.[jt]s/.test(new Error().stack ?? '')) return set(fn, ms, ...args);
    const handle = set(
      (...a: unknown[]) => {
        live.delete(handle);
        fn(...a);
      },
      ms,
      ...args,
    );
    live.add(handle);
    return handle;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((handle: Parameters<typeof clearTimeout>[0]) => {
    live.delete(handle);
    clear(handle);
  }) as typeof clearTimeout;
  return {
    count: () => live.size,
    restore: () => {
      globalThis.setTimeout = set;
      globalThis.clearTimeout = clear;
    },
  };
}
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('StatementQueue runs and retry timers', () => {
  afterEach(() => {
    for (const queue of made.splice(0)) queue.close();
  });

  it('a flush asked for while a run finishes its last read makes that run read again', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let drained = 0;
    const lrs = new ScriptedLrs();
    // The lock holds the run after its first drain (which found the outbox empty at its end).
    const { queue } = queueFor(lrs, {
      lock: async <T>(work: () => Promise<T>) => {
        const result = await work();
        if (++drained === 1) await gate;
        return result;
      },
    });
    const first = batchOf(2);
    await queue.enqueue(first);
    while (drained === 0) await turn();
    const second = batchOf(3);
    await queue.enqueue(second); // its flush joins the running one
    const running = queue.flush();
    release();
    assert.deepEqual(await running, { delivered: 5, deadLettered: 0, ended: 'empty' });
    assert.deepEqual(ids(lrs.stored), ids([...first, ...second]));
    assert.equal(await queue.pending(), 0);
  });

  it('a retry is sent when its timer fires, after a delay that doubles with each failure', async () => {
    const at: number[] = [];
    let answers = 0;
    const lrs = new ScriptedLrs(() => {
      at.push(performance.now());
      return ++answers <= 3 ? { kind: 'retry', message: 'down' } : { kind: 'stored' };
    });
    // random() = 0: half of 40, 80, 160 ms after the first, second and third failure.
    const { queue } = queueFor(lrs, { backoff: { baseMs: 40, maxMs: 10_000 }, random: () => 0 });
    const statements = batchOf(2);
    await queue.enqueue(statements);
    const deadline = performance.now() + 10_000;
    while (lrs.stored.length < 2 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.deepEqual(ids(lrs.stored), ids(statements), 'the timer sent them');
    assert.equal(at.length, 4);
    // A timer never fires before its delay (Node may round a millisecond): each gap at least its delay.
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    [20, 40, 80].forEach((delay, i) => assert.ok(gaps[i]! >= delay - 2, `retry ${i + 1} after ${gaps[i]!.toFixed(1)} ms, not before ${delay} ms`));
    assert.equal(await queue.pending(), 0);
  });

  it('one retry timer at a time, none once closed, and close() clears it', async () => {
    const watched = watchQueueTimers();
    try {
      await oneTimerAtATime(watched.count);
    } finally {
      watched.restore();
    }
  });
});

/** The checks of 'one retry timer at a time', with the queue's own timers counted by `timers`. */
async function oneTimerAtATime(timers: () => number): Promise<void> {
  const offline = queueFor(new ScriptedLrs(), { isOnline: () => false }).queue;
  const before = timers();
  assert.equal(before, 0);
  await offline.enqueue(batchOf(1));
  assert.equal((await offline.flush()).ended, 'offline');
  assert.equal(timers(), before + 1, 'offline: a retry is scheduled');
  assert.equal((await offline.flush()).ended, 'offline');
  assert.equal(timers(), before + 1, 'still offline: the same timer, not a second');
  offline.close();
  assert.equal(timers(), before, 'close() clears it');

  // A request in flight when the page closes the queue, then failing: no timer is left behind.
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const lrs = new ScriptedLrs(async () => {
    await gate;
    return { kind: 'retry', message: 'down' };
  });
  const { queue } = queueFor(lrs);
  await queue.enqueue(batchOf(1));
  const running = queue.flush();
  while (lrs.requests.length === 0) await turn();
  const idle = timers();
  queue.close();
  release();
  assert.equal((await running).ended, 'retry-later');
  assert.equal(timers(), idle, 'closed: no retry scheduled');
  assert.equal(await queue.pending(), 1, 'the statement stays stored for the next page');
}
