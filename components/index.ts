/** The element classes, without registering any tag (import `pathway-kit/define/<name>` to register). */
export { PathwayModelSummary } from './model-summary/model-summary.component.js';
export { defineElement } from './shared/define.js';
export type { PathwayErrorDetail } from './shared/events.js';
