// Candidate / onboarding mode: a role-fit table and nothing sent anywhere unless a candidate LRS is set —
// every request the page makes is watched (fetch, XMLHttpRequest, beacons and the resource timeline).
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { Model } from '../../src/model/types.js';
import { answerUntilResults } from '../../test/support/element-learner.js';
import type { PathwayAssessment } from './assessment.component.js';
import './assessment.js';

function watchRequests(): { urls: string[]; stop: () => void } {
  const urls: string[] = [];
  const fetch0 = window.fetch;
  const open0 = XMLHttpRequest.prototype.open;
  const beacon0 = navigator.sendBeacon.bind(navigator);
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    urls.push(String(input instanceof Request ? input.url : input));
    return fetch0(input, init);
  };
  XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
    urls.push(String(url));
    return (open0 as (...a: unknown[]) => void).call(this, method, url, ...rest);
  } as typeof XMLHttpRequest.prototype.open;
  navigator.sendBeacon = (url: string | URL, data?: BodyInit | null) => {
    urls.push(String(url));
    return beacon0(url, data);
  };
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => urls.push(e.name)));
  observer.observe({ type: 'resource', buffered: false });
  return {
    urls,
    stop: () => {
      window.fetch = fetch0;
      XMLHttpRequest.prototype.open = open0;
      navigator.sendBeacon = beacon0;
      observer.disconnect();
    },
  };
}

describe('<pathway-assessment mode="candidate">', () => {
  it('shows the role fit and sends nothing to the employee LRS or anywhere else', async function () {
    this.timeout(60_000);
    const model = (await (await fetch('/demo/models/people-leader.json')).json()) as Model;
    const watch = watchRequests();
    try {
      const employeeLrs = { endpoint: 'http://127.0.0.1:9/xapi/', auth: 'Basic ZW1wbG95ZWU6c2VjcmV0', actor: { objectType: 'Agent' as const, mbox: 'mailto:employee@example.org' } };
      const el = await fixture<PathwayAssessment>(html`<pathway-assessment lang="en" mode="candidate" current-role=${model.roles[0]!.id} .lrs=${employeeLrs} .model=${model}></pathway-assessment>`);
      await waitUntil(() => el.shadowRoot!.querySelector('.intro button.primary'), 'the intro', { timeout: 10_000 });
      el.shadowRoot!.querySelector<HTMLButtonElement>('.intro button.primary')!.click();
      await answerUntilResults(el);
      await new Promise((r) => setTimeout(r, 500));
      const fit = el.shadowRoot!.querySelector('[part=role-fit]')!;
      const rows = fit.querySelectorAll('tbody tr');
      expect(rows.length).to.equal(model.roles[0]!.requirements.length);
      for (const row of rows) expect(row.querySelector('td:nth-child(3)')!.textContent).to.match(/^(meets|close|gap)$/);
      expect(fit.textContent).to.match(/\d+% that it is met/);
      expect(el.shadowRoot!.querySelector('pathway-plan'), 'an onboarding pathway').to.exist;
      const foreign = watch.urls.filter((u) => new URL(u, location.href).origin !== location.origin);
      expect(foreign, 'no request leaves the page origin').to.deep.equal([]);
      expect(watch.urls.filter((u) => /xapi|statements/.test(u))).to.deep.equal([]);
    } finally {
      watch.stop();
    }
  });
});
