/**
 * The insights store's SQL on DuckDB (embedded) and on PostgreSQL (a throwaway cluster on loopback):
 * the same statements — repeated, voided, hostile — give the same fused profiles and skip counts as
 * the in-memory reader, and as fusing the raters' saved states.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { fuseAssessments } from '../../src/assessment/session.js';
import { EvidenceCollector, agentKey } from '../../src/insights/evidence/index.js';
import type { SqlClient } from '../../src/insights/store/client.js';
import { DuckDbClient } from '../../src/insights/store/duckdb.js';
import { PostgresClient } from '../../src/insights/store/postgres.js';
import { InsightsStore } from '../../src/insights/store/store.js';
import { requireModel } from '../../src/model/load.js';
import { consentStatement, forVersion } from '../../src/tracking/statements.js';
import type { Statement } from '../../src/tracking/types.js';
import type { Person } from '../../src/insights/types.js';
import { population, statementsOf, type SimulatedPerson } from '../support/insights-population.js';
import { startPostgres, type StartedPostgres } from '../support/postgres.js';

const model = requireModel(readFileSync('demo/models/people-leader.json', 'utf8'));
const people: SimulatedPerson[] = [...population(model, { people: 4, peers: 3, seed: 21, mode: 'fixed' })];
const statements: Statement[] = statementsOf(people);
const stamped = statements.map((s, i) => ({ ...forVersion(s, i % 2 ? '1.0.3' : '2.0.0'), stored: new Date(Date.parse(s.timestamp) + 500).toISOString() }));

// Left out, each for its reason: a voided peer answer, another version, another model, a forged self-peer, junk.
const victim = stamped.find((s) => s.context?.extensions?.['https://pathway.example/xapi/profile/extensions/rater'] === 'peer' && s.verb.id.endsWith('/answered'))!;
const hostile: unknown[] = [
  { id: 'c0000000-0000-4000-8000-000000000001', actor: { mbox: 'mailto:admin@example.com' }, verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id: victim.id }, stored: '2026-09-01T00:00:00.000Z', timestamp: '2026-09-01T00:00:00.000Z' },
  { ...structuredClone(victim), id: 'c0000000-0000-4000-8000-000000000002', context: { ...structuredClone(victim.context), extensions: { ...victim.context!.extensions, 'https://pathway.example/xapi/profile/extensions/model-version': '0.0.1' } } },
  { ...structuredClone(victim), id: 'c0000000-0000-4000-8000-000000000003', object: { id: 'https://elsewhere.example/items/x' } },
  { ...structuredClone(victim), id: 'c0000000-0000-4000-8000-000000000004', result: { response: 'o77' } },
  { id: 'c0000000-0000-4000-8000-000000000005', verb: 42 },
  'not a statement',
  { ...structuredClone(victim), id: 'c0000000-0000-4000-8000-000000000006', context: { ...structuredClone(victim.context), extensions: { ...victim.context!.extensions, blob: 'x'.repeat(200_000) } } },
];
// Opt-outs: person 0 opts out; person 1 opts out, then back in; a rater's opt-out of person 2 is refused.
const consent = (i: number, out: boolean, at: string, rater?: boolean) => {
  const s = { ...consentStatement({ model, actor: people[i]!.agent, registration: `d0000000-0000-4000-8000-00000000000${i}`, session: 's', activityId: 'https://x.example/a' }, out, at), stored: at };
  if (rater) s.context!.contextAgents = [{ objectType: 'contextAgent', agent: { mbox: 'mailto:peer@example.com' }, relevantTypes: ['https://pathway.example/xapi/profile/rater-roles/peer'] }];
  return s;
};
const consents = [consent(0, true, '2026-08-01T00:00:00.000Z'), consent(1, true, '2026-08-01T00:00:00.000Z'), consent(1, false, '2026-08-02T00:00:00.000Z'), forVersion(consent(2, true, '2026-08-03T00:00:00.000Z', true), '1.0.3')];
const input = [...hostile, ...consents, ...stamped, ...stamped.slice(0, 50)];
const inMemory = new EvidenceCollector(model).addAll(input).profiles();

async function check(client: SqlClient): Promise<void> {
  const store = new InsightsStore(client);
  // In three parts, the last repeating the first 50 statements (an overlapping re-read).
  await store.add(input.slice(0, 100).map((value) => ({ value })));
  await store.add(input.slice(100).map((value) => ({ value })));
  const { profiles, skipped } = await store.profiles(model);
  assert.deepEqual(skipped, inMemory.skipped);
  assert.deepEqual(skipped, { voided: 1, 'other-version': 1, 'other-model': 1, 'invalid-response': 1, malformed: 2, 'too-large': 1, 'consent-not-by-person': 1 });
  assert.deepEqual(profiles, inMemory.profiles);
  assert.deepEqual(profiles.filter((p) => p.optedOut).map((p) => p.person.id), [people[0]!.key]);
  const victimKey = agentKey(victim.actor);
  for (const p of people) {
    const fused = fuseAssessments(model, p.raters.map((r) => r.state));
    const got = profiles.find((x) => x.person.id === p.key)!.results;
    // The voided answer is not counted: only its person's profile differs from fusing every state.
    if (p.key === victimKey) assert.notDeepEqual(got, fused);
    else assert.deepEqual(got, fused);
  }
  // Read one person per query, and with the separators of the packed answers inside a response (that
  // rater is read again unpacked): still the in-memory reader's profiles and skips.
  const answer = stamped.find((s) => s.verb.id.endsWith('/answered') && s !== victim)!;
  const separated = { ...structuredClone(answer), id: 'c0000000-0000-4000-8000-000000000007', timestamp: '2027-01-01T00:00:00.000Z', result: { response: 'o1\u001eo2\u001fx' } };
  // And a re-rating a quarter later (the same answer, given and stored in 2027): an earlier profile in the history.
  const later = { ...structuredClone(answer), id: 'c0000000-0000-4000-8000-000000000008', timestamp: '2027-04-01T00:00:00.000Z', stored: '2027-04-01T00:00:01.000Z' };
  const sliced = new InsightsStore(client, undefined, 1);
  await sliced.add([{ value: separated }, { value: later }]);
  const collector = new EvidenceCollector(model).addAll([...input, separated, later]);
  const expected = { ...collector.profiles(), history: byPersonAndDate(collector.history()) };
  const read = await sliced.profiles(model);
  assert.equal(read.skipped['invalid-response'], 2);
  assert.ok(read.history.length > 0, 'the person re-rated in 2027 has an earlier profile');
  assert.deepEqual({ ...read, history: byPersonAndDate(read.history) }, expected);
  await storedProfilesReused(client, [...input, separated, later]);
}

function byPersonAndDate<T extends { person: { id: string }; assessedAt: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => a.person.id.localeCompare(b.person.id) || a.assessedAt.localeCompare(b.assessedAt));
}

/** What the store's report reads (profiles, history, skips), the history in one order for comparing. */
function comparable<T extends { history: readonly { person: { id: string }; assessedAt: string }[] }>(read: T): T {
  return { ...read, history: byPersonAndDate(read.history) };
}

