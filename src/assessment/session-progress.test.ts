// The session's bookkeeping with expectations worked out here: a changed answer takes the place of the
// earlier one (the state never grows), undo, and the progress a learner is shown — the minimum, likely
// and maximum number of questions and the time left, from the items' nominal seconds.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { requireModel } from '../model/load.js';
import type { Model } from '../model/types.js';
import { answerAt } from '../../test/support/answers.js';
import { bankFor } from './bank.js';
import { ITEM_OVERHEAD_SECONDS } from './select.js';
import { resumeAssessment, startAssessment } from './index.js';

const load = (file: string): Model => requireModel(readFileSync(file, 'utf8'));
const engineer = load('demo/models/software-engineer.json');
const withSettings = (model: Model, assessment: Model['assessment']): Model => ({ ...model, assessment: { ...model.assessment, ...assessment } });
/** How many answers the time estimate assumes before the learner's own pace counts (session.ts). */
const PRIOR_ITEMS = 5;

describe('a changed answer', () => {
  it('takes the place of the earlier one: same order, same length, the state no longer than without the change', () => {
    const s = startAssessment(engineer, { currentRole: 'software-engineer', mode: 'fixed' });
    const asked: string[] = [];
    for (let k = 0; k < 4; k++) {
      const id = s.next()!.itemId;
      asked.push(id);
      s.answer(answerAt(engineer, id, 0.25));
    }
    const changed = answerAt(engineer, asked[1]!, 1);
    s.answer(changed);
    assert.deepEqual(s.responses.map((r) => r.item), asked, 'still in the order first asked');
    // The same answers given straight away: the same results, state and next item.
    const direct = startAssessment(engineer, { currentRole: 'software-engineer', mode: 'fixed' });
    for (const [k, id] of asked.entries()) direct.answer(k === 1 ? changed : answerAt(engineer, id, 0.25));
    assert.deepEqual(s.responses, direct.responses);
    assert.deepEqual(s.results(), direct.results());
    assert.equal(s.serialize(), direct.serialize());
    assert.equal(s.next()?.itemId, direct.next()?.itemId);
    assert.equal(s.progress().answered, 4);
    // Changed twice, and the last one: still in place.
    s.answer(answerAt(engineer, asked[3]!, 0));
    s.answer(answerAt(engineer, asked[3]!, 0.5));
    assert.deepEqual(s.responses.map((r) => r.item), asked);
    assert.deepEqual(resumeAssessment(engineer, s.serialize()).responses, s.responses);
  });

  it('undo takes back the latest answer only, whichever item was changed before', () => {
    const s = startAssessment(engineer, { currentRole: 'software-engineer', mode: 'fixed' });
    const a = s.next()!.itemId;
    s.answer(answerAt(engineer, a, 0));
    const b = s.next()!.itemId;
    s.answer(answerAt(engineer, b, 0));
    s.answer(answerAt(engineer, a, 1));
    assert.equal(s.undo()?.item, b);
    assert.deepEqual(s.responses.map((r) => r.item), [a]);
    const only = startAssessment(engineer, { currentRole: 'software-engineer', mode: 'fixed' });
    only.answer(answerAt(engineer, a, 1));
    assert.deepEqual(s.results(), only.results());
  });
});

