import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzerFor } from './terms.js';

describe('alignment terms', () => {
  it('joins English word forms and drops English stop words', () => {
    const en = analyzerFor('en');
    assert.deepEqual(new Set(['delegating', 'delegates', 'delegation'].map(en.term)).size, 1);
    assert.deepEqual(en.terms('The review of the code'), ['review', 'code']);
  });

  it('stems German with German rules (umlauts folded) and drops German stop words, also for a regional tag', () => {
    const de = analyzerFor('de-CH');
    assert.equal(de.term('Gespräche'), de.term('Gespräch'));
    assert.equal(de.term('Entscheidungen'), de.term('entscheiden'));
    assert.deepEqual(de.terms('Sie führt die Gespräche und die Teams'), [de.term('führt'), de.term('Gespräche'), de.term('Teams')]);
    assert.equal(de.term('Führungskräfte'), de.term('Führungskraft'));
    assert.equal(de.term('Mitarbeitenden'), de.term('Mitarbeiter'));
    // English rules join neither pair.
    const en = analyzerFor('en');
    assert.notEqual(en.term('Führungskräfte'), en.term('Führungskraft'));
    assert.notEqual(en.term('Mitarbeitenden'), en.term('Mitarbeiter'));
  });

  it('matches other languages word by word, without applying English rules to them', () => {
    const fr = analyzerFor('fr');
    assert.equal(fr.term('Délégations'), 'délégations');
    assert.equal(fr.term('42'), null);
    assert.deepEqual(fr.terms("l'écoute active"), ['écoute', 'active']);
  });
});
