import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { startAssessment } from '../../src/assessment/index.js';
import type { AssessmentResults } from '../../src/assessment/types.js';
import type { Model } from '../../src/model/types.js';
import { PathwayProfile } from './profile.component.js';
import './profile.js';

async function resultsFor(name: string, answer = 3): Promise<{ model: Model; results: AssessmentResults }> {
  const model = (await (await fetch(`/demo/models/${name}.json`)).json()) as Model;
  const session = startAssessment(model, { currentRole: model.roles[0]!.id, targetRole: model.roles[0]!.next ?? model.roles[1]!.id, seed: 7 });
  for (let next = session.next(); next; next = session.next()) {
    const item = model.items.find((i) => i.id === next.itemId)!;
    if (item.type === 'situational' && item.format === 'most-least') session.answer({ item: item.id, most: 0, least: 1 });
    else if (item.type === 'situational' && item.format === 'rate-each') session.answer({ item: item.id, ratings: item.options.map(() => answer) });
    else session.answer({ item: item.id, choice: item.type === 'forced-choice' ? 0 : Math.min(answer, item.type === 'anchored' ? item.options.length - 1 : item.type === 'evidence' ? item.rubric.length - 1 : 4) });
  }
  return { model, results: session.results() };
}

describe('<pathway-profile>', () => {
  it('draws one row per assessed competency with its band and the role requirements, and a table for screen readers', async () => {
    const { model, results } = await resultsFor('people-leader');
    const el = await fixture<PathwayProfile>(html`<pathway-profile lang="en" .model=${model} .results=${results}></pathway-profile>`);
    await el.updateComplete;
    const root = el.shadowRoot!;
    const rows = root.querySelectorAll('.chart .row:not(.axis)');
    expect(rows.length).to.equal(results.competencies.length);
    // Both roles have requirements here, so the marker counts below cannot agree by both being zero.
    expect(results.competencies.filter((c) => c.current).length).to.be.greaterThan(0);
    expect(results.competencies.filter((c) => c.target).length).to.be.greaterThan(0);
    expect(root.querySelectorAll('.chart rect.band').length).to.equal(rows.length);
    expect(root.querySelectorAll('.chart .current').length).to.equal(results.competencies.filter((c) => c.current).length);
    expect(root.querySelectorAll('.chart .target').length).to.equal(results.competencies.filter((c) => c.target).length);
    // The chart is hidden from assistive technology; the table carries the same data.
    expect(root.querySelector('.chart')!.getAttribute('aria-hidden')).to.equal('true');
    const table = root.querySelector('table')!;
    expect(table.querySelectorAll('tbody tr').length).to.equal(rows.length);
    const first = results.competencies[0]!;
    expect(table.querySelector('tbody tr td')!.textContent).to.equal(first.level.toFixed(1));
    await expect(el).to.be.accessible();
    await executeServerCommand('pathway-screenshot', { name: 'profile-1280' });
    await setViewport({ width: 320, height: 900 });
    await executeServerCommand('pathway-screenshot', { name: 'profile-320' });
    await setViewport({ width: 1280, height: 900 });
  });

  it('offers the learner the opt-out of insights and back in, as an event; never on someone else\'s profile', async () => {
    const { model, results } = await resultsFor('people-leader');
    const el = await fixture<PathwayProfile>(html`<pathway-profile lang="en" insights-consent .model=${model} .results=${results}></pathway-profile>`);
    await el.updateComplete;
    const part = () => el.shadowRoot!.querySelector('[part="consent"]');
    expect(part()!.textContent).to.contain('your answers are never shown there');
    const button = () => part()!.querySelector('button')!;
    expect(button().textContent!.trim()).to.equal('Leave team insights');
    await expect(el).to.be.accessible();
    for (const width of [320, 375, 1280]) {
      await setViewport({ width, height: 900 });
      await executeServerCommand('pathway-screenshot', { name: `profile-consent-${width}` });
    }
    await setViewport({ width: 1280, height: 900 });
    setTimeout(() => button().click());
    const out = await oneEvent(el, 'pathway-insights-consent');
    expect(out.detail).to.deep.equal({ optedOut: true });
    await el.updateComplete;
    expect(el.hasAttribute('opted-out')).to.equal(true);
    expect(part()!.textContent).to.contain('You are not counted');
    expect(button().textContent!.trim()).to.equal('Count me in again');
    setTimeout(() => button().click());
    expect((await oneEvent(el, 'pathway-insights-consent')).detail).to.deep.equal({ optedOut: false });

    const other = await fixture<PathwayProfile>(html`<pathway-profile lang="en" insights-consent subject="Dana" .model=${model} .results=${results}></pathway-profile>`);
    expect(other.shadowRoot!.querySelector('[part="consent"]')).to.equal(null);
    const plain = await fixture<PathwayProfile>(html`<pathway-profile lang="en" .model=${model} .results=${results}></pathway-profile>`);
    expect(plain.shadowRoot!.querySelector('[part="consent"]')).to.equal(null);
    const german = await fixture<PathwayProfile>(html`<pathway-profile lang="de" insights-consent opted-out .model=${model} .results=${results}></pathway-profile>`);
    await waitUntil(() => german.shadowRoot!.querySelector('[part="consent"] button')?.textContent?.trim() === 'Wieder mitzählen', 'the German control', { timeout: 5000 });
  });

  it('shows the table on request and switches back', async () => {
    const { model, results } = await resultsFor('software-engineer');
    const el = await fixture<PathwayProfile>(html`<pathway-profile lang="en" .model=${model} .results=${results}></pathway-profile>`);
    const toggle = el.shadowRoot!.querySelector<HTMLButtonElement>('button')!;
    toggle.click();
    await el.updateComplete;
    expect(el.showTable).to.equal(true);
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    expect(el.shadowRoot!.querySelector('.chart')!.hasAttribute('hidden')).to.equal(true);
    expect(el.shadowRoot!.querySelector('table')!.classList.contains('sr-only')).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('refuses results of another model with a visible error', async () => {
    const { results } = await resultsFor('people-leader');
    const other = (await (await fetch('/demo/models/customer-success.json')).json()) as Model;
    const el = await fixture<PathwayProfile>(html`<pathway-profile lang="en"></pathway-profile>`);
    const failed = oneEvent(el, 'pathway-error');
    el.model = other;
    el.results = results;
    const event = await failed;
    expect(event.detail.source).to.equal('results');
    await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]'));
    expect(el.shadowRoot!.textContent).to.contain('people-leader');
  });

  it('localises its chrome (German)', async () => {
    const { model, results } = await resultsFor('people-leader');
    const el = await fixture<PathwayProfile>(html`<pathway-profile lang="de" .model=${model} .results=${results}></pathway-profile>`);
    await waitUntil(() => el.shadowRoot!.querySelector('h2')?.textContent === 'Ihr Kompetenzprofil', 'German heading', { timeout: 5000 });
    const title = model.competencies[0]!.title as Record<string, string>;
    expect(el.shadowRoot!.querySelector('.row .label .title')!.textContent).to.equal(title.de);
  });

  // Strict thresholds, so that some requirements sit between them whatever the answers.
  const NOT_YET_SURE = { en: 'not yet sure', de: 'noch nicht sicher', fr: 'pas encore sûr' } as const;
  const MET = { en: ': met', de: ': erfüllt', fr: ': rempli' } as const;
  for (const lang of ['en', 'de', 'fr'] as const) {
    it(`says "not yet sure" where P(meets) is between the model's thresholds (${lang})`, async () => {
      const { model: base } = await resultsFor('software-engineer');
      const model: Model = { ...base, assessment: { ...base.assessment, decision: { meets: 0.97, below: 0.03 } } };
      const session = startAssessment(model, { currentRole: model.roles[0]!.id, seed: 7, maxItems: 6 });
      for (let next = session.next(); next; next = session.next()) {
        const item = model.items.find((i) => i.id === next.itemId)!;
        if (item.type === 'situational' && item.format === 'most-least') session.answer({ item: item.id, most: 0, least: 1 });
        else if (item.type === 'situational' && item.format === 'rate-each') session.answer({ item: item.id, ratings: item.options.map(() => 3) });
        else session.answer({ item: item.id, choice: 1 });
      }
      const results = session.results();
      const checks = results.competencies.map((c) => c.current);
      expect(checks.some((c) => c && c.pMeets > 0.03 && c.pMeets < 0.97), 'some requirement between the thresholds').to.equal(true);
      const el = await fixture<PathwayProfile>(html`<pathway-profile lang=${lang} .model=${model} .results=${results}></pathway-profile>`);
      const cells = (): string[] => [...el.shadowRoot!.querySelectorAll('tbody tr')].map((row) => row.querySelectorAll('td')[2]?.textContent ?? '');
      await waitUntil(() => cells().some((t) => t.includes(NOT_YET_SURE[lang])), `"${NOT_YET_SURE[lang]}" shown`, { timeout: 5000 });
      cells().forEach((text, i) => {
        const check = checks[i];
        if (!check) return;
        const unsure = check.pMeets > 0.03 && check.pMeets < 0.97;
        expect(text.includes(NOT_YET_SURE[lang]), `${text} (pMeets ${check.pMeets})`).to.equal(unsure);
        expect(text.includes(MET[lang]), `${text} (pMeets ${check.pMeets})`).to.equal(check.pMeets >= 0.97);
      });
    });
  }

  it('reads right: levels with names, requirements drawn where they are decided, decisions in shape and words', async () => {
    for (const answer of [1, 2, 3]) {
      const { model, results } = await resultsFor('people-leader', answer);
      const el = await fixture<PathwayProfile>(html`<pathway-profile lang="en" .model=${model} .results=${results}></pathway-profile>`);
      await el.updateComplete;
      const root = el.shadowRoot!;
      const axis = [...root.querySelectorAll('.axis .levels li')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
      expect(axis).to.deep.equal(model.scale!.levels.map((l) => `${l.level}${typeof l.label === 'string' ? l.label : (l.label as Record<string, string>).en}`.replace(/^(\d+)/, '$1')));
      const rows = [...root.querySelectorAll('.chart .row:not(.axis)')];
      rows.forEach((row, i) => {
        const result = results.competencies[i]!;
        const dot = Number(row.querySelector('circle.level')!.getAttribute('cx'));
        const decisions = [...row.querySelectorAll('.decision')];
        expect(decisions.length).to.equal([result.current, result.target].filter(Boolean).length);
        for (const d of decisions) {
          expect(d.querySelector('.icon')!.textContent, 'a shape, not colour alone').to.match(/^[✓✕?]$/);
          expect(d.textContent).to.match(/meets|below|not yet sure/);
        }
        if (result.current) {
          const line = Number(row.querySelector('line.current')!.getAttribute('x1'));
          // A dot clearly left of the requirement line is never called met, one clearly right never below.
          if (dot < line - 8) expect(decisions[0]!.className, `${result.competency}: left of its requirement`).to.not.contain('meets');
          if (dot > line + 8) expect(decisions[0]!.className, `${result.competency}: right of its requirement`).to.not.contain('below');
        }
      });
      // The amber "short" dot is gone: every mark on the chart has a legend entry.
      expect(root.querySelector('circle.short')).to.equal(null);
      root.querySelector<HTMLButtonElement>('.head button')!.click();
      await el.updateComplete;
      expect(getComputedStyle(root.querySelector('.chart')!).display, 'Show as table hides the chart').to.equal('none');
      expect(getComputedStyle(root.querySelector('.legend')!).display).to.equal('none');
    }
  });
});
