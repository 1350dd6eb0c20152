/**
 * A course catalogue without competency tags, as CSV (id, title, description, minutes, type, url) or
 * JSON (a list of such objects, or {"modules": [...]}). Problems are located like every import problem.
 */
import { MODULE_KINDS } from '../model/vocabulary.js';
import { decodeText, parseCsv } from './csv.js';
import type { LocatedProblem } from './located.js';
import { closest } from '../model/suggest.js';

export interface CatalogueEntry {
  id: string;
  title: string;
  description: string;
  minutes?: number;
  type?: string;
  url?: string;
}

export type CatalogueResult = { ok: true; entries: CatalogueEntry[]; problems: LocatedProblem[] } | { ok: false; problems: LocatedProblem[] };

const COLUMNS = ['id', 'title', 'description', 'minutes', 'type', 'url'] as const;

export function readCatalogue(file: string, bytes: Uint8Array): CatalogueResult {
  const problems: LocatedProblem[] = [];
  const decoded = decodeText(bytes);
  if (!decoded.ok) return { ok: false, problems: [{ severity: 'error', file, row: decoded.error.row, message: decoded.error.message }] };
  const text = decoded.text;
  const entries: CatalogueEntry[] = [];
  const seen = new Map<string, string>();
  const add = (raw: Record<string, unknown>, where: { row?: number; path?: string }, header: (field: string) => { column?: number; header?: string; path?: string }): void => {
    const fail = (field: string, message: string): void => void problems.push({ severity: 'error', file, ...where, ...header(field), message });
    const str = (field: string): string => (raw[field] === undefined || raw[field] === null ? '' : String(raw[field]).trim());
    const id = str('id');
    const title = str('title');
    if (!id) return fail('id', 'expected the module id');
    if (seen.has(id)) return fail('id', `id "${id}" is already used (${seen.get(id)})`);
    seen.set(id, where.row !== undefined ? `row ${where.row}` : where.path!);
    if (!title) fail('title', 'expected the module title');
    const entry: CatalogueEntry = { id, title, description: str('description') };
    const minutes = str('minutes');
    if (minutes) {
      const n = Number(minutes.replace(',', '.'));
      if (!(Number.isFinite(n) && n > 0)) fail('minutes', `expected a number of minutes above 0, found "${minutes}"`);
      else entry.minutes = Math.round(n);
    }
    const type = str('type');
    if (type) entry.type = type;
    const url = str('url');
    if (url) entry.url = url;
    entries.push(entry);
  };
  if (/^\s*[[{]/.test(text)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { ok: false, problems: [{ severity: 'error', file, message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` }] };
    }
    const list = Array.isArray(value) ? value : value && typeof value === 'object' && Array.isArray((value as Record<string, unknown>)['modules']) ? ((value as Record<string, unknown>)['modules'] as unknown[]) : undefined;
    if (!list) return { ok: false, problems: [{ severity: 'error', file, message: 'expected a JSON list of modules, or {"modules": [...]}' }] };
    const prefix = Array.isArray(value) ? '' : 'modules';
    list.forEach((raw, i) => {
      const path = `${prefix}[${i}]`;
      if (!raw || typeof raw !== 'object') return void problems.push({ severity: 'error', file, path, message: 'expected a module object with id and title' });
      add(raw as Record<string, unknown>, { path }, (field) => ({ path: `${path}.${field}` }));
    });
  } else {
    const parsed = parseCsv(text);
    if (!parsed.ok) return { ok: false, problems: [{ severity: 'error', file, row: parsed.error.row, column: parsed.error.column, message: parsed.error.message }] };
    const [head = [], ...rows] = parsed.table.rows;
    const index = new Map(head.map((h, i) => [h.trim().toLowerCase(), i]));
    for (const required of ['id', 'title'] as const) {
      if (!index.has(required)) problems.push({ severity: 'error', file, row: 1, header: required, message: `the header row has no "${required}" column; expected ${COLUMNS.join(', ')}` });
    }
    head.forEach((h, i) => {
      const name = h.trim().toLowerCase();
      if (name && !(COLUMNS as readonly string[]).includes(name)) {
        const hint = closest(name, COLUMNS);
        problems.push({ severity: 'warning', file, row: 1, column: i + 1, header: h, message: `column "${h}" is not used${hint ? ` (did you mean "${hint}"?)` : ''}; the catalogue columns are ${COLUMNS.join(', ')}` });
      }
    });
    if (problems.some((p) => p.severity === 'error')) return { ok: false, problems };
    rows.forEach((row, r) => {
      if (row.every((cell) => cell.trim() === '')) return;
      const raw = Object.fromEntries(COLUMNS.map((c) => [c, index.has(c) ? row[index.get(c)!] : undefined]));
      add(raw, { row: r + 2 }, (field) => (index.has(field) ? { column: index.get(field)! + 1, header: field } : { header: field }));
    });
  }
  if (entries.length === 0 && problems.length === 0) problems.push({ severity: 'error', file, message: 'the catalogue lists no modules' });
  return problems.some((p) => p.severity === 'error') ? { ok: false, problems } : { ok: true, entries, problems };
}

/** The module kind a catalogue type names (course when it names none Pathway knows). */
export function kindOf(type: string | undefined): (typeof MODULE_KINDS)[number] {
  const t = (type ?? '').toLowerCase().replace(/[\s_]+/g, '-');
  if ((MODULE_KINDS as readonly string[]).includes(t)) return t as (typeof MODULE_KINDS)[number];
  if (/e-?learning|online|scorm/.test(t)) return 'elearning';
  if (/book|article|read/.test(t)) return 'reading';
  if (/video|webinar/.test(t)) return 'video';
  if (/mentor/.test(t)) return 'mentoring';
  if (/coach/.test(t)) return 'coaching';
  if (/workshop|class|seminar/.test(t)) return 'workshop';
  return 'course';
}
