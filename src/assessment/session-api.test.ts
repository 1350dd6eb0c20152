// What a page, an LMS runtime and `pathway package` use of a session (session.ts), each against
// expectations worked out here: the position shown with the next item, the answer an ended session
// refuses, the responses kept as given (nothing added, nothing lost), the display order of an item's
// options, the precomputed first question of every usual start, a saved state that cannot be replayed,
// and the fusion of several raters' answers (roles, "not applicable", items answered, completion,
// responses that do not fit). Models are parsed at load; no engine code runs before the tests.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { requireModel } from '../model/load.js';
import type { Model } from '../model/types.js';
import { answerAt, runAll } from '../../test/support/answers.js';
import { bankFor } from './bank.js';
import { resolveConfig } from './config.js';
import { drawFirstItem, firstQuestionKey } from './first.js';
import { fuseAssessments, fuseRaterResponses, firstQuestions, ResponseError, resumeAssessment, startAssessment, StateError, type RaterResponses, type Response } from './index.js';
import { encodeState } from './state.js';

const load = (file: string): Model => requireModel(readFileSync(file, 'utf8'));
const engineer = load('demo/models/software-engineer.json');
const tiny = load('test/fixtures/tiny-model.json');
const withSettings = (model: Model, assessment: Model['assessment']): Model => ({ ...model, assessment: { ...model.assessment, ...assessment } });

describe('the next question', () => {
  it('comes with its position: one more than the answers given so far', () => {
    const s = startAssessment(engineer, { currentRole: 'software-engineer', seed: 5 });
    for (let k = 0; k < 5; k++) {
      const step = s.next()!;
      assert.equal(step.position, k + 1);
      s.answer(answerAt(engineer, step.itemId, 0.5));
    }
    s.undo();
    assert.equal(s.next()!.position, 5);
  });

  it('an ended session refuses a new answer and says why it ended', () => {
    const s = startAssessment(withSettings(tiny, { maxItems: 2 }), { currentRole: 'member' });
    const before = s.results();
    assert.deepEqual([before.completed, 'stopReason' in before], [false, false]);
    runAll(s, tiny, () => 0.5);
    assert.equal(s.done, true);
    assert.equal(s.stopReason, 'max-items');
    assert.deepEqual([s.results().completed, s.results().stopReason], [true, 'max-items']);
    const unanswered = tiny.items.find((i) => !s.responses.some((r) => r.item === i.id))!.id;
    assert.throws(
      () => s.answer(answerAt(tiny, unanswered, 0.5)),
      (e: unknown) => e instanceof ResponseError && e.code === 'ended' && e.message.includes('max-items'),
    );
  });
});

describe('the responses kept', () => {
  it('are the answers as given, with the rater and no field the answer did not have', () => {
    const s = startAssessment(engineer, { currentRole: 'software-engineer', mode: 'fixed' });
    const given: Response[] = [];
    for (let k = 0; k < engineer.items.length; k++) {
      const id = s.next()!.itemId;
      const r = answerAt(engineer, id, (k % 5) / 4);
      const withExtras: Response = k % 3 === 0 ? { ...r, latencyMs: 1000 + k } : r;
      const item = engineer.items.find((i) => i.id === id)!;
      const answer: Response = item.type === 'evidence' ? { ...withExtras, evidence: `https://example.org/work/${k}` } : withExtras;
      s.answer(answer);
      given.push(answer);
    }
    // A learner's own answers carry no rater (self is the default) and nothing else was added.
    assert.deepEqual(s.responses, given);
    assert.ok(given.some((r) => r.most !== undefined) && given.some((r) => r.ratings !== undefined) && given.some((r) => r.evidence !== undefined));
  });

  it("a manager's answers name the manager and their id; not applicable drops the answer fields", () => {
    const s = startAssessment(tiny, { currentRole: 'member', rater: 'manager', raterId: 'm-7', mode: 'fixed' });
    const first = s.next()!.itemId;
    s.answer({ item: first, notApplicable: true, latencyMs: 300 });
    const second = s.next()!.itemId;
    s.answer({ ...answerAt(tiny, second, 1), latencyMs: 0 });
    assert.deepEqual(s.responses, [
      { item: first, notApplicable: true, rater: 'manager', raterId: 'm-7', latencyMs: 300 },
      { ...answerAt(tiny, second, 1), rater: 'manager', raterId: 'm-7', latencyMs: 0 },
    ]);
    // A peer without an id: the rater only.
    const p = startAssessment(tiny, { currentRole: 'member', rater: 'peer', mode: 'fixed' });
    const id = p.next()!.itemId;
    p.answer(answerAt(tiny, id, 0));
    assert.deepEqual(p.responses, [{ ...answerAt(tiny, id, 0), rater: 'peer' }]);
  });
});

