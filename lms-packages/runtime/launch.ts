/**
 * The launch page logic of every LMS package (`pathway.js`, built by lms-packages/rollup.package.mjs
 * from ./scorm.ts for SCORM packages and ./xapi.ts for cmi5 and xAPI packages, so that each package
 * carries only its own runtime): loads the package's model, connects to the LMS through the runtime for
 * the package's format, and mounts the learner experience. Any failure is shown on the page in words —
 * never a blank frame.
 *
 * The launch page (templates/index.html) says which format and model file to use:
 * `<body data-format="scorm12|scorm2004|cmi5|xapi" data-model="model.json">`; the format picks the
 * runtime (SCORM API discovery, the cmi5 AU launch, or the TinCan-style xAPI launch). For an LMS or
 * LRS on a slow network (and the fault tests), the body may also set the LRS-backed runtimes' timing
 * in milliseconds: `data-request-timeout-ms` (one request), `data-finish-timeout-ms` (how long Finish
 * waits for the LRS) and `data-retry-ms` (the first pause before sending again).
 *
 * Candidate packages (`delivery.mode: "candidate"`, docs/cmi5.md "Candidate packages") never use the
 * launch's LRS: SCORM records completion only (src/lms/scorm/runtime.ts), cmi5 and xAPI keep progress in
 * this browser instead of the LMS; statements go only to `delivery.candidateEndpoint`, under a pseudonym.
 *
 * For LMS debugging and the end-to-end tests, the page keeps `window.pathwayPackage` =
 * `{ model, runtime, context, problems }` once started (same-origin frames only can read it).
 */
import '../../components/assessment/assessment.js';
import type { LaunchContext, Runtime, RuntimeProblem } from '../../src/lms/runtime.js';
import { acceptModelText } from '../../components/shared/model-source.js';
import type { Model } from '../../src/model/types.js';

export interface PackageHandle {
  model: Model;
  runtime: Runtime;
  context: LaunchContext;
  problems: RuntimeProblem[];
}

declare global {
  interface Window {
    pathwayPackage?: PackageHandle;
  }
}

function notice(kind: 'error' | 'warning', text: string): void {
  const box = document.createElement('p');
  box.className = 'pathway-notice';
  box.dataset.kind = kind;
  box.textContent = text; // model and LMS text is untrusted: never HTML
  (document.getElementById('pathway-notices') ?? document.body).append(box);
}

function fail(text: string): void {
  document.getElementById('pathway-loading')?.remove();
  notice('error', text);
}

async function readModel(src: string): Promise<Model | undefined> {
  let text: string;
  try {
    const response = await fetch(src, { credentials: 'same-origin' });
    if (!response.ok) {
      fail(`The package is incomplete: its model (${src}) could not be loaded (the server answered ${response.status}).`);
      return undefined;
    }
    text = await response.text();
  } catch {
    fail(`The package's model (${src}) could not be loaded: the request failed.`);
    return undefined;
  }
  // `pathway package` stamped the model: it is validated again only when its content changed since.
  const result = await acceptModelText(text);
  if (!result.ok) {
    const first = result.problems[0];
    fail(`The package's model is not valid: ${first?.path ? `${first.path}: ` : ''}${first?.message ?? 'unknown problem'}.`);
    return undefined;
  }
  return result.model;
}

/**
 * The learner's language (from the LMS) when the model has it, else the model's: a package carries the
 * UI messages of the model's languages only (lms-packages/builder.ts), and mixed-language pages help nobody.
 */
function languageFor(wanted: string | undefined, model: Model): string {
  const primary = (tag: string) => tag.toLowerCase().split('-')[0];
  const offered = [model.language, ...(model.languages ?? [])];
  return wanted && offered.some((l) => primary(l) === primary(wanted)) ? wanted : model.language;
}

/** The launch page's timing for the LRS-backed runtimes (all optional; the runtimes' defaults otherwise). */
export interface LaunchTiming {
  requestTimeoutMs?: number;
  finishTimeoutMs?: number;
  retryMs?: number;
}

