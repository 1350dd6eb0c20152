// A SCORM package opened from the file system (as an LMS preview or a learner's download would): the
// launch script and every chunk it loads later are classic scripts with relative URLs, so they load
// from file:// where ES modules cannot. scorm-again (its classic-script build) is the LMS on the page.
// The learner answers every question by pointer, so the engine, planner and results chunks all load.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import puppeteer, { type Browser } from 'puppeteer-core';
import { buildPackage } from '../../lms-packages/builder.js';
import { loadSources } from '../../lms-packages/sources.js';
import type { Model } from '../../src/model/types.js';

describe('a SCORM 2004 package opened from disk', () => {
  let browser: Browser;
  let folder: string;

  before(async () => {
    const model = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Model;
    folder = mkdtempSync(join(tmpdir(), 'pathway-disk-'));
    for (const [name, bytes] of Object.entries(unzipSync(buildPackage(model, 'scorm2004', await loadSources())))) writeFileSync(join(folder, name), bytes);
    browser = await puppeteer.launch({
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--allow-file-access-from-files'],
    });
  });
  after(() => browser?.close());

  it('loads its chunks from file:// and runs from the first question to the pathway', async () => {
    const page = await browser.newPage();
    const loaded: string[] = [];
    const failed: string[] = [];
    const logs: string[] = [];
    page.on('requestfinished', (r) => loaded.push(r.url().split('/').pop()!));
    page.on('requestfailed', (r) => failed.push(r.url()));
    page.on('pageerror', (e) => logs.push(String(e)));
    await page.evaluateOnNewDocument(`${readFileSync('node_modules/scorm-again/dist/scorm2004.min.js', 'utf8')}\nwindow.API_1484_11 = new Scorm2004API({ logLevel: 5 });`);
    // The model is fetched (file:// needs --allow-file-access-from-files for that); the scripts need nothing.
    await page.goto(`file://${join(folder, 'index.html')}`);
    const shown = (selector: string) => page.waitForFunction((s) => document.querySelector('pathway-assessment')?.shadowRoot?.querySelector(s), { timeout: 60_000 }, selector);
    try {
      await shown('form.setup, section.intro');
      await page.evaluate(() => document.querySelector('pathway-assessment')!.shadowRoot!.querySelector<HTMLButtonElement>('form.setup button.primary')?.click());
      await shown('section.intro button.primary');
      await page.evaluate(() => document.querySelector('pathway-assessment')!.shadowRoot!.querySelector<HTMLButtonElement>('section.intro button.primary')!.click());
      await shown('form.item fieldset');
      // Answer by pointer until the results: one option in each radio group, a note for evidence items.
      await page.waitForFunction(
        () => {
          const root = document.querySelector('pathway-assessment')!.shadowRoot!;
          if (root.querySelector('section.results pathway-plan')) return true;
          // Lit keeps the form between questions: the heading says which question is shown.
          const form = root.querySelector('form.item');
          const heading = root.querySelector('#item-heading')?.textContent ?? '';
          const state = window as unknown as { answered?: string };
          if (form && heading !== state.answered) {
            state.answered = heading;
            const text = form.querySelector('textarea');
            if (text) {
              text.value = 'Ran the retrospective for my team.';
              text.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
            }
            const groups = new Map<string, HTMLInputElement>();
            for (const input of form.querySelectorAll<HTMLInputElement>('input[type=radio]')) if (!groups.has(input.name)) groups.set(input.name, input);
            let k = 0;
            for (const name of groups.keys()) {
              const options = form.querySelectorAll<HTMLInputElement>(`input[type=radio][name="${name}"]`);
              options[k++ % options.length]!.click();
            }
            setTimeout(() => form.querySelector<HTMLButtonElement>('button.primary')!.click(), 50);
          }
          return false;
        },
        { timeout: 120_000, polling: 100 },
      );
    } catch (error) {
      const html = await page.evaluate(() => document.querySelector('pathway-assessment')?.shadowRoot?.innerHTML.slice(0, 800) ?? document.body.innerHTML.slice(0, 800));
      throw new Error(`${String(error)}; failed: ${failed.join(', ')}; errors: ${logs.join(' | ')}; loaded: ${loaded.join(', ')}; shown: ${html}`);
    }
    assert.deepEqual(failed, []);
    assert.deepEqual(logs, []);
    // pathway.js first, then the chunks it loads when needed — each a file beside it.
    for (const chunk of ['pathway.js', 'pathway-session.js', 'pathway-planner.js', 'pathway-profile.js', 'pathway-plan.js']) assert.ok(loaded.includes(chunk), `${chunk} loaded from disk (${loaded.join(', ')})`);
    assert.ok(loaded.indexOf('pathway-session.js') > loaded.indexOf('pathway.js'));
  });
});
