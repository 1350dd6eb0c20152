// Rater requests: links that carry who rates whom (never credentials), and statements that the evidence reader counts per rater.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { startAssessment } from '../assessment/session.js';
import { EvidenceCollector } from '../insights/evidence/index.js';
import { requireModel } from '../model/load.js';
import { createRaterRequest, decodeRequest, encodeRequest, readRequestParameters, requestLink, requestRegistration, RequestError } from './request.js';
import { Tracker } from './tracker.js';
import type { Agent, Statement } from './types.js';

const model = requireModel(readFileSync('demo/models/customer-success.json', 'utf8'));
const dana: Agent = { objectType: 'Agent', name: 'Dana', account: { homePage: 'https://lms.example.com', name: 'dana' } };
const raters: Agent[] = ['mo', 'pat', 'sam', 'kim'].map((name) => ({ objectType: 'Agent', account: { homePage: 'https://lms.example.com', name } }));
const request = createRaterRequest(model, {
  person: dana,
  personName: 'Dana',
  currentRole: model.roles[0]!.id,
  raters: [{ kind: 'manager', name: 'Mo' }, { kind: 'peer' }, { kind: 'peer' }, { kind: 'peer' }],
});

describe('rater requests', () => {
  it('travels as a link and comes back unchanged for each rater, with its own registration', () => {
    const links = request.raters.map((_, i) => requestLink('https://intranet.example.com/rate.html?lang=de', request, i));
    const read = links.map((link) => readRequestParameters(new URL(link).searchParams)!);
    assert.deepEqual(read.map((r) => r.request), request.raters.map(() => request));
    assert.deepEqual(read.map((r) => r.kind), ['manager', 'peer', 'peer', 'peer']);
    assert.equal(new Set(read.map((r) => r.registration)).size, 4);
    assert.equal(read[1]!.registration, requestRegistration(request, 1));
    assert.equal(new URL(links[0]!).searchParams.get('lang'), 'de');
    assert.equal(readRequestParameters(new URLSearchParams('lang=de')), undefined);
  });

  it('refuses credentials, unknown fields, damaged tokens and unknown roles', () => {
    const token = encodeRequest(request);
    const withAuth = Buffer.from(JSON.stringify({ ...request, auth: 'Basic abc' })).toString('base64url');
    assert.throws(() => decodeRequest(withAuth), /never carries LRS credentials/);
    const withEndpoint = Buffer.from(JSON.stringify({ ...request, endpoint: 'https://evil.example/xapi/' })).toString('base64url');
    assert.throws(() => decodeRequest(withEndpoint), RequestError);
    assert.throws(() => decodeRequest(`${token.slice(0, 40)}!`), /damaged/);
    assert.throws(() => decodeRequest(token.slice(0, token.length - 7)), RequestError);
    assert.throws(() => createRaterRequest(model, { person: dana, currentRole: 'astronaut', raters: [{ kind: 'peer' }] }), /no role "astronaut"/);
    assert.throws(() => readRequestParameters(new URLSearchParams(`pathway-request=${token}&pathway-rater=9`)), /rater 9/);
  });

  it('statements sent for a request count for the person rated, once per rater', async () => {
    const statements: Statement[] = [];
    const sink = { enqueue: async (list: readonly Statement[]) => void statements.push(...list) };
    let clock = Date.parse('2026-02-01T09:00:00.000Z');
    for (const [i, rater] of request.raters.entries()) {
      // What the element does for rater i: the person rated as actor, the LMS user as rater, the request's registration.
      const tracker = new Tracker({ model, actor: request.person, rater: raters[i]!, registration: requestRegistration(request, i), sink, now: () => new Date((clock += 1000)) });
      const session = startAssessment(model, { currentRole: request.currentRole!, rater: rater.kind, mode: 'fixed' });
      await tracker.started();
      for (let step = session.next(); step; step = session.next()) {
        const item = model.items.find((x) => x.id === step.itemId)!;
        session.answer({ item: item.id, choice: 1 });
        await tracker.answered({ response: session.responses.at(-1)!, competency: item.competency, sequence: step.position, timestamp: new Date((clock += 1000)).toISOString() });
      }
      await tracker.completed(session.results());
    }
    const { profiles, skipped } = new EvidenceCollector(model).addAll(statements).profiles();
    assert.deepEqual(skipped, {});
    assert.equal(profiles.length, 1);
    assert.equal(profiles[0]!.person.id, 'account:https://lms.example.com|dana');
    assert.deepEqual(profiles[0]!.sources, { self: false, managers: 1, peers: 3 });
    assert.ok(profiles[0]!.results.competencies.some((c) => c.sources.peers?.raters === 3));
  });
});
