/**
 * The cmi5 AU's launch pieces against the test cmi5 LMS (test/cmi5/cmi5-lms.ts) in front of the real
 * LRS: the one-time fetch (errors as HTTP 200 with an error code), the launch parameters, reading
 * LMS.LaunchData and learner preferences through our LRS client, and the saved-progress store
 * (retries, the unsaved copy that survives a reload).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Cmi5LaunchError, fetchAuthToken, HANDOVER_MS, parseCmi5Launch, SessionRecords, sessionKey } from '../../src/lms/cmi5/launch.js';
import { launchRole, parseLaunchData, parseLearnerPreferences } from '../../src/lms/cmi5/launch-data.js';
import type { RuntimeProblem } from '../../src/lms/runtime.js';
import { preferredLanguage } from '../../src/lms/xapi/session.js';
import { type DocumentClient, PROGRESS_STATE_ID, StateStore } from '../../src/lms/xapi/state.js';
import { LrsClient } from '../../src/tracking/lrs-client.js';
import { type Cmi5Lms, type LaunchResult, startCmi5Lms } from '../cmi5/cmi5-lms.js';
import { type StartedLrs, TEST_AUTH, startLrs } from '../lrs/lrs-process.mjs';

let lrs: StartedLrs;
let lms: Cmi5Lms;
const AU = 'https://pathway.example/models/tiny/assessment';

before(async () => {
  lrs = await startLrs();
  lms = await startCmi5Lms({ lrs: lrs.endpoint, direct: lrs.endpoint, lrsAuth: TEST_AUTH });
});
after(async () => {
  await lms?.close();
  await lrs?.stop();
});

const params = (launch: LaunchResult) => new URLSearchParams(launch.query);
const pageUrl = (launch: LaunchResult) => `http://localhost:8000/au/index.html?lang=en&${launch.query}`;

/** A memory sessionStorage. */
function memoryStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k), map };
}

