// The shape checker: each JSON Schema keyword the generator emits, at its boundary (exactly at the limit
// passes, one over fails), with the path of the offending value and what was expected and found. Shapes
// are written here by hand, so the checker is tested on its own, not through the generated table; the
// last tests check the real table through validateModel.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { smallModel } from '../../test/support/small-model.js';
import { validateModel } from './load.js';
import type { Problem } from './problems.js';
import { pathText, type ShapeNode, ShapeChecker } from './shape.js';

/** `kind path: message` of each problem. */
const check = (shape: ShapeNode, value: unknown): string[] =>
  new ShapeChecker(shape).check(value).map((p: Problem) => {
    assert.equal(p.severity, 'error');
    return `${p.kind} ${p.path}: ${p.message}`;
  });
/** The problems of one field `v` inside `{ a: { v } }` (two levels deep, so they are shape problems). */
const field = (shape: ShapeNode, value: unknown): string[] =>
  check({ type: 'object', properties: { a: { type: 'object', properties: { v: shape } } } }, { a: { v: value } }).map((line) => line.replace(/^shape a\.v: /, ''));

describe('shape: paths', () => {
  it('writes identifiers with dots, indices in brackets and other keys quoted', () => {
    assert.equal(pathText([]), '');
    assert.equal(pathText(['a']), 'a');
    assert.equal(pathText(['a', 'b']), 'a.b');
    assert.equal(pathText(['a', 0, 'b', 12]), 'a[0].b[12]');
    assert.equal(pathText([3]), '[3]');
    assert.equal(pathText(['$x', '_y', 'a-b', 'c9']), '$x._y.a-b.c9');
    assert.equal(pathText(['extensions', 'https://x.org/e']), 'extensions["https://x.org/e"]');
    assert.equal(pathText(['9a']), '["9a"]');
    assert.equal(pathText(['a b']), '["a b"]');
    assert.equal(pathText(['-a']), '["-a"]');
  });
});

