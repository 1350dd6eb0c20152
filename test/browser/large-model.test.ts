// A model near the 10 MB limit is validated in a worker, not on the page's main thread (the long task
// this avoids is measured in bench/validate.bench.ts); the page gets the same verdict and problems,
// and falls back to the main thread where no worker can start.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { Model } from '../../src/model/types.js';
import type { PathwayErrorDetail } from '../../components/shared/events.js';
import type { PathwayModelSummary } from '../../components/model-summary/model-summary.component.js';
import '../../components/model-summary/model-summary.js';
import { largeModel } from '../support/large-model.js';
import { capturingWarnings, countingWorkers } from '../support/workers.js';

let large: Model;
const src = (model: unknown) => URL.createObjectURL(new Blob([JSON.stringify(model)], { type: 'application/json' }));

async function summaryOf(url: string): Promise<{ el: PathwayModelSummary; event: Event }> {
  const el = await fixture<PathwayModelSummary>(html`<pathway-model-summary lang="en"></pathway-model-summary>`);
  const settled = Promise.race([oneEvent(el, 'pathway-ready'), oneEvent(el, 'pathway-error')]);
  el.src = url;
  const event = await settled;
  await el.updateComplete;
  return { el, event };
}

describe('a model near the 10 MB limit', () => {
  before(async () => {
    large = largeModel((await (await fetch('/demo/models/software-engineer.json')).json()) as Model, 4400);
  });

  it('is validated in a worker and shown', async () => {
    const text = JSON.stringify(large);
    expect(text.length).to.be.within(9.5 * 1024 * 1024, 10 * 1024 * 1024);
    const {
      value: { value, workers },
      warnings,
    } = await capturingWarnings(() => countingWorkers(() => summaryOf(src(large))));
    expect(workers).to.equal(1);
    expect(warnings.filter((w) => /validates this model on the page/.test(w)), 'the worker did the validation').to.deep.equal([]);
    expect(value.event.type).to.equal('pathway-ready');
    expect(value.el.validModel?.competencies.length).to.equal(4400);
  }).timeout(120_000);

  it('gets the same problems from the worker as from the main thread', async () => {
    const broken = structuredClone(large);
    broken.roles[0]!.requirements[0]!.competency = 'c4400x';
    broken.items[17]!.competency = 'c17-';
    const { value, workers } = await countingWorkers(() => summaryOf(src(broken)));
    expect(workers).to.equal(1);
    const detail = (value.event as CustomEvent<PathwayErrorDetail>).detail;
    expect(value.event.type).to.equal('pathway-error');
    const { validateModel } = await import('../../src/model/load.js');
    const direct = validateModel(broken);
    expect(direct.ok).to.equal(false);
    expect(detail.problems).to.deep.equal(direct.problems);
    expect(value.el.shadowRoot!.textContent).to.contain('items[17].competency');
  }).timeout(120_000);

  it('is validated on the main thread where no worker can start, with the same verdict', async () => {
    const { value, workers } = await countingWorkers(() => summaryOf(src(large)), { refuse: true });
    expect(workers).to.equal(0);
    expect(value.event.type).to.equal('pathway-ready');
    expect(value.el.validModel?.competencies.length).to.equal(4400);
  }).timeout(120_000);

  it('given as an object, is validated in a worker too', async () => {
    const el = await fixture<PathwayModelSummary>(html`<pathway-model-summary lang="en"></pathway-model-summary>`);
    const { workers } = await countingWorkers(async () => {
      const ready = oneEvent(el, 'pathway-ready');
      el.model = large;
      await ready;
    });
    expect(workers).to.equal(1);
    expect(el.validModel).to.equal(large);
  }).timeout(120_000);
});
