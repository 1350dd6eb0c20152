// Two builds (see README "Builds"):
//  1. npm: one ES module per source file, dependencies external, unminified, into dist/.
//  2. CDN: one self-contained, minified ES module (lazy chunks for optional parts) and one IIFE file
//     for a classic <script> tag, into dist/cdn/.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import minifyHTML from '@lit-labs/rollup-plugin-minify-html-literals';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { chunkLoader, lmsPackageRuntime, lmsWorkerValidator } from './lms-packages/rollup.package.mjs';

/** Source files of a folder, without tests. */
function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.ts$/.test(name) && !/\.(test|bench)\.ts$/.test(name) && !/\.d\.ts$/.test(name) ? [path] : [];
  });
}

const typescript = () => esbuild({ target: 'es2021', tsconfig: 'tsconfig.json', sourceMap: true });

const onwarn = (warning, warn) => {
  // Lit's decorators and some dependencies use `this` at module level in their compiled form.
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  warn(warning);
};

const npm = {
  input: [...sources('src'), ...sources('components').filter((f) => !/cdn(-classic)?\.ts$/.test(f))],
  external: (id) => /^(lit|@lit\/|zod|idb|@xapi\/|@duckdb\/|pg$|node:|fflate|rollup)/.test(id),
  plugins: [typescript()],
  output: {
    dir: 'dist',
    format: 'es',
    preserveModules: true,
    preserveModulesRoot: '.',
    sourcemap: true,
    entryFileNames: '[name].js',
  },
  onwarn,
};

const browserPlugins = () => [
  typescript(),
  replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
  // `browser: false` keeps @xapi/xapi on its ES module build instead of its UMD "browser" field.
  nodeResolve({ exportConditions: ['production'], mainFields: ['module', 'main'] }),
  minifyHTML(),
  terser({ ecma: 2021, module: true, compress: { passes: 3, pure_getters: true, unsafe_arrows: true }, format: { comments: false } }),
];

/** Elements with their own CDN entry, `dist/cdn/pathway-<name>.min.js` (components/<name>/<name>.ts). */
const CDN_ELEMENTS = ['assessment', 'profile', 'plan'];

const cdnEsm = {
  // pathway.min.js registers every element; pathway-<name>.min.js one, loading the others only when it needs them.
  input: { pathway: 'components/cdn.ts', ...Object.fromEntries(CDN_ELEMENTS.map((name) => [`pathway-${name}`, `components/${name}/${name}.ts`])) },
  plugins: browserPlugins(),
  output: {
    dir: 'dist/cdn',
    format: 'es',
    entryFileNames: '[name].min.js',
    chunkFileNames: 'chunks/[name]-[hash].min.js',
    sourcemap: true,
  },
  onwarn,
};

// <pathway-team> is its own self-contained bundle: the learner elements' files stay exactly as they are
// (a shared entry would split lit into chunks both load), and pages without it never load its code.
// What it needs only sometimes (the evidence reader and analytics for `lrs` / `statements-src`, the
// model validator) stays in its own lazy chunks.
const cdnTeam = {
  input: 'components/team/team.ts',
  plugins: browserPlugins(),
  output: { dir: 'dist/cdn', format: 'es', entryFileNames: 'pathway-team.min.js', chunkFileNames: 'chunks/team-[name]-[hash].min.js', sourcemap: true },
  onwarn,
};

// The validator as one DOM-free file for a worker (components/shared/off-thread.ts), beside the
// chunks: the validator's own chunk imports chunks that Rollup shares with the elements' code.
const cdnValidateWorker = {
  input: 'src/model/load.ts',
  plugins: browserPlugins(),
  output: { file: 'dist/cdn/chunks/validate-worker.min.js', format: 'es', inlineDynamicImports: true, sourcemap: true },
  onwarn,
};

// The evidence reader as one DOM-free file for a worker (components/team/off-thread.ts), beside the
// reader's chunk of <pathway-team>, for the same reason.
const cdnEvidenceWorker = {
  input: 'src/insights/analytics/from-evidence.ts',
  plugins: browserPlugins(),
  output: { file: 'dist/cdn/chunks/evidence-worker.min.js', format: 'es', inlineDynamicImports: true, sourcemap: true },
  onwarn,
};

// The classic script for a <script> tag: the same elements and global `Pathway` at once, and the parts
// loaded later as classic scripts in classic/ (AMD chunks with the loader LMS packages use).
const cdnClassic = {
  input: 'components/cdn-classic.ts',
  plugins: [chunkLoader(), ...browserPlugins()],
  output: {
    dir: 'dist/cdn',
    format: 'amd',
    amd: { define: 'pathwayDefine', forceJsExtensionForImports: true },
    entryFileNames: 'pathway.iife.min.js',
    chunkFileNames: 'classic/[name]-[hash].min.js',
    sourcemap: true,
  },
  onwarn,
};

// 3. The scripts inside LMS packages (SCORM; cmi5 and xAPI), and the SCORM schema files: see lms-packages/rollup.package.mjs.
export default [npm, cdnEsm, cdnTeam, cdnValidateWorker, cdnEvidenceWorker, cdnClassic, lmsPackageRuntime('scorm'), lmsPackageRuntime('xapi'), lmsWorkerValidator()];
