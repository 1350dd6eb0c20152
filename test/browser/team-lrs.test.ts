// <pathway-team> reading the evidence itself from the real LRS (test/lrs/lrs-process.mjs): simulated
// people with known levels, rated by themselves, a manager and three peers through the engine and the
// real statement builders, posted to the LRS; the element gets the LRS, the model and a roster.
// Checks: the levels shown are the ones intended (the true θ inside the stated 90% range in most
// cells); a team below the minimum is never shown with a number; the manager's element holds no
// response (no item, no answer) in its DOM or in its data.
// A person who opted out (the profile's `left` statement, sent to the same LRS) is absent from every
// view and from the element's data.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { Model } from '../../src/model/types.js';
import { consentStatement, forVersion } from '../../src/tracking/statements.js';
import type { Statement } from '../../src/tracking/types.js';
import type { InsightsReport } from '../../src/insights/analytics/types.js';
import { PathwayTeam } from '../../components/team/team.component.js';
import '../../components/team/team.js';
import { population, statementsOf, type SimulatedPerson } from '../support/insights-population.js';
import { fuseAssessments } from '../../src/assessment/session.js';
import { thetaToLevel } from '../../src/model/levels.js';

interface Endpoints {
  lrs: string;
  auth: string;
}

const PEOPLE = 12;
const teamOf = (i: number): string => (i < 5 ? 'North' : i < 10 ? 'South' : 'Tiny');

/** The element's next pathway-evidence-read, or a failure with the message of its pathway-error. */
function nextRead(): Promise<CustomEvent> {
  return new Promise((resolve, reject) => {
    document.addEventListener('pathway-evidence-read', (e) => resolve(e as CustomEvent), { once: true });
    document.addEventListener('pathway-error', (e) => reject(new Error((e as CustomEvent<{ message: string }>).detail.message)), { once: true });
  });
}