describe('shape: values', () => {
  it('says what it found', () => {
    const number: ShapeNode = { type: 'number' };
    assert.deepEqual(field(number, 'x'), ['expected a number, got the text "x"']);
    assert.deepEqual(field(number, null), ['expected a number, got null']);
    assert.deepEqual(field(number, [1, 2]), ['expected a number, got a list of 2']);
    assert.deepEqual(field(number, {}), ['expected a number, got an object']);
    assert.deepEqual(field(number, true), ['expected a number, got true']);
    assert.deepEqual(field(number, 10n), ['expected a number, got a 10']);
    assert.deepEqual(check({ type: 'object' }, undefined), ['format : expected an object, got nothing']);
    assert.deepEqual(check({ const: 'v1' }, undefined), ['format : is missing (expected "v1")']);
    assert.deepEqual(field({ type: 'string' }, false), ['expected text, got false']);
    assert.deepEqual(field({ type: 'string' }, 5), ['expected text, got the number 5']);
    // Long text is cut to 37 characters and an ellipsis; 40 characters are shown whole.
    assert.deepEqual(field(number, 'x'.repeat(40)), [`expected a number, got the text "${'x'.repeat(40)}"`]);
    assert.deepEqual(field(number, 'y'.repeat(41)), [`expected a number, got the text "${'y'.repeat(37)}…"`]);
  });

  it('numbers: finite, whole where asked, within inclusive and exclusive bounds', () => {
    const bounded: ShapeNode = { type: 'number', minimum: 0, maximum: 10 };
    assert.deepEqual([0, 10, 5.5].flatMap((v) => field(bounded, v)), []);
    assert.deepEqual(field(bounded, -0.5), ['expected a value ≥ 0, got -0.5']);
    assert.deepEqual(field(bounded, 10.5), ['expected a value ≤ 10, got 10.5']);
    const open: ShapeNode = { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 };
    assert.deepEqual([0.01, 0.99].flatMap((v) => field(open, v)), []);
    assert.deepEqual(field(open, 0), ['expected a value > 0, got 0']);
    assert.deepEqual(field(open, 1), ['expected a value < 1, got 1']);
    assert.deepEqual(field({ type: 'integer' }, 2.5), ['expected a whole number, got the number 2.5']);
    assert.deepEqual(field({ type: 'integer' }, 'two'), ['expected a whole number, got the text "two"']);
    assert.deepEqual(field({ type: 'integer' }, 2), []);
    assert.deepEqual(field({ type: 'number' }, Number.NaN), ['expected a number, got the number NaN']);
    assert.deepEqual(field({ type: 'number' }, Number.POSITIVE_INFINITY), ['expected a number, got the number Infinity']);
    assert.deepEqual(field({ type: 'number' }, 2.5), []);
  });

  it('text: length bounds and patterns, said in words', () => {
    const text: ShapeNode = { type: 'string', minLength: 1, maxLength: 3 };
    assert.deepEqual(['a', 'abc'].flatMap((v) => field(text, v)), []);
    assert.deepEqual(field(text, ''), ['expected text, got an empty text']);
    assert.deepEqual(field(text, 'abcd'), ['expected at most 3 characters, got 4']);
    assert.deepEqual(field({ type: 'string', minLength: 2 }, 'a'), ['expected at least 2 characters, got 1']);
    assert.deepEqual(field({ type: 'string', maxLength: 1 }, 'ab'), ['expected at most 1 character, got 2']);
    const lower: ShapeNode = { type: 'string', pattern: '^[a-z]+$', expected: 'lower-case letters' };
    assert.deepEqual(field(lower, 'abc'), []);
    assert.deepEqual(field(lower, 'aBc'), ['expected lower-case letters, got the text "aBc"']);
    assert.deepEqual(field(lower, 7), ['expected lower-case letters, got the number 7']);
    assert.deepEqual(field({ type: 'string', pattern: '^a' }, 'b'), ['expected text, got the text "b"']);
  });

  it('true or false, constants and enumerations', () => {
    assert.deepEqual(field({ type: 'boolean' }, 'yes'), ['expected true or false, got the text "yes"']);
    assert.deepEqual(field({ type: 'boolean' }, false), []);
    assert.deepEqual(field({ const: 'v1' }, 'v2'), ['expected "v1", got the text "v2"']);
    assert.deepEqual(field({ const: 'v1' }, 'v1'), []);
    assert.deepEqual(field({ enum: ['a', 'b'] }, 'c'), ['expected one of "a", "b", got the text "c"']);
    assert.deepEqual(field({ enum: ['a'] }, 'c'), ['expected "a", got the text "c"']);
    assert.deepEqual(field({ enum: ['a', 'b'] }, 'b'), []);
    // A node without a type accepts anything, and expects "a value".
    assert.deepEqual(field({}, { any: ['thing'] }), []);
    assert.deepEqual(check({ type: 'object', required: ['x'], properties: { x: {} } }, {}), ['format x: is missing (expected a value)']);
  });

  it('follows $ref into $defs', () => {
    const shape: ShapeNode = { $defs: { Small: { type: 'integer', maximum: 3 } }, type: 'object', properties: { n: { $ref: '#/$defs/Small' } } };
    assert.deepEqual(check(shape, { n: 3 }), []);
    assert.deepEqual(check(shape, { n: 4 }), ['format n: expected a value ≤ 3, got 4']);
  });
});

