import { defineElement } from '../shared/define.js';
import { PathwayModelSummary } from './model-summary.component.js';

export { PathwayModelSummary };
defineElement('pathway-model-summary', PathwayModelSummary);

declare global {
  interface HTMLElementTagNameMap {
    'pathway-model-summary': PathwayModelSummary;
  }
}
