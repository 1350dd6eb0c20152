import { defineElement } from '../shared/define.js';
import { PathwayTeam } from './team.component.js';

export { PathwayTeam };
defineElement('pathway-team', PathwayTeam);

declare global {
  interface HTMLElementTagNameMap {
    'pathway-team': PathwayTeam;
  }
}
