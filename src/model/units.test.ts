// The model folder's small helpers, each against values written from its documentation: levels and θ,
// text resolution, IRIs, defaults, spelling suggestions, patterns, the summary `pathway validate`
// prints, content languages, the compiled-model stamp and role order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evidenceItems, scaleLevels, smallModel, translated } from '../../test/support/small-model.js';
import { DEFAULT_ITEM_SECONDS, itemRaters, itemSeconds, modalityOf, MODALITY_OF_KIND } from './defaults.js';
import { competencyIri, itemIri, modelIri, moduleIri, roleIri } from './iri.js';
import { contentLanguages, walkTexts } from './languages.js';
import { levelIndex, levelThreshold, levelToTheta, scaleOf, thetaToDiscreteLevel, thetaToLevel } from './levels.js';
import { isIri, isLanguageTag, notAnOrigin, originOf, ID_PATTERN, URL_PATTERN, TEXT_PATTERN, ENDPOINT_PATTERN, ORIGIN_PATTERN } from './patterns.js';
import { problemLine, sortProblems, type Problem } from './problems.js';
import { rolesBelow, targetRoles } from './roles.js';
import { digestModel, digestText, STAMPED_BY, stampModel, stampProblem } from './stamp.js';
import { closest, SUGGESTION_BUDGET } from './suggest.js';
import { summarizeModel, summaryParagraph } from './summary.js';
import { resolveText, textLanguages } from './text.js';
import type { Item, Model } from './types.js';

describe('levels', () => {
  const four = { levels: scaleLevels([1, 2, 3, 4]) };

  it('centres an even scale between its middle levels', () => {
    assert.deepEqual([1, 2, 3, 4].map((l) => levelToTheta(four, l)), [-1.5, -0.5, 0.5, 1.5]);
    assert.deepEqual([2, 3, 4].map((l) => levelThreshold(four, l)), [-1, 0, 1]);
    assert.equal(levelThreshold(four, 1), Number.NEGATIVE_INFINITY);
    assert.throws(() => levelThreshold(four, 5), (e: unknown) => e instanceof RangeError && /level 5 is not on the scale \(1, 2, 3, 4\)/.test(e.message));
  });

  it('finds a level’s position, and the scale of a competency', () => {
    assert.equal(levelIndex(four, 1), 0);
    assert.equal(levelIndex(four, 4), 3);
    assert.equal(levelIndex(four, 9), -1);
    const model = smallModel();
    assert.equal(scaleOf(model, model.competencies[0]), model.scale);
    assert.equal(scaleOf(model, undefined), model.scale);
    model.competencies[0]!.scale = four;
    assert.equal(scaleOf(model, model.competencies[0]), four);
  });

  it('maps θ to a continuous level, clamped at both ends', () => {
    assert.equal(thetaToLevel(four, -1.5), 1);
    assert.equal(thetaToLevel(four, -9), 1);
    assert.equal(thetaToLevel(four, 1.5), 4);
    assert.equal(thetaToLevel(four, 9), 4);
    assert.equal(thetaToLevel(four, 0), 2.5);
    assert.equal(thetaToLevel(four, 1.25), 3.75);
  });

  it('maps θ to the discrete level whose threshold it reaches', () => {
    assert.equal(thetaToDiscreteLevel(four, -1.01), 1);
    assert.equal(thetaToDiscreteLevel(four, -1), 2);
    assert.equal(thetaToDiscreteLevel(four, -0.01), 2);
    assert.equal(thetaToDiscreteLevel(four, 0), 3);
    assert.equal(thetaToDiscreteLevel(four, 1), 4);
    assert.equal(thetaToDiscreteLevel(four, 99), 4);
  });
});

