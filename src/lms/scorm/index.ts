/** The SCORM 1.2 and 2004 runtimes and their parts (`pathway-kit/lms/scorm`). See docs/scorm.md. */
export { createScorm12Runtime, createScorm2004Runtime, ScormRuntime, type ScormRuntimeOptions } from './runtime.js';
export { findApi, ScormConnection, type LmsError, type ScormApi, type ScormVersion } from './api.js';
export { decodeProgress, encodeProgress, SUSPEND_DATA_LIMIT, SuspendDataError, type DecodedProgress } from './suspend-data.js';
export { interactionFor, passDecision, type InteractionData, type InteractionType } from './mapping.js';
