import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { asCandidate, buildPackage, checkLaunchDataFits, launchDataFor, PACKAGE_FORMATS, type PackageFormat, type PackageRequest, packageFileName, packageRequest, zipFiles } from '../../../lms-packages/builder.js';
import { parseRequests } from '../../insights/evidence/requests.js';
import { RequestError } from '../../tracking/request.js';
import { loadSources } from '../../../lms-packages/sources.js';
import { elementBundles, webPackageFiles } from '../../../lms-packages/web.js';
import { problemLine } from '../../model/problems.js';
import type { Model } from '../../model/types.js';
import { ENDPOINT_PATTERN, notAnOrigin, originOf } from '../../model/patterns.js';
import { validateModel } from '../../model/load.js';
import { fsMessage, loadModelFile, UsageError } from '../io.js';

/** The model with more allowed LRS origins (no duplicates), as the packages' runtimes read them. */
function withLrsOrigins(model: Model, origins: readonly string[]): Model {
  if (origins.length === 0) return model;
  const lrsAllowedOrigins = [...new Set([...(model.delivery?.lrsAllowedOrigins ?? []), ...origins])];
  return { ...model, delivery: { ...model.delivery, lrsAllowedOrigins } };
}

export const usage = `pathway package <model.json> --format <format> [--out <dir>] [--lrs-origin <origin>]… [--candidate [--candidate-endpoint <url>]] [--rater-request <file> [--rater <n>]]

Builds packages from a competency model: a zip to upload to the LMS, or a folder for a web server.
  --format       scorm12 | scorm2004 | cmi5 | xapi | all (the four LMS packages) | web,
                 or a comma-separated list
  --out          folder for the output (default: the current folder); created when missing
  --lrs-origin   an LRS origin (e.g. https://lrs.example.com) cmi5 and xapi packages may send
                 data to; repeat for several. Adds to the model's delivery.lrsAllowedOrigins.
  --candidate    candidate / onboarding packages (the model's delivery.mode "candidate"): a role-fit
                 report and an onboarding pathway; nothing goes to the LMS's LRS, and SCORM records
                 completion only (docs/cmi5.md, "Candidate packages")
  --candidate-endpoint  the xAPI endpoint candidates' statements go to, under a pseudonym (implies
                 --candidate; delivery.candidateEndpoint). It must take statements without a
                 credential: a package cannot keep one secret. Without it nothing is sent anywhere.
  --rater-request a rater request (pathway-request/1 JSON, docs/rater-requests.md): builds "rate a
                 colleague" packages that carry it as launch data (SCORM adlcp:datafromlms /
                 dataFromLMS, cmi5 launchParameters, the xapi launch URL); never a credential
  --rater        which of the request's raters the package is for (1 = the first); without it the
                 launch decides: the rater the request names for the launched learner, else the
                 first of its unnamed raters when they are all of one kind (e.g. every peer)

Each LMS package is written as <model file name>-<format>.zip. The same model always gives
byte-identical zips. web writes a folder <model file name>-web/ and its zip: the element
bundles, the model and an example page (index.html), to put on any web server or in the LMS's
file area and open over http(s) — browsers do not run it from a file on disk. A cmi5 course has one AU, or one per role when the model's
delivery.auPerRole is true; an xapi package is a Tin Can package (tincan.xml).
Exit 0 when every package was written, 1 on an invalid model or an unwritable folder, 2 on a usage error.`;

type Format = PackageFormat | 'web';

function formatsOf(value: string | undefined): Format[] {
  if (value === undefined) throw new UsageError('package needs --format (scorm12, scorm2004, cmi5, xapi, all or web)');
  const formats = value.split(',').flatMap((f) => (f.trim() === 'all' ? [...PACKAGE_FORMATS] : [f.trim()]));
  for (const f of formats) {
    if (f !== 'web' && !(PACKAGE_FORMATS as readonly string[]).includes(f)) throw new UsageError(`unknown format "${f}"; use scorm12, scorm2004, cmi5, xapi, all or web`);
  }
  return [...new Set(formats as Format[])];
}