describe('text', () => {
  it('resolves exact, case-insensitive and primary-language tags, then the fallback, then any', () => {
    assert.equal(resolveText(undefined, 'en'), '');
    assert.equal(resolveText({ 'de-ch': 'Grüezi', de: 'Hallo' }, 'de-CH'), 'Grüezi');
    assert.equal(resolveText({ de: 'Hallo', 'de-CH': 'Grüezi' }, 'DE'), 'Hallo');
    assert.equal(resolveText({ 'DE-AT': 'Servus' }, 'de'), 'Servus');
    assert.equal(resolveText({ en: 'Hello', fr: 'Bonjour' }, 'ja'), 'Hello');
    // The fallback defaults to English, wherever it is in the map.
    assert.equal(resolveText({ fr: 'Bonjour', en: 'Hello' }, 'ja'), 'Hello');
    // The exact tag wins over an earlier tag of the same primary language.
    assert.equal(resolveText({ 'de-AT': 'Servus', de: 'Hallo' }, 'de'), 'Hallo');
    assert.equal(resolveText({ en: 'Hello', fr: 'Bonjour' }, 'ja', 'fr'), 'Bonjour');
    assert.equal(resolveText({ es: 'Hola', fr: 'Bonjour' }, 'ja', 'de'), 'Hola');
    assert.equal(resolveText({}, 'en'), '');
    // Own keys only.
    assert.equal(resolveText(JSON.parse('{"en": "Hi"}'), 'constructor'), 'Hi');
    assert.equal(resolveText(JSON.parse('{"en": "Hi"}'), 'en', 'toString'), 'Hi');
  });

  it('lists the languages of a text', () => {
    assert.deepEqual(textLanguages('plain', 'de'), ['de']);
    assert.deepEqual(textLanguages({ en: 'a', fr: 'b' }, 'de'), ['en', 'fr']);
  });
});

describe('IRIs', () => {
  it('derive from the model id without its trailing slashes', () => {
    const model = { id: 'https://x.org/m//' };
    assert.equal(modelIri(model), 'https://x.org/m');
    assert.equal(competencyIri(model, { id: 'c' }), 'https://x.org/m/competencies/c');
    assert.equal(roleIri(model, 'r'), 'https://x.org/m/roles/r');
    assert.equal(itemIri(model, 'i'), 'https://x.org/m/items/i');
    assert.equal(moduleIri(model, 'm'), 'https://x.org/m/modules/m');
    assert.equal(modelIri({ id: 'urn:x:y' }), 'urn:x:y');
    assert.equal(modelIri({ id: 'https://x.org/a/b' }), 'https://x.org/a/b');
  });
});

describe('defaults', () => {
  it('modality from the kind unless the module names one', () => {
    assert.equal(modalityOf({ kind: 'course' }), 'formal');
    assert.equal(modalityOf({ kind: 'practice' }), 'experiential');
    assert.equal(modalityOf({ kind: 'mentoring' }), 'social');
    assert.equal(modalityOf({ kind: 'course', modality: 'social' }), 'social');
    assert.equal(Object.keys(MODALITY_OF_KIND).length, 12);
  });

  it('answering time per item type unless the item says', () => {
    const [frequency] = smallModel().items;
    assert.equal(itemSeconds(frequency!), 20);
    assert.equal(itemSeconds({ ...frequency!, seconds: 7 } as Item), 7);
    assert.equal(itemSeconds(evidenceItems('x', 1)[0]!), 240);
    assert.deepEqual(DEFAULT_ITEM_SECONDS, { frequency: 20, anchored: 40, situational: 75, evidence: 240, 'forced-choice': 25 });
  });

  it('raters: observers only with observer wording; work samples confirmed by the manager unless another is named', () => {
    const [frequency] = smallModel().items;
    assert.deepEqual(itemRaters(frequency!), ['self', 'manager', 'peer']);
    assert.deepEqual(itemRaters({ ...frequency!, observerStem: undefined } as Item), ['self']);
    assert.deepEqual(itemRaters({ ...frequency!, raters: ['peer'] } as Item), ['peer']);
    const anchored: Item = { id: 'a', type: 'anchored', competency: 'c', stem: 's', options: [{ text: 'a', level: 1 }, { text: 'b', level: 2 }] };
    assert.deepEqual(itemRaters(anchored), ['self']);
    assert.deepEqual(itemRaters({ ...anchored, observerStem: 'o' }), ['self', 'manager', 'peer']);
    const evidence = evidenceItems('c', 1)[0]!;
    assert.deepEqual(itemRaters(evidence), ['self', 'manager']);
    assert.deepEqual(itemRaters({ ...evidence, confirmBy: 'peer' } as Item), ['self', 'peer']);
    assert.deepEqual(itemRaters({ id: 's', type: 'situational', competency: 'c', scenario: 's', format: 'best', options: [] } as unknown as Item), ['self']);
    assert.deepEqual(itemRaters({ id: 'f', type: 'forced-choice', competency: 'c', options: [] } as unknown as Item), ['self']);
  });
});

