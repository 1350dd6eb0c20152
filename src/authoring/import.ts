/**
 * `pathway import`: any mix of CSV sheets, a CASE package, a Moodle framework CSV and a Pathway model
 * JSON, assembled into one model and validated. Every problem is located in the file it came from
 * (row and column, or JSON path); the model is returned only when it is valid, and whatever a format
 * could not carry is reported as a warning, so nothing is left out silently.
 */
import { findJsonSyntaxError } from '../model/json-syntax.js';
import { validateModel } from '../model/load.js';
import { lineColumn } from '../model/parse.js';
import type { Model } from '../model/types.js';
import { MODEL_FORMAT } from '../model/vocabulary.js';
import { isCasePackage, readCase } from './case.js';
import { decodeText, parseCsv } from './csv.js';
import { SourceMap, type LocatedProblem } from './located.js';
import { isMoodleHeader, readMoodle } from './moodle.js';
import { readSheets, SHEET_FILES, type Assembled, type SheetInput } from './sheets.js';

export interface ImportFile {
  /** The name the author knows the file by. */
  name: string;
  bytes: Uint8Array;
}

export type ImportResult =
  | { ok: true; model: Model; problems: LocatedProblem[]; formats: string[] }
  | { ok: false; problems: LocatedProblem[]; formats: string[] };

const sameCell = (a: LocatedProblem, b: LocatedProblem): boolean => a.file === b.file && a.row === b.row && a.column === b.column && a.path === b.path;

export function importFiles(files: readonly ImportFile[]): ImportResult {
  const into: Assembled = { model: {}, map: new SourceMap(), problems: [] };
  const sheets: SheetInput[] = [];
  const formats = new Set<string>();
  // JSON first (a model or a CASE package sets the model's identity), then Moodle, then the sheets.
  const ordered = [...files].sort((a, b) => Number(!/\.json$/i.test(a.name)) - Number(!/\.json$/i.test(b.name)));
  for (const { name, bytes } of ordered) {
    const decoded = decodeText(bytes);
    if (!decoded.ok) {
      into.problems.push({ severity: 'error', file: name, row: decoded.error.row, message: decoded.error.message });
      continue;
    }
    const text = decoded.text;
    if (text.trim() === '') {
      into.problems.push({ severity: 'error', file: name, message: 'the file is empty' });
      continue;
    }
    if (/\.json$/i.test(name) || /^\s*[{[]/.test(text)) {
      readJson(name, text, into, formats);
      continue;
    }
    const head = parseCsv(text.split(/\r?\n/, 1)[0] ?? '');
    if (head.ok && isMoodleHeader(head.table.rows[0] ?? [])) {
      formats.add('moodle');
      readMoodle(name, text, into);
    } else {
      formats.add('csv');
      sheets.push({ file: name, text });
    }
  }
  if (sheets.length > 0) readSheets(sheets, into);
  return finish(into, [...formats], files.map((f) => f.name));
}

function readJson(name: string, text: string, into: Assembled, formats: Set<string>): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const found = findJsonSyntaxError(text) ?? { offset: text.length, reason: 'unexpected end of the file' };
    const { line, column } = lineColumn(text, found.offset);
    into.problems.push({ severity: 'error', file: name, message: `not valid JSON: ${found.reason} at line ${line}, column ${column}` });
    return;
  }
  if (isCasePackage(value)) {
    formats.add('case');
    readCase(name, value, into);
  } else if (value && typeof value === 'object' && !Array.isArray(value) && (value as Record<string, unknown>)['format'] === MODEL_FORMAT) {
    formats.add('pathway');
    for (const [key, v] of Object.entries(value)) {
      if (into.model[key] !== undefined) continue;
      into.model[key] = v;
      into.map.set(key, { file: name, path: key });
    }
    // Paths inside a Pathway model are its own JSON paths: map each top-level list entry to itself.
    for (const key of ['groups', 'competencies', 'roles', 'items', 'modules']) {
      const list = (value as Record<string, unknown>)[key];
      if (Array.isArray(list)) list.forEach((_, i) => into.map.set(`${key}[${i}]`, { file: name, path: `${key}[${i}]` }));
    }
  } else {
    into.problems.push({ severity: 'error', file: name, message: 'a JSON file that is neither a CASE package (with "CFDocument") nor a Pathway model (with "format": "pathway-model/1")' });
  }
}

