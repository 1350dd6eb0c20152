/**
 * The 360 round trip in Chromium against the real LRS (xapi-statements on loopback):
 * 1. Dana takes <pathway-assessment> as the learner, sending to the LRS;
 * 2. her manager and three peers (four different agents) answer one rater request, each on their own
 *    page with their own LRS actor (the request link's parameters → `element.request`);
 * 3. Dana's profile page reads her statements back from the LRS and shows the fused view
 *    ("Based on you, your manager, and 3 peers");
 * 4. `pathway insights sync --lrs` (the real CLI) reads the same LRS into DuckDB and
 *    `pathway insights report --requests` shows the same levels, and the request as answered.
 */
import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { PathwayAssessment } from '../../components/assessment/assessment.component.js';
import '../../components/assessment/assessment.js';
import type { PathwayProfile } from '../../components/profile/profile.component.js';
import '../../components/profile/profile.js';
import { agentKey } from '../../src/insights/evidence/index.js';
import { fusedProfileOf } from '../../src/insights/lrs/person.js';
import type { Model } from '../../src/model/types.js';
import type { PersonProfile } from '../../src/insights/types.js';
import { createRaterRequest, readRequestParameters, requestLink, requestRegistration } from '../../src/tracking/request.js';
import type { Agent, Statement } from '../../src/tracking/types.js';
import { randomUuid } from '../../src/tracking/uuid.js';
import { answerUntilResults, forgetSavedProgress } from '../support/element-learner.js';


/** One person's page: start, answer every item, Finish; resolves when `arrived` says the LRS has the end of the attempt. */
async function takePart(el: PathwayAssessment, arrived: () => Promise<boolean>): Promise<void> {
  const root = el.shadowRoot!;
  await waitUntil(() => root.querySelector('section.intro'), 'the introduction', { timeout: 20_000 });
  root.querySelector<HTMLButtonElement>('.intro button.primary')!.click();
  await answerUntilResults(el);
  // A page of its own has no Finish (an LMS launch has): the results are sent when they are shown.
  root.querySelector<HTMLButtonElement>('section.results .nav button.primary')?.click();
  await waitUntil(arrived, 'the attempt reached the LRS', { timeout: 30_000, interval: 250 });
}

/** The LRS endpoints; the first call starts the LRS, which under load can outlast one command's 20 s. */
async function startLrs(): Promise<{ lrs: string; auth: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await executeServerCommand('pathway-xapi-start')) as { lrs: string; auth: string };
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

const completed = async (registration: string): Promise<boolean> =>
  ((await executeServerCommand('pathway-xapi-statements', { registration })) as Statement[]).some((s) => s.verb.id.endsWith('/completed'));

