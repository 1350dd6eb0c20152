/**
 * Hostile models: validation never throws, never hangs and never lets a malformed model through.
 * (The CLI runs every fixture in test/fixtures/invalid too: test/node/validate-cli.test.ts.)
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadModel, validateModel } from './load.js';
import type { Model } from './types.js';

const tiny = (): Model => JSON.parse(readFileSync(new URL('../../test/fixtures/tiny-model.json', import.meta.url), 'utf8')) as Model;

function moduleLike(model: Model, id: string, prerequisites: string[]): Model['modules'][number] {
  return { ...model.modules[0]!, id, prerequisites, url: undefined as never } as Model['modules'][number];
}

test('a 5,000-module prerequisite chain is checked without overflowing the stack', () => {
  const model = tiny();
  const chain = Array.from({ length: 5000 }, (_, i) => {
    const m = moduleLike(model, `m${i}`, i > 0 ? [`m${i - 1}`] : []);
    delete (m as { url?: string }).url;
    return m;
  });
  const ok = validateModel({ ...model, modules: chain });
  assert.equal(ok.problems.filter((p) => p.severity === 'error').length, 0, JSON.stringify(ok.problems.slice(0, 3)));
  chain[0]!.prerequisites = ['m4999'];
  const cyclic = validateModel({ ...model, modules: chain });
  assert.equal(cyclic.ok, false);
  const cycles = cyclic.problems.filter((p) => p.kind === 'cycle');
  assert.equal(cycles.length, 1);
  assert.match(cycles[0]!.message, /prerequisite cycle: "m0" → "m4999" → .* → "m0"|prerequisite cycle: .*"m4999"/);
});

test('cycles are still found and reported once each', () => {
  const model = tiny();
  const mods = ['a', 'b', 'c', 'd', 'e'].map((id) => {
    const m = moduleLike(model, id, []);
    delete (m as { url?: string }).url;
    return m;
  });
  mods[0]!.prerequisites = ['b'];
  mods[1]!.prerequisites = ['c'];
  mods[2]!.prerequisites = ['a'];
  mods[3]!.prerequisites = ['e', 'a'];
  mods[4]!.prerequisites = ['d'];
  const result = validateModel({ ...model, modules: mods });
  const cycles = result.problems.filter((p) => p.kind === 'cycle').map((p) => p.message).sort();
  assert.deepEqual(cycles, ['prerequisite cycle: "a" → "b" → "c" → "a"', 'prerequisite cycle: "d" → "e" → "d"']);
});

test('extensions nested 5,000 deep are refused with a clear problem, not a crash', () => {
  let deep: unknown = 1;
  for (let i = 0; i < 5000; i++) deep = [deep];
  const result = validateModel({ ...tiny(), extensions: { 'https://example.org/deep': deep } });
  assert.equal(result.ok, false);
  assert.match(result.problems[0]!.message, /nested more than \d+ levels/);
  assert.equal(result.problems[0]!.path, 'extensions["https://example.org/deep"]');
});

test('misspelt references among 10,000 competencies still get suggestions, with bounded work', () => {
  const model = tiny();
  const template = model.competencies[0]!;
  const competencies = Array.from({ length: 10_000 }, (_, i) => ({ ...template, id: `competency-number-${i}-${"x".repeat(40)}` }));
  const roles = model.roles.map((r) => ({ ...r, requirements: Array.from({ length: 20 }, (_, i) => ({ competency: `competncy-number-${i * 7}-${"x".repeat(40)}`, level: 3 })) }));
  const result = validateModel({ ...model, competencies, roles, items: [], modules: [] });
  const unknown = result.problems.filter((p) => /unknown competency/.test(p.message));
  assert.ok(unknown.length >= 20);
  assert.ok(unknown.some((p) => /did you mean "competency-number-0-x+"/.test(p.message)), unknown[0]?.message);
});

test('keys named after built-in properties are handled as data', () => {
  for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
    const text = `{"title": {${JSON.stringify(key)}: 5}}`;
    const model = { ...tiny(), title: JSON.parse(text).title };
    const result = validateModel(model);
    assert.equal(result.ok, false, key);
    assert.ok(result.problems.some((p) => p.path === 'title'), `${key}: ${JSON.stringify(result.problems)}`);
    const field = validateModel({ ...tiny(), competencies: [{ ...tiny().competencies[0]!, ...JSON.parse(`{${JSON.stringify(key)}: "x"}`) }] });
    assert.equal(field.ok, false, `competencies[0].${key}`);
    assert.ok(field.problems.some((p) => /not a field/.test(p.message)), `${key}: ${JSON.stringify(field.problems)}`);
  }
  // As ids they are ordinary ids.
  const model = tiny();
  const renamed = JSON.parse(JSON.stringify(model).replaceAll(`"${model.competencies[0]!.id}"`, '"constructor"'));
  assert.equal(validateModel(renamed).ok, true, JSON.stringify(validateModel(renamed).problems.slice(0, 3)));
});

test('module links to another host are not relative paths', () => {
  for (const url of ['//evil.example/x', '/\\evil.example/x', 'javascript:alert(1)']) {
    const model = tiny();
    const result = validateModel({ ...model, modules: [{ ...model.modules[0]!, url }, ...model.modules.slice(1)] });
    assert.equal(result.ok, false, url);
    assert.equal(result.problems[0]!.path, 'modules[0].url');
  }
  for (const url of ['/courses/1', './a', '../b', 'https://lms.example.com/c']) {
    const model = tiny();
    assert.equal(validateModel({ ...model, modules: [{ ...model.modules[0]!, url }, ...model.modules.slice(1)] }).ok, true, url);
  }
});

test('control characters in text are refused (they would make every manifest malformed XML)', () => {
  const result = loadModel(JSON.stringify({ ...tiny(), title: 'Tiny\u0001 model' }));
  assert.equal(result.ok, false);
  assert.equal(result.problems[0]!.path, 'title');
  assert.match(result.problems[0]!.message, /control character/);
  assert.equal(loadModel(JSON.stringify({ ...tiny(), title: 'Line one\nline two\ttabbed' })).ok, true);
});