describe('undo after "not applicable"', () => {
  it('leaves the same session as answering without the undone answer', () => {
    const options = { currentRole: 'member', rater: 'manager', raterId: 'm1', mode: 'fixed' } as const;
    const s = startAssessment(tiny, options);
    const fresh = startAssessment(tiny, options);
    const a = s.next()!.itemId;
    s.answer(answerAt(tiny, a, 1));
    fresh.answer(answerAt(tiny, a, 1));
    const b = s.next()!.itemId;
    s.answer({ item: b, notApplicable: true });
    fresh.answer({ item: b, notApplicable: true });
    s.answer(answerAt(tiny, s.next()!.itemId, 0));
    s.undo();
    assert.deepEqual(s.results(), fresh.results());
    assert.equal(s.next()?.itemId, fresh.next()?.itemId);
  });
});

describe('display order', () => {
  it("shuffles anchors and situational options, keeps ordered scales, and refuses an unknown item", () => {
    const s = startAssessment(tiny, { currentRole: 'member', seed: 3 });
    const again = startAssessment(tiny, { currentRole: 'member', seed: 3 });
    for (const item of tiny.items) {
      const order = s.displayOrder(item.id);
      const n = item.type === 'frequency' ? 5 : item.type === 'evidence' ? item.rubric.length : item.options.length;
      assert.deepEqual([...order].sort((a, b) => a - b), Array.from({ length: n }, (_, k) => k), `${item.id}: every option once`);
      if (item.type === 'frequency' || item.type === 'evidence') assert.deepEqual(order, Array.from({ length: n }, (_, k) => k), `${item.id}: in order`);
      assert.deepEqual(again.displayOrder(item.id), order, `${item.id}: the same for the same seed`);
    }
    // Across seeds, an anchored item's three options come in more than one order.
    const orders = new Set(Array.from({ length: 12 }, (_, seed) => startAssessment(tiny, { currentRole: 'member', seed }).displayOrder('l-anch-1').join()));
    assert.ok(orders.size > 1);
    assert.throws(() => s.displayOrder('no-such-item'), (e: unknown) => e instanceof ResponseError && e.code === 'unknown-item' && e.item === 'no-such-item');
  });

  it("a frequency item shows the model's own frequency scale", () => {
    const seven = { ...tiny, frequencyScale: ['1', '2', '3', '4', '5', '6', '7'] } as Model;
    assert.deepEqual(startAssessment(seven, { currentRole: 'member' }).displayOrder('l-freq-1'), [0, 1, 2, 3, 4, 5, 6]);
  });
});

