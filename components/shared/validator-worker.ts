/**
 * How a worker gets the validator (./off-thread.ts). LMS packages swap this module for
 * lms-packages/runtime/validator-worker.ts (their chunks are not ES modules a worker could import).
 */
import { loadValidator } from './lazy-parts.js';

/**
 * The CDN build's one-file validator beside the validator's chunk (rollup.config.mjs; the chunk itself
 * imports chunks shared with DOM code), else (the sources, the npm build) the same ES module the page
 * would load.
 */
export const validatorWorker = async (): Promise<{ boot: string; type: WorkerType }> => {
  const own = (await loadValidator()).validatorUrl();
  const bundled = new URL('./validate-worker.min.js', own).href;
  return { boot: `const validator = import(${JSON.stringify(bundled)}).catch(() => import(${JSON.stringify(own)}));`, type: 'module' };
};

