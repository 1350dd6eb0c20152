/** The engine's public API (DOM-free): the model format and the planner. */
export * from './model/index.js';
export * from './planner/index.js';
