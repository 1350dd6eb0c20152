// `pathway package --format web` end to end: the real command builds the folder and zip; the example
// page runs the assessment in Chromium when served over http, says what to do when opened from disk,
// and the bundle registers every element the README lists.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import puppeteer, { type Browser } from 'puppeteer-core';
import { serveDirectory } from '../../bench/support/static-server.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/pathway.js', import.meta.url).pathname;

describe('pathway package --format web', () => {
  const out = mkdtempSync(join(tmpdir(), 'pathway-web-'));
  const folder = join(out, 'customer-success-web');
  let stdout = '';
  let browser: Browser;

  before(async () => {
    ({ stdout } = await run(process.execPath, [BIN, 'package', 'demo/models/customer-success.json', '--format', 'web', '--out', out], { maxBuffer: 1 << 24, timeout: 600_000 }));
    browser = await puppeteer.launch({
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });
  after(() => browser?.close());

  it('writes a folder and a zip with the example page, the model and the element bundles', () => {
    assert.match(stdout, /over http\(s\), not from disk/);
    for (const file of ['index.html', 'model.json', 'README.txt', 'pathway/pathway.min.js', 'pathway/pathway.iife.min.js']) assert.ok(existsSync(join(folder, file)), file);
    const zip = unzipSync(new Uint8Array(readFileSync(`${folder}.zip`)));
    assert.ok(['index.html', 'model.json', 'pathway/pathway.min.js'].every((f) => f in zip), Object.keys(zip).join(', '));
    assert.equal(JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')).id, JSON.parse(readFileSync('demo/models/customer-success.json', 'utf8')).id);
  });

  it('runs the assessment when served over http, with every element the README lists registered', async () => {
    const server = await serveDirectory(folder);
    try {
      const page = await browser.newPage();
      const failed: string[] = [];
      page.on('requestfailed', (r) => failed.push(r.url()));
      page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
      const logs: string[] = [];
      page.on('console', (m) => logs.push(m.text()));
      page.on('pageerror', (e) => logs.push(String(e)));
      await page.goto(`${server.url}/index.html`);
      try {
        await page.waitForFunction(() => document.querySelector('pathway-assessment')?.shadowRoot?.querySelector('form.setup, section.intro'), { timeout: 30_000 });
      } catch (error) {
        // Say what the page did instead: failed requests, its console, and what the element shows.
        const shown = await page.evaluate(() => document.querySelector('pathway-assessment')?.shadowRoot?.innerHTML.slice(0, 1500) ?? 'no shadow root: the element is not registered');
        throw new Error(`${String(error)}; failed requests: ${failed.join(', ')}; console: ${logs.join(' | ')}; shown: ${shown}`);
      }
      const listed = [...new Set(readFileSync('README.md', 'utf8').match(/`<(pathway-[a-z-]+)>`/g)!.map((t) => t.slice(2, -2)))];
      assert.ok(listed.length >= 4, listed.join(', '));
      // <pathway-team> is its own bundle (managers' pages only), beside pathway.min.js in the same folder.
      await page.addScriptTag({ type: 'module', url: `${server.url}/pathway/pathway-team.min.js` });
      await page.waitForFunction(() => customElements.get('pathway-team'), { timeout: 10_000 });
      const missing = await page.evaluate((tags) => tags.filter((t) => !customElements.get(t)), listed);
      assert.deepEqual(missing, [], 'every element the README lists is registered by pathway.min.js or pathway-team.min.js');
      assert.equal(await page.$eval('#from-disk', (p) => (p as HTMLElement).hidden), true);
      assert.deepEqual(failed, []);
    } finally {
      await server.close();
    }
  });

  it('says to serve it over http(s) when opened from disk, instead of a blank page', async () => {
    const page = await browser.newPage();
    await page.goto(`file://${join(folder, 'index.html')}`);
    await page.waitForFunction(() => !(document.getElementById('from-disk') as HTMLElement).hidden, { timeout: 10_000 });
    const text = await page.$eval('#from-disk', (p) => p.textContent ?? '');
    assert.match(text, /http:\/\/ or https:\/\//);
  });
});
