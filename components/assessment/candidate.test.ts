// Candidate / onboarding mode: a role-fit table and nothing sent anywhere unless a candidate LRS is set —
// every request the page makes is watched (fetch, XMLHttpRequest, beacons and the resource timeline).
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
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

/** Every request of the page as Chromium sees it (the `pathway-network` command of web-test-runner.config.mjs). */
const chromiumWatch = () => executeServerCommand('pathway-network', { watch: true });
const chromiumSeen = () => executeServerCommand('pathway-network', { watch: false }) as Promise<{ method: string; url: string; body?: string }[]>;

describe('<pathway-assessment mode="candidate">', () => {
  it('shows the role fit and sends nothing to the employee LRS or anywhere else', async function () {
    this.timeout(60_000);
    const model = (await (await fetch('/demo/models/people-leader.json')).json()) as Model;
    const watch = watchRequests();
    await chromiumWatch();
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
      expect((await chromiumSeen()).filter((r) => new URL(r.url).origin !== location.origin), 'Chromium saw nothing leave').to.deep.equal([]);
    } finally {
      watch.stop();
    }
  });

  it('with a candidate LRS: statements go there only (the real LRS), under a pseudonym, never to the employee LRS', async function () {
    this.timeout(120_000);
    // Another model than the first test's: its finished attempt is saved in this browser and would reopen on its results.
    const model = (await (await fetch('/demo/models/customer-success.json')).json()) as Model;
    const { lrs, proxy, auth } = (await executeServerCommand('pathway-xapi-start')) as { lrs: string; proxy: string; auth: string };
    const employeeLrs = { endpoint: proxy, auth, actor: { objectType: 'Agent' as const, mbox: 'mailto:employee@example.org' } };
    await chromiumWatch();
    const el = await fixture<PathwayAssessment>(html`<pathway-assessment lang="en" mode="candidate" current-role=${model.roles[0]!.id} .lrs=${employeeLrs} .candidateLrs=${{ endpoint: lrs }} .model=${model}></pathway-assessment>`);
    await waitUntil(() => el.shadowRoot!.querySelector('.intro button.primary, .notice, [part=notices]'), 'the intro', { timeout: 30_000 });
    expect(el.shadowRoot!.querySelector('.intro button.primary'), el.shadowRoot!.textContent ?? '').to.exist;
    el.shadowRoot!.querySelector<HTMLButtonElement>('.intro button.primary')!.click();
    await answerUntilResults(el);
    const leaving = async () => ((await executeServerCommand('pathway-network', { peek: true })) as { method: string; url: string; body?: string }[]).filter((r) => new URL(r.url).origin !== location.origin);
    await waitUntil(async () => (await leaving()).some((r) => r.body?.includes('/completed')), 'the completed statement sent', { timeout: 30_000, interval: 500 });
    await new Promise((r) => setTimeout(r, 500));
    const out = (await chromiumSeen()).filter((r) => new URL(r.url).origin !== location.origin);
    expect(out.length, 'statements were sent').to.be.greaterThan(0);
    for (const r of out) expect(r.url.startsWith(lrs), r.url).to.equal(true);
    const actors = [...new Set(out.filter((r) => r.body).flatMap((r) => [JSON.parse(r.body!)].flat() as { actor: unknown }[]).map((x) => JSON.stringify(x.actor)))];
    expect(actors).to.have.length(1);
    const actor = JSON.parse(actors[0]!) as { account: { name: string; homePage: string } };
    expect(actor.account.name).to.match(/^candidate-[0-9a-f-]{36}$/);
    expect(JSON.stringify(out)).to.not.contain('employee@example.org');
    const stored = (await executeServerCommand('pathway-xapi-statements', { agent: actor })) as unknown[];
    expect(stored.length).to.be.greaterThan(0);
  });
});
