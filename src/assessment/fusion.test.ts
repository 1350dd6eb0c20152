// Rater fusion on constructed cases: blind spots, hidden strengths, agreement, and several raters.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { runAll } from '../../test/support/answers.js';
import { requireModel } from '../model/load.js';
import type { Item, Model } from '../model/types.js';
import { fuseAssessments, startAssessment, type CompetencyResult } from './index.js';

const engineer: Model = requireModel(readFileSync('demo/models/software-engineer.json', 'utf8'));
const selfReport = (item: Item): boolean => item.type === 'frequency' || item.type === 'anchored';

/** Fixed-form self-assessment answering self-reports at `self` and everything else at `behaviour`. */
function selfOnly(self: number, behaviour: number): Map<string, CompetencyResult> {
  const s = startAssessment(engineer, { currentRole: 'software-engineer', mode: 'fixed' });
  runAll(s, engineer, (item) => (selfReport(item) ? self : behaviour));
  return new Map(s.results().competencies.map((c) => [c.competency, c]));
}

describe('self-view against the other evidence', () => {
  it('flags a blind spot when self-ratings are high and judgement and work samples are low', () => {
    const r = selfOnly(1, 0).get('code-review')!;
    assert.equal(r.selfOther?.flag, 'blind-spot');
    assert.ok(r.selfOther!.pOverestimate > 0.8 && r.selfOther!.gap > 1, JSON.stringify(r.selfOther));
    assert.ok(r.sources.self!.theta > r.sources.others!.theta + 1);
    // The fused estimate sits between the views, nearer the behavioural evidence.
    assert.ok(r.theta < (r.sources.self!.theta + r.sources.others!.theta) / 2);
  });

  it('flags a hidden strength in the reverse case', () => {
    const r = selfOnly(0, 1).get('code-review')!;
    assert.equal(r.selfOther?.flag, 'hidden-strength');
    assert.ok(r.selfOther!.pUnderestimate > 0.8 && r.selfOther!.gap < -1);
  });

  it('never calls consistent evidence a blind spot, nor a confident hidden strength', () => {
    // The same answer positions put the self-view about 0.3 below the evidence (the stated leniency is
    // taken off self-ratings), on every competency: the person-level term sees it, within the margin.
    // At the upper position the same place on items of other kinds is not the same θ (behaviour about
    // 0.7 above the self-view there), so a hidden strength may be possible; a blind spot never.
    for (const position of [0.5, 0.75]) {
      for (const [id, r] of selfOnly(position, position)) {
        assert.notEqual(r.selfOther?.flag, 'blind-spot', id);
        assert.ok(r.selfOther!.pOverestimate < 0.1, `${id}: ${JSON.stringify(r.selfOther)}`);
        if (position === 0.5) assert.ok(r.selfOther!.pUnderestimate < 0.5 && Math.abs(r.selfOther!.gap) < 0.5, `${id}: ${JSON.stringify(r.selfOther)}`);
      }
    }
  });

  it('pools the self-view bias across competencies: one inflated pattern counts where evidence is thin', () => {
    // Self-ratings high everywhere, behaviour low everywhere except on code review, where only self-ratings are given.
    const s = startAssessment(engineer, { currentRole: 'software-engineer', mode: 'fixed' });
    runAll(s, engineer, (item) => (selfReport(item) ? 1 : 0));
    const pooled = s.results().competencies.find((c) => c.competency === 'code-review')!;
    const alone = startAssessment(engineer, { currentRole: 'software-engineer', mode: 'fixed' });
    // The same answers on code review only: nothing to pool from.
    runAll(alone, engineer, (item) => (item.competency === 'code-review' ? (selfReport(item) ? 1 : 0) : 0.5));
    const single = alone.results().competencies.find((c) => c.competency === 'code-review')!;
    assert.ok(pooled.selfOther!.pOverestimate >= single.selfOther!.pOverestimate, `${pooled.selfOther!.pOverestimate} vs ${single.selfOther!.pOverestimate}`);
    assert.ok(pooled.theta < single.theta, `the inflated self-view counts less: ${pooled.theta} vs ${single.theta}`);
  });

  it('compares the self-view on a competency with self-report alone through the bias read on the others', () => {
    // Self-ratings high everywhere, behaviour low everywhere except code review, which has self-ratings only.
    const answers = (only: (item: Item) => boolean): Map<string, CompetencyResult> => {
      const model: Model = { ...engineer, items: engineer.items.filter(only) };
      const s = startAssessment(model, { currentRole: 'software-engineer', mode: 'fixed' });
      runAll(s, model, (item) => (selfReport(item) ? 1 : 0));
      return new Map(s.results().competencies.map((c) => [c.competency, c]));
    };
    const pooled = answers((item) => selfReport(item) || (item.competency !== 'code-review' && item.type !== 'forced-choice')).get('code-review')!;
    assert.equal(pooled.sources.others, undefined);
    assert.equal(pooled.selfOther?.flag, 'blind-spot', JSON.stringify(pooled.selfOther));
    assert.ok(pooled.selfOther!.pOverestimate > 0.5 && pooled.selfOther!.gap > 0.5, JSON.stringify(pooled.selfOther));
    // Self-report alone everywhere: nothing tells the bias, so no comparison.
    const alone = answers(selfReport).get('code-review')!;
    assert.equal(alone.selfOther, undefined);
  });

  it('counts the responses behind each view', () => {
    const r = selfOnly(0.5, 0.5).get('code-review')!;
    const items = engineer.items.filter((i) => i.competency === 'code-review');
    assert.equal(r.sources.self!.responses, items.filter(selfReport).length);
    const pairsIn = engineer.items.filter((i) => i.type === 'forced-choice' && i.competency !== 'code-review' && i.options.some((o) => o.competency === 'code-review')).length;
    assert.equal(r.sources.others!.responses, items.filter((i) => !selfReport(i)).length + pairsIn);
    assert.equal(r.responses, r.sources.self!.responses + r.sources.others!.responses);
  });

  it('corrects self-ratings for the stated leniency', () => {
    const lenient = requireModel(JSON.stringify({ ...engineer, assessment: { ...engineer.assessment, selfLeniency: 1 } }));
    const s0 = startAssessment(engineer, { mode: 'fixed' });
    const s1 = startAssessment(lenient, { mode: 'fixed' });
    runAll(s0, engineer, () => 0.75);
    runAll(s1, lenient, () => 0.75);
    const self = (s: typeof s0): number => s.results().competencies.find((c) => c.competency === 'testing')!.sources.self!.theta;
    assert.ok(self(s0) - self(s1) > 0.4, `${self(s0)} vs ${self(s1)}`);
  });
});

