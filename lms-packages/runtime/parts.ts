/**
 * Files of a package's script besides its chunks (lms-packages/rollup.package.mjs): the model validator
 * as one self-contained classic script for a worker (./validator-worker.ts), which defines the global
 * below when it runs. The page itself loads the validator as a chunk, like everything else.
 */
export const WORKER_VALIDATOR = 'pathway-validate-worker.js';

export const WORKER_VALIDATOR_GLOBAL = 'PathwayValidator';

/** UI languages with messages of their own (English is in `pathway.js`): chunk `pathway-lang-<language>.js`. */
export const MESSAGE_LANGUAGES = ['de', 'fr'] as const;

export const messagesFile = (language: string): string => `pathway-lang-${language}.js`;

/** In SCORM packages, the chunk that reports to a candidate endpoint: only candidate packages with one carry it. */
export const CANDIDATE_REPORTING = 'pathway-lrs-reporting.js';
