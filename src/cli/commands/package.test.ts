/**
 * `pathway package --lrs-origin`: the allow-list goes into the packaged model (the cmi5 and xAPI
 * runtimes read it there), a malformed origin is a usage error, and a cmi5 or xAPI package built
 * without an allow-list says so.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { unzipSync } from 'fflate';
import { UsageError } from '../io.js';
import { run } from './package.js';

const MODEL = 'test/fixtures/tiny-model.json';

async function pack(...args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'pathway-origin-'));
  const lines: string[] = [];
  const code = await run([MODEL, '--out', dir, ...args], (line) => lines.push(line));
  const model = (format: string) => JSON.parse(new TextDecoder().decode(unzipSync(readFileSync(join(dir, `tiny-model-${format}.zip`)))['model.json']));
  return { code, lines, model };
}

test('--lrs-origin (repeatable) puts the allow-list into the cmi5 and xAPI packages’ model', async () => {
  const { code, lines, model } = await pack('--format', 'cmi5,xapi,scorm12', '--lrs-origin', 'https://lrs.example.com', '--lrs-origin', 'https://backup.example:8443');
  assert.equal(code, 0, lines.join('\n'));
  for (const format of ['cmi5', 'xapi']) assert.deepEqual(model(format).delivery?.lrsAllowedOrigins, ['https://lrs.example.com', 'https://backup.example:8443']);
  assert.doesNotMatch(lines.join('\n'), /no LRS allow-list/);
});

test('a cmi5 or xAPI package built without an allow-list says so, with how to set one', async () => {
  const { code, lines } = await pack('--format', 'all');
  assert.equal(code, 0);
  const notes = lines.filter((l) => /no LRS allow-list/.test(l));
  assert.equal(notes.length, 1, lines.join('\n'));
  assert.match(notes[0]!, /cmi5, xapi/);
  assert.match(notes[0]!, /--lrs-origin/);
  assert.match(notes[0]!, /delivery\.lrsAllowedOrigins/);
});

test('a malformed --lrs-origin is a usage error that names it', async () => {
  await assert.rejects(pack('--format', 'cmi5', '--lrs-origin', 'lrs.example.com/xapi'), (e: unknown) => e instanceof UsageError && /"lrs\.example\.com\/xapi".*origin such as/.test(e.message));
});
