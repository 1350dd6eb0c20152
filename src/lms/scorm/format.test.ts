import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { strictViolations } from '../../../lms-packages/testing/scorm-strict.js';
import * as fmt from './format.js';

/** Runs one value through the independent strict checker as if written to `element`. */
const violations = (version: '1.2' | '2004', element: string, value: string) => strictViolations(version, [{ element, value }]);

describe('strict SCORM value formats', () => {
  test('decimals have a leading digit, no exponent, at most 4 decimals', () => {
    assert.equal(fmt.decimal(0.5), '0.5');
    assert.equal(fmt.decimal(1e-7), '0');
    assert.equal(fmt.decimal(-0.00001), '0');
    assert.equal(fmt.decimal(0.123456), '0.1235');
    assert.equal(fmt.decimal(3, 2), '3');
    assert.equal(fmt.decimal(2.5e-5, 7), '0.000025');
    assert.throws(() => fmt.decimal(Number.NaN), RangeError);
  });

  test('scores stay in range: 1.2 0–100 with 2 decimals, 2004 scaled −1…1', () => {
    assert.equal(fmt.percent(0.62346), '62.35');
    assert.equal(fmt.percent(1.5), '100');
    assert.equal(fmt.percent(-0.1), '0');
    assert.equal(fmt.scaled(1.5), '1');
    assert.equal(fmt.scaled(-3), '-1');
    assert.equal(fmt.scaled(0.85), '0.85');
    for (const f of [0, 0.0001, 0.33333, 0.5, 0.99999, 1]) {
      assert.deepEqual(violations('1.2', 'cmi.core.score.raw', fmt.percent(f)), []);
      assert.deepEqual(violations('2004', 'cmi.score.scaled', fmt.scaled(f)), []);
    }
  });

  test('2004 timestamps have exactly two fraction digits and a Z, years 1970–2038 only', () => {
    assert.equal(fmt.timestamp2004(new Date('2024-03-05T07:08:09.456Z')), '2024-03-05T07:08:09.45Z');
    assert.equal(fmt.timestamp2004(new Date('2024-03-05T07:08:09Z')), '2024-03-05T07:08:09.00Z');
    assert.equal(fmt.timestamp2004(new Date('2039-01-01T00:00:00Z')), undefined);
    assert.equal(fmt.timestamp2004(new Date('nonsense')), undefined);
    assert.match(violations('2004', 'cmi.interactions.0.timestamp', '2024-03-05T07:08:09Z').join('\n'), /"Z" without a fraction/);
  });

  test('1.2 time of day and timespans use 2–4 hour digits', () => {
    assert.equal(fmt.timeOfDay12(new Date('2024-03-05T07:08:09.999Z')), '07:08:09');
    assert.equal(fmt.timespan12(0), '00:00:00');
    assert.equal(fmt.timespan12(5 * 60_000), '00:05:00');
    assert.equal(fmt.timespan12(3_723_450), '01:02:03.45');
    assert.equal(fmt.timespan12(1e12), '9999:59:59.99');
    assert.equal(violations('1.2', 'cmi.core.session_time', '0:05:00').length, 1, 'the checker rejects one hour digit');
    for (const ms of [0, 999, 1_000, 59_995, 3_599_999, 36_000_000, 1e12]) {
      assert.deepEqual(violations('1.2', 'cmi.core.session_time', fmt.timespan12(ms)), [], `${ms} ms`);
    }
  });

  test('2004 durations use at most two decimals on the seconds', () => {
    assert.equal(fmt.duration2004(0), 'PT0S');
    assert.equal(fmt.duration2004(3_723_456), 'PT1H2M3.46S');
    assert.equal(fmt.duration2004(60_000), 'PT1M');
    assert.equal(fmt.duration2004(3_600_000), 'PT1H');
    assert.equal(fmt.duration2004(1_500), 'PT1.5S');
    assert.equal(fmt.duration2004(1_050), 'PT1.05S');
    assert.equal(fmt.duration2004(-5), 'PT0S');
    assert.equal(violations('2004', 'cmi.session_time', 'PT1.234S').length, 1, 'the checker rejects 3 decimals');
    for (const ms of [0, 4, 5, 999, 59_999, 3_600_001, 86_400_000 * 3]) {
      assert.deepEqual(violations('2004', 'cmi.session_time', fmt.duration2004(ms)), [], `${ms} ms`);
    }
  });

  test('identifiers: 1.2 printable ASCII without spaces, 2004 URIs and valid URNs', () => {
    assert.equal(fmt.identifier12('give-feedback_2'), 'give-feedback_2');
    assert.equal(fmt.identifier12('a b'), 'a_b');
    assert.equal(fmt.identifier12(''), undefined);
    assert.equal(fmt.longIdentifier('https://example.org/models/führung/competencies/x'), 'https://example.org/models/f%C3%BChrung/competencies/x');
    assert.equal(fmt.longIdentifier('urn:pathway:model:1'), 'urn:pathway:model:1');
    assert.equal(fmt.longIdentifier('urn:not_valid:x'), undefined);
    assert.equal(fmt.shortIdentifier('likert_4'), 'likert_4');
    assert.equal(fmt.shortIdentifier('strongly-agree'), undefined);
  });

  test('localized strings carry {lang=…}, fit 250 characters and never split a character', () => {
    assert.equal(fmt.localizedString('Gives  feedback\n', 'en'), '{lang=en}Gives feedback');
    const long = fmt.localizedString('é'.repeat(400) + '😀', 'de-CH');
    assert.equal([...long].length, 250);
    assert.ok(long.startsWith('{lang=de-CH}'));
    assert.equal(fmt.localizedString('x', 'zh-Hant-TW-x-private'), '{lang=zh}x');
    assert.deepEqual(violations('2004', 'cmi.objectives.0.id', 'urn:x:y').length, 0);
    assert.deepEqual(strictViolations('2004', [{ element: 'cmi.objectives.0.id', value: 'urn:x:y' }, { element: 'cmi.objectives.0.description', value: long }]), []);
  });

  test('location text is ASCII within the limit, or left unset', () => {
    assert.equal(fmt.boundedAscii('item:12', 255), 'item:12');
    assert.equal(fmt.boundedAscii('x'.repeat(256), 255), undefined);
    assert.equal(fmt.boundedAscii('café', 255), undefined);
  });
});
