/**
 * The engine's guards on input, checked one rule at a time: a response against its item
 * (responses.ts), a saved `p1.` state (state.ts) and an observation added to the evidence
 * (evidence.ts). Every refusal is checked by its error class and `code` (the contract programs rely
 * on), and each rule also by an input that only that rule refuses, so a weakened rule lets it through.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { requireModel } from '../model/load.js';
import type { Model } from '../model/types.js';
import { bankFor } from './bank.js';
import { resolveConfig } from './config.js';
import { ResponseError, StateError } from './errors.js';
import { Evidence } from './evidence.js';
import { hash32 } from './random.js';
import { outcomeOf } from './responses.js';
import { decodeState, encodeState } from './state.js';
import type { AssessmentOptions, Response } from './types.js';

const tinyJson = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Model;
const sjt = tinyJson.items.find((i) => i.id === 'l-sjt-1')!;
// The tiny model plus one item of each situational format, a forced choice between two levels of one
// competency, an item for observers only, an anchored item whose option levels are out of order and
// repeated (4, 1, 2, 1: 4 options in 3 categories, 2, 0, 1, 0) and a rubric of 4 entries in 3 levels.
const model = requireModel(
  JSON.stringify({
    ...tinyJson,
    items: [
      ...tinyJson.items.map((i) => {
        if (i.id === 'l-anch-1' && i.type === 'anchored') return { ...i, options: [4, 1, 2, 1].map((level, k) => ({ text: `Option ${k} at level ${level}`, level })) };
        if (i.id === 'f-ev-1' && i.type === 'evidence') return { ...i, rubric: [...i.rubric, { level: 5, text: 'Also at level 5.' }] };
        return i;
      }),
      { ...sjt, id: 'ml', format: 'most-least' },
      { ...sjt, id: 'rate', format: 'rate-each' },
      { id: 'fc-levels', type: 'forced-choice', competency: 'listening', options: [{ text: 'Lower', level: 2 }, { text: 'Higher', level: 4 }] },
      { ...sjt, id: 'observed', raters: ['manager', 'peer'] },
    ],
  }),
);
// The bank, configurations and fingerprint are built in a hook (below), not while the file loads: a
// mutant is switched on only while tests run, and engine code run at load makes Stryker restart the
// test process for every mutant it reaches (docs/testing.md).
let bank: ReturnType<typeof bankFor>;
let self: ReturnType<typeof resolveConfig>;
let manager: ReturnType<typeof resolveConfig>;
let fingerprint: string;
const config = (options: AssessmentOptions = {}) => resolveConfig(model, bank, options);

function refusedAs(code: string, run: () => unknown, message?: RegExp): void {
  assert.throws(run, (e: unknown) => {
    assert.ok(e instanceof ResponseError, `expected a ResponseError, got ${String(e)}`);
    assert.equal(e.code, code);
    if (message) assert.match(e.message, message);
    return true;
  });
}
const outcome = (response: unknown, c = self) => outcomeOf(bank, c, response as Response).outcome;

describe('a response is checked against its item', () => {
  it('must be an object', () => {
    refusedAs('missing-answer', () => outcome(null), /must be an object/);
    refusedAs('missing-answer', () => outcome('l-freq-1'));
  });

  it('must name an item of the model by its id (a string)', () => {
    refusedAs('unknown-item', () => outcome({ item: 3, choice: 0 }));
    refusedAs('unknown-item', () => outcome({ choice: 0 }));
    // No suggestion when nothing is close: the sentence ends with the id.
    refusedAs('unknown-item', () => outcome({ item: 'qqqqqqqqqqqq', choice: 0 }), /unknown item "qqqqqqqqqqqq"$/);
    refusedAs('unknown-item', () => outcome({ item: 'l-freq-2', choice: 0 }), /did you mean "l-freq-1"/);
  });

  it("belongs to the session's rater", () => {
    refusedAs('other-rater', () => outcome({ item: 'l-freq-1', choice: 0, rater: 'manager' }), /manager/);
    refusedAs('not-in-form', () => outcome({ item: 'observed', choice: 0 }), /it is for: manager, peer\)$/);
    assert.equal(outcome({ item: 'observed', choice: 0 }, manager), 0);
  });

  it('gives either notApplicable or an answer, never both — whichever answer field is present', () => {
    // l-freq-1 does not offer "not applicable" to a self-rater: without the "both" rule these would be
    // refused as not-offered instead.
    for (const answer of [{ choice: 0 }, { most: 0 }, { least: 1 }, { ratings: [1, 2, 3] }]) {
      refusedAs('missing-answer', () => outcome({ item: 'l-freq-1', notApplicable: true, ...answer }), /either/);
    }
  });

  it('may be "not applicable" only where offered: never to a self-rater by default, "not observed" to observers', () => {
    refusedAs('not-offered', () => outcome({ item: 'l-freq-1', notApplicable: true }), /does not offer "not applicable"$/);
    assert.equal(outcome({ item: 'l-freq-1', notApplicable: true }, manager), undefined);
    const noNotObserved = requireModel(JSON.stringify({ ...JSON.parse(JSON.stringify(model)), assessment: { ...model.assessment, allowNotObserved: false } }));
    const c = resolveConfig(noNotObserved, bankFor(noNotObserved), { rater: 'manager' });
    assert.throws(
      () => outcomeOf(bankFor(noNotObserved), c, { item: 'l-freq-1', notApplicable: true }),
      (e: unknown) => e instanceof ResponseError && e.code === 'not-offered' && /not observed/.test(e.message),
    );
  });

  it('chooses a whole-number option index inside the item', () => {
    refusedAs('missing-answer', () => outcome({ item: 'l-sjt-1' }), /`choice`/);
    refusedAs('out-of-range', () => outcome({ item: 'l-sjt-1', choice: 1.5 }));
    refusedAs('out-of-range', () => outcome({ item: 'l-sjt-1', choice: '1' }));
    refusedAs('out-of-range', () => outcome({ item: 'l-sjt-1', choice: -1 }));
    refusedAs('out-of-range', () => outcome({ item: 'l-sjt-1', choice: 3 }));
    assert.equal(outcome({ item: 'l-sjt-1', choice: 2 }), 2);
    // A forced choice has two options; a frequency item as many as the frequency scale (5 by default).
    refusedAs('out-of-range', () => outcome({ item: 'f-fc-1', choice: 2 }));
    assert.equal(outcome({ item: 'f-fc-1', choice: 1 }), 1);
    assert.equal(outcome({ item: 'fc-levels', choice: 1 }), 1);
    refusedAs('missing-answer', () => outcome({ item: 'fc-levels' }));
    assert.equal(outcome({ item: 'l-freq-1', choice: 4 }), 4);
    refusedAs('out-of-range', () => outcome({ item: 'l-freq-1', choice: 5 }));
  });

  it('scores a graded option by the category of its level, not by its position', () => {
    // Options at levels 4, 1, 2, 1 → categories 2, 0, 1, 0 (distinct levels sorted: 1, 2, 4).
    assert.deepEqual([0, 1, 2, 3].map((choice) => outcome({ item: 'l-anch-1', choice })), [2, 0, 1, 0]);
    refusedAs('out-of-range', () => outcome({ item: 'l-anch-1', choice: 4 }));
    // A rubric counts its entries (4), not its categories (3 levels: 1, 3, 5).
    assert.deepEqual([0, 1, 2, 3].map((choice) => outcome({ item: 'f-ev-1', choice })), [0, 1, 2, 2]);
    refusedAs('out-of-range', () => outcome({ item: 'f-ev-1', choice: 4 }));
  });

  it('most-least: two different options, each an index of the 3 options; outcome most · 3 + least', () => {
    refusedAs('missing-answer', () => outcome({ item: 'ml', least: 1 }), /`most`/);
    refusedAs('missing-answer', () => outcome({ item: 'ml', most: 1 }), /`least`/);
    refusedAs('out-of-range', () => outcome({ item: 'ml', most: 1, least: 1 }));
    // 3 options make 9 outcomes: an index from 3 to 8 is still not an option.
    refusedAs('out-of-range', () => outcome({ item: 'ml', most: 3, least: 0 }));
    refusedAs('out-of-range', () => outcome({ item: 'ml', most: 0, least: 5 }));
    assert.equal(outcome({ item: 'ml', most: 2, least: 0 }), 6);
  });

  it('rate-each: one whole rating from 1 to 5 per option', () => {
    refusedAs('missing-answer', () => outcome({ item: 'rate' }), /`ratings`/);
    refusedAs('missing-answer', () => outcome({ item: 'rate', ratings: '123' }));
    refusedAs('out-of-range', () => outcome({ item: 'rate', ratings: [1, 2] }));
    refusedAs('out-of-range', () => outcome({ item: 'rate', ratings: [1, 2, 0] }));
    refusedAs('out-of-range', () => outcome({ item: 'rate', ratings: [1, 2, 6] }));
    refusedAs('out-of-range', () => outcome({ item: 'rate', ratings: [1, 2.5, 3] }));
    refusedAs('out-of-range', () => outcome({ item: 'rate', ratings: [1, '2', 3] }));
    // Effectiveness 2, 5, 3 with agreement 0.7, 0.9, 0.7 around the mean 10/3: the key is ordered like
    // the effectiveness, so ratings 1, 5, 3 agree closely (r > 0.9): the top category, 4.
    assert.equal(outcome({ item: 'rate', ratings: [1, 5, 3] }), 4);
  });
});

// ---------------------------------------------------------------------------------------------
// The saved state: `p1.<fingerprint>.<options>.<responses>.<checksum>` (docs: docs/assessment.md).

/** The format's checksum: the low 24 bits of FNV-1a of the first four parts, as 4 base64url digits. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const seal = (text: string): string => {
  const h = hash32(text) & 0xffffff;
  return `${text}.${[18, 12, 6, 0].map((shift) => ALPHABET[(h >>> shift) & 63]).join('')}`;
};
const encode = (options: AssessmentOptions) => encodeState(bank, config(options), []);
/** A state with these options and responses parts, correctly sealed. */
const state = (options: string, body = '', version = 'p1') => seal(`${version}.${fingerprint}.${options}.${body}`);
const decode = (s: unknown) => decodeState(bank, s);
before(() => {
  bank = bankFor(model);
  self = config();
  manager = config({ rater: 'manager' });
  fingerprint = encode({}).split('.')[1]!;
});

