/** Entry of the CDN bundles: registers every element and exposes the classes (global `Pathway` in the IIFE). */
export * from './model-summary/model-summary.js';
