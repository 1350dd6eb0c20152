/**
 * The spreadsheet form of a model: one CSV sheet per part, one row per list entry (an indicator, a
 * requirement, an option, a developed competency), the entity's own fields on its first row. Rows with
 * the same id belong together, so sorting a sheet does not break it. Translations are extra columns
 * named `<column>@<language>` (e.g. `title@de`). docs/authoring.md lists every column.
 */
import { MODEL_FORMAT } from '../model/vocabulary.js';
import type { Model, Text } from '../model/types.js';
import { closest } from '../model/suggest.js';
import { parseCsv, unescapeFormula, writeCsv, type CsvTable } from './csv.js';
import { SourceMap, type CellResolver, type LocatedProblem } from './located.js';

type Kind = 'text' | 'string' | 'int' | 'number' | 'boolean' | 'words' | 'numbers' | 'json' | 'related';

interface Column {
  header: string;
  /** Dotted path inside the entity (or the list entry). */
  path: string;
  kind: Kind;
  /** One line for `pathway init` and docs/authoring.md. */
  doc: string;
  example?: string;
}

export interface SheetSpec {
  name: string;
  /** Model list the sheet fills. */
  list: 'groups' | 'competencies' | 'roles' | 'items' | 'modules';
  fields: Column[];
  /** The list inside each entity that one row adds to. */
  child?: { list: (entity: Record<string, unknown>) => string; columns: Column[] };
}

const c = (header: string, kind: Kind, doc: string, example?: string, path = header): Column => ({ header, path, kind, doc, example });

