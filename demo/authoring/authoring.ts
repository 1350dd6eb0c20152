// The authoring page: loads files, shows problems in place, and asks its worker for everything heavy.
// Model text is untrusted: it is only ever set as text, never as HTML.
import '../../components/assessment/assessment.js';
import { zipSync } from 'fflate';
import type { SuggestionsFile } from '../../src/authoring/align.js';
import { placeText } from '../../src/authoring/located.js';
import { templateSheets } from '../../src/authoring/sheets.js';
import { columnLetter } from '../../src/authoring/csv.js';
import { contentLanguages } from '../../src/model/languages.js';
import { resolveText } from '../../src/model/text.js';
import type { Model } from '../../src/model/types.js';
import type { FileData, Request, Response, ShownProblem } from './protocol.js';

type Attrs = Record<string, string | boolean | undefined>;
/** A DOM element with text children only. */
function h(tag: string, attrs: Attrs = {}, ...children: (Node | string | undefined)[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== false) el.setAttribute(k, v === true ? '' : v);
  for (const child of children) if (child !== undefined) el.append(child);
  return el;
}
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

// Two workers from the same script: the simulation (seconds on a large model) runs in its own, so
// importing, aligning and exporting never wait behind it.
const workers = { main: new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }), simulation: new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }) };
let nextId = 1;
const pending = new Map<number, { resolve: (r: Response) => void; reject: (e: Error) => void }>();
for (const worker of Object.values(workers)) {
  worker.onmessage = (event: MessageEvent<Response>): void => {
    const waiting = pending.get(event.data.id);
    pending.delete(event.data.id);
    if (event.data.kind === 'failed') waiting?.reject(new Error(event.data.message));
    else waiting?.resolve(event.data);
  };
  // A worker that cannot even start (a script error) fails everything it was asked.
  worker.onerror = (event: ErrorEvent): void => {
    for (const [id, waiting] of pending) {
      pending.delete(id);
      waiting.reject(new Error(event.message || 'the page\'s worker stopped'));
    }
  };
}
type Without<T> = T extends unknown ? Omit<T, 'id'> : never;
function ask<K extends Request['kind']>(request: Without<Extract<Request, { kind: K }>>): Promise<Extract<Response, { kind: K }>> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve: resolve as (r: Response) => void, reject });
    (request.kind === 'report' ? workers.simulation : workers.main).postMessage({ ...request, id });
  });
}

/** Runs a step of the page; if it fails, says so in that step's status line instead of going quiet. */
function step(statusId: string, run: () => Promise<void>): void {
  run().catch((error: unknown) => status(statusId, `Something went wrong: ${error instanceof Error ? error.message : String(error)}. Nothing was changed.`));
}

/** Simulated learners per report: 60, or `?learners=N` (5–1,000) for a quicker or a surer figure. */
const LEARNERS = Math.min(1000, Math.max(5, Math.round(Number(new URLSearchParams(location.search).get('learners')) || 60)));

let model: Model | undefined;
let suggestions: SuggestionsFile | undefined;
let reportRun = 0;

const status = (id: string, text: string): void => void ($(id).textContent = text);