describe('spelling suggestions', () => {
  it('suggests an id that starts with the typed one (or the reverse), from three characters', () => {
    assert.equal(closest('listen', ['feedback', 'listening']), 'listening');
    assert.equal(closest('LISTENING-skills', ['feedback', 'listening']), 'listening');
    assert.equal(closest('lis', ['listening']), 'listening');
    assert.equal(closest('li', ['listening']), undefined);
  });

  it('suggests the nearest id within a third of the length (at least two edits)', () => {
    assert.equal(closest('feedbak', ['listening', 'feedback']), 'feedback');
    assert.equal(closest('Feedbakc', ['listening', 'feedback']), 'feedback');
    assert.equal(closest('abc', ['xyz']), undefined);
    assert.equal(closest('ab', ['xy']), 'xy');
    assert.equal(closest('abc', ['axy']), 'axy');
    // Three edits away from six characters is too far, though the first five are only two away.
    assert.equal(closest('abcdef', ['abcxy']), undefined);
    // 9 characters: up to 3 edits.
    assert.equal(closest('abcdefghi', ['abcdefxyz']), 'abcdefxyz');
    assert.equal(closest('abcdefghi', ['abcdewxyz']), undefined);
    assert.equal(closest('abcdefghi', ['abcdefghijkl']), 'abcdefghijkl');
    assert.equal(closest('xbcdefghi', ['abcdefghijkl']), undefined);
    // The nearest wins, whatever the order.
    assert.equal(closest('mentor', ['mentxx', 'mentox']), 'mentox');
    assert.equal(closest('mentor', ['mentox', 'mentxx']), 'mentox');
    assert.equal(closest('anything', []), undefined);
  });

  it('stops when the budget of work is spent', () => {
    assert.equal(closest('feedbak', ['feedback'], { cells: 0 }), undefined);
    assert.equal(closest('listen', ['listening'], { cells: 0 }), undefined);
    // The prefix check spends the last cell: nothing is left for the one candidate.
    assert.equal(closest('feedbak', ['feedback'], { cells: 1 }), undefined);
    const budget = { cells: 2 };
    assert.equal(closest('feedbak', ['listening', 'feedback'], budget), undefined);
    // One cell per candidate for the prefix check, then (8 × 10) for "listening" and (8 × 9) for "feedback".
    const enough = { cells: 1000 };
    assert.equal(closest('feedbak', ['listening', 'feedback'], enough), 'feedback');
    assert.equal(enough.cells, 1000 - 2 - 80 - 72);
    // Candidates too different in length cost nothing beyond the prefix check.
    const skipped = { cells: 1000 };
    assert.equal(closest('feedbak', ['a', 'feedbackfeedback', 'feedbackxy'], skipped), undefined);
    assert.equal(skipped.cells, 997);
  });

  it('without a budget of its own, allows SUGGESTION_BUDGET cells', () => {
    // 12,000 candidates of 20 letters, each 21 × 21 cells beyond the prefix check: 5.3 million, more than
    // the 5 million allowed, so the close candidate at the end is never reached; with room, it is.
    const target = 'abcdefghijklmnopqrst';
    const far = Array.from({ length: 12_000 }, (_, i) => `zz${String(i).padStart(18, 'y')}`);
    const candidates = [...far, 'abcdefghijklmnopqrsx'];
    assert.equal(closest(target, candidates), undefined);
    assert.equal(closest(target, candidates, { cells: (far.length + 1) * (1 + 21 * 21) }), 'abcdefghijklmnopqrsx');
    assert.equal(closest(target, candidates.slice(-4_000)), 'abcdefghijklmnopqrsx', 'within the budget');
    assert.equal(SUGGESTION_BUDGET, 5_000_000);
  });
});

