/**
 * Events the Pathway elements dispatch. All bubble and cross shadow roots (`composed`), so a page can
 * listen on `document`; each is typed in `HTMLElementEventMap` below.
 */
import type { AssessmentProgress, AssessmentResults, Response } from '../../src/assessment/types.js';
import type { Problem } from '../../src/model/problems.js';
import type { Item, Model } from '../../src/model/types.js';
import type { Plan } from '../../src/planner/types.js';
import type { MentorPair, PersonRow } from '../../src/insights/analytics/types.js';

export interface PathwayErrorDetail {
  /** What failed, e.g. "model", "lrs", "lms", "storage". */
  source: string;
  /** One readable sentence. */
  message: string;
  /** Model problems with their paths, when the error is an invalid model. */
  problems?: readonly Problem[];
}

export interface PathwayReadyDetail {
  /** The validated model the element now shows. */
  model: Model;
}

export interface PathwayAnswerDetail {
  response: Response;
  item: Item;
  competency: string;
  progress: AssessmentProgress;
}

export interface PathwayCompleteDetail {
  results: AssessmentResults;
  plan: Plan | undefined;
}

export interface PathwayStepDoneDetail {
  module: string;
  done: boolean;
  /** The re-planned pathway. */
  plan: Plan;
}

export interface PathwayPersonOpenDetail {
  /** The person's row of the report (levels and intervals; never a response). */
  person: PersonRow;
}

export interface PathwayMentorDetail {
  pair: MentorPair;
}

export interface PathwayEvidenceReadDetail {
  /** People in the report built from the evidence. */
  people: number;
  /** Statements and ratings left out, by reason (counts, never content). */
  skipped: Record<string, number>;
  /** Statements read more than once. */
  duplicates: number;
  /** Lines of an NDJSON file that were not JSON. */
  badLines: number;
}

export interface PathwayInsightsConsentDetail {
  /** True: the learner opted out of every team view and report; false: opted back in. */
  optedOut: boolean;
}

export interface PathwayEventDetails {
  'pathway-ready': PathwayReadyDetail;
  'pathway-answer': PathwayAnswerDetail;
  'pathway-complete': PathwayCompleteDetail;
  'pathway-step-done': PathwayStepDoneDetail;
  'pathway-error': PathwayErrorDetail;
  'pathway-person-open': PathwayPersonOpenDetail;
  'pathway-mentor-accept': PathwayMentorDetail;
  'pathway-mentor-decline': PathwayMentorDetail;
  'pathway-evidence-read': PathwayEvidenceReadDetail;
  'pathway-insights-consent': PathwayInsightsConsentDetail;
}

export function emit<K extends keyof PathwayEventDetails>(target: EventTarget, type: K, detail: PathwayEventDetails[K]): boolean {
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

declare global {
  interface HTMLElementEventMap {
    'pathway-ready': CustomEvent<PathwayReadyDetail>;
    'pathway-answer': CustomEvent<PathwayAnswerDetail>;
    'pathway-complete': CustomEvent<PathwayCompleteDetail>;
    'pathway-step-done': CustomEvent<PathwayStepDoneDetail>;
    'pathway-error': CustomEvent<PathwayErrorDetail>;
    'pathway-insights-consent': CustomEvent<PathwayInsightsConsentDetail>;
    'pathway-person-open': CustomEvent<PathwayPersonOpenDetail>;
    'pathway-mentor-accept': CustomEvent<PathwayMentorDetail>;
    'pathway-mentor-decline': CustomEvent<PathwayMentorDetail>;
    'pathway-evidence-read': CustomEvent<PathwayEvidenceReadDetail>;
  }
}
