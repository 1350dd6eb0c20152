/** The cmi5 runtime (Pathway as a cmi5 Assignable Unit) and its parts (`pathway-kit/lms/cmi5`). See docs/cmi5.md. */
export { Cmi5Runtime, createCmi5Runtime, type Cmi5RuntimeOptions } from './runtime.js';
export { CMI5_LAUNCH_PARAMETERS, Cmi5LaunchError, fetchAuthToken, hasCmi5Launch, parseCmi5Launch, sessionKey, SessionRecords, type Cmi5Launch, type SessionRecord } from './launch.js';
export { launchRole, parseLaunchData, parseLearnerPreferences, type Cmi5LaunchData, type LearnerPreferences, type ParsedLaunchData } from './launch-data.js';
export { Cmi5Gate, cmi5Statement, cmi5VerbOf, type GateMemory } from './rules.js';
export * from './vocabulary.js';