describe('patterns', () => {
  it('ids, languages, IRIs, links, text, origins and endpoints', () => {
    assert.ok(ID_PATTERN.test('a') && ID_PATTERN.test(`a${'b'.repeat(63)}`) && !ID_PATTERN.test(`a${'b'.repeat(64)}`) && !ID_PATTERN.test('-a') && !ID_PATTERN.test('a.b'));
    assert.ok(isLanguageTag('en') && isLanguageTag('de-CH') && isLanguageTag('zh-Hant-TW') && !isLanguageTag('e') && !isLanguageTag('en_GB'));
    assert.equal(isLanguageTag(`en${'-abcdefgh'.repeat(3)}-a`), true); // 30 characters
    assert.equal(isLanguageTag(`en${'-abcdefgh'.repeat(4)}`), false); // 38 characters
    assert.equal(isLanguageTag(`en${'-abcd'.repeat(6)}-abc`), false); // 36 characters, one over
    assert.equal(isLanguageTag(`en${'-abcd'.repeat(6)}-ab`), true); // 35 characters
    assert.ok(isIri('https://x.org/a') && isIri('urn:x:y') && !isIri('no-scheme') && !isIri('https://x.org/a b'));
    assert.equal(isIri(`urn:${'x'.repeat(3996)}`), true);
    assert.equal(isIri(`urn:${'x'.repeat(3997)}`), false);
    for (const url of ['https://x.org', 'http://x', '/a', './a', '../a']) assert.ok(URL_PATTERN.test(url), url);
    for (const url of ['//x.org', '/\\x.org', 'javascript:x', 'a/b', 'https://x y']) assert.ok(!URL_PATTERN.test(url), url);
    assert.ok(TEXT_PATTERN.test('a\tb\nc\rd') && !TEXT_PATTERN.test('a\u0000') && !TEXT_PATTERN.test('\u007f') && !TEXT_PATTERN.test('\uffff'));
    assert.ok(ORIGIN_PATTERN.test('https://lrs.example.com:8443') && !ORIGIN_PATTERN.test('https://lrs.example.com/') && !ORIGIN_PATTERN.test('https://u@lrs.example.com'));
    assert.ok(ENDPOINT_PATTERN.test('https://c.example.com/xapi/') && !ENDPOINT_PATTERN.test('https://c.example.com/xapi?x=1') && !ENDPOINT_PATTERN.test('https://c.example.com/#f'));
  });

  it('writes an allow-list entry as URL.origin does, or refuses it', () => {
    for (const entry of ['https://LRS.example.com', 'https://lrs.example.com:443', 'http://lrs.example.com:80', 'https://lrs.example.com:8443', 'http://[::1]:8080', 'http://127.0.0.1']) {
      assert.equal(originOf(entry), new URL(entry).origin, entry);
    }
    assert.equal(originOf('https://lrs.example.com:080'), 'https://lrs.example.com:80');
    assert.equal(originOf('http://lrs.example.com:0443'), 'http://lrs.example.com:443');
    assert.equal(originOf('https://lrs.example.com:65535'), 'https://lrs.example.com:65535');
    assert.match(notAnOrigin('lrs.example.com'), /^"lrs\.example\.com" in the LRS allow-list is not an origin/);
    for (const entry of ['xhttps://lrs.example.com', 'https://lrs.example.com:65536', 'https://lrs.example.com/', 'ftp://lrs.example.com', 'https://u@lrs.example.com', 'lrs.example.com', 'https://lrs.example.com:']) {
      assert.equal(originOf(entry), undefined, entry);
    }
  });
});

