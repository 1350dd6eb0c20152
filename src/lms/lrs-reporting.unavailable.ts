/**
 * Stands in for `lrs-reporting.ts` in SCORM packages (lms-packages/rollup.package.mjs swaps it in):
 * a SCORM package reports to its LMS, and must not carry the xAPI client it would never use.
 */
import type { Runtime } from './runtime.js';
import type { LrsConnection } from './lrs-reporting.js';

export type { LrsSettings } from './lrs-reporting.js';

export function connectLrs(runtime: Runtime, connection: LrsConnection): Runtime {
  connection.report('This SCORM package reports to the LMS only; it does not send xAPI statements to an LRS.');
  return runtime;
}
