/** pathway-kit: the engine, free of the DOM — the model format, the assessment, the planner and authoring (import, export, drafting, alignment). */
export * from './model/index.js';
export * from './assessment/index.js';
export * from './planner/index.js';
export * from './authoring/index.js';
