import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys, setViewport } from '@web/test-runner-commands';
import { generateOrganisation } from '../../src/insights/analytics/generate.js';
import { buildInsightsReport } from '../../src/insights/analytics/report.js';
import type { InsightsReport } from '../../src/insights/analytics/types.js';
import type { Model } from '../../src/model/types.js';
import { PathwayTeam } from './team.component.js';
import './team.js';

/** A generated organisation, built in the browser (the analytics are DOM-free): small teams included, a few opt-outs. */
async function organisation(): Promise<{ model: Model; report: InsightsReport; optedOut: string[] }> {
  const model = (await (await fetch('/demo/models/software-engineer.json')).json()) as Model;
  const org = generateOrganisation(model, { people: 70, teams: 9, seed: 12, optedOut: 0.08 });
  const requests = org.profiles.slice(0, 4).map((p, i) => ({ person: p.person.id, raters: [{ id: 'r1', name: 'Rater One', kind: 'manager' as const, ...(i % 2 ? { answeredAt: '2026-11-01T00:00:00Z' } : {}) }] }));
  const report = buildInsightsReport(model, org.profiles, { history: org.history, requests });
  return { model, report, optedOut: org.profiles.filter((p) => p.optedOut).flatMap((p) => [p.person.id, p.person.name!]) };
}

/** Everything the element shows, across every view. */
async function allText(el: PathwayTeam): Promise<string> {
  let text = '';
  for (const view of ['heatmap', 'patterns', 'mentors', 'builder', 'culture', 'requests'] as const) {
    el.view = view;
    await el.updateComplete;
    text += el.shadowRoot!.textContent;
  }
  el.view = 'heatmap';
  await el.updateComplete;
  return text;
}

const select = async (el: PathwayTeam, label: string, value: string) => {
  const s = [...el.shadowRoot!.querySelectorAll('label')].find((l) => l.textContent!.trim().startsWith(label))!.querySelector('select')!;
  s.value = value;
  s.dispatchEvent(new Event('change'));
  await el.updateComplete;
};

