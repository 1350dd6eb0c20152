import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Model } from '../model/types.js';
import { parseCsv, writeCsv } from './csv.js';
import { exportModel } from './export.js';
import { importFiles, type ImportResult } from './import.js';
import { locatedLine } from './located.js';
import { MOODLE_HEADERS } from './moodle.js';

const load = (path: string): Model => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as Model;
const tiny = (): Model => load('../../test/fixtures/tiny-model.json');
const SAMPLES = ['customer-success', 'people-leader', 'software-engineer'].map((name) => [name, load(`../../demo/models/${name}.json`)] as const);

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const run = (files: Record<string, string | Uint8Array>): ImportResult =>
  importFiles(Object.entries(files).map(([name, body]) => ({ name, bytes: typeof body === 'string' ? utf8(body) : body })));

/** The tiny model's sheets with one sheet's rows edited. */
function sheets(edit?: { sheet: string; change: (rows: string[][]) => void }): Record<string, string> {
  const files = exportModel(tiny(), 'csv');
  if (edit) {
    const parsed = parseCsv(files[edit.sheet]!);
    assert.ok(parsed.ok);
    edit.change(parsed.table.rows);
    files[edit.sheet] = writeCsv(parsed.table.rows);
  }
  return files;
}

const col = (rows: string[][], header: string): number => {
  const i = rows[0]!.indexOf(header);
  assert.ok(i >= 0, `no column ${header}`);
  return i;
};

