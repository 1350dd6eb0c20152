/** Team analytics: fused profiles → team figures under privacy rules. DOM-free (docs/team.md). */
export type * from './types.js';
export { isHidden } from './types.js';
export { buildInsightsReport, quarterOf } from './report.js';
export { figuresFor } from './views.js';
export { proposeMentors } from './mentors.js';
export { proposeTeam, TeamBuilderError } from './team-builder.js';
export type { ProjectNeed, TeamProposal, TeamOptions } from './team-builder.js';
export { INSIGHTS_DEFAULTS, InsightsError } from './settings.js';
export type { InsightsOptions, RaterRequestInput, Settings } from './settings.js';
export { pReaches } from './levels.js';
export { readInsightsReport } from './read.js';
export { roleFit } from './role-fit.js';
export type { RoleFit } from './role-fit.js';