export const SHEETS: readonly SheetSpec[] = [
  {
    name: 'groups',
    list: 'groups',
    fields: [
      c('id', 'string', 'Group id (letters, digits, - or _).', 'people'),
      c('title', 'text', 'Name of the group.', 'Working with people'),
      c('description', 'text', 'What the group covers (optional).'),
      c('extensions', 'json', 'Free-form JSON of your own (optional).'),
    ],
  },
  {
    name: 'competencies',
    list: 'competencies',
    fields: [
      c('id', 'string', 'Competency id; repeat it on every row of its indicators.', 'feedback'),
      c('title', 'text', 'Name of the competency (first row of the competency).', 'Giving feedback'),
      c('description', 'text', 'What the competency is about.', 'Tells people specifically what worked and what to change.'),
      c('group', 'string', 'Group id (optional).', 'people'),
      c('iri', 'string', 'IRI in a framework such as CASE or ESCO (optional).'),
      c('related', 'related', 'Related competencies with their correlation, e.g. "listening:0.5; coaching:0.3" (optional).'),
      c('extensions', 'json', 'Free-form JSON of your own (optional).'),
    ],
    child: {
      list: () => 'indicators',
      columns: [
        c('level', 'int', 'Level the behaviour is typical of (one row per indicator).', '3'),
        c('indicator', 'text', 'The behaviour, as it can be observed.', 'Gives specific feedback within a day of the event.', 'text'),
      ],
    },
  },
  {
    name: 'roles',
    list: 'roles',
    fields: [
      c('id', 'string', 'Role id; repeat it on every row of its requirements.', 'team-lead'),
      c('title', 'text', 'Name of the role (first row of the role).', 'Team lead'),
      c('description', 'text', 'What the role is (optional).'),
      c('next', 'string', 'Id of the role this one usually leads to (optional).'),
      c('extensions', 'json', 'Free-form JSON of your own (optional).'),
    ],
    child: {
      list: () => 'requirements',
      columns: [
        c('competency', 'string', 'Competency the role requires (one row per requirement).', 'feedback'),
        c('level', 'int', 'Level required.', '3'),
        c('weight', 'number', 'Importance, above 0 up to 10 (optional, default 1).'),
        c('critical', 'boolean', 'true when falling short is not acceptable (optional).', 'true'),
      ],
    },
  },
  {
    name: 'items',
    list: 'items',
    fields: [
      c('id', 'string', 'Item id; repeat it on every row of its options.', 'feedback-often'),
      c('type', 'string', 'frequency, anchored, situational, evidence or forced-choice.', 'frequency'),
      c('competency', 'string', 'Competency the item assesses.', 'feedback'),
      c('stem', 'text', 'Question or behaviour for the learner (frequency, anchored, forced-choice).', 'How often do you give specific feedback within a day?'),
      c('observerStem', 'text', 'The same for a manager or peer; without it raters never see the item.', 'How often does this person give specific feedback within a day?'),
      c('level', 'int', 'Level of the behaviour (frequency items).', '3'),
      c('scenario', 'text', 'The situation (situational items).'),
      c('question', 'text', 'The question after the scenario (situational, optional).'),
      c('format', 'string', 'best, most-least or rate-each (situational).'),
      c('task', 'text', 'The work-sample task (evidence items).'),
      c('prompt', 'text', 'What to attach or describe (evidence, optional).'),
      c('confirmBy', 'string', 'manager or peer (evidence, optional).'),
      c('seconds', 'int', 'Expected answering time in seconds (optional).'),
      c('raters', 'words', 'Forms that include the item: self, manager, peer, separated by spaces (optional).'),
      c('allowNotApplicable', 'boolean', 'Offer "not applicable" (optional).'),
      c('irt.a', 'number', 'Discrimination (optional).'),
      c('irt.b', 'numbers', 'Category thresholds, ascending, separated by spaces (optional).'),
      c('extensions', 'json', 'Free-form JSON of your own (optional).'),
    ],
    child: {
      list: (item) => (item['type'] === 'evidence' ? 'rubric' : 'options'),
      columns: [
        c('option.text', 'text', 'Option (anchored, situational, forced-choice) or rubric level text (evidence); one row per option.', undefined, 'text'),
        c('option.observerText', 'text', 'The option worded for an observer (anchored, optional).', undefined, 'observerText'),
        c('option.level', 'int', 'Level of the option or rubric entry.', undefined, 'level'),
        c('option.effectiveness', 'number', 'Expert effectiveness 1–5 (situational).', undefined, 'effectiveness'),
        c('option.agreement', 'number', 'Share of experts agreeing, 0–1 (situational, optional).', undefined, 'agreement'),
        c('option.competency', 'string', 'Competency of the option (forced-choice, optional).', undefined, 'competency'),
      ],
    },
  },
  {
    name: 'modules',
    list: 'modules',
    fields: [
      c('id', 'string', 'Module id; repeat it on every row of the competencies it develops.', 'feedback-workshop'),
      c('kind', 'string', 'course, elearning, workshop, reading, video, practice, on-the-job, project, reflection, coaching, mentoring or peer-learning.', 'workshop'),
      c('modality', 'string', 'experiential, social or formal, overriding the kind (optional).'),
      c('title', 'text', 'Name of the module.', 'Feedback that lands'),
      c('minutes', 'int', 'Time it takes, in minutes.', '90'),
      c('url', 'string', 'Launch link (optional).'),
      c('awareness', 'boolean', 'true for blind-spot awareness steps (optional).'),
      c('revisits', 'string', 'Id of the module this one revisits (optional).'),
      c('revisitAfterDays', 'int', 'Days after the revisited module (optional).'),
      c('prerequisites', 'words', 'Module ids needed first, separated by spaces (optional).'),
      c('why', 'text', 'Why this step matters.', 'Feedback is how your team improves between reviews.'),
      c('what', 'text', 'What the step is.', 'A 90-minute workshop with practice conversations.'),
      c('how', 'text', 'How to do it, starting with a first action.', 'Book a seat in the LMS and bring one real situation.'),
      c('extensions', 'json', 'Free-form JSON of your own (optional).'),
    ],
    child: {
      list: () => 'develops',
      columns: [
        c('competency', 'string', 'Competency the module develops (one row per competency).', 'feedback'),
        c('from', 'int', 'Lowest level it is pitched at (optional).', '2'),
        c('to', 'int', 'Level it brings a learner to.', '3'),
      ],
    },
  },
];

export const SCALE_COLUMNS: readonly Column[] = [
  c('competency', 'string', 'Empty for the model scale; a competency id for a scale of its own.'),
  c('level', 'int', 'Level number, lowest first.', '1'),
  c('label', 'text', 'Short name of the level.', 'Foundation'),
  c('meaning', 'text', 'What the level means.', 'Learning the basics with guidance.'),
];

export const MODEL_COLUMNS: readonly Column[] = [
  c('field', 'string', 'Model field: id, version, title, description, language, languages, intro.purpose, intro.privacy, frequencyScale (one row per label), assessment.*, planning.*, delivery.*, extensions, $schema.'),
  c('value', 'text', 'Its value (text fields may add value@<language> columns).'),
];

