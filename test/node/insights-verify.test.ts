/**
 * `pathway insights sync --verify` against the real LRS (xapi-statements, memory mode, loopback) whose
 * `more` cursor skips: its clock is moved so that its v1 UUIDs wrap in the middle of the
 * statements (test/lrs/clock-shift.cjs; docs/insights.md). The CLI runs in-process; where an LRS
 * must misbehave in another way (repeat pages, hide statements from one sync) the test wraps `fetch`
 * between the CLI and the real LRS.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { main } from '../../src/cli/main.js';
import { EvidenceCollector } from '../../src/insights/evidence/index.js';
import { requireModel } from '../../src/model/load.js';
import { forVersion } from '../../src/tracking/statements.js';
import type { Statement } from '../../src/tracking/types.js';
import { type StartedLrs, TEST_AUTH, readAllStatements, startLrs } from '../lrs/lrs-process.mjs';
import { population, statementsOf } from '../support/insights-population.js';

const model = requireModel(readFileSync('demo/models/customer-success.json', 'utf8'));
const many: Statement[] = statementsOf([...population(model, { people: 10, peers: 3, seed: 21, mode: 'fixed', firstPerson: 300 })]);
const PAGE = 100;
const dir = mkdtempSync(join(tmpdir(), 'pathway-insights-verify-'));
const authFile = join(dir, 'auth.txt');
let lrs: StartedLrs;
/** The real fetch, for the wrappers (the CLI sees them as the global one). */
const realFetch = globalThis.fetch;

async function post(batch: readonly Statement[]): Promise<void> {
  const response = await fetch(`${lrs.endpoint}statements`, {
    method: 'POST',
    headers: { Authorization: TEST_AUTH, 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json' },
    body: JSON.stringify(batch.map((s) => forVersion(s, '1.0.3'))),
  });
  if (!response.ok) throw new Error(`POST statements: ${response.status} ${await response.text()}`);
}

async function seed(list: readonly Statement[]): Promise<void> {
  for (let i = 0; i < list.length; i += 2 * PAGE) await Promise.all([post(list.slice(i, i + PAGE)), ...(i + PAGE < list.length ? [post(list.slice(i + PAGE, i + 2 * PAGE))] : [])]);
}

/** Runs the CLI in-process, with `fetch` replaced by `through` while it runs (the real one by default). */
async function pathway(args: string[], through?: typeof fetch): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const real = globalThis.fetch;
  if (through) globalThis.fetch = through;
  try {
    const code = await main(args, (line) => lines.push(line));
    return { code, out: lines.join('\n') };
  } finally {
    globalThis.fetch = real;
  }
}

const syncArgs = (db: string, ...more: string[]) => ['insights', 'sync', '--db', join(dir, db), '--lrs', lrs.endpoint, '--auth', authFile, '--limit', String(PAGE), ...more];
const count = (out: string, what: 'missed' | 'extra') => Number(new RegExp(`${what}: +(\\d+)`).exec(out)?.[1]);

/** Between the CLI and the real LRS: pages of statements with `keep` false arrive without them. */
const hiding =
  (keep: (s: { id: string }) => boolean): typeof fetch =>
  async (input, init) => {
    const response = await realFetch(input, init);
    if (!String(input).includes('/statements')) return response;
    const page = (await response.json()) as { statements: Array<{ id: string }>; more?: string };
    return new Response(JSON.stringify({ ...page, statements: page.statements.filter(keep) }), { status: response.status, headers: response.headers });
  };

