// The demo's LMS preview: this page plays the LMS (scorm-again on window.API / window.API_1484_11),
// the package built from a sample model runs in the iframe as an LMS would serve it, and the CMI data
// and every call are shown live, each SetValue checked against the strictest LMS rules.
import { Scorm12API, Scorm2004API } from 'scorm-again';
import type { PackageHandle } from '../../lms-packages/runtime/launch.js';
import { type Recorder, recordLms } from '../../lms-packages/testing/lms-recorder.js';
import { strictViolations } from '../../lms-packages/testing/scorm-strict.js';
import { assessmentState, fullPlan, scriptedAnswers, scriptedResults } from '../../lms-packages/testing/scripted-learner.js';

type Format = 'scorm12' | 'scorm2004';
type Cmi = Record<string, unknown>;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const picker = { model: $<HTMLSelectElement>('model'), format: $<HTMLSelectElement>('format'), mode: $<HTMLSelectElement>('mode'), credit: $<HTMLSelectElement>('credit') };
const frame = $<HTMLIFrameElement>('sco');
const status = $('status');

let session: { format: Format; model: string; real: Scorm12API | Scorm2004API; recorder: Recorder; known: string[]; ended: boolean } | undefined;
/** The CMI data of the last ended session, per model and format, for "Relaunch (resume)". */
const saved = new Map<string, Cmi>();

const version = (format: Format): '1.2' | '2004' => (format === 'scorm12' ? '1.2' : '2004');
const say = (text: string) => (status.textContent = text);
const cmiOf = (real: Scorm12API | Scorm2004API) => (real.renderCMIToJSONObject() as { cmi: Cmi }).cmi;

function unload(): Promise<void> {
  if (!frame.src || frame.src === 'about:blank') return Promise.resolve();
  return new Promise((resolve) => {
    frame.addEventListener('load', () => resolve(), { once: true });
    frame.src = 'about:blank';
  });
}

let renderQueued = false;
function render(): void {
  if (renderQueued || !session) return;
  renderQueued = true;
  // A timer, not requestAnimationFrame: frames are not rendered while the tab is in the background.
  setTimeout(() => {
    renderQueued = false;
    if (!session) return;
    $('cmi').textContent = JSON.stringify(cmiOf(session.real), null, 2);
    const problems = strictViolations(version(session.format), session.recorder.sets(), session.known);
    const strict = $('strict');
    strict.classList.toggle('problems', problems.length > 0);
    const written = session.recorder.sets().length;
    strict.textContent =
      problems.length > 0
        ? `${problems.length === 1 ? '1 value' : `${problems.length} values`} a strict LMS would reject: ${problems.slice(0, 5).join('; ')}`
        : written === 0
          ? 'No values written yet.'
          : written === 1
            ? 'The 1 value written passes the strict checks.'
            : `All ${written} values written pass the strict checks.`;
  }, 30);
}

function logCall(method: string, args: string[], result: string, error: string): void {
  const item = document.createElement('li');
  const shown = args.map((a) => (a.length > 60 ? `${a.slice(0, 60)}…` : a));
  item.textContent = `${method}(${shown.map((a) => JSON.stringify(a)).join(', ')}) → ${JSON.stringify(result)}${error !== '0' && error !== '' ? ` (error ${error})` : ''}`;
  if (result === 'false') item.className = 'failed';
  const list = $('calls');
  list.prepend(item);
  while (list.children.length > 300) list.lastElementChild!.remove();
}

