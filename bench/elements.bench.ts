// The learner elements in the browser: the CDN bundle's size (without lazy chunks) and how fast the
// first item appears once the model is available, measured in Debian's Chromium.
import { readdirSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import { gzipSize, staticClosure } from '../scripts/sizes.mjs';
import { serveDirectory } from './support/static-server.js';

const RUNS = 21;

const PAGE = `<!doctype html><meta charset="utf-8"><body>
<script type="module">
  import '/dist/cdn/pathway.min.js';
  const model = await (await fetch('/demo/models/software-engineer.json')).json();
  const wait = (test) => new Promise((resolve) => { const tick = () => (test() ? resolve() : requestAnimationFrame(tick)); tick(); });
  const times = [];
  for (let run = 0; run < ${RUNS}; run++) {
    await new Promise((r) => { const q = indexedDB.deleteDatabase('pathway'); q.onsuccess = q.onerror = q.onblocked = r; });
    const el = document.createElement('pathway-assessment');
    el.setAttribute('current-role', model.roles[1].id);
    el.setAttribute('lang', 'en');
    document.body.append(el);
    const start = performance.now();
    el.model = model;
    await wait(() => el.shadowRoot?.querySelector('.intro button.primary'));
    const intro = performance.now() - start;
    const button = el.shadowRoot.querySelector('.intro button.primary');
    const clicked = performance.now();
    button.click();
    await wait(() => el.shadowRoot?.querySelector('form.item fieldset'));
    times.push(intro + (performance.now() - clicked));
    el.remove();
  }
  window.__times = times;
</script>`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function readdirCdn(): string[] {
  return readdirSync('dist/cdn/chunks').map((f) => `dist/cdn/chunks/${f}`).filter((f) => f.endsWith('.js'));
}

export default async function () {
  const server = await serveDirectory(process.cwd(), { '/bench-first-item.html': PAGE });
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${server.url}/bench-first-item.html`);
    await page.waitForFunction('window.__times !== undefined || false', { timeout: 120_000 }).catch(() => undefined);
    const times = (await page.evaluate('window.__times')) as number[] | undefined;
    if (!times) throw new Error(`the first-item page did not finish: ${errors.join('; ') || 'no error reported'}`);
    const initial = [...staticClosure('dist/cdn/pathway.min.js')];
    const lazy = (name: string) => readdirCdn().filter((f) => f.includes(`/${name}-`));
    const planner = lazy('planner');
    return [
      {
        name: 'size.elements.gz',
        value: initial.reduce((sum, f) => sum + gzipSize(f), 0),
        unit: 'bytes',
        note: `what loads before the first question: three elements, lit, localisation, validation, assessment engine (${initial.length} files)`,
      },
      {
        name: 'size.elements.withPlanner.gz',
        value: [...initial, ...planner].reduce((sum, f) => sum + gzipSize(f), 0),
        unit: 'bytes',
        note: 'plus the planner chunk, loaded when the results appear; still without the xAPI chunks',
      },
      { name: 'render.firstItem.ms', value: Math.round(median(times) * 10) / 10, unit: 'ms', note: `median of ${RUNS} in Chromium: model set → intro, plus Start → first item` },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}
