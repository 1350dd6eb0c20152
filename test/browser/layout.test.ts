// Every view of every element, at 320, 375 and 1280 px: the page never scrolls sideways, axe finds
// nothing, and a screenshot of each view is kept in test/screenshots/ to be looked at.
import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import type { PathwayAssessment } from '../../components/assessment/assessment.component.js';
import type { PathwayProfile } from '../../components/profile/profile.component.js';
import '../../components/index.js';
import '../../components/assessment/assessment.js';
import '../../components/model-summary/model-summary.js';
import type { Model } from '../../src/model/types.js';
import { answerShownItem, forgetSavedProgress } from '../support/element-learner.js';

const WIDTHS = [320, 375, 1280] as const;

async function loadModel(name: string): Promise<Model> {
  return (await (await fetch(`/demo/models/${name}.json`)).json()) as Model;
}


/** How far the document is wider than the window (0 when nothing scrolls sideways). */
function overflow(doc: Document = document): number {
  return doc.documentElement.scrollWidth - doc.documentElement.clientWidth;
}

/** At each width: no sideways scrolling, and (optionally) a screenshot named `<name>-<width>`. */
async function checkWidths(name: string, options: { screenshot?: boolean; settle?: () => Promise<unknown> } = {}): Promise<void> {
  for (const width of WIDTHS) {
    await setViewport({ width, height: 900 });
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    await options.settle?.();
    expect(overflow(), `${name} at ${width} px: the page is ${overflow()} px wider than the window`).to.equal(0);
    if (options.screenshot !== false) await executeServerCommand('pathway-screenshot', { name: `${name}-${width}` });
  }
}

function shadow(el: Element): ShadowRoot {
  return el.shadowRoot!;
}

describe('layout of every view at 320, 375 and 1280 px', () => {
  before(() => {
    document.body.style.margin = '8px';
  });
  beforeEach(forgetSavedProgress);
  afterEach(() => fixtureCleanup());

  it('the assessment: role picker, introduction, each kind of question, results (chart and table)', async function () {
    this.timeout(240_000);
    const model = await loadModel('people-leader');
    const el = await fixture<PathwayAssessment>(html`<pathway-assessment lang="en"></pathway-assessment>`);
    el.model = model;
    const root = shadow(el);
    await waitUntil(() => root.querySelector('form.setup'), 'the role picker', { timeout: 10_000 });
    await checkWidths('assessment-setup');
    await expect(el).to.be.accessible();
    root.querySelector<HTMLButtonElement>('form.setup button[type="submit"]')!.click();
    await waitUntil(() => root.querySelector('section.intro'), 'the introduction');
    await checkWidths('assessment-intro');
    await expect(el).to.be.accessible();
    root.querySelector<HTMLButtonElement>('section.intro button.primary')!.click();
    const seen = new Set<string>();
    for (let guard = 0; guard < 100; guard++) {
      await waitUntil(() => root.querySelector('form.item, section.results'), 'an item or the results', { timeout: 10_000 });
      if (!root.querySelector('form.item')) break;
      const kind = root.querySelector('form.item')!.getAttribute('data-kind')!;
      await checkWidths(`assessment-item-${kind}`, { screenshot: !seen.has(kind) });
      if (!seen.has(kind)) await expect(el).to.be.accessible();
      seen.add(kind);
      await answerShownItem(el);
    }
    await waitUntil(() => root.querySelector('section.results pathway-plan'), 'the results', { timeout: 10_000 });
    const profile = root.querySelector<PathwayProfile>('pathway-profile')!;
    const plan = root.querySelector('pathway-plan')!;
    await profile.updateComplete;
    await checkWidths('assessment-results');
    await expect(el).to.be.accessible();
    shadow(profile).querySelector<HTMLButtonElement>('.head button')!.click();
    await profile.updateComplete;
    await checkWidths('assessment-results-table');
    expect(getComputedStyle(shadow(profile).querySelector('.chart')!).display, 'the chart is hidden when the table is shown').to.equal('none');
    await expect(el).to.be.accessible();
    expect(shadow(plan).querySelectorAll('ol.steps li').length).to.be.greaterThan(0);
  });

  it('the profile and the plan on their own, the model summary, and an error view', async function () {
    this.timeout(60_000);
    const model = await loadModel('software-engineer');
    const summary = await fixture(html`<pathway-model-summary lang="en" .model=${model}></pathway-model-summary>`);
    await waitUntil(() => shadow(summary).textContent?.includes('Competencies'), 'the summary');
    await checkWidths('model-summary');
    await expect(summary).to.be.accessible();
    fixtureCleanup();
    const broken = { ...model, competencies: [{ id: 'a-very-long-competency-identifier-that-does-not-wrap-on-its-own-at-all' }] };
    const invalid = await fixture(html`<pathway-model-summary lang="en" .model=${broken}></pathway-model-summary>`);
    await waitUntil(() => shadow(invalid).querySelector('[part="problems"], .error-view'), 'the problems');
    await checkWidths('model-summary-invalid');
    await expect(invalid).to.be.accessible();
  });

  it('the demo page', async function () {
    this.timeout(60_000);
    for (const width of WIDTHS) {
      const frame = document.createElement('iframe');
      frame.style.cssText = `width:${width}px;height:900px;border:0;display:block`;
      frame.src = '/demo/index.html?model=people-leader&lang=en&theme=light';
      document.body.append(frame);
      await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
      const doc = frame.contentDocument!;
      await waitUntil(() => doc.querySelector('pathway-plan')?.shadowRoot?.querySelector('ol.steps li'), 'the sample plan', { timeout: 10_000 });
      await waitUntil(() => doc.querySelector('pathway-profile')?.shadowRoot?.querySelector('.chart .row'), 'the sample profile');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(overflow(doc), `the demo at ${width} px: ${overflow(doc)} px too wide`).to.equal(0);
      frame.remove();
    }
  });
});
