/**
 * Fault test for <pathway-assessment> with `lrs` set: the learner answers by clicking while the LRS
 * (the real one, behind the fault proxy of test/lrs/wtr-plugin.mjs) answers 500s, a captive portal's
 * HTML page with 200, loses answers after storing, resets, then goes away; the page is left and opened
 * again during the outage (a new element, the same learner). Every answer reaches the LRS exactly once
 * when it is back, progress is kept, and the learner is told while it is away.
 */
import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { PathwayAssessment } from '../../components/assessment/assessment.component.js';
import '../../components/assessment/assessment.js';
import type { Model } from '../../src/model/types.js';
import type { Statement } from '../../src/tracking/types.js';
import { randomUuid } from '../../src/tracking/uuid.js';
import type { FaultPlan, FaultStats } from '../lrs/fault-proxy.mjs';
import { answerShownItem, answerUntilResults } from '../support/element-learner.js';

interface Endpoints {
  lrs: string;
  proxy: string;
  auth: string;
}

const SEQUENCE = 'https://pathway.example/xapi/profile/extensions/sequence';
const verb = (s: Statement) => s.verb.id.split('/').pop()!;
const faults = (plan: FaultPlan) => executeServerCommand('pathway-xapi-faults', { plan });
const stats = () => executeServerCommand('pathway-xapi-stats') as Promise<FaultStats>;

/** The network is back, as the browser says it (the queue sends at once instead of after its pause). */
const online = () => window.dispatchEvent(new Event('online'));

describe('<pathway-assessment> with an LRS that fails', () => {
  beforeEach(
    () =>
      new Promise<void>((resolve) => {
        const request = indexedDB.deleteDatabase('pathway');
        request.onsuccess = request.onerror = request.onblocked = () => resolve();
      }),
  );
  afterEach(async () => {
    await faults({});
    fixtureCleanup();
  });

  it('500s, portal pages, lost answers, an outage and the page opened again during it: every answer once, progress kept, the learner told', async function () {
    this.timeout(120_000);
    const { proxy, auth } = (await executeServerCommand('pathway-xapi-start')) as Endpoints;
    const model = (await (await fetch('/test/fixtures/tiny-model.json')).json()) as Model;
    const actor = { mbox: `mailto:${randomUuid()}@example.com` };
    const mount = async () => {
      const el = await fixture<PathwayAssessment>(html`<pathway-assessment current-role="member" lang="en"></pathway-assessment>`);
      el.lrs = { endpoint: proxy, auth, actor };
      el.model = model;
      await waitUntil(() => el.shadowRoot!.querySelector('section.intro'), 'the introduction', { timeout: 10_000 });
      return el;
    };
    const shownItem = (el: PathwayAssessment) => el.shadowRoot!.querySelector('form.item')?.textContent ?? '';

    const script = ['serverError', 'garbage', 'errorAfterStore', 'reset', 'garbage', 'lostResponse'] as const;
    await faults({ script: [...script] });
    const first = await mount();
    first.shadowRoot!.querySelector<HTMLButtonElement>('.intro button.primary')!.click();
    await waitUntil(() => first.shadowRoot!.querySelector('form.item'), 'the first item', { timeout: 10_000 });
    await answerShownItem(first);
    await answerShownItem(first);
    await waitUntil(
      async () => {
        online();
        return Object.values((await stats()).faults).reduce((a, b) => a + b, 0) >= script.length;
      },
      'every scripted fault met',
      { timeout: 30_000, interval: 500 },
    );

    // The LRS goes away: the learner answers on and is told, then leaves the page.
    await faults({ offline: true });
    await answerShownItem(first);
    await answerShownItem(first);
    const where = shownItem(first);
    await waitUntil(() => first.shadowRoot!.querySelector('.notice'), 'the learner is told the LRS cannot be reached', { timeout: 20_000 });
    const told = first.shadowRoot!.querySelector('.notice')!.textContent!;
    expect(told).to.match(/cannot be reached.*kept on this device/);
    fixtureCleanup();

    // Opened again while the LRS is still away: the element continues where the learner was.
    const second = await mount();
    const resume = second.shadowRoot!.querySelector<HTMLButtonElement>('.intro button.primary')!;
    expect(resume.textContent?.trim()).to.equal('Continue where you left off');
    resume.click();
    await waitUntil(() => shownItem(second) === where, 'the item the learner was on', { timeout: 10_000 });

    // The LRS is back: the rest of the assessment, and everything arrives once.
    await faults({});
    online();
    const rest = await answerUntilResults(second);
    const total = 4 + rest;
    let stored: Statement[] = [];
    await waitUntil(
      async () => {
        online();
        stored = (await executeServerCommand('pathway-xapi-statements', { agent: actor })) as Statement[];
        return stored.filter((s) => verb(s) === 'answered').length >= total && stored.some((s) => verb(s) === 'completed');
      },
      'every answer in the LRS',
      { timeout: 40_000, interval: 500 },
    );
    expect(new Set(stored.map((s) => s.id)).size, 'no statement twice').to.equal(stored.length);
    const sequence = stored.filter((s) => verb(s) === 'answered').map((s) => s.context!.extensions![SEQUENCE] as number);
    expect(sequence.sort((a, b) => a - b), 'each answer once').to.deep.equal(Array.from({ length: total }, (_, i) => i + 1));
  });
});
