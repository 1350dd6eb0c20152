/**
 * A TinCan-style launch with `auth=` in the URL, through to statements in the real LRS: the
 * credential must leave no trace in the URL, storage (IndexedDB, localStorage, sessionStorage,
 * cookies), the DOM, the statements or the console. Storage is searched while the queue still holds every
 * statement (the LRS is unreachable until then), so the outbox is full when it is searched.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { openDB } from 'idb';
import type { Model } from '../../src/model/types.js';
import { openBrowserQueue, queueName } from '../../src/tracking/browser-queue.js';
import { DATABASE_NAME } from '../../src/tracking/idb-store.js';
import { checkEndpoint } from '../../src/tracking/lrs-client.js';
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
  it('leaves no trace of the credential in the URL, storage, the DOM, the statements or the console', async function () {
    this.timeout(90_000);
    const { proxy, auth } = (await executeServerCommand('pathway-xapi-start')) as Endpoints;
    // The LRS is unreachable through the proxy until the storage has been searched.
    await executeServerCommand('pathway-xapi-faults', { plan: { offline: true } });
    const model = (await (await fetch('/test/fixtures/tiny-model.json')).json()) as Model;
    const secret = atob(auth.replace(/^Basic /, ''));
    const token = auth.replace(/^Basic /, '');
    const registration = randomUuid();
    const actor = { name: 'Dana Learner', account: { homePage: 'https://lms.example.com', name: 'learner-4711' } };
    const original = location.href;
    const launch = new URL(location.href);
    launch.searchParams.set('endpoint', proxy);
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
      const queue = await openBrowserQueue({ lrs: { endpoint: data.endpoint!, auth: data.auth!, timeoutMs: 600 }, partition: data.actor!.account!.name, backoff: { baseMs: 20, maxMs: 200 }, onProblem: (p) => problems.push(p.message) });
      const tracker = new Tracker({ model, actor: data.actor!, registration: data.registration!, activityId: data.activityId!, sink: queue });
      await tracker.started();
      for (const record of answerRecords(model)) await tracker.answered(record);
      const results = assessmentResults(model);
      await tracker.completed(results, plan(model, results));
      await tracker.terminated();

      // Every statement waits in IndexedDB now: search storage while it holds them.
      const held = await queue.pending();
      expect(held).to.be.greaterThan(model.items.length);
      const db = await openDB(DATABASE_NAME);
      const name = queueName(checkEndpoint(data.endpoint!), data.actor!.account!.name);
      const outbox = ((await db.getAll('outbox')) as { queue: string; statement: { id: string } }[]).filter((r) => r.queue === name);
      db.close();
      expect(outbox.length, 'the outbox in IndexedDB holds every waiting statement').to.equal(held);
      const storage = { indexedDB: await indexedDbText(), localStorage: JSON.stringify({ ...localStorage }), sessionStorage: JSON.stringify({ ...sessionStorage }) };
      expect(storage.indexedDB).to.contain(outbox[0]!.statement.id);

      await executeServerCommand('pathway-xapi-faults', { plan: {} });
      const deadline = Date.now() + 15_000;
      while ((await queue.pending()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      expect(await queue.pending()).to.equal(0);
      queue.detach();

      const stored = (await executeServerCommand('pathway-xapi-statements', { registration })) as unknown[];
      expect(stored.length).to.equal(held);
      const traces: Record<string, string> = {
        url: location.href + document.referrer,
        statements: JSON.stringify(stored),
        ...storage,
        cookies: document.cookie,
        problems: problems.join('\n'),
        dom: document.documentElement.outerHTML,
        console: logged.join('\n'),
      };
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
      await executeServerCommand('pathway-xapi-faults', { plan: {} });
    }
  });
});
