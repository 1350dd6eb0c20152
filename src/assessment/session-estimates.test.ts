// The progress a learner is shown in an adaptive session (session.ts `progress`), each figure worked
// out here from its definition rather than read from the engine: the likely number of questions (per
// open competency, enough of its remaining items — their mean Fisher information at the grid point
// nearest the current estimate — to bring the posterior SD to the target, at least the minimum, within
// the per-competency cap), the minimum (each competency's minimum number of items), the maximum and
// the likely count under a time limit, and the time left once a fixed form is done.
// Models are parsed at load; no engine code runs before the tests (docs/testing.md, Mutation testing).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { requireModel } from '../model/load.js';
import type { Model } from '../model/types.js';
import { answerAt, runAll } from '../../test/support/answers.js';
import { bankFor } from './bank.js';
import { resolveConfig } from './config.js';
import { ITEM_OVERHEAD_SECONDS } from './select.js';
import { startAssessment, type AssessmentSession } from './index.js';

const engineer = requireModel(readFileSync('demo/models/software-engineer.json', 'utf8'));
const withSettings = (model: Model, assessment: Model['assessment']): Model => ({ ...model, assessment: { ...model.assessment, ...assessment } });
/** How many answers the time estimate assumes before the learner's own pace counts (session.ts). */
const PRIOR_ITEMS = 5;
// Decisions that need near-certainty (the schema's limits), so that after a few answers no competency
// has closed by a decision: every competency in play is still open.
const undecided = (extra: Model['assessment'] = {}): Model => withSettings(engineer, { decision: { meets: 0.999, below: 0.001 }, confidence: 0.999, targetSD: 0.3, ...extra });

function seconds(model: Model, id: string): number {
  const bank = bankFor(model);
  return bank.items[bank.itemIndex.get(id)!]!.seconds;
}

/** Seconds per question: the remaining items weighted by 1 / (seconds + overhead), then the answers' own pace. */
function perItem(model: Model, remaining: string[], answered: string[]): number {
  let weighted = 0;
  let weights = 0;
  for (const id of remaining) {
    const w = 1 / (seconds(model, id) + ITEM_OVERHEAD_SECONDS);
    weighted += seconds(model, id) * w;
    weights += w;
  }
  const spent = answered.reduce((t, id) => t + seconds(model, id), 0);
  return (spent + PRIOR_ITEMS * (weights > 0 ? weighted / weights : 0)) / (answered.length + PRIOR_ITEMS);
}

/**
 * The likely number of further questions, Σ over the competencies in play (all open here) of
 * max(minimum − asked, items to precision), from the session's reported estimates.
 */
function likelyMore(model: Model, s: AssessmentSession, options: Parameters<typeof startAssessment>[1], open: (competency: string) => boolean = () => true): number {
  const bank = bankFor(model);
  const config = resolveConfig(model, bank, options);
  const results = s.results();
  const asked = new Set(s.responses.map((r) => r.item));
  const settings = model.assessment!;
  const minItems = settings.minItemsPerCompetency!;
  const maxPer = settings.maxItemsPerCompetency!;
  let total = 0;
  for (const c of config.inPlay) {
    const competency = model.competencies[c]!.id;
    if (!open(competency)) continue;
    const r = results.competencies.find((x) => x.competency === competency)!;
    const onIt = model.items.filter((i) => i.competency === competency);
    const administered = onIt.filter((i) => asked.has(i.id)).length;
    // The grid point nearest the estimate.
    const points = [...bank.grid.points];
    const at = points.reduce((best, x, j) => (Math.abs(x - r.theta) < Math.abs(points[best]! - r.theta) ? j : best), 0);
    const left = onIt.filter((i) => !asked.has(i.id) && config.inForm[bank.itemIndex.get(i.id)!]);
    const information = left.reduce((sum, i) => sum + bank.information(bank.itemIndex.get(i.id)!)[at]!, 0);
    const room = Math.min(left.length, maxPer - administered);
    let toPrecision: number;
    if (left.length === 0 || information <= 0) toPrecision = Math.max(0, room);
    else {
      const missing = 1 / settings.targetSD! ** 2 - 1 / r.sd ** 2;
      toPrecision = Math.min(room, Math.max(1, Math.ceil(missing / (information / left.length))));
    }
    total += Math.max(minItems - administered, toPrecision);
  }
  return total;
}

