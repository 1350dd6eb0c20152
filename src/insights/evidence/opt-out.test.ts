// The opt-out (the profile's `left` statement on the insights activity) and the opt-in (`joined`):
// a person's latest one decides, voided ones do not count, only the person can send it, and an
// opted-out person is absent from every aggregate of the report — tested as properties over random
// sequences of consent statements.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { population, statementsOf, type SimulatedPerson } from '../../../test/support/insights-population.js';
import { mixSeed, Random } from '../../assessment/random.js';
import { requireModel } from '../../model/load.js';
import { consentStatement, type StatementScope } from '../../tracking/statements.js';
import type { Statement } from '../../tracking/types.js';
import { buildInsightsReport } from '../analytics/index.js';
import { EvidenceCollector } from './index.js';

const model = requireModel(readFileSync('demo/models/software-engineer.json', 'utf8'));
const people: SimulatedPerson[] = [...population(model, { people: 12, peers: 3, seed: 31 })];
const statements = statementsOf(people);

const scopeOf = (p: SimulatedPerson, registration: string): StatementScope => ({
  model,
  actor: p.agent,
  registration,
  session: registration,
  activityId: `${model.id}/assessment`,
});

const uuid = (rng: Random): string => {
  const hex = () => rng.below(16).toString(16);
  const part = (n: number) => Array.from({ length: n }, hex).join('');
  return `${part(8)}-${part(4)}-4${part(3)}-8${part(3)}-${part(12)}`;
};

/** Random consent statements per person (some voided, some sent by a rater): the expected opt-outs. */
function consents(seed: number): { input: unknown[]; optedOut: Set<string> } {
  const rng = new Random(mixSeed(seed, 0xc0));
  const input: unknown[] = [];
  const optedOut = new Set<string>();
  let clock = Date.parse('2026-06-01T00:00:00.000Z');
  for (const p of people) {
    let latest: boolean | undefined;
    const n = rng.below(4);
    for (let k = 0; k < n; k++) {
      const out = rng.next() < 0.6;
      const at = new Date((clock += 1000 + rng.below(5000))).toISOString();
      const s = { ...consentStatement(scopeOf(p, uuid(rng)), out, at), stored: at } as Statement & { stored: string };
      input.push(s);
      const roll = rng.next();
      if (roll < 0.15) {
        // Voided later: does not count.
        input.push({ id: uuid(rng), actor: { mbox: 'mailto:lrs-admin@example.com' }, verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id: s.id }, timestamp: at, stored: new Date(clock + 10).toISOString() });
      } else latest = out;
      if (roll > 0.85) {
        // A rater (named in the context) tries the opposite: never counts.
        const forged = structuredClone(s) as Statement & { stored: string };
        forged.id = uuid(rng);
        forged.verb.id = out ? 'http://activitystrea.ms/schema/1.0/join' : 'http://activitystrea.ms/schema/1.0/leave';
        forged.stored = forged.timestamp = new Date((clock += 1000)).toISOString();
        forged.context!.contextAgents = [{ objectType: 'contextAgent', agent: { mbox: 'mailto:peer@example.com' }, relevantTypes: ['https://pathway.example/xapi/profile/rater-roles/peer'] }];
        input.push(forged);
      }
    }
    if (latest) optedOut.add(p.key);
  }
  // Any order: the latest by stored time decides, not the order read.
  for (let i = input.length - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    [input[i], input[j]] = [input[j]!, input[i]!];
  }
  return { input, optedOut };
}

describe('opt-out and opt-in', () => {
  it('the latest live consent statement of the person decides; a rater\'s is skipped and counted', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const { input, optedOut } = consents(seed);
      const { profiles, skipped } = new EvidenceCollector(model).addAll([...input, ...statements]).profiles();
      assert.equal(profiles.length, people.length);
      for (const p of profiles) assert.equal(p.optedOut, optedOut.has(p.person.id), `seed ${seed}: ${p.person.id}`);
      const forged = input.filter((s) => (s as Statement).context?.contextAgents).length;
      assert.equal(skipped['consent-not-by-person'] ?? 0, forged, `seed ${seed}`);
    }
  });

  it('an opted-out person is absent from every aggregate of the report (property over random organisations)', () => {
    let hidden = 0;
    for (let seed = 1; seed <= 25; seed++) {
      const { input, optedOut } = consents(seed);
      const { profiles } = new EvidenceCollector(model).addAll([...input, ...statements]).profiles();
      // Everyone in one team (so that aggregates are shown at all), named so that a name would show.
      const named = profiles.map((p, i) => ({ ...p, person: { ...p.person, name: `Person-${i}-zq`, team: 'One' } }));
      const report = buildInsightsReport(model, named, { minGroupSize: 3 });
      const text = JSON.stringify(report);
      const without = buildInsightsReport(model, named.filter((p) => !p.optedOut), { minGroupSize: 3 });
      // The report equals the report without them: no count, cell, mentor or proposal of theirs.
      assert.deepEqual(report, without, `seed ${seed}`);
      for (const p of named.filter((x) => optedOut.has(x.person.id))) {
        hidden++;
        assert.ok(!text.includes(JSON.stringify(p.person.id)) && !text.includes(JSON.stringify(p.person.name!)), `seed ${seed}: ${p.person.id} appears in the report`);
      }
      for (const p of named.filter((x) => !optedOut.has(x.person.id))) assert.ok(text.includes(JSON.stringify(p.person.id)), `seed ${seed}: ${p.person.id} is missing`);
    }
    assert.ok(hidden > 20, `only ${hidden} opt-outs were tried`);
  });

  it('only the person sends it: the builder refuses a rater\'s scope', () => {
    const p = people[0]!;
    assert.throws(() => consentStatement({ ...scopeOf(p, uuid(new Random(1))), rater: { mbox: 'mailto:boss@example.com' } }, true, '2026-06-01T00:00:00.000Z'), /only the person/);
  });
});
