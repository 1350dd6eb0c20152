/**
 * The 360 loop through cmi5 packages, against the real LRS behind the test cmi5 LMS: Dana assesses
 * herself in the cmi5 package, then her manager Mo rates her in the "rate a colleague" cmi5 package
 * (whose statements have Mo as actor, as cmi5 requires, and name Dana in `person-rated` and as
 * `context.team`); Dana's own fused view, read from the LRS as her page reads it, rests on her and her
 * manager, and `pathway insights report` shows the same levels. (The opt-out: cmi5-consent.test.ts.)
 */
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { PathwayProfile } from '../../components/profile/profile.component.js';
import '../../components/profile/profile.js';
import { DANA, MO, testRequest } from '../../lms-packages/testing/rater-request.js';
import { EvidenceCollector, agentKey } from '../../src/insights/evidence/index.js';
import { fusedProfileOf } from '../../src/insights/lrs/person.js';
import type { Agent, Statement } from '../../src/tracking/types.js';
import { fetchCmi5Package, verbOf } from './cmi5-harness.js';
import { insightsReport, session } from './cmi5-session.js';

const MODEL = 'tiny-model';

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

    const { report } = await insightsReport({ model: 'test/fixtures/tiny-model.json', requests: [testRequest(model)] });
    const fromCli = report.profiles.find((p) => p.person.id === agentKey(dana))!;
    expect(fromCli, 'Dana is in the report').to.exist;
    expect(fromCli.sources).to.deep.equal(profile!.sources);
    expect(fromCli.results).to.deep.equal(profile!.results);
  });
});