/** The same from the in-memory reader. */
function readInMemory(statements: readonly unknown[], options: { roster?: Person[] } = {}) {
  const collector = new EvidenceCollector(model).addAll(statements);
  return { ...collector.profiles(options), history: byPersonAndDate(collector.history(options)) };
}

/** The people whose answers a report read (each fused again), from the `RATER_ANSWERS` rows it streamed. */
function counting(client: SqlClient): { client: SqlClient; fused: () => Set<string>; scanned: () => boolean } {
  let people = new Set<string>();
  let scans = 0;
  const wrapped: SqlClient = Object.create(client);
  wrapped.query = (sql, params) => {
    // PEOPLE and SKIP_COUNTS: the scans of every fact that a report whose store is unchanged needs not run.
    if (sql.includes('GROUP BY f.person') || sql.includes('FROM pathway_skipped GROUP BY reason')) scans++;
    return client.query(sql, params);
  };
  wrapped.stream = async function* (sql, params) {
    for await (const row of client.stream(sql, params)) {
      if (sql.includes('string_agg')) people.add(String(row.person));
      yield row;
    }
  };
  return {
    client: wrapped,
    fused: () => {
      const seen = people;
      people = new Set();
      return seen;
    },
    scanned: () => {
      const any = scans > 0;
      scans = 0;
      return any;
    },
  };
}

/**
 * A report fuses again only the people whose evidence changed since the profiles were stored (or
 * everyone, when the roster or the engine changed), and still gives what the in-memory reader gives.
 */