describe('problems', () => {
  const p = (severity: Problem['severity'], kind: Problem['kind'], path: string): Problem => ({ severity, kind, path, message: `${kind} at ${path}` });

  it('sorts errors first, then by kind, keeping document order within a kind', () => {
    const list = [p('warning', 'shape', 'w1'), p('error', 'style', 'e1'), p('error', 'file', 'e2'), p('error', 'style', 'e3'), p('warning', 'file', 'w2'), p('error', 'reference', 'e4')];
    assert.deepEqual(sortProblems(list).map((x) => x.path), ['e2', 'e4', 'e1', 'e3', 'w2', 'w1']);
  });

  it('prints one line per problem, with its path when it has one', () => {
    assert.equal(problemLine(p('error', 'shape', 'a.b')), 'error  a.b: shape at a.b');
    assert.equal(problemLine({ severity: 'warning', kind: 'file', path: '', message: 'M.' }), 'warning  M.');
  });
});

describe('summary', () => {
  it('counts the parts of a model and prints the paragraph', () => {
    const model = smallModel();
    model.items.push(...evidenceItems('listening', 2));
    model.modules.push({ ...model.modules[0]!, id: 'p', kind: 'practice', prerequisites: ['course'] }, { ...model.modules[0]!, id: 'q', kind: 'course', prerequisites: ['course', 'p'] });
    model.title = { de: 'Klein', en: 'Small' };
    const summary = summarizeModel(model);
    assert.deepEqual(summary, {
      title: 'Small',
      id: 'https://pathway.example/models/small',
      version: '1.0.0',
      language: 'en',
      languages: ['en'],
      levels: 3,
      groups: 0,
      competencies: 2,
      roles: 1,
      items: 4,
      itemsByType: { frequency: 2, evidence: 2 },
      modules: 3,
      modulesByKind: { course: 2, practice: 1 },
      prerequisiteLinks: 3,
    });
    assert.deepEqual(Object.keys(summary.modulesByKind), ['course', 'practice']);
    assert.equal(
      summaryParagraph(summary, 0),
      '"Small" (https://pathway.example/models/small, version 1.0.0) is a valid Pathway model: 2 competencies on a 3-level scale, 1 roles, 4 items (2 frequency, 2 evidence) and 3 development modules (2 course, 1 practice; 3 prerequisite links), in en. No warnings.',
    );
    assert.match(summaryParagraph(summary, 1), / in en\. 1 warning below\.$/);
    assert.match(summaryParagraph(summary, 2), / 2 warnings below\.$/);
    model.groups = [{ id: 'g', title: 'G' }];
    model.languages = ['en', 'de'];
    const grouped = summarizeModel(model);
    assert.equal(grouped.groups, 1);
    assert.deepEqual(grouped.languages, ['en', 'de']);
    assert.match(summaryParagraph(grouped, 0), /: 2 competencies in 1 groups on a 3-level scale, .* in en, de\. No warnings\.$/);
  });
});

describe('content languages', () => {
  it('lists the languages every text has, the default first, then alphabetically', () => {
    const model = smallModel();
    assert.deepEqual(contentLanguages(model), ['en']);
    const all = translated(model, ['ar', 'fr', 'en', 'de']);
    assert.deepEqual(contentLanguages(all), ['en', 'ar', 'de', 'fr']);
    all.title = { en: 'x', fr: 'y', de: 'z' };
    assert.deepEqual(contentLanguages(all), ['en', 'de', 'fr']);
    assert.deepEqual(contentLanguages({ ...model, language: 'de', title: { de: 'a', en: 'b' } } as Model), ['de']);
    assert.deepEqual(contentLanguages({ language: 'de' } as unknown as Model), ['de']);
  });

  it('visits every human text with its path, but not ids, extensions or IRT parameters', () => {
    const model = smallModel();
    model.frequencyScale = ['Never', { en: 'Sometimes' }, 'Always'];
    model.extensions = { 'https://x.org/e': { title: 'not a text' } };
    model.items[0] = { ...model.items[0]!, irt: { a: 1 }, extensions: { text: 'no' } } as Item;
    model.intro = { purpose: 'Why' };
    const paths: string[] = [];
    walkTexts(model, (_value, path) => paths.push(path));
    assert.deepEqual(paths.slice(0, 3), ['title', 'scale.levels[0].label', 'scale.levels[0].meaning']);
    for (const path of ['frequencyScale[0]', 'frequencyScale[1]', 'frequencyScale[2]', 'intro.purpose', 'competencies[1].indicators[2].text', 'roles[0].title', 'items[0].observerStem', 'modules[0].how']) assert.ok(paths.includes(path), path);
    assert.ok(!paths.some((path) => /extensions|irt|\.id$|competency$/.test(path)), paths.join(' '));
    assert.equal(paths.length, 26 + 3 + 1);
  });
});

