import { defineElement } from '../shared/define.js';
import { PathwayProfile } from './profile.component.js';

export { PathwayProfile };
defineElement('pathway-profile', PathwayProfile);

declare global {
  interface HTMLElementTagNameMap {
    'pathway-profile': PathwayProfile;
  }
}
