/**
 * `pathway package --format web`: a folder (and its zip) an L&D team puts on any web server or in the
 * LMS's file area: the element bundles (`pathway/`), the model, and an example page that runs the
 * assessment. Browsers do not run module scripts from disk, so the page says so when opened as a file.
 * Node only.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveText } from '../src/model/text.js';
import type { Model } from '../src/model/types.js';
import { MODEL_FILE, LAUNCH_PAGE } from './builder.js';
import { packageRoot } from './sources.js';

/** Folder of the element bundles inside the web package. */
export const BUNDLE_FOLDER = 'pathway';
/** The bundle the example page loads (registers every element). */
export const ENTRY_BUNDLE = 'pathway.min.js';

const encoder = new TextEncoder();
let bundles: Promise<Map<string, Uint8Array>> | undefined;

/**
 * The CDN bundles by file name (chunks in `chunks/`), without source maps. In a source checkout they
 * are built from the sources with the project's rollup configuration (so a package never carries a
 * stale build); an installed pathway-kit uses `dist/cdn/`.
 */
export function elementBundles(root = packageRoot()): Promise<Map<string, Uint8Array>> {
  bundles ??= existsSync(join(root, 'rollup.config.mjs')) && existsSync(join(root, 'components/cdn.ts')) ? bundleFromSources(root) : Promise.resolve(readBuilt(root));
  bundles.catch(() => (bundles = undefined));
  return bundles;
}

function readBuilt(root: string): Map<string, Uint8Array> {
  const dir = join(root, 'dist/cdn');
  if (!existsSync(join(dir, ENTRY_BUNDLE))) throw new Error(`The element bundles are missing from ${dir}. Run "npm run build" or reinstall pathway-kit.`);
  const files = new Map<string, Uint8Array>();
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!name.endsWith('.map')) files.set(relative(dir, path).split('\\').join('/'), new Uint8Array(readFileSync(path)));
    }
  };
  walk(dir);
  return files;
}

type RollupConfig = import('rollup').RollupOptions & { output: import('rollup').OutputOptions };

async function bundleFromSources(root: string): Promise<Map<string, Uint8Array>> {
  const [{ rollup }, config] = await Promise.all([import('rollup'), import(pathToFileURL(join(root, 'rollup.config.mjs')).href) as Promise<{ default: RollupConfig[] }>]);
  const underCdn = (c: RollupConfig): boolean => c.output.dir === 'dist/cdn' || (c.output.file ?? '').startsWith('dist/cdn/');
  const files = new Map<string, Uint8Array>();
  for (const options of config.default.filter(underCdn)) {
    const bundle = await rollup({ ...options, onwarn: () => {} });
    try {
      const { output } = await bundle.generate({ ...options.output, sourcemap: false });
      for (const item of output) {
        const name = options.output.file ? basename(options.output.file) : item.fileName;
        files.set(name, item.type === 'chunk' ? encoder.encode(item.code) : typeof item.source === 'string' ? encoder.encode(item.source) : item.source);
      }
    } finally {
      await bundle.close();
    }
  }
  if (!files.has(ENTRY_BUNDLE)) throw new Error(`The element build produced no ${ENTRY_BUNDLE}.`);
  return files;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The example page: the assessment for the model next to it, and a plain message when opened from disk. */
export function examplePage(model: Model): string {
  const title = escapeHtml(resolveText(model.title, model.language, model.language));
  const lang = escapeHtml(model.language);
  return `<!doctype html>
<html lang="${lang}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title}</title>
    <link rel="icon" href="data:," />
    <script type="module" src="./${BUNDLE_FOLDER}/${ENTRY_BUNDLE}"></script>
    <style>
      body { max-width: 60rem; margin: 0 auto; padding: 1rem; font-family: system-ui, sans-serif; line-height: 1.5; }
      .from-disk { border: 2px solid #b3261e; border-radius: 8px; padding: 1rem; }
    </style>
  </head>
  <body>
    <main>
      <p class="from-disk" id="from-disk" hidden>
        This page was opened from a file on disk, where browsers do not run its scripts. Put this folder on a
        web server (or in your LMS's file area) and open it over http:// or https://. To try it on your own
        computer: <code>npx http-server</code> (or <code>python3 -m http.server</code>) in this folder, then open
        the address it prints.
      </p>
      <!-- Attributes: current-role, target-role, lang, theme, time-budget, plan-budget (see the README). -->
      <pathway-assessment src="./${MODEL_FILE}">
        <p>Loading the assessment… If nothing appears, this page needs to be served over http(s).</p>
      </pathway-assessment>
    </main>
    <script>
      if (location.protocol === 'file:') document.getElementById('from-disk').hidden = false;
    </script>
  </body>
</html>
`;
}

const README = `Pathway web package
===================

index.html             an example page running the assessment for model.json
model.json             the competency model (validated when this package was built)
${BUNDLE_FOLDER}/               the element bundles: ${ENTRY_BUNDLE} (ES module, registers every element),
                       pathway.iife.min.js (classic script), chunks/ (loaded on demand)

Put the whole folder on a web server, or in your LMS's file area, and open index.html over http(s).
Browsers do not run these scripts from a file on disk. To embed the assessment in another page:

  <script type="module" src="/path/to/${BUNDLE_FOLDER}/${ENTRY_BUNDLE}"></script>
  <pathway-assessment src="/path/to/model.json"></pathway-assessment>

Keep ${BUNDLE_FOLDER}/ together: ${ENTRY_BUNDLE} loads files from chunks/ next to it.
`;

/** Every file of the web package, by path inside its folder. */
export function webPackageFiles(model: Model, elementFiles: ReadonlyMap<string, Uint8Array>): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>([
    [LAUNCH_PAGE, encoder.encode(examplePage(model))],
    [MODEL_FILE, encoder.encode(`${JSON.stringify(model, null, 2)}\n`)],
    ['README.txt', encoder.encode(README)],
  ]);
  for (const [name, bytes] of elementFiles) files.set(`${BUNDLE_FOLDER}/${name}`, bytes);
  return files;
}
