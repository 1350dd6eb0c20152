/**
 * The xAPI (Tin Can) package end to end in Chromium: built from a sample model, its tincan.xml read like
 * an LMS import, launched with `endpoint`, `auth`, `actor`, `registration` and `activity_id` in the
 * URL by the test LMS in front of the real LRS (which also serves the State API the LRS lacks).
 * The credential leaves the address bar at once and is stored nowhere; progress lives in the State
 * API and a relaunch resumes it; a reload says what to do; an outage loses nothing.
 */
import { expect } from '@open-wc/testing';
import { profileViolations, type StatementTemplate } from '../support/xapi-profile-check.js';
import { unzipSync } from 'fflate';
import { playAnswers, playCompletion } from '../../lms-packages/testing/scripted-learner.js';
import { PROGRESS_STATE_ID } from '../../src/lms/xapi/state.js';
import type { Model } from '../../src/model/types.js';
import { auAddress, launchAu, launchError, lmsDocuments, lmsLaunch, lmsLog, lrsOutage, lrsStatements, reload, verbOf, waitFor } from './cmi5-harness.js';

const MODEL = 'customer-success';
const SEQUENCE = 'https://pathway.example/xapi/profile/extensions/sequence';

async function fetchTincan(model: string) {
  const response = await fetch(`/__pathway/packages/${model}/xapi.zip`);
  const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
  const text = (name: string) => new TextDecoder().decode(files[name]);
  const xml = new DOMParser().parseFromString(text('tincan.xml'), 'application/xml');
  const ns = 'http://projecttincan.com/tincan.xsd';
  const activity = xml.getElementsByTagNameNS(ns, 'activity')[0]!;
  return {
    activityId: activity.getAttribute('id')!,
    launch: activity.getElementsByTagNameNS(ns, 'launch')[0]!.textContent!.trim(),
    model: JSON.parse(text('model.json')) as Model,
    page: text('index.html'),
  };
}

/** The statement templates of the Pathway xAPI profile, read from profile/pathway.jsonld itself. */
const profileTemplates = async () => ((await (await fetch('/profile/pathway.jsonld')).json()) as { templates: StatementTemplate[] }).templates;

