// The team demo page (`npm start` → Team view): the generated organisation's report in <pathway-team>.
// The levels it shows are the ones the generator intended, within the stated ranges; opted-out people
// are nowhere; groups below the minimum show no number.
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { InsightsReport } from '../../src/insights/analytics/types.js';
import type { PathwayTeam } from '../../components/team/team.component.js';

interface Truth {
  id: string;
  optedOut: boolean;
  theta: number[];
}

describe('team demo page', () => {
  it('shows the generated organisation: intended levels within their ranges, opted-out people absent', async function () {
    this.timeout(90_000);
    const frame = document.createElement('iframe');
    frame.style.width = '1280px';
    frame.style.height = '900px';
    frame.src = '/demo/team.html';
    document.body.append(frame);
    await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    const doc = frame.contentDocument!;
    const team = doc.querySelector('pathway-team') as PathwayTeam;
    await waitUntil(() => team.shadowRoot?.querySelector('table.heatmap tbody tr:not(.spacer)'), 'heatmap drawn', { timeout: 20_000 });
    const report = (await (await fetch('/demo/team/report.json')).json()) as InsightsReport;
    const truth = (await (await fetch('/demo/team/truth.json')).json()) as Truth[];
    expect(report.people!.length).to.equal(truth.filter((t) => !t.optedOut).length);
    expect(report.people!.length).to.be.within(180, 200);
    // The generator's true θ inside the 90% range in most cells (the engine's stated uncertainty).
    let inside = 0;
    let total = 0;
    for (const person of report.people!) {
      const t = truth.find((x) => x.id === person.id)!;
      for (const cell of person.cells) {
        const c = report.competencies.findIndex((x) => x.id === cell.competency);
        total++;
        if (Math.abs(cell.theta - t.theta[c]!) <= 1.645 * cell.sd) inside++;
      }
    }
    expect(inside / total, `${inside} of ${total}`).to.be.above(0.85);
    // What the heatmap shows is the report's level, for the first person drawn.
    const first = report.people![0]!;
    const text = team.shadowRoot!.querySelector('table.heatmap tbody tr:not(.spacer)')!.textContent!;
    expect(text).to.contain(first.name!);
    expect(text).to.contain(first.cells[0]!.level.toFixed(1));
    // Opted-out people: in the truth, nowhere in the element.
    let all = '';
    for (const view of ['heatmap', 'patterns', 'mentors', 'culture', 'requests'] as const) {
      team.view = view;
      await team.updateComplete;
      all += team.shadowRoot!.textContent;
    }
    for (const t of truth.filter((x) => x.optedOut)) expect(all).not.to.contain(t.id);
    // A team below the minimum: hidden with the reason.
    const small = Object.entries(report.byTeam).find(([, v]) => typeof v.people === 'object');
    if (small) {
      team.view = 'patterns';
      await team.updateComplete;
      const s = [...team.shadowRoot!.querySelectorAll('label')].find((l) => l.textContent!.trim().startsWith('Team'))!.querySelector('select')!;
      s.value = small[0];
      s.dispatchEvent(new Event('change'));
      await team.updateComplete;
      const patterns = team.shadowRoot!.querySelector('[part=patterns]')!.textContent!;
      expect(patterns).to.contain('Hidden');
      expect(patterns.replace(/fewer than \d+ people/g, '').replace(/Level/g, '')).not.to.match(/\d/);
    }
    team.view = 'heatmap';
    await team.updateComplete;
    await executeServerCommand('pathway-screenshot', { name: 'team-demo-1280' });
    frame.remove();
  });
});
