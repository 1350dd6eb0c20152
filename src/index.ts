/** pathway-kit: the engine, free of the DOM — the model format and the assessment. */
export * from './model/index.js';
export * from './assessment/index.js';
