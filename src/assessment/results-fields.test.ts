// Which fields the results carry (results.ts), as an LMS or the planner reads them: the format tag,
// no role check, role or P(meets) field when there is none (not a field holding undefined), the overall
// score without any competency, P(meets every requirement) when a role marks none critical, the
// raters behind "others" without the learner's own behaviour, and a self-view compared where the bias
// is read on another competency. Expectations are worked out here; the bank is built in `before`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import type { Model, Rater } from '../model/types.js';
import { bankFor, type Bank } from './bank.js';
import { resolveConfig } from './config.js';
import { Evidence, type Observation } from './evidence.js';
import { fuse } from './posterior.js';
import { buildResults, competencyResult } from './results.js';
import type { AssessmentResults } from './types.js';

const tiny = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Model;
// The same model whose roles mark no requirement critical.
const noCritical = { ...tiny, roles: tiny.roles.map((r) => ({ ...r, requirements: r.requirements.map(({ critical: _, ...q }) => q) })) } as Model;

let bank: Bank;
let plainBank: Bank;
before(() => {
  bank = bankFor(tiny);
  plainBank = bankFor(noCritical);
});
const meta = { completed: false, stopReason: undefined, itemsAnswered: 0 };

function results(model: Model, b: Bank, observations: { id: string; outcome: number; rater: Rater; raterId?: string }[], options: Parameters<typeof resolveConfig>[2]): AssessmentResults {
  const config = resolveConfig(model, b, options);
  const evidence = new Evidence(b, config.selfLeniency);
  for (const o of observations) evidence.add({ item: b.itemIndex.get(o.id)!, outcome: o.outcome, rater: o.rater, ...(o.raterId ? { raterId: o.raterId } : {}) } as Observation);
  const posteriors = fuse(b, evidence, b.competencies.map((_, c) => c));
  return buildResults(b, config, evidence, posteriors, meta);
}

describe('the fields of the results', () => {
  it('carry the format tag, and no role, check or P(meets) field without a role', () => {
    const r = results(tiny, bank, [{ id: 'l-freq-1', outcome: 3, rater: 'self' }], {});
    assert.equal(r.format, 'pathway-results/1');
    for (const key of ['currentRole', 'targetRole', 'stopReason']) assert.equal(key in r, false, key);
    assert.deepEqual(Object.keys(r.overall), ['score']);
    for (const c of r.competencies) assert.equal('current' in c || 'target' in c, false, c.competency);
    // With a current role only (lead has no next): a current check, no target field.
    const lead = results(tiny, bank, [{ id: 'l-freq-1', outcome: 3, rater: 'self' }], { currentRole: 'lead' });
    assert.equal(lead.currentRole, 'lead');
    assert.equal('pMeetsTarget' in lead.overall, false);
    assert.equal(typeof lead.overall.pMeetsCurrent, 'number');
    for (const c of lead.competencies) assert.equal('target' in c, false);
    // A target only: no current field anywhere.
    const target = results(tiny, bank, [], { targetRole: 'lead' });
    assert.equal('currentRole' in target, false);
    assert.equal('pMeetsCurrent' in target.overall, false);
    for (const c of target.competencies) assert.ok(!('current' in c) && c.target !== undefined);
  });

  it('score 0 when there is nothing to show (no role, an empty form, no evidence)', () => {
    // Every item for the learner alone: a peer's form is empty, so no role leaves nothing in play.
    const selfOnly = { ...tiny, items: tiny.items.map((i) => ({ ...i, raters: ['self'] })) } as Model;
    const r = results(selfOnly, bankFor(selfOnly), [], { rater: 'peer' });
    assert.deepEqual(r.competencies, []);
    assert.equal(r.overall.score, 0);
  });
});

describe('P(meets every requirement) when a role marks none critical', () => {
  it('is the product over all its requirements', () => {
    const r = results(noCritical, plainBank, [{ id: 'l-freq-1', outcome: 4, rater: 'self' }, { id: 'f-freq-1', outcome: 1, rater: 'self' }], { currentRole: 'member' });
    const checks = r.competencies.map((c) => c.current!);
    assert.equal(checks.length, 2);
    assert.ok(checks.every((c) => !c.critical));
    const product = checks.reduce((p, c) => p * c.pMeets, 1);
    assert.ok(Math.abs(r.overall.pMeetsCurrent! - product) <= 1e-4, `${r.overall.pMeetsCurrent} vs ${product}`);
    assert.ok(product < Math.min(...checks.map((c) => c.pMeets)) - 1e-3, 'two requirements: less than either alone');
  });
});

