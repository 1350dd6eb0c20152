/**
 * The 360 loop through cmi5 packages, against the real LRS behind the test cmi5 LMS:
 * 1. Dana assesses herself in the cmi5 package, then her manager Mo rates her in the "rate a
 *    colleague" cmi5 package (whose statements have Mo as actor, as cmi5 requires, and name Dana in
 *    `person-rated` and as `context.team`); Dana's own fused view, read from the LRS as her page reads
 *    it, rests on her and her manager, and `pathway insights report` shows the same levels;
 * 2. Eve opts out of team insights in the cmi5 package (the profile's control, as on any page): the
 *    opt-out statement follows cmi5 and reaches the LRS, and the report leaves her out.
 */
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import type { PathwayAssessment } from '../../components/assessment/assessment.component.js';
import type { PathwayProfile } from '../../components/profile/profile.component.js';
import '../../components/profile/profile.js';
import { DANA, MO, testRequest } from '../../lms-packages/testing/rater-request.js';
import { EvidenceCollector, agentKey } from '../../src/insights/evidence/index.js';
import { fusedProfileOf } from '../../src/insights/lrs/person.js';
import type { PersonProfile } from '../../src/insights/types.js';
import type { Agent, Statement } from '../../src/tracking/types.js';
import { deepText } from '../support/deep-dom.js';
import { answerUntilResults } from '../support/element-learner.js';
import { auAddress, categoriesOf, fetchCmi5Package, launchAu, lmsLaunch, lmsLog, verbOf, waitFor } from './cmi5-harness.js';

const MODEL = 'tiny-model';
const LEFT = 'http://activitystrea.ms/schema/1.0/leave';
const CMI5_CATEGORY = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';

interface CliReport {
  report: { profiles: PersonProfile[]; report: unknown };
}

/** One cmi5 session through <pathway-assessment>: Start, every answer, then `beforeFinish`, then Finish and back to the LMS. */
async function session(model: string, au: { id: string; url: string; moveOn: string; launchParameters?: string }, actor: Agent, beforeFinish?: (el: PathwayAssessment, frame: HTMLIFrameElement) => Promise<void>): Promise<{ accepted: Statement[]; registration: string }> {
  const launch = await lmsLaunch({ auId: au.id, moveOn: au.moveOn, actor, ...(au.launchParameters ? { launchParameters: au.launchParameters } : {}) });
  const { win, frame } = await launchAu(auAddress(model, 'cmi5', au.url, launch.query));
  const el = await waitFor('the assessment element', () => win.document.querySelector<PathwayAssessment>('pathway-assessment') ?? undefined);
  const root = el.shadowRoot!;
  // A package without a role per AU asks for the roles first (the first role, no target).
  const first = await waitFor('the role choice or the introduction', () => root.querySelector('section.intro') ?? root.querySelector('select[name="current"]')?.closest('form') ?? undefined, 20_000);
  if (first.tagName === 'FORM') first.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  await waitFor('the introduction', () => root.querySelector('section.intro') ?? undefined, 20_000).catch((error: Error) => {
    throw new Error(`${error.message}; the page shows: ${deepText(win.document.body).slice(0, 500)}`);
  });
  root.querySelector<HTMLButtonElement>('.intro button.primary')!.click();
  await answerUntilResults(el);
  await beforeFinish?.(el, frame);
  const finish = await waitFor('the Finish button', () => root.querySelector<HTMLButtonElement>('section.results .nav button.primary') ?? undefined);
  finish.click();
  await waitFor('the AU to return to the LMS', async () => (await lmsLog(launch.key)).returned, 60_000);
  const log = await lmsLog(launch.key);
  expect(log.violations, 'no cmi5 rule broken').to.deep.equal([]);
  expect(log.refused).to.equal(0);
  return { accepted: log.accepted, registration: launch.registration };
}

