// The learner elements in the browser, measured in Debian's Chromium with the per-element CDN entry
// (dist/cdn/pathway-assessment.min.js):
//   size.elements.gz            gzip -9 bytes of every script requested before the first question is in the
//                               page, for a compiled (stamped) model: what a learner waits for
//   size.elements.unstamped.gz  the same for the same model without a stamp (validator and engine load first)
//   size.elements.all.gz        what dist/cdn/pathway.min.js (every element) loads statically
//   size.elements.withPlanner.gz  the stamped figure plus the engine, planner and results chunks the results need
//   render.firstItem.ms         model set → intro, plus Start → first item (median, stamped model, warm modules)
import { readFileSync, readdirSync } from 'node:fs';
import type { Page } from 'puppeteer-core';
import { launchChromium } from './support/chromium.js';
import { compileModel } from '../src/assessment/compile.js';
import type { Model } from '../src/model/types.js';
import { gzipSize, staticClosure } from '../scripts/sizes.mjs';
import { serveDirectory } from './support/static-server.js';

const RUNS = 21;
const MODEL = 'demo/models/software-engineer.json';

const page = (model: string, runs: number) => `<!doctype html><meta charset="utf-8"><body>
<script type="module">
  await import('/dist/cdn/pathway-assessment.min.js');
  const model = await (await fetch('${model}')).json();
  const wait = (test) => new Promise((resolve) => { const tick = () => (test() ? resolve() : requestAnimationFrame(tick)); tick(); });
  const times = [];
  let firstScripts;
  for (let run = 0; run < ${runs}; run++) {
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
    await el.updateComplete;
    await wait(() => el.shadowRoot?.querySelector('form.item fieldset'));
    const shown = performance.now();
    times.push(intro + (shown - clicked));
    // Scripts whose request started before the first question was in the page.
    firstScripts ??= performance.getEntriesByType('resource').filter((e) => e.startTime <= shown && /\\.js$/.test(new URL(e.name).pathname)).map((e) => new URL(e.name).pathname);
    el.remove();
  }
  window.__result = { times, firstScripts };
</script>`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function measure(browserPage: Page, url: string): Promise<{ times: number[]; firstScripts: string[] }> {
  const errors: string[] = [];
  browserPage.on('pageerror', (error) => errors.push(String(error)));
  await browserPage.goto(url);
  await browserPage.waitForFunction('window.__result !== undefined', { timeout: 120_000 }).catch(() => undefined);
  const result = (await browserPage.evaluate('window.__result')) as { times: number[]; firstScripts: string[] } | undefined;
  if (!result) throw new Error(`the first-item page ${url} did not finish: ${errors.join('; ') || 'no error reported'}`);
  return result;
}

const bytes = (files: Iterable<string>) => [...new Set(files)].reduce((sum, f) => sum + gzipSize(f.replace(/^\//, '')), 0);

export default async function ({ log }: { log: (line: string) => void }) {
  const model = JSON.parse(readFileSync(MODEL, 'utf8')) as Model;
  const server = await serveDirectory(process.cwd(), {
    '/bench-stamped.html': page('/bench-stamped.json', RUNS),
    '/bench-plain.html': page(`/${MODEL}`, 1),
    '/bench-stamped.json': JSON.stringify(compileModel(model)),
  });
  const browser = await launchChromium();
  try {
    const stamped = await measure(await browser.newPage(), `${server.url}/bench-stamped.html`);
    const plain = await measure(await browser.newPage(), `${server.url}/bench-plain.html`);
    log(`before the first question, stamped: ${stamped.firstScripts.join(' ')}`);
    log(`before the first question, unstamped: ${plain.firstScripts.join(' ')}`);
    const chunks = readdirSync('dist/cdn/chunks').filter((f) => f.endsWith('.js'));
    const lazy = (name: string) => chunks.filter((f) => f.startsWith(`${name}-`) || f.startsWith(`${name}.component-`)).map((f) => `dist/cdn/chunks/${f}`);
    const all = [...staticClosure('dist/cdn/pathway.min.js')];
    return [
      { name: 'size.elements.gz', value: bytes(stamped.firstScripts), unit: 'bytes', note: `scripts requested before the first question, compiled model (${new Set(stamped.firstScripts).size} files: element, lit, localisation; no validator, no engine); goal ≤ 25,600` },
      { name: 'size.elements.unstamped.gz', value: bytes(plain.firstScripts), unit: 'bytes', note: `the same model without a stamp: validator and engine load first (${new Set(plain.firstScripts).size} files)` },
      { name: 'size.elements.all.gz', value: bytes(all), unit: 'bytes', note: 'dist/cdn/pathway.min.js (every element) and its static imports' },
      {
        name: 'size.elements.withPlanner.gz',
        value: bytes([...stamped.firstScripts, ...['session', 'planner', 'profile', 'plan'].flatMap(lazy)]),
        unit: 'bytes',
        note: 'plus the engine, planner and results chunks, loaded after the first question; still without the LRS chunk',
      },
      { name: 'render.firstItem.ms', value: Math.round(median(stamped.times) * 10) / 10, unit: 'ms', note: `median of ${RUNS} in Chromium, compiled model: model set → intro, plus Start → first item` },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}
