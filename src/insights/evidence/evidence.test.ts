// The evidence reader against fusing the same raters' saved states in memory, and against hostile input.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { population, statementsOf as allStatements, type SimulatedPerson } from '../../../test/support/insights-population.js';
import { fuseAssessments, resumeAssessment } from '../../assessment/session.js';
import { requireModel } from '../../model/load.js';
import { forVersion } from '../../tracking/statements.js';
import type { Statement } from '../../tracking/types.js';
import { EvidenceCollector, parseRoster, statementsOf } from './index.js';
import { largerThan } from './read.js';

const model = requireModel(readFileSync('demo/models/software-engineer.json', 'utf8'));
const people: SimulatedPerson[] = [...population(model, { people: 6, peers: 3, seed: 11 })];
const statements = allStatements(people);

const expected = (p: SimulatedPerson) => fuseAssessments(model, p.raters.map((r) => r.state));

describe('statements → fused profiles', () => {
  it('equals fusing the raters\' saved states in memory, for every person', () => {
    const { profiles, skipped } = new EvidenceCollector(model).addAll(statements).profiles();
    assert.deepEqual(skipped, {});
    assert.equal(profiles.length, people.length);
    for (const p of people) {
      const profile = profiles.find((x) => x.person.id === p.key)!;
      assert.deepEqual(profile.results, expected(p));
      assert.deepEqual(profile.sources, { self: true, managers: 1, peers: 3 });
      assert.equal(profile.person.role, p.currentRole);
    }
  });

  it('reads 1.0.3 statements (rater in instructor), shuffled and repeated, the same way', () => {
    const old = statements.map((s) => forVersion(s, '1.0.3'));
    const shuffled = [...old, ...old.filter((s) => s.verb.id.endsWith('/answered')).slice(0, 200)].sort((a, b) => (a.id < b.id ? -1 : 1));
    const collector = new EvidenceCollector(model).addAll(shuffled);
    const { profiles } = collector.profiles();
    assert.equal(collector.duplicates, 200);
    for (const p of people) assert.deepEqual(profiles.find((x) => x.person.id === p.key)!.results, expected(p));
  });

  it('counts one rater once: a changed answer replaces the earlier one', () => {
    const p = people[0]!;
    const manager = p.raters.find((r) => r.rater === 'manager')!;
    const answer = manager.statements.find((s) => /^[of][0-9]$/.test(s.result?.response ?? ''))!;
    const item = answer.object.id.split('/items/')[1]!;
    const before = Number(answer.result!.response!.slice(1));
    const choice = before === 0 ? 1 : 0;
    // The manager changes one answer later (a re-rating): only the latest answer to the item counts.
    const changed: Statement = { ...answer, id: '0f0e0d0c-0b0a-4999-8888-777766665555', timestamp: '2027-01-01T00:00:00.000Z', result: { response: `${answer.result!.response![0]}${choice}` } };
    const revised = resumeAssessment(model, manager.state);
    revised.answer({ item, choice });
    const states = p.raters.map((r) => (r === manager ? revised.serialize() : r.state));
    const { profiles } = new EvidenceCollector(model).addAll([changed, ...statements]).profiles();
    const got = profiles.find((x) => x.person.id === p.key)!.results;
    assert.deepEqual(got, fuseAssessments(model, states));
    assert.notDeepEqual(got.competencies, expected(p).competencies);
  });

  it('history: a re-assessment in a later quarter leaves the earlier fused profile as it was by the end of its quarter', () => {
    const p = people[0]!;
    const manager = p.raters.find((r) => r.rater === 'manager')!;
    const answer = manager.statements.find((s) => /^[of][0-9]$/.test(s.result?.response ?? ''))!;
    const choice = Number(answer.result!.response!.slice(1)) === 0 ? 1 : 0;
    // Everything given in February 2026, stored much later (an LRS import); the manager re-rates in August.
    const dated = statements.map((s, i) => ({ ...s, timestamp: new Date(Date.UTC(2026, 1, 2, 9, 0, i)).toISOString(), stored: '2026-11-30T12:00:00.000Z' }));
    const later: Statement & { stored: string } = { ...answer, id: '0f0e0d0c-0b0a-4999-8888-777766665556', timestamp: '2026-08-03T10:00:00.000Z', stored: '2026-11-30T12:00:01.000Z', result: { response: `${answer.result!.response![0]}${choice}` } };
    const collector = new EvidenceCollector(model).addAll([...dated, later]);
    const history = collector.history();
    assert.deepEqual(history.map((h) => h.person.id), [p.key], 'only the person assessed again has an earlier profile');
    assert.deepEqual(history[0]!.results, expected(p));
    assert.equal(history[0]!.assessedAt.slice(0, 7), '2026-02');
    const latest = collector.profiles().profiles.find((x) => x.person.id === p.key)!;
    assert.notDeepEqual(latest.results.competencies, history[0]!.results.competencies);
  });

  it('shows peers on their own only from the model\'s minimum number of peers', () => {
    const two = statements.filter((s) => !people.some((p) => p.raters.filter((r) => r.rater === 'peer')[2]!.statements.includes(s)));
    const { profiles } = new EvidenceCollector(model).addAll(two).profiles();
    for (const profile of profiles) {
      assert.equal(profile.sources.peers, 2);
      assert.ok(profile.results.competencies.every((c) => c.sources.peers === undefined));
    }
    const { profiles: three } = new EvidenceCollector(model).addAll(statements).profiles();
    assert.ok(three.every((p) => p.results.competencies.some((c) => c.sources.peers?.raters === 3)));
  });

  it('honours voiding, before or after the voided statement', () => {
    const p = people[1]!;
    const peer = p.raters.find((r) => r.rater === 'peer')!;
    const voids = peer.statements
      .filter((s) => s.verb.id.endsWith('/answered'))
      .map((s, k) => ({
        id: `9${String(k).padStart(7, '0')}-0000-4000-8000-000000000000`,
        actor: { mbox: 'mailto:admin@example.com' },
        verb: { id: 'http://adlnet.gov/expapi/verbs/voided' },
        object: { objectType: 'StatementRef', id: s.id },
        timestamp: '2026-06-01T00:00:00.000Z',
      }));
    const withoutPeer = fuseAssessments(model, p.raters.filter((r) => r !== peer).map((r) => r.state));
    for (const input of [[...voids, ...statements], [...statements, ...voids]]) {
      const { profiles, skipped } = new EvidenceCollector(model).addAll(input).profiles();
      const profile = profiles.find((x) => x.person.id === p.key)!;
      assert.equal(profile.sources.peers, 2);
      assert.deepEqual(profile.results.competencies, withoutPeer.competencies);
      assert.equal(skipped.voided, voids.length);
    }
  });
});

