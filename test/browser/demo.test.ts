// The demo page (what `npm start` serves): every element renders for every sample model, and the
// language and theme switches reach them.
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import type { Model } from '../../src/model/types.js';
import { deepText, plainText } from '../support/deep-dom.js';

async function openDemo(query: string): Promise<Document> {
  const frame = document.createElement('iframe');
  frame.style.width = '1280px';
  frame.style.height = '900px';
  frame.src = `/demo/index.html?${query}`;
  document.body.append(frame);
  await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  return frame.contentDocument!;
}

function shadowText(doc: Document, selector: string): string {
  return doc.querySelector(selector)?.shadowRoot?.textContent ?? '';
}

describe('demo page', () => {
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  for (const model of ['people-leader', 'customer-success', 'software-engineer']) {
    it(`shows the assessment, a sample profile and plan, and the model summary for ${model}`, async () => {
      const doc = await openDemo(`model=${model}&lang=en&theme=light`);
      await waitUntil(() => doc.querySelector('pathway-assessment')?.shadowRoot?.querySelector('form.setup, section.intro'), 'assessment ready', { timeout: 10_000 });
      await waitUntil(() => doc.querySelector('pathway-plan')?.shadowRoot?.querySelector('ol.steps li'), 'sample plan', { timeout: 10_000 });
      await waitUntil(() => doc.querySelector('pathway-profile')?.shadowRoot?.querySelector('.chart .row'), 'sample profile');
      const data = (await (await fetch(`/demo/models/${model}.json`)).json()) as Model;
      await waitUntil(() => shadowText(doc, 'pathway-model-summary').includes('Competencies'), 'summary');
      // The sample's own content, in each element: its title and roles in the summary, modules of this
      // model in the plan, one profile row per assessed competency.
      const summary = deepText(doc.querySelector('pathway-model-summary')!);
      expect(summary, 'summary').to.contain(plainText(data.title));
      for (const r of data.roles) expect(summary, 'summary').to.contain(plainText(r.title));
      const moduleTitles = data.modules.map((m) => plainText(m.title));
      const planText = deepText(doc.querySelector('pathway-plan')!);
      expect(moduleTitles.filter((t) => planText.includes(t)).length, 'plan steps are modules of this model').to.be.greaterThan(0);
      const profile = doc.querySelector('pathway-profile')!;
      expect(profile.shadowRoot!.querySelectorAll('.chart .row:not(.axis)').length).to.equal((profile as unknown as { results: { competencies: unknown[] } }).results.competencies.length);
    });
  }

  it('switches language and theme for every element', async () => {
    const doc = await openDemo('model=people-leader&lang=de&theme=dark');
    await waitUntil(() => doc.querySelector('pathway-plan')?.shadowRoot?.querySelector('h2')?.textContent === 'Entwicklungspfad für Sam (Beispielperson)', 'German plan', { timeout: 10_000 });
    await waitUntil(() => doc.querySelector('pathway-profile')?.shadowRoot?.querySelector('h2')?.textContent === 'Kompetenzprofil von Sam (Beispielperson)', 'German profile');
    for (const tag of ['pathway-assessment', 'pathway-profile', 'pathway-plan', 'pathway-model-summary']) {
      expect(doc.querySelector(tag)!.getAttribute('theme'), tag).to.equal('dark');
    }
    const surface = getComputedStyle(doc.querySelector('pathway-plan')!).backgroundColor;
    expect(surface).to.equal('rgb(13, 17, 23)');
    await setViewport({ width: 1280, height: 900 });
    await executeServerCommand('pathway-screenshot', { name: 'demo-dark-de' });
  });

  it('offers only the languages a model is written in', async () => {
    const doc = await openDemo('model=software-engineer&lang=fr&theme=light');
    await waitUntil(() => doc.querySelector('pathway-assessment')?.shadowRoot?.querySelector('form.setup, section.intro'), 'assessment ready', { timeout: 10_000 });
    const offered = [...doc.querySelectorAll<HTMLOptionElement>('#lang option')].filter((o) => !o.disabled).map((o) => o.value);
    expect(offered).to.deep.equal(['en']);
    expect(doc.querySelector<HTMLSelectElement>('#lang')!.value).to.equal('en');
    const withGerman = await openDemo('model=people-leader&lang=de&theme=light');
    await waitUntil(() => withGerman.querySelector('pathway-assessment')?.shadowRoot?.querySelector('form.setup, section.intro'), 'assessment ready', { timeout: 10_000 });
    expect([...withGerman.querySelectorAll<HTMLOptionElement>('#lang option')].filter((o) => !o.disabled).map((o) => o.value)).to.deep.equal(['en', 'de']);
  });
});
