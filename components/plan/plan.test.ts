import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { startAssessment } from '../../src/assessment/index.js';
import type { AssessmentResults } from '../../src/assessment/types.js';
import type { Model } from '../../src/model/types.js';
import { planPathway } from '../../src/planner/index.js';
import type { Plan } from '../../src/planner/types.js';
import type { PathwayStepDoneDetail } from '../shared/events.js';
import { PathwayPlan } from './plan.component.js';
import './plan.js';

async function planFor(name: string): Promise<{ model: Model; results: AssessmentResults; plan: Plan }> {
  const model = (await (await fetch(`/demo/models/${name}.json`)).json()) as Model;
  const session = startAssessment(model, { currentRole: model.roles[0]!.id, seed: 3 });
  for (let next = session.next(); next; next = session.next()) {
    const item = model.items.find((i) => i.id === next.itemId)!;
    if (item.type === 'situational' && item.format === 'most-least') session.answer({ item: item.id, most: 1, least: 0 });
    else if (item.type === 'situational' && item.format === 'rate-each') session.answer({ item: item.id, ratings: item.options.map(() => 2) });
    else session.answer({ item: item.id, choice: 1 });
  }
  const results = session.results();
  return { model, results, plan: planPathway(model, results) };
}

describe('<pathway-plan>', () => {
  it('lists every step in order with why, what and how, modality and minutes', async () => {
    const { model, results, plan } = await planFor('software-engineer');
    expect(plan.steps.length).to.be.greaterThan(2);
    const el = await fixture<PathwayPlan>(html`<pathway-plan lang="en" .model=${model} .results=${results} .plan=${plan}></pathway-plan>`);
    await el.updateComplete;
    const steps = [...el.shadowRoot!.querySelectorAll('li.step')];
    expect(steps.map((s) => s.querySelector('h3')!.textContent)).to.deep.equal(
      plan.steps.map((s) => {
        const title = model.modules.find((m) => m.id === s.module)!.title;
        return typeof title === 'string' ? title : title.en;
      }),
    );
    for (const step of steps) {
      const labels = [...step.querySelectorAll('dt')].map((d) => d.textContent);
      expect(labels).to.deep.equal(['Why', 'What', 'How']);
      for (const dd of step.querySelectorAll('dd')) expect(dd.textContent!.trim(), 'no empty why/what/how').to.not.equal('');
      expect(step.querySelector('.meta')!.textContent).to.match(/\d+ (min|hr)/);
    }
    await expect(el).to.be.accessible();
    await executeServerCommand('pathway-screenshot', { name: 'plan-1280' });
    await setViewport({ width: 320, height: 900 });
    expect(document.documentElement.scrollWidth).to.be.at.most(320);
    await executeServerCommand('pathway-screenshot', { name: 'plan-320' });
    await setViewport({ width: 1280, height: 900 });
  });

  it('re-plans when a step is marked done, keeping it and firing pathway-step-done', async () => {
    const { model, results, plan } = await planFor('people-leader');
    const el = await fixture<PathwayPlan>(html`<pathway-plan lang="en" .model=${model} .results=${results} .plan=${plan}></pathway-plan>`);
    const first = plan.steps[0]!;
    const done = oneEvent(el, 'pathway-step-done');
    el.shadowRoot!.querySelector<HTMLInputElement>('li.step input[type="checkbox"]')!.click();
    const { detail } = (await done) as CustomEvent<PathwayStepDoneDetail>;
    expect(detail.module).to.equal(first.module);
    expect(detail.done).to.equal(true);
    expect(detail.plan.steps.find((s) => s.module === first.module)?.status).to.equal('done');
    expect(el.plan).to.equal(detail.plan);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('li.step.done h3')!.textContent).to.equal(el.shadowRoot!.querySelector('li.step h3')!.textContent);
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.contain('done');
  });

  it('exports the pathway as text', async () => {
    const { model, results, plan } = await planFor('customer-success');
    const el = await fixture<PathwayPlan>(html`<pathway-plan lang="en" .model=${model} .results=${results} .plan=${plan}></pathway-plan>`);
    const text = el.toText();
    expect(text.split('\n')[0]).to.equal('Your development pathway');
    for (const [i, step] of plan.steps.entries()) {
      expect(text).to.contain(`${i + 1}. `);
      // One duration format throughout: hours and minutes, never "90 minutes" beside "4.5 hours".
      const hours = Math.floor(step.minutes / 60);
      const rest = step.minutes % 60;
      expect(text).to.contain(hours === 0 ? `${rest} min` : rest === 0 ? `${hours} hr` : `${hours} hr ${rest} min`);
    }
    expect(text).to.contain('Why: ');
  });

  it('links modules to their launch URL, never to script URLs', async () => {
    const { model, results, plan } = await planFor('software-engineer');
    const el = await fixture<PathwayPlan>(html`<pathway-plan lang="en" .model=${model} .results=${results} .plan=${plan}></pathway-plan>`);
    const links = [...el.shadowRoot!.querySelectorAll('a')];
    const withUrl = plan.steps.filter((s) => model.modules.find((m) => m.id === s.module)?.url);
    expect(links.length).to.equal(withUrl.length);
    for (const link of links) expect(link.getAttribute('href')).to.match(/^(https?:|\/|\.)/);
  });

  it('localises reasons (French)', async () => {
    const { model, results, plan } = await planFor('customer-success');
    const el = await fixture<PathwayPlan>(html`<pathway-plan lang="fr" .model=${model} .results=${results} .plan=${plan}></pathway-plan>`);
    await waitUntil(() => el.shadowRoot!.querySelector('h2')?.textContent === 'Votre parcours de développement', 'French heading', { timeout: 5000 });
    expect(el.shadowRoot!.querySelector('.step dt')!.textContent).to.equal('Pourquoi');
  });

  it('sums up readiness for the target role: met, not yet sure, missing, and the pathway\'s expected effect', async () => {
    const { model, results, plan } = await planFor('customer-success');
    const readiness = plan.readiness!;
    expect(readiness.slot).to.equal('target');
    const el = await fixture<PathwayPlan>(html`<pathway-plan lang="en" .model=${model} .results=${results} .plan=${plan}></pathway-plan>`);
    await el.updateComplete;
    const section = el.shadowRoot!.querySelector('section.readiness')!;
    const role = model.roles.find((r) => r.id === readiness.role)!;
    const en = (text: unknown): string => (typeof text === 'string' ? text : (text as Record<string, string>).en!);
    expect(section.querySelector('h3')!.textContent).to.contain(en(role.title));
    const counts = [...section.querySelectorAll('dt')].map((dt) => Number(/\((\d+)/.exec(dt.textContent!)![1]));
    const by = (d: string) => readiness.requirements.filter((r) => r.decision === d).length;
    expect(counts).to.deep.equal([by('meets'), by('unsure'), by('below')]);
    const missing = readiness.requirements.filter((r) => r.decision === 'below');
    for (const r of missing) expect(section.querySelectorAll('dd')[2]!.textContent).to.contain(en(model.competencies.find((c) => c.id === r.competency)!.title));
    const after = readiness.requirements.filter((r) => r.decisionAfter === 'meets').length;
    expect(section.querySelector('p')!.textContent).to.contain(after > by('meets') ? `about ${after} of the ${readiness.requirements.length}` : 'not expected to change');
    await expect(el).to.be.accessible();
  });

  it('says what would settle each unsure requirement under readiness\'s "Not yet sure", with no second heading saying the same', async () => {
    const { model, results, plan } = await planFor('customer-success');
    const own = plan.settle!.filter((s) => s.slot === plan.readiness!.slot);
    expect(own.length, 'the sample has unsure requirements to settle').to.be.greaterThan(0);
    const el = await fixture<PathwayPlan>(html`<pathway-plan lang="en" .model=${model} .results=${results} .plan=${plan}></pathway-plan>`);
    await el.updateComplete;
    const unsure = el.shadowRoot!.querySelectorAll('section.readiness dd')[1]!;
    const settled = [...unsure.querySelectorAll('ul.settle li')].map((li) => li.textContent!);
    expect(settled).to.have.length(own.length);
    for (const s of own) {
      const title = model.competencies.find((c) => c.id === s.competency)!.title;
      expect(settled.some((t) => t.includes(typeof title === 'string' ? title : title.en!) && /settle it/.test(t))).to.equal(true);
    }
    const headings = [...el.shadowRoot!.querySelectorAll('h3, dt')].map((h) => h.textContent!.replace(/[?✓✕]|\(\d+\)/g, '').trim().toLowerCase());
    expect(headings.filter((h) => h === 'not yet sure'), headings.join(' | ')).to.have.length(1);
    const elsewhere = plan.settle!.filter((s) => s.slot !== plan.readiness!.slot);
    expect(el.shadowRoot!.querySelectorAll('section.plan > ul.settle li')).to.have.length(elsewhere.length);
  });
});
