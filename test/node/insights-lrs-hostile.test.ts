/**
 * Broken and hostile statements that a real LRS (xapi-statements on loopback) accepts — valid xAPI,
 * wrong for Pathway: wrong types in the profile's extensions, an unknown item, another model version,
 * a rater not on the roster, a response out of range, a 10 MB extension, a rater's forged opt-out —
 * read back through the LRS (paged, as `pathway insights sync` does) are skipped and counted, in memory
 * and in DuckDB, and everyone's fused profile is what fusing their saved states gives.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fuseAssessments } from '../../src/assessment/session.js';
import { EvidenceCollector, agentKey } from '../../src/insights/evidence/index.js';
import { LrsStatementReader } from '../../src/insights/lrs/reader.js';
import { MemorySyncStore, sync } from '../../src/insights/lrs/sync.js';
import { DuckDbClient } from '../../src/insights/store/duckdb.js';
import { InsightsStore } from '../../src/insights/store/store.js';
import type { Person } from '../../src/insights/types.js';
import { requireModel } from '../../src/model/load.js';
import { consentStatement, forVersion } from '../../src/tracking/statements.js';
import type { Statement } from '../../src/tracking/types.js';
import { type StartedLrs, TEST_AUTH, startLrs } from '../lrs/lrs-process.mjs';
import { population, statementsOf, type SimulatedPerson } from '../support/insights-population.js';

const model = requireModel(readFileSync('demo/models/customer-success.json', 'utf8'));
const people: SimulatedPerson[] = [...population(model, { people: 3, peers: 3, seed: 8, mode: 'fixed' })];
const statements: Statement[] = statementsOf(people);
const EXT = 'https://pathway.example/xapi/profile/extensions/';

let n = 0;
const id = () => `d0d0${String(++n).padStart(4, '0')}-0000-4000-8000-000000000000`;
const peerAnswer = statements.find((s) => s.context?.extensions?.[`${EXT}rater`] === 'peer' && s.verb.id.endsWith('/answered'))!;
const variant = (change: (s: any) => void): Statement => {
  const s = structuredClone(forVersion(peerAnswer, '1.0.3')) as any;
  s.id = id();
  change(s);
  return s;
};

/** Each hostile statement with the reason the reader must give. */
const hostile: [string, Statement][] = [
  ['malformed', variant((s) => (s.context.extensions[`${EXT}sequence`] = 'three'))],
  ['malformed', variant((s) => (s.context.extensions[`${EXT}rater`] = 7))],
  ['malformed', variant((s) => (s.context.extensions[`${EXT}request`] = { id: 'not-a-uuid', rater: -1 }))],
  ['unknown-item', variant((s) => (s.object.id = `${model.id}/items/not-an-item`))],
  ['other-version', variant((s) => (s.context.extensions[`${EXT}model-version`] = '0.0.1'))],
  ['other-model', variant((s) => (s.object.id = 'https://elsewhere.example/models/x/items/a'))],
  ['invalid-response', variant((s) => (s.result.response = 'o99'))],
  ['rater-not-on-roster', variant((s) => (s.context.instructor = { objectType: 'Agent', mbox: 'mailto:intruder@example.com' }))],
  ['too-large', variant((s) => (s.context.extensions['https://example.com/blob'] = 'x'.repeat(10 * 1024 * 1024)))],
  [
    'consent-not-by-person',
    (() => {
      const s = consentStatement({ model, actor: people[0]!.agent, registration: '0e0e0e0e-0000-4000-8000-000000000000', session: 's', activityId: 'https://x.example/a' }, true, '2026-05-01T00:00:00.000Z');
      return { ...s, id: id(), context: { ...s.context, instructor: { objectType: 'Agent', mbox: 'mailto:peer@example.com' } } } as Statement;
    })(),
  ],
];

/** Everyone in the statements, with their manager; managers and peers are on it too (as people without evidence of their own). */
const roster: Person[] = (() => {
  const byId = new Map<string, Person>();
  for (const p of people) {
    const manager = p.raters.find((r) => r.rater === 'manager');
    byId.set(p.key, { id: p.key, ...(manager ? { manager: agentKey(manager.agent)! } : {}) });
  }
  for (const p of people) for (const r of p.raters) if (!byId.has(agentKey(r.agent)!)) byId.set(agentKey(r.agent)!, { id: agentKey(r.agent)! });
  return [...byId.values()];
})();

let lrs: StartedLrs;

async function post(body: unknown): Promise<Response> {
  return fetch(`${lrs.endpoint}statements`, {
    method: 'POST',
    headers: { Authorization: TEST_AUTH, 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

before(async () => {
  lrs = await startLrs();
  for (let i = 0; i < statements.length; i += 50) {
    const response = await post(statements.slice(i, i + 50).map((s) => forVersion(s, '1.0.3')));
    assert.ok(response.ok, `seed: ${response.status}`);
  }
  // One at a time: the LRS must take each (valid xAPI) for the reader to meet it.
  for (const [reason, s] of hostile) {
    const response = await post(s);
    assert.ok(response.ok, `the LRS refused the ${reason} statement: ${response.status} ${(await response.text()).slice(0, 200)}`);
  }
});
after(async () => {
  await lrs?.stop();
});

describe('hostile statements through the real LRS', () => {
  const want: Record<string, number> = {};
  for (const [reason] of hostile) want[reason] = (want[reason] ?? 0) + 1;
  const expectFused = (profiles: { person: { id: string }; results: unknown }[]) => {
    for (const p of people) assert.deepEqual(profiles.find((x) => x.person.id === p.key)?.results, fuseAssessments(model, p.raters.map((r) => r.state)), p.key);
  };

  test('the reader skips and counts each, and the 10 MB statement does not stop the sync', async () => {
    const store = new MemorySyncStore();
    const outcome = await sync(new LrsStatementReader({ endpoint: lrs.endpoint, auth: TEST_AUTH }), store, { query: { limit: 200 } });
    assert.equal(store.statements.size, statements.length + hostile.length, `read ${outcome.read}`);
    const { profiles, skipped } = new EvidenceCollector(model).addAll(store.statements.values()).profiles({ roster });
    assert.deepEqual(skipped, want);
    expectFused(profiles);
    assert.ok(profiles.every((p) => !p.optedOut), 'a rater\'s opt-out of someone else does not count');
  });

  test('pathway insights sync into DuckDB gives the same counts and profiles', async () => {
    const store = new InsightsStore(await DuckDbClient.open(':memory:'));
    try {
      await sync(new LrsStatementReader({ endpoint: lrs.endpoint, auth: TEST_AUTH }), store.syncStore(lrs.endpoint), { query: { limit: 200 } });
      const { profiles, skipped } = await store.profiles(model, roster);
      // The store hands every live answer to the same reader rules as memory, so it counts the same.
      assert.deepEqual(skipped, want);
      expectFused(profiles);
    } finally {
      await store.sql.close();
    }
  });
});
