/**
 * "Rate a colleague" packages end to end in Chromium (`pathway package --rater-request`, served as
 * `/__pathway/packages/<model>~request/…` for the request of lms-packages/testing/rater-request.ts):
 * - SCORM 1.2 and 2004 under scorm-again: the request arrives as `cmi.launch_data` (1.2: the
 *   package's request.json it names), the manager Mo is found by his learner id, the element asks
 *   about Dana, and Mo's LMS record gets completion and his answers — no score, no pass or fail, no
 *   competency objectives (those would describe Dana as if they were Mo's);
 * - cmi5 under the test cmi5 LMS in front of the real LRS: the request arrives as the AU's
 *   launchParameters, every statement keeps the launch actor (the peer) and registration as cmi5
 *   requires, the person rated is in `person-rated`, the request in `request`; no cmi5 rule broken;
 *   the evidence reader counts the answers for Dana, from the peer.
 * Always through <pathway-assessment>, as the rater does it.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { PathwayAssessment } from '../../components/assessment/assessment.component.js';
import { EvidenceCollector, agentKey } from '../../src/insights/evidence/index.js';
import { DANA, testRequest } from '../../lms-packages/testing/rater-request.js';
import { strictViolations } from '../../lms-packages/testing/scorm-strict.js';
import { deepText } from '../support/deep-dom.js';
import { answerUntilResults } from '../support/element-learner.js';
import { type Cmi, fetchPackage, get, installLms, launchSco, uninstallLms, versionOf } from './scorm-harness.js';
import { auAddress, categoriesOf, fetchCmi5Package, launchAu, lmsLaunch, lmsLog, verbOf, waitFor } from './cmi5-harness.js';

const MODEL = 'tiny-model';
const PERSON_RATED = 'https://pathway.example/xapi/profile/extensions/person-rated';
const REQUEST = 'https://pathway.example/xapi/profile/extensions/request';
const RATER = 'https://pathway.example/xapi/profile/extensions/rater';

/** Starts, answers every item and presses Finish, as the rater does. */
async function rate(el: PathwayAssessment): Promise<void> {
  const root = el.shadowRoot!;
  await waitUntil(() => root.querySelector('section.intro'), 'the introduction', { timeout: 20_000 });
  expect(root.querySelector('section.intro')!.textContent).to.contain('You are rating Dana');
  root.querySelector<HTMLButtonElement>('.intro button.primary')!.click();
  await answerUntilResults(el);
  const finish = await waitFor('the Finish button', () => root.querySelector<HTMLButtonElement>('section.results .nav button.primary') ?? undefined);
  finish.click();
}

for (const format of ['scorm12', 'scorm2004'] as const) {
  describe(`${format} "rate a colleague" package in scorm-again`, () => {
    afterEach(() => {
      document.querySelectorAll('iframe').forEach((f) => f.remove());
      uninstallLms();
    });

    it('reads the request from cmi.launch_data, asks Mo about Dana, and records completion and answers only', async function () {
      this.timeout(180_000);
      const pkg = await fetchPackage(`${MODEL}~request`, format);
      const request = testRequest(pkg.model);
      // What the LMS hands over is what the manifest says (the LMS copies datafromlms into launch_data).
      const manifestData = pkg.manifest.getElementsByTagNameNS(format === 'scorm12' ? 'http://www.adlnet.org/xsd/adlcp_rootv1p2' : 'http://www.adlnet.org/xsd/adlcp_v1p3', format === 'scorm12' ? 'datafromlms' : 'dataFromLMS')[0]!.textContent!;
      expect(new URLSearchParams(manifestData).get('pathway-request-file') ?? JSON.stringify(JSON.parse(atob(new URLSearchParams(manifestData).get('pathway-request')!.replace(/-/g, '+').replace(/_/g, '/'))))).to.equal(format === 'scorm12' ? 'request.json' : JSON.stringify(request));
      const seed: Cmi = format === 'scorm12' ? { launch_data: manifestData, core: { student_id: 'mo', student_name: 'Mo, Manager' } } : { launch_data: manifestData, learner_id: 'mo', learner_name: 'Mo Manager' };
      const lms = installLms(format, seed);
      expect(String(get(lms.cmi(), 'launch_data'))).to.equal(manifestData);
      const { handle, win } = await launchSco(`/__pathway/packages/${MODEL}~request/${format}/${pkg.scoHref}`);
      expect(handle.context.request?.kind).to.equal('manager');
      expect(handle.context.request?.index).to.equal(0);
      expect(handle.context.request?.request).to.deep.equal(request);
      const el = await waitFor('the assessment element', () => win.document.querySelector<PathwayAssessment>('pathway-assessment') ?? undefined);
      await rate(el);
      await waitFor('the session to end', () => (handle.runtime as unknown as { state: string }).state === 'terminated' || undefined);

      expect(strictViolations(versionOf(format), lms.recorder.sets())).to.deep.equal([]);
      const cmi = lms.cmi();
      expect(Object.keys((get(cmi, 'interactions') as Cmi) ?? {}).length, 'the rater\'s answers').to.be.greaterThan(0);
      expect(Object.keys((get(cmi, 'objectives') as Cmi) ?? {}), 'no competency objectives for the rater').to.have.length(0);
      const written = lms.recorder.sets().map((s) => s.element);
      expect(written.filter((e) => /score|success_status/.test(e)), 'no score and no pass or fail').to.deep.equal([]);
      if (format === 'scorm12') expect(get(cmi, 'core.lesson_status')).to.equal('completed');
      else expect(get(cmi, 'completion_status')).to.equal('completed');
      expect(deepText(win.document.body)).to.not.contain('undefined');
    });
  });
}

