// `pathway insights` in-process on real and broken input: a statements file into DuckDB, the report as
// text, CSV and JSON (equal to the in-memory reader), and one clear sentence for each kind of bad input.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { EvidenceCollector } from '../../src/insights/evidence/index.js';
import { requireModel } from '../../src/model/load.js';
import { population, statementsOf } from '../support/insights-population.js';

const MODEL = 'demo/models/customer-success.json';
const model = requireModel(readFileSync(MODEL, 'utf8'));
const people = [...population(model, { people: 5, peers: 3, seed: 8, mode: 'fixed' })];
const statements = statementsOf(people).map((s) => ({ ...s, stored: s.timestamp }));
const dir = mkdtempSync(join(tmpdir(), 'pathway-insights-cli-'));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const ndjson = file('statements.ndjson', `${statements.map((s) => JSON.stringify(s)).join('\n')}\n`);

async function pathway(...args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await main(args, (line) => lines.push(line));
  return { code, out: lines.join('\n') };
}

describe('pathway insights', () => {
  const db = join(dir, 'insights.duckdb');

  it('syncs a statements file once, however often it is read', async () => {
    const first = await pathway('insights', 'sync', '--db', db, '--statements', ndjson);
    assert.equal(first.code, 0, first.out);
    const facts = Number(/holds (\d+) facts/.exec(first.out)![1]);
    assert.ok(facts > 0);
    const again = await pathway('insights', 'sync', '--db', db, '--statements', file('page.json', JSON.stringify({ statements: statements.slice(0, 100), more: '' })));
    assert.match(again.out, /\(0 new facts\)/);
    assert.match(again.out, new RegExp(`holds ${facts} facts`));
  });

  it('reports what the in-memory reader finds, as JSON, CSV and text', async () => {
    const expected = new EvidenceCollector(model).addAll(statements).profiles();
    const json = await pathway('insights', 'report', '--db', db, '--model', MODEL, '--json');
    assert.equal(json.code, 0, json.out);
    const parsed = JSON.parse(json.out);
    assert.equal(parsed.format, 'pathway-insights/1');
    assert.deepEqual(parsed.profiles, JSON.parse(JSON.stringify(expected.profiles)));
    assert.equal(parsed.report.format, 'pathway-insights-report/1');
    const csv = await pathway('insights', 'report', '--db', db, '--model', MODEL, '--csv');
    const rows = csv.out.split('\n');
    assert.equal(rows[0], 'person,name,team,role,target_role,competency,level,level_low,level_high,p_meets_current,p_meets_target,self_other,self,managers,peers,assessed_at');
    assert.equal(rows.length - 1, expected.profiles.reduce((n, p) => n + p.results.competencies.filter((c) => c.responses > 0).length, 0));
    const text = await pathway('insights', 'report', '--db', db, '--model', MODEL);
    assert.match(text.out, /5 people/);
    assert.match(text.out, /s 1m 3p/);
    assert.match(text.out, /Nothing was skipped\./);
  });

  it('with --model, sync stores fused profiles that the report then reuses', async () => {
    const db2 = join(dir, 'fused.duckdb');
    const synced = await pathway('insights', 'sync', '--db', db2, '--statements', ndjson, '--model', MODEL);
    assert.equal(synced.code, 0, synced.out);
    assert.match(synced.out, /Fused profiles of 5 people stored for .*customer-success version 1\.0\.0\./);
    const expected = new EvidenceCollector(model).addAll(statements).profiles();
    const json = await pathway('insights', 'report', '--db', db2, '--model', MODEL, '--json');
    assert.deepEqual(JSON.parse(json.out).profiles, JSON.parse(JSON.stringify(expected.profiles)));
    const broken = await pathway('insights', 'sync', '--db', db2, '--statements', ndjson, '--model', file('bad-model.json', '{"id": 3}'));
    assert.equal(broken.code, 1);
    assert.match(broken.out, /not a valid Pathway model/);
  });

  it('says what is wrong with bad input', async () => {
    const cases: [string[], number, RegExp][] = [
      [['insights', 'sync', '--statements', ndjson], 2, /needs the database: --db/],
      [['insights', 'frobnicate', '--db', db], 2, /unknown action "frobnicate"/],
      [['insights', 'sync', '--db', db], 2, /either an LRS .* or a file/],
      [['insights', 'sync', '--db', db, '--statements', join(dir, 'missing.ndjson')], 1, /missing\.ndjson does not exist/],
      [['insights', 'sync', '--db', db, '--statements', file('broken.json', '[{"id": 1},')], 1, /not valid JSON/],
      [['insights', 'sync', '--db', db, '--lrs', 'http://lrs.example.com/xapi/', '--auth', file('auth', 'key:s3cr3t-value')], 1, /uses http:\/\//],
      [['insights', 'sync', '--db', db, '--lrs', 'https://lrs.example.com/xapi/', '--auth', file('auth2', 'not a credential at all')], 2, /does not hold a credential/],
      [['insights', 'report', '--db', db], 2, /needs the model/],
      [['insights', 'report', '--db', join(dir, 'none.duckdb'), '--model', MODEL], 1, /none\.duckdb does not exist/],
      [['insights', 'report', '--db', db, '--model', file('model.json', '{"id": 3}')], 1, /not a valid Pathway model/],
      [['insights', 'report', '--db', db, '--model', MODEL, '--team', file('roster.csv', 'name,team\nDana,Blue\n')], 1, /no "person" column/],
    ];
    for (const [args, code, message] of cases) {
      const result = await pathway(...args);
      assert.equal(result.code, code, `${args.join(' ')}: ${result.out}`);
      assert.match(result.out, message, args.join(' '));
      assert.doesNotMatch(result.out, /s3cr3t-value/);
    }
  });

  it('applies a roster: only people on it, ratings it does not allow skipped', async () => {
    const roster = file('team.csv', `person,name,team,manager\n${people.slice(0, 3).map((p, i) => `${p.key},P${i},Blue,account:https://lms.example.com|m-${i % 7}`).join('\n')}\n`);
    const result = await pathway('insights', 'report', '--db', db, '--model', MODEL, '--team', roster, '--json');
    const parsed = JSON.parse(result.out);
    assert.deepEqual(parsed.profiles.map((p: { person: { name: string } }) => p.person.name), ['P0', 'P1', 'P2']);
    assert.ok(parsed.skipped['person-not-on-roster'] > 0);
    assert.ok(parsed.skipped['rater-not-on-roster'] > 0, 'peers p-3 and p-4 are not on the roster');
  });
});
