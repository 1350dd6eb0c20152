/**
 * The learner opts out of team insights in the cmi5 package, with the profile's control as on any page:
 * the opt-out statement follows cmi5 ("cmi5 allowed", the launch actor, before terminated) and reaches
 * the real LRS behind the test cmi5 LMS, and `pathway insights report` leaves her out. Screenshots of
 * the control in the package at 320, 375 and 1280 px go to test/screenshots/cmi5-consent-*.png.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import type { PathwayProfile } from '../../components/profile/profile.component.js';
import { agentKey } from '../../src/insights/evidence/index.js';
import type { Agent } from '../../src/tracking/types.js';
import { categoriesOf, fetchCmi5Package, verbOf, waitFor } from './cmi5-harness.js';
import { insightsReport, session } from './cmi5-session.js';

const MODEL = 'tiny-model';
const LEFT = 'http://activitystrea.ms/schema/1.0/leave';
const CMI5_CATEGORY = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';

describe('opting out of team insights in a cmi5 package, against the real LRS', () => {
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

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
    const { report } = await insightsReport({ model: 'test/fixtures/tiny-model.json' });
    expect(report.profiles.map((p) => p.person.id)).to.not.include(agentKey(eve));
    expect(JSON.stringify(report.report)).to.not.contain(eve.account!.name);
  });
});
