// What `pathway plan --results` says about each defect of a results file, word for word: the path, the
// kind and the sentence an L&D admin reads (results-input.test.ts checks which defect is found first).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Problem } from '../model/problems.js';
import type { Model } from '../model/types.js';
import { checkResults, parseResultsText } from './results-input.js';

const model = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Model;
const good = JSON.parse(readFileSync('test/fixtures/results/tiny-member-to-lead.json', 'utf8')) as Record<string, unknown>;
const entries = good.competencies as Record<string, unknown>[];

const problems = (value: unknown): Pick<Problem, 'severity' | 'kind' | 'path' | 'message'>[] =>
  checkResults(model, value).problems.map(({ severity, kind, path, message }) => ({ severity, kind, path, message }));
const only = (value: unknown) => {
  const found = problems(value);
  assert.equal(found.length, 1, JSON.stringify(found));
  return found[0]!;
};
const withEntry = (i: number, change: Record<string, unknown>) => ({ ...good, competencies: entries.map((e, k) => (k === i ? { ...e, ...change } : e)) });

describe('results file messages', () => {
  it('the file as a whole', () => {
    const file = (text: string, bytes?: number) => parseResultsText(model, text, bytes).problems;
    assert.deepEqual(file('{}', 60 * 1024 * 1024), [{ severity: 'error', kind: 'file', path: '', message: 'The file is 60.0 MB; results files are far smaller, so this is probably not a results file.' }]);
    assert.equal(file('{}', 5 * 1024 * 1024).some((p) => p.kind === 'file'), false, 'a 5 MB file is read');
    assert.equal(file('\uFEFF  \n').length, 1);
    assert.match(file('\uFEFF  \n')[0]!.message, /^The file is empty: expected assessment results, a JSON object such as \{"format": "pathway-results\/1", …\}\.$/);
    // A byte-order mark before valid JSON is not an error.
    assert.equal(parseResultsText(model, `\uFEFF${JSON.stringify(good)}`).ok, true);
    assert.equal(file('{"format": ')[0]!.message, 'The file is not valid JSON: expected a value (a string, number, object, list, true, false or null) but found the end of the file at line 1, column 12.');
    assert.equal(file('null')[0]!.message, 'The file holds a single JSON null, but assessment results are a JSON object with "format": "pathway-results/1", "model" and "competencies".');
    assert.equal(file('"text"')[0]!.message, 'The file holds a single JSON string, but assessment results are a JSON object with "format": "pathway-results/1", "model" and "competencies".');
    assert.equal(file('[]')[0]!.message, 'The file holds a JSON array, but assessment results are a JSON object with "format": "pathway-results/1", "model" and "competencies".');
  });

  it('format, model and roles', () => {
    assert.deepEqual(only({ ...good, format: 'pathway-results/2' }), { severity: 'error', kind: 'format', path: 'format', message: 'expected "pathway-results/1", found "pathway-results/2"' });
    assert.deepEqual(only({ ...good, format: undefined }), { severity: 'error', kind: 'format', path: 'format', message: 'expected "pathway-results/1" (the field is missing)' });
    const modelShape = { severity: 'error', kind: 'shape', path: 'model', message: 'expected {"id": "<model IRI>", "version": "…"} naming the model the results belong to' };
    assert.deepEqual(only({ ...good, model: 'tiny' }), modelShape);
    assert.deepEqual(only({ ...good, model: [model.id] }), modelShape);
    assert.deepEqual(only({ ...good, model: { version: '1.0.0' } }), modelShape);
    assert.deepEqual(only({ ...good, model: { id: 'https://pathway.example/models/tinny', version: '1.0.0' } }), {
      severity: 'error',
      kind: 'reference',
      path: 'model.id',
      message: 'these results belong to model "https://pathway.example/models/tinny", not to "https://pathway.example/models/tiny"',
    });
    assert.deepEqual(only({ ...good, model: { id: model.id, version: '0.9.0' } }), {
      severity: 'warning',
      kind: 'reference',
      path: 'model.version',
      message: 'results were made with version "0.9.0" of the model; planning with version "1.0.0"',
    });
    assert.deepEqual(only({ ...good, currentRole: 7 }), { severity: 'error', kind: 'shape', path: 'currentRole', message: 'expected a role id (a string)' });
    assert.deepEqual(only({ ...good, currentRole: 'membr' }), { severity: 'error', kind: 'reference', path: 'currentRole', message: 'unknown role "membr" in this model (did you mean "member"?)' });
    assert.deepEqual(only({ ...good, targetRole: 'chief-executive' }), { severity: 'error', kind: 'reference', path: 'targetRole', message: 'unknown role "chief-executive" in this model' });
    assert.deepEqual(only({ ...good, rater: 'coach' }), { severity: 'error', kind: 'shape', path: 'rater', message: 'expected one of "self", "manager", "peer"' });
    for (const rater of ['self', 'manager', 'peer', undefined]) assert.deepEqual(problems({ ...good, rater }), [], String(rater));
  });

  it('each competency entry', () => {
    assert.deepEqual(only({ ...good, competencies: { listening: {} } }), { severity: 'error', kind: 'shape', path: 'competencies', message: 'expected a list of per-competency results' });
    assert.deepEqual(only({ ...good, competencies: [...entries, 'feedback'] }), { severity: 'error', kind: 'shape', path: 'competencies[2]', message: 'expected an object with "competency", "theta" and "sd"' });
    // An entry without a usable id is left out, so its competency also counts as without a result.
    assert.deepEqual(problems(withEntry(0, { competency: 3 }))[0], { severity: 'error', kind: 'shape', path: 'competencies[0].competency', message: 'expected a competency id (a string)' });
    assert.deepEqual(only({ ...good, competencies: [...entries, { ...entries[1], theta: 0 }] }), { severity: 'error', kind: 'duplicate', path: 'competencies[2].competency', message: 'competency "feedback" appears twice' });
    const theta = 'expected a number (the posterior mean on the θ scale)';
    for (const bad of ['1', Number.NaN, Number.POSITIVE_INFINITY, null]) assert.deepEqual(only(withEntry(0, { theta: bad })), { severity: 'error', kind: 'shape', path: 'competencies[0].theta', message: theta }, String(bad));
    const sd = 'expected a positive number (the posterior SD)';
    for (const bad of [0, -0.2, '0.3', Number.POSITIVE_INFINITY, Number.NaN]) assert.deepEqual(only(withEntry(1, { sd: bad })), { severity: 'error', kind: 'shape', path: 'competencies[1].sd', message: sd }, String(bad));
    for (const field of ['level', 'responses']) {
      for (const bad of ['3', Number.NaN, Number.NEGATIVE_INFINITY]) assert.deepEqual(only(withEntry(0, { [field]: bad })), { severity: 'error', kind: 'shape', path: `competencies[0].${field}`, message: 'expected a number' }, `${field} ${String(bad)}`);
      assert.deepEqual(problems(withEntry(0, { [field]: undefined })), [], `${field} may be left out`);
    }
    const flag = 'expected one of "blind-spot", "hidden-strength", "aligned", "unclear"';
    for (const bad of ['blind-spot', { flag: 'blindspot' }, null]) assert.deepEqual(only(withEntry(0, { selfOther: bad })), { severity: 'error', kind: 'shape', path: 'competencies[0].selfOther.flag', message: flag }, JSON.stringify(bad));
    for (const ok of ['blind-spot', 'hidden-strength', 'aligned', 'unclear']) assert.deepEqual(problems(withEntry(0, { selfOther: { flag: ok, gap: 0 } })), [], ok);
  });

  it('requirements without a result: a warning per competency the two roles require, and none for others', () => {
    const warning = (id: string) => ({ severity: 'warning', kind: 'coverage', path: 'competencies', message: `no result for "${id}", which a role requires: the planner assumes nothing is known about it` });
    assert.deepEqual(problems({ ...good, competencies: [] }), [warning('listening'), warning('feedback')]);
    // Only the roles the results name count: a model whose second competency only another role needs.
    const narrow: Model = { ...model, roles: [{ ...model.roles[0]!, next: undefined, requirements: [model.roles[0]!.requirements[0]!] }, model.roles[1]!] };
    const found = checkResults(narrow, { ...good, targetRole: undefined, competencies: [] }).problems.map((p) => p.message);
    assert.deepEqual(found, [warning('listening').message]);
    const viaTarget = checkResults(narrow, { ...good, currentRole: undefined, targetRole: 'lead', competencies: [] }).problems.map((p) => p.message);
    assert.deepEqual(viaTarget, [warning('listening').message, warning('feedback').message]);
  });
});
