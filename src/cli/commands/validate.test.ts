import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { run } from './validate.js';

test('pathway validate never prints raw terminal control sequences from a model or a file name', async () => {
  const model = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8'));
  // C1 CSI (\u009b) and a bidi override pass the model's text rule but must not reach the terminal raw.
  model.title = 'Tiny\u009b2J model \u202etxt.exe';
  const dir = mkdtempSync(join(tmpdir(), 'pathway-escape-'));
  const file = join(dir, 'model\u001b[31m.json');
  writeFileSync(file, JSON.stringify(model));
  for (const content of [JSON.stringify(model), JSON.stringify({ ...model, competencies: 'x' })]) {
    writeFileSync(file, content);
    const lines: string[] = [];
    await run([file], (line) => lines.push(line));
    const output = lines.join('\n');
    assert.ok(output.length > 0);
    assert.doesNotMatch(output, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u, output);
    assert.match(output, /\\u001b\[31m|\\u009b2J/);
  }
});
