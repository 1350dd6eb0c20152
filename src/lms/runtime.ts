/**
 * One interface for every delivery mode: standalone (a page with the script tag; progress in
 * IndexedDB), SCORM 1.2, SCORM 2004, cmi5, and a TinCan-style xAPI launch. The elements talk only to
 * this interface; an adapter never decides a level or computes a score, it stores and reports what
 * the engine concluded, in the format its LMS expects.
 */
import type { RequestLaunch } from '../tracking/request.js';
import type { AssessmentResults, Response } from '../assessment/types.js';
import type { Plan } from '../planner/types.js';
import type { Model } from '../model/types.js';

export type RuntimeKind = 'standalone' | 'scorm12' | 'scorm2004' | 'cmi5' | 'xapi';

/** Normal records results; browse and review show content without recording a result. */
export type LaunchMode = 'normal' | 'browse' | 'review';

/** What a relaunch needs to continue exactly where the learner stopped. */
export interface Progress {
  /** The serialised assessment state (`AssessmentSession.serialize()`). */
  assessment: string;
  /** Ids of pathway steps the learner marked done. */
  stepsDone: string[];
  /** Where the learner is: e.g. "intro", "item", "results". */
  location: string;
  /** The xAPI registration of the attempt, so statements after a reload belong to the same attempt. */
  registration?: string;
  /** 0–1 share of the assessment done (`AssessmentProgress.fraction`), for the LMS's progress display. */
  fraction?: number;
}

export interface LaunchContext {
  kind: RuntimeKind;
  mode: LaunchMode;
  /** Learner identity as the LMS gives it; kept in memory only, never in statements beyond what the standard requires. */
  learner: { id?: string; name?: string };
  /** Preferred language from the LMS (cmi5 learner preferences, SCORM learner preference), if any. */
  language?: string;
  /** Saved progress from an earlier session, when this launch resumes. */
  resume?: Progress;
  /** Pass mark (0–1) set by the LMS, which overrides the model's. */
  masteryScore?: number;
  /** Where to send the learner after finishing (cmi5 returnURL). */
  returnUrl?: string;
  /**
   * The learner's current role when the launch fixes it (a cmi5 package with one AU per role passes
   * it in its launch parameters); the element then skips asking for it.
   */
  role?: string;
  /** A rater request the launch carries (an xAPI "rate a colleague" activity): who rates whom. */
  request?: RequestLaunch;
}

/** One answered item, as reported to the LMS or LRS. */
export interface AnswerRecord {
  response: Response;
  competency: string;
  /** 1-based position of the answer in the session. */
  sequence: number;
  /** When the answer was given (ISO 8601, UTC). */
  timestamp: string;
}

export interface StepProgress {
  module: string;
  status: 'started' | 'done';
  timestamp: string;
}

/** Something the learner or an administrator should know about; never silently dropped. */
export interface RuntimeProblem {
  source: 'lms' | 'lrs' | 'storage';
  message: string;
  /** LMS error code or HTTP status, when there is one. */
  code?: string | number;
  /** True when nothing was lost (e.g. stored locally and retried later). */
  recoverable: boolean;
}

export interface Runtime {
  readonly kind: RuntimeKind;
  /** Connects (LMS API discovery, cmi5 token fetch…) and reads the launch context. */
  start(model: Model): Promise<LaunchContext>;
  /** Stores progress so that a relaunch resumes here. Must not lose progress if the LMS fails: retry or keep it locally. */
  save(progress: Progress): Promise<void>;
  answered(record: AnswerRecord): Promise<void>;
  /** The assessment ended: record results (scores, objectives, statements) and the pathway. */
  completed(results: AssessmentResults, plan: Plan | undefined): Promise<void>;
  stepProgress(step: StepProgress): Promise<void>;
  /**
   * Ends the session. `finished`: the learner pressed Finish (set exit, session time, commit,
   * terminate). `suspended`: leaving unfinished. `unload`: best effort on `pagehide`.
   */
  finish(reason: 'finished' | 'suspended' | 'unload'): Promise<void>;
  /**
   * The learner opts out of team and organisation insights (`true`) or back in: sends the profile's
   * opt-out statement. Only runtimes that report to an LRS have it.
   */
  consent?(optedOut: boolean): Promise<void>;
  /** Set by the element to surface problems as `pathway-error` events. */
  onProblem?: (problem: RuntimeProblem) => void;
}
