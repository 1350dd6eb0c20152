// The engine's own role check is quoted only when its P(meets) is a number: a check carried by results
// from a file or another room whose P(meets) is not a finite number is ignored, and the planner falls back
// on its own P(meets) (from θ and SD) and the decision that goes with it — not the check's decision.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { AssessmentResults, CompetencyResult, RoleCheck } from '../assessment/types.js';
import type { Model } from '../model/types.js';
import { analyseGaps } from './gaps.js';
import { pAtLeast } from '../../test/support/normal-reference.js';

const tiny = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Model;
/** The tiny model without `next`: member alone (listening ≥ 3, threshold θ ≥ −0.5; feedback ≥ 2). */
const alone: Model = { ...tiny, roles: tiny.roles.map(({ next: _, ...r }) => r) };


function competency(id: string, theta: number, sd: number, extra: Partial<CompetencyResult> = {}): CompetencyResult {
  return { competency: id, theta, sd, responses: 4, sources: {}, ...extra } as CompetencyResult;
}
function resultsOf(competencies: CompetencyResult[]): AssessmentResults {
  return { format: 'pathway-results/1', model: { id: tiny.id, version: tiny.version }, rater: 'self', completed: true, itemsAnswered: 8, competencies, overall: { score: 0 }, currentRole: 'member' } as AssessmentResults;
}

describe("a reported role check whose P(meets) is not a number", () => {
  for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, '0.95'] as unknown[]) {
    it(`is ignored (P(meets) ${String(bad)}): the planner's own P(meets) and decision`, () => {
      // A check for this very requirement (member, level 3), claiming "meets", with a broken P(meets).
      const reported = { role: 'member', requiredLevel: 3, threshold: -0.5, pMeets: bad, expectedShortfall: 0, weight: 1, critical: true, decided: true, decision: 'meets' } as unknown as RoleCheck;
      const gaps = analyseGaps(alone, resultsOf([competency('listening', -0.2, 0.5, { current: reported }), competency('feedback', 2, 0.3)])).gaps;
      // θ −0.2, SD 0.5 against −0.5: P(meets) ≈ 0.73, below 0.8, so a gap; between 0.2 and 0.8: unsure.
      const p = pAtLeast(-0.5, -0.2, 0.5);
      assert.ok(p > 0.7 && p < 0.8);
      assert.equal(gaps.length, 1);
      assert.equal(gaps[0]!.competency, 'listening');
      assert.equal(typeof gaps[0]!.pMeets, 'number');
      assert.ok(Math.abs(gaps[0]!.pMeets - p) < 1e-6, `pMeets ${gaps[0]!.pMeets} ≠ ${p}`);
      assert.equal(gaps[0]!.decision, 'unsure');
    });
  }
});
