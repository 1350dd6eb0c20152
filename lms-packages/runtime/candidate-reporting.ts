/**
 * The xAPI reporting a candidate package sends to its candidate endpoint, as a chunk of its own: the
 * SCORM script otherwise carries only a stub of it (lms-packages/rollup.package.mjs leaves this
 * importer unswapped), and the chunk loads only when a candidate package has an endpoint.
 */
export { connectLrs } from '../../src/lms/lrs-reporting.js';
