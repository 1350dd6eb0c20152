/**
 * The parts an element loads only when it needs them: the model validator (a model without a valid
 * stamp), the UI messages of a language other than English, the assessment engine (once the first
 * question is on screen) and the planner (when the results come). Separate chunks in the CDN build; LMS
 * packages, whose one script cannot import chunks, swap this module for
 * lms-packages/runtime/lazy-parts.ts, which loads the same parts as files of the package.
 */
export const loadValidator = () => import('../../src/model/load.js');

/**
 * How a worker gets the validator (./off-thread.ts): the CDN build's one-file validator beside the
 * validator's chunk (rollup.config.mjs; the chunk itself imports chunks shared with DOM code), else
 * (the sources, the npm build) the same ES module the page would load.
 */
export const validatorWorker = async (): Promise<{ boot: string; type: WorkerType }> => {
  const own = (await loadValidator()).validatorUrl();
  const bundled = new URL('./validate-worker.min.js', own).href;
  return { boot: `const validator = import(${JSON.stringify(bundled)}).catch(() => import(${JSON.stringify(own)}));`, type: 'module' };
};

export const loadLocaleMessages = (locale: 'de' | 'fr') => (locale === 'de' ? import('./locales/de.js') : import('./locales/fr.js'));

export const loadEngine = () => import('../../src/assessment/session.js');

export const loadPlanner = () => import('../../src/planner/index.js');
