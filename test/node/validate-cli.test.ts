// `pathway validate` end to end: the real command on the sample models, the invalid fixtures and
// files that are not models at all.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BIN = new URL('../../bin/pathway.js', import.meta.url).pathname;

async function validate(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, 'validate', file], { maxBuffer: 1 << 24 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const samples = readdirSync('demo/models').filter((f) => f.endsWith('.json'));
const expected: Record<string, { path: string; message: string }> = JSON.parse(readFileSync('test/fixtures/invalid/expected.json', 'utf8'));

describe('pathway validate', () => {
  it('has three sample models', () => assert.ok(samples.length >= 3, `found ${samples.join(', ')}`));

  for (const sample of samples) {
    it(`accepts demo/models/${sample} with a summary and no warnings`, async () => {
      const { code, stdout } = await validate(`demo/models/${sample}`);
      assert.equal(code, 0, stdout);
      assert.match(stdout, /is a valid Pathway model/);
      assert.match(stdout, /No warnings\./, stdout);
    });
  }

  it('has at least 25 different broken models', () => assert.ok(Object.keys(expected).length >= 25));

  for (const [file, { path, message }] of Object.entries(expected)) {
    it(`rejects ${file} at ${path || 'the file'}`, async () => {
      const { code, stdout, stderr } = await validate(`test/fixtures/invalid/${file}`);
      assert.equal(code, 1, stdout);
      assert.equal(stderr, '', 'no stack trace or warning on stderr');
      const lines = stdout.trim().split('\n').slice(1);
      const line = lines.find((l) => (path ? l.startsWith(`error  ${path}: `) : true));
      assert.ok(line, `no problem at ${path} in:\n${stdout}`);
      assert.ok(line.includes(message), `expected "${message}" in: ${line}`);
    });
  }

  describe('files that are not models', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pathway-validate-'));
    const cases: [string, () => string, RegExp][] = [
      ['a binary file', () => { const f = join(dir, 'image.json'); writeFileSync(f, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3])); return f; }, /looks like binary data/],
      ['a 50 MB file', () => { const f = join(dir, 'huge.json'); writeFileSync(f, `{"items": [${'0,'.repeat(25 * 1024 * 1024)}0]}`); return f; }, /The file is 50\.0 MB/],
      ['a directory', () => dir, /is a directory/],
      ['a missing file', () => join(dir, 'missing.json'), /does not exist/],
      ['a JSON number', () => { const f = join(dir, 'number.json'); writeFileSync(f, '42'); return f; }, /single JSON number/],
    ];
    for (const [name, make, pattern] of cases) {
      it(`explains ${name} in one sentence`, async () => {
        const { code, stdout, stderr } = await validate(make());
        assert.equal(code, 1);
        assert.equal(stderr, '');
        const problems = stdout.trim().split('\n').slice(1);
        assert.equal(problems.length, 1, stdout);
        assert.match(problems[0]!, pattern);
      });
    }
  });

  it('stamps a valid model with --write-stamp, and says when a hand edit made the stamp stale', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pathway-stamp-')), 'model.json');
    writeFileSync(file, readFileSync('demo/models/customer-success.json'));
    const { stdout } = await run(process.execPath, [BIN, 'validate', file, '--write-stamp']);
    assert.match(stdout, /Stamped /);
    const stamped = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual({ ...stamped, compiled: undefined }, { ...JSON.parse(readFileSync('demo/models/customer-success.json', 'utf8')), compiled: undefined });
    assert.match(stamped.compiled.digest, /^[0-9a-f]{16}$/);
    assert.doesNotMatch((await validate(file)).stdout, /stamp/);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"version": "', '"version": "2'));
    const stale = await validate(file);
    assert.equal(stale.code, 0);
    assert.match(stale.stdout, /stamp is ignored \(the content changed since it was stamped\)/);
    // An invalid model is never stamped.
    const broken = join(dirname(file), 'broken.json');
    writeFileSync(broken, '{"format": "pathway-model/1"}');
    await assert.rejects(run(process.execPath, [BIN, 'validate', broken, '--write-stamp']), (error: { code: number }) => error.code === 1);
    assert.equal(readFileSync(broken, 'utf8'), '{"format": "pathway-model/1"}');
  });

  it('prints JSON with --json and exits 2 on a usage error', async () => {
    const { stdout } = await run(process.execPath, [BIN, 'validate', 'test/fixtures/tiny-model.json', '--json']);
    const report = JSON.parse(stdout);
    assert.equal(report.valid, true);
    assert.equal(report.summary.competencies, 2);
    await assert.rejects(run(process.execPath, [BIN, 'validate']), (error: { code: number }) => error.code === 2);
  });
});