describe('hostile and foreign statements', () => {
  const answer = statements.find((s) => s.verb.id.endsWith('/answered') && s.context?.extensions?.['https://pathway.example/xapi/profile/extensions/rater'] === 'self')!;
  const variant = (patch: (s: any) => void, n: number): any => {
    const s = structuredClone(answer) as any;
    s.id = `a${String(n).padStart(7, '0')}-0000-4000-8000-000000000000`;
    patch(s);
    return s;
  };
  const hostile: [string, unknown][] = [
    ['malformed', null],
    ['malformed', 'a string'],
    ['malformed', [1, 2]],
    ['malformed', variant((s) => (s.id = 42), 1)],
    ['malformed', variant((s) => (s.actor = { name: 'no identifier' }), 2)],
    ['malformed', variant((s) => (s.context.extensions['https://pathway.example/xapi/profile/extensions/rater'] = 'boss'), 3)],
    ['malformed', variant((s) => (s.context.registration = { $ne: 1 }), 4)],
    ['malformed', variant((s) => (s.timestamp = 'yesterday'), 5)],
    ['foreign', variant((s) => (s.context.contextActivities.category = [{ id: 'https://other.example/profile' }]), 6)],
    ['other-version', variant((s) => (s.context.extensions['https://pathway.example/xapi/profile/extensions/model-version'] = '0.9.0'), 7)],
    ['other-model', variant((s) => (s.object.id = 'https://elsewhere.example/models/x/items/a'), 8)],
    ['unknown-item', variant((s) => (s.object.id = s.object.id.replace(/items\/.*/, 'items/not-an-item')), 9)],
    ['invalid-response', variant((s) => (s.result.response = 'o99'), 10)],
    ['invalid-response', variant((s) => (s.result.response = '<script>'), 11)],
    ['too-large', variant((s) => (s.context.extensions['https://example.com/blob'] = 'x'.repeat(10 * 1024 * 1024)), 12)],
    ['rater-is-person', variant((s) => {
      s.context.extensions['https://pathway.example/xapi/profile/extensions/rater'] = 'peer';
      s.context.instructor = s.actor;
    }, 13)],
  ];

  it('skips each, counts it under its reason, and fuses the rest unchanged', () => {
    const { profiles, skipped } = new EvidenceCollector(model).addAll([...hostile.map(([, s]) => s), ...statements]).profiles();
    const want: Record<string, number> = {};
    for (const [reason] of hostile) want[reason] = (want[reason] ?? 0) + 1;
    assert.deepEqual(skipped, want);
    for (const p of people) assert.deepEqual(profiles.find((x) => x.person.id === p.key)!.results, expected(p));
  });

  it('a roster limits who may rate whom: a forged rating is skipped and counted', () => {
    const rows = people.map((p, i) => `${p.key},Team ${i % 2},account:https://lms.example.com|m-${i % 7},${p.currentRole}`);
    const roster = parseRoster(`person,team,manager,role\n${rows.join('\n')}\n`);
    const forged = structuredClone(people[2]!.raters.find((r) => r.rater === 'manager')!.statements).map((s: any, k: number) => {
      s.id = `b${String(k).padStart(7, '0')}-0000-4000-8000-000000000000`;
      if (s.context.contextAgents) s.context.contextAgents[0].agent = { mbox: 'mailto:intruder@example.com' };
      return s;
    });
    const answers = forged.filter((s: Statement) => s.verb.id.endsWith('/answered')).length;
    const { profiles, skipped } = new EvidenceCollector(model).addAll([...statements, ...forged]).profiles({ roster });
    assert.equal(skipped['rater-not-on-roster'], answers);
    for (const p of people) assert.deepEqual(profiles.find((x) => x.person.id === p.key)!.results, expected(p));
  });
});

