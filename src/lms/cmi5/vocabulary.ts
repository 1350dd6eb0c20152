/** The IRIs and names cmi5 defines (cmi5 spec, Quartz edition, §8–§11). */
import { VERBS } from '../../tracking/vocabulary.js';

const ADL_W3ID = 'https://w3id.org/xapi/adl/verbs/';

/** Verbs of "cmi5 defined" statements (the ADL verbs Pathway's profile uses too). The AU sends initialized, completed, passed, failed and terminated. */
export const CMI5_VERBS = {
  launched: 'http://adlnet.gov/expapi/verbs/launched',
  initialized: VERBS.initialized,
  completed: VERBS.completed,
  passed: VERBS.passed,
  failed: VERBS.failed,
  terminated: VERBS.terminated,
  abandoned: `${ADL_W3ID}abandoned`,
  waived: `${ADL_W3ID}waived`,
  satisfied: `${ADL_W3ID}satisfied`,
} as const;

export type Cmi5Verb = keyof typeof CMI5_VERBS;

/** The cmi5 defined verbs an AU sends (the others are the LMS's). */
export const AU_VERBS = ['initialized', 'completed', 'passed', 'failed', 'terminated'] as const satisfies readonly Cmi5Verb[];
export type AuVerb = (typeof AU_VERBS)[number];

export const CMI5_CATEGORY = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
/** Only on cmi5 defined statements whose result has `success` or `completion` (completed, passed, failed). */
export const MOVEON_CATEGORY = 'https://w3id.org/xapi/cmi5/context/categories/moveon';

export const CMI5_EXTENSIONS = {
  sessionId: 'https://w3id.org/xapi/cmi5/context/extensions/sessionid',
  masteryScore: 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore',
  launchMode: 'https://w3id.org/xapi/cmi5/context/extensions/launchmode',
  launchUrl: 'https://w3id.org/xapi/cmi5/context/extensions/launchurl',
  moveOn: 'https://w3id.org/xapi/cmi5/context/extensions/moveon',
  launchParameters: 'https://w3id.org/xapi/cmi5/context/extensions/launchparameters',
} as const;

/** The State API document the LMS writes before each launch; the AU only reads it. */
export const LAUNCH_DATA_STATE_ID = 'LMS.LaunchData';
/** The Agent Profile document holding the learner's language and audio preferences. */
export const LEARNER_PREFERENCES_PROFILE_ID = 'cmi5LearnerPreferences';

export const LAUNCH_MODES = ['Normal', 'Browse', 'Review'] as const;
export type Cmi5LaunchMode = (typeof LAUNCH_MODES)[number];

export const MOVE_ON = ['Passed', 'Completed', 'CompletedAndPassed', 'CompletedOrPassed', 'NotApplicable'] as const;
export type MoveOn = (typeof MOVE_ON)[number];
