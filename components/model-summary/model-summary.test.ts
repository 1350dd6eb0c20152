import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { deepText, plainText } from '../../test/support/deep-dom.js';
import type { Model } from '../../src/model/types.js';
import type { PathwayErrorDetail } from '../shared/events.js';
import { PathwayModelSummary } from './model-summary.component.js';
import './model-summary.js';

const validModel = {
  format: 'pathway-model/1',
  id: 'https://example.org/models/tiny',
  version: '1.0.0',
  title: { en: 'Tiny model', de: 'Kleines Modell' },
  language: 'en',
  languages: ['en', 'de'],
  scale: { levels: [1, 2, 3].map((level) => ({ level, label: `L${level}`, meaning: `Level ${level}` })) },
  competencies: [{ id: 'listening', title: 'Listening', description: 'Hears people out.', indicators: [1, 2, 3].map((level) => ({ level, text: `Listens at ${level}` })) }],
  roles: [{ id: 'lead', title: 'Lead', requirements: [{ competency: 'listening', level: 2 }] }],
  items: [{ id: 'l1', type: 'frequency', competency: 'listening', stem: 'How often do you summarise what you heard?', level: 2 }],
  modules: [{ id: 'm1', kind: 'practice', title: 'Practice', minutes: 30, develops: [{ competency: 'listening', to: 3 }], why: 'w', what: 'w', how: 'h' }],
};

describe('<pathway-model-summary>', () => {
  it('shows the summary of a valid model and fires pathway-ready', async () => {
    const el = await fixture<PathwayModelSummary>(html`<pathway-model-summary lang="de"></pathway-model-summary>`);
    const ready = oneEvent(el, 'pathway-ready');
    el.model = validModel;
    const event = await ready;
    await el.updateComplete;
    expect(event.detail.model.id).to.equal('https://example.org/models/tiny');
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.equal('Kleines Modell');
    expect(el.validModel?.id).to.equal(validModel.id);
    await expect(el).to.be.accessible();
  });

  it('renders every problem with its path and fires pathway-error for an invalid model', async () => {
    const el = await fixture<PathwayModelSummary>(html`<pathway-model-summary></pathway-model-summary>`);
    const failed = oneEvent(el, 'pathway-error');
    el.model = { ...validModel, roles: [{ id: 'lead', title: 'Lead', requirements: [{ competency: 'listen', level: 2 }] }] };
    const event = (await failed) as CustomEvent<PathwayErrorDetail>;
    await el.updateComplete;
    expect(event.detail.source).to.equal('model');
    expect(event.detail.message).to.contain('roles[0].requirements[0].competency');
    const text = el.shadowRoot!.textContent!;
    expect(text).to.contain('roles[0].requirements[0].competency');
    expect(text).to.contain('did you mean "listening"');
    expect(el.shadowRoot!.querySelector('[role="alert"]')).to.exist;
  });

  it('says the problems in the page\'s language: unknown ids in German, a missing file in French', async () => {
    const de = await fixture<PathwayModelSummary>(html`<pathway-model-summary lang="de"></pathway-model-summary>`);
    const failed = oneEvent(de, 'pathway-error');
    de.model = { ...validModel, roles: [{ id: 'lead', title: 'Lead', requirements: [{ competency: 'listen', level: 2 }] }] };
    await failed;
    await waitUntil(() => de.shadowRoot!.textContent!.includes('Fehler'), 'German chrome', { timeout: 5000 });
    expect(de.shadowRoot!.querySelector('li')!.textContent!.replace(/\s+/g, ' ')).to.contain('roles[0].requirements[0].competency: verweist auf eine unbekannte ID (Kompetenz) „listen“ (meinten Sie „listening“?)');
    const fr = await fixture<PathwayModelSummary>(html`<pathway-model-summary lang="fr" src="/test/fixtures/no-such-model.json"></pathway-model-summary>`);
    await waitUntil(() => /le serveur a répondu 404/.test(fr.shadowRoot!.textContent!), `French: ${fr.shadowRoot!.textContent}`, { timeout: 5000 });
    expect(fr.shadowRoot!.textContent).not.to.contain('could not be loaded');
  });

  it('loads a sample model from src', async () => {
    const el = await fixture<PathwayModelSummary>(html`<pathway-model-summary src="/test/fixtures/tiny-model.json"></pathway-model-summary>`);
    if (!el.validModel) await oneEvent(el, 'pathway-ready');
    await el.updateComplete;
    // What the file says, not only the element's own labels: its title, version, roles and counts.
    const model = (await (await fetch('/test/fixtures/tiny-model.json')).json()) as Model;
    const text = deepText(el);
    expect(text).to.contain(plainText(model.title));
    expect(text).to.contain(`version ${model.version}`);
    for (const { title } of model.roles) expect(text).to.contain(plainText(title));
    expect(text).to.match(new RegExp(`Items ${model.items.length} \\(`));
    expect(text).to.match(new RegExp(`Modules ${model.modules.length} \\(`));
  });

  it('says which URL failed and how when the model cannot be fetched', async () => {
    const el = await fixture<PathwayModelSummary>(html`<pathway-model-summary></pathway-model-summary>`);
    const failed = oneEvent(el, 'pathway-error');
    el.src = '/does/not/exist.json';
    const event = (await failed) as CustomEvent<PathwayErrorDetail>;
    await el.updateComplete;
    expect(event.detail.message).to.contain('/does/not/exist.json');
    expect(event.detail.message).to.contain('404');
    expect(el.shadowRoot!.textContent).to.contain('404');
  });

  it('never executes model text as HTML', async () => {
    const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const el = await fixture<PathwayModelSummary>(html`<pathway-model-summary></pathway-model-summary>`);
    const ready = oneEvent(el, 'pathway-ready');
    el.model = { ...validModel, title: payload, description: payload };
    await ready;
    await el.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.equal(payload);
  });

  it('registers through a guarded define that tolerates a second copy', async () => {
    const { defineElement } = await import('../shared/define.js');
    class Other extends HTMLElement {}
    expect(() => defineElement('pathway-model-summary', Other)).not.to.throw();
    expect(customElements.get('pathway-model-summary')).to.equal(PathwayModelSummary);
  });
});
