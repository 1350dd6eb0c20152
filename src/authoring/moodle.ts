/**
 * Moodle's competency framework CSV (admin tool "Import competency framework", tool_lpimportcsv) both
 * ways: its 14 headers in its order, the framework on the first row, then one row per competency with
 * its parent's ID number. Related ID numbers are comma-joined with commas inside an ID number written
 * as %2C, and an empty rule configuration is "null", as Moodle's own exporter writes them.
 *
 * Moodle has no behavioural indicators, so they travel in the description as lines "- Level 3: …"
 * (Markdown, description format 4) and are read back from there. Moodle competencies with children
 * become Pathway groups. Translations, roles, items and modules have no place in the file.
 */
import { resolveText } from '../model/text.js';
import type { Model } from '../model/types.js';
import { MODEL_FORMAT } from '../model/vocabulary.js';
import { parseCsv, writeCsv } from './csv.js';
import { localId } from './ids.js';
import type { Assembled } from './sheets.js';

export const MOODLE_HEADERS = [
  'Parent ID number',
  'ID number',
  'Short name',
  'Description',
  'Description format',
  'Scale values',
  'Scale configuration',
  'Rule type (optional)',
  'Rule outcome (optional)',
  'Rule config (optional)',
  'Cross-referenced competency ID numbers',
  'Exported ID (optional)',
  'Is framework',
  'Taxonomy',
] as const;

const FORMAT_HTML = '1';
const FORMAT_MARKDOWN = '4';
const INDICATOR_LINE = /^\s*[-*]\s*Level\s+(\d+)(?:\s*\([^)]*\))?\s*:\s*(.+)$/i;

/** True when a CSV's header row is Moodle's competency framework header. */
export function isMoodleHeader(headers: readonly string[]): boolean {
  return headers.length >= 13 && MOODLE_HEADERS.slice(0, 13).every((h, i) => headers[i]?.trim().toLowerCase() === h.toLowerCase());
}

const encodeIdNumber = (id: string): string => id.replaceAll(',', '%2C');

export function writeMoodle(model: Model): string {
  const lang = model.language;
  const text = (value: Parameters<typeof resolveText>[0]): string => resolveText(value, lang, lang);
  const levels = model.scale.levels;
  const middle = levels[Math.floor((levels.length - 1) / 2)]!.level;
  // Moodle stores a scale as comma-joined item names; proficiency starts at the middle level.
  const scaleConfig = JSON.stringify([{ scaleid: '' }, ...levels.map((l, i) => ({ id: i + 1, scaledefault: i === 0 ? 1 : 0, proficient: l.level >= middle ? 1 : 0 }))]);
  const rows: string[][] = [[...MOODLE_HEADERS]];
  const empty = (n: number): string[] => Array.from({ length: n }, () => '');
  rows.push(['', model.id, text(model.title), model.description ? text(model.description) : '', FORMAT_MARKDOWN, levels.map((l) => text(l.label).replaceAll(',', ' ')).join(','), scaleConfig, ...empty(5), '1', model.groups?.length ? 'domain,competency' : 'competency']);
  for (const group of model.groups ?? []) {
    rows.push(['', group.id, text(group.title), group.description ? text(group.description) : '', FORMAT_MARKDOWN, '', '', '', '', 'null', '', '', '', '']);
  }
  for (const comp of model.competencies) {
    const scale = comp.scale?.levels ?? levels;
    const indicatorLines = comp.indicators.map((ind) => {
      const label = scale.find((l) => l.level === ind.level)?.label;
      return `- Level ${ind.level}${label ? ` (${text(label)})` : ''}: ${text(ind.text).replace(/\s*\n\s*/g, ' ')}`;
    });
    const moodle = (comp.extensions?.['moodle'] ?? {}) as Record<string, unknown>;
    const crossRefs = new Set([...(comp.related ?? []).map((r) => r.competency), ...((moodle['crossReferenced'] as string[] | undefined) ?? [])]);
    rows.push([
      comp.group ?? '',
      comp.id,
      text(comp.title),
      `${text(comp.description)}\n\n${indicatorLines.join('\n')}`,
      FORMAT_MARKDOWN,
      comp.scale ? comp.scale.levels.map((l) => text(l.label).replaceAll(',', ' ')).join(',') : '',
      '',
      String(moodle['ruleType'] ?? ''),
      String(moodle['ruleOutcome'] ?? ''),
      String(moodle['ruleConfig'] ?? 'null'),
      [...crossRefs].map(encodeIdNumber).join(','),
      String(moodle['exportedId'] ?? ''),
      '',
      '',
    ]);
  }
  return writeCsv(rows);
}

