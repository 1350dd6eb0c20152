/** pathway-kit: the engine, free of the DOM — the model format, the assessment and the planner. */
export * from './model/index.js';
export * from './assessment/index.js';
export * from './planner/index.js';