before(async () => {
  writeFileSync(authFile, TEST_AUTH);
  lrs = await startLrs({ movableClock: true });
  // More than a page of readAllStatements (500) before the wrap, so that a `more` cursor is taken before it;
  // the wrap falls between the halves however long seeding takes.
  const half = 6 * PAGE;
  await seed(many.slice(0, half));
  await lrs.wrapUuidsIn(200);
  await new Promise((resolve) => setTimeout(resolve, 300));
  await seed(many.slice(half));
});
after(async () => {
  await lrs?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('pathway insights sync --verify, against an LRS whose more cursor skips', () => {
  test('the LRS skips: following its more links from the start misses statements', async () => {
    const followed = await readAllStatements(lrs.endpoint, '&ascending=true');
    assert.ok(followed.length < many.length, `${followed.length} of ${many.length} through more links`);
  });

  test('an incremental sync in two parts, then --verify: nothing missed, nothing extra, exit 0', async () => {
    // The first part stops where a crash would: the statements of the first half only.
    const firstHalf = new Set(many.slice(0, many.length / 2).map((s) => s.id));
    const part = await pathway(syncArgs('two-parts.duckdb'), hiding((s) => firstHalf.has(s.id)));
    assert.equal(part.code, 0, part.out);
    const checked = await pathway(syncArgs('two-parts.duckdb', '--verify'));
    assert.equal(checked.code, 0, checked.out);
    assert.equal(count(checked.out, 'missed'), 0, checked.out);
    assert.equal(count(checked.out, 'extra'), 0, checked.out);
    const kept = new EvidenceCollector(model).addAll(many).ids().size;
    assert.match(checked.out, new RegExp(`${kept} of them kept by Pathway`));
    assert.match(checked.out, /nothing missed, nothing extra/);
  });

  test('an LRS that repeats every page: repeats are not counted as differences', async () => {
    let previous: unknown[] = [];
    const repeating: typeof fetch = async (input, init) => {
      const response = await realFetch(input, init);
      if (!String(input).includes('/statements')) return response;
      const page = (await response.json()) as { statements: unknown[]; more?: string };
      // Each record twice, and the end of the page before again at the start (a new read starts afresh).
      if (!String(input).includes('since=')) previous = [];
      const body = { ...page, statements: [...previous, ...page.statements.flatMap((s) => [s, s])] };
      previous = page.statements.slice(-5);
      return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
    };
    const checked = await pathway(syncArgs('repeating.duckdb', '--verify'), repeating);
    assert.equal(checked.code, 0, checked.out);
    const read = Number(/(\d+) statements read again/.exec(checked.out)![1]);
    assert.ok(read >= 2 * many.length, `${read} statements read again: the LRS repeated them`);
    assert.equal(count(checked.out, 'missed'), 0);
    assert.equal(count(checked.out, 'extra'), 0);
  });

  test('a sync that an LRS skipped statements in, and a database with a statement the LRS lacks: counted, explained, exit 3', async () => {
    // The LRS hides every 7th evidence statement from the first sync (a skipping page), then shows it.
    const evidence = [...new EvidenceCollector(model).addAll(many).ids()];
    const hidden = new Set(evidence.filter((_, i) => i % 7 === 3));
    const skipped = await pathway(syncArgs('skipped.duckdb'), hiding((s) => !hidden.has(s.id)));
    assert.equal(skipped.code, 0, skipped.out);
    // One statement from a file that is not in this LRS.
    const strangers = new EvidenceCollector(model);
    const stranger = { ...statementsOf([...population(model, { people: 1, peers: 0, seed: 5, mode: 'fixed', firstPerson: 900 })]).find((s) => strangers.add(s))!, stored: '2026-01-01T00:00:00.000Z' };
    writeFileSync(join(dir, 'stranger.json'), JSON.stringify([stranger]));
    assert.equal((await pathway(['insights', 'sync', '--db', join(dir, 'skipped.duckdb'), '--statements', join(dir, 'stranger.json')])).code, 0);
    const checked = await pathway(syncArgs('skipped.duckdb', '--verify'));
    assert.equal(checked.code, 3, checked.out);
    // The sync before the check reads again the last millisecond of the first: what was hidden there is found.
    const foundAgain = Number(/\((\d+) new\)/.exec(checked.out)![1]);
    assert.ok(foundAgain < hidden.size / 2, checked.out);
    assert.equal(count(checked.out, 'missed'), hidden.size - foundAgain, checked.out);
    assert.equal(count(checked.out, 'extra'), 1, checked.out);
    assert.match(checked.out, /The database misses statements/);
    assert.match(checked.out, /came from a statements file or another LRS/);
    assert.ok(checked.out.includes(stranger.id.toLowerCase()), 'the extra statement is named');
    assert.ok(!checked.out.includes(TEST_AUTH.replace('Basic ', '')), 'no credential in the output');
  });

  test('--verify without an LRS is a usage error', async () => {
    const result = await pathway(['insights', 'sync', '--db', join(dir, 'x.duckdb'), '--statements', join(dir, 'stranger.json'), '--verify']);
    assert.equal(result.code, 2, result.out);
    assert.match(result.out, /--verify compares the database with an LRS/);
  });
});