describe('the 360 round trip through the real LRS', () => {
  afterEach(() => fixtureCleanup());

  it('learner, manager and three peers → the learner\'s fused view → pathway insights report shows the same levels', async function () {
    this.timeout(170_000);
    const { lrs, auth } = await startLrs();
    const model = (await (await fetch('/test/fixtures/tiny-model.json')).json()) as Model;
    const run = randomUuid().slice(0, 8);
    const agent = (name: string): Agent => ({ objectType: 'Agent', name, account: { homePage: 'https://lms.example.com', name: `${name.toLowerCase()}-${run}` } });
    const dana = agent('Dana');
    const raters = [agent('Mo'), agent('Pia'), agent('Pete'), agent('Paz')];
    const role = model.roles[0]!.id;

    // 1. Dana, the learner.
    await forgetSavedProgress();
    const learner = await fixture<PathwayAssessment>(html`<pathway-assessment lang="en" current-role=${role} .model=${model} .lrs=${{ endpoint: lrs, auth, actor: dana }}></pathway-assessment>`);
    // The learner's registration is made on her page: her attempt is found by her agent.
    await takePart(learner, async () => {
      const mine = (await executeServerCommand('pathway-xapi-statements', { agent: { objectType: 'Agent', account: dana.account } })) as Statement[];
      return mine.some((s) => s.verb.id.endsWith('/completed'));
    });
    fixtureCleanup();

    // 2. One request, four raters, each on their own page (a link each: no credential in it).
    const request = createRaterRequest(model, {
      person: dana,
      personName: 'Dana',
      currentRole: role,
      raters: [{ kind: 'manager', agent: raters[0]!, name: 'Mo' }, { kind: 'peer' }, { kind: 'peer' }, { kind: 'peer' }],
    });
    for (let i = 0; i < raters.length; i++) {
      const link = requestLink('https://intranet.example.com/rate.html', request, i);
      expect(link).to.not.match(/auth|endpoint|Basic/i);
      await forgetSavedProgress();
      const el = await fixture<PathwayAssessment>(
        html`<pathway-assessment lang="en" .model=${model} .request=${readRequestParameters(new URL(link).searchParams)} .lrs=${{ endpoint: lrs, auth, actor: raters[i]! }}></pathway-assessment>`,
      );
      await takePart(el, () => completed(requestRegistration(request, i)));
      fixtureCleanup();
    }

    // 3. Dana's profile page: her statements from the LRS, fused.
    const { profile, skipped } = await fusedProfileOf(model, dana, { lrs: { endpoint: lrs, auth } });
    expect(skipped).to.deep.equal({});
    expect(profile!.sources).to.deep.equal({ self: true, managers: 1, peers: 3 });
    const view = await fixture<PathwayProfile>(html`<pathway-profile lang="en" .model=${model} .results=${profile!.results} .sources=${profile!.sources}></pathway-profile>`);
    await view.updateComplete;
    expect(view.shadowRoot!.querySelector('[part="sources"] p')!.textContent).to.equal('Based on you, your manager, and 3 peers.');

    // 4. The real CLI against the same LRS: sync, then the report with the request's status.
    const { report } = (await executeServerCommand('pathway-xapi-insights', { model: 'test/fixtures/tiny-model.json', requests: [request] })) as {
      report: { profiles: PersonProfile[]; report: { requests?: { person: string; raters: { kind: string; answered: boolean }[] }[] } };
    };
    const fromCli = report.profiles.find((p) => p.person.id === agentKey(dana))!;
    expect(fromCli, 'Dana is in the report').to.exist;
    expect(fromCli.sources).to.deep.equal(profile!.sources);
    const levels = (p: PersonProfile) => p.results.competencies.map((c) => [c.competency, c.level, c.levelInterval90]);
    expect(levels(fromCli)).to.deep.equal(levels(profile!));
    expect(fromCli.results).to.deep.equal(profile!.results);
    const status = report.report.requests!.find((r) => r.person === agentKey(dana))!;
    expect(status.raters.map((r) => [r.kind, r.answered])).to.deep.equal([
      ['manager', true],
      ['peer', true],
      ['peer', true],
      ['peer', true],
    ]);
  });

  it('the learner opts out on her results: the statement reaches the LRS and the report leaves her out', async function () {
    this.timeout(170_000);
    const { lrs, auth } = await startLrs();
    const model = (await (await fetch('/test/fixtures/tiny-model.json')).json()) as Model;
    const dana: Agent = { objectType: 'Agent', name: 'Dana', account: { homePage: 'https://lms.example.com', name: `dana-out-${randomUuid().slice(0, 8)}` } };
    await forgetSavedProgress();
    const el = await fixture<PathwayAssessment>(html`<pathway-assessment lang="en" current-role=${model.roles[0]!.id} .model=${model} .lrs=${{ endpoint: lrs, auth, actor: dana }}></pathway-assessment>`);
    const mine = async () => (await executeServerCommand('pathway-xapi-statements', { agent: { objectType: 'Agent', account: dana.account } })) as Statement[];
    await takePart(el, async () => (await mine()).some((s) => s.verb.id.endsWith('/completed')));
    const profile = el.shadowRoot!.querySelector<PathwayProfile>('pathway-profile')!;
    await waitUntil(() => profile.shadowRoot!.querySelector('[part="consent"] button'), 'the opt-out control', { timeout: 10_000 });
    const leave = profile.shadowRoot!.querySelector<HTMLButtonElement>('[part="consent"] button')!;
    expect(leave.textContent!.trim()).to.equal('Leave team insights');
    leave.click();
    await waitUntil(async () => (await mine()).some((s) => s.verb.id === 'http://activitystrea.ms/schema/1.0/leave'), 'the opt-out reached the LRS', { timeout: 30_000, interval: 250 });
    const { profile: own } = await fusedProfileOf(model, dana, { lrs: { endpoint: lrs, auth } });
    expect(own!.optedOut, 'her own profile still shows her evidence, marked opted out').to.equal(true);
    const { report } = (await executeServerCommand('pathway-xapi-insights', { model: 'test/fixtures/tiny-model.json' })) as { report: { profiles: PersonProfile[]; report: unknown } };
    expect(report.profiles.map((p) => p.person.id)).to.not.include(agentKey(dana));
    expect(JSON.stringify(report.report)).to.not.contain(dana.account!.name);
  });
});
