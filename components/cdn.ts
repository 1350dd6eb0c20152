/** Entry of the CDN bundles: registers every element and exposes their classes (global `Pathway` in the IIFE). */
export * from './assessment/assessment.js';
export * from './profile/profile.js';
export * from './plan/plan.js';
export * from './model-summary/model-summary.js';
