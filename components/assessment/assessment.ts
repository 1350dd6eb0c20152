import { defineElement } from '../shared/define.js';
import { PathwayAssessment } from './assessment.component.js';

export { PathwayAssessment };
defineElement('pathway-assessment', PathwayAssessment);

declare global {
  interface HTMLElementTagNameMap {
    'pathway-assessment': PathwayAssessment;
  }
}