describe('progress', () => {
  // Looked up when a test runs, not while the file loads (docs/testing.md, Mutation testing).
  const seconds = (id: string) => {
    const bank = bankFor(engineer);
    return bank.items[bank.itemIndex.get(id)!]!.seconds;
  };
  /** Seconds per question: the remaining items weighted by 1 / (seconds + overhead), then the answers' own. */
  function perItem(remaining: string[], answered: string[]): number {
    let weighted = 0;
    let weights = 0;
    for (const id of remaining) {
      const w = 1 / (seconds(id) + ITEM_OVERHEAD_SECONDS);
      weighted += seconds(id) * w;
      weights += w;
    }
    const spent = answered.reduce((t, id) => t + seconds(id), 0);
    return (spent + PRIOR_ITEMS * (weights > 0 ? weighted / weights : 0)) / (answered.length + PRIOR_ITEMS);
  }

  it('the fixed form: every remaining item, and their time at the pace so far', () => {
    const s = startAssessment(engineer, { currentRole: 'software-engineer', mode: 'fixed' });
    const all = engineer.items.map((i) => i.id);
    const answered: string[] = [];
    for (let k = 0; k < 6; k++) {
      const p = s.progress();
      const remaining = all.filter((id) => !answered.includes(id));
      assert.deepEqual([p.answered, p.minimum, p.expectedTotal, p.maximum], [k, all.length, all.length, all.length]);
      assert.equal(p.secondsLeft, Math.round(remaining.length * perItem(remaining, answered)));
      assert.ok(Math.abs(p.fraction - Math.min(0.99, k / all.length)) < 1e-12);
      const id = s.next()!.itemId;
      answered.push(id);
      s.answer(answerAt(engineer, id, 0.5));
    }
  });

  it('adaptive: minimum ≤ likely ≤ maximum within the item and time limits, time left at the pace so far', () => {
    const model = withSettings(engineer, { maxItems: 14, maxMinutes: 9 });
    const s = startAssessment(model, { currentRole: 'software-engineer', seed: 3 });
    const answered: string[] = [];
    for (let step = s.next(); step; step = s.next()) {
      const p = s.progress();
      const remaining = engineer.items.map((i) => i.id).filter((id) => !answered.includes(id));
      assert.ok(p.answered < p.minimum || (p.minimum === p.answered + 1 && p.answered === answered.length), JSON.stringify(p));
      assert.ok(p.minimum <= p.expectedTotal && p.expectedTotal <= p.maximum, JSON.stringify(p));
      assert.ok(p.maximum <= 14, `at most maxItems: ${p.maximum}`);
      // At most as many of the shortest remaining items as fit in the time left (at least the next one).
      const left = 9 * 60 - answered.reduce((t, id) => t + seconds(id), 0);
      let fit = 0;
      for (let budget = left, sorted = remaining.map(seconds).sort((a, b) => a - b); fit < sorted.length && sorted[fit]! <= budget; fit++) budget -= sorted[fit]!;
      assert.ok(p.maximum - p.answered <= Math.max(1, fit), `${p.maximum - p.answered} more, ${fit} fit`);
      assert.equal(p.secondsLeft, Math.round((p.expectedTotal - p.answered) * perItem(remaining, answered)));
      answered.push(step.itemId);
      s.answer(answerAt(engineer, step.itemId, 0.6));
    }
    const end = s.progress();
    assert.deepEqual([end.minimum, end.expectedTotal, end.maximum, end.fraction, end.secondsLeft], [answered.length, answered.length, answered.length, 1, 0]);
  });

  it('a tighter time limit lowers the maximum and the likely count, never below the next question', () => {
    const loose = startAssessment(withSettings(engineer, { maxItems: 40, maxMinutes: 60 }), { currentRole: 'software-engineer', seed: 3 });
    const tight = startAssessment(withSettings(engineer, { maxItems: 40, maxMinutes: 2 }), { currentRole: 'software-engineer', seed: 3 });
    const [a, b] = [loose.progress(), tight.progress()];
    assert.ok(b.maximum < a.maximum && b.expectedTotal <= a.expectedTotal, `${JSON.stringify(a)} ${JSON.stringify(b)}`);
    assert.ok(b.minimum >= 1 && b.maximum >= 1);
    const sorted = engineer.items.map((i) => seconds(i.id)).sort((x, y) => x - y);
    let fit = 0;
    for (let budget = 120; fit < sorted.length && sorted[fit]! <= budget; fit++) budget -= sorted[fit]!;
    assert.equal(b.maximum, Math.max(1, fit));
  });

  it('the shown fraction never falls, even when the likely count grows', () => {
    const s = startAssessment(engineer, { currentRole: 'software-engineer', seed: 9 });
    let last = 0;
    for (let step = s.next(), n = 0; step; step = s.next(), n++) {
      s.answer(answerAt(engineer, step.itemId, n % 3 === 0 ? 1 : 0));
      const p = s.progress();
      assert.ok(p.fraction >= last && p.fraction <= 1);
      // What is shown is the answered share of the likely total, or what was shown before if that was more.
      const share = s.done ? 1 : Math.min(0.99, p.answered / Math.max(1, p.expectedTotal));
      assert.equal(p.fraction, Math.max(last, share));
      last = p.fraction;
    }
    assert.equal(last, 1);
  });
});
