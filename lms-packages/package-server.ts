/**
 * Serves LMS packages built on the fly from the sample models, for the browser tests and the demo's
 * LMS preview (a Koa middleware for @web/dev-server and @web/test-runner):
 *
 *   GET /__pathway/packages/<model>/<format>.zip      the package, exactly as `pathway package` writes it
 *   GET /__pathway/packages/<model>/<format>/<file>   one file of the package, unzipped — how an LMS serves it
 *
 * `<model>` names `demo/models/<model>.json` or `test/fixtures/<model>.json`; `<model>~edited` is its
 * package with model.json edited by hand afterwards (an item names a competency that does not exist),
 * for the tests of what a stale stamp does; `<model>~request` is a "rate a colleague" package for the
 * test request of testing/rater-request.ts; `<model>~quick` is its package with short timing on the
 * launch page (QUICK_TIMING), for the fault tests, which wait through LRS timeouts; `<model>~candidate` is
 * its candidate package (delivery.mode "candidate", nothing sent anywhere) and `<model>~candidate-<port>`
 * one whose candidate endpoint is http://127.0.0.1:<port>/xAPI/ (the test LRS). Packages are built once
 * per server process (restart the server to pick up source changes). Development use only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { validateModel } from '../src/model/load.js';
import { asCandidate, buildPackage, PACKAGE_FORMATS, type PackageFormat, packageRequest } from './builder.js';
import { testRequest } from './testing/rater-request.js';
import { loadSources, packageRoot, type PackageSources } from './sources.js';

export const PACKAGE_ROUTE = '/__pathway/packages/';

/** The launch page timing of `~quick` packages (runtime/launch.ts): timeouts a test can wait through. */
export const QUICK_TIMING = { 'data-request-timeout-ms': 1500, 'data-finish-timeout-ms': 8000, 'data-retry-ms': 100 };

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  xsd: 'application/xml; charset=utf-8',
  dtd: 'application/xml-dtd',
  zip: 'application/zip',
};

interface Built {
  zip: Uint8Array;
  files: Record<string, Uint8Array>;
}

let sources: Promise<PackageSources> | undefined;
const built = new Map<string, Promise<Built>>();

/** Starts bundling the package runtime now, so the first request does not wait for it. */
export function prewarm(): void {
  sources ??= loadSources();
  sources.catch(() => (sources = undefined));
}

function modelFile(name: string): string | undefined {
  const root = packageRoot();
  return ['demo/models', 'test/fixtures'].map((dir) => join(root, dir, `${name}.json`)).find((file) => existsSync(file));
}

async function build(fullName: string, format: PackageFormat): Promise<Built> {
  const [name = '', edited] = fullName.split('~');
  const file = modelFile(name);
  if (!file) throw new Error(`no sample model named "${name}"`);
  const result = validateModel(JSON.parse(readFileSync(file, 'utf8')));
  if (!result.ok) throw new Error(`${file} is not a valid model: ${result.problems[0]?.message}`);
  prewarm();
  // `~request`: a "rate a colleague" package for the test request (testing/rater-request.ts).
  const request = edited === 'request' ? packageRequest(result.model, testRequest(result.model)) : undefined;
  const zip = buildPackage(edited?.startsWith('candidate') ? asCandidate(result.model, edited.length > 'candidate'.length ? `http://127.0.0.1:${edited.slice('candidate-'.length)}/xAPI/` : undefined) : result.model, format, await sources!, request);
  const files = unzipSync(zip);
  if (edited === 'edited') {
    const packaged = JSON.parse(new TextDecoder().decode(files['model.json'])) as { items: { competency: string }[] };
    packaged.items[0]!.competency = 'no-such-competency';
    files['model.json'] = new TextEncoder().encode(JSON.stringify(packaged));
  }
  if (edited === 'quick' && files['index.html']) {
    const page = new TextDecoder().decode(files['index.html']);
    const attributes = Object.entries(QUICK_TIMING).map(([name, value]) => ` ${name}="${value}"`).join('');
    files['index.html'] = new TextEncoder().encode(page.replace('<body ', `<body${attributes} `));
  }
  return { zip, files };
}

interface KoaContext {
  path: string;
  status: number;
  body: unknown;
  type: string;
  set(name: string, value: string): void;
}

export function packageMiddleware(): (context: KoaContext, next: () => Promise<unknown>) => Promise<unknown> {
  return async (context, next) => {
    if (!context.path.startsWith(PACKAGE_ROUTE)) return next();
    const match = /^([a-z0-9-]+(?:~edited|~request|~quick|~candidate(?:-\d{2,5})?)?)\/(scorm12|scorm2004|cmi5|xapi)(\.zip|\/(.+))$/.exec(context.path.slice(PACKAGE_ROUTE.length));
    if (!match || !(PACKAGE_FORMATS as readonly string[]).includes(match[2]!)) {
      context.status = 404;
      context.body = 'Not a package path: use /__pathway/packages/<model>/<scorm12|scorm2004|cmi5|xapi>(.zip|/<file>)';
      return undefined;
    }
    const [, name, format, suffix, path] = match as unknown as [string, string, PackageFormat, string, string | undefined];
    const key = `${name}/${format}`;
    let entry = built.get(key);
    if (!entry) {
      entry = build(name, format);
      built.set(key, entry);
      entry.catch(() => built.delete(key));
    }
    let pkg: Built;
    try {
      pkg = await entry;
    } catch (error) {
      context.status = 404;
      context.body = error instanceof Error ? error.message : String(error);
      return undefined;
    }
    const bytes = suffix === '.zip' ? pkg.zip : pkg.files[path ?? ''];
    if (!bytes) {
      context.status = 404;
      context.body = `${path} is not in the ${format} package of ${name}`;
      return undefined;
    }
    context.status = 200;
    context.type = TYPES[(suffix === '.zip' ? 'zip' : path!.split('.').pop()) ?? ''] ?? 'application/octet-stream';
    context.set('Cache-Control', 'no-store');
    context.body = Buffer.from(bytes);
    return undefined;
  };
}
