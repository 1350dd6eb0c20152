// The learner's fused view in Chromium: statements of a self-assessment, a manager and three peers
// (built by the real statement builders), read back by the evidence reader and shown by <pathway-profile>.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { EvidenceCollector } from '../../src/insights/evidence/index.js';
import type { Model } from '../../src/model/types.js';
import { PathwayProfile } from '../../components/profile/profile.component.js';
import '../../components/profile/profile.js';
import type { PathwayAssessment } from '../../components/assessment/assessment.component.js';
import '../../components/assessment/assessment.js';
import { answerUntilResults, forgetSavedProgress } from '../support/element-learner.js';
import { population, statementsOf } from '../support/insights-population.js';

describe('the fused view', () => {
  it('says what the profile rests on and names blind spots and hidden strengths from everyone\'s evidence', async () => {
    const model = (await (await fetch('/demo/models/customer-success.json')).json()) as Model;
    const people = [...population(model, { people: 4, peers: 3, seed: 5, mode: 'fixed' })];
    const { profiles } = new EvidenceCollector(model).addAll(statementsOf(people)).profiles();
    const profile = profiles.find((p) => p.results.competencies.some((c) => c.selfOther?.flag === 'blind-spot')) ?? profiles[0]!;
    const el = await fixture<PathwayProfile>(html`<pathway-profile lang="en" .model=${model} .results=${profile.results} .sources=${profile.sources}></pathway-profile>`);
    await el.updateComplete;
    const sources = el.shadowRoot!.querySelector('[part="sources"]')!;
    expect(sources.querySelector('p')!.textContent).to.equal('Based on you, your manager, and 3 peers.');
    const title = (id: string) => {
      const t = model.competencies.find((c) => c.id === id)!.title;
      return typeof t === 'string' ? t : t.en!;
    };
    const blind = profile.results.competencies.filter((c) => c.selfOther?.flag === 'blind-spot').map((c) => title(c.competency));
    if (blind.length > 0) expect(sources.textContent).to.contain(`Blind spots (self-view above the others'): ${blind.join(', ')}.`);
    await expect(el).to.be.accessible();
    for (const width of [320, 375, 1280]) {
      await setViewport({ width, height: 900 });
      await executeServerCommand('pathway-screenshot', { name: `fused-view-${width}` });
    }
    await setViewport({ width: 1280, height: 900 });
  });

  it('<pathway-assessment fused-view> shows the fused profile of everyone\'s evidence after the learner finishes', async function () {
    this.timeout(120_000);
    const model = (await (await fetch('/test/fixtures/tiny-model.json')).json()) as Model;
    // The learner's manager and three peers rated them already: their statements (no self-assessment).
    const [person] = [...population(model, { people: 1, peers: 3, seed: 9, mode: 'fixed' })];
    const others = statementsOf([{ ...person!, raters: person!.raters.filter((r) => r.rater !== 'self') }]);
    // Another test file may have finished this model as the same learner: that run would reopen on its results.
    await forgetSavedProgress();
    const el = await fixture<PathwayAssessment>(html`<pathway-assessment lang="en" fused-view current-role=${model.roles[0]!.id} .model=${model} .statements=${others}></pathway-assessment>`);
    const root = el.shadowRoot!;
    await waitUntil(() => root.querySelector('section.intro'), 'introduction', { timeout: 20_000 }); // lazy parts load slowly on a busy machine
    root.querySelector<HTMLButtonElement>('.intro button.primary')!.click();
    await answerUntilResults(el);
    const profile = root.querySelector<PathwayProfile>('pathway-profile')!;
    await waitUntil(() => profile.shadowRoot!.querySelector('[part="sources"]'), 'the fused view', { timeout: 10_000 });
    expect(profile.shadowRoot!.querySelector('[part="sources"] p')!.textContent).to.equal('Based on you, your manager, and 3 peers.');
    expect(profile.results).to.not.equal(el.results);
  });

  it('shows nothing extra for results of one rater', async () => {
    const model = (await (await fetch('/demo/models/customer-success.json')).json()) as Model;
    const [person] = [...population(model, { people: 1, peers: 0, manager: false, seed: 6, mode: 'fixed' })];
    const { profiles } = new EvidenceCollector(model).addAll(statementsOf([person!])).profiles();
    const el = await fixture<PathwayProfile>(html`<pathway-profile lang="de" .model=${model} .results=${profiles[0]!.results} .sources=${profiles[0]!.sources}></pathway-profile>`);
    // German loads lazily.
    await waitUntil(() => el.shadowRoot!.querySelector('[part="sources"] p')?.textContent === 'Beruht auf Ihnen.', 'the German sentence', { timeout: 5000 });
    const plain = await fixture<PathwayProfile>(html`<pathway-profile lang="en" .model=${model} .results=${profiles[0]!.results}></pathway-profile>`);
    expect(plain.shadowRoot!.querySelector('[part="sources"]')).to.equal(null);
  });
});
