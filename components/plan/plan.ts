import { defineElement } from '../shared/define.js';
import { PathwayPlan } from './plan.component.js';

export { PathwayPlan };
defineElement('pathway-plan', PathwayPlan);

declare global {
  interface HTMLElementTagNameMap {
    'pathway-plan': PathwayPlan;
  }
}