describe('the first question of every usual start', () => {
  it('is the question, the likely total and the time the engine shows before the first answer', () => {
    for (const model of [tiny, engineer]) {
      const first = firstQuestions(model);
      const keys: string[] = [];
      for (const role of model.roles) {
        for (const rater of ['self', 'manager', 'peer'] as const) {
          const key = firstQuestionKey(role.id, role.next ?? '', rater);
          keys.push(key);
          const entry = first[key]!;
          assert.ok(entry, key);
          for (const seed of [0, 1, 2, 17, -4]) {
            const s = startAssessment(model, { currentRole: role.id, rater, seed });
            assert.equal(drawFirstItem(entry, seed), s.next()!.itemId, `${key} seed ${seed}`);
            const p = s.progress();
            assert.deepEqual([entry.expected, entry.seconds], [p.expectedTotal, p.secondsLeft], key);
          }
          assert.equal(new Set(entry.items).size, entry.items.length);
          for (const id of entry.items) assert.ok(model.items.some((i) => i.id === id));
        }
      }
      assert.deepEqual(Object.keys(first).sort(), keys.sort());
    }
  });

  it("of a fixed form is the form's first item, whatever the seed", () => {
    const fixed = { ...tiny, assessment: { ...tiny.assessment, mode: 'fixed' } } as Model;
    const entry = firstQuestions(fixed)[firstQuestionKey('member', 'lead', 'self')]!;
    assert.deepEqual(entry.items, [tiny.items[0]!.id]);
    for (const seed of [0, 5]) assert.equal(drawFirstItem(entry, seed), startAssessment(fixed, { currentRole: 'member', seed }).next()!.itemId);
  });

  it('is there only before the first answer, and not for a form with nothing to ask', () => {
    const s = startAssessment(tiny, { currentRole: 'member' }) as unknown as { firstQuestion(): unknown; next(): { itemId: string }; answer(r: Response): void };
    assert.ok(s.firstQuestion());
    s.answer(answerAt(tiny, s.next().itemId, 0.5));
    assert.equal(s.firstQuestion(), undefined);
    // Tiny's items have no observer wording for peers beyond its frequency items; a model whose peer
    // form is empty has no peer entry.
    const selfOnly = { ...tiny, items: tiny.items.map((i) => ({ ...i, raters: ['self'] })) } as Model;
    const first = firstQuestions(selfOnly);
    assert.deepEqual(Object.keys(first).sort(), ['lead||self', 'member|lead|self']);
  });
});

describe('a saved state that cannot be replayed', () => {
  it('is refused as invalid-response, naming which response', () => {
    const bank = bankFor(tiny);
    const config = resolveConfig(tiny, bank, { currentRole: 'member' });
    // An anchored item with three options answered with option 6: written, but no answer of this model.
    const state = encodeState(bank, config, [answerAt(tiny, 'l-freq-1', 1), { item: 'l-anch-1', choice: 6 }]);
    assert.throws(
      () => resumeAssessment(tiny, state),
      (e: unknown) => e instanceof StateError && e.code === 'invalid-response' && /response 2\b/.test(e.message),
    );
  });
});

