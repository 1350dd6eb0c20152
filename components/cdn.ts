/** Entry of the CDN bundles: registers the learner elements and exposes their classes (global `Pathway` in the IIFE). */
export * from './assessment/assessment.js';
export * from './profile/profile.js';
export * from './plan/plan.js';
