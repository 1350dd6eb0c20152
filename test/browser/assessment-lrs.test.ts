/**
 * <pathway-assessment> reporting to a real LRS (xapi-statements on loopback): configured from a
 * TinCan-style launch URL (`xapi-launch`) or the `lrs` property; statements arrive in the LRS, the
 * credential leaves no trace, and an endpoint outside the allow-list is refused with a pathway-error
 * while the assessment goes on.
 */
import { expect, fixture, fixtureCleanup, html, oneEvent, waitUntil } from '@open-wc/testing';
import { profileViolations, type StatementTemplate } from '../support/xapi-profile-check.js';
import { executeServerCommand } from '@web/test-runner-commands';
import type { PathwayAssessment } from '../../components/assessment/assessment.component.js';
import '../../components/assessment/assessment.js';
import type { PathwayErrorDetail } from '../../components/shared/events.js';
import type { Model } from '../../src/model/types.js';
import type { Statement } from '../../src/tracking/types.js';
import { randomUuid } from '../../src/tracking/uuid.js';
import { answerUntilResults, forgetSavedProgress, indexedDbText } from '../support/element-learner.js';

interface Endpoints {
  lrs: string;
  proxy: string;
  auth: string;
}

const verb = (s: Statement) => s.verb.id.split('/').pop()!;

/** Starts the assessment and answers every item by clicking until the results appear. */
async function complete(el: PathwayAssessment): Promise<number> {
  const root = el.shadowRoot!;
  await waitUntil(() => root.querySelector('section.intro'), 'introduction', { timeout: 10_000 });
  root.querySelector<HTMLButtonElement>('.intro button.primary')!.click();
  return answerUntilResults(el);
}

/** The statement templates of the Pathway xAPI profile, read from profile/pathway.jsonld itself. */
const profileTemplates = async () => ((await (await fetch('/profile/pathway.jsonld')).json()) as { templates: StatementTemplate[] }).templates;

describe('<pathway-assessment> with an LRS', () => {
  // Each test starts with no saved progress: a finished run would reopen on its results.
  beforeEach(forgetSavedProgress);
  afterEach(() => fixtureCleanup());

  it('reads a TinCan launch URL, sends every statement to the LRS, and leaves no trace of the credential', async function () {
    this.timeout(120_000);
    const { lrs, auth } = (await executeServerCommand('pathway-xapi-start')) as Endpoints;
    const model = (await (await fetch('/test/fixtures/tiny-model.json')).json()) as Model;
    const registration = randomUuid();
    const original = location.href;
    const launch = new URL(location.href);
    launch.searchParams.set('endpoint', lrs);
    launch.searchParams.set('auth', auth);
    launch.searchParams.set('actor', JSON.stringify({ name: 'Dana Learner', account: { homePage: 'https://lms.example.com', name: 'learner-4711' } }));
    launch.searchParams.set('registration', registration);
    history.replaceState(null, '', launch.href);
    try {
      const el = await fixture<PathwayAssessment>(html`<pathway-assessment xapi-launch current-role="member" lang="en"></pathway-assessment>`);
      el.model = model;
      const answered = await complete(el);
      expect(location.href, 'launch parameters removed from the address bar').to.not.match(/auth=|endpoint=|actor=/);

      let stored: Statement[] = [];
      await waitUntil(
        async () => {
          stored = (await executeServerCommand('pathway-xapi-statements', { registration })) as Statement[];
          return stored.some((s) => verb(s) === 'planned' || s.verb.id.endsWith('/planned'));
        },
        'the pathway statement reached the LRS',
        { timeout: 20_000, interval: 200 },
      );
      const verbs = stored.map(verb);
      expect(verbs.filter((v) => v === 'answered')).to.have.length(answered);
      expect(verbs).to.include('initialized');
      expect(verbs).to.include('completed');
      expect(new Set(stored.map((s) => s.id)).size, 'no duplicates').to.equal(stored.length);
      expect(stored.every((s) => (s.actor as { account?: { name: string } }).account?.name === 'learner-4711')).to.equal(true);
      expect(profileViolations(await profileTemplates(), stored), 'what the LRS stored fits the Pathway profile').to.deep.equal([]);

      const token = auth.replace(/^Basic /, '');
      const traces = {
        url: location.href,
        dom: document.documentElement.outerHTML + el.shadowRoot!.innerHTML,
        indexedDB: await indexedDbText(),
        localStorage: JSON.stringify({ ...localStorage }),
        sessionStorage: JSON.stringify({ ...sessionStorage }),
        statements: JSON.stringify(stored),
      };
      for (const [where, text] of Object.entries(traces)) expect(text, where).to.not.contain(token);
    } finally {
      history.replaceState(null, '', original);
    }
  });

  it('refuses an endpoint outside the allow-list with a pathway-error, the assessment goes on, and the LRS receives nothing', async function () {
    this.timeout(60_000);
    const { lrs, auth } = (await executeServerCommand('pathway-xapi-start')) as Endpoints;
    const model = (await (await fetch('/test/fixtures/tiny-model.json')).json()) as Model;
    const el = await fixture<PathwayAssessment>(html`<pathway-assessment current-role="member" lang="en" lrs-allowed-origins="https://lrs.example.org"></pathway-assessment>`);
    const errors: PathwayErrorDetail[] = [];
    el.addEventListener('pathway-error', (e) => errors.push(e.detail));
    const actor = { mbox: `mailto:${randomUuid()}@example.com` };
    el.lrs = { endpoint: lrs, auth, actor };
    const ready = oneEvent(el, 'pathway-ready');
    el.model = model;
    await ready;
    await complete(el);
    const refusal = errors.find((e) => e.source === 'lrs');
    expect(refusal, 'a pathway-error from the LRS configuration').to.exist;
    expect(refusal!.message).to.contain(new URL(lrs).origin);
    expect(refusal!.message).to.not.contain(auth.replace(/^Basic /, ''));
    expect(el.shadowRoot!.querySelector('.notice'), 'the learner is told').to.exist;

    // Positive signal first: a marker for the same learner, sent after the assessment ended, is stored;
    // anything the element had sent would have been stored before it.
    const marker = { id: randomUuid(), actor, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object: { id: 'https://pathway.example/test/marker' } };
    const posted = await fetch(`${lrs}statements`, { method: 'POST', headers: { Authorization: auth, 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json' }, body: JSON.stringify(marker) });
    expect(posted.ok, `the LRS stored the marker (${posted.status})`).to.equal(true);
    let stored: Statement[] = [];
    await waitUntil(
      async () => {
        stored = (await executeServerCommand('pathway-xapi-statements', { agent: actor })) as Statement[];
        return stored.some((s) => s.id === marker.id);
      },
      'the marker is readable',
      { timeout: 20_000, interval: 200 },
    );
    expect(stored.map((s) => s.id), 'nothing but the marker reached the LRS for this learner').to.deep.equal([marker.id]);
  });
});
