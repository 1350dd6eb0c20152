// `insights.aggregate.browser.ms.100k`: the same 100,000 statements as `insights.aggregate.ms.100k`,
// turned into fused profiles in Debian's Chromium, as a team view would after reading them from the
// LRS (so the page gets them as parsed JSON). Wall time (a page has no CPU clock), median of five runs;
// the first, which compiles, counts like the others.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import puppeteer from 'puppeteer-core';
import { rollup } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';
import { serveDirectory } from './static-server.js';

const RUNS = 5;

async function bundle(): Promise<string> {
  const build = await rollup({
    input: new URL('insights-aggregate-entry.ts', import.meta.url).pathname,
    plugins: [esbuild({ target: 'es2021', loaders: { '.ts': 'ts' } }), nodeResolve({ browser: true })],
    onwarn: () => {},
  });
  const { output } = await build.generate({ format: 'es', inlineDynamicImports: true });
  return output[0].code;
}

const PAGE = `<!doctype html><meta charset="utf-8"><body>
<script type="module">
  import { aggregate } from '/aggregate.js';
  const modelText = await (await fetch('/model.json')).text();
  const statements = await (await fetch('/statements.json')).json();
  const runs = [];
  let profiles = '';
  for (let run = 0; run < ${RUNS}; run++) {
    const result = aggregate(modelText, statements);
    runs.push(result.ms);
    profiles = result.profiles;
    await new Promise((r) => setTimeout(r, 50));
  }
  window.__result = { runs, profiles };
</script>`;

/** The runs' times and the profiles (as JSON) the page fused, to be compared with Node's. */
export async function browserAggregate(modelText: string, statements: readonly unknown[]): Promise<{ runs: number[]; profiles: string }> {
  const server = await serveDirectory(process.cwd(), { '/aggregate.html': PAGE, '/aggregate.js': await bundle(), '/model.json': modelText, '/statements.json': JSON.stringify(statements) });
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    protocolTimeout: 600_000,
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${server.url}/aggregate.html`);
    await page.waitForFunction('window.__result !== undefined', { timeout: 300_000, polling: 500 }).catch(() => undefined);
    const result = (await page.evaluate('window.__result')) as { runs: number[]; profiles: string } | undefined;
    if (!result) throw new Error(`the aggregate page did not finish: ${errors.join('; ') || 'no error reported'}`);
    return result;
  } finally {
    await browser.close();
    await server.close();
  }
}
