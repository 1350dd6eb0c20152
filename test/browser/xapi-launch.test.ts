/**
 * A TinCan-style launch with `auth=` in the URL, through to statements in the real LRS: the
 * credential must leave no trace in the URL, storage (IndexedDB, localStorage, sessionStorage,
 * cookies), the DOM, the statements or the console.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { Model } from '../../src/model/types.js';
import { openBrowserQueue } from '../../src/tracking/browser-queue.js';
import { takeLaunch } from '../../src/tracking/launch.js';
import { Tracker } from '../../src/tracking/tracker.js';
import { randomUuid } from '../../src/tracking/uuid.js';
import { indexedDbText } from '../support/element-learner.js';
import { answerRecords, assessmentResults, plan } from '../support/xapi-fixtures.js';

interface Endpoints {
  lrs: string;
  proxy: string;
  auth: string;
}

describe('a TinCan launch with the credential in the URL', () => {
  it('leaves no trace of the credential in the URL, storage, the DOM, the statements or the console', async () => {
    const { lrs, auth } = (await executeServerCommand('pathway-xapi-start')) as Endpoints;
    const model = (await (await fetch('/test/fixtures/tiny-model.json')).json()) as Model;
    const secret = atob(auth.replace(/^Basic /, ''));
    const token = auth.replace(/^Basic /, '');
    const registration = randomUuid();
    const actor = { name: 'Dana Learner', account: { homePage: 'https://lms.example.com', name: 'learner-4711' } };
    const original = location.href;
    const launch = new URL(location.href);
    launch.searchParams.set('endpoint', lrs);
    launch.searchParams.set('auth', auth);
    launch.searchParams.set('actor', JSON.stringify(actor));
    launch.searchParams.set('registration', registration);
    launch.searchParams.set('activity_id', 'https://lms.example.com/courses/42/pathway');
    history.replaceState(null, '', launch.href);

    const logged: string[] = [];
    const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
    const saved = methods.map((m) => console[m]);
    methods.forEach((m) => {
      console[m] = (...args: unknown[]) => {
        logged.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      };
    });
    try {
      const data = takeLaunch();
      expect(location.href).to.not.contain('auth=');
      expect(location.href).to.not.contain('endpoint=');
      expect(data.auth).to.equal(auth);

      const problems: string[] = [];
      const queue = await openBrowserQueue({ lrs: { endpoint: data.endpoint!, auth: data.auth! }, partition: data.actor!.account!.name, onProblem: (p) => problems.push(p.message) });
      const tracker = new Tracker({ model, actor: data.actor!, registration: data.registration!, activityId: data.activityId!, sink: queue });
      await tracker.started();
      for (const record of answerRecords(model)) await tracker.answered(record);
      const results = assessmentResults(model);
      await tracker.completed(results, plan(model, results));
      await tracker.terminated();
      const deadline = Date.now() + 15_000;
      while ((await queue.pending()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      expect(await queue.pending()).to.equal(0);
      expect(problems).to.deep.equal([]);
      queue.detach();

      const stored = (await executeServerCommand('pathway-xapi-statements', { registration })) as unknown[];
      expect(stored.length).to.be.greaterThan(model.items.length);
      const traces: Record<string, string> = {
        url: location.href + document.referrer,
        statements: JSON.stringify(stored),
        indexedDB: await indexedDbText(),
        localStorage: JSON.stringify({ ...localStorage }),
        sessionStorage: JSON.stringify({ ...sessionStorage }),
        cookies: document.cookie,
        dom: document.documentElement.outerHTML,
        console: logged.join('\n'),
      };
      expect(traces.indexedDB.length).to.be.greaterThan(2, 'IndexedDB was used');
      for (const [where, text] of Object.entries(traces)) {
        expect(text, where).to.not.contain(token);
        expect(text, where).to.not.contain(secret);
        expect(text, where).to.not.contain(encodeURIComponent(auth));
      }
    } finally {
      methods.forEach((m, i) => {
        console[m] = saved[i]!;
      });
      history.replaceState(null, '', original);
    }
  });
});