async function readFiles(list: Iterable<File>): Promise<FileData[]> {
  return Promise.all([...list].map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}

async function load(files: FileData[]): Promise<void> {
  status('status', `Checking ${files.map((f) => f.name).join(', ')}…`);
  const result = await ask<'import'>({ kind: 'import', files });
  renderProblems(result.problems);
  if (!result.ok || !result.model) {
    const errors = result.problems.filter((p) => p.severity === 'error').length;
    status('status', `Not loaded: ${errors} problem${errors === 1 ? '' : 's'} to fix (below). Nothing was changed.`);
    return;
  }
  status('status', `Loaded from ${result.formats.join(' + ')}: ${result.model.competencies.length} competencies, ${result.model.roles.length} roles, ${result.model.items.length} items, ${result.model.modules.length} modules.`);
  setModel(result.model);
}

function renderProblems(problems: ShownProblem[]): void {
  const box = $('problems');
  box.replaceChildren();
  if (problems.length === 0) return;
  const errors = problems.filter((p) => p.severity === 'error');
  box.append(h('h3', {}, errors.length ? `${errors.length} error${errors.length === 1 ? '' : 's'}` : `${problems.length} warning${problems.length === 1 ? '' : 's'}`));
  const list = h('ul', { class: 'problems' });
  for (const p of problems.slice(0, 200)) {
    const item = h('li', { class: p.severity }, h('span', { class: 'where' }, `${p.severity === 'error' ? 'Error' : 'Warning'} — ${placeText(p)}: `), p.message);
    if (p.cells && p.row !== undefined) item.append(rowView(p));
    list.append(item);
  }
  box.append(list);
  if (problems.length > 200) box.append(h('p', {}, `…and ${problems.length - 200} more.`));
}

/** The problem's spreadsheet row, its cell outlined: the problem where the author will fix it. */
function rowView(p: ShownProblem): HTMLElement {
  const cells = p.cells ?? [];
  // The row's first cell (its id) and the cell with its neighbours: enough to recognise the row,
  // narrow enough for a phone.
  const from = p.column ? Math.max(0, p.column - 2) : 0;
  const shown = [...new Set([0, ...Array.from({ length: Math.max(0, Math.min(cells.length, from + 3) - from) }, (_, k) => from + k)])];
  const head = h('tr', {}, h('th', { scope: 'col' }, 'Row'));
  const body = h('tr', {}, h('th', { scope: 'row' }, String(p.row)));
  for (const i of shown) {
    head.append(h('th', { scope: 'col' }, `${columnLetter(i + 1)}: ${p.headers?.[i] ?? ''}`));
    body.append(h('td', { class: p.column === i + 1 ? 'bad' : undefined }, cells[i] ?? ''));
  }
  return h('div', { class: 'scroll' }, h('table', {}, h('thead', {}, head), h('tbody', {}, body)));
}

function setModel(next: Model): void {
  model = next;
  for (const el of document.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>('#draft, #catalogue, #catalogue-language, #catalogue-sample, #role, [data-export]')) el.disabled = false;
  const roleSelect = $<HTMLSelectElement>('role');
  const lang = next.language;
  const previous = roleSelect.value;
  roleSelect.replaceChildren(...next.roles.map((r) => h('option', { value: r.id }, resolveText(r.title, lang, lang))));
  if (next.roles.some((r) => r.id === previous)) roleSelect.value = previous;
  // A catalogue is matched against the model's texts in its own language.
  const languageSelect = $<HTMLSelectElement>('catalogue-language');
  const chosen = languageSelect.value;
  const languages = contentLanguages(next);
  languageSelect.replaceChildren(...languages.map((l) => h('option', { value: l }, l)));
  if (languages.includes(chosen)) languageSelect.value = chosen;
  applyAssessment();
  void report();
}

function applyAssessment(): void {
  if (!model) return;
  const assessment = $('assessment') as HTMLElement & { model: unknown };
  const role = model.roles.find((r) => r.id === $<HTMLSelectElement>('role').value) ?? model.roles[0]!;
  assessment.setAttribute('current-role', role.id);
  if (role.next) assessment.setAttribute('target-role', role.next);
  else assessment.removeAttribute('target-role');
  assessment.model = model;
  assessment.hidden = false;
  $('role-label').hidden = false;
  $('try-hint').hidden = true;
}

async function report(): Promise<void> {
  if (!model) return;
  const run = ++reportRun;
  $('simulation').replaceChildren(h('p', {}, `Simulating ${LEARNERS} learners with 3 peers each in the background…`));
  try {
    const r = await ask<'report'>({ kind: 'report', model, learners: LEARNERS });
    if (run === reportRun) renderCoverage(r);
  } catch (error) {
    if (run === reportRun) $('simulation').replaceChildren(h('p', {}, `The simulation could not run: ${error instanceof Error ? error.message : String(error)}`));
  }
}

function figure(label: string, value: string, note?: string): HTMLElement {
  return h('div', { class: 'figure' }, h('strong', {}, value), label, note ? h('div', { class: 'matched' }, note) : undefined);
}
const pct = (x: number | undefined): string => (x === undefined ? '–' : `${Math.round(100 * x)}%`);

function renderCoverage(r: Extract<Response, { kind: 'report' }>): void {
  const sim = r.simulation;
  $('simulation').replaceChildren(
    sim
      ? h(
          'div',
          { class: 'figures' },
          figure('items per assessment', sim.itemsMean.toFixed(1), `95% take at most ${sim.itemsP95}; ${sim.minutesMean.toFixed(0)} minutes`),
          figure('decisions sure', pct(sim.decidedShare), `${pct(sim.decidedRight)} of them right`),
          figure('blind spots found', pct(sim.blindSpotsFound), `of ${sim.blindSpotCases} simulated`),
          figure('items per peer form', sim.peerItems.toFixed(1), sim.peerItems === 0 ? 'peers see an empty form: draft observer wording' : undefined),
        )
      : h('p', {}, `The simulation could not run: ${r.error ?? 'unknown reason'}`),
  );
  const rows = r.coverage.competencies.map((c) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, c.title),
      h('td', { class: 'num' }, String(c.requiredLevel)),
      h('td', { class: 'num' }, String(c.selfItems)),
      h('td', { class: c.observerItems === 0 ? 'num bad' : 'num' }, String(c.observerItems)),
      h('td', { class: c.nonSelfEvidence === 0 ? 'num bad' : 'num' }, String(c.nonSelfEvidence)),
      h('td', { class: c.itemsNeeded === null ? 'num bad' : 'num' }, c.itemsNeeded === null ? 'not reachable' : String(c.itemsNeeded)),
      h('td', { class: 'num' }, String(c.drafts)),
    ),
  );
  const head = h('tr', {}, ...['Competency', 'Required level', 'Self items', 'Observer items', 'Not self-report', 'Items for a sure decision', 'Drafts'].map((t) => h('th', { scope: 'col' }, t)));
  $('coverage').replaceChildren(h('div', { class: 'scroll' }, h('table', {}, h('caption', {}, 'Coverage of each competency a role requires'), h('thead', {}, head), h('tbody', {}, ...rows))));
}

