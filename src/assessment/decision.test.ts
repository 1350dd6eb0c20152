// The three-way decision: the engine's results, counted per role, from the model's thresholds.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { runAll } from '../../test/support/answers.js';
import { requireModel } from '../model/load.js';
import type { Model } from '../model/types.js';
import { decide, decisionCounts, decisionOf } from './decision.js';
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
});