describe('shape: objects', () => {
  const person: ShapeNode = {
    type: 'object',
    required: ['name', 'age'],
    additionalProperties: false,
    properties: { name: { type: 'string' }, age: { type: 'integer' }, nickname: { type: 'string' } },
  };

  it('names missing fields, and says what they expect', () => {
    assert.deepEqual(check(person, { name: 'A', age: 3 }), []);
    assert.deepEqual(check(person, { name: 'A' }), ['format age: is missing (expected a whole number)']);
    assert.deepEqual(check({ type: 'object', properties: { p: person } }, { p: { age: 1 } }), ['shape p.name: is missing (expected text)']);
    // A field present as undefined (a property set from code) counts as missing, and is not checked further.
    assert.deepEqual(check(person, { name: 'A', age: undefined }), ['format age: is missing (expected a whole number)']);
    assert.deepEqual(check(person, { name: 'A', age: 3, nickname: undefined }), []);
    assert.deepEqual(check(person, 'Ann'), ['format : expected an object, got the text "Ann"']);
    assert.deepEqual(check(person, [1]), ['format : expected an object, got a list of 1']);
    assert.deepEqual(check(person, null), ['format : expected an object, got null']);
  });

  it('refuses unknown fields, suggesting the field meant', () => {
    assert.deepEqual(check(person, { name: 'A', age: 3, nicknam: 'x' }), ['shape nicknam: is not a field of the model format here (did you mean "nickname"?)']);
    assert.deepEqual(check(person, { name: 'A', age: 3, zzzzzz: 'x' }), ['shape zzzzzz: is not a field of the model format here (check the spelling, or move custom data into "extensions")']);
    // Without additionalProperties: false, other fields are free.
    assert.deepEqual(check({ type: 'object', properties: {} }, { anything: 1 }), []);
  });

  it('checks the keys and values of a map, and a minimum number of entries', () => {
    const map: ShapeNode = { type: 'object', propertyNames: { type: 'string', pattern: '^[a-z]{2}$' }, additionalProperties: { type: 'string', minLength: 1 }, minProperties: 1 };
    assert.deepEqual(field(map, { en: 'x', de: 'y' }), []);
    assert.deepEqual(check({ type: 'object', properties: { a: { type: 'object', properties: { v: map } } } }, { a: { v: { english: 'x', de: '' } } }), [
      'shape a.v.english: has an invalid key "english" (expected text)',
      'shape a.v.de: expected text, got an empty text',
    ]);
    assert.deepEqual(field(map, {}), ['expected an object, got an empty object']);
    assert.deepEqual(field({ type: 'object', minProperties: 2 }, { a: 1, b: 2 }), []);
  });

  it('reads only own fields: "constructor" or "toString" are data', () => {
    assert.deepEqual(check(person, JSON.parse('{"name": "A", "age": 3, "constructor": 1}')), ['shape constructor: is not a field of the model format here (check the spelling, or move custom data into "extensions")']);
    assert.deepEqual(check(person, JSON.parse('{"toString": "A"}')), ['format name: is missing (expected text)', 'format age: is missing (expected a whole number)', 'shape toString: is not a field of the model format here (check the spelling, or move custom data into "extensions")']);
  });
});

describe('shape: lists', () => {
  it('checks length bounds and every entry', () => {
    const list: ShapeNode = { type: 'array', minItems: 1, maxItems: 2, items: { type: 'integer' } };
    assert.deepEqual([[1], [1, 2]].flatMap((v) => field(list, v)), []);
    assert.deepEqual(field(list, []), ['expected at least 1 entry, got 0']);
    assert.deepEqual(field(list, [1, 2, 3]), ['expected at most 2 entries, got 3']);
    assert.deepEqual(field({ type: 'array', minItems: 2 }, [1]), ['expected at least 2 entries, got 1']);
    assert.deepEqual(field({ type: 'array', maxItems: 1 }, [1, 2]), ['expected at most 1 entry, got 2']);
    assert.deepEqual(check({ type: 'object', properties: { a: { type: 'object', properties: { v: list } } } }, { a: { v: [1, 'x'] } }), ['shape a.v[1]: expected a whole number, got the text "x"']);
    assert.deepEqual(field(list, 'x'), ['expected a list, got the text "x"']);
  });

  it('checks tuples: exactly their length, each entry by position', () => {
    const pair: ShapeNode = { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }] };
    assert.deepEqual(field(pair, ['a', 1]), []);
    assert.deepEqual(field(pair, ['a']), ['expected exactly 2 entries, got 1']);
    assert.deepEqual(field(pair, ['a', 1, 2]), ['expected exactly 2 entries, got 3']);
    assert.deepEqual(field({ type: 'array', prefixItems: [{ type: 'string' }] }, []), ['expected exactly 1 entry, got 0']);
    assert.deepEqual(check({ type: 'object', properties: { a: { type: 'object', properties: { v: pair } } } }, { a: { v: [1, 'a'] } }), ['shape a.v[0]: expected text, got the number 1', 'shape a.v[1]: expected a whole number, got the text "a"']);
  });
});