async function draft(): Promise<void> {
  if (!model) return;
  status('draft-status', 'Drafting…');
  const r = await ask<'draft'>({ kind: 'draft', model });
  if (r.problems.length) return status('draft-status', `The drafts do not validate: ${r.problems[0]}`);
  status('draft-status', r.added ? `Drafted ${r.added} items, marked for review (extensions.draft). Export to keep them.` : 'Nothing new to draft: every indicator already has its draft.');
  setModel(r.model);
}

async function align(file: FileData, against: Model | undefined = model): Promise<void> {
  if (!against) return;
  status('align-status', `Aligning ${file.name}…`);
  const language = $<HTMLSelectElement>('catalogue-language').value || against.language;
  const r = await ask<'align'>({ kind: 'align', model: against, catalogue: file, language, ...(suggestions ? { previous: suggestions } : {}) });
  if (!r.suggestions) {
    renderProblems(r.problems);
    return status('align-status', `${file.name} could not be read: see the problems above.`);
  }
  suggestions = r.suggestions;
  const auto = suggestions.modules.filter((m) => m.suggestions[0]?.decision === 'auto').length;
  const { autoAccept, minCoverage } = suggestions.thresholds;
  // A note (e.g. the catalogue seems to be in another language) comes first: it says why nothing is ticked.
  status('align-status', [...(suggestions.notes ?? []), `${suggestions.modules.length} modules; ${auto} first suggestions pass the auto-accept thresholds (score ≥ ${autoAccept}, matching ≥ ${Math.round(minCoverage * 100)}% of the module's words) and are ticked.`].join(' '));
  renderSuggestions();
  $<HTMLButtonElement>('merge').disabled = false;
}

