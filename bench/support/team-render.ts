// <pathway-team>'s heatmap render time in Debian's Chromium: a generated report (direct evidence)
// of 200 people × 12 competencies and of 500 × 40, set as the `report` property, until the table's
// rows are painted; median of several runs.
import { launchChromium } from './chromium.js';
import { generateModel } from '../../src/assessment/generate.js';
import { generateOrganisation } from '../../src/insights/analytics/generate.js';
import { buildInsightsReport } from '../../src/insights/analytics/report.js';
import { serveDirectory } from './static-server.js';

const RUNS = 9;

function reportJson(competencies: number, people: number): string {
  const model = generateModel({ competencies, itemsPerCompetency: 2, seed: 5 });
  const org = generateOrganisation(model, { people, teams: Math.round(people / 10), seed: 5 });
  return JSON.stringify(buildInsightsReport(model, org.profiles, { history: org.history }));
}

const PAGE = `<!doctype html><meta charset="utf-8"><body style="margin:0">
<script type="module">
  import '/dist/cdn/pathway-team.min.js';
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const times = {};
  for (const name of ['small', 'large']) {
    const report = await (await fetch('/report-' + name + '.json')).json();
    const runs = [];
    for (let run = 0; run < ${RUNS}; run++) {
      const el = document.createElement('pathway-team');
      el.setAttribute('lang', 'en');
      document.body.append(el);
      await el.updateComplete;
      const start = performance.now();
      el.report = report;
      await el.updateComplete;
      el.shadowRoot.querySelector('table.heatmap tbody tr:not(.spacer) td');
      await frame();
      runs.push(performance.now() - start);
      el.remove();
    }
    runs.sort((a, b) => a - b);
    times[name] = runs[Math.floor(runs.length / 2)];
  }
  window.__times = times;
</script>`;

export async function renderTimes(): Promise<{ small: number; large: number }> {
  const server = await serveDirectory(process.cwd(), { '/bench-team.html': PAGE, '/report-small.json': reportJson(12, 200), '/report-large.json': reportJson(40, 500) });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${server.url}/bench-team.html`);
    await page.waitForFunction('window.__times !== undefined', { timeout: 180_000 }).catch(() => undefined);
    const times = (await page.evaluate('window.__times')) as { small: number; large: number } | undefined;
    if (!times) throw new Error(`the team render page did not finish: ${errors.join('; ') || 'no error reported'}`);
    return { small: Math.round(times.small * 10) / 10, large: Math.round(times.large * 10) / 10 };
  } finally {
    await browser.close();
    await server.close();
  }
}