/** As many of the shortest remaining items as fit in `budget` seconds. */
function shortestThatFit(model: Model, remaining: string[], budget: number): number {
  const sorted = remaining.map((id) => seconds(model, id)).sort((a, b) => a - b);
  let fit = 0;
  for (let left = budget; fit < sorted.length && sorted[fit]! <= left; fit++) left -= sorted[fit]!;
  return fit;
}

describe('the likely number of questions', () => {
  it('is what the open competencies need to reach the target SD, from the start and after each answer', () => {
    // A loose target and no per-competency cap below the bank: the information, not the cap, sets the count.
    const model = undecided({ maxItems: 1000, maxMinutes: 10_000, targetSD: 0.7, maxItemsPerCompetency: 20 });
    const options = { currentRole: 'software-engineer', seed: 11 } as const;
    const s = startAssessment(model, options);
    const all = model.items.map((i) => i.id);
    let checked = 0;
    for (let k = 0; k < 4; k++) {
      const answered = s.responses.map((r) => r.item);
      const p = s.progress();
      const remaining = all.filter((id) => !answered.includes(id));
      const likely = likelyMore(model, s, options);
      assert.equal(p.expectedTotal, answered.length + Math.min(remaining.length, Math.max(1, likely)), `after ${k} answers`);
      assert.equal(p.maximum, answered.length + remaining.length);
      assert.equal(p.secondsLeft, Math.round((p.expectedTotal - answered.length) * perItem(model, remaining, answered)));
      checked++;
      const id = s.next()!.itemId;
      s.answer(answerAt(model, id, k % 2 === 0 ? 0.9 : 0.2));
    }
    assert.equal(checked, 4);
  });

  it('after high answers the estimate moves, and the items to precision are read where it is, within the cap', () => {
    // A usual target; one so loose that the minimum decides; and a cap per competency below what precision needs.
    for (const extra of [{ targetSD: 0.6, maxItemsPerCompetency: 20 }, { targetSD: 1.5, maxItemsPerCompetency: 20 }, { targetSD: 0.3, maxItemsPerCompetency: 3 }]) {
      const model = undecided({ maxItems: 1000, maxMinutes: 10_000, minItemsPerCompetency: 2, ...extra });
      const options = { currentRole: 'senior-software-engineer', seed: 2 } as const;
      const s = startAssessment(model, options);
      for (let k = 0; k < 2; k++) {
        const id = s.next()!.itemId;
        s.answer(answerAt(model, id, 1));
      }
      const answered = s.responses.map((r) => r.item);
      const remaining = model.items.map((i) => i.id).filter((id) => !answered.includes(id));
      assert.ok(s.results().competencies.some((c) => Math.abs(c.theta) > 0.3), 'an estimate away from the centre');
      assert.equal(s.progress().expectedTotal, answered.length + Math.min(remaining.length, Math.max(1, likelyMore(model, s, options))), JSON.stringify(extra));
    }
  });
});

