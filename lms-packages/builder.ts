/**
 * The LMS package builder: a model in, a zip out that any LMS can import.
 *
 * A package holds, at the zip root, the launch page `index.html`, the runtime script `pathway.js` and
 * the chunks it loads when needed (`pathway-<name>.js`: engine, planner, results elements, validator…, and
 * the UI messages of the model's languages only, `pathway-lang-<language>.js`), the validator for a
 * worker, the compiled model `model.json`, and what its LMS reads: `imsmanifest.xml` and the official schema files of its
 * edition (SCORM), `cmi5.xml` (cmi5; ./xapi-manifests.ts) or `tincan.xml` (xAPI).
 * The zip is deterministic — sorted entries, fixed timestamps, fixed compression — so the same model
 * always gives byte-identical packages (reproducible uploads, meaningful checksums).
 */
import { zipSync, type Zippable } from 'fflate';
import { decimal } from '../src/lms/scorm/format.js';
import { resolveText } from '../src/model/text.js';
import { compileModel } from '../src/assessment/compile.js';
import type { Model } from '../src/model/types.js';
import { CANDIDATE_REPORTING, MESSAGE_LANGUAGES, messagesFile, WORKER_VALIDATOR } from './runtime/parts.js';
import type { PackageSources, RuntimeFamily } from './sources.js';
import { cmi5CourseStructure, tincanManifest } from './xapi-manifests.js';
import { REQUEST_FILE, RequestError, requestFileLaunchData, requestLaunchData, type RaterRequest } from '../src/tracking/request.js';
import { escapeXml, fillTemplate, fit, uri } from './xml.js';

export { escapeXml, fillTemplate } from './xml.js';

export const PACKAGE_FORMATS = ['scorm12', 'scorm2004', 'cmi5', 'xapi'] as const;
export type PackageFormat = (typeof PACKAGE_FORMATS)[number];
export const SCORM_FORMATS = ['scorm12', 'scorm2004'] as const;
export type ScormFormat = (typeof SCORM_FORMATS)[number];

export const LAUNCH_PAGE = 'index.html';
export const RUNTIME_FILE = 'pathway.js';
export const MODEL_FILE = 'model.json';

/** Local midnight of 1 Jan 1980, the first DOS date: the same zip fields in every time zone. */
const ZIP_TIME = new Date(1980, 0, 1, 0, 0, 0);

/** FNV-1a, for short stable identifiers. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36).padStart(7, '0');
}

/**
 * The manifest identifier: an xs:ID (an NCName) that stays the same for every version of a model, so
 * an LMS recognises a re-upload as an update of the same package.
 */
