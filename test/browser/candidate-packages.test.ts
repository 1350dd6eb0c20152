/**
 * Candidate packages (delivery.mode "candidate", docs/cmi5.md "Candidate packages") in Chromium, with every
 * request of the page and its frames watched by Chromium itself (the `pathway-network` command): without a
 * candidate endpoint nothing leaves the package's own origin — not to the LMS, not to any LRS; with one,
 * statements go only there (the real LRS), under a pseudonym, and the LMS's LRS hears nothing. SCORM 1.2 and
 * 2004 in scorm-again record completion only; cmi5 and xAPI are launched by the test LMS as usual.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { playAnswers, playCompletion } from '../../lms-packages/testing/scripted-learner.js';
import type { Model } from '../../src/model/types.js';
import type { Statement } from '../../src/tracking/types.js';
import { auAddress, fetchCmi5Package, launchAu, lmsLaunch, lmsLog, waitFor } from './cmi5-harness.js';
import { fetchPackage, get, installLms, launchSco, uninstallLms, type Format } from './scorm-harness.js';

const MODEL = 'customer-success';
interface Seen {
  method: string;
  url: string;
  body?: string;
}

const watch = () => executeServerCommand('pathway-network', { watch: true });
const seen = () => executeServerCommand('pathway-network', { watch: false }) as Promise<Seen[]>;
const testLrs = () => executeServerCommand('pathway-xapi-start') as Promise<{ lrs: string; proxy: string; auth: string }>;
const storedFor = (agent: unknown) => executeServerCommand('pathway-xapi-statements', { agent }) as Promise<Statement[]>;
const foreign = (requests: readonly Seen[]) => requests.filter((r) => new URL(r.url).origin !== location.origin);

/** The pseudonymous actor of the statements the package POSTed (read from the requests Chromium saw). */
function postedActors(requests: readonly Seen[]): unknown[] {
  const actors = requests
    .filter((r) => r.method === 'POST' && r.body)
    .flatMap((r) => [JSON.parse(r.body!)].flat() as Statement[])
    .map((s) => JSON.stringify(s.actor));
  return [...new Set(actors)].map((a) => JSON.parse(a));
}

async function playSession(handle: { runtime: import('../../src/lms/runtime.js').Runtime }, model: Model): Promise<void> {
  const progress = await playAnswers(handle.runtime, model, 0, 6);
  await playCompletion(handle.runtime, model, progress);
  await handle.runtime.finish('finished');
}