describe('fusing raters', () => {
  const self = (responses: Response[], done = true): RaterResponses => ({ rater: 'self', responses, done, stopReason: 'decided' });
  const manager = (responses: Response[], raterId?: string, done = true): RaterResponses => ({ rater: 'manager', ...(raterId ? { raterId } : {}), responses, done });

  it('needs at least one rater', () => {
    assert.throws(() => fuseRaterResponses(tiny, []), (e: unknown) => e instanceof StateError && e.code === 'not-a-state' && e.message.length > 0);
    assert.throws(() => fuseAssessments(tiny, []), (e: unknown) => e instanceof StateError && e.code === 'not-a-state' && e.message.length > 0);
  });

  it('checks against the roles asked, each time (one model, several role pairs)', () => {
    const responses = [answerAt(tiny, 'l-freq-1', 1), answerAt(tiny, 'f-freq-1', 0)];
    const asMember = fuseRaterResponses(tiny, [self(responses)], { currentRole: 'member' });
    const asLead = fuseRaterResponses(tiny, [self(responses)], { currentRole: 'lead' });
    const toLead = fuseRaterResponses(tiny, [self(responses)], { currentRole: 'member', targetRole: 'lead' });
    const none = fuseRaterResponses(tiny, [self(responses)]);
    assert.deepEqual([asMember.currentRole, asMember.targetRole], ['member', 'lead'], "the current role's next is the target");
    assert.deepEqual([asLead.currentRole, 'targetRole' in asLead], ['lead', false]);
    assert.deepEqual([toLead.currentRole, toLead.targetRole], ['member', 'lead']);
    assert.deepEqual(['currentRole' in none, 'targetRole' in none], [false, false]);
    const listening = (r: typeof asMember) => r.competencies.find((c) => c.competency === 'listening')!;
    assert.equal(listening(asMember).current!.requiredLevel, 3);
    assert.equal(listening(asLead).current!.requiredLevel, 4);
    assert.equal(listening(none).current, undefined);
    // An explicit target other than the role's next.
    const eng = fuseRaterResponses(engineer, [self([answerAt(engineer, 'ts-freq-1', 1)])], { currentRole: 'software-engineer', targetRole: 'staff-engineer' });
    assert.equal(eng.targetRole, 'staff-engineer');
    const other = fuseRaterResponses(engineer, [self([answerAt(engineer, 'ts-freq-1', 1)])], { currentRole: 'software-engineer', targetRole: 'engineering-manager' });
    assert.equal(other.targetRole, 'engineering-manager');
    assert.equal(other.competencies.find((c) => c.competency === 'team-leadership')?.target?.role, 'engineering-manager');
  });

  it('a later "not applicable" takes the earlier answer back', () => {
    const low = answerAt(tiny, 'l-freq-1', 0);
    const withdrawn = fuseRaterResponses(tiny, [self([answerAt(tiny, 'f-freq-1', 1)]), manager([{ ...low, rater: 'manager' }, { item: 'l-freq-1', notApplicable: true }])], { currentRole: 'member' });
    const without = fuseRaterResponses(tiny, [self([answerAt(tiny, 'f-freq-1', 1)]), manager([])], { currentRole: 'member' });
    assert.deepEqual(withdrawn.competencies, without.competencies);
  });

  it('counts each item once per rater however often it was answered, and each rater separately', () => {
    const a = (x: number) => answerAt(tiny, 'l-freq-1', x);
    const b = answerAt(tiny, 'f-freq-1', 0.5);
    assert.equal(fuseRaterResponses(tiny, [self([a(0), b, a(1), a(0.5)])], { currentRole: 'member' }).itemsAnswered, 2);
    assert.equal(fuseRaterResponses(tiny, [self([a(0), b]), manager([a(1)], 'm1'), manager([a(1)], 'm2')], { currentRole: 'member' }).itemsAnswered, 4);
    // One answer per item per rater counts: two answers of the same manager to one item are one response.
    const once = fuseRaterResponses(tiny, [manager([a(0), a(1)], 'm1')], { currentRole: 'member' });
    const single = fuseRaterResponses(tiny, [manager([a(1)], 'm1')], { currentRole: 'member' });
    assert.deepEqual(once.competencies, single.competencies);
    assert.equal(once.competencies.find((c) => c.competency === 'listening')!.responses, 1);
    // As a session counts them: an item answered "not applicable" is an item answered, and an answer
    // taken back and given again is still one item.
    const na = { item: 'l-freq-1', notApplicable: true as const };
    assert.equal(fuseRaterResponses(tiny, [manager([na, b], 'm1')], { currentRole: 'member' }).itemsAnswered, 2);
    assert.equal(fuseRaterResponses(tiny, [manager([a(0), na, a(1)], 'm1')], { currentRole: 'member' }).itemsAnswered, 1);
    const session = startAssessment(tiny, { currentRole: 'member', rater: 'manager', raterId: 'm1', mode: 'fixed' });
    const id = session.next()!.itemId;
    for (const r of [answerAt(tiny, id, 0), { item: id, notApplicable: true as const }, answerAt(tiny, id, 1)]) session.answer(r);
    assert.equal(session.results().itemsAnswered, 1);
    // A rater without an id and one with an empty id are the same rater.
    const blank = fuseRaterResponses(tiny, [{ rater: 'peer', responses: [a(0)] }, { rater: 'peer', raterId: '', responses: [a(1)] }], { currentRole: 'member' });
    assert.equal(blank.competencies.find((c) => c.competency === 'listening')!.responses, 1);
  });

  it("merges two entries of the same rater: the second adds to the first's answers", () => {
    const a = answerAt(tiny, 'l-freq-1', 0);
    const b = answerAt(tiny, 'f-freq-1', 1);
    const split = fuseRaterResponses(tiny, [manager([a], 'm1'), manager([b], 'm1')], { currentRole: 'member' });
    const together = fuseRaterResponses(tiny, [manager([a, b], 'm1')], { currentRole: 'member' });
    assert.equal(split.itemsAnswered, 2);
    assert.deepEqual(split.competencies, together.competencies);
    // The same items from two managers are two raters.
    const two = fuseRaterResponses(tiny, [manager([a], 'm1'), manager([a], 'm2')], { currentRole: 'member' });
    assert.equal(two.competencies.find((c) => c.competency === 'listening')!.responses, 2);
  });

  it('is complete when every rater finished, and reports the first rater’s stop reason', () => {
    const r = [answerAt(tiny, 'l-freq-1', 1)];
    assert.equal(fuseRaterResponses(tiny, [self(r, true), manager(r, 'm1', true)]).completed, true);
    assert.equal(fuseRaterResponses(tiny, [self(r, true), manager(r, 'm1', false)]).completed, false);
    assert.equal(fuseRaterResponses(tiny, [self(r, false), manager(r, 'm1', true)]).completed, false);
    assert.equal(fuseRaterResponses(tiny, [self(r, true)]).stopReason, 'decided');
  });

  it('shows the competencies in play and any other with evidence, in model order', () => {
    // An engineering manager's role leaves testing out; an answer on testing brings it in.
    const tl = answerAt(engineer, 'tl-freq-1', 1);
    const plain = fuseRaterResponses(engineer, [self([tl])], { currentRole: 'engineering-manager' });
    const config = resolveConfig(engineer, bankFor(engineer), { currentRole: 'engineering-manager' });
    const inPlay = config.inPlay.map((c) => engineer.competencies[c]!.id);
    assert.ok(!inPlay.includes('testing'));
    assert.deepEqual(plain.competencies.map((c) => c.competency), inPlay);
    const withTesting = fuseRaterResponses(engineer, [self([tl, answerAt(engineer, 'ts-freq-1', 0)])], { currentRole: 'engineering-manager' });
    const order = engineer.competencies.map((c) => c.id);
    assert.deepEqual(withTesting.competencies.map((c) => c.competency), order.filter((id) => id === 'testing' || inPlay.includes(id)));
    assert.equal(withTesting.competencies.find((c) => c.competency === 'testing')!.current, undefined);
  });

  it('a response that does not fit goes to onInvalid and is left out; without onInvalid it is thrown', () => {
    const bad: Response = { item: 'l-anch-1', choice: 9 };
    const good = answerAt(tiny, 'l-freq-1', 1);
    const source = self([good, bad]);
    assert.throws(() => fuseRaterResponses(tiny, [source], { currentRole: 'member' }), (e: unknown) => e instanceof ResponseError && e.item === 'l-anch-1');
    const seen: [RaterResponses, Response, string][] = [];
    const fused = fuseRaterResponses(tiny, [source], { currentRole: 'member', onInvalid: (r, response, error) => seen.push([r, response, error.code]) });
    assert.equal(seen.length, 1);
    assert.equal(seen[0]![0], source);
    assert.equal(seen[0]![1], bad);
    assert.ok(seen[0]![2].length > 0);
    assert.deepEqual(fused, fuseRaterResponses(tiny, [self([good])], { currentRole: 'member' }));
  });

  it("saved states keep the first state's roles", () => {
    const s = startAssessment(tiny, { currentRole: 'member', targetRole: 'lead' });
    runAll(s, tiny, () => 0.7);
    const m = startAssessment(tiny, { currentRole: 'member', targetRole: 'lead', rater: 'manager', raterId: 'm1' });
    runAll(m, tiny, () => 0.3);
    const fused = fuseAssessments(tiny, [s.serialize(), m.serialize()]);
    assert.deepEqual([fused.currentRole, fused.targetRole, fused.completed], ['member', 'lead', true]);
    assert.ok(fused.competencies.every((c) => c.current !== undefined && c.target !== undefined));
  });
});