async function post(endpoint: string, auth: string, statements: readonly Statement[]): Promise<void> {
  for (let at = 0; at < statements.length; at += 200) {
    const response = await fetch(`${endpoint}statements`, {
      method: 'POST',
      headers: { Authorization: auth, 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json' },
      body: JSON.stringify(statements.slice(at, at + 200).map((s) => forVersion(s, '1.0.3'))),
    });
    expect(response.ok, `LRS answered ${response.status}`).to.equal(true);
  }
}

describe('<pathway-team> from the real LRS', () => {
  it('shows the intended levels, hides small teams, and holds no response', async function () {
    this.timeout(180_000);
    const sample = (await (await fetch('/demo/models/customer-success.json')).json()) as Model;
    // A model id of its own, so that statements other test files send to the same LRS are foreign here.
    const model: Model = { ...sample, id: `${sample.id.replace(/\/+$/, '')}-team-lrs` };
    delete (model as { stamp?: unknown }).stamp;
    const people: SimulatedPerson[] = [...population(model, { people: PEOPLE, peers: 3, seed: 4242 })];
    const { lrs, auth } = (await executeServerCommand('pathway-xapi-start')) as Endpoints;
    const statements = statementsOf(people);
    await post(lrs, auth, statements);
    const roster = ['person,name,team,manager,role', ...people.map((p, i) => `${p.key},Person ${i},${teamOf(i)},account:https://lms.example.com|m-${i % 7},${p.currentRole}`)].join('\n');

    const read = nextRead();
    const el = await fixture<PathwayTeam>(html`<pathway-team lang="en" .model=${model} .roster=${roster} .lrs=${{ endpoint: lrs, auth }}></pathway-team>`);
    const detail = (await read).detail as { people: number; skipped: Record<string, number> };
    await waitUntil(() => el.shadowRoot!.querySelector('table.heatmap tbody tr:not(.spacer)'), 'heatmap drawn', { timeout: 30_000 });
    expect(detail.people).to.equal(PEOPLE);
    const report = (el as unknown as { valid: InsightsReport }).valid;
    expect(report.people!.length).to.equal(PEOPLE);

    // The intended levels: the true θ inside the stated 90% range in most cells.
    let inside = 0;
    let total = 0;
    for (const row of report.people!) {
      const truth = people.find((p) => p.key === row.id)!;
      for (const cell of row.cells) {
        const c = model.competencies.findIndex((x) => x.id === cell.competency);
        total++;
        if (Math.abs(cell.theta - truth.theta[c]!) <= 1.645 * cell.sd) inside++;
      }
    }
    expect(total).to.be.above(PEOPLE);
    expect(inside / total, `${inside} of ${total} cells`).to.be.above(0.8);
    // What the heatmap draws is each drawn person's fused level.
    for (const tr of el.shadowRoot!.querySelectorAll('table.heatmap tbody tr:not(.spacer)')) {
      const name = tr.querySelector('th button')!.textContent!.trim();
      const row = report.people!.find((p) => p.name === name)!;
      expect(tr.textContent).to.contain(row.cells[0]!.level.toFixed(1));
    }

    // Team "Tiny" (2 people) is below the minimum: the reason, never a number.
    expect(report.settings.minGroupSize).to.be.above(2);
    el.view = 'patterns';
    await el.updateComplete;
    const select = [...el.shadowRoot!.querySelectorAll('label')].find((l) => l.textContent!.trim().startsWith('Team'))!.querySelector('select')!;
    select.value = 'Tiny';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const patterns = el.shadowRoot!.querySelector('[part=patterns]')!.textContent!;
    expect(patterns).to.contain('Hidden');
    expect(patterns.replace(/fewer than \d+ people/g, '').replace(/Level/g, '')).not.to.match(/\d/);

    // No response anywhere: no item id, no answered statement's response, in any view or in the data.
    let all = '';
    for (const view of ['heatmap', 'patterns', 'mentors', 'culture', 'requests'] as const) {
      el.view = view;
      await el.updateComplete;
      all += el.shadowRoot!.innerHTML;
    }
    const data = JSON.stringify(report);
    const itemIds = model.items.map((i) => i.id);
    for (const id of itemIds) {
      expect(all, `item ${id} in the DOM`).not.to.contain(`"${id}"`);
      expect(data, `item ${id} in the data`).not.to.contain(`"${id}"`);
    }
    expect(data).not.to.match(/"responses?"\s*:/);
    const answered = statements.filter((s) => s.verb.id.endsWith('/answered'));
    expect(answered.length).to.be.above(PEOPLE);
    expect(data).not.to.contain(answered[0]!.object && (answered[0]!.object as { id: string }).id);
  });

  it('shows the culture over time from re-assessments at different dates, and hides a quarter where too few changed', async function () {
    this.timeout(240_000);
    const sample = (await (await fetch('/demo/models/customer-success.json')).json()) as Model;
    const model: Model = { ...sample, id: `${sample.id.replace(/\/+$/, '')}-team-lrs-over-time` };
    delete (model as { stamp?: unknown }).stamp;
    // Everyone in February 2026 and again in August; one of them once more in October.
    const first = [...population(model, { people: PEOPLE, peers: 3, seed: 501, start: '2026-02-02T08:00:00.000Z' })];
    const again = [...population(model, { people: PEOPLE, peers: 3, seed: 502, start: '2026-08-03T08:00:00.000Z' })];
    const once = [...population(model, { people: 1, peers: 3, seed: 503, start: '2026-10-05T08:00:00.000Z' })];
    const { lrs, auth } = (await executeServerCommand('pathway-xapi-start')) as Endpoints;
    await post(lrs, auth, [...statementsOf(first), ...statementsOf(again), ...statementsOf(once)]);
    const half = (i: number) => (i < PEOPLE / 2 ? 'North' : 'South');
    const roster = ['person,name,team,manager,role', ...first.map((p, i) => `${p.key},Person ${i},${half(i)},account:https://lms.example.com|m-${i % 7},${p.currentRole}`)].join('\n');

    const read = nextRead();
    const el = await fixture<PathwayTeam>(html`<pathway-team lang="en" view="culture" .model=${model} .roster=${roster} .lrs=${{ endpoint: lrs, auth }}></pathway-team>`);
    await read;
    await waitUntil(() => el.shadowRoot!.querySelector('[part=culture]'), 'culture view drawn', { timeout: 30_000 });
    const report = (el as unknown as { valid: InsightsReport }).valid;
    const competency = model.competencies[0]!;
    const periodsOf = (figures: InsightsReport['organisation']) => figures.culture.find((c) => c.competency === competency.id)!.periods;
    const periods = periodsOf(report.organisation);
    expect(periods.map((p) => p.period)).to.deep.equal(['2026-Q1', '2026-Q3', '2026-Q4']);

    // February: everyone's first assessment, fused by the engine from the raters' saved states.
    const scale = competency.scale ?? model.scale;
    const levels = first.flatMap((p) => {
      const r = fuseAssessments(model, p.raters.map((x) => x.state)).competencies.find((c) => c.competency === competency.id)!;
      return r.responses > 0 ? [thetaToLevel(scale, r.theta)] : [];
    });
    const q1 = periods[0]!.figure as { n: number; meanLevel: number };
    expect(q1.n).to.equal(levels.length);
    expect(q1.meanLevel).to.be.closeTo(levels.reduce((a, b) => a + b, 0) / levels.length, 1e-9);
    const q3 = periods[1]!.figure as { n: number; meanLevel: number };
    expect(q3.n).to.equal(levels.length);
    expect(q3.meanLevel).to.not.be.closeTo(q1.meanLevel, 1e-6);
    // October: one person in North changed; North's difference to August would be theirs, so North's quarter
    // says why it is hidden, and the organisation's counts South only.
    expect(report.byTeam.North!.people).to.equal(PEOPLE / 2);
    expect(periodsOf(report.byTeam.North!)[2]!.figure).to.deep.equal({ hidden: 'too-few-changed', minimum: report.settings.minGroupSize });
    expect((periods[2]!.figure as { n: number }).n).to.equal((periodsOf(report.byTeam.South!)[2]!.figure as { n: number }).n);
    const select = [...el.shadowRoot!.querySelectorAll('label')].find((l) => l.textContent!.trim().startsWith('Team'))!.querySelector('select')!;
    select.value = 'North';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const table = [...el.shadowRoot!.querySelectorAll('[part=culture] table')].at(-1)!;
    const rows = [...table.querySelectorAll('tbody tr')];
    expect(rows.map((r) => r.querySelector('th')!.textContent!.trim())).to.deep.equal(['2026-Q1', '2026-Q3', '2026-Q4']);
    expect(rows[0]!.textContent).to.match(/\d\.\d/);
    const october = rows[2]!.textContent!;
    expect(october).to.contain('fewer than 5 people were assessed (again)');
    expect(october.replace('2026-Q4', '').replace(/fewer than \d+ people/g, '')).not.to.match(/\d/);
  });

  it('leaves a person who opted out out of every view and of its data', async function () {
    this.timeout(180_000);
    const sample = (await (await fetch('/demo/models/customer-success.json')).json()) as Model;
    const model: Model = { ...sample, id: `${sample.id.replace(/\/+$/, '')}-team-lrs-opt-out` };
    delete (model as { stamp?: unknown }).stamp;
    const people: SimulatedPerson[] = [...population(model, { people: 7, peers: 3, seed: 99 })];
    const { lrs, auth } = (await executeServerCommand('pathway-xapi-start')) as Endpoints;
    const leaver = people[3]!;
    const scope = { model, actor: leaver.agent, registration: '0d0d0d0d-0000-4000-8000-000000000003', session: 'opt-out', activityId: 'https://lms.example.com/activities/pathway' };
    await post(lrs, auth, [...statementsOf(people), consentStatement(scope, true, new Date().toISOString())]);
    const roster = ['person,name,team,manager,role', ...people.map((p, i) => `${p.key},Person ${i},North,account:https://lms.example.com|m-1,${p.currentRole}`)].join('\n');

    const read = nextRead();
    const el = await fixture<PathwayTeam>(html`<pathway-team lang="en" .model=${model} .roster=${roster} .lrs=${{ endpoint: lrs, auth }}></pathway-team>`);
    await read;
    await waitUntil(() => el.shadowRoot!.querySelector('table.heatmap tbody tr:not(.spacer)'), 'heatmap drawn', { timeout: 30_000 });
    const report = (el as unknown as { valid: InsightsReport }).valid;
    expect(report.people!.map((p) => p.id)).to.have.members(people.filter((p) => p !== leaver).map((p) => p.key));
    let all = '';
    for (const view of ['heatmap', 'patterns', 'mentors', 'culture', 'requests'] as const) {
      el.view = view;
      await el.updateComplete;
      all += el.shadowRoot!.innerHTML;
    }
    expect(all).to.contain('Person 2');
    expect(all).not.to.contain('Person 3');
    expect(JSON.stringify(report)).not.to.contain(leaver.key);
  });

  it('reads a statements file (NDJSON) the same way, and reports a broken file as an error, not a blank element', async function () {
    this.timeout(120_000);
    const model = (await (await fetch('/test/fixtures/tiny-model.json')).json()) as Model;
    const people = [...population(model, { people: 4, peers: 3, seed: 77 })];
    const ndjson = `${statementsOf(people).map((s) => JSON.stringify(s)).join('\n')}\nnot json\n`;
    const url = URL.createObjectURL(new Blob([ndjson], { type: 'application/x-ndjson' }));
    const read = nextRead();
    const el = await fixture<PathwayTeam>(html`<pathway-team lang="en" .model=${model} statements-src=${url}></pathway-team>`);
    const detail = (await read).detail as { people: number; badLines: number };
    expect(detail.people).to.equal(4);
    expect(detail.badLines).to.equal(1);
    await waitUntil(() => el.shadowRoot!.querySelector('table.heatmap tbody tr:not(.spacer)'), 'heatmap drawn', { timeout: 10_000 });

    const failed = new Promise<CustomEvent>((resolve) => document.addEventListener('pathway-error', (e) => resolve(e as CustomEvent), { once: true }));
    const broken = await fixture<PathwayTeam>(html`<pathway-team lang="en" statements-src=${url}></pathway-team>`);
    const error = (await failed).detail as { source: string; message: string };
    expect(error.source).to.equal('evidence');
    expect(error.message).to.contain('model');
    await broken.updateComplete;
    expect(broken.shadowRoot!.textContent).to.contain('model');
  });
});