describe('candidate packages: nothing leaves unless a candidate endpoint is set, and then only to it', () => {
  afterEach(() => {
    uninstallLms();
    document.querySelectorAll('iframe').forEach((f) => f.remove());
  });

  for (const format of ['scorm12', 'scorm2004'] as Format[]) {
    it(`${format}: the LMS gets completion only, and no request leaves the package`, async function () {
      this.timeout(120_000);
      const pkg = await fetchPackage(`${MODEL}~candidate`, format);
      expect(pkg.model.delivery?.mode).to.equal('candidate');
      const lms = installLms(format);
      await watch();
      const { handle, win } = await launchSco(`/__pathway/packages/${MODEL}~candidate/${format}/${pkg.scoHref}`);
      await waitFor('the element', () => win.document.querySelector('pathway-assessment[mode="candidate"]') ?? undefined);
      await playSession(handle, pkg.model);
      await new Promise((r) => setTimeout(r, 300));
      expect(foreign(await seen()), 'requests that left the package').to.deep.equal([]);
      const cmi = lms.cmi();
      if (format === 'scorm12') {
        expect(get(cmi, 'core.lesson_status')).to.equal('completed');
        expect(get(cmi, 'core.score.raw')).to.equal('');
      } else {
        expect(get(cmi, 'completion_status')).to.equal('completed');
        expect(get(cmi, 'success_status')).to.equal('unknown');
        expect(get(cmi, 'score.scaled')).to.equal('');
      }
      expect(Object.keys((get(cmi, 'interactions') as object | undefined) ?? {}), 'no answers in the LMS').to.deep.equal([]);
      expect(Object.keys((get(cmi, 'objectives') as object | undefined) ?? {}), 'no levels in the LMS').to.deep.equal([]);
      expect(lms.recorder.sets().filter((c) => /interactions|objectives|score/.test(c.element)), 'no such element was even written').to.deep.equal([]);
    });
  }

  it('scorm2004 with a candidate endpoint: statements go only to it, under a pseudonym', async function () {
    this.timeout(120_000);
    const { lrs } = await testLrs();
    const port = new URL(lrs).port;
    const pkg = await fetchPackage(`${MODEL}~candidate-${port}`, 'scorm2004');
    expect(pkg.files['pathway-lrs-reporting.js'], 'the xAPI reporting chunk').to.exist;
    const lms = installLms('scorm2004');
    await watch();
    const { handle } = await launchSco(`/__pathway/packages/${MODEL}~candidate-${port}/scorm2004/${pkg.scoHref}`);
    await playSession(handle, pkg.model);
    const requests = await seen();
    const out = foreign(requests);
    expect(out.length, 'statements were sent').to.be.greaterThan(0);
    for (const r of out) expect(r.url.startsWith(lrs), r.url).to.equal(true);
    const [actor, ...others] = postedActors(out) as { account?: { name: string; homePage: string } }[];
    expect(others).to.deep.equal([]);
    expect(actor!.account!.name).to.match(/^candidate-[0-9a-f-]{36}$/);
    expect(actor!.account!.homePage).to.equal(new URL(lrs).origin);
    const stored = await storedFor(actor);
    expect(stored.map((s) => s.verb.id.split('/').pop())).to.include.members(['answered', 'completed']);
    expect(get(lms.cmi(), 'completion_status')).to.equal('completed');
    expect(JSON.stringify(get(lms.cmi(), 'learner_id') ?? '')).to.not.contain('candidate-');
  });

  it('cmi5: the LMS is never contacted (no token fetch, no statement); the AU is satisfied by launch (moveOn NotApplicable)', async function () {
    this.timeout(120_000);
    const pkg = await fetchCmi5Package(`${MODEL}~candidate`);
    const au = pkg.aus[0]!;
    expect(au.moveOn).to.equal('NotApplicable');
    expect(au.masteryScore).to.equal(undefined);
    const launch = await lmsLaunch({ auId: au.id, moveOn: au.moveOn });
    await watch();
    const { handle } = await launchAu(auAddress(`${MODEL}~candidate`, 'cmi5', au.url, launch.query));
    expect(handle.runtime.kind).to.equal('standalone');
    await playSession(handle, pkg.model);
    await new Promise((r) => setTimeout(r, 300));
    expect(foreign(await seen()), 'requests that left the package').to.deep.equal([]);
    const log = await lmsLog(launch.key);
    expect(log.fetches).to.equal(0);
    expect(log.events).to.deep.equal([]);
  });

  it('xAPI (Tin Can): the credential leaves the address bar, and nothing goes to the launch LRS; with an endpoint only to it', async function () {
    this.timeout(120_000);
    const { lrs } = await testLrs();
    const port = new URL(lrs).port;
    for (const variant of [`${MODEL}~candidate`, `${MODEL}~candidate-${port}`]) {
      const response = await fetch(`/__pathway/packages/${variant}/xapi/tincan.xml`);
      const activityId = /<activity id="([^"]+)"/.exec(await response.text())![1]!;
      const model = (await (await fetch(`/__pathway/packages/${variant}/xapi/model.json`)).json()) as Model;
      const launch = await lmsLaunch({ kind: 'tincan', auId: activityId });
      await watch();
      const { handle, win } = await launchAu(auAddress(variant, 'xapi', 'index.html', launch.query));
      expect(win.location.search, 'the launch left the address bar').to.equal('');
      await playSession(handle, model);
      await new Promise((r) => setTimeout(r, 300));
      const out = foreign(await seen());
      if (variant.endsWith('~candidate')) expect(out, `${variant}: requests that left the package`).to.deep.equal([]);
      else {
        expect(out.length).to.be.greaterThan(0);
        for (const r of out) expect(r.url.startsWith(lrs), r.url).to.equal(true);
        const actors = postedActors(out) as { account?: { name: string } }[];
        expect(actors).to.have.length(1);
        expect(actors[0]!.account!.name).to.match(/^candidate-/);
        expect((await storedFor(actors[0])).length).to.be.greaterThan(0);
      }
      const log = await lmsLog(launch.key);
      expect(log.events, `${variant}: the launch LRS heard nothing`).to.deep.equal([]);
      document.querySelectorAll('iframe').forEach((f) => f.remove());
    }
  });
});
