// The authoring commands end to end, as an author runs them: init → fill the sheets → import →
// draft-items → export to every format → import back; align on an untagged catalogue, review, accept.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { sheetColumns } from '../../src/authoring/sheets.js';

const exec = promisify(execFile);
const BIN = new URL('../../bin/pathway.js', import.meta.url).pathname;

async function pathway(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await exec(process.execPath, [BIN, ...args], { maxBuffer: 1 << 24 });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, out: e.stdout };
  }
}

describe('pathway init, import, draft-items, export, align', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pathway-authoring-'));

  it('writes sheets that import as they are, refuses to overwrite them, and names broken cells', async () => {
    const sheets = join(dir, 'sheets');
    assert.equal((await pathway('init', '--csv', sheets)).code, 0);
    assert.equal((await pathway('init', '--csv', sheets)).code, 1, 'a second init must not overwrite');
    const imported = await pathway('import', sheets, '--out', join(dir, 'init.json'));
    assert.equal(imported.code, 0, imported.out);
    const roles = join(sheets, 'roles.csv');
    writeFileSync(roles, readFileSync(roles, 'utf8').replace(',3,', ',high,'));
    const broken = await pathway('import', sheets, '--out', join(dir, 'broken.json'));
    assert.equal(broken.code, 1);
    assert.match(broken.out, /roles\.csv, row 2, column [A-Z]+ "level": expected a whole number, found "high"/);
    assert.ok(!existsSync(join(dir, 'broken.json')), 'nothing is written for a broken import');
  });

  it('drafts items, exports to CSV, CASE and Moodle, and imports CSV and CASE back unchanged', async () => {
    const drafted = join(dir, 'drafted.json');
    const draft = await pathway('draft-items', 'demo/models/customer-success.json', '--out', drafted);
    assert.equal(draft.code, 0, draft.out);
    assert.match(draft.out, /Drafted \d+ items/);
    assert.match(draft.out, /items for a sure decision/);
    const model = JSON.parse(readFileSync(drafted, 'utf8'));
    for (const [format, out] of [['csv', join(dir, 'csv')], ['case', join(dir, 'case.json')]] as const) {
      assert.equal((await pathway('export', drafted, '--format', format, '--out', out)).code, 0);
      const back = join(dir, `back-${format}.json`);
      const imported = await pathway('import', out, '--out', back);
      assert.equal(imported.code, 0, imported.out);
      assert.deepEqual(JSON.parse(readFileSync(back, 'utf8')), model);
    }
    const moodle = await pathway('export', drafted, '--format', 'moodle', '--out', join(dir, 'moodle.csv'));
    assert.match(moodle.out, /Not in the moodle file .*roles/);
  });

  it('aligns an untagged catalogue, keeps a rejection on a re-run, and merges accepted tags', async () => {
    const source = JSON.parse(readFileSync('demo/models/software-engineer.json', 'utf8'));
    const bare = join(dir, 'bare.json');
    writeFileSync(bare, JSON.stringify({ ...source, modules: [] }));
    const catalogue = join(dir, 'catalogue.json');
    writeFileSync(catalogue, JSON.stringify(source.modules.map((m: { id: string; title: string; what: string; minutes: number; kind: string }) => ({ id: m.id, title: m.title, description: m.what, minutes: m.minutes, type: m.kind }))));
    const out = join(dir, 'suggestions.json');
    assert.equal((await pathway('align', bare, catalogue, '--out', out)).code, 0);
    const file = JSON.parse(readFileSync(out, 'utf8'));
    const first = file.modules[0].suggestions[0];
    first.decision = 'rejected';
    writeFileSync(out, JSON.stringify(file));
    const again = await pathway('align', bare, catalogue, '--out', out);
    assert.match(again.out, /1 rejected kept/);
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).modules[0].suggestions.find((s: { competency: string }) => s.competency === first.competency).decision, 'rejected');
    const merged = join(dir, 'merged.json');
    const accept = await pathway('align', '--accept', out, bare, '--out', merged);
    assert.equal(accept.code, 0, accept.out);
    assert.equal((await pathway('validate', merged)).code, 0);
    const modules = JSON.parse(readFileSync(merged, 'utf8')).modules as { id: string }[];
    assert.ok(modules.length > 10 && !modules.some((m) => m.id === file.modules[0].id));
  });

  it('blends a local --embedder module into the ranking, and names what is wrong with a broken one', async () => {
    const bare = join(dir, 'bare.json');
    const catalogue = join(dir, 'catalogue.json');
    const competencies = (JSON.parse(readFileSync(bare, 'utf8')) as { competencies: { id: string }[] }).competencies;
    // A stand-in for an organisation's model: competencies one-hot (first call), every module on the first competency.
    const fake = join(dir, 'fake-embedder.mjs');
    writeFileSync(fake, `let call = 0;
export default { async embed(texts) { const first = call++ === 0; return texts.map((_, i) => Array.from({ length: ${competencies.length} }, (_, k) => Number(k === (first ? i : 0)))); } };\n`);
    const firsts = (file: string): string[] => (JSON.parse(readFileSync(file, 'utf8')) as { modules: { suggestions: { competency: string }[] }[] }).modules.map((m) => m.suggestions[0]?.competency ?? '');
    const lexical = join(dir, 'lexical.json');
    assert.equal((await pathway('align', bare, catalogue, '--out', lexical)).code, 0);
    assert.ok(firsts(lexical).some((c) => c !== competencies[0]!.id));
    const blended = join(dir, 'embedded.json');
    const run = await pathway('align', bare, catalogue, '--out', blended, '--embedder', fake, '--embedder-weight', '10');
    assert.equal(run.code, 0, run.out);
    assert.ok(firsts(blended).every((c) => c === competencies[0]!.id), 'a heavy embedder decides the first suggestion');

    const none = join(dir, 'no-embed.mjs');
    writeFileSync(none, 'export default { vectors: [] };\n');
    const wrong = await pathway('align', bare, catalogue, '--out', join(dir, 'x.json'), '--embedder', none);
    assert.equal(wrong.code, 1);
    assert.match(wrong.out, /--embedder .*no-embed\.mjs: the module must export \(as default or "embedder"\) an object with an embed\(texts\) method/);
    const short = join(dir, 'short-embed.mjs');
    writeFileSync(short, 'export const embedder = { async embed(texts) { return texts.slice(1).map(() => [1, 0]); } };\n');
    const shortRun = await pathway('align', bare, catalogue, '--out', join(dir, 'y.json'), '--embedder', short);
    assert.equal(shortRun.code, 1);
    assert.match(shortRun.out, /embed\(\) returned \d+ vectors for \d+ texts \(nothing written\)/);
    assert.ok(!existsSync(join(dir, 'y.json')));
    const throwing = join(dir, 'throwing-embed.mjs');
    writeFileSync(throwing, 'export default async () => ({ async embed() { throw new Error("model file not found"); } });\n');
    const thrown = await pathway('align', bare, catalogue, '--out', join(dir, 'y.json'), '--embedder', throwing);
    assert.equal(thrown.code, 1);
    assert.match(thrown.out, /--embedder .*throwing-embed\.mjs: embed\(\) failed: model file not found \(nothing written\)/);
    assert.equal((await pathway('align', bare, catalogue, '--out', join(dir, 'z.json'), '--embedder', join(dir, 'missing.mjs'))).code, 1);
    const weightOnly = await pathway('align', bare, catalogue, '--out', join(dir, 'z.json'), '--embedder-weight', '0.1');
    assert.equal(weightOnly.code, 2);
    assert.match(weightOnly.out, /--embedder-weight needs --embedder/);
  });

  it('refuses a catalogue language the model has no texts in, naming the ones it has', async () => {
    const bare = join(dir, 'bare.json');
    const catalogue = join(dir, 'catalogue.json');
    const result = await pathway('align', bare, catalogue, '--out', join(dir, 'fr.json'), '--language', 'fr');
    assert.equal(result.code, 2);
    assert.match(result.out, /--language fr: the model has no texts in that language \(it has en\)/);
  });

  it('auto-accepts nothing from an English catalogue aligned with --language de, and prints why', async () => {
    const source = JSON.parse(readFileSync('demo/models/people-leader.json', 'utf8'));
    const bare = join(dir, 'bare-pl.json');
    writeFileSync(bare, JSON.stringify({ ...source, modules: [] }));
    const catalogue = join(dir, 'catalogue-pl.json');
    type Text = Record<string, string>;
    writeFileSync(catalogue, JSON.stringify(source.modules.map((m: { id: string; title: Text; what: Text }) => ({ id: m.id, title: m.title['en'], description: m.what['en'] }))));
    const right = await pathway('align', bare, catalogue, '--out', join(dir, 'pl-en.json'));
    assert.match(right.out, /Wrote .*pl-en\.json: 54 modules, [1-9]\d* auto-accepted/);
    assert.doesNotMatch(right.out, /^note/m);
    const wrong = await pathway('align', bare, catalogue, '--out', join(dir, 'pl-de.json'), '--language', 'de');
    assert.equal(wrong.code, 0, wrong.out);
    assert.match(wrong.out, /^note {3}Only \d+% of a module's words \(median\) occur in the model's texts in "de": the catalogue seems to be in another language\. Nothing was auto-accepted/m);
    assert.match(wrong.out, /54 modules, 0 auto-accepted/);
    const file = JSON.parse(readFileSync(join(dir, 'pl-de.json'), 'utf8'));
    assert.equal(file.notes.length, 1);
    assert.ok(file.modules.some((m: { suggestions: unknown[] }) => m.suggestions.length > 0), 'weak matches are still proposed');
  });

  it('documents every column of every sheet in docs/authoring.md', () => {
    const doc = readFileSync('docs/authoring.md', 'utf8');
    for (const { sheet, column } of sheetColumns()) {
      const section = doc.split(`#### \`${sheet}\``)[1]?.split('####')[0] ?? '';
      assert.ok(section.includes(`| \`${column}\` |`), `${sheet} column ${column} is not documented`);
    }
  });
});