async function storedProfilesReused(client: SqlClient, statementsBefore: readonly unknown[]): Promise<void> {
  let before = statementsBefore;
  const { client: watched, fused, scanned } = counting(client);
  const store = new InsightsStore(watched);
  const first = await store.profiles(model);
  fused();
  scanned();
  assert.deepEqual(await store.profiles(model), first);
  assert.deepEqual(fused(), new Set(), 'nothing changed: every profile is the stored one');
  assert.equal(scanned(), false, 'nothing was added: the facts are not scanned again');

  // An answer on an item the model does not have: skipped, and still counted by the reports after it,
  // whose profile of that person is the stored one.
  const answer = stamped.find((s) => agentKey(s.actor) === people[2]!.key && s.verb.id.endsWith('/answered'))!;
  const unknownItem = { ...structuredClone(answer), id: 'c0000000-0000-4000-8000-00000000000a', object: { ...answer.object, id: `${answer.object.id}-retired` } };
  await store.add([{ value: unknownItem }]);
  const withUnknown = await store.profiles(model);
  assert.equal(scanned(), true, 'a fact was added: the facts are read again');
  assert.deepEqual(fused(), new Set([people[2]!.key]));
  assert.equal(withUnknown.skipped['unknown-item'], 1);
  assert.deepEqual(comparable(withUnknown), readInMemory([...before, unknownItem]));
  assert.deepEqual(await store.profiles(model), withUnknown);
  assert.equal(scanned(), false);
  // A statement skipped as it is read changes no profile but the skip counts: they are counted again.
  await store.add([{ value: 'junk' }, { value: { id: 'c0000000-0000-4000-8000-00000000000b', verb: 7 } }]);
  const withJunk = await store.profiles(model);
  assert.equal(scanned(), true);
  assert.deepEqual(fused(), new Set());
  assert.equal(withJunk.skipped.malformed, withUnknown.skipped.malformed! + 2);
  assert.deepEqual(comparable(withJunk), readInMemory([...before, unknownItem, 'junk', { id: 'c0000000-0000-4000-8000-00000000000b', verb: 7 }]));
  before = [...before, unknownItem, 'junk', { id: 'c0000000-0000-4000-8000-00000000000b', verb: 7 }];

  // One peer answer of person 3 is voided: only person 3 is fused again.
  const target = stamped.find((s) => agentKey(s.actor) === people[3]!.key && s.verb.id.endsWith('/answered') && s.context?.extensions?.['https://pathway.example/xapi/profile/extensions/rater'] === 'peer')!;
  const voiding = { id: 'c0000000-0000-4000-8000-000000000009', actor: { mbox: 'mailto:admin@example.com' }, verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id: target.id }, stored: '2027-02-01T00:00:00.000Z', timestamp: '2027-02-01T00:00:00.000Z' };
  await store.add([{ value: voiding }]);
  const afterVoid = await store.profiles(model);
  assert.deepEqual(fused(), new Set([people[3]!.key]));
  assert.deepEqual(comparable(afterVoid), readInMemory([...before, voiding]));
  assert.notDeepEqual(afterVoid.profiles.find((p) => p.person.id === people[3]!.key), first.profiles.find((p) => p.person.id === people[3]!.key));

  // A roster is another fusion: everyone is fused again, as the in-memory reader does with it.
  const roster = people.slice(0, 3).map((p, i) => ({ id: p.key, team: i < 2 ? 'a' : 'b' }));
  const withRoster = await store.profiles(model, roster);
  assert.deepEqual(fused(), new Set(people.map((p) => p.key)));
  assert.deepEqual(comparable(withRoster), readInMemory([...before, voiding], { roster }));

  // Profiles stored by another engine (another fusion key) are not reused.
  await store.profiles(model);
  fused();
  await client.exec(`UPDATE pathway_fused SET fusion = 'another engine' WHERE person = $1`, [people[1]!.key]);
  const again = await store.profiles(model);
  assert.deepEqual(fused(), new Set([people[1]!.key]));
  assert.deepEqual(again, afterVoid);
}

describe('the insights SQL', () => {
  test('DuckDB (embedded)', async () => {
    const client = await DuckDbClient.open(':memory:');
    try {
      await check(client);
    } finally {
      await client.close();
    }
  });

  describe('PostgreSQL (Debian postgresql, throwaway cluster on loopback)', () => {
    let server: StartedPostgres;
    before(async () => {
      server = await startPostgres();
    });
    after(() => server?.stop());

    test('runs the same SQL unchanged and gives the same profiles', async () => {
      const connection = new pg.Client({ connectionString: server.connectionString });
      await connection.connect();
      const client = await PostgresClient.open(connection);
      try {
        await check(client);
      } finally {
        await client.close();
      }
    });
  });
});