/** Reads the timing attributes of the launch page's body; anything that is not a positive number is ignored. */
export function launchTiming(data: DOMStringMap): LaunchTiming {
  const timing: LaunchTiming = {};
  for (const name of ['requestTimeoutMs', 'finishTimeoutMs', 'retryMs'] as const) {
    const value = Number(data[name]);
    if (data[name] && Number.isFinite(value) && value > 0) timing[name] = value;
  }
  return timing;
}

/** Makes the runtime for a package format, or undefined when this script does not serve that format. */
export type RuntimeFactory = (format: string | undefined, timing: LaunchTiming) => Runtime | undefined;

/** A candidate package's runtime: the LMS's record without evidence, or this browser; the candidate endpoint when set. */
async function candidateRuntime(runtime: Runtime, model: Model): Promise<Runtime> {
  // The launch's LRS is the organisation's: a cmi5 or xAPI candidate package does not talk to it at all.
  const base = runtime.kind === 'cmi5' || runtime.kind === 'xapi' ? new (await import('../../src/lms/standalone.js')).StandaloneRuntime({ scope: 'candidate' }) : runtime;
  const endpoint = model.delivery?.candidateEndpoint;
  if (!endpoint) return base;
  const { connectLrs } = await import('../../src/lms/lrs-reporting.js');
  return connectLrs(base, { candidate: { endpoint }, xapiLaunch: false, allowedOrigins: [new URL(endpoint).origin], rater: 'self', report: (message) => notice('warning', message) });
}

/** Runs the launch page with the runtimes one script carries. */
export async function launchPackage(createRuntime: RuntimeFactory): Promise<void> {
  const { format, model: modelSrc = 'model.json' } = document.body.dataset;
  // Made before anything loads: the xAPI runtime takes the credential out of the address bar at once.
  let runtime = createRuntime(format, launchTiming(document.body.dataset));
  if (!runtime) {
    fail(`This launch page names an unknown package format "${format ?? ''}".`);
    return;
  }
  const model = await readModel(modelSrc);
  if (!model) return;
  const candidate = model.delivery?.mode === 'candidate';
  if (candidate) {
    try {
      runtime = await candidateRuntime(runtime, model);
    } catch (error) {
      fail(`This candidate package cannot start: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
  }
  const problems: RuntimeProblem[] = [];
  let mounted = false;
  runtime.onProblem = (problem) => {
    problems.push(problem);
    // Once the element is mounted it shows problems itself; before that, the page does.
    if (!mounted) notice(problem.recoverable ? 'warning' : 'error', problem.message);
  };
  let context: LaunchContext;
  try {
    context = await runtime.start(model);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
    return;
  }
  window.pathwayPackage = { model, runtime, context, problems };
  document.getElementById('pathway-loading')?.remove();
  const root = document.getElementById('pathway-root')!;
  const lang = languageFor(context.language, model);
  const Assessment = customElements.get('pathway-assessment');
  if (Assessment) {
    const element = Object.assign(new Assessment(), { model, runtime, launch: context });
    if (candidate) element.setAttribute('mode', 'candidate');
    // A launch that fixes the role (a cmi5 AU per role) spares the learner the choice.
    if (context.role) element.setAttribute('current-role', context.role);
    // A "rate a colleague" launch: the element asks as the manager or peer, about the person rated.
    if (context.request && !candidate) Object.assign(element, { request: context.request });
    element.setAttribute('lang', lang);
    root.append(element);
    mounted = true;
  } else {
    await import('../../components/model-summary/model-summary.js');
    const summary = document.createElement('pathway-model-summary');
    summary.model = model;
    summary.setAttribute('lang', lang);
    root.append(summary);
  }
  document.dispatchEvent(new CustomEvent('pathway-package-ready', { detail: window.pathwayPackage }));
}