describe('cmi5 launch (AU side)', () => {
  test('the launch parameters are read in any order, with the page’s own query left alone', async () => {
    const launch = await lms.launch({ auId: AU });
    const shuffled = new URLSearchParams([...params(launch)].reverse());
    const parsed = parseCmi5Launch(`https://content.example/index.html?role=x&${shuffled}`);
    assert.deepEqual(parsed, { endpoint: lms.endpoint, fetchUrl: params(launch).get('fetch'), actor: launch.actor, registration: launch.registration, activityId: launch.activityId });
  });

  test('missing or invalid parameters are named in one clear message', () => {
    assert.throws(() => parseCmi5Launch('https://content.example/index.html'), (e: Error) => e instanceof Cmi5LaunchError && /lacks "endpoint", "fetch", "actor", "registration", "activityId"/.test(e.message));
    const bad = new URLSearchParams({ endpoint: 'lrs', fetch: 'https://lms/f', actor: '{"name":"x"}', registration: '42', activityId: 'not an iri' });
    assert.throws(() => parseCmi5Launch(`https://c.example/?${bad}`), (e: Error) => /"endpoint" is not an absolute URL; "actor": .*no identifier.*; "registration" is not a UUID; "activityId" is not an IRI/.test(e.message));
  });

  test('the fetch URL gives the token once; later POSTs get error-code 1 as HTTP 200', async () => {
    const launch = await lms.launch({ auId: AU });
    const token = await fetchAuthToken(params(launch).get('fetch')!);
    assert.ok(token.length > 10);
    await assert.rejects(fetchAuthToken(params(launch).get('fetch')!), (e: Cmi5LaunchError) => e.code === '1' && /already used or has expired/.test(e.message));
    assert.equal(lms.log(launch.key).fetches, 2);
  });

  test('error codes 2 and 3, a non-JSON answer and an unreachable LMS are explained, never retried', async () => {
    const security = await lms.launch({ auId: AU, fetchError: '2' });
    await assert.rejects(fetchAuthToken(params(security).get('fetch')!), (e: Cmi5LaunchError) => e.code === '2' && /security reasons \("security: <b>refused<\/b>"\)/.test(e.message));
    assert.equal(lms.log(security.key).fetches, 1);
    const app = await lms.launch({ auId: AU, fetchError: '3' });
    await assert.rejects(fetchAuthToken(params(app).get('fetch')!), (e: Cmi5LaunchError) => e.code === '3');
    await assert.rejects(fetchAuthToken(`${lms.url}/return/x`), (e: Cmi5LaunchError) => /without an "auth-token"/.test(e.message));
    await assert.rejects(fetchAuthToken('http://127.0.0.1:9/fetch'), (e: Cmi5LaunchError) => /could not be reached/.test(e.message));
  });

  test('LMS.LaunchData and the learner preferences are read with the token; LaunchData cannot be written', async () => {
    const launch = await lms.launch({ auId: AU, launchMode: 'Review', masteryScore: 0.7, languagePreference: 'de-CH,en-US', launchParameters: '{"role":"lead"}' });
    const token = await fetchAuthToken(params(launch).get('fetch')!);
    const client = await LrsClient.create({ endpoint: lms.endpoint, auth: `Basic ${token}` });
    const target = { resource: 'state' as const, agent: launch.actor, activityId: launch.activityId, stateId: 'LMS.LaunchData', registration: launch.registration };
    const read = await client.getDocument(target);
    assert.equal(read.kind, 'found');
    const { data, warnings } = parseLaunchData((read as { document: unknown }).document, pageUrl(launch));
    assert.deepEqual(warnings, []);
    assert.equal(data.launchMode, 'Review');
    assert.equal(data.masteryScore, 0.7);
    assert.equal(data.sessionId, launch.sessionId);
    assert.equal(data.returnUrl, launch.returnUrl);
    assert.deepEqual(launchRole(data.launchParameters, ['member', 'lead']), { role: 'lead' });
    const prefs = await client.getDocument({ resource: 'agentProfile', agent: launch.actor, profileId: 'cmi5LearnerPreferences' });
    assert.equal(prefs.kind, 'found');
    const languages = parseLearnerPreferences((prefs as { document: unknown }).document).languages;
    assert.deepEqual(languages, ['de-CH', 'en-US']);
    assert.equal(preferredLanguage({ language: 'en', languages: ['en', 'de'] }, languages), 'de-CH');
    assert.equal(preferredLanguage({ language: 'fr' }, languages), 'de-CH', 'no match: the first preference');
    const write = await client.putDocument(target, { launchMode: 'Normal' });
    assert.deepEqual(write.kind === 'failed' && write.status, 403);
    assert.deepEqual(lms.log(launch.key).violations.map((v) => v.requirement), ['10.2.1.0-5'], 'the LMS notices an AU writing LMS.LaunchData');
    const stranger = await LrsClient.create({ endpoint: lms.endpoint, auth: 'Basic bm9ib2R5' });
    const refused = await stranger.getDocument(target);
    assert.deepEqual(refused.kind === 'failed' && refused.status, 401);
  });

  test('launch data from the LMS is checked: unknown mode, no template, unsafe returnURL, bad mastery score', () => {
    assert.throws(() => parseLaunchData({ contextTemplate: {}, launchMode: 'Preview' }), /unknown launch mode "Preview"/);
    assert.throws(() => parseLaunchData({ launchMode: 'Normal' }), /no context template/);
    const { data, warnings } = parseLaunchData({ contextTemplate: {}, launchMode: 'Normal', returnURL: 'javascript:alert(1)', masteryScore: 1.5 });
    assert.equal(data.returnUrl, undefined);
    assert.equal(data.masteryScore, undefined);
    assert.equal(warnings.length, 3, warnings.join('\n'));
    assert.equal(parseLaunchData({ contextTemplate: {}, launchMode: 'Browse', returnURL: '/lms/course/1' }, 'https://lms.example.com/content/au/index.html').data.returnUrl, 'https://lms.example.com/lms/course/1');
    assert.deepEqual(launchRole('{"role":"ceo"}', ['member']), { warning: 'The launch parameters name a role "ceo" this model does not have; the learner chooses the role.' });
    assert.deepEqual(launchRole('not json', ['member']), {});
  });

  test('the session record is keyed by registration and fetch URL and never holds more than the session needs', async () => {
    const launch = await lms.launch({ auId: AU });
    const parsed = parseCmi5Launch(pageUrl(launch));
    const storage = memoryStorage();
    const records = new SessionRecords(storage, sessionKey(parsed));
    assert.equal(records.read(), undefined);
    records.write({ token: 'tok', startedAt: 1, sent: ['initialized'] });
    assert.doesNotMatch([...storage.map.values()].join(), /tok/, 'the token is not stored while the page is open');
    assert.equal(records.read(), undefined, 'no token handed over: nothing to continue');
    records.handOver({ token: 'tok', startedAt: 1, sent: ['initialized'] });
    assert.deepEqual(records.read(), { token: 'tok', startedAt: 1, sent: ['initialized'] });
    assert.doesNotMatch([...storage.map.values()].join(), /tok/, 'the next page took the token out of storage');
    const [key] = [...storage.map.keys()];
    assert.doesNotMatch(key!, new RegExp(launch.registration), 'the key hides the registration and fetch URL');
    assert.notEqual(sessionKey({ ...parsed, fetchUrl: `${parsed.fetchUrl}x` }), key, 'another session, another record');
    records.clear();
    assert.equal(storage.map.size, 0);
  });

  test('a token handed over at pagehide is taken once, and only while fresh', () => {
    const storage = memoryStorage();
    let now = 1_000_000;
    const records = new SessionRecords(storage, 'pathway-cmi5:k', () => now);
    const record = { token: 'tok', startedAt: 1, sent: [] };
    records.handOver(record);
    assert.equal(records.read()?.token, 'tok');
    assert.equal(records.read(), undefined, 'taken once');
    records.handOver(record);
    now += HANDOVER_MS + 1;
    assert.equal(records.read(), undefined, 'stale: thrown away unread');
    assert.doesNotMatch([...storage.map.values()].join(), /tok/);
    records.handOver(record);
    records.clear();
    assert.equal(storage.map.size, 0, 'terminate or abandonment clears it');
  });
});

