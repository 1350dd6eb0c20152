import { aTimeout, expect, fixture, fixtureCleanup, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys, setViewport } from '@web/test-runner-commands';
import { validateModel } from '../../src/model/load.js';
import { compileModel } from '../../src/assessment/compile.js';
import { stampModel } from '../../src/model/stamp.js';
import type { Model } from '../../src/model/types.js';
import type { PathwayErrorDetail } from '../shared/events.js';
import { PathwayAssessment } from './assessment.component.js';
import './assessment.js';
import { answerUntilResults, forgetSavedProgress, indexedDbText, radioGroups } from '../../test/support/element-learner.js';
import { deepQueryAll, deepText } from '../../test/support/deep-dom.js';

const MODELS = ['people-leader', 'customer-success', 'software-engineer'] as const;

async function loadModel(name: string): Promise<Model> {
  const response = await fetch(name.includes('/') ? name : `/demo/models/${name}.json`);
  return (await response.json()) as Model;
}

function shadow(el: PathwayAssessment): ShadowRoot {
  return el.shadowRoot!;
}


async function screenshot(name: string): Promise<void> {
  await executeServerCommand('pathway-screenshot', { name });
}

/** Waits for a view: 'setup' | 'intro' | 'item' | 'results' | 'error'. */
async function view(el: PathwayAssessment, name: string): Promise<void> {
  const selector = { setup: 'form.setup', intro: 'section.intro', item: 'form.item', results: 'section.results', error: '.error-view[role="alert"]' }[name]!;
  await waitUntil(() => shadow(el).querySelector(selector), `view ${name} did not appear`, { timeout: 5000 });
  await el.updateComplete;
}

async function mount(model: Model, attributes: { role?: string; target?: string; rater?: string; subject?: string } = {}): Promise<PathwayAssessment> {
  const el = await fixture<PathwayAssessment>(html`<pathway-assessment
    current-role=${attributes.role ?? ''}
    target-role=${attributes.target ?? ''}
    rater=${attributes.rater ?? 'self'}
    subject=${attributes.subject ?? ''}
    lang="en"
  ></pathway-assessment>`);
  el.model = model;
  return el;
}

/** Presses Tab until `target` (in the element's shadow root) has focus. */
async function tabTo(el: PathwayAssessment, target: (active: Element | null) => boolean, what: string): Promise<void> {
  const root = shadow(el);
  for (let guard = 0; !target(root.activeElement) && guard < 60; guard++) await sendKeys({ press: 'Tab' });
  expect(target(root.activeElement), `Tab reached ${what}`).to.equal(true);
}

/**
 * Answers the current item with the keyboard only: Tab into each radio group (one tab stop each),
 * arrow keys to choose (a different option in each group, so "most" and "least" differ), type the
 * evidence, Tab to Next and press Enter.
 */
async function answerWithKeyboard(el: PathwayAssessment): Promise<void> {
  const root = shadow(el);
  const textarea = root.querySelector<HTMLTextAreaElement>('form.item textarea');
  if (textarea) {
    await tabTo(el, (a) => a === textarea, 'the evidence field');
    await sendKeys({ type: 'I ran the retro for my team last week: https://wiki.example/retro' });
  }
  for (const [index, radios] of radioGroups(root).entries()) {
    await tabTo(el, (a) => radios.includes(a as HTMLInputElement), `radio group ${index + 1}`);
    for (let press = 0; press <= index % Math.max(1, radios.length - 1); press++) await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
  }
  await tabTo(el, (a) => a?.matches('button.primary') ?? false, 'the Next button');
  await sendKeys({ press: 'Enter' });
  await el.updateComplete;
}

