/**
 * Entry of the CDN bundles: registers every element and exposes their classes (global `Pathway` in the IIFE).
 * It registers the tags itself rather than re-exporting the per-element entries: those are entries of the
 * same build, and Rollup then re-exports their classes without keeping their registration.
 */
import { PathwayAssessment } from './assessment/assessment.component.js';
import { PathwayModelSummary } from './model-summary/model-summary.component.js';
import { PathwayPlan } from './plan/plan.component.js';
import { PathwayProfile } from './profile/profile.component.js';
import { defineElement } from './shared/define.js';

defineElement('pathway-assessment', PathwayAssessment);
defineElement('pathway-profile', PathwayProfile);
defineElement('pathway-plan', PathwayPlan);
defineElement('pathway-model-summary', PathwayModelSummary);

export { PathwayAssessment, PathwayModelSummary, PathwayPlan, PathwayProfile };