function renderSuggestions(): void {
  if (!suggestions || !model) return;
  const lang = model.language;
  const title = (id: string): string => {
    const c = model!.competencies.find((x) => x.id === id);
    return c ? resolveText(c.title, lang, lang) : id;
  };
  const rows = suggestions.modules.slice(0, 300).map((m) => {
    const cell = h('td', {});
    if (m.suggestions.length === 0) cell.append('no suggestion');
    m.suggestions.forEach((s) => {
      const id = `s-${m.id}-${s.competency}`;
      const box = h('input', { type: 'checkbox', id, checked: s.decision === 'accepted' || s.decision === 'auto' }) as HTMLInputElement;
      box.addEventListener('change', () => (s.decision = box.checked ? 'accepted' : 'rejected'));
      const levels = s.to === undefined ? '' : s.from === undefined ? `, level ${s.to}` : `, levels ${s.from}→${s.to}`;
      cell.append(h('div', {}, box, h('label', { for: id, class: 'suggestion' }, ` ${title(s.competency)}${levels} · score ${s.score.toFixed(2)}${s.coverage === undefined ? '' : ` · ${Math.round(s.coverage * 100)}% of the module's words`}`), s.matched.length ? h('div', { class: 'matched' }, `matched: ${s.matched.slice(0, 8).join(', ')}`) : undefined));
    });
    return h('tr', {}, h('th', { scope: 'row' }, m.title), cell);
  });
  $('suggestions').replaceChildren(h('div', { class: 'scroll' }, h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Module'), h('th', { scope: 'col' }, 'Develops (tick to accept)'))), h('tbody', {}, ...rows))));
}

async function merge(): Promise<void> {
  if (!model || !suggestions) return;
  const r = await ask<'accept'>({ kind: 'accept', model, suggestions });
  if (!r.model) return status('align-status', `Not merged: ${r.problems[0] ?? 'the result does not validate'}`);
  status('align-status', `Merged: ${r.added} modules added, ${r.updated} updated (new modules are marked extensions.align for review).`);
  setModel(r.model);
}

async function download(format: 'json' | 'csv' | 'case' | 'moodle'): Promise<void> {
  if (!model) return;
  status('export-status', 'Preparing the export…');
  const r = await ask<'export'>({ kind: 'export', model, format });
  save(r.name, r.bytes, r.type);
  status('export-status', `Saved ${r.name} (${r.bytes.length.toLocaleString()} bytes).`);
}

function save(name: string, bytes: Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const a = h('a', { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// Wiring.
const drop = $('drop');
drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  if (e.dataTransfer?.files.length) step('status', () => readFiles(e.dataTransfer!.files).then(load));
});
$<HTMLInputElement>('files').addEventListener('change', (e) => {
  const input = e.target as HTMLInputElement;
  if (input.files?.length) step('status', () => readFiles(input.files!).then(load));
  input.value = '';
});
$<HTMLSelectElement>('sample').addEventListener('change', async (e) => {
  const name = (e.target as HTMLSelectElement).value;
  if (!name) return;
  const response = await fetch(`../models/${name}.json`);
  await load([{ name: `${name}.json`, bytes: new Uint8Array(await response.arrayBuffer()) }]);
});
$('template').addEventListener('click', () => {
  const files = templateSheets();
  save('pathway-sheets.zip', zipSync(Object.fromEntries(Object.entries(files).map(([n, t]) => [n, new TextEncoder().encode(t)]))), 'application/zip');
});
$('draft').addEventListener('click', () => step('draft-status', draft));
$<HTMLInputElement>('catalogue').addEventListener('change', (e) => {
  const input = e.target as HTMLInputElement;
  if (input.files?.[0]) step('align-status', () => readFiles([input.files![0]!]).then(([f]) => align(f!)));
  input.value = '';
});
$('catalogue-sample').addEventListener('click', () => {
  if (!model) return;
  // The model's own modules as an untagged catalogue: what alignment would suggest for them.
  const lang = $<HTMLSelectElement>('catalogue-language').value || model.language;
  const rows = [['id', 'title', 'description', 'minutes', 'type'], ...model.modules.map((m) => [m.id, resolveText(m.title, lang, lang), `${resolveText(m.what, lang, lang)} ${resolveText(m.why, lang, lang)}`, String(m.minutes), m.kind])];
  const json = JSON.stringify(rows.slice(1).map(([id, title, description, minutes, type]) => ({ id, title, description, minutes: Number(minutes), type })));
  // Aligned against the model without its modules, so their tags are not known in advance.
  suggestions = undefined;
  step('align-status', () => align({ name: 'catalogue.json', bytes: new TextEncoder().encode(json) }, { ...model!, modules: [] }));
});
$('merge').addEventListener('click', () => step('align-status', merge));
$('role').addEventListener('change', applyAssessment);
for (const button of document.querySelectorAll<HTMLButtonElement>('[data-export]')) button.addEventListener('click', () => step('export-status', () => download(button.dataset['export'] as 'json')));

const initial = new URLSearchParams(location.search).get('sample');
if (initial) {
  $<HTMLSelectElement>('sample').value = initial;
  $('sample').dispatchEvent(new Event('change'));
}