/** mkdir -p without `recursive`, which loops forever on some file systems (e.g. under /proc). */
function makeFolder(dir: string): void {
  const path = resolve(dir);
  try {
    if (statSync(path).isDirectory()) return;
    throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (dirname(path) !== path) makeFolder(dirname(path));
  mkdirSync(path);
}

function writeProblem(dir: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `${dir} is not writable (permission denied); choose another folder with --out.`;
  if (code === 'ENOTDIR' || code === 'EEXIST') return `${dir} is not a folder (a file is in its place or on its path); choose another folder with --out.`;
  if (code === 'ENOENT') return `${dir} cannot be created here; choose another folder with --out.`;
  if (code === 'ENOSPC') return `There is no space left on the device holding ${dir}.`;
  return `${dir} cannot be written: ${error instanceof Error ? error.message : String(error)}.`;
}

export async function run(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string' }, out: { type: 'string', default: '.' }, 'lrs-origin': { type: 'string', multiple: true }, candidate: { type: 'boolean' }, 'candidate-endpoint': { type: 'string' }, 'rater-request': { type: 'string' }, rater: { type: 'string' } },
  });
  if (values.rater !== undefined && !values['rater-request']) throw new UsageError('--rater needs --rater-request <file>');
  const rater = values.rater === undefined ? undefined : Number(values.rater);
  if (rater !== undefined && (!Number.isInteger(rater) || rater < 1)) throw new UsageError(`--rater expects the rater's number in the request (1, 2, …), not "${values.rater}"`);
  const origins = values['lrs-origin'] ?? [];
  for (const origin of origins) if (originOf(origin) === undefined) throw new UsageError(notAnOrigin(origin));
  const candidateEndpoint = values['candidate-endpoint'];
  const candidate = values.candidate === true || candidateEndpoint !== undefined;
  if (candidateEndpoint !== undefined && !ENDPOINT_PATTERN.test(candidateEndpoint))
    throw new UsageError(`--candidate-endpoint "${candidateEndpoint}" is not an xAPI endpoint such as https://candidates.example.com/xapi/ (http(s), no user name, password, query or fragment)`);
  if (candidate && values['rater-request']) throw new UsageError('a candidate package cannot answer a rater request: build them separately');
  if (positionals.length !== 1) throw new UsageError('package takes exactly one model file');
  const formats = formatsOf(values.format);
  const file = positionals[0]!;

  let result = loadModelFile(file);
  // The command line's candidate settings are checked with the model (e.g. a pass mark it makes pointless).
  if (result.ok && candidate) result = validateModel(asCandidate(result.model, candidateEndpoint));
  if (!result.ok) {
    const errors = result.problems.filter((p) => p.severity === 'error').length;
    out(`${file} is not a valid Pathway model (${errors} error${errors === 1 ? '' : 's'}), so no package was built:`);
    for (const p of result.problems) out(problemLine(p));
    return 1;
  }

  let request: PackageRequest | undefined;
  const requestFile = values['rater-request'];
  if (requestFile) {
    try {
      const requests = parseRequests(readFileSync(requestFile, 'utf8'));
      if (requests.length !== 1) throw new RequestError(`a package answers one request; the file holds ${requests.length}`);
      request = packageRequest(result.model, requests[0]!, rater === undefined ? undefined : rater - 1);
      for (const format of formats) if (format !== 'web') checkLaunchDataFits(format, launchDataFor(format, request));
      if (formats.includes('web')) throw new RequestError('a web package is a page of your own: give raters a link instead (requestLink, docs/rater-requests.md)');
    } catch (error) {
      out(error instanceof RequestError || error instanceof SyntaxError ? `${requestFile}: ${error.message}; no package was built.` : fsMessage(requestFile, error));
      return 1;
    }
  }

  const dir = values.out!;
  try {
    makeFolder(dir);
  } catch (error) {
    out(writeProblem(dir, error));
    return 1;
  }

  const model = withLrsOrigins(result.model, origins);
  const open = formats.filter((f) => f === 'cmi5' || f === 'xapi');
  if (open.length > 0 && model.delivery?.mode !== 'candidate' && !model.delivery?.lrsAllowedOrigins?.length) {
    out(
      `note: the ${open.join(', ')} package${open.length > 1 ? 's have' : ' has'} no LRS allow-list, so a forged launch link could send learners' answers and the LMS's credential to any server. Add --lrs-origin https://your-lrs.example (or delivery.lrsAllowedOrigins in the model).`,
    );
  }
  if (model.delivery?.mode === 'candidate') {
    out(
      model.delivery.candidateEndpoint
        ? `note: candidate packages: statements go only to ${model.delivery.candidateEndpoint} under a pseudonym, never to the LMS's LRS; it must take them without a credential.`
        : `note: candidate packages: nothing is sent anywhere (no delivery.candidateEndpoint); SCORM records completion only.`,
    );
  }
  const lms = formats.filter((f): f is PackageFormat => f !== 'web');
  const sources = lms.length > 0 ? await loadSources() : undefined;
  for (const format of lms) {
    const bytes = buildPackage(model, format, sources!, request);
    const target = join(dir, packageFileName(format, request ? `${basename(file, '.json')}-request-${request.request.id.slice(0, 8)}` : basename(file)));
    try {
      writeFileSync(target, bytes);
    } catch (error) {
      out(writeProblem(dir, error));
      return 1;
    }
    out(`${target}  ${format}  ${(bytes.length / 1024).toFixed(1)} KB`);
  }
  if (formats.includes('web')) {
    const files = webPackageFiles(model, await elementBundles());
    const zip = join(dir, packageFileName('web', basename(file)));
    const folder = zip.replace(/\.zip$/, '');
    try {
      for (const [name, bytes] of files) {
        makeFolder(dirname(join(folder, name)));
        writeFileSync(join(folder, name), bytes);
      }
      writeFileSync(zip, zipFiles(files));
    } catch (error) {
      out(writeProblem(dir, error));
      return 1;
    }
    out(`${folder}/  web  ${files.size} files: open ${join(folder, 'index.html')} over http(s), not from disk`);
    out(`${zip}  web  ${(statSync(zip).size / 1024).toFixed(1)} KB`);
  }
  return 0;
}