describe('the raters behind "others"', () => {
  it("are the managers and peers alone when the learner's own behaviour is not in it", () => {
    const r = results(tiny, bank, [{ id: 'l-freq-1', outcome: 3, rater: 'manager', raterId: 'm1' }], { currentRole: 'member' });
    const listening = r.competencies.find((c) => c.competency === 'listening')!;
    assert.deepEqual([listening.sources.others!.raters, listening.sources.others!.responses], [1, 1]);
    assert.equal(listening.sources.manager!.raters, 1);
  });

  it('are the same whatever order the raters’ answers arrive in', () => {
    // Three peers and a manager whose answers are added in two orders: the rater groups are read in the
    // order of their keys, so every figure of the results is the same.
    const answers = [
      { id: 'l-freq-1', outcome: 2, rater: 'peer' as const, raterId: 'p3' },
      { id: 'l-freq-1', outcome: 4, rater: 'peer' as const, raterId: 'p2' },
      { id: 'l-freq-1', outcome: 1, rater: 'manager' as const, raterId: 'm1' },
      { id: 'l-freq-1', outcome: 0, rater: 'peer' as const, raterId: 'p1' },
      { id: 'f-freq-1', outcome: 3, rater: 'peer' as const, raterId: 'p1' },
      { id: 'f-freq-1', outcome: 2, rater: 'peer' as const, raterId: 'p2' },
    ];
    const forward = results(tiny, bank, answers, { currentRole: 'member' });
    const backward = results(tiny, bank, [...answers].reverse(), { currentRole: 'member' });
    assert.deepEqual(backward, forward);
    assert.ok(forward.competencies.some((c) => c.sources.peers?.raters === 3), JSON.stringify(forward.competencies.map((c) => c.sources)));
  });

  it('are the learner alone on competencies informed by a forced choice only', () => {
    // One forced choice between feedback and listening, nothing else: neither competency has evidence
    // of its own, only the pair; "others" is the learner's own judgement, one rater, one response.
    const r = results(tiny, bank, [{ id: 'f-fc-1', outcome: 1, rater: 'self' }], { currentRole: 'member' });
    for (const id of ['listening', 'feedback']) {
      const c = r.competencies.find((x) => x.competency === id)!;
      assert.deepEqual([c.sources.others!.raters, c.sources.others!.responses], [1, 1], id);
      assert.equal(c.sources.manager, undefined, id);
    }
  });
});

describe('a self-view compared through the bias read elsewhere', () => {
  it('is compared on a competency with self-report only when another has self-report and other evidence', () => {
    const informed = results(tiny, bank, [
      { id: 'l-freq-1', outcome: 4, rater: 'self' },
      { id: 'l-freq-1', outcome: 2, rater: 'manager', raterId: 'm1' },
      { id: 'f-freq-1', outcome: 4, rater: 'self' },
    ], { currentRole: 'member' });
    const feedback = informed.competencies.find((c) => c.competency === 'feedback')!;
    assert.equal(feedback.sources.others, undefined, 'no other evidence on feedback');
    assert.ok(feedback.selfOther !== undefined, 'the bias read on listening lets the self-view be compared');
    // Self-report alone everywhere: nothing to compare.
    const alone = results(tiny, bank, [{ id: 'l-freq-1', outcome: 4, rater: 'self' }, { id: 'f-freq-1', outcome: 4, rater: 'self' }], { currentRole: 'member' });
    assert.ok(alone.competencies.every((c) => c.selfOther === undefined));
  });

  it('competencyResult compares nothing on self-report alone unless told the bias is informed', () => {
    const config = resolveConfig(tiny, bank, { currentRole: 'member' });
    const evidence = new Evidence(bank, config.selfLeniency);
    evidence.add({ item: bank.itemIndex.get('f-freq-1')!, outcome: 4, rater: 'self' });
    const p = fuse(bank, evidence, [0, 1]).get(bank.competencyIndex.get('feedback')!)!;
    assert.equal(competencyResult(bank, config, evidence, p).selfOther, undefined);
    assert.ok(competencyResult(bank, config, evidence, p, true).selfOther !== undefined);
  });
});

describe('results of models with different grids, one after another', () => {
  it('each source view is read on its own model’s grid', () => {
    // Twelve levels: the level centres reach further out, so this bank's θ grid is wider than tiny's.
    const levels = Array.from({ length: 12 }, (_, k) => ({ level: k + 1, label: `L${k + 1}`, meaning: `Level ${k + 1}` }));
    const wide = { ...tiny, scale: { levels }, competencies: tiny.competencies.map((c) => ({ ...c, indicators: levels.map((l) => ({ level: l.level, text: `at ${l.level}` })) })) } as Model;
    const wideBank = bankFor(wide);
    assert.ok(wideBank.grid.size > bank.grid.size);
    const observations = [{ id: 'l-freq-1', outcome: 4, rater: 'self' as const }, { id: 'l-freq-1', outcome: 1, rater: 'manager' as const, raterId: 'm1' }];
    const first = results(tiny, bank, observations, { currentRole: 'member' });
    const w1 = results(wide, wideBank, observations, { currentRole: 'member' });
    const again = results(tiny, bank, observations, { currentRole: 'member' });
    const w2 = results(wide, wideBank, observations, { currentRole: 'member' });
    assert.deepEqual(again, first);
    assert.deepEqual(w2, w1);
    const self = w1.competencies.find((c) => c.competency === 'listening')!.sources.self!;
    assert.ok(self.sd > 0 && self.level >= 1 && self.level <= 12);
  });
});
