/**
 * The parts an element loads only when it needs them: the model validator (a model without a valid
 * stamp), the UI messages of a language other than English, the assessment engine (once the first
 * question is on screen) and the planner (when the results come). Separate chunks, in the CDN build and
 * in LMS packages alike (lms-packages/rollup.package.mjs).
 */
export const loadValidator = () => import('../../src/model/load.js');

export const loadLocaleMessages = (locale: 'de' | 'fr') => (locale === 'de' ? import('./locales/de.js') : import('./locales/fr.js'));

export const loadEngine = () => import('../../src/assessment/session.js');

export const loadPlanner = () => import('../../src/planner/index.js');
