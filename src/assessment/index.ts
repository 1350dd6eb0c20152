/** The assessment engine: adaptive behavioural assessment, rater fusion and saved state. DOM-free. */
export type * from './types.js';
export { AssessmentError, OptionsError, ResponseError, StateError } from './errors.js';
export type { OptionsErrorCode, ResponseErrorCode, StateErrorCode } from './errors.js';
export { startAssessment, resumeAssessment, fuseAssessments, fuseRaterResponses, firstQuestions } from './session.js';
export type { RaterResponses, FuseOptions } from './session.js';
export { drawFirstItem, firstQuestionKey, type FirstQuestion } from './first.js';
export { simulate, SIMULATION_DEFAULTS } from './simulate.js';
export type { SimulationOptions, SimulationReport, ModeSummary } from './simulate.js';
export { DEFAULT_SETTINGS as DEFAULT_ASSESSMENT_SETTINGS } from './config.js';
export { FUSION } from './posterior.js';
export { displayOrder } from './display.js';
export { decide, decisionOf, decisionCounts, countDecisions, DEFAULT_DECISION } from './decision.js';
export type { DecisionThresholds } from './decision.js';