/** Relative luminance and contrast ratio (WCAG 2.x) of two rgb() colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0']).slice(0, 3).map((v) => Number(v) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('<pathway-assessment>', () => {
  beforeEach(async () => {
    await forgetSavedProgress();
    await setViewport({ width: 1280, height: 900 });
  });
  afterEach(() => fixtureCleanup());

  it('shows a role picker when no role is given, defaulting the target to the next role', async () => {
    const model = await loadModel('people-leader');
    const el = await mount(model);
    await view(el, 'setup');
    const current = shadow(el).querySelector<HTMLSelectElement>('select[name="current"]')!;
    const target = shadow(el).querySelector<HTMLSelectElement>('select[name="target"]')!;
    expect([...current.options].map((o) => o.value)).to.deep.equal(model.roles.map((r) => r.id));
    expect(target.value).to.equal(model.roles[0]!.next ?? '');
    await expect(el).to.be.accessible();
    await screenshot('assessment-setup-1280');
    shadow(el).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await view(el, 'intro');
    await expect(el).to.be.accessible();
    await screenshot('assessment-intro-1280');
  });

  it('role picker: the top role has no target, lower roles are never offered as targets, Enter on Continue moves focus on', async () => {
    const model = await loadModel('people-leader');
    const el = await mount(model);
    await view(el, 'setup');
    const root = shadow(el);
    const current = () => root.querySelector<HTMLSelectElement>('select[name="current"]')!;
    const target = () => root.querySelector<HTMLSelectElement>('select[name="target"]')!;
    const top = model.roles.find((r) => !r.next && model.roles.some((o) => o.next === r.id))!;
    current().value = top.id;
    current().dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(target().value, 'the top role aims for nothing by default').to.equal('');
    const below = model.roles.filter((r) => r.next === top.id).map((r) => r.id);
    for (const option of target().options) expect(below, `a role below ${top.id} offered as target`).to.not.include(option.value);
    target().focus();
    root.querySelector<HTMLButtonElement>('form.setup button[type="submit"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await view(el, 'intro');
    await waitUntil(() => root.activeElement?.id === 'intro-heading', 'focus on the introduction heading', { timeout: 2000 });
    expect(root.querySelector('section.intro')!.textContent).to.not.contain('(next)');
  });

  it('a lower target role is ignored and a mistyped current role is said on screen, not only in an event', async () => {
    const model = await loadModel('people-leader');
    const errors: string[] = [];
    const lower = model.roles[0]!;
    const upper = model.roles.find((r) => r.id === lower.next)!;
    const el = await fixture<PathwayAssessment>(html`<pathway-assessment lang="en" current-role=${upper.id} target-role=${lower.id} @pathway-error=${(e: CustomEvent<PathwayErrorDetail>) => errors.push(e.detail.message)}></pathway-assessment>`);
    el.model = model;
    await view(el, 'intro');
    const title = typeof lower.title === 'string' ? lower.title : (lower.title as Record<string, string>).en!;
    expect(shadow(el).querySelector('section.intro')!.textContent).to.not.contain(`${title} (next)`);
    expect(el.targetRole).to.not.equal(lower.id);
    expect(errors.join(' ')).to.contain('not above the current role');
    const typo = await fixture<PathwayAssessment>(html`<pathway-assessment lang="en" current-role="team-laed"></pathway-assessment>`);
    typo.model = model;
    await view(typo, 'setup');
    const alert = shadow(typo).querySelector('form.setup [role="alert"]');
    expect(alert?.textContent).to.contain('team-laed');
    await expect(typo).to.be.accessible();
  });

  it('says which language the questions are in when the model has none in the reader\'s language', async () => {
    const english = await loadModel('software-engineer');
    const german = await loadModel('people-leader');
    for (const [model, lang, expected] of [[english, 'fr', 'anglais'], [english, 'en', ''], [german, 'de', '']] as const) {
      const el = await fixture<PathwayAssessment>(html`<pathway-assessment lang=${lang} current-role=${model.roles[0]!.id}></pathway-assessment>`);
      el.model = model;
      await view(el, 'intro');
      await el.updateComplete;
      const note = shadow(el).querySelector('.content-language');
      if (expected) expect(note?.textContent, `${lang} on an English-only model`).to.contain(expected);
      else expect(note, `${lang} on ${model.id}`).to.equal(null);
      fixtureCleanup();
    }
  });

  it('moves a `role` attribute to current-role, so the host keeps a valid ARIA role', async () => {
    const el = await fixture<PathwayAssessment>(html`<pathway-assessment role="team-lead"></pathway-assessment>`);
    expect(el.currentRole).to.equal('team-lead');
    expect(el.hasAttribute('role')).to.equal(false);
  });

  for (const name of MODELS) {
    it(`is answered from start to pathway with the keyboard only (${name})`, async function () {
      this.timeout(120_000);
      const model = await loadModel(name);
      const role = model.roles[0]!;
      const el = await mount(model, { role: role.id });
      await view(el, 'intro');
      const answers: CustomEvent[] = [];
      el.addEventListener('pathway-answer', (e) => answers.push(e as CustomEvent));
      const complete = oneEvent(el, 'pathway-complete');
      shadow(el).querySelector<HTMLButtonElement>('.intro button.primary')!.focus();
      await sendKeys({ press: 'Enter' });
      await view(el, 'item');
      for (let guard = 0; guard < 120; guard++) {
        await view(el, 'item');
        await waitUntil(() => shadow(el).activeElement?.id === 'item-heading', 'focus moved to the question heading', { timeout: 2000 });
        const before = el.state;
        await answerWithKeyboard(el);
        await waitUntil(() => el.state !== before || shadow(el).querySelector('#item-error'), 'answer handled', { timeout: 3000 });
        expect(shadow(el).querySelector('#item-error'), 'the answer was accepted').to.equal(null);
        if (!shadow(el).querySelector('form.item')) break;
      }
      const { detail } = await complete;
      expect(answers.length).to.be.greaterThan(0);
      expect(detail.results.itemsAnswered).to.equal(answers.length);
      expect(detail.results.currentRole).to.equal(role.id);
      expect(detail.plan.steps.length).to.be.greaterThan(0);
      await view(el, 'results');
      expect(el.results).to.equal(detail.results);
      expect(el.plan?.steps.length).to.equal(detail.plan.steps.length);
      const plan = shadow(el).querySelector('pathway-plan')!;
      const profile = shadow(el).querySelector('pathway-profile')!;
      await waitUntil(() => plan.shadowRoot?.querySelector('ol.steps') && profile.shadowRoot?.querySelector('.chart'));
      await expect(el).to.be.accessible();
    });
  }

  it('resumes after a reload at the same item with the same answers', async () => {
    const model = await loadModel('software-engineer');
    let el = await mount(model, { role: model.roles[1]!.id });
    await view(el, 'intro');
    shadow(el).querySelector<HTMLButtonElement>('.intro button.primary')!.click();
    for (let i = 0; i < 4; i++) {
      await view(el, 'item');
      await answerWithKeyboard(el);
    }
    await view(el, 'item');
    const stateBefore = el.state!;
    const headingBefore = shadow(el).querySelector('legend')?.textContent;
    // "Reload": a new element for the same model and rater on a fresh page state.
    fixtureCleanup();
    await aTimeout(50);
    el = await mount(model);
    await view(el, 'intro');
    const resume = [...shadow(el).querySelectorAll<HTMLButtonElement>('.intro button')].find((b) => b.textContent?.includes('Continue'));
    expect(resume, 'a "continue where you left off" button').to.exist;
    resume!.click();
    await view(el, 'item');
    expect(el.state).to.equal(stateBefore);
    expect(shadow(el).querySelector('legend')?.textContent).to.equal(headingBefore);
    // Going back shows the previous answer selected.
    shadow(el).querySelector<HTMLButtonElement>('.nav button:not(.primary)')!.click();
    await el.updateComplete;
    expect(shadow(el).querySelector<HTMLInputElement>('input[type="radio"]:checked'), 'previous answer shown').to.exist;
  });

  it('reopens a finished assessment on its results after a reload, not on "continue where you left off"', async () => {
    const model = await loadModel('/test/fixtures/tiny-model.json');
    let el = await mount(model, { role: 'member' });
    await view(el, 'intro');
    shadow(el).querySelector<HTMLButtonElement>('.intro button.primary')!.click();
    await answerUntilResults(el);
    const results = el.results!;
    await waitUntil(async () => (await indexedDbText()).includes('"location":"results"'), 'the results saved', { timeout: 10_000 });
    fixtureCleanup();
    el = await mount(model, { role: 'member' });
    await view(el, 'results');
    expect(shadow(el).querySelector('section.intro')).to.equal(null);
    expect(el.results!.itemsAnswered).to.equal(results.itemsAnswered);
  });

  it('shows a focus ring with at least 3:1 contrast on keyboard focus, in light and dark themes', async () => {
    const model = await loadModel('/test/fixtures/tiny-model.json');
    for (const theme of ['light', 'dark']) {
      await forgetSavedProgress();
      const el = await mount(model, { role: 'member' });
      el.setAttribute('theme', theme);
      await view(el, 'intro');
      shadow(el).querySelector<HTMLButtonElement>('.intro button.primary')!.click();
      await view(el, 'item');
      await tabTo(el, (a) => a?.matches('input[type="radio"]') ?? false, 'a radio');
      const option = shadow(el).activeElement!.closest('label.option')!;
      const ring = getComputedStyle(option);
      expect(ring.outlineStyle, `${theme}: outline on the focused option`).to.equal('solid');
      expect(parseFloat(ring.outlineWidth)).to.be.at.least(2);
      const background = getComputedStyle(shadow(el).querySelector('.base')!).backgroundColor;
      const surface = background === 'rgba(0, 0, 0, 0)' ? getComputedStyle(el).backgroundColor : background;
      expect(contrast(ring.outlineColor, surface), `${theme}: focus ring contrast`).to.be.at.least(3);
      fixtureCleanup();
    }
  });

  it('lets a manager rate someone: observer wording, "not observed", and results about that person', async function () {
    this.timeout(60_000);
    const model = await loadModel('people-leader');
    const el = await mount(model, { role: model.roles[0]!.id, rater: 'manager', subject: 'Sam Okafor' });
    await view(el, 'intro');
    expect(shadow(el).querySelector('.intro .lead')!.textContent).to.contain('Sam Okafor');
    shadow(el).querySelector<HTMLButtonElement>('.intro button.primary')!.click();
    await view(el, 'item');
    const itemId = el.state && (el as unknown as { session: { next(): { itemId: string } } }).session.next().itemId;
    const item = model.items.find((i) => i.id === itemId)!;
    expect(['frequency', 'anchored', 'evidence'], 'managers are asked observable behaviour or evidence').to.include(item.type);
    if (item.type === 'frequency' || item.type === 'anchored') {
      const observer = item.observerStem as Record<string, string> | string;
      expect(shadow(el).querySelector('legend')!.textContent).to.equal(typeof observer === 'string' ? observer : observer.en);
      expect(shadow(el).querySelector('label.option.na')!.textContent).to.contain('Not observed');
    }
    for (let guard = 0; guard < 60 && shadow(el).querySelector('form.item'); guard++) {
      const na = shadow(el).querySelector<HTMLInputElement>('label.option.na input');
      (na ?? shadow(el).querySelector<HTMLInputElement>('form.item input[type="radio"]'))!.click();
      await el.updateComplete;
      const before = el.state;
      shadow(el).querySelector<HTMLButtonElement>('form.item button.primary')!.click();
      await waitUntil(() => el.state !== before, 'answer accepted', { timeout: 3000 });
      await waitUntil(() => shadow(el).querySelector('form.item, section.results'), 'next view', { timeout: 5000 });
    }
    await view(el, 'results');
    expect(el.results!.rater).to.equal('manager');
    expect(shadow(el).querySelector('#results-heading')!.textContent).to.equal('Results for Sam Okafor');
    const profile = shadow(el).querySelector('pathway-profile')!;
    await waitUntil(() => profile.shadowRoot?.querySelector('h2')?.textContent === 'Competency profile of Sam Okafor', 'profile about Sam');
  });

  it('does not advance on select and explains a missing answer next to the question', async () => {
    const model = await loadModel('/test/fixtures/tiny-model.json');
    const el = await mount(model, { role: 'member' });
    await view(el, 'intro');
    shadow(el).querySelector<HTMLButtonElement>('.intro button.primary')!.click();
    await view(el, 'item');
    const before = el.state;
    shadow(el).querySelector<HTMLInputElement>('input[type="radio"]')!.click();
    await el.updateComplete;
    expect(el.state, 'selecting does not answer').to.equal(before);
    // Submit with nothing chosen on the next question.
    shadow(el).querySelector<HTMLButtonElement>('button.primary')!.click();
    await el.updateComplete;
    await view(el, 'item');
    shadow(el).querySelector<HTMLButtonElement>('button.primary')!.click();
    await el.updateComplete;
    const error = shadow(el).querySelector('#item-error');
    expect(error?.textContent).to.match(/\w/);
    expect(shadow(el).querySelector('fieldset')!.getAttribute('aria-describedby')).to.equal('item-error');
  });

  it('shows "rate each option" as a compact grid and "most / least" with each option once', async () => {
    const model = await loadModel('people-leader');
    for (const format of ['rate-each', 'most-least'] as const) {
      await forgetSavedProgress();
      const item = model.items.find((i) => i.type === 'situational' && i.format === format)! as Extract<Model['items'][number], { type: 'situational' }>;
      const el = await mount({ ...model, items: [item], assessment: { mode: 'fixed' } }, { role: model.roles[0]!.id });
      await view(el, 'intro');
      shadow(el).querySelector<HTMLButtonElement>('.intro button.primary')!.click();
      await view(el, 'item');
      const form = shadow(el).querySelector<HTMLElement>('form.item')!;
      for (const option of item.options) {
        const text = typeof option.text === 'string' ? option.text : (option.text as Record<string, string>).en!;
        expect(form.textContent!.split(text).length - 1, `"${text.slice(0, 30)}…" shown once`).to.equal(1);
      }
      const groups = radioGroups(shadow(el));
      expect(groups.length).to.equal(format === 'rate-each' ? item.options.length : 2);
      for (const radios of groups) for (const radio of radios) expect(radio.labels?.[0] ?? radio.getAttribute('aria-labelledby'), 'every radio labelled').to.exist;
      // 25 full-width rows were 1,934 px tall; the grid fits in well under half of that.
      if (format === 'rate-each') expect(form.getBoundingClientRect().height).to.be.below(900);
      await expect(el).to.be.accessible();
      fixtureCleanup();
    }
  });

  it('names every radio group in the accessibility tree, for every item type', async function () {
    this.timeout(60_000);
    const model = await loadModel('people-leader');
    const types = ['frequency', 'anchored', 'situational', 'evidence', 'forced-choice'];
    for (const type of types) {
      const items = model.items.filter((i) => i.type === type);
      for (const item of type === 'situational' ? items.filter((i, n) => items.findIndex((j) => j.type === 'situational' && (j as { format: string }).format === (i as { format: string }).format) === n) : items.slice(0, 1)) {
        await forgetSavedProgress();
        const single: Model = { ...model, items: [item], assessment: { mode: 'fixed' } };
        const el = await mount(single, { role: model.roles[0]!.id });
        await view(el, 'intro');
        shadow(el).querySelector<HTMLButtonElement>('.intro button.primary')!.click();
        await view(el, 'item');
        await expect(el).to.be.accessible();
        const tree = (await executeServerCommand('pathway-ax-tree', {})) as AxNode;
        const groups = collect(tree, (n) => n.role === 'group' && hasRadio(n));
        expect(groups.length, `${item.id}: radio groups in the tree`).to.be.greaterThan(0);
        for (const group of groups) expect(group.name, `${item.id}: group name`).to.match(/\S/);
        const radios = collect(tree, (n) => n.role === 'radio');
        for (const radio of radios) expect(radio.name, `${item.id}: radio name`).to.match(/\S/);
        await screenshot(`assessment-item-${type}${item.type === 'situational' ? `-${item.format}` : ''}-1280`);
        await setViewport({ width: 320, height: 800 });
        await el.updateComplete;
        expect(document.documentElement.scrollWidth, 'no horizontal scrolling at 320 px').to.be.at.most(320);
        // WCAG 2.5.8: every target at least 24×24 CSS px (radios count with their label, which is the target).
        for (const target of shadow(el).querySelectorAll<HTMLElement>('label.option, button, textarea')) {
          const box = target.getBoundingClientRect();
          expect(Math.min(box.width, box.height), `target size of ${target.tagName.toLowerCase()} "${target.textContent?.trim().slice(0, 30)}"`).to.be.at.least(24);
        }
        await screenshot(`assessment-item-${type}${item.type === 'situational' ? `-${item.format}` : ''}-320`);
        await setViewport({ width: 1280, height: 900 });
        fixtureCleanup();
      }
    }
  });

  it('renders a specific error for an unreachable or invalid model and fires pathway-error', async () => {
    const el = await fixture<PathwayAssessment>(html`<pathway-assessment></pathway-assessment>`);
    const failed = oneEvent(el, 'pathway-error');
    el.src = '/demo/models/missing.json';
    const event = (await failed) as CustomEvent<PathwayErrorDetail>;
    expect(event.detail.message).to.contain('404');
    await view(el, 'error');
    expect(shadow(el).textContent).to.contain('/demo/models/missing.json');
    await expect(el).to.be.accessible();
    await screenshot('assessment-error-1280');

    const broken = await fixture<PathwayAssessment>(html`<pathway-assessment></pathway-assessment>`);
    const invalid = oneEvent(broken, 'pathway-error');
    broken.model = { ...(await loadModel('people-leader')), roles: [] };
    const detail = ((await invalid) as CustomEvent<PathwayErrorDetail>).detail;
    expect(detail.problems?.[0]?.path).to.equal('roles');
    await view(broken, 'error');
    expect(shadow(broken).textContent).to.contain('roles');
  });

  it('trusts a stamped model, and validates a stamped model edited by hand in full, with the same clear errors', async () => {
    const stamped = stampModel(await loadModel('people-leader'));
    const ok = await mount(stamped, { role: stamped.roles[0]!.id });
    await view(ok, 'intro');

    // A hand edit after stamping: an item now names a competency that does not exist.
    const edited = structuredClone(stamped);
    edited.items[0]!.competency = 'no-such-competency';
    const expected = validateModel(structuredClone(edited));
    expect(expected.ok).to.equal(false);
    for (const give of ['model', 'src'] as const) {
      const el = await fixture<PathwayAssessment>(html`<pathway-assessment lang="en"></pathway-assessment>`);
      const failed = oneEvent(el, 'pathway-error');
      if (give === 'model') el.model = edited;
      else el.src = `data:application/json,${encodeURIComponent(JSON.stringify(edited, null, 2))}`;
      const detail = ((await failed) as CustomEvent<PathwayErrorDetail>).detail;
      expect(detail.problems, give).to.deep.equal(expected.problems);
      await view(el, 'error');
      expect(shadow(el).textContent).to.contain('no-such-competency');
    }
  });

  it('shows a compiled model’s first question before the engine has loaded, and records an answer given at once', async () => {
    const model = compileModel(await loadModel('software-engineer'));
    const role = model.roles.find((r) => r.next)!;
    const el = await mount(model, { role: role.id });
    await view(el, 'intro');
    shadow(el).querySelector<HTMLButtonElement>('.intro button.primary')!.click();
    await el.updateComplete;
    // In the same task as the click: no engine yet, but the question is there.
    expect(el.state, 'no session yet').to.equal(undefined);
    const first = shadow(el).querySelector('form.item');
    expect(first, 'first question').to.not.equal(null);
    const heading = shadow(el).querySelector('#item-heading')!.textContent!;
    for (const group of shadow(el).querySelectorAll('form.item fieldset')) group.querySelector<HTMLInputElement>('input[type="radio"]')!.click();
    const textarea = shadow(el).querySelector<HTMLTextAreaElement>('form.item textarea');
    if (textarea) {
      textarea.value = 'I did it last week';
      textarea.dispatchEvent(new Event('input'));
    }
    await el.updateComplete;
    shadow(el).querySelector<HTMLButtonElement>('form.item button.primary')!.click();
    await waitUntil(() => el.state !== undefined && shadow(el).querySelector('#item-heading')?.textContent !== heading, 'the answer was recorded', { timeout: 5000 });
    expect(JSON.parse(JSON.stringify(el.state)).length).to.be.greaterThan(0);
    expect(shadow(el).querySelector('#item-heading')!.textContent).to.contain('2');
  });

  it('never executes model text as HTML, and shows it as text', async () => {
    const payloads = ['<img src=x onerror="window.__pwned=1">', '<script>window.__pwned=2</script>', '"><svg onload="window.__pwned=3">'];
    const model = await loadModel('/test/fixtures/tiny-model.json');
    const poisoned: Model = JSON.parse(JSON.stringify(model, (key, value) => (typeof value === 'string' && ['title', 'stem', 'text', 'scenario', 'description', 'label', 'purpose'].includes(key) ? `${value} ${payloads.join(' ')}` : value)));
    poisoned.intro = { purpose: payloads.join(' '), privacy: payloads.join(' ') };
    const el = await mount(poisoned, { role: 'member' });
    await view(el, 'intro');
    // The payloads are on screen as text (escaped), in whichever shadow root renders them.
    expect(deepText(el), 'the purpose is shown as text').to.contain(payloads.join(' '));
    shadow(el).querySelector<HTMLButtonElement>('.intro button.primary')!.click();
    await view(el, 'item');
    let itemsSeen = 0;
    for (let i = 0; i < 10 && shadow(el).querySelector('form.item'); i++) {
      expect(deepText(el), `item ${i + 1} shows its text with the payloads as text`).to.contain(payloads[0]);
      expect(deepQueryAll(el.shadowRoot!, 'img, script, svg[onload], [onerror], [onload]'), `item ${i + 1}`).to.deep.equal([]);
      itemsSeen++;
      const before = el.state;
      await answerWithKeyboard(el);
      await waitUntil(() => el.state !== before, 'answer accepted', { timeout: 3000 });
      await waitUntil(() => shadow(el).querySelector('form.item, section.results'), 'next view', { timeout: 5000 });
    }
    expect(itemsSeen).to.be.greaterThan(0);
    await view(el, 'results');
    // Positive signal before "nothing ran": a broken image added on purpose fires its onerror, so one
    // rendered from model text would have fired by now too.
    const control = document.createElement('img');
    control.onerror = () => ((window as unknown as { __control?: number }).__control = 1);
    control.src = 'data:image/png;base64,broken';
    document.body.append(control);
    await waitUntil(() => (window as unknown as { __control?: number }).__control === 1, 'the control image fails to load', { timeout: 5000 });
    control.remove();
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
    expect(deepQueryAll(el.shadowRoot!, 'img, script, svg[onload], [onerror], [onload]')).to.deep.equal([]);
    expect(deepText(el), 'competency titles on the results are shown as text').to.contain(payloads[1]);
  });
});

interface AxNode {
  role: string;
  name?: string;
  children?: AxNode[];
}

function collect(node: AxNode, test: (n: AxNode) => boolean, out: AxNode[] = []): AxNode[] {
  if (test(node)) out.push(node);
  for (const child of node.children ?? []) collect(child, test, out);
  return out;
}

function hasRadio(node: AxNode): boolean {
  return (node.children ?? []).some((c) => c.role === 'radio' || hasRadio(c));
}

describe('<pathway-assessment> results summary', () => {
  beforeEach(async () => {
    await forgetSavedProgress();
    await setViewport({ width: 1280, height: 900 });
  });
  afterEach(() => fixtureCleanup());

  const NOT_YET_SURE = { en: 'not yet sure', de: 'noch nicht sicher', fr: 'pas encore sûr' } as const;
  for (const lang of ['en', 'de', 'fr'] as const) {
    it(`counts met, below and not yet sure for the current and the target role (${lang})`, async function () {
      this.timeout(30_000);
      const base = await loadModel('software-engineer');
      // A short assessment with strict thresholds leaves requirements between them.
      const model: Model = { ...base, assessment: { ...base.assessment, maxItems: 4, decision: { meets: 0.97, below: 0.03 } } };
      // Each language its own saved-progress scope: a finished run reopens on its results, and the
      // previous run's store may still be open (deleting it is then blocked).
      const el = await fixture<PathwayAssessment>(html`<pathway-assessment current-role=${model.roles[0]!.id} lang=${lang} subject=${`summary-${lang}`}></pathway-assessment>`);
      el.model = model;
      await view(el, 'intro');
      shadow(el).querySelector<HTMLButtonElement>('.intro button.primary')!.click();
      for (let guard = 0; guard < 10; guard++) {
        await waitUntil(() => shadow(el).querySelector('form.item, section.results'), 'next view', { timeout: 5000 });
        const form = shadow(el).querySelector('form.item');
        if (!form) break;
        const textarea = form.querySelector('textarea');
        if (textarea) {
          textarea.value = 'A work sample';
          textarea.dispatchEvent(new Event('input', { bubbles: true }));
        }
        radioGroups(shadow(el)).forEach((radios, i) => radios[Math.min(i + 1, radios.length - 1)]!.click());
        await el.updateComplete;
        const before = el.state;
        form.querySelector<HTMLButtonElement>('button.primary')!.click();
        await waitUntil(() => el.state !== before || shadow(el).querySelector('section.results'), 'answered', { timeout: 3000 });
      }
      await view(el, 'results');
      const results = el.results!;
      const leads = (): string[] => [...shadow(el).querySelectorAll('section.results > p.lead')].map((p) => p.textContent ?? '');
      await waitUntil(() => leads().length === 2 && leads()[0]!.includes(NOT_YET_SURE[lang]), `summary in ${lang}`, { timeout: 5000 });
      for (const [slot, text] of [['current', leads()[0]!], ['target', leads()[1]!]] as const) {
        const counts = results.decisions[slot]!;
        expect(counts.unsure).to.be.greaterThan(0);
        expect(text).to.contain(NOT_YET_SURE[lang]);
        // The counts in the order the sentence names them: met, of total, below, not yet sure.
        const numbers = (text.match(/\d+/g) ?? []).map(Number);
        expect(numbers).to.deep.equal([counts.meets, counts.meets + counts.below + counts.unsure, counts.below, counts.unsure]);
      }
      if (lang === 'de') {
        for (const width of [320, 375, 1280]) {
          await setViewport({ width, height: 900 });
          await screenshot(`results-summary-de-${width}`);
        }
      }
    });
  }
});