describe('several raters', () => {
  const rate = (rater: 'self' | 'manager' | 'peer', raterId: string | undefined, x: number): string => {
    const s = startAssessment(engineer, { currentRole: 'software-engineer', mode: 'fixed', rater, ...(raterId ? { raterId } : {}) });
    runAll(s, engineer, () => x);
    return s.serialize();
  };

  it('finds a blind spot from a manager\'s lower ratings', () => {
    const results = fuseAssessments(engineer, [rate('self', undefined, 1), rate('manager', 'm1', 0)]);
    const r = results.competencies.find((c) => c.competency === 'testing')!;
    assert.ok(r.sources.manager && r.sources.manager.raters === 1);
    assert.ok(r.sources.manager.theta < r.sources.self!.theta - 1);
    assert.equal(r.selfOther?.flag, 'blind-spot');
    assert.equal(results.rater, 'self');
  });

  it('shows peers on their own only from the minimum number of peers', () => {
    const self = rate('self', undefined, 0.5);
    const two = fuseAssessments(engineer, [self, rate('peer', 'p1', 0.5), rate('peer', 'p2', 0.5)]);
    assert.equal(two.competencies.find((c) => c.competency === 'testing')!.sources.peers, undefined);
    const three = fuseAssessments(engineer, [self, rate('peer', 'p1', 0.5), rate('peer', 'p2', 0.5), rate('peer', 'p3', 0.5)]);
    const peers = three.competencies.find((c) => c.competency === 'testing')!.sources.peers;
    assert.equal(peers?.raters, 3);
  });

  it('narrows the estimate as raters are added, and works without a self-assessment', () => {
    const sd = (states: string[]): number => fuseAssessments(engineer, states).competencies.find((c) => c.competency === 'testing')!.sd;
    const manager = rate('manager', 'm1', 0.5);
    const one = sd([manager]);
    const more = sd([manager, rate('peer', 'p1', 0.5), rate('peer', 'p2', 0.5)]);
    assert.ok(more < one, `${more} !< ${one}`);
    const onlyManager = fuseAssessments(engineer, [manager]);
    assert.equal(onlyManager.rater, 'manager');
    assert.equal(onlyManager.competencies[0]!.selfOther, undefined);
  });

  it('gives the same results however many people were fused before (no state carried between fusions)', () => {
    // Fusing reuses buffers (compareSelfOther's prefix sums, rater settings per bank): a person fused
    // after others, and after another model, must come out as when fused first in a fresh process.
    const blindSpot = [rate('self', undefined, 1), rate('manager', 'm1', 0), rate('peer', 'p1', 0.5)];
    const other = requireModel(readFileSync('demo/models/customer-success.json', 'utf8'));
    const s = startAssessment(other, { mode: 'fixed' });
    runAll(s, other, () => 0.2);
    fuseAssessments(other, [s.serialize()]);
    fuseAssessments(engineer, [rate('self', undefined, 0), rate('manager', 'm1', 1), rate('peer', 'p1', 0.5)]);
    const script = `import { readFileSync } from 'node:fs'; import { fuseAssessments } from './src/assessment/index.js'; import { requireModel } from './src/model/load.js';
      const states = JSON.parse(readFileSync(0, 'utf8'));
      process.stdout.write(JSON.stringify(fuseAssessments(requireModel(readFileSync('demo/models/software-engineer.json', 'utf8')), states)));`;
    // Under mutation testing the fresh process must run the same mutant as this one, or it would be the
    // unmutated code judging the mutated (Stryker's instrumented code reads the mutant from this variable).
    const mutant = (globalThis as { __stryker__?: { activeMutant?: string } }).__stryker__?.activeMutant;
    const env = mutant === undefined ? process.env : { ...process.env, __STRYKER_ACTIVE_MUTANT__: mutant };
    const fresh = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { input: JSON.stringify(blindSpot), encoding: 'utf8', env });
    assert.deepEqual(JSON.parse(JSON.stringify(fuseAssessments(engineer, blindSpot))), JSON.parse(fresh));
  });
});