describe('stamp', () => {
  it('digests with FNV-1a (its first lane is the published 32-bit hash) into 16 hex digits', () => {
    // FNV-1a 32-bit test vectors: "" → 811c9dc5, "a" → e40c292c, "foobar" → bf9cf968.
    assert.equal(digestText('').slice(0, 8), '811c9dc5');
    assert.equal(digestText('a').slice(0, 8), 'e40c292c');
    assert.equal(digestText('foobar').slice(0, 8), 'bf9cf968');
    // The second lane starts from another offset and mixes in the previous value shifted right by 15
    // (values from an independent implementation of that rule); it must stay the same from release to
    // release: a stamp written today is checked by the next version.
    assert.equal(digestText(''), '811c9dc52b992ddf');
    assert.equal(digestText('foobar'), 'bf9cf968c766f8eb');
    assert.notEqual(digestText('ab').slice(8), digestText('ba').slice(8));
    // Both lanes keep their leading zeros: always 16 digits.
    assert.equal(digestText('k1758'), '02b847970a59d1d9');
  });

  it('stamps last, with the precomputed data inside the digest', () => {
    const model = smallModel();
    const first = { 'member||self': { items: ['l1'], expected: 0.5, seconds: 20 } };
    const stamped = stampModel(model, first);
    assert.equal(Object.keys(stamped).at(-1), 'compiled');
    assert.deepEqual(Object.keys(stamped.compiled!), ['by', 'digest', 'first']);
    assert.equal(stamped.compiled!.by, STAMPED_BY);
    assert.deepEqual(stamped.compiled!.first, first);
    assert.equal(stampProblem(stamped), undefined);
    assert.notEqual(stamped.compiled!.digest, stampModel(model).compiled!.digest);
    assert.equal(stampModel(model).compiled!.digest, digestModel(model));
    const changed = structuredClone(stamped);
    changed.compiled!.first!['member||self']!.expected = 0.6;
    assert.match(stampProblem(changed)!, /content changed/);
    assert.deepEqual(Object.keys(stampModel(model).compiled!), ['by', 'digest']);
    assert.equal(stampProblem({ ...stamped, compiled: null }), 'a malformed stamp');
    assert.equal(stampProblem(null), 'not a model object');
    assert.equal(stampProblem('x'), 'not a model object');
    assert.equal(digestModel({ a: 1, compiled: 'x' }), digestModel({ a: 1 }));
    assert.equal(digestModel({ a: 1, compiled: null }), digestModel({ a: 1 }));
    // What is digested: the version, the content's JSON and, when there is one, the precomputed data's.
    assert.equal(digestModel({ a: 1 }), digestText(`${STAMPED_BY}\n{"a":1}`));
    assert.equal(digestModel({ a: 1, compiled: { by: 'x', first: { k: 2 } } }), digestText(`${STAMPED_BY}\n{"a":1}\n{"k":2}`));
  });
});

describe('roles', () => {
  it('a role is never below itself, also on a cycle, and chains are followed to the end', () => {
    const model = { roles: [{ id: 'a', next: 'b' }, { id: 'b', next: 'c' }, { id: 'c', next: 'a' }, { id: 'self', next: 'self' }, { id: 'd', next: 'e' }, { id: 'e' }] } as Pick<Model, 'roles'>;
    assert.deepEqual([...rolesBelow(model, 'a')].sort(), ['b', 'c']);
    assert.deepEqual([...rolesBelow(model, 'self')], []);
    assert.deepEqual([...rolesBelow(model, 'e')], ['d']);
    assert.deepEqual([...rolesBelow(model, 'nobody')], []);
    assert.deepEqual(targetRoles(model, 'e'), ['a', 'b', 'c', 'self']);
    assert.deepEqual(targetRoles(model, 'self'), ['a', 'b', 'c', 'd', 'e']);
  });
});