function htmlToText(html: string): string {
  return html
    .replace(/<\s*(br|\/p|\/li|\/div|\/h\d)\s*\/?>/gi, '\n')
    .replace(/<li[^>]*>/gi, '- ')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&amp;/g, '&');
}

const TRUE_CELLS = new Set(['1', 'true', 'yes']);

/** Reads a Moodle competency framework CSV into `into`. */
export function readMoodle(file: string, text: string, into: Assembled): void {
  const { model, map, problems } = into;
  const fail = (row: number, column: number | undefined, message: string, severity: 'error' | 'warning' = 'error'): void => {
    problems.push({ severity, file, row, column: column === undefined ? undefined : column + 1, header: column === undefined ? undefined : MOODLE_HEADERS[column], message });
  };
  const parsed = parseCsv(text);
  if (!parsed.ok) return fail(parsed.error.row, parsed.error.column === undefined ? undefined : parsed.error.column - 1, parsed.error.message);
  const rows = parsed.table.rows;
  const COL = Object.fromEntries(MOODLE_HEADERS.map((h, i) => [h, i])) as Record<(typeof MOODLE_HEADERS)[number], number>;
  const cell = (r: number, col: number): string => (rows[r - 1]?.[col] ?? '').trim();
  const frameworkRow = rows.findIndex((row, i) => i > 0 && TRUE_CELLS.has((row[COL['Is framework']] ?? '').trim().toLowerCase())) + 1;
  if (frameworkRow === 0) return fail(2, COL['Is framework'], 'no row is marked as the framework ("Is framework" = 1); Moodle writes the framework on the first row after the header');

  const description = (r: number): { text: string; indicators: { level: number; text: string }[] } => {
    const raw = rows[r - 1]?.[COL['Description']] ?? '';
    const plain = cell(r, COL['Description format']) === FORMAT_HTML || /<\/?(p|br|li|ul|div)\b/i.test(raw) ? htmlToText(raw) : raw;
    const indicators: { level: number; text: string }[] = [];
    const rest: string[] = [];
    for (const line of plain.split(/\r?\n/)) {
      const m = INDICATOR_LINE.exec(line);
      if (m) indicators.push({ level: Number(m[1]), text: m[2]!.trim() });
      else rest.push(line);
    }
    return { text: rest.join('\n').trim(), indicators };
  };

  const frameworkId = cell(frameworkRow, COL['ID number']);
  if (model['format'] === undefined) model['format'] = MODEL_FORMAT;
  const place = (path: string, r: number, col: number): void => map.set(path, { file, row: r, column: col + 1, header: MOODLE_HEADERS[col] });
  if (model['id'] === undefined) {
    model['id'] = /^[A-Za-z][A-Za-z0-9+.-]*:/.test(frameworkId) ? frameworkId : `urn:moodle:framework:${encodeURIComponent(frameworkId || 'framework')}`;
    place('id', frameworkRow, COL['ID number']);
  }
  if (model['version'] === undefined) model['version'] = '1';
  if (model['language'] === undefined) model['language'] = 'en';
  const frameworkText = description(frameworkRow);
  if (model['title'] === undefined && cell(frameworkRow, COL['Short name'])) {
    model['title'] = cell(frameworkRow, COL['Short name']);
    place('title', frameworkRow, COL['Short name']);
  }
  if (model['description'] === undefined && frameworkText.text) {
    model['description'] = frameworkText.text;
    place('description', frameworkRow, COL['Description']);
  }
  const scaleValues = cell(frameworkRow, COL['Scale values']);
  if (model['scale'] === undefined) {
    if (scaleValues === '') fail(frameworkRow, COL['Scale values'], 'the framework has no scale values; expected the level names, comma-separated, lowest first');
    else {
      model['scale'] = { levels: scaleValues.split(',').map((label, i) => ({ level: i + 1, label: label.trim(), meaning: label.trim() })) };
      place('scale', frameworkRow, COL['Scale values']);
    }
  }

  // Which ID numbers have children: those become groups.
  const parents = new Set<string>();
  const seen = new Map<string, number>();
  for (let r = 2; r <= rows.length; r++) {
    if (r === frameworkRow || rows[r - 1]!.every((c) => c.trim() === '')) continue;
    const parent = cell(r, COL['Parent ID number']);
    if (parent) parents.add(parent);
  }
  const groups = ((model['groups'] as Record<string, unknown>[] | undefined) ?? []);
  const competencies = ((model['competencies'] ??= []) as Record<string, unknown>[]);
  const groupOf = new Map<string, string>();
  const parentOf = new Map<string, string>();
  for (let r = 2; r <= rows.length; r++) {
    if (r === frameworkRow || rows[r - 1]!.every((c) => c.trim() === '')) continue;
    if (rows[r - 1]!.length < 13) {
      fail(r, rows[r - 1]!.length, `the row has ${rows[r - 1]!.length} cells; Moodle's format has ${MOODLE_HEADERS.length}`);
      continue;
    }
    const idNumber = cell(r, COL['ID number']);
    if (idNumber === '') {
      fail(r, COL['ID number'], 'expected the competency ID number');
      continue;
    }
    if (seen.has(idNumber)) {
      fail(r, COL['ID number'], `ID number "${idNumber}" is already used on row ${seen.get(idNumber)}`);
      continue;
    }
    seen.set(idNumber, r);
    const id = localId(idNumber);
    const shortName = cell(r, COL['Short name']);
    const parent = cell(r, COL['Parent ID number']);
    if (parent) parentOf.set(idNumber, parent);
    const { text: desc, indicators } = description(r);
    if (parents.has(idNumber)) {
      // A parent in Moodle's tree: a group (nested parents fold into their top-level group).
      if (parent) continue;
      map.set(`groups[${groups.length}]`, { file, row: r });
      place(`groups[${groups.length}].title`, r, COL['Short name']);
      groups.push({ id, title: shortName || idNumber, ...(desc ? { description: desc } : {}) });
      groupOf.set(idNumber, id);
      continue;
    }
    const base = `competencies[${competencies.length}]`;
    map.set(base, { file, row: r });
    place(`${base}.id`, r, COL['ID number']);
    place(`${base}.title`, r, COL['Short name']);
    place(`${base}.description`, r, COL['Description']);
    place(`${base}.indicators`, r, COL['Description']);
    place(`${base}.group`, r, COL['Parent ID number']);
    const comp: Record<string, unknown> = { id, title: shortName || undefined, description: desc || undefined };
    if (parent) {
      let top = parent;
      while (parentOf.has(top)) top = parentOf.get(top)!;
      comp['group'] = groupOf.get(top) ?? localId(top);
      if (!seen.has(parent)) fail(r, COL['Parent ID number'], `no row has ID number "${parent}"; a parent must come before its children`);
    }
    if (indicators.length > 0) comp['indicators'] = indicators;
    else fail(r, COL['Description'], 'no behavioural indicators; add lines such as "- Level 3: Gives specific feedback within a day" to the description, or rows in competencies.csv');
    const moodle: Record<string, unknown> = {};
    const crossRefs = cell(r, COL['Cross-referenced competency ID numbers']);
    if (crossRefs) moodle['crossReferenced'] = crossRefs.split(',').map((s) => s.trim().replaceAll('%2C', ','));
    const ruleType = cell(r, COL['Rule type (optional)']);
    if (ruleType) moodle['ruleType'] = ruleType;
    const ruleOutcome = cell(r, COL['Rule outcome (optional)']);
    if (ruleOutcome && ruleOutcome !== '0') moodle['ruleOutcome'] = ruleOutcome;
    const ruleConfig = cell(r, COL['Rule config (optional)']);
    if (ruleConfig && ruleConfig !== 'null') moodle['ruleConfig'] = ruleConfig;
    const exportedId = cell(r, COL['Exported ID (optional)']);
    if (exportedId) moodle['exportedId'] = exportedId;
    if (Object.keys(moodle).length > 0) comp['extensions'] = { moodle };
    for (const key of Object.keys(comp)) if (comp[key] === undefined) delete comp[key];
    competencies.push(comp);
  }
  const nested = [...parents].filter((p) => parentOf.has(p));
  if (nested.length > 0) fail(seen.get(nested[0]!) ?? 2, COL['Parent ID number'], `${nested.length} nested parent competenc${nested.length === 1 ? 'y' : 'ies'} folded into their top-level group (Pathway groups are one level deep)`, 'warning');
  if (competencies.some((c) => c['extensions'])) problems.push({ severity: 'warning', file, message: 'Moodle cross-references and rules are kept in each competency\'s extensions.moodle; give related competencies a correlation in competencies.csv to use them in scoring' });
  if (groups.length > 0 && model['groups'] === undefined) model['groups'] = groups;
}