describe('the 360 loop through cmi5 packages and the real LRS', () => {
  afterEach(() => {
    document.querySelectorAll('iframe').forEach((f) => f.remove());
    fixtureCleanup();
  });

  it('a manager\'s cmi5 rating reaches the learner\'s own fused view and pathway insights report', async function () {
    this.timeout(300_000);
    const own = await fetchCmi5Package(MODEL);
    const rating = await fetchCmi5Package(`${MODEL}~request`);
    const model = own.model;
    const dana: Agent = { objectType: 'Agent', name: 'Dana', account: DANA.account! };
    const mo: Agent = { objectType: 'Agent', name: 'Mo', account: MO.account! };
    await session(MODEL, own.aus[0]!, dana);
    const { accepted } = await session(`${MODEL}~request`, rating.aus[0]!, mo);
    const answers = accepted.filter((s) => verbOf(s) === 'answered');
    expect(answers.length).to.be.greaterThan(0);
    for (const s of answers) {
      expect(agentKey(s.actor), 'the launch actor (the rater)').to.equal(agentKey(mo));
      expect(s.context?.team?.member?.map(agentKey), 'the person rated as the team').to.deep.equal([agentKey(dana)]);
    }

    // Dana's page reads her statements as any page does: the agent filter, Dana's agent.
    const { lrs, auth } = (await executeServerCommand('pathway-cmi5-lrs')) as { lrs: string; auth: string };
    const { profile, skipped } = await fusedProfileOf(model, dana, { lrs: { endpoint: lrs, auth } });
    expect(skipped).to.deep.equal({});
    // Other test files may have rated Dana too (a peer): her own view and her manager's count in any case.
    expect(profile!.sources).to.include({ self: true, managers: 1 });
    // The same as reading every statement in the LRS, unfiltered, in memory.
    const everything = (await executeServerCommand('pathway-cmi5-statements', {})) as Statement[];
    const fromMemory = new EvidenceCollector(model).addAll(everything).profiles().profiles.find((p) => p.person.id === agentKey(dana))!;
    expect(profile!.results).to.deep.equal(fromMemory.results);
    expect(profile!.sources).to.deep.equal(fromMemory.sources);
    const view = await fixture<PathwayProfile>(html`<pathway-profile lang="en" .model=${model} .results=${profile!.results} .sources=${profile!.sources}></pathway-profile>`);
    await view.updateComplete;
    if (profile!.sources.peers === 0) expect(view.shadowRoot!.querySelector('[part="sources"] p')!.textContent).to.equal('Based on you and your manager.');
    else expect(view.shadowRoot!.querySelector('[part="sources"] p')!.textContent).to.contain('your manager');

    const { report } = (await executeServerCommand('pathway-cmi5-insights', { model: 'test/fixtures/tiny-model.json', requests: [testRequest(model)] })) as CliReport;
    const fromCli = report.profiles.find((p) => p.person.id === agentKey(dana))!;
    expect(fromCli, 'Dana is in the report').to.exist;
    expect(fromCli.sources).to.deep.equal(profile!.sources);
    expect(fromCli.results).to.deep.equal(profile!.results);
  });

  it('the learner opts out in the cmi5 package: a cmi5-allowed opt-out reaches the LRS and the report leaves her out', async function () {
    this.timeout(240_000);
    const pkg = await fetchCmi5Package(MODEL);
    const eve: Agent = { objectType: 'Agent', name: 'Eve', account: { homePage: 'https://lms.example.com', name: `eve-${Date.now()}` } };
    const { accepted } = await session(MODEL, pkg.aus[0]!, eve, async (el, frame) => {
      const profile = await waitFor('the profile', () => el.shadowRoot!.querySelector<PathwayProfile>('pathway-profile') ?? undefined);
      const leave = await waitFor('the opt-out control', () => profile.shadowRoot!.querySelector<HTMLButtonElement>('[part="consent"] button') ?? undefined, 20_000);
      expect(leave.textContent!.trim()).to.equal('Leave team insights');
      leave.click();
      await waitFor('the control to say Eve is out', () => (profile.shadowRoot!.querySelector('[part="consent"] button')!.textContent!.trim() === 'Count me in again' ? true : undefined));
      // For a person to look at: the package's results with the control, at phone and desktop widths.
      for (const width of [320, 375, 1280]) {
        await setViewport({ width, height: 900 });
        frame.style.width = `${width}px`;
        await new Promise((resolve) => setTimeout(resolve, 200));
        frame.style.height = `${frame.contentDocument!.documentElement.scrollHeight}px`;
        profile.shadowRoot!.querySelector('[part="consent"]')!.scrollIntoView({ block: 'center' });
        await executeServerCommand('pathway-screenshot', { name: `cmi5-consent-${width}`, fullPage: false });
      }
    });
    const left = accepted.filter((s) => s.verb.id === LEFT);
    expect(left, 'one opt-out statement').to.have.length(1);
    expect(agentKey(left[0]!.actor)).to.equal(agentKey(eve));
    expect(categoriesOf(left[0]!), 'cmi5 allowed: no cmi5 category').to.not.include(CMI5_CATEGORY);
    expect(verbOf(accepted.at(-1)!), 'terminated still last').to.equal('terminated');
    const { report } = (await executeServerCommand('pathway-cmi5-insights', { model: 'test/fixtures/tiny-model.json' })) as CliReport;
    expect(report.profiles.map((p) => p.person.id)).to.not.include(agentKey(eve));
    expect(JSON.stringify(report.report)).to.not.contain(eve.account!.name);
  });
});