describe('cmi5 "rate a colleague" package, launched by the cmi5 LMS in front of the real LRS', () => {
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it('the request is the AU\'s launchParameters; statements keep the launch actor and registration; the reader counts them for Dana', async function () {
    this.timeout(240_000);
    const pkg = await fetchCmi5Package(`${MODEL}~request`);
    expect(pkg.aus).to.have.length(1);
    const au = pkg.aus[0]!;
    expect(au.moveOn).to.equal('Completed');
    expect(au.masteryScore).to.equal(undefined);
    expect(au.launchParameters).to.match(/^pathway-request=/);
    const peer = { objectType: 'Agent' as const, name: 'Pat Peer', account: { homePage: 'https://lms.example.com', name: 'pat' } };
    const launch = await lmsLaunch({ auId: au.id, moveOn: au.moveOn, launchParameters: au.launchParameters!, actor: peer });
    const { handle, win } = await launchAu(auAddress(`${MODEL}~request`, 'cmi5', au.url, launch.query));
    // Pat is not named in the request: the first unnamed place, a peer.
    expect(handle.context.request?.kind).to.equal('peer');
    const el = await waitFor('the assessment element', () => win.document.querySelector<PathwayAssessment>('pathway-assessment') ?? undefined);
    await rate(el);
    await waitFor('the AU to return to the LMS', async () => (await lmsLog(launch.key)).returned);

    const log = await lmsLog(launch.key);
    expect(log.violations, 'no cmi5 rule broken').to.deep.equal([]);
    expect(log.refused).to.equal(0);
    const accepted = log.accepted;
    const verbs = accepted.filter((s) => categoriesOf(s).includes('https://w3id.org/xapi/cmi5/context/categories/cmi5')).map(verbOf);
    expect(verbs, 'completed, never passed or failed: the rater is not judged').to.deep.equal(['initialized', 'completed', 'terminated']);
    expect(accepted.some((s) => verbOf(s) === 'assessed' || verbOf(s) === 'planned'), 'no results that would read as Pat\'s own').to.equal(false);
    for (const s of accepted) {
      expect(agentKey(s.actor), 'the launch actor on every statement').to.equal(agentKey(peer));
      expect(s.context?.registration).to.equal(launch.registration);
      expect(s.context?.extensions?.[REQUEST]).to.deep.equal({ id: testRequest(pkg.model).id, rater: 1 });
    }
    const answers = accepted.filter((s) => verbOf(s) === 'answered');
    expect(answers.length).to.be.greaterThan(0);
    for (const s of answers) {
      expect(s.context?.extensions?.[RATER]).to.equal('peer');
      expect(agentKey(s.context?.extensions?.[PERSON_RATED])).to.equal(agentKey(DANA));
    }
    const { profiles, skipped } = new EvidenceCollector(pkg.model).addAll(accepted.map((s) => ({ ...s, stored: s.timestamp }))).profiles();
    expect(skipped).to.deep.equal({});
    expect(profiles.map((p) => p.person.id)).to.deep.equal([agentKey(DANA)]);
    expect(profiles[0]!.sources).to.deep.equal({ self: false, managers: 0, peers: 1 });
  });
});
