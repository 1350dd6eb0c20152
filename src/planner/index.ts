/** The planner's public API: gap analysis, pathway planning and re-planning, and the results-file check. */
export * from './types.js';
export { analyseGaps, type GapAnalysis, type GapOptions } from './gaps.js';
export { planPathway, replan, resultsFingerprint, type PlanOptions, type ReplanOptions } from './plan.js';
export { REASON_CODES, certainty } from './explain.js';
export { expectedShortfall, probabilityAtLeast, normalCdf, normalPdf } from './normal.js';
export { expectedGain, pitchEfficacy, dose } from './gain.js';
export * as planningDefaults from './settings.js';
export { checkResults, parseResultsText, RESULTS_FORMAT, type ResultsCheck } from './results-input.js';