/** Every sheet file, in the order `pathway export` writes them. */
export const SHEET_FILES = ['model', 'scale', ...SHEETS.map((s) => s.name)].map((n) => `${n}.csv`);

// ───────────────────────────── reading ─────────────────────────────

export interface SheetInput {
  /** File name as the author knows it (used in messages and to tell sheets apart). */
  file: string;
  text: string;
}

export interface Assembled {
  /** The model as far as the sheets describe it (not yet validated). */
  model: Record<string, unknown>;
  map: SourceMap;
  problems: LocatedProblem[];
}

class Sheet {
  readonly headers: string[];
  private readonly index = new Map<string, number>();
  constructor(
    readonly file: string,
    readonly table: CsvTable,
  ) {
    this.headers = (table.rows[0] ?? []).map((h) => h.trim());
    this.headers.forEach((h, i) => {
      if (h !== '' && !this.index.has(h.toLowerCase())) this.index.set(h.toLowerCase(), i);
    });
  }
  col(header: string): number | undefined {
    return this.index.get(header.toLowerCase());
  }
  private readonly translationColumns = new Map<string, [string, number][]>();

  /** Translation columns `<header>@<lang>`: language → column index. */
  translations(header: string): [string, number][] {
    let found = this.translationColumns.get(header);
    if (!found) {
      const prefix = `${header.toLowerCase()}@`;
      found = [...this.index].filter(([key]) => key.startsWith(prefix)).map(([, i]) => [this.headers[i]!.slice(prefix.length), i]);
      this.translationColumns.set(header, found);
    }
    return found;
  }

  /** The cells of a row's fields, for the source map: field path → column. */
  resolver(columns: readonly Column[]): CellResolver {
    const at = (header: string): { column?: number; header: string } => {
      const col = this.col(header);
      return col === undefined ? { header } : { column: col + 1, header: this.headers[col]! };
    };
    return (suffix) => {
      const key = suffix.replace(/^\./, '');
      for (const column of columns) {
        if (key === column.path) return at(column.header);
        if (key.startsWith(`${column.path}.`) || key.startsWith(`${column.path}[`)) {
          const lang = key.slice(column.path.length + 1);
          return column.kind === 'text' && this.col(`${column.header}@${lang}`) !== undefined ? at(`${column.header}@${lang}`) : at(column.header);
        }
      }
      return undefined;
    };
  }
  cell(row: number, col: number | undefined): string {
    if (col === undefined) return '';
    return unescapeFormula(this.table.rows[row - 1]?.[col] ?? '');
  }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys[keys.length - 1]!] = value;
}