describe('xAPI (Tin Can) package, launched with the credential in the URL', () => {
  afterEach(() => {
    document.querySelectorAll('iframe').forEach((f) => f.remove());
  });

  it('strips the launch from the address bar, sends the session in order, saves progress, and a relaunch resumes it', async function () {
    this.timeout(180_000);
    const pkg = await fetchTincan(MODEL);
    expect(pkg.launch).to.equal('index.html');
    expect(pkg.page).to.contain('<meta name="referrer" content="no-referrer" />');
    const launch = await lmsLaunch({ kind: 'tincan', auId: pkg.activityId });
    const token = launch.auth!.replace(/^Basic /, '');
    const { handle, win } = await launchAu(auAddress(MODEL, 'xapi', pkg.launch, launch.query));
    expect(win.location.href, 'the credential left the address bar').to.not.contain('auth=');
    expect(win.location.search).to.equal('');
    expect(handle.context).to.deep.include({ kind: 'xapi', mode: 'normal', masteryScore: 0.6 });
    expect(handle.context.learner.id).to.equal('learner-4711');
    expect(handle.context.resume).to.equal(undefined);

    const half = await playAnswers(handle.runtime, pkg.model, 0, 12);
    await handle.runtime.finish('suspended');
    const first = await lmsLog(launch.key);
    expect(first.accepted.map(verbOf)).to.deep.equal(['initialized', ...Array(12).fill('answered'), 'suspended', 'terminated']);
    expect(first.accepted.every((s) => s.context?.registration === launch.registration && (s.verb.id.endsWith('answered') || s.object.id === launch.activityId))).to.equal(true);
    expect(((await lmsDocuments(launch.registration))[PROGRESS_STATE_ID] as { progress: unknown }).progress).to.deep.equal(half);
    for (const [where, text] of Object.entries({ sessionStorage: JSON.stringify({ ...sessionStorage }), localStorage: JSON.stringify({ ...localStorage }), url: win.location.href, dom: win.document.documentElement.outerHTML })) {
      expect(text, where).to.not.contain(token);
    }

    // The LMS launches the same registration again: the learner continues where they stopped.
    const second = await lmsLaunch({ kind: 'tincan', auId: pkg.activityId, registration: launch.registration });
    const again = await launchAu(auAddress(MODEL, 'xapi', pkg.launch, second.query));
    expect(again.handle.context.resume).to.deep.equal(half);
    const rest = await playAnswers(again.handle.runtime, pkg.model, 12, pkg.model.items.length);
    await playCompletion(again.handle.runtime, pkg.model, rest);
    await again.handle.runtime.finish('finished');
    const log = await lmsLog(second.key);
    const verbs = log.accepted.map(verbOf);
    expect(verbs.slice(0, 2)).to.deep.equal(['initialized', 'resumed']);
    expect(verbs.at(-1)).to.equal('terminated');
    expect(verbs).to.include.members(['completed', 'assessed', 'planned']);
    expect(verbs.filter((v) => v === 'passed' || v === 'failed')).to.have.length(1);
    const completed = log.accepted.find((s) => verbOf(s) === 'completed' && s.object.id === second.activityId)!;
    expect(completed.result?.score?.scaled, 'plain xAPI carries the score on completed').to.be.a('number');
    const sequence = log.accepted.filter((s) => verbOf(s) === 'answered').map((s) => s.context!.extensions![SEQUENCE]);
    expect(sequence).to.deep.equal(Array.from({ length: pkg.model.items.length - 12 }, (_, i) => i + 13));
    const stored = await lrsStatements(launch.registration);
    expect(new Set(stored.map((s) => s.id)).size).to.equal(first.accepted.length + log.accepted.length);
    expect(profileViolations(await profileTemplates(), stored), 'what the LRS stored fits the Pathway profile').to.deep.equal([]);
  });

  it('a reload has no credential left: the page says to relaunch from the LMS, and the progress is kept', async function () {
    this.timeout(120_000);
    const pkg = await fetchTincan(MODEL);
    const launch = await lmsLaunch({ kind: 'tincan', auId: pkg.activityId });
    const { frame, handle } = await launchAu(auAddress(MODEL, 'xapi', pkg.launch, launch.query));
    const saved = await playAnswers(handle.runtime, pkg.model, 0, 5);
    await waitFor('the answers to arrive', async () => (await lmsLog(launch.key)).accepted.length >= 6);
    let message = '';
    try {
      await reload(frame);
    } catch (error) {
      message = String(error);
    }
    expect(message).to.match(/must be opened from your LMS or LRS: the launch address lacks endpoint, actor\. If you reloaded the page, open the activity again/);
    expect(((await lmsDocuments(launch.registration))[PROGRESS_STATE_ID] as { progress: unknown }).progress).to.deep.equal(saved);
    const outside = await launchError(`/__pathway/packages/${MODEL}/xapi/index.html`);
    expect(outside.message).to.match(/must be opened from your LMS or LRS/);
  });

  it('an LRS outage: statements wait on the device and arrive in order once it is back, terminated last', async function () {
    this.timeout(180_000);
    const pkg = await fetchTincan(MODEL);
    const launch = await lmsLaunch({ kind: 'tincan', auId: pkg.activityId });
    const { handle } = await launchAu(auAddress(MODEL, 'xapi', pkg.launch, launch.query));
    try {
      await lrsOutage(true);
      const progress = await playAnswers(handle.runtime, pkg.model, 0, pkg.model.items.length);
      await playCompletion(handle.runtime, pkg.model, progress);
      const finishing = handle.runtime.finish('finished');
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      // Only what the launch itself sent before the outage began may have landed (on a busy machine it can
      // still be in flight): nothing from the answers, the completion or the finish.
      const during = (await lmsLog(launch.key)).accepted.filter((s) => s.context?.registration === launch.registration).map(verbOf);
      expect(during.filter((v) => ['answered', 'assessed', 'completed', 'passed', 'failed', 'terminated'].includes(v)), 'nothing of the session got through during the outage').to.deep.equal([]);
      await lrsOutage(false);
      await finishing;
    } finally {
      await lrsOutage(false);
    }
    // The outbox is per endpoint and learner, so this launch first delivers whatever an earlier launch of
    // the same learner left on the device (the test before leaves some): this session is its registration.
    const accepted = (await lmsLog(launch.key)).accepted.filter((s) => s.context?.registration === launch.registration);
    const verbs = accepted.map(verbOf);
    expect(verbs[0]).to.equal('initialized');
    expect(verbs.at(-1)).to.equal('terminated');
    const sequence = accepted.filter((s) => verbOf(s) === 'answered').map((s) => s.context!.extensions![SEQUENCE]);
    expect(sequence).to.deep.equal(Array.from({ length: pkg.model.items.length }, (_, i) => i + 1));
    expect(handle.problems.filter((p) => !p.recoverable)).to.deep.equal([]);
    const stored = await lrsStatements(launch.registration);
    expect(stored.length).to.equal(accepted.length);
  });
});
