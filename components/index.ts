/** The element classes, without registering any tag (import `pathway-kit/define/<name>` to register). */
export { PathwayAssessment } from './assessment/assessment.component.js';
export { PathwayProfile } from './profile/profile.component.js';
export { PathwayPlan } from './plan/plan.component.js';
export { PathwayModelSummary } from './model-summary/model-summary.component.js';
export { PathwayTeam } from './team/team.component.js';
export { defineElement } from './shared/define.js';
export type * from './shared/events.js';