function stateRefused(code: string, s: unknown, message?: RegExp): void {
  assert.throws(
    () => decode(s),
    (e: unknown) => {
      assert.ok(e instanceof StateError, `expected a StateError, got ${String(e)}`);
      assert.equal(e.code, code);
      if (message) assert.match(e.message, message);
      return true;
    },
  );
}

describe('the saved state', () => {
  it('writes a self-rated adaptive session without roles at seed 0 as options "saAAA" (compatibility contract)', () => {
    // Rater s, mode a, role 0, target 0, zigzag(0) = 0 → "A"; no T/N/I options when none were given.
    const plain = encode({ seed: 0 });
    assert.equal(plain.split('.')[2], 'saAAA');
    // zigzag: 1 → 2 ("C"), −1 → 1 ("B"); the options T, N and I only when given.
    assert.equal(encode({ seed: 1 }).split('.')[2], 'saAAC');
    assert.equal(encode({ seed: -1, rater: 'manager', mode: 'fixed', currentRole: 'member', maxMinutes: 1.5, maxItems: 7, raterId: 'ab1' }).split('.')[2], 'mfBCBT6CNHIDab1');
    assert.equal(plain, state('saAAA'));
    assert.deepStrictEqual(decode(plain), { options: { rater: 'self', mode: 'adaptive', seed: 0 }, responses: [] });
    // zigzag: 1 → 2 ("C"), −1 → 1 ("B").
    assert.equal(decode(state('saAAC')).options.seed, 1);
    assert.equal(decode(state('saAAB')).options.seed, -1);
  });

  it('is refused as not-a-state unless a string starting with p<digits>.', () => {
    stateRefused('not-a-state', 42);
    stateRefused('not-a-state', { toString: () => state('saAAA') });
    stateRefused('not-a-state', 'x1.abc');
    stateRefused('newer-version', 'p12.whatever');
    stateRefused('newer-version', 'p2.whatever');
  });

  it('has exactly five parts and the current version', () => {
    stateRefused('corrupted', state('saAAA', '', 'p0'), /wrong number of parts/);
    const good = state('saAAA');
    // A sixth part after a valid checksum.
    stateRefused('corrupted', `${good}.A`, /wrong number of parts/);
    stateRefused('corrupted', good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A'), /checksum/);
  });

  it('knows the rater codes s, m, p and the mode codes a, f only', () => {
    assert.deepStrictEqual(decode(state('mfAAA')).options, { rater: 'manager', mode: 'fixed', seed: 0 });
    assert.equal(decode(state('paAAA')).options.rater, 'peer');
    stateRefused('corrupted', state('xaAAA'), /unknown rater or mode/);
    stateRefused('corrupted', state('szAAA'), /unknown rater or mode/);
    stateRefused('corrupted', state('s'), /ends too early/);
  });

  it('names roles by 1-based index, 0 for none', () => {
    // Roles of the tiny model: member (1), lead (2).
    assert.deepStrictEqual(decode(state('saBCA')).options, { rater: 'self', mode: 'adaptive', currentRole: 'member', targetRole: 'lead', seed: 0 });
    stateRefused('corrupted', state('saDAA'), /role out of range/);
  });

  it('reads numbers of up to ten base-32 digits and refuses longer ones', () => {
    // "g" is digit 0 with the continuation bit: nine of them and a final "A" are 0 (factor reaches 2^45).
    assert.equal(decode(state(`saAA${'g'.repeat(9)}A`)).options.seed, 0);
    stateRefused('corrupted', state(`saAA${'g'.repeat(10)}A`), /too long/);
    stateRefused('corrupted', state('saAA*'), /unexpected character/);
    stateRefused('corrupted', state('saAAg'), /ends too early/);
  });

  it('reads the options T (seconds), N (items) and I (rater id), and nothing else', () => {
    // T: 90 s = 26 + 2·32 → "a" with continuation ("6") then "C"; N: 7 → "H"; I: length 3 then the id.
    assert.deepStrictEqual(decode(state('maAAAT6CNHIDab1')).options, { rater: 'manager', mode: 'adaptive', seed: 0, maxMinutes: 1.5, maxItems: 7, raterId: 'ab1' });
    stateRefused('corrupted', state('maAAAZA'), /unknown option "Z"/);
    stateRefused('corrupted', state('maAAAIFab'), /cut short/);
  });

  it('reads each response by the kind of its item and refuses items and digits outside the model', () => {
    const index = (id: string) => ALPHABET[bank.itemIndex.get(id)!]!;
    const sjtAt = index('l-sjt-1');
    assert.deepStrictEqual(decode(state('saAAA', `${sjtAt}C!${index('l-freq-1')}`)).responses, [
      { item: 'l-sjt-1', choice: 2 },
      { item: 'l-freq-1', notApplicable: true },
    ]);
    // most-least: most · 8 + least; ratings in pairs (r1 − 1) · 5 + (r2 − 1), the last one alone.
    assert.deepStrictEqual(decode(state('saAAA', `${index('ml')}${ALPHABET[2 * 8 + 1]}${index('rate')}${ALPHABET[0 * 5 + 4]}${ALPHABET[2 * 5]}`)).responses, [
      { item: 'ml', most: 2, least: 1 },
      { item: 'rate', ratings: [1, 5, 3] },
    ]);
    stateRefused('corrupted', state('saAAA', 'f'), /not in the model/); // item 31
    stateRefused('corrupted', state('saAAA', '!f'), /not in the model/);
    stateRefused('corrupted', state('saAAA', `${sjtAt}*`), /unexpected character/);
    stateRefused('corrupted', state('saAAA', `*`), /unexpected character/);
    stateRefused('corrupted', state('saAAA', `${index('rate')}Z`), /rating out of range/);
  });
});

// ---------------------------------------------------------------------------------------------
// Evidence.add: the outcome must be a row of the item's likelihood table.

describe('evidence', () => {
  let freq: number; // l-freq-1: 5 outcomes, self-report
  let listening: number;
  before(() => {
    freq = bank.itemIndex.get('l-freq-1')!;
    listening = bank.items[freq]!.competency;
  });

  it('refuses an outcome outside 0…outcomes − 1 or not a whole number, and an unknown item', () => {
    const e = new Evidence(bank, 0.3);
    for (const o of [-1, 5, 6, 1.5, Number.NaN]) {
      assert.throws(() => e.add({ item: freq, outcome: o, rater: 'self' }), RangeError, `outcome ${o}`);
    }
    assert.throws(() => e.add({ item: bank.items.length, outcome: 0, rater: 'self' }), RangeError);
    assert.equal(e.counts[listening], 0);
    e.add({ item: freq, outcome: 4, rater: 'self' });
    assert.equal(e.counts[listening], 1);
  });

  it('counts self-reports, direct evidence and each observer per competency', () => {
    const e = new Evidence(bank, 0.3);
    e.add({ item: freq, outcome: 1, rater: 'self' });
    e.add({ item: freq, outcome: 2, rater: 'self' });
    e.add({ item: bank.itemIndex.get('l-sjt-1')!, outcome: 1, rater: 'self' }); // not a self-report: direct
    e.add({ item: freq, outcome: 3, rater: 'manager' });
    e.add({ item: freq, outcome: 3, rater: 'peer', raterId: 'p1' });
    e.add({ item: freq, outcome: 0, rater: 'peer', raterId: 'p2' });
    e.add({ item: freq, outcome: 0, rater: 'peer', raterId: 'p1' });
    const c = e.of(listening);
    assert.equal(c.selfCount, 2);
    assert.equal(c.directCount, 1);
    assert.deepEqual([...c.observers.values()].map((g) => g.count), [1, 2, 1]);
    assert.equal(c.count, 7);
    assert.equal(e.competencies.length, bank.competencies.length);
  });
});
