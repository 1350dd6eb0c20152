// <pathway-team> reads a statements file in a worker (components/team/off-thread.ts), so that the page
// stays responsive (the main-thread task this avoids is measured in bench/insights.bench.ts); the report
// and the errors are the same as on the main thread, where it falls back when no worker can start.
import { expect, fixture, html } from '@open-wc/testing';
import type { Model } from '../../src/model/types.js';
import type { InsightsReport } from '../../src/insights/analytics/types.js';
import type { PathwayTeam } from '../../components/team/team.component.js';
import '../../components/team/team.js';
import { population, statementsOf } from '../support/insights-population.js';
import { capturingWarnings, countingWorkers } from '../support/workers.js';

const ON_THE_PAGE = /reads this evidence on the page/;

/** The element given `statementsSrc`, once it has read the evidence or reported an error. */
async function teamReading(model: Model, statementsSrc: string): Promise<{ el: PathwayTeam; event: CustomEvent }> {
  const el = await fixture<PathwayTeam>(html`<pathway-team lang="en"></pathway-team>`);
  const settled = new Promise<CustomEvent>((resolve) => {
    el.addEventListener('pathway-evidence-read', (e) => resolve(e as CustomEvent), { once: true });
    el.addEventListener('pathway-error', (e) => resolve(e as CustomEvent), { once: true });
  });
  el.model = model;
  el.statementsSrc = statementsSrc;
  const event = await settled;
  await el.updateComplete;
  return { el, event };
}

/** Reads `src` with workers allowed and refused: the element, event, workers started and warnings of each. */
async function bothWays(model: Model, src: string) {
  const run = (refuse: boolean) => capturingWarnings(() => countingWorkers(() => teamReading(model, src), { refuse }));
  const inWorker = await run(false);
  const onPage = await run(true);
  expect(inWorker.value.workers, 'workers started when allowed').to.equal(1);
  expect(inWorker.warnings.filter((w) => ON_THE_PAGE.test(w)), 'the worker did the reading').to.deep.equal([]);
  expect(onPage.value.workers).to.equal(0);
  expect(onPage.warnings.some((w) => ON_THE_PAGE.test(w)), 'the page says it reads on the main thread').to.equal(true);
  return { inWorker: inWorker.value.value, onPage: onPage.value.value };
}

describe('<pathway-team> reading a statements file', () => {
  let model: Model;
  before(async () => {
    model = (await (await fetch('/demo/models/customer-success.json')).json()) as Model;
  });

  it('reads it in a worker, with the same report as on the page', async () => {
    const people = [...population(model, { people: 8, peers: 3, seed: 808 })];
    const src = URL.createObjectURL(new Blob([JSON.stringify(statementsOf(people))], { type: 'application/json' }));
    const { inWorker, onPage } = await bothWays(model, src);
    expect(inWorker.event.type).to.equal('pathway-evidence-read');
    expect(inWorker.event.detail).to.deep.equal(onPage.event.detail);
    expect(inWorker.event.detail.people).to.equal(8);
    const reportOf = (el: PathwayTeam) => (el as unknown as { valid: InsightsReport }).valid;
    expect(JSON.stringify(reportOf(inWorker.el))).to.equal(JSON.stringify(reportOf(onPage.el)));
    expect(inWorker.el.shadowRoot!.querySelectorAll('table.heatmap tbody tr:not(.spacer)').length).to.be.above(0);
  }).timeout(120_000);

  for (const [what, src] of [
    ['a file that is not there', () => '/test/fixtures/no-such-statements.json'],
    ['a file that is not JSON', () => URL.createObjectURL(new Blob(['[{"id": '], { type: 'application/json' }))],
  ] as const) {
    it(`shows the same error from the worker as from the page for ${what}`, async () => {
      const { inWorker, onPage } = await bothWays(model, src());
      expect(inWorker.event.type).to.equal('pathway-error');
      expect(inWorker.event.detail.message).to.be.a('string').and.not.equal('');
      expect(inWorker.event.detail.message).to.equal(onPage.event.detail.message);
      expect(inWorker.el.shadowRoot!.textContent).to.contain(inWorker.event.detail.message);
    }).timeout(60_000);
  }
});
