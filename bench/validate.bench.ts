// A model near the 10 MB limit, given to <pathway-assessment> by `src`, in Debian's Chromium with the
// CDN build (dist/cdn/pathway-assessment.min.js); long tasks from PerformanceObserver('longtask'):
//   validate.longestTask.ms.10mb             the longest main-thread task from `src` set until the role
//                                            picker is on screen (the model validated in a worker); goal ≤ 200
//   validate.longestTask.ms.10mb.mainThread  the same with no Worker on the page (validated on the main thread)
//   validate.ready.ms.10mb                   wall time from `src` set until the role picker is on screen
import { readFileSync } from 'node:fs';
import type { Page } from 'puppeteer-core';
import { launchChromium } from './support/chromium.js';
import type { Model } from '../src/model/types.js';
import { largeModel } from '../test/support/large-model.js';
import { serveDirectory } from './support/static-server.js';

const page = (noWorker: boolean) => `<!doctype html><meta charset="utf-8"><body>
<script type="module">
  ${noWorker ? 'delete window.Worker;' : ''}
  await import('/dist/cdn/pathway-assessment.min.js');
  const tasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask', buffered: true });
  await new Promise((r) => setTimeout(r, 500)); // the module's own start-up is not the model's
  const wait = (test) => new Promise((resolve) => { const tick = () => (test() ? resolve() : setTimeout(tick, 20)); tick(); });
  const el = document.createElement('pathway-assessment');
  el.setAttribute('lang', 'en');
  document.body.append(el);
  const start = performance.now();
  el.setAttribute('src', '/large.json');
  await wait(() => el.shadowRoot?.querySelector('form.setup, .intro, [part="error"]'));
  const ready = performance.now();
  await new Promise((r) => setTimeout(r, 200)); // long-task entries arrive after their task
  const during = tasks.filter((t) => t.start + t.duration >= start && t.start <= ready);
  window.__result = { ready: ready - start, longest: Math.max(0, ...during.map((t) => t.duration)), count: during.length, error: el.shadowRoot.querySelector('[part="error"]')?.textContent };
</script>`;

async function measure(browserPage: Page, url: string): Promise<{ ready: number; longest: number; count: number; error?: string }> {
  const errors: string[] = [];
  browserPage.on('pageerror', (error) => errors.push(String(error)));
  // A worker that could not validate falls back to the page, quietly but for this warning: not what is measured.
  const fallbacks: string[] = [];
  browserPage.on('console', (message) => void (/validates this model on the page/.test(message.text()) && fallbacks.push(message.text())));
  await browserPage.goto(url);
  await browserPage.waitForFunction('window.__result !== undefined', { timeout: 300_000 }).catch(() => undefined);
  const result = (await browserPage.evaluate('window.__result')) as { ready: number; longest: number; count: number; error?: string } | undefined;
  if (!result) throw new Error(`the page ${url} did not finish: ${errors.join('; ') || 'no error reported'}`);
  if (result.error) throw new Error(`the large model was refused: ${result.error}`);
  if (url.endsWith('/worker.html') && fallbacks.length > 0) throw new Error(`the worker did not validate: ${fallbacks.join('; ')}`);
  return result;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export default async function ({ log }: { log: (line: string) => void }) {
  const base = JSON.parse(readFileSync('demo/models/software-engineer.json', 'utf8')) as Model;
  const text = JSON.stringify(largeModel(base, 4400));
  const server = await serveDirectory(process.cwd(), { '/large.json': text, '/worker.html': page(false), '/main.html': page(true) });
  const browser = await launchChromium();
  try {
    const runs = { worker: [] as Awaited<ReturnType<typeof measure>>[], main: [] as Awaited<ReturnType<typeof measure>>[] };
    for (let run = 0; run < 3; run++) {
      runs.worker.push(await measure(await browser.newPage(), `${server.url}/worker.html`));
      runs.main.push(await measure(await browser.newPage(), `${server.url}/main.html`));
    }
    const mb = (text.length / 1048576).toFixed(2);
    for (const [name, list] of Object.entries(runs)) log(`${name}: longest task ${list.map((r) => r.longest.toFixed(0)).join(', ')} ms; ready ${list.map((r) => r.ready.toFixed(0)).join(', ')} ms; long tasks ${list.map((r) => r.count).join(', ')}`);
    return [
      { name: 'validate.longestTask.ms.10mb', value: Math.round(median(runs.worker.map((r) => r.longest))), unit: 'ms', note: `median of 3: longest main-thread task while a ${mb} MB model is fetched, validated in a worker and the role picker shown; goal ≤ 200` },
      { name: 'validate.longestTask.ms.10mb.mainThread', value: Math.round(median(runs.main.map((r) => r.longest))), unit: 'ms', note: 'the same page with no Worker (validated on the main thread)' },
      { name: 'validate.ready.ms.10mb', value: Math.round(median(runs.worker.map((r) => r.ready))), unit: 'ms', note: 'wall time, src set → role picker on screen, with the worker' },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}