describe('shape: unions', () => {
  const circle: ShapeNode = { type: 'object', required: ['kind', 'r'], additionalProperties: false, properties: { kind: { type: 'string', const: 'circle' }, r: { type: 'number' } } };
  const square: ShapeNode = { type: 'object', required: ['kind', 'side'], additionalProperties: false, properties: { kind: { type: 'string', const: 'square' }, side: { type: 'number' } } };
  const shapes: ShapeNode = { type: 'object', properties: { list: { type: 'array', items: { oneOf: [circle, square] } } } };

  it('picks the branch a tag names and reports inside it', () => {
    assert.deepEqual(check(shapes, { list: [{ kind: 'circle', r: 1 }, { kind: 'square', side: 2 }] }), []);
    assert.deepEqual(check(shapes, { list: [{ kind: 'square', r: 1 }] }), ['shape list[0].side: is missing (expected a number)', 'shape list[0].r: is not a field of the model format here (check the spelling, or move custom data into "extensions")']);
  });

  it('names the tag when it is missing or unknown', () => {
    assert.deepEqual(check(shapes, { list: [{ r: 1 }] }), ['shape list[0].kind: is missing (expected one of "circle", "square")']);
    assert.deepEqual(check(shapes, { list: [{ kind: 'triangle' }] }), ['shape list[0].kind: expected one of "circle", "square", got the text "triangle"']);
    assert.deepEqual(check(shapes, { list: [5] }), ['shape list[0]: expected an object with "kind" set to one of "circle", "square", got the number 5']);
    assert.deepEqual(check(shapes, { list: [null, []] }), [
      'shape list[0]: expected an object with "kind" set to one of "circle", "square", got null',
      'shape list[1]: expected an object with "kind" set to one of "circle", "square", got a list of 0',
    ]);
  });

  it('accepts a value any branch accepts, and otherwise lists the branches', () => {
    const textOrNumber: ShapeNode = { anyOf: [{ type: 'string', minLength: 1 }, { type: 'number' }] };
    assert.deepEqual(field(textOrNumber, 'a'), []);
    assert.deepEqual(field(textOrNumber, 2), []);
    assert.deepEqual(field(textOrNumber, true), ['expected text or a number, got true']);
    // Text that fails the one text branch is told why.
    assert.deepEqual(field(textOrNumber, ''), ['expected text, got an empty text']);
    const twoTexts: ShapeNode = { anyOf: [{ type: 'string', maxLength: 1 }, { type: 'string', pattern: '^b+$' }] };
    assert.deepEqual(field(twoTexts, 'aaa'), ['expected text or text, got the text "aaa"']);
    assert.deepEqual(field({ anyOf: [{ type: 'boolean' }, { type: 'object' }, { type: 'array' }, {}] }, 1), []);
    assert.deepEqual(field({ anyOf: [{ type: 'boolean' }, { type: 'object' }, { type: 'array' }] }, 1), ['expected true or false or an object or a list, got the number 1']);
    assert.deepEqual(field({ anyOf: [{ const: 1 }, { enum: [2, 3] }, { expected: 'four' , type: 'string' }] }, 5), ['expected 1 or one of 2, 3 or four, got the number 5']);
  });

  it('is not a tagged union when a branch lacks the constant field', () => {
    const loose: ShapeNode = { anyOf: [circle, { type: 'object', properties: { r: { type: 'number' } } }] };
    assert.deepEqual(field(loose, { kind: 'oval' }), []);
    assert.deepEqual(field(loose, 3), ['expected an object or an object, got the number 3']);
    // Every branch must be an object with fields: text or a tagged object is no tagged union.
    assert.deepEqual(field({ anyOf: [{ type: 'string' }, circle] }, 5), ['expected text or an object, got the number 5']);
    const untyped: ShapeNode = { anyOf: [{ type: 'object', properties: { k: { const: 'a' } } }, { properties: { k: { const: 'b' } } }] };
    assert.deepEqual(field(untyped, { k: 'c' }), []);
  });
});

describe('shape: the model format (generated table)', () => {
  const problems = (change: (model: Record<string, unknown>) => void): string[] => {
    const model = smallModel() as unknown as Record<string, unknown>;
    change(model);
    const result = validateModel(model);
    return result.problems.map((p) => `${p.severity} ${p.kind} ${p.path}`);
  };

  it('calls root fields "format" problems and deeper ones "shape" problems', () => {
    assert.deepEqual(problems((m) => delete m.id), ['error format id']);
    assert.deepEqual(problems((m) => (m.format = 'pathway-model/2')), ['error format format']);
    assert.deepEqual(problems((m) => (m.title = '')), ['error format title']);
    assert.deepEqual(problems((m) => ((m.scale as { levels: unknown[] }).levels = [])), ['error shape scale.levels']);
    assert.deepEqual(problems((m) => ((m.competencies as Record<string, unknown>[])[0]!.id = 'has space')), ['error shape competencies[0].id']);
  });

  it('reports shape problems only, before any reference check', () => {
    assert.deepEqual(
      problems((m) => {
        (m.roles as { requirements: { competency: string }[] }[])[0]!.requirements[0]!.competency = 'nobody';
        (m.items as Record<string, unknown>[])[0]!.type = 'essay';
      }),
      ['error shape items[0].type'],
    );
  });
});
