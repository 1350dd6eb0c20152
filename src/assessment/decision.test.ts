// The three-way decision: the engine's results, counted per role, from the model's thresholds.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { runAll } from '../../test/support/answers.js';
import { requireModel } from '../model/load.js';
import type { Model } from '../model/types.js';
import { decide, decisionCounts, decisionOf, decisionThresholds, DEFAULT_DECISION } from './decision.js';
import { startAssessment } from './index.js';

const wavering = (_: unknown, n: number): number => ((n * 37) % 11) / 10;
const engineer = requireModel(readFileSync('demo/models/software-engineer.json', 'utf8'));

describe('three-way decisions', () => {
  it('meets from the upper threshold, below up to the lower one, not yet sure between', () => {
    assert.equal(decide(0.8).decision, 'meets');
    assert.equal(decide(0.7999).decision, 'unsure');
    assert.equal(decide(0.5).decision, 'unsure');
    assert.equal(decide(0.2001).decision, 'unsure');
    assert.equal(decide(0.2).decision, 'below');
    assert.deepEqual(decide(0.6, { meets: 0.6, below: 0.4 }), { decision: 'meets', decided: true });
    assert.deepEqual(decide(0.45, { meets: 0.6, below: 0.4 }), { decision: 'unsure', decided: false });
  });

  it('results carry a decision per requirement and the counts per role, from the model thresholds', () => {
    for (const thresholds of [undefined, { meets: 0.95, below: 0.05 }, { meets: 0.6, below: 0.4 }]) {
      const model: Model = thresholds ? { ...engineer, assessment: { ...engineer.assessment, decision: thresholds } } : engineer;
      const s = startAssessment(model, { currentRole: 'software-engineer', targetRole: 'senior-software-engineer', seed: 3 });
      runAll(s, model, wavering);
      const r = s.results();
      const t = thresholds ?? { meets: 0.8, below: 0.2 };
      for (const slot of ['current', 'target'] as const) {
        const checks = r.competencies.flatMap((c) => (c[slot] ? [c[slot]] : []));
        assert.ok(checks.length > 0);
        for (const check of checks) {
          const expected = check.pMeets >= t.meets ? 'meets' : check.pMeets <= t.below ? 'below' : 'unsure';
          assert.equal(check.decision, expected, `${slot} ${check.pMeets} with ${JSON.stringify(t)}`);
          assert.equal(check.decided, expected !== 'unsure');
        }
        const counts = r.decisions[slot]!;
        assert.equal(counts.meets + counts.below + counts.unsure, checks.length);
        assert.equal(counts.unsure, checks.filter((c) => c.decision === 'unsure').length);
        assert.equal(counts.meets, checks.filter((c) => c.decision === 'meets').length);
      }
    }
  });

  it('a middling learner leaves some requirements not yet sure under strict thresholds', () => {
    const model: Model = { ...engineer, assessment: { ...engineer.assessment, decision: { meets: 0.99, below: 0.01 } } };
    const s = startAssessment(model, { currentRole: 'software-engineer', seed: 3 });
    runAll(s, model, wavering);
    assert.ok(s.results().decisions.current!.unsure > 0);
  });

  it('results saved before decisions existed get them from pMeets with the defaults', () => {
    assert.equal(decisionOf({ pMeets: 0.9 }), 'meets');
    assert.equal(decisionOf({ pMeets: 0.5 }), 'unsure');
    assert.equal(decisionOf({ pMeets: 0.5, decision: 'meets' }), 'meets');
    const check = { role: 'r', requiredLevel: 3, threshold: 0, expectedShortfall: 0, weight: 1, critical: false, decided: false };
    const old = { competencies: [{ current: { ...check, pMeets: 0.1 } }, { current: { ...check, pMeets: 0.5 } }, { current: { ...check, pMeets: 0.95 } }] } as unknown as Parameters<typeof decisionCounts>[0];
    assert.deepEqual(decisionCounts(old, 'current'), { meets: 1, below: 1, unsure: 1 });
    assert.equal(decisionCounts(old, 'target'), undefined);
  });

  it("a model's thresholds, each defaulted on its own", () => {
    assert.deepEqual(DEFAULT_DECISION, { meets: 0.8, below: 0.2 }, 'docs/assessment.md, "Decisions"');
    assert.deepEqual(decisionThresholds({ assessment: { decision: { meets: 0.9, below: 0.1 } } } as unknown as Model), { meets: 0.9, below: 0.1 });
    assert.deepEqual(decisionThresholds({ assessment: { decision: { meets: 0.7 } } } as unknown as Model), { meets: 0.7, below: 0.2 });
    assert.deepEqual(decisionThresholds({ assessment: { decision: { below: 0.3 } } } as unknown as Model), { meets: 0.8, below: 0.3 });
    assert.deepEqual(decisionThresholds({ assessment: {} } as unknown as Model), { meets: 0.8, below: 0.2 });
    assert.deepEqual(decisionThresholds({} as unknown as Model), { meets: 0.8, below: 0.2 }, 'a model without an assessment section');
  });

  it('saved counts are taken as saved (they were decided with the model thresholds), not recounted', () => {
    const check = { role: 'r', requiredLevel: 3, threshold: 0, expectedShortfall: 0, weight: 1, critical: false, decided: false };
    // Under thresholds 0.6 / 0.4 the saved counts say 2 meets; recounted with the defaults it would be 1.
    const saved = { competencies: [{ current: { ...check, pMeets: 0.7 } }, { current: { ...check, pMeets: 0.9 } }], decisions: { current: { meets: 2, below: 0, unsure: 0 } } } as unknown as Parameters<typeof decisionCounts>[0];
    assert.deepEqual(decisionCounts(saved, 'current'), { meets: 2, below: 0, unsure: 0 });
  });
});
