// Element and browser tests in Debian's Chromium (no browser download). See README "Tests".
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { cmi5LmsPlugin } from './test/cmi5/wtr-plugin.mjs';
import { xapiLrsPlugin } from './test/lrs/wtr-plugin.mjs';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Writes pass/fail totals for test/run.mjs, which prints the combined "N passed, N failed" line. */
function countsReporter() {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0;
      let failed = 0;
      let skipped = 0;
      const walk = (suite) => {
        for (const test of suite.tests ?? []) {
          if (test.skipped) skipped++;
          else if (test.passed) passed++;
          else failed++;
        }
        for (const child of suite.suites ?? []) walk(child);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults);
        failed += session.errors?.length ?? 0;
        if (!session.passed && !session.testResults && !(session.errors?.length > 0)) failed++;
      }
      const file = process.env.PATHWAY_WTR_COUNTS;
      if (file) {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, `${JSON.stringify({ passed, failed, skipped })}\n`);
      }
    },
  };
}

/**
 * Test-only browser commands: screenshots into test/screenshots, the full accessibility tree, and
 * `pathway-network` { watch: true | false }: every request the page and its frames make, as Chromium sees
 * it (not only what page scripts can patch), from `watch: true` until `watch: false` returns them
 * (`peek: true` returns them so far and goes on watching).
 */
function pathwayCommands() {
  const watches = new Map();
  return {
    name: 'pathway-commands',
    async executeCommand({ command, payload, session }) {
      if (command !== 'pathway-screenshot' && command !== 'pathway-ax-tree' && command !== 'pathway-network') return undefined;
      const page = session.browser.getPage(session.id);
      if (command === 'pathway-network') {
        const watch = watches.get(session.id);
        if (payload?.peek) return [...(watch?.requests ?? [])];
        if (watch) page.off('request', watch.listener);
        watches.delete(session.id);
        if (!payload?.watch) return watch?.requests ?? [];
        const requests = [];
        const listener = (request) => requests.push({ method: request.method(), url: request.url(), ...(request.postData() ? { body: request.postData() } : {}) });
        page.on('request', listener);
        watches.set(session.id, { listener, requests });
        return true;
      }
      if (command === 'pathway-screenshot') {
        const file = `test/screenshots/${payload.name}.png`;
        mkdirSync(dirname(file), { recursive: true });
        // Headless Chromium only paints the page in front; other test files may run in other tabs.
        await page.bringToFront();
        await page.screenshot({ path: file, fullPage: payload.fullPage ?? true });
        return file;
      }
      const root = payload?.selector ? await page.$(payload.selector) : undefined;
      return page.accessibility.snapshot({ interestingOnly: false, root: root ?? undefined });
    },
  };
}

/**
 * LMS packages built from the sample models and served unzipped, like an LMS serves them, for the
 * SCORM browser tests: /__pathway/packages/<model>/<format>(.zip|/<file>) (lms-packages/package-server.ts).
 */
function lmsPackages() {
  let server;
  const load = () => (server ??= import('tsx/esm/api').then(({ tsImport }) => tsImport('./lms-packages/package-server.ts', import.meta.url)));
  return {
    plugin: { name: 'pathway-lms-packages', serverStart: () => load().then((m) => m.prewarm()) },
    middleware: async (context, next) => (context.path.startsWith('/__pathway/packages/') ? (await load()).packageMiddleware()(context, next) : next()),
  };
}
const packages = lmsPackages();

export default {
  files: ['components/**/*.test.ts', 'test/browser/**/*.test.ts'],
  nodeResolve: { exportConditions: ['development'] },
  concurrency: 2,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 20_000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'es2021', tsconfig: './tsconfig.json' }), pathwayCommands(), packages.plugin, xapiLrsPlugin(), cmi5LmsPlugin()],
  middleware: [packages.middleware],
  browsers: [
    chromeLauncher({
      // Each test file in its own browser context (its own window), so pages side by side keep painting
      // (screenshots) and storage is isolated; focus emulation makes every page behave as the focused one
      // (focus(), :focus-visible and keyboard input), whichever window the OS would have focused.
      createPage: async ({ browser }) => {
        const page = await (await browser.createBrowserContext()).newPage();
        const cdp = await page.createCDPSession();
        await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: true });
        return page;
      },
      launchOptions: {
        executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: CHROMIUM_ARGS,
      },
    }),
  ],
  reporters: [defaultReporter(), countsReporter()],
};
