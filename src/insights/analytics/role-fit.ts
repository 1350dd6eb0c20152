/**
 * Candidate / onboarding role fit: per requirement of the role applied for, whether the person meets
 * it, is close (probably not yet, but within half a level on average) or has a gap, and how sure that is.
 */
import type { AssessmentResults } from '../../assessment/types.js';

export interface RoleFit {
  competency: string;
  requiredLevel: number;
  fit: 'meets' | 'close' | 'gap';
  /** P(meets the requirement). */
  pMeets: number;
  /** True when P is at least the confidence setting either way. */
  sure: boolean;
}

/** Half a level on the θ scale (levels are one θ unit apart): the expected shortfall still called "close". */
const CLOSE = 0.5;

export function roleFit(results: AssessmentResults, confidence = 0.95): RoleFit[] {
  return results.competencies.flatMap((c) => {
    const check = c.current;
    if (!check) return [];
    const fit = check.pMeets >= 0.5 ? 'meets' : check.expectedShortfall <= CLOSE ? 'close' : 'gap';
    return [{ competency: c.competency, requiredLevel: check.requiredLevel, fit, pMeets: check.pMeets, sure: check.pMeets >= confidence || check.pMeets <= 1 - confidence }];
  });
}
