// Content languages: which languages a model can be taken in without meeting another one, and the
// warning validate gives for a model only partly translated.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { validateModel } from './load.js';
import { contentLanguages } from './languages.js';
import type { Model } from './types.js';

const load = (name: string): Model => JSON.parse(readFileSync(`demo/models/${name}.json`, 'utf8')) as Model;

describe('content languages', () => {
  it('lists the languages every text has', () => {
    assert.deepEqual(contentLanguages(load('people-leader')), ['en', 'de']);
    assert.deepEqual(contentLanguages(load('software-engineer')), ['en']);
  });

  it('warns when only some texts are translated (a partly French model is not "in en" silently)', () => {
    const model = load('software-engineer');
    const partly = { ...model, title: { en: model.title as string, fr: 'Ingénierie logicielle' }, competencies: model.competencies.map((c, i) => (i < 3 ? { ...c, title: { en: c.title as string, fr: `Compétence ${i}` } } : c)) };
    const result = validateModel(partly);
    assert.ok(result.ok);
    const warning = result.problems.find((p) => p.severity === 'warning' && p.message.includes('"fr"'));
    assert.ok(warning, result.problems.map((p) => p.message).join('\n'));
    assert.match(warning.message, /^4 of \d+ texts have a "fr" version/);
    assert.deepEqual(contentLanguages(partly as Model), ['en']);
    assert.equal(validateModel(model).problems.filter((p) => p.severity === 'warning').length, 0, 'the untouched sample has no warning');
  });
});