describe('competencies already closed', () => {
  it('add nothing to the likely count or the minimum, though their items to precision are still positive', () => {
    // Decisions at 60 % confidence and one item each: a competency answered low is decided ("below" every
    // requirement) after its first answer, far from the target SD of 0.3; those not yet asked stay open.
    const model = withSettings(engineer, { decision: { meets: 0.6, below: 0.4 }, confidence: 0.6, targetSD: 0.3, minItemsPerCompetency: 1, maxItemsPerCompetency: 20, maxItems: 1000, maxMinutes: 10_000 });
    const options = { currentRole: 'software-engineer', seed: 5 } as const;
    const s = startAssessment(model, options);
    for (let k = 0; k < 3; k++) s.answer(answerAt(model, s.next()!.itemId, 0));
    const asked = new Set(s.responses.map((r) => model.items.find((i) => i.id === r.item)!.competency));
    // Closed by a decision: asked at least once, and every P(meets) at most 1 − confidence or at least confidence.
    // (Answered low, P(meets the top requirement) < ½, so no other evidence is required first.)
    const results = s.results();
    const closed = (id: string) => {
      const r = results.competencies.find((x) => x.competency === id);
      const checks = [r?.current, r?.target].filter((x) => x !== undefined);
      return r !== undefined && asked.has(id) && checks.length > 0 && checks.every((x) => x.pMeets <= 0.4 || x.pMeets >= 0.6) && r.sd > 0.3;
    };
    const closedIds = model.competencies.map((c) => c.id).filter(closed);
    assert.ok(closedIds.length >= 1, `closed: ${closedIds.join(', ')}`);
    const answered = s.responses.map((r) => r.item);
    const remaining = model.items.map((i) => i.id).filter((id) => !answered.includes(id));
    const likely = likelyMore(model, s, options, (id) => !closed(id));
    assert.ok(likely < likelyMore(model, s, options), 'the closed ones would add items');
    assert.equal(s.progress().expectedTotal, answered.length + Math.min(remaining.length, Math.max(1, likely)));
    // The minimum: each open competency in play its minimum (1) less the items it had, plus one for any
    // that still needs other evidence — none here: each asked competency's P(meets its top requirement) < ½.
    for (const id of asked) {
      const r = results.competencies.find((x) => x.competency === id)!;
      assert.ok(Math.min(...[r.current, r.target].filter((x) => x !== undefined).map((x) => x.pMeets)) < 0.5, id);
    }
    const inPlay = resolveConfig(model, bankFor(model), options).inPlay.map((c) => model.competencies[c]!.id);
    const needed = inPlay.filter((id) => !closed(id)).reduce((n, id) => n + Math.max(1 - (asked.has(id) ? 1 : 0), 0), 0);
    assert.ok(needed > 1);
    assert.equal(s.progress().minimum, answered.length + Math.min(remaining.length, needed));
  });
});

describe('the minimum number of questions', () => {
  it("at the start: each competency in play its minimum number of items", () => {
    const model = undecided({ maxItems: 1000, maxMinutes: 10_000, minItemsPerCompetency: 2 });
    const config = resolveConfig(model, bankFor(model), { currentRole: 'software-engineer' });
    const p = startAssessment(model, { currentRole: 'software-engineer' }).progress();
    assert.equal(p.minimum, 2 * config.inPlay.length);
    assert.ok(config.inPlay.length > 2);
  });
});

describe('under a time limit', () => {
  it('the maximum is the answers given plus as many of the shortest items as fit in the time left', () => {
    const model = undecided({ maxItems: 1000, maxMinutes: 4 });
    const s = startAssessment(model, { currentRole: 'software-engineer', seed: 1 });
    const all = model.items.map((i) => i.id);
    for (let k = 0; k < 4; k++) {
      const answered = s.responses.map((r) => r.item);
      const remaining = all.filter((id) => !answered.includes(id));
      const left = 4 * 60 - answered.reduce((t, id) => t + seconds(model, id), 0);
      const p = s.progress();
      const cap = Math.max(1, Math.min(remaining.length, shortestThatFit(model, remaining, left)));
      assert.equal(p.maximum, answered.length + cap, `after ${k} answers`);
      // Likely: no more than as many typical items as fit in the time left.
      const likelyCap = Math.max(1, Math.min(cap, Math.round(left / perItem(model, remaining, answered))));
      assert.equal(p.expectedTotal, answered.length + Math.min(likelyCap, Math.max(1, likelyMore(model, s, { currentRole: 'software-engineer' }))));
      assert.ok(likelyCap < cap, `the typical item is longer than the shortest: ${likelyCap} < ${cap}`);
      const step = s.next();
      if (!step) break;
      s.answer(answerAt(model, step.itemId, 0.5));
    }
  });
});

describe('a fixed form answered to the end', () => {
  it('shows every question answered, the whole bar and no time left', () => {
    const s = startAssessment(engineer, { currentRole: 'software-engineer', mode: 'fixed' });
    runAll(s, engineer, () => 0.5);
    const p = s.progress();
    assert.deepEqual([p.answered, p.minimum, p.expectedTotal, p.maximum, p.fraction, p.secondsLeft], Array(4).fill(engineer.items.length).concat([1, 0]));
  });
});
