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

test('--candidate and --candidate-endpoint: candidate packages (cmi5 AU satisfied on launch, no pass mark), the endpoint in the model, the SCORM reporting part only with it', async () => {
  const plain = await pack('--format', 'scorm2004,cmi5', '--candidate');
  assert.equal(plain.code, 0, plain.lines.join('\n'));
  assert.deepEqual(plain.model('cmi5').delivery, { mode: 'candidate' });
  assert.match(plain.lines.join('\n'), /nothing is sent anywhere/);
  assert.doesNotMatch(plain.lines.join('\n'), /no LRS allow-list/);
  const withEndpoint = await pack('--format', 'scorm2004,cmi5', '--candidate-endpoint', 'https://candidates.example.com/xapi/');
  assert.equal(withEndpoint.code, 0, withEndpoint.lines.join('\n'));
  assert.deepEqual(withEndpoint.model('scorm2004').delivery, { mode: 'candidate', candidateEndpoint: 'https://candidates.example.com/xapi/' });
  const dir = withEndpoint.lines.find((l) => l.includes('-cmi5.zip'))!.split(/\s+/)[0]!;
  const cmi5 = unzipSync(readFileSync(dir));
  assert.match(new TextDecoder().decode(cmi5['cmi5.xml']), /moveOn="NotApplicable"/);
  assert.doesNotMatch(new TextDecoder().decode(cmi5['cmi5.xml']), /masteryScore/);
  assert.ok(cmi5['pathway-lrs-reporting.js'], 'a candidate package with an endpoint carries the reporting chunk');
  const scorm = unzipSync(readFileSync(dir.replace('-cmi5.zip', '-scorm2004.zip')));
  assert.ok(scorm['pathway-lrs-reporting.js'], 'the SCORM candidate package with an endpoint carries the reporting chunk');
  assert.match(new TextDecoder().decode(scorm['imsmanifest.xml']), /pathway-lrs-reporting\.js/);
  const noEndpoint = unzipSync(readFileSync(join(plain.lines.find((l) => l.includes('-scorm2004.zip'))!.split(/\s+/)[0]!)));
  assert.equal(noEndpoint['pathway-lrs-reporting.js'], undefined);
});

test('a bad candidate endpoint is refused with its reason; a candidate package cannot answer a rater request', async () => {
  await assert.rejects(pack('--format', 'cmi5', '--candidate-endpoint', 'https://user:secret@candidates.example.com/xapi/'), (e: unknown) => e instanceof UsageError && /not an xAPI endpoint/.test(e.message));
  const insecure = await pack('--format', 'cmi5', '--candidate-endpoint', 'http://candidates.example.com/xapi/');
  assert.equal(insecure.code, 1);
  assert.match(insecure.lines.join('\n'), /delivery\.candidateEndpoint: expected https:\/\//);
  await assert.rejects(pack('--format', 'cmi5', '--candidate', '--rater-request', 'request.json'), (e: unknown) => e instanceof UsageError && /rater request/.test(e.message));
});