function getPath(target: Record<string, unknown>, path: string): unknown {
  let node: unknown = target;
  for (const key of path.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  return node;
}

const BOOLEAN: Record<string, boolean> = { true: true, false: false, yes: true, no: false, '1': true, '0': false, wahr: true, falsch: false };

class Reader {
  readonly problems: LocatedProblem[] = [];
  constructor(
    readonly map: SourceMap,
    readonly language: () => string,
  ) {}

  fail(sheet: Sheet, row: number, col: number | undefined, header: string | undefined, message: string): void {
    this.problems.push({ severity: 'error', file: sheet.file, row, column: col === undefined ? undefined : col + 1, header, message });
  }

  /**
   * Reads one column of one row as its kind; `undefined` when the cell is empty or wrong (then a problem
   * is recorded). `mapCell` records the cell in the source map (rows of entity sheets map their cells
   * through a resolver instead: one entry per row, not per cell).
   */
  value(sheet: Sheet, row: number, column: Column, modelPath: string, mapCell = true): unknown {
    const col = sheet.col(column.header);
    if (mapCell) this.map.set(modelPath, { file: sheet.file, row, column: col === undefined ? undefined : col + 1, header: column.header });
    if (column.kind === 'text') return this.text(sheet, row, column.header, modelPath, mapCell);
    const raw = sheet.cell(row, col).trim();
    if (raw === '') return undefined;
    const bad = (expected: string): undefined => {
      this.fail(sheet, row, col, column.header, `expected ${expected}, found "${raw.length > 40 ? `${raw.slice(0, 37)}…` : raw}"`);
      return undefined;
    };
    switch (column.kind) {
      case 'string':
        return raw;
      case 'int':
      case 'number': {
        // Excel in comma-decimal locales writes 0,5.
        const n = Number(/^-?\d+,\d+$/.test(raw) ? raw.replace(',', '.') : raw);
        if (!Number.isFinite(n)) return bad(column.kind === 'int' ? 'a whole number' : 'a number');
        if (column.kind === 'int' && !Number.isInteger(n)) return bad('a whole number');
        return n;
      }
      case 'boolean': {
        const b = BOOLEAN[raw.toLowerCase()];
        return b === undefined ? bad('true or false') : b;
      }
      case 'words':
        return raw.split(/[\s,;]+/).filter(Boolean);
      case 'numbers': {
        const ns = raw.split(/[\s;]+/).filter(Boolean).map((s) => Number(s.replace(',', '.')));
        return ns.every(Number.isFinite) ? ns : bad('numbers separated by spaces, e.g. "-1.5 0 1.5"');
      }
      case 'json':
        try {
          return JSON.parse(raw) as unknown;
        } catch {
          return bad('JSON, e.g. {"owner": "L&D"}');
        }
      case 'related': {
        const out: { competency: string; correlation: number }[] = [];
        for (const part of raw.split(/[;\n]+/).map((s) => s.trim()).filter(Boolean)) {
          const m = /^([^:\s]+)\s*:\s*(-?[\d.,]+)$/.exec(part);
          if (!m) return bad('"competency:correlation" pairs separated by ";", e.g. "listening:0.5; coaching:0.3"');
          out.push({ competency: m[1]!, correlation: Number(m[2]!.replace(',', '.')) });
        }
        return out;
      }
    }
  }

  /** A text cell and its `@lang` columns: a plain string, or a language map when translations are given. */
  text(sheet: Sheet, row: number, header: string, modelPath: string, mapCell = true): Text | undefined {
    const plain = sheet.cell(row, sheet.col(header));
    const map: Record<string, string> = {};
    for (const [lang, col] of sheet.translations(header)) {
      const value = sheet.cell(row, col);
      if (value === '') continue;
      map[lang] = value;
      if (mapCell) this.map.set(`${modelPath}.${lang}`, { file: sheet.file, row, column: col + 1, header: sheet.headers[col] });
    }
    if (Object.keys(map).length === 0) return plain === '' ? undefined : plain;
    if (plain !== '') {
      const lang = this.language();
      if (map[lang] !== undefined && map[lang] !== plain) {
        this.fail(sheet, row, sheet.col(header), header, `differs from "${header}@${lang}" in the same row; give the ${lang} text once`);
      }
      map[lang] = plain;
    }
    return map;
  }
}

function readTable(input: SheetInput, problems: LocatedProblem[]): Sheet | undefined {
  const parsed = parseCsv(input.text);
  if (!parsed.ok) {
    problems.push({ severity: 'error', file: input.file, row: parsed.error.row, column: parsed.error.column, message: parsed.error.message });
    return undefined;
  }
  if (parsed.table.rows.length === 0) {
    problems.push({ severity: 'error', file: input.file, row: 1, message: 'the sheet is empty; expected a header row (pathway init --csv writes one)' });
    return undefined;
  }
  return new Sheet(input.file, parsed.table);
}

/** Headers the sheet does not know (with a suggestion) and key columns it lacks. */
function checkHeaders(sheet: Sheet, columns: readonly Column[], textColumns: readonly string[], reader: Reader, key?: string): boolean {
  const known = columns.map((col) => col.header);
  const lower = new Set(known.map((h) => h.toLowerCase()));
  sheet.headers.forEach((h, i) => {
    if (h === '') return;
    const [base, lang] = h.split('@') as [string, string | undefined];
    if (lang !== undefined && textColumns.some((t) => t.toLowerCase() === base.toLowerCase())) {
      if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(lang)) reader.fail(sheet, 1, i, h, `"${lang}" is not a language tag; translation columns are named like "${base}@de"`);
      return;
    }
    if (!lower.has(h.toLowerCase())) {
      const hint = closest(h, known);
      reader.fail(sheet, 1, i, h, `unknown column "${h}"${hint ? ` (did you mean "${hint}"?)` : ''}; the ${sheet.file} columns are ${known.join(', ')}`);
    }
  });
  if (key !== undefined && sheet.col(key) === undefined) {
    reader.fail(sheet, 1, undefined, key, `the header row has no "${key}" column; expected the columns ${known.join(', ')}`);
    return false;
  }
  return true;
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function readEntities(spec: SheetSpec, sheet: Sheet, reader: Reader, into: Record<string, unknown>[]): void {
  const columns = [...spec.fields, ...(spec.child?.columns ?? [])];
  const texts = columns.filter((col) => col.kind === 'text').map((col) => col.header);
  if (!checkHeaders(sheet, columns, texts, reader, 'id')) return;
  // Entities another file already gave (a CASE package, a Moodle framework) are completed, not repeated.
  const byId = new Map<string, { index: number; row: number }>(into.map((entity, index) => [String(entity['id']), { index, row: 0 }]));
  const ownCells = sheet.resolver(spec.fields);
  const childCells = sheet.resolver(spec.child?.columns ?? []);
  for (let row = 2; row <= sheet.table.rows.length; row++) {
    if (sheet.table.rows[row - 1]!.every((cell) => cell.trim() === '')) continue;
    const id = sheet.cell(row, sheet.col('id')).trim();
    if (id === '') {
      reader.fail(sheet, row, sheet.col('id'), 'id', `the row has no id; every row of ${sheet.file} names the ${spec.list.slice(0, -1)} it belongs to`);
      continue;
    }
    let found = byId.get(id);
    if (!found) {
      found = { index: into.length, row };
      byId.set(id, found);
      reader.map.set(`${spec.list}[${found.index}]`, { file: sheet.file, row, cells: ownCells });
      into.push({});
    }
    const base = `${spec.list}[${found.index}]`;
    const entity = into[found.index]!;
    for (const column of spec.fields) {
      const path = `${base}.${column.path}`;
      const value = reader.value(sheet, row, column, path, false);
      if (value === undefined) continue;
      const existing = getPath(entity, column.path);
      if (existing === undefined) setPath(entity, column.path, value);
      else if (!sameValue(existing, value)) {
        const where = found.row === 0 ? 'from another file' : `on row ${found.row}`;
        reader.fail(sheet, row, sheet.col(column.header), column.header, `"${id}" already has a different ${column.header} ${where}; leave the cell empty on its later rows or repeat the same value`);
      }
    }
    if (!spec.child) continue;
    const childColumns = spec.child.columns;
    if (childColumns.every((col) => sheet.cell(row, sheet.col(col.header)) === '' && sheet.translations(col.header).every(([, i]) => sheet.cell(row, i) === ''))) continue;
    const listName = spec.child.list(entity);
    const list = ((entity[listName] as Record<string, unknown>[] | undefined) ??= []);
    const childPath = `${base}.${listName}[${list.length}]`;
    reader.map.set(childPath, { file: sheet.file, row, cells: childCells });
    const child: Record<string, unknown> = {};
    for (const column of childColumns) {
      const value = reader.value(sheet, row, column, `${childPath}.${column.path}`, false);
      if (value !== undefined) setPath(child, column.path, value);
    }
    list.push(child);
  }
}

function readScale(sheet: Sheet, reader: Reader, model: Record<string, unknown>, competencyIndex: Map<string, number>): void {
  const texts = SCALE_COLUMNS.filter((col) => col.kind === 'text').map((col) => col.header);
  if (!checkHeaders(sheet, SCALE_COLUMNS, texts, reader, 'level')) return;
  const competencies = (model['competencies'] ?? []) as Record<string, unknown>[];
  for (let row = 2; row <= sheet.table.rows.length; row++) {
    if (sheet.table.rows[row - 1]!.every((cell) => cell.trim() === '')) continue;
    const owner = sheet.cell(row, sheet.col('competency')).trim();
    let target = model;
    let base = 'scale';
    if (owner !== '') {
      const index = competencyIndex.get(owner);
      if (index === undefined) {
        const hint = closest(owner, [...competencyIndex.keys()]);
        reader.fail(sheet, row, sheet.col('competency'), 'competency', `no competency "${owner}" in competencies.csv${hint ? ` (did you mean "${hint}"?)` : ''}; leave it empty for the model's scale`);
        continue;
      }
      target = competencies[index]!;
      base = `competencies[${index}].scale`;
    }
    const levels = (((target['scale'] ??= { levels: [] }) as { levels: Record<string, unknown>[] }).levels);
    const path = `${base}.levels[${levels.length}]`;
    reader.map.set(base, { file: sheet.file, row });
    reader.map.set(path, { file: sheet.file, row });
    const level: Record<string, unknown> = {};
    for (const column of SCALE_COLUMNS.slice(1)) {
      const value = reader.value(sheet, row, column, `${path}.${column.path}`);
      if (value !== undefined) level[column.path] = value;
    }
    levels.push(level);
  }
}

const SETTINGS = ['assessment.', 'planning.', 'delivery.'];
const MODEL_TEXTS = ['title', 'description', 'intro.purpose', 'intro.privacy'];
const MODEL_STRINGS = ['$schema', 'id', 'version', 'language'];

function readModelSheet(sheet: Sheet, reader: Reader, model: Record<string, unknown>): void {
  if (!checkHeaders(sheet, MODEL_COLUMNS, ['value'], reader, 'field')) return;
  const fieldCol = sheet.col('field');
  const valueColumn = MODEL_COLUMNS[1]!;
  const seen = new Map<string, number>();
  const known = [...MODEL_STRINGS, ...MODEL_TEXTS, 'languages', 'frequencyScale', 'extensions', 'format'];
  for (let row = 2; row <= sheet.table.rows.length; row++) {
    const field = sheet.cell(row, fieldCol).trim();
    if (field === '' && sheet.table.rows[row - 1]!.every((cell) => cell.trim() === '')) continue;
    if (field !== 'frequencyScale' && seen.has(field)) {
      reader.fail(sheet, row, fieldCol, 'field', `"${field}" is already given on row ${seen.get(field)}`);
      continue;
    }
    seen.set(field, row);
    const place = (path: string): void => reader.map.set(path, { file: sheet.file, row, column: (sheet.col('value') ?? 0) + 1, header: 'value' });
    if (field === 'frequencyScale') {
      const list = ((model['frequencyScale'] ??= []) as unknown[]);
      const value = reader.text(sheet, row, 'value', `frequencyScale[${list.length}]`);
      place(`frequencyScale[${list.length}]`);
      list.push(value);
    } else if (MODEL_TEXTS.includes(field)) {
      const value = reader.text(sheet, row, 'value', field);
      place(field);
      if (value !== undefined) setPath(model, field, value);
    } else if (MODEL_STRINGS.includes(field) || field === 'format') {
      place(field);
      const value = reader.value(sheet, row, { ...valueColumn, kind: 'string' }, field);
      if (value !== undefined) model[field] = value;
    } else if (field === 'languages') {
      place(field);
      const value = reader.value(sheet, row, { ...valueColumn, kind: 'words' }, field);
      if (value !== undefined) model[field] = value;
    } else if (field === 'extensions') {
      place(field);
      const value = reader.value(sheet, row, { ...valueColumn, kind: 'json' }, field);
      if (value !== undefined) model[field] = value;
    } else if (SETTINGS.some((prefix) => field.startsWith(prefix))) {
      place(field);
      const raw = sheet.cell(row, sheet.col('value')).trim();
      if (raw === '') continue;
      // Settings are numbers, booleans or words; the model's validation checks which.
      let value: unknown = raw;
      if (/^(true|false|-?\d+(\.\d+)?([eE][-+]?\d+)?)$/.test(raw)) value = JSON.parse(raw) as unknown;
      setPath(model, field, value);
    } else {
      const hint = closest(field, [...known, 'assessment.maxItems', 'planning.budgetMinutes', 'delivery.masteryScore']);
      reader.fail(sheet, row, fieldCol, 'field', `unknown model field "${field}"${hint ? ` (did you mean "${hint}"?)` : ''}; expected one of ${known.join(', ')} or a setting such as assessment.maxItems`);
    }
  }
}

/** Which sheet a file is, from its name (`competencies.csv`, `My model - roles.csv`, …). */
export function sheetName(file: string): string | undefined {
  const base = file.replace(/^.*[\\/]/, '').replace(/\.(csv|tsv|txt)$/i, '').toLowerCase();
  return ['model', 'scale', ...SHEETS.map((s) => s.name)].find((name) => base === name || base.endsWith(`-${name}`) || base.endsWith(` ${name}`) || base.endsWith(`_${name}`));
}

/** Reads the CSV sheets into one model-shaped object; `into` lets other formats contribute parts. */
export function readSheets(inputs: readonly SheetInput[], into: Assembled = { model: {}, map: new SourceMap(), problems: [] }): Assembled {
  const { model, map, problems } = into;
  const reader = new Reader(map, () => (typeof model['language'] === 'string' ? model['language'] : 'en'));
  const byName = new Map<string, Sheet>();
  for (const input of inputs) {
    const name = sheetName(input.file);
    if (name === undefined) {
      problems.push({ severity: 'error', file: input.file, message: `not a sheet Pathway knows by its name; expected one of ${SHEET_FILES.join(', ')}` });
      continue;
    }
    if (byName.has(name)) {
      problems.push({ severity: 'error', file: input.file, message: `a second ${name} sheet (the first is ${byName.get(name)!.file}); give each sheet once` });
      continue;
    }
    const sheet = readTable(input, problems);
    if (sheet) byName.set(name, sheet);
  }
  const modelSheet = byName.get('model');
  if (modelSheet) readModelSheet(modelSheet, reader, model);
  for (const spec of SHEETS) {
    const sheet = byName.get(spec.name);
    if (sheet) readEntities(spec, sheet, reader, ((model[spec.list] ??= []) as Record<string, unknown>[]));
  }
  const scaleSheet = byName.get('scale');
  if (scaleSheet) {
    const index = new Map(((model['competencies'] ?? []) as Record<string, unknown>[]).map((comp, i) => [String(comp['id']), i]));
    readScale(scaleSheet, reader, model, index);
  }
  problems.push(...reader.problems);
  return into;
}

// ───────────────────────────── writing ─────────────────────────────

/** Languages used as language maps in a column, so each gets its own `@lang` column. */
function mapLanguages(values: readonly unknown[]): string[] {
  const langs = new Set<string>();
  for (const value of values) if (value && typeof value === 'object') for (const lang of Object.keys(value)) langs.add(lang);
  return [...langs];
}

function cellText(kind: Kind, value: unknown): string {
  if (value === undefined) return '';
  switch (kind) {
    case 'text':
      return typeof value === 'string' ? value : '';
    case 'words':
    case 'numbers':
      return (value as unknown[]).join(' ');
    case 'json':
      return JSON.stringify(value);
    case 'related':
      return (value as { competency: string; correlation: number }[]).map((r) => `${r.competency}:${r.correlation}`).join('; ');
    default:
      return String(value);
  }
}

/** Header and cell writers for a set of columns over some records (text maps get @lang columns). */
function layout(columns: readonly Column[], records: readonly Record<string, unknown>[]): { headers: string[]; cells: (record: Record<string, unknown> | undefined) => string[] } {
  const parts = columns.map((column) => ({ column, langs: column.kind === 'text' ? mapLanguages(records.map((r) => getPath(r, column.path))) : [] }));
  return {
    headers: parts.flatMap(({ column, langs }) => [column.header, ...langs.map((l) => `${column.header}@${l}`)]),
    cells: (record) =>
      parts.flatMap(({ column, langs }) => {
        const value = record ? getPath(record, column.path) : undefined;
        return [cellText(column.kind, value), ...langs.map((l) => (value && typeof value === 'object' ? ((value as Record<string, string>)[l] ?? '') : ''))];
      }),
  };
}

function entityRows(spec: SheetSpec, entities: readonly Record<string, unknown>[]): string[][] {
  const children = entities.flatMap((e) => (spec.child ? ((e[spec.child.list(e)] ?? []) as Record<string, unknown>[]) : []));
  const own = layout(spec.fields, entities);
  const kids = layout(spec.child?.columns ?? [], children);
  const rows = [[...own.headers, ...kids.headers]];
  for (const entity of entities) {
    const list = spec.child ? ((entity[spec.child.list(entity)] ?? []) as Record<string, unknown>[]) : [];
    const idOnly = own.cells({ id: entity['id'] });
    rows.push([...own.cells(entity), ...kids.cells(list[0])]);
    for (const child of list.slice(1)) rows.push([...idOnly, ...kids.cells(child)]);
  }
  return rows;
}

function scaleRows(model: Model): string[][] {
  const entries: Record<string, unknown>[] = [
    ...model.scale.levels.map((l) => ({ competency: undefined, ...l })),
    ...model.competencies.flatMap((comp) => (comp.scale?.levels ?? []).map((l) => ({ competency: comp.id, ...l }))),
  ];
  const { headers, cells } = layout(SCALE_COLUMNS, entries);
  return [headers, ...entries.map(cells)];
}

function flatten(prefix: string, value: Record<string, unknown>, out: [string, unknown][]): void {
  for (const [key, v] of Object.entries(value)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(`${prefix}${key}.`, v as Record<string, unknown>, out);
    else out.push([`${prefix}${key}`, v]);
  }
}

function modelRows(model: Model): string[][] {
  const entries: [string, unknown][] = [];
  for (const field of ['$schema', 'id', 'version', 'title', 'description', 'language', 'languages'] as const) if (model[field] !== undefined) entries.push([field, model[field]]);
  if (model.intro?.purpose !== undefined) entries.push(['intro.purpose', model.intro.purpose]);
  if (model.intro?.privacy !== undefined) entries.push(['intro.privacy', model.intro.privacy]);
  for (const label of model.frequencyScale ?? []) entries.push(['frequencyScale', label]);
  for (const group of ['assessment', 'planning', 'delivery'] as const) if (model[group]) flatten(`${group}.`, model[group] as Record<string, unknown>, entries);
  if (model.extensions !== undefined) entries.push(['extensions', model.extensions]);
  const records = entries.map(([field, value]) => ({ field, value }));
  const langs = mapLanguages(records.filter((r) => r.value && typeof r.value === 'object' && !Array.isArray(r.value) && r.field !== 'extensions').map((r) => r.value));
  const rows = [['field', 'value', ...langs.map((l) => `value@${l}`)]];
  for (const { field, value } of records) {
    const isMap = value !== null && typeof value === 'object' && !Array.isArray(value) && field !== 'extensions';
    const plain = isMap ? '' : field === 'extensions' ? JSON.stringify(value) : Array.isArray(value) ? value.join(' ') : String(value);
    rows.push([field, plain, ...langs.map((l) => (isMap ? ((value as Record<string, string>)[l] ?? '') : ''))]);
  }
  return rows;
}

/** The model as CSV sheets: file name → CSV text. */
export function writeSheets(model: Model, delimiter = ','): Record<string, string> {
  const out: Record<string, string> = {
    'model.csv': writeCsv(modelRows(model), delimiter),
    'scale.csv': writeCsv(scaleRows(model), delimiter),
  };
  for (const spec of SHEETS) {
    out[`${spec.name}.csv`] = writeCsv(entityRows(spec, (model[spec.list] ?? []) as unknown as Record<string, unknown>[]), delimiter);
  }
  return out;
}

/** Empty sheets with every column and one example row, for `pathway init --csv`. */
export function templateSheets(): Record<string, string> {
  const example = (columns: readonly Column[]): string[] => columns.map((col) => col.example ?? '');
  const out: Record<string, string> = {
    'model.csv': writeCsv([
      ['field', 'value'],
      ['id', 'https://example.org/models/my-model'],
      ['version', '1.0.0'],
      ['title', 'My competency model'],
      ['language', 'en'],
    ]),
    'scale.csv': writeCsv([
      SCALE_COLUMNS.map((col) => col.header),
      ['', '1', 'Foundation', 'Learning the basics with guidance.'],
      ['', '2', 'Developing', 'Does it on their own in familiar situations.'],
      ['', '3', 'Proficient', 'Does it reliably, also in new situations.'],
      ['', '4', 'Advanced', 'Adapts it to hard cases and helps others.'],
      ['', '5', 'Expert', 'Shapes how the organisation does it.'],
    ]),
  };
  for (const spec of SHEETS) {
    const columns = [...spec.fields, ...(spec.child?.columns ?? [])];
    out[`${spec.name}.csv`] = writeCsv([columns.map((col) => col.header), example(columns)]);
  }
  return out;
}

/** Every column of every sheet with its meaning (docs/authoring.md is checked against this). */
export function sheetColumns(): { sheet: string; column: string; meaning: string }[] {
  return [
    ...MODEL_COLUMNS.map((col) => ({ sheet: 'model.csv', column: col.header, meaning: col.doc })),
    ...SCALE_COLUMNS.map((col) => ({ sheet: 'scale.csv', column: col.header, meaning: col.doc })),
    ...SHEETS.flatMap((spec) => [...spec.fields, ...(spec.child?.columns ?? [])].map((col) => ({ sheet: `${spec.name}.csv`, column: col.header, meaning: col.doc }))),
  ];
}

export { MODEL_FORMAT };
