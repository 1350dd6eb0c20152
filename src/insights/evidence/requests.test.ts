// Where a rater request stands — who was asked, who has answered, who is still missing — read back
// from the statements the raters' attempts send (link, xAPI launch and cmi5 forms), in memory and in
// DuckDB, and shown in the report without any answer.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { answerRecords, assessmentResults, CollectingSink } from '../../../test/support/xapi-fixtures.js';
import { requireModel } from '../../model/load.js';
import { createRaterRequest, requestRegistration, type RaterRequest } from '../../tracking/request.js';
import { consentStatement } from '../../tracking/statements.js';
import { Tracker } from '../../tracking/tracker.js';
import type { Agent, Statement } from '../../tracking/types.js';
import { buildInsightsReport } from '../analytics/index.js';
import { DuckDbClient } from '../store/duckdb.js';
import { InsightsStore } from '../store/store.js';
import { EvidenceCollector } from './collect.js';
import { agentKey } from './agent.js';
import { parseRequests, requestStatuses } from './requests.js';

const model = requireModel(readFileSync('test/fixtures/tiny-model.json', 'utf8'));
const agent = (name: string): Agent => ({ objectType: 'Agent', account: { homePage: 'https://lms.example.com', name } });
const dana = agent('dana');
const mo = agent('mo');
const request = createRaterRequest(model, {
  id: '7b1d2c3e-4f50-4a6b-8c7d-9e0f1a2b3c4d',
  person: dana,
  personName: 'Dana',
  currentRole: model.roles[0]!.id,
  raters: [{ kind: 'manager', agent: mo, name: 'Mo' }, { kind: 'peer' }, { kind: 'peer' }, { kind: 'peer' }],
});

let clock = Date.UTC(2026, 5, 1, 9);
const now = () => new Date((clock += 1000));

/** One rater's attempt on the request: `finish` says whether they completed it. */
async function attempt(rater: Agent, index: number, options: { finish: boolean; cmi5?: boolean; kind?: 'manager' | 'peer' }): Promise<Statement[]> {
  const sink = new CollectingSink();
  const kind = options.kind ?? request.raters[index]!.kind;
  const tracker = new Tracker({
    model,
    // A cmi5 launch: the actor is the rater (the launch actor), the person rated in `person-rated`.
    ...(options.cmi5 ? { actor: rater, personRated: dana } : { actor: dana, rater }),
    registration: options.cmi5 ? '11111111-2222-4333-8444-5555555555' + String(10 + index) : requestRegistration(request, index),
    request: { id: request.id, rater: index },
    sink,
    now,
  });
  await tracker.started();
  for (const record of answerRecords(model, kind, 3 + index)) await tracker.answered({ ...record, response: { ...record.response, rater: kind } });
  if (options.finish) await tracker.completed(assessmentResults(model, { rater: kind }));
  await tracker.terminated();
  return sink.statements.map((s) => ({ ...s, stored: s.timestamp }));
}

async function statements(): Promise<Statement[]> {
  return [
    ...(await attempt(mo, 0, { finish: true })),
    ...(await attempt(agent('pia'), 1, { finish: true })),
    // Started, not finished.
    ...(await attempt(agent('pete'), 2, { finish: false })),
    // A second peer through a cmi5 package built for rater place 1 (one package serves every peer).
    ...(await attempt(agent('paz'), 1, { finish: true, cmi5: true })),
    // Someone else claiming the manager's place: not Mo, so not counted for it.
    ...(await attempt(agent('eve'), 0, { finish: true })),
  ];
}

describe('rater request status', () => {
  it('says who was asked, who answered and who is missing — from the request extension, never an answer', async () => {
    const all = await statements();
    const collector = new EvidenceCollector(model).addAll(all);
    const [status] = requestStatuses([request], collector.requestProgress());
    assert.equal(status!.person, agentKey(dana));
    assert.deepEqual(
      status!.raters.map((r) => [r.name, r.kind, r.answeredAt !== undefined]),
      [
        ['Mo', 'manager', true],
        ['peer 1', 'peer', true],
        ['peer 2', 'peer', true],
        ['peer 3', 'peer', false],
      ],
    );
    // Nothing but who and when: no response, level or score anywhere.
    const text = JSON.stringify(status);
    for (const word of ['response', 'level', 'score', 'theta']) assert.ok(!text.includes(word), word);
    // The cmi5-form peer's answers count for Dana, from Paz (the actor), not for Paz.
    const { profiles } = collector.profiles();
    assert.deepEqual(profiles.map((p) => p.person.id), [agentKey(dana)]);
    assert.equal(profiles[0]!.sources.peers, 3);
  });

  it('the DuckDB store gives the same progress, and the report shows it (until the person opts out)', async () => {
    const all = await statements();
    const collector = new EvidenceCollector(model).addAll(all);
    const store = new InsightsStore(await DuckDbClient.open(':memory:'));
    try {
      await store.add(all.map((value) => ({ value })));
      const progress = await store.requestProgress();
      assert.deepEqual(progress, collector.requestProgress());
      const statuses = requestStatuses([request], progress, { optedOut: await store.optedOut() });
      const { profiles } = await store.profiles(model);
      const report = buildInsightsReport(model, profiles, { requests: statuses });
      assert.deepEqual(report.requests!.map((r) => r.raters.map((x) => x.answered)), [[true, true, true, false]]);
      // Dana opts out: her request disappears with everything else about her.
      const out = { ...consentStatement({ model, actor: dana, registration: '99999999-2222-4333-8444-555555555555', session: 's', activityId: 'https://x.example/a' }, true, '2026-07-01T00:00:00.000Z'), stored: '2026-07-01T00:00:00.000Z' };
      await store.add([{ value: out }]);
      const optedOut = await store.optedOut();
      assert.deepEqual([...optedOut], [agentKey(dana)]);
      assert.deepEqual(requestStatuses([request], progress, { optedOut }), []);
      const again = buildInsightsReport(model, (await store.profiles(model)).profiles, { requests: statuses });
      assert.deepEqual(again.requests, []);
    } finally {
      await store.sql.close();
    }
  });

  it('reads a requests file as a JSON array, one request or NDJSON, and names the bad one', () => {
    const two: RaterRequest[] = [request, { ...request, id: '0b1d2c3e-4f50-4a6b-8c7d-9e0f1a2b3c4d' }];
    assert.deepEqual(parseRequests(JSON.stringify(two)), two);
    assert.deepEqual(parseRequests(JSON.stringify(request)), [request]);
    assert.deepEqual(parseRequests(two.map((r) => JSON.stringify(r)).join('\n')), two);
    assert.throws(() => parseRequests(JSON.stringify([request, { ...request, auth: 'Basic eA==' }])), /request 2: .*never carries LRS credentials/);
  });
});
