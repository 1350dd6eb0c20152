// Checking a results file against its model: each defect named with its path.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { MAX_MODEL_BYTES } from '../model/parse.js';
import type { Model } from '../model/types.js';
import { checkResults, parseResultsText } from './results-input.js';

const model = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Model;
const good = JSON.parse(readFileSync('test/fixtures/results/tiny-member-to-lead.json', 'utf8')) as Record<string, unknown>;

function firstError(value: unknown): { path: string; message: string; kind: string } {
  const result = checkResults(model, value);
  assert.equal(result.ok, false, 'rejected');
  const error = result.problems.find((p) => p.severity === 'error')!;
  return { path: error.path, message: error.message, kind: error.kind };
}

describe('checkResults', () => {
  it('accepts the fixtures of every sample model', () => {
    for (const [modelFile, resultsFile] of [
      ['test/fixtures/tiny-model.json', 'tiny-member-to-lead'],
      ['demo/models/customer-success.json', 'customer-success-associate'],
      ['demo/models/software-engineer.json', 'software-engineer-to-senior'],
      ['demo/models/software-engineer.json', 'software-engineer-manager-view'],
    ] as const) {
      const result = parseResultsText(JSON.parse(readFileSync(modelFile, 'utf8')) as Model, readFileSync(`test/fixtures/results/${resultsFile}.json`, 'utf8'));
      assert.equal(result.ok, true, JSON.stringify(result.problems));
    }
  });

  it('refuses a file over the size limit by its size alone, and reads one at the limit', () => {
    const text = JSON.stringify(good);
    assert.equal(parseResultsText(model, text, MAX_MODEL_BYTES).ok, true);
    const over = parseResultsText(model, text, MAX_MODEL_BYTES + 1);
    assert.equal(over.ok, false);
    assert.match(over.problems[0]!.message, /results files are far smaller, so this is probably not a results file/);
  });

  it("names another model's results", () => {
    const { path, message } = firstError({ ...good, model: { id: 'https://pathway.example/models/other', version: '1.0.0' } });
    assert.equal(path, 'model.id');
    assert.match(message, /belong to model "https:\/\/pathway\.example\/models\/other", not to "https:\/\/pathway\.example\/models\/tiny"/);
  });

  it('names an unknown competency and suggests the near miss', () => {
    const competencies = [...(good.competencies as object[])];
    competencies[1] = { ...competencies[1], competency: 'feedbak' };
    const { path, message, kind } = firstError({ ...good, competencies });
    assert.equal(path, 'competencies[1].competency');
    assert.equal(kind, 'reference');
    assert.match(message, /unknown competency "feedbak" in this model \(did you mean "feedback"\?\)/);
  });

  it('names an unknown role', () => {
    const { path, message } = firstError({ ...good, targetRole: 'leed' });
    assert.equal(path, 'targetRole');
    assert.match(message, /unknown role "leed".*did you mean "lead"/);
  });

  it('names a missing or wrong format, and a model file given as results', () => {
    assert.equal(firstError({ ...good, format: 'pathway-results/2' }).path, 'format');
    assert.match(firstError({ ...good, format: undefined }).message, /missing/);
    assert.match(firstError(model).message, /This is a competency model, not assessment results/);
  });

  it('names estimates that are not numbers, and duplicates', () => {
    const competencies = [...(good.competencies as object[])];
    competencies[0] = { ...competencies[0], sd: 0 };
    assert.equal(firstError({ ...good, competencies }).path, 'competencies[0].sd');
    competencies[0] = { ...competencies[0], sd: 0.3, theta: 'high' };
    assert.equal(firstError({ ...good, competencies }).path, 'competencies[0].theta');
    const twice = [...(good.competencies as object[]), (good.competencies as object[])[0]!];
    assert.equal(firstError({ ...good, competencies: twice }).path, 'competencies[2].competency');
  });

  it('warns (and still accepts) when a required competency has no result or the version differs', () => {
    const result = checkResults(model, { ...good, model: { id: model.id, version: '0.9.0' }, competencies: (good.competencies as object[]).slice(0, 1) });
    assert.equal(result.ok, true);
    assert.ok(result.problems.some((p) => p.path === 'model.version' && p.severity === 'warning'));
    assert.ok(result.problems.some((p) => p.path === 'competencies' && /no result for "feedback"/.test(p.message)));
  });

  it('explains text that is not JSON or not an object', () => {
    const bad = parseResultsText(model, '{\n  "format": "pathway-results/1",\n  "model": \n}');
    assert.equal(bad.ok, false);
    assert.match(bad.problems[0]!.message, /not valid JSON: .* at line 4, column 1/);
    assert.match(parseResultsText(model, '').problems[0]!.message, /empty/);
    assert.match(parseResultsText(model, '[1, 2]').problems[0]!.message, /JSON array/);
  });
});
