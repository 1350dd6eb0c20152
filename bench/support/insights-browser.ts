// The insights figures measured in Debian's Chromium, on the same 100,000 statements as
// `insights.aggregate.ms.100k`:
//   insights.aggregate.browser.ms.100k   the statements turned into fused profiles, as a team view does after
//                                        reading them from the LRS (so the page gets them as parsed JSON); wall
//                                        time (a page has no CPU clock), median of five runs, the first of
//                                        which compiles
//   insights.team.longestTask.ms.100k    the longest main-thread task while <pathway-team> (the CDN build) reads
//                                        them from a statements file and shows its heatmap: the reading runs in
//                                        a worker (components/team/off-thread.ts); median of three
//   insights.team.longestTask.ms.100k.mainThread   the same page with no Worker (read on the main thread)
import { nodeResolve } from '@rollup/plugin-node-resolve';
import type { Browser } from 'puppeteer-core';
import { launchChromium } from './chromium.js';
import { rollup } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';
import { serveDirectory } from './static-server.js';

const AGGREGATE_RUNS = 5;
const TEAM_RUNS = 3;

async function bundle(): Promise<string> {
  const build = await rollup({
    input: new URL('insights-aggregate-entry.ts', import.meta.url).pathname,
    plugins: [esbuild({ target: 'es2021', loaders: { '.ts': 'ts' } }), nodeResolve({ browser: true })],
    onwarn: () => {},
  });
  const { output } = await build.generate({ format: 'es', inlineDynamicImports: true });
  return output[0].code;
}

const AGGREGATE_PAGE = `<!doctype html><meta charset="utf-8"><body>
<script type="module">
  import { aggregate } from '/aggregate.js';
  const modelText = await (await fetch('/model.json')).text();
  const statements = await (await fetch('/statements.json')).json();
  const runs = [];
  let profiles = '';
  for (let run = 0; run < ${AGGREGATE_RUNS}; run++) {
    const result = aggregate(modelText, statements);
    runs.push(result.ms);
    profiles = result.profiles;
    await new Promise((r) => setTimeout(r, 50));
  }
  window.__result = { runs, profiles };
</script>`;

// `?main` takes Worker away, as a Content-Security-Policy without blob: workers would.
const TEAM_PAGE = `<!doctype html><meta charset="utf-8"><body>
<script>if (location.search === '?main') window.Worker = undefined;</script>
<script type="module">
  import '/dist/cdn/pathway-team.min.js';
  const tasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) tasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });
  const el = document.createElement('pathway-team');
  el.setAttribute('lang', 'en');
  el.addEventListener('pathway-evidence-read', async (event) => {
    await el.updateComplete;
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100)));
    const drawn = el.shadowRoot.querySelectorAll('table.heatmap tbody tr:not(.spacer)').length;
    window.__result = { longest: Math.max(0, ...tasks), people: event.detail.people, drawn };
  });
  el.addEventListener('pathway-error', (event) => (window.__result = { error: event.detail.message }));
  el.setAttribute('model-src', '/model.json');
  el.setAttribute('statements-src', '/statements.json');
  document.body.append(el);
</script>`;

async function resultOf<T>(browser: Browser, url: string): Promise<T> {
  const page = await browser.newPage();
  try {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(url);
    await page.waitForFunction('window.__result !== undefined', { timeout: 300_000, polling: 500 }).catch(() => undefined);
    const result = (await page.evaluate('window.__result')) as (T & { error?: string }) | undefined;
    if (!result || result.error) throw new Error(`${url} did not finish: ${result?.error ?? (errors.join('; ') || 'no error reported')}`);
    return result;
  } finally {
    await page.close();
  }
}

export interface BrowserFigures {
  /** The aggregate's times and the profiles (as JSON) the page fused, to be compared with Node's. */
  aggregate: { runs: number[]; profiles: string };
  /** Longest main-thread task of each team-view run, with the reading in a worker and on the main thread. */
  team: { worker: number[]; mainThread: number[]; people: number };
}

export async function browserFigures(modelText: string, statements: readonly unknown[]): Promise<BrowserFigures> {
  const server = await serveDirectory(process.cwd(), {
    '/aggregate.html': AGGREGATE_PAGE,
    '/team.html': TEAM_PAGE,
    '/aggregate.js': await bundle(),
    '/model.json': modelText,
    '/statements.json': JSON.stringify(statements),
  });
  const browser = await launchChromium({ protocolTimeout: 600_000 });
  try {
    const aggregate = await resultOf<{ runs: number[]; profiles: string }>(browser, `${server.url}/aggregate.html`);
    const team: BrowserFigures['team'] = { worker: [], mainThread: [], people: 0 };
    for (let run = 0; run < TEAM_RUNS; run++) {
      for (const mode of ['worker', 'mainThread'] as const) {
        const r = await resultOf<{ longest: number; people: number; drawn: number }>(browser, `${server.url}/team.html${mode === 'mainThread' ? '?main' : ''}`);
        if (r.drawn === 0) throw new Error('the team view drew no row');
        team[mode].push(r.longest);
        team.people = r.people;
      }
    }
    return { aggregate, team };
  } finally {
    await browser.close();
    await server.close();
  }
}