/** Fails unless an error names this file, row and column and says what was expected. */
function expectError(result: ImportResult, where: { file: string; row?: number; column?: string; path?: string }, message: RegExp): void {
  assert.equal(result.ok, false, 'the import should fail');
  const lines = result.problems.filter((p) => p.severity === 'error').map(locatedLine);
  const found = result.problems.find(
    (p) =>
      p.severity === 'error' &&
      p.file === where.file &&
      (where.row === undefined || p.row === where.row) &&
      (where.column === undefined || p.header === where.column) &&
      (where.path === undefined || p.path === where.path) &&
      message.test(p.message),
  );
  assert.ok(found, `expected an error at ${JSON.stringify(where)} matching ${message}; got:\n${lines.join('\n')}`);
  const line = locatedLine(found);
  if (where.row !== undefined) assert.match(line, new RegExp(`row ${where.row}\\b`));
  if (where.column !== undefined && found.column !== undefined) assert.match(line, new RegExp(`column [A-Z]+ "${where.column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
}

describe('import: round trips', () => {
  for (const [name, model] of SAMPLES) {
    for (const format of ['csv', 'case'] as const) {
      it(`${name} survives export to ${format} and import unchanged`, () => {
        const result = run(exportModel(model, format));
        assert.ok(result.ok, result.problems.map(locatedLine).join('\n'));
        assert.deepEqual(result.model, model);
        // …and a second round gives the same files.
        assert.deepEqual(exportModel(result.model, format, { lastChangeDateTime: 'x' }), exportModel(model, format, { lastChangeDateTime: 'x' }));
      });
    }
  }

  it('reads Excel flavours: semicolons, decimal commas, CRLF, quoted newlines, with or without BOM, UTF-16', () => {
    const model = tiny();
    model.competencies[0]!.description = 'Hears people out;\nthen "responds".';
    model.roles[0]!.requirements[0]!.weight = 2.5;
    const files = exportModel(model, 'csv', { delimiter: ';' });
    files['roles.csv'] = files['roles.csv']!.replace(';2.5;', ';2,5;');
    assert.match(files['roles.csv']!, /;2,5;/);
    files['model.csv'] = files['model.csv']!.replace(/^\ufeff/, '');
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...files['scale.csv']!.replace(/^\ufeff/, '')].flatMap((ch) => [ch.charCodeAt(0) & 255, ch.charCodeAt(0) >> 8])]);
    const result = run({ ...files, 'scale.csv': utf16 });
    assert.ok(result.ok, result.problems.map(locatedLine).join('\n'));
    assert.deepEqual(result.model, model);
  });

  it('keeps formulas out of spreadsheets and reads the text back unchanged', () => {
    const model = tiny();
    model.competencies[0]!.title = '=HYPERLINK("http://evil.example")';
    const files = exportModel(model, 'csv');
    assert.match(files['competencies.csv']!, /'=HYPERLINK/);
    const result = run(files);
    assert.ok(result.ok);
    assert.equal(result.model.competencies[0]!.title, model.competencies[0]!.title);
  });

  it('writes Moodle\'s 14 headers in its order and reads ids, titles, groups, scale and indicators back', () => {
    const [, model] = SAMPLES[1]!;
    const csv = exportModel(model, 'moodle')['moodle-framework.csv']!;
    const parsed = parseCsv(csv);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.table.rows[0], [...MOODLE_HEADERS]);
    assert.equal(parsed.table.rows[1]![12], '1', 'the framework row comes first');
    const result = run({ 'framework.csv': csv, 'roles.csv': exportModel(model, 'csv')['roles.csv']! });
    assert.ok(result.ok, result.problems.map(locatedLine).join('\n'));
    assert.deepEqual(result.model.competencies.map((c) => c.id), model.competencies.map((c) => c.id));
    assert.deepEqual(result.model.competencies.map((c) => c.group), model.competencies.map((c) => c.group));
    assert.deepEqual(result.model.competencies.map((c) => c.indicators.length), model.competencies.map((c) => c.indicators.length));
    assert.deepEqual(result.model.scale.levels.map((l) => l.label), model.scale.levels.map((l) => (typeof l.label === 'string' ? l.label : l.label['en'])));
    // Moodle → Pathway → Moodle gives the same file.
    assert.equal(exportModel(result.model, 'moodle')['moodle-framework.csv']!.split('\r\n').slice(2).join('\n').replace(/"/g, ''), csv.split('\r\n').slice(2).join('\n').replace(/"/g, ''));
  });

  it('reads a CASE package shaped like public ones: nested isChildOf, rubric levels and level items', () => {
    const doc = { identifier: 'd0000000-0000-0000-0000-000000000001', uri: 'https://case.example/CFDocuments/d1', lastChangeDateTime: '2024-01-01T00:00:00+00:00', creator: 'Test', title: 'Service framework' };
    const item = (n: number, statement: string, extra: Record<string, unknown> = {}) => ({ identifier: `00000000-0000-0000-0000-00000000000${n}`, uri: `https://case.example/CFItems/${n}`, lastChangeDateTime: doc.lastChangeDateTime, fullStatement: statement, ...extra });
    const link = (x: { identifier: string; uri: string }) => ({ identifier: x.identifier, uri: x.uri, title: 't' });
    const items = [item(1, 'Customer care'), item(2, 'Listens to the customer and confirms the need', { humanCodingScheme: 'CC.1', abbreviatedStatement: 'Listening' }), item(3, 'Resolves complaints', { humanCodingScheme: 'CC.2' }), item(4, 'Resolves simple complaints with a script', { CFItemType: 'Proficiency Level', humanCodingScheme: 'L1' }), item(5, 'Resolves escalated complaints alone', { CFItemType: 'Proficiency Level', humanCodingScheme: 'L2' })];
    const child = (i: number, o: (typeof items)[number], d: { identifier: string; uri: string }) => ({ identifier: `a000000${i}-0000-0000-0000-000000000000`, uri: `https://case.example/CFAssociations/${i}`, lastChangeDateTime: doc.lastChangeDateTime, associationType: 'isChildOf', originNodeURI: link(o), destinationNodeURI: link(d) });
    const pkg = {
      CFDocument: doc,
      CFItems: items,
      CFAssociations: [child(1, items[0]!, doc), child(2, items[1]!, items[0]!), child(3, items[2]!, items[0]!), child(4, items[3]!, items[2]!), child(5, items[4]!, items[2]!), { ...child(6, items[1]!, items[2]!), associationType: 'isRelatedTo' }],
      CFRubrics: [{ identifier: 'r1', uri: 'https://case.example/r1', lastChangeDateTime: doc.lastChangeDateTime, CFRubricCriteria: [{ identifier: 'c1', uri: 'https://case.example/c1', lastChangeDateTime: doc.lastChangeDateTime, CFItemURI: link(items[1]!), CFRubricCriterionLevels: [1, 2].map((score) => ({ identifier: `l${score}`, uri: `https://case.example/l${score}`, lastChangeDateTime: doc.lastChangeDateTime, score, quality: score === 1 ? 'Basic' : 'Skilled', description: `Listening at ${score}` })) }] }],
    };
    const roles = 'id,title,competency,level\r\nagent,Agent,CC-1,2\r\nagent,,CC-2,1\r\n';
    const result = run({ 'framework.json': JSON.stringify(pkg), 'roles.csv': roles });
    assert.ok(result.ok, result.problems.map(locatedLine).join('\n'));
    assert.deepEqual(result.model.groups?.map((g) => g.title), ['Customer care']);
    assert.deepEqual(result.model.competencies.map((c) => [c.id, c.title, c.group]), [['CC-1', 'Listening', result.model.groups![0]!.id], ['CC-2', 'Resolves complaints', result.model.groups![0]!.id]]);
    assert.deepEqual(result.model.competencies[1]!.indicators, [{ level: 1, text: 'Resolves simple complaints with a script' }, { level: 2, text: 'Resolves escalated complaints alone' }]);
    assert.deepEqual(result.model.scale.levels.map((l) => l.label), ['Basic', 'Skilled']);
    assert.ok(result.problems.some((p) => p.severity === 'warning' && /isRelatedTo/.test(p.message)), 'left-out associations are reported');
  });
});