export function manifestIdentifier(model: Pick<Model, 'id'>): string {
  const last = model.id.replace(/[/#?]+$/, '').split(/[/:#?]/).pop() ?? '';
  const slug = last.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return `pathway-${slug ? `${slug}-` : ''}${hash(model.id)}`;
}

/**
 * A "rate a colleague" package: the rater request travels as the standard's launch data. Each
 * request gets its own package identity (an LMS sees a new activity, not an update of the model's).
 */
export interface PackageRequest {
  request: RaterRequest;
  /** The launch data text: `pathway-request=…[&pathway-rater=…]`. */
  launchData: string;
  /** For SCORM 1.2 (255 characters): `pathway-request-file=request.json[&pathway-rater=…]`, the request in the package. */
  fileLaunchData: string;
}

/**
 * Launch data fields' limits: SCORM 1.2's `adlcp:datafromlms` is at most 255 characters (its XSD);
 * SCORM 2004's `cmi.launch_data` must hold 4000 (its smallest permitted maximum).
 */
export const LAUNCH_DATA_LIMITS: Readonly<Partial<Record<PackageFormat, number>>> = { scorm12: 255, scorm2004: 4000 };

/** Checks a request against the model and builds its launch data; `rater` (0-based) fixes the rater, else the launch decides. */
export function packageRequest(model: Pick<Model, 'id' | 'version'>, request: RaterRequest, rater?: number): PackageRequest {
  if (request.model.id !== model.id || request.model.version !== model.version)
    throw new RequestError(`the request is for model ${request.model.id} version ${request.model.version}, not ${model.id} version ${model.version}; the answers would not count`);
  return { request, launchData: requestLaunchData(request, rater), fileLaunchData: requestFileLaunchData(request, rater) };
}

/** The launch data a format carries: SCORM 1.2 points at the package's request file, the others hold the request. */
export function launchDataFor(format: PackageFormat, request: PackageRequest): string {
  return format === 'scorm12' ? request.fileLaunchData : request.launchData;
}

/** Throws RequestError when the request does not fit the format's launch data field. */
export function checkLaunchDataFits(format: PackageFormat, launchData: string): void {
  const limit = LAUNCH_DATA_LIMITS[format];
  if (limit !== undefined && launchData.length > limit)
    throw new RequestError(
      `${format === 'scorm12' ? 'SCORM 1.2 launch data (adlcp:datafromlms) holds at most 255 characters' : 'SCORM 2004 launch data (cmi.launch_data) holds 4000 characters everywhere'}, and this request needs ${launchData.length}${format === 'scorm12' ? '; build a scorm2004, cmi5 or xapi package for it' : '; ask fewer raters or shorten names'}`,
    );
}

/** What a request changes in a package: its own identity, and no pass mark (a rater is not passed or failed on someone else). */
function requestModel(model: Model): Model {
  const { masteryScore: _m, auPerRole: _a, ...delivery } = model.delivery ?? {};
  return { ...model, delivery: { ...delivery, moveOn: 'Completed' } };
}

/** The model as candidate packages of it are built (`pathway package --candidate`): the employee settings pass mark, moveOn and AU per role go. */
export function asCandidate(model: Model, endpoint?: string): Model {
  const { moveOn: _m, masteryScore: _s, auPerRole: _a, ...delivery } = model.delivery ?? {};
  return { ...model, delivery: { ...delivery, mode: 'candidate', ...(endpoint ? { candidateEndpoint: endpoint } : {}) } };
}

/**
 * A candidate package (docs/cmi5.md, "Candidate packages") sends the LMS no statement, so its cmi5 AU is
 * satisfied by launch alone ("NotApplicable"), and it has no pass mark and one AU.
 */
function candidateModel(model: Model): Model {
  if (model.delivery?.mode !== 'candidate') return model;
  const { masteryScore: _m, auPerRole: _a, ...delivery } = model.delivery;
  return { ...model, delivery: { ...delivery, moveOn: 'NotApplicable' } };
}

const RTL = /^(ar|he|fa|ur|ps|yi|dv|ckb)(-|$)/i;

function launchPage(model: Model, format: PackageFormat, sources: PackageSources): string {
  return fillTemplate(sources.template('index.html'), {
    lang: model.language,
    dir: RTL.test(model.language) ? 'rtl' : 'ltr',
    title: resolveText(model.title, model.language, model.language),
    script: RUNTIME_FILE,
    format,
    model: MODEL_FILE,
    loading: 'Loading…',
  });
}

const familyOf = (format: PackageFormat): RuntimeFamily => (format === 'cmi5' || format === 'xapi' ? 'xapi' : 'scorm');

/**
 * The script files a package carries: its runtime family's `pathway.js` and chunks, without the UI
 * messages of languages the model does not have or, in SCORM packages, the candidate endpoint's
 * reporting when it has none, and the worker's validator.
 */
export function packageScripts(model: Model, format: PackageFormat, sources: PackageSources): Map<string, string> {
  const languages = new Set([model.language, ...(model.languages ?? [])].map((tag) => tag.toLowerCase().split('-')[0]));
  const unused = new Set(MESSAGE_LANGUAGES.filter((lang) => !languages.has(lang)).map(messagesFile));
  // (cmi5 and xAPI scripts use the same chunk for their own reporting)
  if (familyOf(format) === 'scorm' && !model.delivery?.candidateEndpoint) unused.add(CANDIDATE_REPORTING);
  const scripts = new Map([...sources.scripts[familyOf(format)]].filter(([name]) => !unused.has(name)));
  scripts.set(WORKER_VALIDATOR, sources.workerValidator);
  return scripts;
}

function fileList(names: readonly string[]): string {
  return names.map((name) => `      <file href="${escapeXml(name)}"/>`).join('\n');
}

/** The manifest for a SCORM format; with a request, its launch data goes into `adlcp:datafromlms` / `adlcp:dataFromLMS`. */
export function scormManifest(model: Model, format: ScormFormat, sources: PackageSources, request?: PackageRequest): string {
  model = candidateModel(model);
  if (request) {
    checkLaunchDataFits(format, launchDataFor(format, request));
    model = requestModel(model);
  }
  const identifier = request ? `${manifestIdentifier(model)}-r${hash(request.request.id)}` : manifestIdentifier(model);
  const title = resolveText(model.title, model.language, model.language);
  const common = {
    pathwayVersion: sources.version,
    identifier,
    modelVersion: model.version,
    title: request?.request.personName ? `${title} · ${request.request.personName}` : title,
    launch: LAUNCH_PAGE,
    files: fileList([LAUNCH_PAGE, MODEL_FILE, ...(request && format === 'scorm12' ? [REQUEST_FILE] : []), ...[...packageScripts(model, format, sources).keys()].sort()]),
  };
  const mastery = model.delivery?.masteryScore;
  if (format === 'scorm12') {
    // adlcp:masteryscore is 0–100; the LMS may then set passed/failed from the raw score itself.
    const dataFromLms = request ? `\n        <adlcp:datafromlms>${escapeXml(request.fileLaunchData)}</adlcp:datafromlms>` : '';
    const masteryScore = (mastery === undefined ? '' : `\n        <adlcp:masteryscore>${Math.round(mastery * 100)}</adlcp:masteryscore>`) + dataFromLms;
    // The 1.2 XSD allows 20 characters of version and 200 of title (the model allows more): fit them.
    return fillTemplate(sources.template('scorm12/imsmanifest.xml'), { ...common, modelVersion: fit(common.modelVersion, 20), title: fit(common.title, 200), masteryScore });
  }
  // With a pass mark the LMS exposes it as cmi.scaled_passing_score and may judge success by measure.
  const objectiveId = escapeXml(uri(model.id));
  const primaryObjective =
    mastery === undefined
      ? `<imsss:primaryObjective objectiveID="${objectiveId}"/>`
      : `<imsss:primaryObjective objectiveID="${objectiveId}" satisfiedByMeasure="true">\n              <imsss:minNormalizedMeasure>${decimal(mastery, 4)}</imsss:minNormalizedMeasure>\n            </imsss:primaryObjective>`;
  const dataFromLMS = request ? `\n        <adlcp:dataFromLMS>${escapeXml(request.launchData)}</adlcp:dataFromLMS>` : '';
  return fillTemplate(sources.template('scorm2004/imsmanifest.xml'), { ...common, primaryObjective, dataFromLMS });
}

const encoder = new TextEncoder();

/** The file the LMS reads to import the package, by format. */
export const MANIFEST_FILE: Readonly<Record<PackageFormat, string>> = { scorm12: 'imsmanifest.xml', scorm2004: 'imsmanifest.xml', cmi5: 'cmi5.xml', xapi: 'tincan.xml' };

function manifest(model: Model, format: PackageFormat, sources: PackageSources, request?: PackageRequest): string {
  switch (format) {
    case 'cmi5':
      return request ? cmi5CourseStructure(requestModel(model), sources, LAUNCH_PAGE, request) : cmi5CourseStructure(candidateModel(model), sources, LAUNCH_PAGE);
    case 'xapi':
      return request ? tincanManifest(requestModel(model), sources, LAUNCH_PAGE, request) : tincanManifest(candidateModel(model), sources, LAUNCH_PAGE);
    default:
      return scormManifest(model, format, sources, request);
  }
}

/** Every file of a package, by path inside the zip; with a request, a "rate a colleague" package for it. */
export function packageFiles(model: Model, format: PackageFormat, sources: PackageSources, request?: PackageRequest): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>([
    [MANIFEST_FILE[format], encoder.encode(manifest(model, format, sources, request))],
    [LAUNCH_PAGE, encoder.encode(launchPage(model, format, sources))],
    // Compiled (stamped, first questions precomputed): the launch page trusts what this build validated.
    [MODEL_FILE, encoder.encode(`${JSON.stringify(compileModel(model))}\n`)],
  ]);
  for (const [name, code] of packageScripts(model, format, sources)) files.set(name, encoder.encode(code));
  // SCORM 1.2's launch data holds 255 characters: the request travels beside the model, the launch data points at it.
  if (request && format === 'scorm12') files.set(REQUEST_FILE, encoder.encode(`${JSON.stringify(request.request)}\n`));
  if (format === 'scorm12' || format === 'scorm2004') for (const [name, bytes] of sources.schemas(format)) files.set(name, bytes);
  return files;
}

/** A deterministic zip: entries sorted by name, fixed timestamps and compression level. */
export function zipFiles(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const entries: Zippable = {};
  for (const name of [...files.keys()].sort()) entries[name] = [files.get(name)!, { level: 9, mtime: ZIP_TIME }];
  return zipSync(entries, { level: 9, mtime: ZIP_TIME });
}

export function buildPackage(model: Model, format: PackageFormat, sources: PackageSources, request?: PackageRequest): Uint8Array {
  return zipFiles(packageFiles(model, format, sources, request));
}

/** `<name>-<format>.zip`, where name is the model file's base name (or the manifest identifier). */
export function packageFileName(format: PackageFormat | 'web', baseName: string): string {
  const safe = baseName.replace(/\.json$/i, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+/, '') || 'pathway';
  return `${safe}-${format}.zip`;
}