async function launch(resume: boolean): Promise<void> {
  const format = picker.format.value as Format;
  const model = picker.model.value;
  const key = `${model}/${format}`;
  const zipUrl = `/__pathway/packages/${model}/${format}.zip`;
  say('Building the package…');
  const response = await fetch(zipUrl);
  if (!response.ok) {
    say(`The package could not be built: ${await response.text()}`);
    return;
  }
  $<HTMLAnchorElement>('download').href = zipUrl;
  await unload();
  const earlier = saved.get(key);
  if (resume && !earlier) {
    say('Nothing to resume yet: launch, answer a few items (or simulate), then come back with "Relaunch".');
    return;
  }
  const mode = picker.mode.value;
  const credit = picker.credit.value;
  const seed: Cmi =
    format === 'scorm12'
      ? { ...earlier, core: { ...((earlier?.core as Cmi) ?? {}), student_id: 'demo-learner', student_name: 'Learner, Demo', lesson_mode: mode, credit, entry: resume ? 'resume' : 'ab-initio' } }
      : { ...earlier, learner_id: 'demo-learner', learner_name: 'Demo Learner', mode, credit, entry: resume ? 'resume' : 'ab-initio' };
  if (!resume) {
    delete seed.suspend_data;
    delete seed.interactions;
    delete seed.objectives;
  }
  const real = format === 'scorm12' ? new Scorm12API({ logLevel: 5 }) : new Scorm2004API({ logLevel: 5 });
  real.loadFromJSON(seed);
  const recorder = recordLms(version(format), real);
  const known = Object.values((seed.objectives as Record<string, { id: string }> | undefined) ?? {}).map((o) => o.id);
  const current: NonNullable<typeof session> = { format, model, real, recorder, known, ended: false };
  session = current;
  recorder.onCall = ({ method, args, result, error }) => {
    logCall(method, args, result, error);
    if (/^(LMSFinish|Terminate)$/.test(method)) {
      current.ended = true;
      saved.set(key, cmiOf(real));
      say('The session ended; "Relaunch (resume)" continues it.');
    }
    render();
  };
  const page = window as unknown as Record<string, unknown>;
  delete page.API;
  delete page.API_1484_11;
  page[format === 'scorm12' ? 'API' : 'API_1484_11'] = recorder.api;
  $('calls').replaceChildren();
  frame.src = `/__pathway/packages/${model}/${format}/index.html`;
  const name = `the ${format === 'scorm12' ? 'SCORM 1.2' : 'SCORM 2004'} package of ${model}`;
  say(`${resume ? 'Resuming' : 'Launching'} ${name} in ${mode} mode…`);
  render();
  // Say when it runs (or that it did not start), instead of "Launching…" for ever.
  for (let waited = 0; session === current && waited < 20_000; waited += 100) {
    if (packageIn(frame)) {
      say(`${name} is running in ${mode} mode: answer in the frame, or press "Simulate a learner".`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (session === current) say(`${name} did not start within 20 seconds; the frame shows what went wrong.`);
}

function packageIn(target: HTMLIFrameElement): PackageHandle | undefined {
  return (target.contentWindow as (Window & { pathwayPackage?: PackageHandle }) | null)?.pathwayPackage;
}

function handle(): PackageHandle | undefined {
  const found = packageIn(frame);
  if (!found) say('The package has not started yet (or shows an error in the frame).');
  return found;
}

/** Drives the runtime inside the package like a learner would, with generated answers. */
async function simulate(): Promise<void> {
  const pkg = handle();
  if (!pkg || !session) return;
  // Simulated answers never overwrite a learner's real ones, nor write after the session ended (which a
  // strict LMS rejects): they need a fresh attempt.
  if (session.ended) {
    say('This session has ended; press "Launch" for a new attempt to simulate a learner in.');
    return;
  }
  if (pkg.context.resume || session.recorder.sets().some((set) => /interactions/.test(set.element))) {
    say('This attempt already has answers; press "Launch" for a new attempt to simulate a learner in.');
    return;
  }
  const model = pkg.model;
  const count = Math.min(model.items.length, model.assessment?.maxItems ?? model.items.length);
  const { responses, records } = scriptedAnswers(model, count);
  say(`Simulating answers 1–${count}…`);
  for (let i = 0; i < count; i++) {
    await pkg.runtime.answered(records[i]!);
    await pkg.runtime.save({ assessment: assessmentState(model, responses.slice(0, i + 1)), stepsDone: [], location: `item:${i + 1}`, fraction: (i + 1) / count });
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  const plan = fullPlan(model);
  await pkg.runtime.completed(scriptedResults(model, responses), plan);
  await pkg.runtime.save({ assessment: assessmentState(model, responses), stepsDone: [], location: 'plan', fraction: 1 });
  for (const step of plan.steps.slice(0, 3)) await pkg.runtime.stepProgress({ module: step.module, status: 'done', timestamp: new Date().toISOString() });
  say('Simulated a complete assessment and three pathway steps. "Finish" ends the session.');
}

$('launch').addEventListener('click', () => void launch(false));
$('resume').addEventListener('click', () => void launch(true));
$('simulate').addEventListener('click', () => void simulate());
$('finish').addEventListener('click', () => void handle()?.runtime.finish('finished'));

const params = new URLSearchParams(location.search);
for (const [key, select] of Object.entries(picker)) {
  const value = params.get(key);
  if (value && [...select.options].some((o) => o.value === value)) select.value = value;
}
void launch(false);