function finish(into: Assembled, formats: string[], names: string[]): ImportResult {
  const { model, map, problems } = into;
  const sources = names.join(', ');
  model['format'] ??= MODEL_FORMAT;
  // A file refused as a whole (not a sheet, not JSON, empty): what the model lacks follows from that,
  // so when no file could be read, saying "no roles, no scale, …" as well would only bury the cause.
  const unreadable = new Set(problems.filter((p) => p.severity === 'error' && p.row === undefined && p.path === undefined && p.column === undefined).map((p) => p.file));
  if (names.every((n) => unreadable.has(n))) return { ok: false, problems: [...problems], formats };
  const these = names.length === 1 ? 'this file gives' : 'these files give';
  const missing = (field: string, what: string): void => {
    problems.push({ severity: 'error', file: sources, message: `${these} no ${field}: ${what}` });
  };
  if (model['competencies'] === undefined || (model['competencies'] as unknown[]).length === 0) missing('competencies', 'add competencies.csv, a CASE package or a Moodle framework');
  if (model['roles'] === undefined) missing('roles', `${formats.includes('case') || formats.includes('moodle') ? 'CASE and Moodle frameworks have none; ' : ''}add a roles.csv sheet (pathway init --csv writes one)`);
  if (model['scale'] === undefined) missing('scale', 'add a scale.csv sheet with the levels, lowest first');
  if (model['id'] === undefined && !problems.some((p) => p.file.endsWith('model.csv'))) missing('model id', 'add model.csv with at least id, version, title and language');
  for (const list of ['items', 'modules'] as const) {
    if (model[list] === undefined) {
      model[list] = [];
      problems.push({ severity: 'warning', file: sources, message: `${these} no ${list}; the model starts with none${list === 'items' ? ' (pathway draft-items drafts them from the indicators)' : ' (pathway align suggests tags for a catalogue)'}` });
    }
  }
  if (Array.isArray(model['groups']) && model['groups'].length === 0) delete model['groups'];
  const reading = problems.filter((p) => p.severity === 'error');
  const result = validateModel(inSchemaOrder(model));
  const located = result.problems.map((p) => map.locate(p, sources)).filter((p) => !reading.some((r) => sameCell(r, p)));
  // Missing top-level fields were already named above in the author's terms.
  const named = new Set(['competencies', 'roles', 'scale', 'id', 'version', 'title', 'language']);
  const validation = reading.length > 0 ? located.filter((p) => !(p.modelPath && named.has(p.modelPath) && !map.find(p.modelPath))) : located;
  const all = [...problems, ...validation];
  if (reading.length > 0 || !result.ok) return { ok: false, problems: all, formats };
  return { ok: true, model: result.model, problems: all, formats };
}

/** The model's fields in the order of the format's documentation, whatever file gave each. */
const FIELD_ORDER = ['$schema', 'format', 'id', 'version', 'title', 'description', 'language', 'languages', 'intro', 'scale', 'frequencyScale', 'groups', 'competencies', 'roles', 'items', 'modules', 'assessment', 'planning', 'delivery', 'extensions'];

function inSchemaOrder(model: Record<string, unknown>): Record<string, unknown> {
  const rank = (key: string): number => (FIELD_ORDER.includes(key) ? FIELD_ORDER.indexOf(key) : FIELD_ORDER.length);
  return Object.fromEntries(Object.entries(model).sort(([a], [b]) => rank(a) - rank(b)));
}

export { SHEET_FILES };
