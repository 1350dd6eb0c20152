/**
 * The IRIs of the Pathway xAPI Profile (`profile/pathway.jsonld`, documented in docs/xapi-profile.md).
 *
 * Verbs and activity types are reused from ADL, the SCORM/cmi5 vocabulary and the ADL TLA profile
 * wherever one fits. Only the extensions (and the pathway's own rater-role types) are minted, under
 * the profile's IRI, because a profile's concepts must be the same IRIs in every deployment for
 * reports to be written against them. Activity ids (the assessment, competencies, items, modules,
 * roles) are minted under each model's `id` (src/model/iri.ts and ./activities.ts).
 *
 * A test keeps this file, the profile document and the statement builders in agreement.
 */

/** The profile's IRI and the IRI of this version (put in `context.contextActivities.category`). */
export const PROFILE_IRI = 'https://pathway.example/xapi/profile';
export const PROFILE_VERSION = '1.0.0';
export const PROFILE_VERSION_IRI = `${PROFILE_IRI}/v${PROFILE_VERSION}`;

const ADL = 'http://adlnet.gov/expapi/verbs/';
const TLA_VERBS = 'https://w3id.org/xapi/tla/verbs/';
const ACTIVITY_STREAMS = 'http://activitystrea.ms/schema/1.0/';

export const VERBS = {
  initialized: `${ADL}initialized`,
  resumed: `${ADL}resumed`,
  suspended: `${ADL}suspended`,
  completed: `${ADL}completed`,
  passed: `${ADL}passed`,
  failed: `${ADL}failed`,
  terminated: `${ADL}terminated`,
  answered: `${ADL}answered`,
  attempted: `${ADL}attempted`,
  /** TLA: the actor completed assessments that change their authoritative learner state. */
  assessed: `${TLA_VERBS}assessed`,
  /** TLA: the actor took on a new learning goal without needing approval (here: a pathway). */
  planned: `${TLA_VERBS}planned`,
  /** Activity Streams: the learner left the group of people counted in insights (the opt-out). */
  left: `${ACTIVITY_STREAMS}leave`,
  /** Activity Streams: the learner joined it again (the opt-in after an opt-out). */
  joined: `${ACTIVITY_STREAMS}join`,
} as const;

export type VerbName = keyof typeof VERBS;

/** English display names, sent in `verb.display`. */
export const VERB_DISPLAY: Readonly<Record<VerbName, string>> = {
  initialized: 'initialized',
  resumed: 'resumed',
  suspended: 'suspended',
  completed: 'completed',
  passed: 'passed',
  failed: 'failed',
  terminated: 'terminated',
  answered: 'answered',
  attempted: 'attempted',
  assessed: 'assessed',
  planned: 'planned',
  left: 'left',
  joined: 'joined',
};

export const ACTIVITY_TYPES = {
  assessment: 'http://adlnet.gov/expapi/activities/assessment',
  interaction: 'http://adlnet.gov/expapi/activities/cmi.interaction',
  profile: 'http://adlnet.gov/expapi/activities/profile',
  competency: 'https://w3id.org/xapi/tla/activity-types/competency',
  /** TLA: "an outline of the duties and requirements to perform these duties for a given position". */
  role: 'https://w3id.org/xapi/tla/activity-types/job_duty_gig',
  /** TLA: "any generic collection of activities". */
  pathway: 'https://w3id.org/xapi/tla/activity-types/content_set',
  /** TLA: "any generic activity an actor can interact with, that is not an assessment". */
  step: 'https://w3id.org/xapi/tla/activity-types/activity',
  /** Activity Streams: a group of people; here, the people counted in team and organisation insights. */
  group: `${ACTIVITY_STREAMS}group`,
} as const;

/**
 * The object of the opt-out and opt-in statements: everyone counted in Pathway's aggregates (team
 * views, reports), whatever the model. A person's latest `left`/`joined` statement on it decides.
 */
export const INSIGHTS_ACTIVITY = `${PROFILE_IRI}/activities/insights`;

const EXT = `${PROFILE_IRI}/extensions/`;

/** Context extensions (in `context.extensions`). */
export const CONTEXT_EXTENSIONS = {
  /** Who gave the evidence: "self", "manager" or "peer". */
  rater: `${EXT}rater`,
  /** Identifier of the session (page load or cmi5 session) that produced the statement. */
  session: `${EXT}session`,
  /** The model's `version`. */
  modelVersion: `${EXT}model-version`,
  /** 1-based position of an answer in the session. */
  sequence: `${EXT}sequence`,
  /** IRI of the learner's current role. */
  currentRole: `${EXT}current-role`,
  /** IRI of the role the learner aims for. */
  targetRole: `${EXT}target-role`,
  /** The rater request an attempt answers: `{ "id": uuid, "rater": 0-based index }`. */
  request: `${EXT}request`,
  /** The person rated, when the actor must be the rater (a cmi5 launch): an xAPI Agent. */
  personRated: `${EXT}person-rated`,
} as const;

/** Result extensions (in `result.extensions`). */
export const RESULT_EXTENSIONS = {
  /** The estimated level as a continuous position on the competency's scale (e.g. 3.4). */
  level: `${EXT}level`,
  /** 90% credible interval of the level, `[low, high]`. */
  levelInterval: `${EXT}level-interval`,
  /** Posterior mean and standard deviation on the θ scale, `{ "theta": n, "sd": n }`. */
  estimate: `${EXT}estimate`,
  /** Level the current role requires. */
  requiredCurrent: `${EXT}required-level-current`,
  /** Level the target role requires. */
  requiredTarget: `${EXT}required-level-target`,
  /** Probability (0–1) that the learner meets the current role's level. */
  pMeetsCurrent: `${EXT}p-meets-current`,
  /** Probability (0–1) that the learner meets the target role's level. */
  pMeetsTarget: `${EXT}p-meets-target`,
  /** True when the self-view exceeds the other evidence by a meaningful margin. */
  blindSpot: `${EXT}blind-spot`,
  /** "blind-spot", "hidden-strength", "aligned" or "unclear", with the gap: `{ "flag", "gap" }`. */
  selfOther: `${EXT}self-other`,
  /** Responses that carried evidence. */
  responses: `${EXT}responses`,
  /** Why the assessment stopped. */
  stopReason: `${EXT}stop-reason`,
  /** Items answered in the assessment. */
  itemsAnswered: `${EXT}items-answered`,
  /** An answer of "not applicable / not observed": no evidence. */
  notApplicable: `${EXT}not-applicable`,
  /** The learner's evidence for a work-sample item (text or a link). */
  evidence: `${EXT}evidence`,
  /** The pathway's steps, in order (see the profile). */
  steps: `${EXT}steps`,
  /** Minutes the pathway takes and the budget it was planned for: `{ "total", "budget" }`. */
  minutes: `${EXT}minutes`,
  /** Gaps the pathway could not cover, with reasons. */
  uncovered: `${EXT}uncovered`,
} as const;

/** Activity extensions (in an activity's `definition.extensions`). */
export const ACTIVITY_EXTENSIONS = {
  /** A development step's kind (course, practice, coaching…) and modality. */
  moduleKind: `${EXT}module-kind`,
  modality: `${EXT}modality`,
} as const;

/** The rater's role in xAPI 2.0 `context.contextAgents[].relevantTypes`. */
export const RATER_ROLES = {
  self: `${PROFILE_IRI}/rater-roles/self`,
  manager: `${PROFILE_IRI}/rater-roles/manager`,
  peer: `${PROFILE_IRI}/rater-roles/peer`,
} as const;
