/**
 * Fault test for the LRS-backed runtimes' documents: an LRS (or a cmi5 LMS) that answers every read
 * with garbage or hostile values and fails writes with errors and garbage. The documents are checked
 * on the way in (nothing hostile gets through), and the learner's progress is never lost: it is written
 * once the LRS works again. (Statements under network faults: test/browser/xapi-queue.test.ts.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../../../test/support/seeded-random.mjs';
import type { DocumentOutcome } from '../../tracking/lrs-client.js';
import { parseLaunchData, parseLearnerPreferences } from '../cmi5/launch-data.js';
import type { Progress } from '../runtime.js';
import { parseStateDocument, STATE_FORMAT, StateStore } from './state.js';

const GARBAGE: unknown[] = [
  null, 0, -1, Number.NaN, 'x'.repeat(100_000), '<script>alert(1)</script>', [], [[[]]], true, 'constructor',
  { format: STATE_FORMAT, progress: { assessment: 42, stepsDone: 'all', location: {} } },
  { format: STATE_FORMAT, registration: 'not-a-uuid', recorded: ['completed', 'hacked', 7], progress: { assessment: 'p1.x', stepsDone: [1, 'm1', null], location: 'l', fraction: 7 } },
  JSON.parse('{"__proto__": {"polluted": true}, "format": "pathway-state/1"}'),
  { format: 'pathway-state/999' },
];

test('hostile State documents become "no saved state" or are trimmed to what is valid', () => {
  for (const value of GARBAGE) {
    const doc = parseStateDocument(value);
    if (!doc) continue;
    assert.equal(doc.format, STATE_FORMAT);
    if (doc.progress) {
      assert.equal(typeof doc.progress.assessment, 'string');
      assert.ok(doc.progress.stepsDone.every((s) => typeof s === 'string'));
      assert.ok(doc.progress.fraction === undefined || (doc.progress.fraction >= 0 && doc.progress.fraction <= 1));
    }
    assert.ok(doc.registration === undefined || /^[0-9a-f-]{36}$/.test(doc.registration));
    assert.ok((doc.recorded ?? []).every((v) => ['completed', 'passed', 'failed'].includes(v)));
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
});

test('hostile cmi5 launch data and preferences: refused with a sentence, or the bad parts left out', () => {
  for (const value of GARBAGE) {
    try {
      const { data } = parseLaunchData(value, 'https://content.example/au/index.html');
      assert.ok(['Normal', 'Browse', 'Review'].includes(data.launchMode));
    } catch (error) {
      assert.equal((error as Error).name, 'Cmi5LaunchError');
    }
    const prefs = parseLearnerPreferences(value);
    assert.ok(prefs.languages.every((l) => /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(l)));
  }
  const { data, warnings } = parseLaunchData(
    { contextTemplate: {}, launchMode: 'Normal', masteryScore: 'NaN', returnURL: 'javascript:alert(1)', launchParameters: 5 },
    'https://content.example/au/index.html',
  );
  assert.equal(data.masteryScore, undefined);
  assert.equal(data.returnUrl, undefined);
  assert.equal(data.launchParameters, undefined);
  assert.equal(warnings.length, 3);
});

test('an LRS that answers every call with garbage or errors: the progress starts clean and is written once it works', async () => {
  const random = seededRandom(7);
  let broken = true;
  const stored: unknown[] = [];
  const client = {
    async getDocument(): Promise<DocumentOutcome> {
      const r = random();
      if (r < 0.3) return { kind: 'failed', status: 500, message: '<b>down</b>', retry: true };
      return { kind: 'found', document: GARBAGE[Math.floor(random() * GARBAGE.length)] };
    },
    async putDocument(_target: unknown, document: unknown): Promise<DocumentOutcome> {
      if (broken) {
        const r = random();
        if (r < 0.3) throw new Error('network');
        return r < 0.6 ? { kind: 'failed', status: 503, message: 'x'.repeat(10_000), retry: true } : { kind: 'failed', status: 400, message: 'garbage', retry: false };
      }
      stored.push(structuredClone(document));
      return { kind: 'stored' };
    },
  };
  const problems: string[] = [];
  const store = new StateStore(
    { getDocument: client.getDocument, putDocument: (t, d) => client.putDocument(t, d).catch(() => ({ kind: 'failed', message: 'network', retry: true }) as DocumentOutcome) },
    { agent: { objectType: 'Agent', mbox: 'mailto:dana@example.com' }, activityId: 'https://example.org/a' },
    { storage: null, retryDelaysMs: [1, 1, 1], readAttempts: 2, onProblem: (p) => problems.push(p.message) },
  );
  for (let i = 0; i < 20; i++) {
    const doc = await store.read().catch((error: unknown) => (error as Error).name);
    assert.ok(doc === undefined || doc === 'StateReadError' || (typeof doc === 'object' && doc.format === STATE_FORMAT));
  }
  let last: Progress | undefined;
  for (let i = 1; i <= 10; i++) {
    last = { assessment: `p1.state-${i}`, stepsDone: [], location: `item:${i}`, fraction: i / 10 };
    await store.update({ progress: last });
  }
  assert.equal(store.saved, false);
  assert.ok(problems.length >= 1 && problems.length <= 2, 'reported, not once per failure');
  broken = false;
  assert.equal(await store.flush(), true);
  assert.deepEqual((stored.at(-1) as { progress: Progress }).progress, last, 'the newest progress reached the LRS');
  store.close();
});

test('an LRS that cannot be read when the page is opened again: the progress this device kept is used, not lost, and written once it works', async () => {
  const storage = new Map<string, string>();
  const kept = { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v), removeItem: (k: string) => void storage.delete(k) };
  let down = true;
  const written: unknown[] = [];
  const client = {
    getDocument: async (): Promise<DocumentOutcome> => (down ? { kind: 'failed', message: 'network error', retry: true } : { kind: 'missing' }),
    putDocument: async (_t: unknown, document: unknown): Promise<DocumentOutcome> => {
      if (down) return { kind: 'failed', status: 200, message: 'a sign-in page', retry: true };
      written.push(structuredClone(document));
      return { kind: 'stored' };
    },
  };
  const owner = { agent: { objectType: 'Agent' as const, mbox: 'mailto:dana@example.com' }, activityId: 'https://example.org/a', registration: '0b5c8f26-1e9c-4f3e-9d6e-8a0f2c1d3b4a' };
  const options = { storage: kept, retryDelaysMs: [1, 1, 1], readAttempts: 1 };
  const first = new StateStore(client, owner, options);
  await assert.rejects(first.read(), { name: 'StateReadError' }, 'nothing on this device yet: the read failure is reported');
  const progress: Progress = { assessment: 'p1.state-4', stepsDone: [], location: 'item:4', fraction: 0.4 };
  await first.update({ progress });
  first.close();
  // The page is opened again while the LRS is still away.
  const second = new StateStore(client, owner, options);
  assert.deepEqual((await second.read())?.progress, progress);
  down = false;
  assert.equal(await second.flush(), true);
  assert.deepEqual((written.at(-1) as { progress: Progress }).progress, progress);
  second.close();
});