describe('import: files that complete each other', () => {
  it('adds indicator rows from competencies.csv to the competencies of a CASE package without levels', () => {
    const pkg = JSON.parse(exportModel(tiny(), 'case')['case.json']!) as { CFRubrics?: unknown[] };
    delete pkg.CFRubrics;
    const withoutLevels = run({ 'framework.json': JSON.stringify(pkg) });
    assert.equal(withoutLevels.ok, false);
    assert.ok(withoutLevels.problems.some((p) => p.file === 'framework.json' && /indicators/.test(`${p.modelPath} ${p.message}`)));
    const rows = 'id,level,indicator\r\nlistening,2,Listens without interrupting\r\nlistening,4,Summarises before answering\r\nfeedback,3,Gives feedback within a day\r\n';
    const completed = run({ 'framework.json': JSON.stringify(pkg), 'competencies.csv': rows });
    assert.ok(completed.ok, completed.problems.map(locatedLine).join('\n'));
    assert.equal(completed.model.competencies.length, 2);
    assert.deepEqual(completed.model.competencies[0]!.indicators, [{ level: 2, text: 'Listens without interrupting' }, { level: 4, text: 'Summarises before answering' }]);
    const conflicting = run({ 'framework.json': JSON.stringify(pkg), 'competencies.csv': 'id,title,level,indicator\r\nlistening,Hearing,2,x\r\n' });
    expectError(conflicting, { file: 'competencies.csv', row: 2, column: 'title' }, /different title from another file/);
  });
});

