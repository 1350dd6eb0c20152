// From file text to a model: where JSON is invalid (offset, line, column, why), what is not a model file
// at all, and the limits (size, nesting) exactly at and one over. Valid and invalid JSON are told apart
// by JSON.parse itself, so the scanner is checked against the engine, not against itself.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { smallModel } from '../../test/support/small-model.js';
import { findJsonSyntaxError, MAX_SCAN_DEPTH } from './json-syntax.js';
import { loadModel, MAX_DEPTH, ModelError, requireModel, validateModel, validatorUrl } from './load.js';
import { lineColumn, MAX_MODEL_BYTES, megabytes, parseModelText } from './parse.js';

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('JSON syntax errors', () => {
  it('finds nothing wrong in valid JSON', () => {
    for (const text of ['{}', '[]', '{ }', '[ ]', ' \t\r\n{"a": [1, -2.5e+3, 0, 9, true, false, null, "x\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9"]}\n', '"s"', '0', '-0.5', '1E5', '1.25e+10', '-12.75E-12', '{"a":{"b":[{}]}}']) {
      assert.ok(parses(text), text);
      assert.equal(findJsonSyntaxError(text), undefined, text);
    }
  });

  const cases: [string, number, RegExp][] = [
    ['', 0, /^expected a value .* but found the end of the file$/],
    ['   ', 3, /but found the end of the file$/],
    ['@', 0, /^expected a value \(a string, number, object, list, true, false or null\) but found "@"$/],
    [':', 0, /but found ":"$/],
    ['/', 0, /but found "\/"$/],
    ['{"a": 1,}', 8, /^trailing comma before "}"$/],
    ['{"a": 1, }', 9, /^trailing comma before "}"$/],
    ['[1,]', 3, /^trailing comma before "]"$/],
    ['{"a" 1}', 5, /^expected ":" after the field name but found "1"$/],
    ['{a: 1}', 1, /^expected a field name in double quotes but found "a"$/],
    ["{'a': 1}", 1, /^expected a field name in double quotes but found "'"$/],
    ['{"a": 1 "b": 2}', 8, /^expected "," or "}" but found """$/],
    ['{"a": 1', 7, /^expected "," or "}" but found the end of the file$/],
    ['[1 2]', 3, /^expected "," or "]" but found "2"$/],
    ['[1', 2, /^expected "," or "]" but found the end of the file$/],
    ['[', 1, /but found the end of the file$/],
    ['{"a":}', 5, /but found "}"$/],
    ["'x'", 0, /^strings must use double quotes$/],
    ['"abc', 0, /^string is never closed$/],
    ['{"a": "abc', 6, /^string is never closed$/],
    ['"a\nb"', 2, /^line break inside a string/],
    ['"a\u0001"', 2, /^control character inside a string$/],
    ['"a\u001f"', 2, /^control character inside a string$/],
    ['"\\x"', 1, /^invalid escape "\\x" in a string$/],
    ['"\\', 1, /^invalid escape "\\" in a string$/],
    ['"\\u12G4"', 1, /^invalid \\u escape in a string$/],
    ['"\\u12"', 1, /^invalid \\u escape in a string$/],
    ['tru', 0, /^expected a value .* but found "t"$/],
    ['nul', 0, /but found "n"$/],
    ['fals', 0, /but found "f"$/],
    ['-', 0, /^expected a value but found "-"$/],
    ['-x', 0, /^expected a value but found "-"$/],
    ['-x1', 0, /^expected a value but found "-"$/],
    ['01', 1, /^unexpected "1" after the end of the JSON value$/],
    ['1.', 1, /^unexpected "." after the end of the JSON value$/],
    ['{} x', 3, /^unexpected "x" after the end of the JSON value$/],
    ['[1]]', 3, /^unexpected "]" after the end/],
  ];

  it('says where and why JSON is invalid', () => {
    for (const [text, offset, reason] of cases) {
      assert.equal(parses(text), false, `JSON.parse accepts ${JSON.stringify(text)}`);
      const error = findJsonSyntaxError(text);
      assert.equal(error?.offset, offset, JSON.stringify(text));
      assert.match(error!.reason, reason, JSON.stringify(text));
    }
  });

  it('agrees with JSON.parse on 5,000 random edits of a model file: an error found exactly when it refuses', () => {
    // Single-character insertions, deletions and replacements drawn from JSON's own punctuation, digits,
    // letters, escapes and control characters. parse.ts's fallback (no error found although JSON.parse
    // refused) is reached only where the two disagree.
    const text = JSON.stringify(smallModel(), null, 1);
    const alphabet = ['{', '}', '[', ']', ':', ',', '"', '\\', '-', '+', '.', 'e', 'E', '0', '1', '9', 't', 'n', 'u', ' ', '\n', '\u0001', 'x', '/'];
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let refused = 0;
    for (let k = 0; k < 5000; k++) {
      const at = next(text.length);
      const c = alphabet[next(alphabet.length)]!;
      const edit = [text.slice(0, at) + c + text.slice(at), text.slice(0, at) + text.slice(at + 1), text.slice(0, at) + c + text.slice(at + 1)][next(3)]!;
      const ok = parses(edit);
      if (!ok) refused++;
      assert.equal(findJsonSyntaxError(edit) === undefined, ok, `at ${at}: ${JSON.stringify(edit.slice(Math.max(0, at - 20), at + 20))}`);
    }
    assert.ok(refused > 1000, `${refused} refused`);
  });

  it('stops following nesting at MAX_SCAN_DEPTH instead of overflowing the stack', () => {
    assert.equal(MAX_SCAN_DEPTH, 512);
    assert.deepEqual(findJsonSyntaxError(`${'['.repeat(MAX_SCAN_DEPTH)}1,]${']'.repeat(MAX_SCAN_DEPTH - 1)}`), { offset: MAX_SCAN_DEPTH + 2, reason: 'trailing comma before "]"' });
    const deep = findJsonSyntaxError('['.repeat(MAX_SCAN_DEPTH + 1));
    assert.equal(deep?.offset, MAX_SCAN_DEPTH);
    assert.match(deep!.reason, /nested more than 512 levels deep/);
    assert.equal(findJsonSyntaxError(`${'{"a":'.repeat(MAX_SCAN_DEPTH + 1)}`)?.offset, 5 * MAX_SCAN_DEPTH);
    // A hostile file: a problem, never a thrown RangeError.
    const result = loadModel('['.repeat(20_000));
    assert.equal(result.ok, false);
    assert.equal(result.problems[0]!.detail?.code, 'file-json');
  });

  it('a string may hold any character from space on, and escaped quotes', () => {
    assert.equal(findJsonSyntaxError('" ~\u007f\u00e9\\""'), undefined);
    assert.equal(findJsonSyntaxError('["\\u0041\\uabcd\\uABCD"]'), undefined);
  });
});

describe('line and column', () => {
  it('counts from 1, a line break ending its own line', () => {
    assert.deepEqual(lineColumn('ab\ncd', 0), { line: 1, column: 1 });
    assert.deepEqual(lineColumn('ab\ncd', 2), { line: 1, column: 3 });
    assert.deepEqual(lineColumn('ab\ncd', 3), { line: 2, column: 1 });
    assert.deepEqual(lineColumn('ab\ncd', 4), { line: 2, column: 2 });
    assert.deepEqual(lineColumn('a\n\nb', 3), { line: 3, column: 1 });
    // An offset past the end is the end.
    assert.deepEqual(lineColumn('ab', 10), { line: 1, column: 3 });
    assert.deepEqual(lineColumn('a\n', 10), { line: 2, column: 1 });
  });
});

describe('file text', () => {
  const model = JSON.stringify(smallModel());

  it('reads a model, also after a byte order mark', () => {
    assert.equal(parseModelText(model).ok, true);
    const withBom = parseModelText(`\ufeff${model}`);
    assert.ok(withBom.ok);
    assert.equal(withBom.value.id, smallModel().id);
  });

  it('gives each kind of non-model its own code', () => {
    const code = (text: string): string | undefined => {
      const result = parseModelText(text);
      return result.ok ? undefined : result.problem.detail?.code;
    };
    assert.equal(code(''), 'file-empty');
    assert.equal(code(' \n\t'), 'file-empty');
    assert.equal(code('\ufeff'), 'file-empty');
    assert.equal(code('{"a": \u0000}'), 'file-binary');
    assert.equal(code('[1, 2]'), 'file-array');
    assert.equal(code('null'), 'file-not-object');
    assert.equal(code('5'), 'file-not-object');
    assert.equal(code('"model"'), 'file-not-object');
    assert.equal(code('{"name": "x"}'), 'file-not-model');
    const message = (text: string): string => {
      const result = parseModelText(text);
      return result.ok ? '' : result.problem.message;
    };
    assert.match(message(''), /^The file is empty/);
    assert.match(message('\u0000'), /binary data/);
    assert.match(message('[1, 2]'), /holds a JSON array/);
    assert.match(message('{"name": "x"}'), /is not a Pathway model/);
    const large = parseModelText('{}', 11 * 1024 * 1024);
    assert.match(large.ok ? '' : large.problem.message, /^The file is 11\.0 MB; a Pathway model must be smaller than 10\.0 MB/);
    for (const field of ['format', 'competencies', 'roles', 'items', 'modules', 'scale']) assert.equal(code(`{"${field}": 1}`), undefined, field);
    const problem = parseModelText('{"a": 1,}');
    assert.ok(!problem.ok);
    assert.deepEqual([problem.problem.severity, problem.problem.kind, problem.problem.path], ['error', 'file', '']);
    assert.match(problem.problem.message, /trailing comma before "}" at line 1, column 9\.$/);
  });

  it('names what the single JSON value is', () => {
    const message = (text: string): string => {
      const result = parseModelText(text);
      return result.ok ? '' : result.problem.message;
    };
    assert.match(message('null'), /a single JSON null,/);
    assert.match(message('5'), /a single JSON number,/);
    assert.match(message('true'), /a single JSON boolean,/);
  });

  it('places a JSON error by line and column', () => {
    const result = parseModelText('{\n  "format": "pathway-model/1",\n  "id": ,\n}');
    assert.ok(!result.ok);
    assert.deepEqual(result.problem.detail, { code: 'file-json', line: 3, column: 9 });
    assert.match(result.problem.message, /expected a value .* but found "," at line 3, column 9\.$/);
  });

  it('calls text binary from more than 5% control characters (tab and line breaks do not count)', () => {
    const code = (text: string): string | undefined => {
      const result = parseModelText(text);
      return result.ok ? undefined : result.problem.detail?.code;
    };
    const body = (controls: string): string => `"${'x'.repeat(98 - controls.length)}${controls}"`; // 100 characters
    assert.equal(code(body('\u0001'.repeat(5))), 'file-json');
    assert.equal(code(body('\u0001'.repeat(6))), 'file-binary');
    assert.equal(code(body('\u001f'.repeat(6))), 'file-binary');
    assert.equal(code(body('\ufffd'.repeat(5))), 'file-not-object');
    assert.equal(code(body('\ufffd'.repeat(6))), 'file-binary');
    assert.equal(code(`${'\ufffd'.repeat(6)}${'x'.repeat(94)}`), 'file-binary');
    for (const allowed of ['\t', '\n', '\r']) assert.equal(code(body(allowed.repeat(6))), 'file-json');
    // One NUL byte is enough.
    assert.equal(code(`{"a": "${'x'.repeat(100)}\u0000"}`), 'file-binary');
    assert.equal(code(body(' '.repeat(10))), 'file-not-object');
    // Only the first 8 KiB are sampled.
    assert.equal(code(`{"format": "${'x'.repeat(9000)}"}${'\u0001'.repeat(1000)}`), 'file-json');
  });

  it('refuses a file over the size limit, giving both sizes in MB', () => {
    assert.equal(MAX_MODEL_BYTES, 10 * 1024 * 1024);
    assert.equal(parseModelText(model, MAX_MODEL_BYTES).ok, true);
    const over = parseModelText(model, MAX_MODEL_BYTES + 1);
    assert.ok(!over.ok);
    assert.deepEqual(over.problem.detail, { code: 'file-too-large', size: '10.0 MB', limit: '10.0 MB' });
    const big = parseModelText(model, 15.5 * 1024 * 1024);
    assert.ok(!big.ok);
    assert.deepEqual(big.problem.detail, { code: 'file-too-large', size: '15.5 MB', limit: '10.0 MB' });
    assert.equal(megabytes(1024 * 1024), '1.0 MB');
    assert.equal(megabytes(1.25 * 1024 * 1024), '1.3 MB');
    // The text's own length counts when no byte length is given.
    assert.equal(parseModelText(' '.repeat(MAX_MODEL_BYTES + 1)).ok, false);
  });
});

describe('loading', () => {
  const nested = (depth: number): unknown => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) value = [value];
    return value;
  };

  it('refuses anything but an object', () => {
    for (const value of [null, [], 'x', 3, undefined]) {
      const result = validateModel(value);
      assert.equal(result.ok, false);
      assert.deepEqual(result.problems.map((p) => `${p.severity} ${p.kind} ${p.path}`), ['error file ']);
    }
  });

  it('accepts nesting up to MAX_DEPTH and names the extension nested deeper', () => {
    assert.equal(MAX_DEPTH, 64);
    // The model is depth 0 and "extensions" depth 1, so its value's arrays sit at depths 2, 3, …
    const at = (depth: number): unknown => ({ ...smallModel(), extensions: { 'https://x.org/e': nested(depth - 1) } });
    assert.equal(validateModel(at(64)).ok, true);
    const deep = validateModel(at(65));
    assert.equal(deep.ok, false);
    assert.deepEqual(deep.problems.map((p) => `${p.severity} ${p.kind} ${p.path}`), ['error shape extensions["https://x.org/e"]']);
    assert.match(deep.problems[0]!.message, /nested more than 64 levels deep/);
  });

  it('names at most six steps of a deep path outside extensions', () => {
    const deep = validateModel({ ...smallModel(), title: nested(70) });
    assert.deepEqual(deep.problems.map((p) => p.path), ['title[0][0][0][0][0]']);
    const inItem = smallModel() as unknown as { items: Record<string, unknown>[] };
    inItem.items[1]!.extensions = { e: nested(70) };
    assert.deepEqual(validateModel(inItem).problems.map((p) => p.path), ['items[1].extensions.e']);
  });

  it('sorts problems: errors first, then by kind, then in document order', () => {
    const model = smallModel();
    model.competencies[0]!.indicators = [{ level: 1, text: 'x' }, { level: 2, text: 'y' }, { level: 3, text: 'z' }, { level: 9, text: 'w' }];
    model.competencies[1]!.indicators = [{ level: 1, text: 'x' }];
    model.roles[0]!.requirements[1]!.competency = 'nobody';
    model.modules.push({ ...model.modules[0]! });
    const result = validateModel(model);
    assert.equal(result.ok, false);
    assert.deepEqual(result.problems.map((p) => `${p.severity} ${p.kind} ${p.path}`), [
      'error duplicate modules[1].id',
      'error reference roles[0].requirements[1].competency',
      'error level competencies[0].indicators[3].level',
      'warning coverage competencies[1].indicators',
    ]);
  });

  it('is valid with warnings only', () => {
    const model = smallModel();
    model.competencies[1]!.indicators = [{ level: 1, text: 'x' }];
    const result = validateModel(model);
    assert.ok(result.ok);
    assert.equal(result.model, model);
    assert.deepEqual(result.problems.map((p) => `${p.severity} ${p.path}`), ['warning competencies[1].indicators']);
  });

  it('loads text, and throws a ModelError naming the first error, the source and how many more', () => {
    assert.equal(loadModel(JSON.stringify(smallModel())).ok, true);
    assert.deepEqual(loadModel('[]').problems.map((p) => p.detail?.code), ['file-array']);
    assert.equal(requireModel(JSON.stringify(smallModel())).id, smallModel().id);
    const model = smallModel();
    model.roles[0]!.requirements[0]!.competency = 'a1';
    model.roles[0]!.requirements[1]!.competency = 'b1';
    model.modules.push({ ...model.modules[0]! });
    assert.throws(
      () => requireModel(JSON.stringify(model), 'm.json'),
      (error: unknown) => {
        assert.ok(error instanceof ModelError);
        assert.equal(error.name, 'ModelError');
        assert.equal(error.source, 'm.json');
        assert.equal(error.problems.length, 3);
        assert.match(error.message, /^m\.json: modules\[1\]\.id: duplicate module id "course" .* \(and 2 more problems\)$/);
        return true;
      },
    );
    const one = new ModelError([{ severity: 'error', kind: 'file', path: '', message: 'Broken.' }]);
    assert.equal(one.message, 'Broken.');
    const two = new ModelError([
      { severity: 'warning', kind: 'style', path: 'a', message: 'Hm.' },
      { severity: 'error', kind: 'shape', path: 'b', message: 'Bad.' },
    ]);
    assert.equal(two.message, 'b: Bad. (and 1 more problem)');
    assert.equal(new ModelError([]).message, 'invalid model');
    assert.equal(new ModelError([{ severity: 'warning', kind: 'style', path: 'w', message: 'Only.' }], 's').message, 's: w: Only.');
  });

  it('says where the validator module is, for workers', () => {
    assert.match(validatorUrl(), /^file:.*\/src\/model\/load\.ts$/);
  });
});
