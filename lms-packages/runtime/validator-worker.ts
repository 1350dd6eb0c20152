/**
 * Stands in for components/shared/validator-worker.ts in the script of LMS packages
 * (lms-packages/rollup.package.mjs swaps it in): a package's chunks are classic scripts for the page's
 * loader, so a worker gets the validator as one self-contained classic script of the package
 * (./parts.ts), with `importScripts`.
 */
import { WORKER_VALIDATOR, WORKER_VALIDATOR_GLOBAL } from './parts.js';

export const validatorWorker = async (): Promise<{ boot: string; type: WorkerType }> => ({
  boot: `importScripts(${JSON.stringify(new URL(WORKER_VALIDATOR, document.baseURI).href)}); const validator = Promise.resolve(self[${JSON.stringify(WORKER_VALIDATOR_GLOBAL)}]);`,
  type: 'classic',
});