describe('saved progress in the State API', () => {
  test('a first launch has none; updates reach the LMS; a second store reads them back', async () => {
    const launch = await lms.launch({ kind: 'tincan', auId: AU });
    const client = await LrsClient.create({ endpoint: lms.endpoint, auth: launch.auth! });
    const owner = { agent: launch.actor, activityId: launch.activityId, registration: launch.registration };
    const store = new StateStore(client, owner, { storage: null });
    assert.equal(await store.read(), undefined);
    const progress = { assessment: 'pw1j[…]', stepsDone: ['m1'], location: 'item:3', fraction: 0.25 };
    assert.equal(await store.update({ progress }), true);
    assert.equal(await store.record('completed'), true);
    assert.deepEqual(lms.documents(launch.registration)[PROGRESS_STATE_ID], { format: 'pathway-state/1', progress, recorded: ['completed'] });
    const again = new StateStore(client, owner, { storage: null });
    assert.deepEqual(await again.read(), { format: 'pathway-state/1', progress, recorded: ['completed'] });
  });

  test('a failing LRS loses nothing: retried, reported once, and the unsaved copy survives a reload', async () => {
    const launch = await lms.launch({ kind: 'tincan', auId: AU });
    const real = await LrsClient.create({ endpoint: lms.endpoint, auth: launch.auth! });
    let failing = 3;
    const flaky: DocumentClient = {
      getDocument: (t) => real.getDocument(t),
      putDocument: async (t, d, o) => (failing-- > 0 ? { kind: 'failed', status: 503, message: 'injected', retry: true } : real.putDocument(t, d, o)),
    };
    const storage = memoryStorage();
    const problems: RuntimeProblem[] = [];
    const owner = { agent: launch.actor, activityId: launch.activityId, registration: launch.registration };
    const store = new StateStore(flaky, owner, { storage, retryDelaysMs: [20], onProblem: (p) => problems.push(p) });
    const progress = { assessment: 'a', stepsDone: [], location: 'item:1' };
    assert.equal(await store.update({ progress }), false);
    assert.equal(storage.map.size, 1, 'the unsaved document waits in sessionStorage');
    while (failing > 0) await new Promise((resolve) => setTimeout(resolve, 10)); // the retries fail too
    assert.equal(problems.length, 1, 'reported once, after repeated failures');
    // The page reloads before the LRS is back: a new store (same tab) finds the copy.
    store.close();
    failing = 0;
    const reloaded = new StateStore(flaky, owner, { storage, retryDelaysMs: [20] });
    assert.deepEqual((await reloaded.read())?.progress, progress);
    await reloaded.flush();
    assert.equal(reloaded.saved, true);
    assert.equal(storage.map.size, 0, 'removed once the LRS has it');
    assert.deepEqual((lms.documents(launch.registration)[PROGRESS_STATE_ID] as { progress: unknown }).progress, progress);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.recoverable, true);
    assert.match(problems[0]!.message, /kept on this page and saving is retried/);
  });
});