describe('import: every problem names its place', () => {
  const T = 'competencies.csv';
  const breakages: [string, () => ImportResult, { file: string; row?: number; column?: string; path?: string }, RegExp][] = [
    ['an unclosed quote', () => run({ ...sheets(), [T]: 'id,title,description,level,indicator\r\nx,"Listening,y,1,z\r\n' }), { file: T, row: 2 }, /never closed/],
    ['text after a closing quote', () => run({ ...sheets(), [T]: 'id,title,description,level,indicator\r\nx,"Listening"s,y,1,z\r\n' }), { file: T, row: 2 }, /after a closing quote/],
    ['a file that is not UTF-8', () => run({ ...sheets(), [T]: new Uint8Array([...utf8('id,title\r\nx,'), 0xe9, 0x0d, 0x0a]) }), { file: T, row: 2 }, /not UTF-8/],
    ['an unknown column', () => run(sheets({ sheet: T, change: (r) => void (r[0]![col(r, 'description')] = 'descripton') })), { file: T, row: 1, column: 'descripton' }, /did you mean "description"/],
    ['no id column', () => run(sheets({ sheet: 'roles.csv', change: (r) => void (r[0]![col(r, 'id')] = 'name') })), { file: 'roles.csv', row: 1, column: 'id' }, /no "id" column/],
    ['a row without an id', () => run(sheets({ sheet: T, change: (r) => void (r[3]![col(r, 'id')] = '') })), { file: T, row: 4, column: 'id' }, /no id/],
    ['a level that is not a number', () => run(sheets({ sheet: T, change: (r) => void (r[2]![col(r, 'level')] = 'three') })), { file: T, row: 3, column: 'level' }, /whole number.*three/],
    ['a weight that is not a number', () => run(sheets({ sheet: 'roles.csv', change: (r) => void (r[1]![col(r, 'weight')] = 'high') })), { file: 'roles.csv', row: 2, column: 'weight' }, /a number/],
    ['a flag that is not true or false', () => run(sheets({ sheet: 'roles.csv', change: (r) => void (r[1]![col(r, 'critical')] = 'maybe') })), { file: 'roles.csv', row: 2, column: 'critical' }, /true or false/],
    ['broken JSON in extensions', () => run(sheets({ sheet: 'groups.csv', change: (r) => r.push(['g', 'Group', '', '{oops']) })), { file: 'groups.csv', row: 2, column: 'extensions' }, /JSON/],
    ['a malformed related list', () => run(sheets({ sheet: T, change: (r) => void (r[1]![col(r, 'related')] = 'feedback=0.5') })), { file: T, row: 2, column: 'related' }, /competency:correlation/],
    ['a later row that contradicts the first', () => run(sheets({ sheet: T, change: (r) => void (r[3]![col(r, 'title')] = 'Hearing') })), { file: T, row: 4, column: 'title' }, /different title on row 2/],
    ['a requirement on an unknown competency', () => run(sheets({ sheet: 'roles.csv', change: (r) => void (r[2]![col(r, 'competency')] = 'feedbak') })), { file: 'roles.csv', row: 3, column: 'competency' }, /feedback/],
    ['an indicator level off the scale', () => run(sheets({ sheet: T, change: (r) => void (r[2]![col(r, 'level')] = '9') })), { file: T, row: 3, column: 'level' }, /not on the scale/],
    ['an id with spaces', () => run(sheets({ sheet: 'modules.csv', change: (r) => void (r[1]![col(r, 'id')] = 'my module') })), { file: 'modules.csv', row: 2, column: 'id' }, /letters, digits/],
    ['a required cell left empty', () => run(sheets({ sheet: 'modules.csv', change: (r) => void (r[1]![col(r, 'minutes')] = '') })), { file: 'modules.csv', row: 2, column: 'minutes' }, /minutes|required|expected/i],
    ['an unknown item type', () => run(sheets({ sheet: 'items.csv', change: (r) => void (r[1]![col(r, 'type')] = 'likert') })), { file: 'items.csv', row: 2, column: 'type' }, /frequency/],
    ['non-numeric IRT thresholds', () => run(sheets({ sheet: 'items.csv', change: (r) => void (r[1]![col(r, 'irt.b')] = 'low high') })), { file: 'items.csv', row: 2, column: 'irt.b' }, /numbers separated by spaces/],
    ['a bad translation column', () => run(sheets({ sheet: T, change: (r) => void (r[0]!.push('title@english'), r.slice(1).forEach((row) => row.push(''))) })), { file: T, row: 1, column: 'title@english' }, /language tag/],
    ['an unknown model field', () => run(sheets({ sheet: 'model.csv', change: (r) => r.push(['titel', 'x']) })), { file: 'model.csv', column: 'field' }, /did you mean "title"/],
    ['a model field given twice', () => run(sheets({ sheet: 'model.csv', change: (r) => r.push(['version', '2']) })), { file: 'model.csv', column: 'field' }, /already given on row/],
    ['a scale for an unknown competency', () => run(sheets({ sheet: 'scale.csv', change: (r) => r.push(['listenin', '1', 'A', 'B']) })), { file: 'scale.csv', row: 7, column: 'competency' }, /did you mean "listening"/],
    ['an unknown sheet name', () => run({ ...sheets(), 'people.csv': 'id\r\n' }), { file: 'people.csv' }, /model\.csv/],
    ['an empty sheet', () => run({ ...sheets(), 'groups.csv': '' }), { file: 'groups.csv' }, /empty/],
    ['no roles sheet', () => { const s = sheets(); delete s['roles.csv']; return run(s); }, { file: Object.keys(sheets()).filter((n) => n !== 'roles.csv').join(', ') }, /no roles/],
    ['develops from above to', () => run(sheets({ sheet: 'modules.csv', change: (r) => { r[1]![col(r, 'from')] = '5'; r[1]![col(r, 'to')] = '2'; } })), { file: 'modules.csv', row: 2 }, /from|below/],
    ['invalid JSON', () => run({ 'framework.json': '{"CFDocument": {\n  "uri": }' }), { file: 'framework.json' }, /not valid JSON: .* at line 2, column \d+/],
    ['JSON that is neither CASE nor a model', () => run({ 'x.json': '{"hello": 1}' }), { file: 'x.json' }, /neither a CASE package/],
    ['a CASE document without uri', () => run({ ...sheets(), 'case.json': caseWith((p) => delete p.CFDocument['uri']) }), { file: 'case.json', path: 'CFDocument.uri' }, /document URI/],
    ['a CASE association to nowhere', () => run({ 'case.json': caseWith((p) => (p.CFAssociations[0]!.originNodeURI = { identifier: 'nope', uri: 'urn:nope' })) }), { file: 'case.json', path: 'CFAssociations[0].originNodeURI' }, /no CFItem/],
    ['a CASE rubric for no item', () => run({ 'case.json': caseWith((p) => (p.CFRubrics![0]!.CFRubricCriteria![0]!.CFItemURI = { identifier: 'nope', uri: 'urn:nope' })) }), { file: 'case.json', path: 'CFRubrics[0].CFRubricCriteria[0].CFItemURI' }, /no CFItem/],
    ['a CASE rubric level without a level number', () => run({ 'case.json': caseWith((p) => { const l = p.CFRubrics![0]!.CFRubricCriteria![0]!.CFRubricCriterionLevels![0]!; l.score = 1.5 as number; }) }), { file: 'case.json', path: 'CFRubrics[0].CFRubricCriteria[0].CFRubricCriterionLevels[0].score' }, /whole number/],
    ['a CASE identifier used twice', () => run({ 'case.json': caseWith((p) => (p.CFItems[1]!.identifier = p.CFItems[0]!.identifier)) }), { file: 'case.json', path: 'CFItems[1].identifier' }, /already used/],
    ['a CASE competency with an empty statement', () => run({ 'case.json': caseWith((p) => (p.CFItems[0]!.fullStatement = '')) }), { file: 'case.json', path: 'CFItems[0].fullStatement' }, /statement/],
    ['a Moodle file without its framework row', () => run({ 'fw.csv': moodleWith((r) => void (r[1]![12] = '')) }), { file: 'fw.csv', row: 2, column: 'Is framework' }, /framework/],
    ['a Moodle ID number used twice', () => run({ 'fw.csv': moodleWith((r) => void (r[3]![1] = r[2]![1]!)) }), { file: 'fw.csv', row: 4, column: 'ID number' }, /already used on row 3/],
    ['a Moodle parent that does not exist', () => run({ 'fw.csv': moodleWith((r) => void (r[2]![0] = 'nowhere')) }), { file: 'fw.csv', row: 3, column: 'Parent ID number' }, /no row has ID number "nowhere"/],
    ['a Moodle competency without indicators', () => run({ 'fw.csv': moodleWith((r) => void (r[2]![3] = 'Just a description.')) }), { file: 'fw.csv', row: 3, column: 'Description' }, /no behavioural indicators/],
    ['a short Moodle row', () => run({ 'fw.csv': moodleWith((r) => void r[2]!.splice(5)) }), { file: 'fw.csv', row: 3 }, /has 5 cells/],
  ];
  for (const [name, make, where, message] of breakages) {
    it(name, () => expectError(make(), where, message));
  }
  it(`covers at least 25 kinds of breakage (has ${breakages.length})`, () => assert.ok(breakages.length >= 25));

  it('names only the cause when no file could be read, and says which parts a readable set lacks', () => {
    const unreadable = run({ 'notes.csv': 'hello\r\n' });
    assert.deepEqual(unreadable.problems.map((p) => p.file), ['notes.csv']);
    const partial = run({ 'competencies.csv': sheets()['competencies.csv']! });
    assert.match(partial.problems.map(locatedLine).join('\n'), /competencies\.csv: this file gives no roles: add a roles\.csv sheet/);
  });

    it('never writes a model when a cell is wrong, and a clean import has no errors', () => {
    assert.ok(run(sheets()).ok);
    const broken = run(sheets({ sheet: T, change: (r) => void (r[2]![col(r, 'level')] = 'three') }));
    assert.equal(broken.ok, false);
    assert.equal('model' in broken, false);
  });
});

type Pkg = ReturnType<typeof casePackage>;
function casePackage() {
  return JSON.parse(exportModel(tiny(), 'case')['case.json']!) as {
    CFDocument: Record<string, unknown>;
    CFItems: { identifier: string; fullStatement: string }[];
    CFAssociations: { originNodeURI: unknown }[];
    CFRubrics?: { CFRubricCriteria?: { CFItemURI?: unknown; CFRubricCriterionLevels?: { score?: number }[] }[] }[];
  };
}
function caseWith(change: (p: Pkg) => void): string {
  const p = casePackage();
  change(p);
  return JSON.stringify(p, null, 2);
}
function moodleWith(change: (rows: string[][]) => void): string {
  const parsed = parseCsv(exportModel(tiny(), 'moodle')['moodle-framework.csv']!);
  assert.ok(parsed.ok);
  change(parsed.table.rows);
  return writeCsv(parsed.table.rows);
}