describe('<pathway-team>', () => {
  it('draws the heatmap with levels, ranges and status in text, windowed, with the group mean', async () => {
    const { report } = await organisation();
    const el = await fixture<PathwayTeam>(html`<pathway-team lang="en" .report=${report}></pathway-team>`);
    const root = el.shadowRoot!;
    const table = root.querySelector('table.heatmap')!;
    expect(Number(table.getAttribute('aria-rowcount'))).to.equal(report.people!.length + 1);
    const drawn = table.querySelectorAll('tbody tr:not(.spacer)');
    expect(drawn.length).to.be.above(5).and.at.most(report.people!.length);
    // The first row is the first person by team then name; each cell says level, range and status in words.
    const first = report.people![0]!;
    const cell = first.cells.find((c) => c.current)!;
    const column = report.competencies.findIndex((c) => c.id === cell.competency);
    const td = drawn[0]!.querySelectorAll('td')[column]!;
    expect(td.querySelector('.sr-only')!.textContent).to.contain(`${cell.level.toFixed(1)} (${cell.interval[0].toFixed(1)}–${cell.interval[1].toFixed(1)})`);
    expect(td.classList.contains(cell.current!.status)).to.equal(true);
    expect(root.querySelector('tfoot')!.textContent).to.match(/\d\.\d/);
    await expect(el).to.be.accessible();
  });

  it('a group below the minimum is hidden with the reason, never a number', async () => {
    const { report } = await organisation();
    const small = report.teams.find((t) => report.people!.filter((p) => p.team === t).length < report.settings.minGroupSize)!;
    expect(small, 'the organisation has a small team').to.be.a('string');
    const el = await fixture<PathwayTeam>(html`<pathway-team lang="en" .report=${report}></pathway-team>`);
    await select(el, 'Team', small);
    const foot = el.shadowRoot!.querySelector('tfoot')!;
    expect(foot.textContent).to.contain('fewer than');
    expect(foot.textContent!.replace(/fewer than \d+ people/g, '')).not.to.match(/\d/);
    el.view = 'patterns';
    await el.updateComplete;
    const patterns = el.shadowRoot!.querySelector('[part=patterns]')!;
    expect(patterns.textContent).to.contain('Hidden: this group has fewer than');
    expect(patterns.textContent!.replace(/fewer than \d+ people/g, '').replace(/Level/g, '')).not.to.match(/\d/);
    await expect(el).to.be.accessible();
  });

  it('opted-out people are absent from every view; no raw response anywhere', async () => {
    const { model, report, optedOut } = await organisation();
    expect(optedOut.length).to.be.above(0);
    const el = await fixture<PathwayTeam>(html`<pathway-team lang="en" .report=${report}></pathway-team>`);
    const text = await allText(el);
    for (const who of optedOut) expect(text).not.to.contain(who);
    for (const item of model.items.slice(0, 40)) expect(text).not.to.contain('stem' in item && typeof item.stem === 'string' ? item.stem : item.id);
    expect(text).to.contain('Rater One');
  });

  it('keyboard: arrows move between views; a row opens the person and fires pathway-person-open', async () => {
    const { report } = await organisation();
    const el = await fixture<PathwayTeam>(html`<pathway-team lang="en" .report=${report}></pathway-team>`);
    el.shadowRoot!.querySelector<HTMLButtonElement>('#tab-heatmap')!.focus();
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(el.view).to.equal('patterns');
    expect(el.shadowRoot!.activeElement!.id).to.equal('tab-patterns');
    await sendKeys({ press: 'ArrowLeft' });
    await el.updateComplete;
    const button = el.shadowRoot!.querySelector<HTMLButtonElement>('tbody th button')!;
    button.focus();
    const opened = oneEvent(el, 'pathway-person-open');
    await sendKeys({ press: 'Enter' });
    const event = await opened;
    expect(event.detail.person.id).to.equal(report.people![0]!.id);
    expect(event.composed).to.equal(true);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=person]')!.textContent).to.contain(report.people![0]!.name!);
    await expect(el).to.be.accessible();
  });

  it('mentors: accept and decline are events; the team builder proposes and explains', async () => {
    const { report } = await organisation();
    const el = await fixture<PathwayTeam>(html`<pathway-team lang="en" view="mentors" .report=${report}></pathway-team>`);
    expect(report.mentors!.pairs.length).to.be.above(0);
    const accept = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Accept')!;
    const accepted = oneEvent(el, 'pathway-mentor-accept');
    accept.click();
    expect((await accepted).detail.pair.mentor).to.be.a('string');
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('Accepted.');
    await expect(el).to.be.accessible();
    el.view = 'builder';
    await el.updateComplete;
    [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Propose a team')!.click();
    await el.updateComplete;
    await waitUntil(() => el.shadowRoot!.textContent!.includes('Proposed:'));
    await expect(el).to.be.accessible();
  });

  it('people without a team (no roster): no empty team to filter by, no stray separator', async () => {
    const model = (await (await fetch('/demo/models/software-engineer.json')).json()) as Model;
    const org = generateOrganisation(model, { people: 12, teams: 2, seed: 5 });
    const profiles = org.profiles.map((p, i) => ({ ...p, person: { id: p.person.id, name: p.person.name!, ...(i % 3 === 0 ? { role: p.person.role! } : {}) } }));
    const report = buildInsightsReport(model, profiles);
    expect(report.teams).to.include('');
    const el = await fixture<PathwayTeam>(html`<pathway-team lang="en" .report=${report}></pathway-team>`);
    const root = el.shadowRoot!;
    for (const [view, label] of [['heatmap', 'Team'], ['builder', 'Pick from']] as const) {
      el.view = view;
      await el.updateComplete;
      const options = [...[...root.querySelectorAll('label')].find((l) => l.textContent!.trim().startsWith(label))!.querySelectorAll('option')];
      expect(options.map((o) => o.textContent!.trim()), view).to.deep.equal(['All teams']);
      expect(options[0]!.selected).to.equal(true);
    }
    el.view = 'heatmap';
    await el.updateComplete;
    const places = [...root.querySelectorAll('table.heatmap tbody th .muted')].map((s) => s.textContent!.trim());
    expect(places.length).to.be.above(3);
    expect(places.filter((t) => t.startsWith('·'))).to.deep.equal([]);
    expect(places.some((t) => t.length > 0), 'the people with a role show it').to.equal(true);
    root.querySelector<HTMLButtonElement>('table.heatmap tbody th button')!.click();
    await el.updateComplete;
    expect(root.querySelector('[part=person] p')!.textContent!.trim()).to.match(/^(\S.*\. )?Evidence:/);
  });

  it('renders an invalid report as an error and fires pathway-error', async () => {
    const el = await fixture<PathwayTeam>(html`<pathway-team lang="en"></pathway-team>`);
    const error = oneEvent(el, 'pathway-error');
    el.report = { format: 'something-else' };
    expect((await error).detail.message).to.contain('pathway-insights-report/1');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role=alert]')!.textContent).to.contain('format');
  });

  it('German chrome; screenshots at 1280, 375 and 320 px without horizontal scrolling', async () => {
    const { report } = await organisation();
    const el = await fixture<PathwayTeam>(html`<pathway-team lang="de" .report=${report}></pathway-team>`);
    await waitUntil(() => el.shadowRoot!.textContent!.includes('Kompetenz'));
    el.lang = 'en';
    await waitUntil(() => el.shadowRoot!.textContent!.includes('Competency'));
    await setViewport({ width: 1280, height: 900 });
    await executeServerCommand('pathway-screenshot', { name: 'team-heatmap-1280' });
    for (const width of [375, 320]) {
      await setViewport({ width, height: 800 });
      await el.updateComplete;
      expect(document.documentElement.scrollWidth, `no horizontal scrolling at ${width} px`).to.be.at.most(width);
      await executeServerCommand('pathway-screenshot', { name: `team-heatmap-${width}` });
      el.view = 'patterns';
      await el.updateComplete;
      expect(document.documentElement.scrollWidth).to.be.at.most(width);
      await executeServerCommand('pathway-screenshot', { name: `team-patterns-${width}` });
      el.view = 'heatmap';
      await el.updateComplete;
    }
    await setViewport({ width: 1280, height: 900 });
    el.view = 'mentors';
    await el.updateComplete;
    await executeServerCommand('pathway-screenshot', { name: 'team-mentors-1280' });
  });
});