describe('the size limit on a parsed statement', () => {
  /** The size the limit counts, written out recursively: strings + 2, keys + 4, arrays + 1, other values 5. */
  const counted = (v: unknown): number => {
    if (typeof v === 'string') return v.length + 2;
    if (Array.isArray(v)) return v.length + 1 + v.reduce((s: number, x) => s + counted(x), 0);
    if (v !== null && typeof v === 'object') return Object.entries(v).reduce((s, [k, x]) => s + k.length + 4 + counted(x), 0);
    return 5;
  };

  it('is over the limit by one character counted, not before, for statements and nested values of every kind', () => {
    const nested = { a: [1, 'two', null, [true, { b: 'c', d: [] }], {}], e: { f: { g: { h: ['i', 2.5] } } }, jk: '' };
    for (const value of [...statements.slice(0, 20), nested, 'text', 42, null, [], {}, [[['deep']]]]) {
      const size = counted(value);
      assert.equal(largerThan(value, size), false, JSON.stringify(value).slice(0, 80));
      assert.equal(largerThan(value, size - 1), true, JSON.stringify(value).slice(0, 80));
    }
  });

  it('stops at the first container past the limit: a huge statement is not walked to its end', () => {
    let reads = 0;
    const many = new Proxy(Array.from({ length: 1000 }, () => 'x'.repeat(100)), {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    assert.equal(largerThan({ blob: many }, 1000), true);
    assert.ok(reads < 20, `${reads} elements read`);
  });
});

describe('statement files', () => {
  it('reads a JSON array, an LRS page and NDJSON alike, reporting bad lines', () => {
    const some = statements.slice(0, 30);
    const bad: number[] = [];
    const ndjson = `${some.slice(0, 10).map((s) => JSON.stringify(s)).join('\n')}\n{not json\n\n${some.slice(10).map((s) => JSON.stringify(s)).join('\r\n')}\n`;
    const read = (text: string) => [...statementsOf(text, (line) => bad.push(line))].map((s) => (s.value as Statement).id);
    const ids = some.map((s) => s.id);
    assert.deepEqual(read(JSON.stringify(some)), ids);
    assert.deepEqual(read(JSON.stringify({ statements: some, more: '' })), ids);
    assert.deepEqual(read(ndjson), ids);
    assert.deepEqual(bad, [11]);
  });
});
