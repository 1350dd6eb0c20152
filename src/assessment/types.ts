/**
 * The assessment's public data: responses going in, results coming out, and the session API the
 * elements, the CLI and the LMS runtimes use. Everything here is plain, serialisable data.
 *
 * Data flows one way: model → assessment state → results → plan → statements / LMS data.
 */
import type { Rater } from '../model/types.js';

/**
 * One answer to one item. Which fields apply depends on the item type:
 * - frequency, anchored, forced-choice, situational `best`: `choice` (0-based option index; for
 *   frequency, the index on the frequency scale, least often first);
 * - situational `most-least`: `most` and `least` (option indices, different);
 * - situational `rate-each`: `ratings` (one 1–5 rating per option, in option order);
 * - evidence: `choice` (0-based index into the rubric) and optional `evidence` (text or a link);
 * - any item: `notApplicable: true` ("not observed" / "no opportunity yet"), which is no evidence.
 */
export interface Response {
  item: string;
  choice?: number;
  most?: number;
  least?: number;
  ratings?: number[];
  evidence?: string;
  notApplicable?: true;
  /** Who answered; default: the session's rater (`self` unless the session was started for a manager or peer). */
  rater?: Rater;
  /** Distinguishes raters of the same kind (e.g. several peers); never a name or email. */
  raterId?: string;
  /** Milliseconds spent on the item, if measured. */
  latencyMs?: number;
}

/** Estimate of one competency on the θ scale, with the same estimate in scale levels. */
export interface ProficiencyEstimate {
  /** Posterior mean (EAP) on the θ scale. */
  theta: number;
  /** Posterior standard deviation: how unsure the estimate is. */
  sd: number;
  /** 90% credible interval of θ (posterior quantiles 5% and 95%). */
  interval90: [number, number];
  /** The EAP as a continuous position on the competency's scale, e.g. 3.4. */
  level: number;
  /** The 90% interval on the competency's scale. */
  levelInterval90: [number, number];
}

/** How a competency estimate compares with one role's requirement. */
export interface RoleCheck {
  role: string;
  requiredLevel: number;
  /** θ from which the requirement counts as met. */
  threshold: number;
  /** Posterior probability that θ ≥ threshold. */
  pMeets: number;
  /** Expected shortfall E[(threshold − θ)₊] in θ units: 0 when surely met. */
  expectedShortfall: number;
  weight: number;
  critical: boolean;
  /**
   * What the learner, the planner and the LMS are told: `meets` when pMeets is at least the model's
   * `assessment.decision.meets` (default 0.8), `below` when at most `decision.below` (default 0.2),
   * otherwise `unsure` ("not yet sure": more evidence is needed).
   */
  decision: Decision;
  /** True when the decision is `meets` or `below`. */
  decided: boolean;
}

export type Decision = 'meets' | 'below' | 'unsure';

/** How many requirements of one role each decision covers. */
export interface DecisionCounts {
  meets: number;
  below: number;
  unsure: number;
}

/** The evidence of one source on its own (self, or everything that is not self-report). */
export interface SourceView extends ProficiencyEstimate {
  responses: number;
  /** Distinct raters behind the view (peers count one each). */
  raters: number;
}

/**
 * How the self-view compares with the other evidence. `gap` = self − others (θ units); a blind spot
 * is a high probability that the self-view exceeds the other evidence by a meaningful margin, a
 * hidden strength the reverse. The engine's margin is half a level (0.5 θ); it flags when the
 * probability is at least 0.5 and calls the views aligned when the self-view is within the margin
 * with probability 0.8 (docs/assessment.md, "Self-view and blind spots").
 */
export interface SelfOtherComparison {
  /** Posterior mean of (self-view − θ), after the stated self leniency. */
  gap: number;
  /** P(self − others > margin). */
  pOverestimate: number;
  /** P(others − self > margin). */
  pUnderestimate: number;
  flag: 'blind-spot' | 'hidden-strength' | 'aligned' | 'unclear';
}

export interface CompetencyResult extends ProficiencyEstimate {
  competency: string;
  /** Responses that carried evidence on this competency (all raters; not-applicable answers excluded). */
  responses: number;
  current?: RoleCheck;
  target?: RoleCheck;
  sources: {
    /** Self-ratings (frequency and anchored items answered by the learner), corrected for the stated self leniency. */
    self?: SourceView;
    /** Everything that is not self-report: manager, peers, situational judgement, forced choice, work-sample evidence. */
    others?: SourceView;
    manager?: SourceView;
    /** Shown only when at least `minPeers` peers rated. */
    peers?: SourceView;
  };
  /** With self-ratings here and other evidence here or on another competency the learner rated (the self-view bias read there). */
  selfOther?: SelfOtherComparison;
}

export type StopReason = 'decided' | 'precision' | 'item-cap' | 'max-items' | 'time-budget' | 'bank-exhausted' | 'fixed-form-complete';

/** Everything an assessment concluded; the input of the planner (and of `pathway plan --results`). */
export interface AssessmentResults {
  format: 'pathway-results/1';
  model: { id: string; version: string };
  currentRole?: string;
  targetRole?: string;
  /** Who gave the answers (the form that was used). */
  rater: Rater;
  /** Set when the assessment ended (not merely suspended). */
  completed: boolean;
  stopReason?: StopReason;
  itemsAnswered: number;
  competencies: CompetencyResult[];
  overall: {
    /** 0–1: weighted share of current-role requirements met (probability-weighted); the LMS score. */
    score: number;
    /** Probability that every critical current-role requirement is met. */
    pMeetsCurrent?: number;
    pMeetsTarget?: number;
  };
  /** Requirements met, below and not yet sure, for the current and the target role. */
  decisions: {
    current?: DecisionCounts;
    target?: DecisionCounts;
  };
}

/** What the elements show while an assessment runs; honest about an adaptive length. */
export interface AssessmentProgress {
  answered: number;
  /** Best guess of the total, between `minimum` and `maximum`. */
  expectedTotal: number;
  minimum: number;
  maximum: number;
  /** 0–1, never moves backwards within a session. */
  fraction: number;
  /** Seconds the remaining items are expected to take. */
  secondsLeft: number;
}

export interface AssessmentOptions {
  currentRole?: string;
  targetRole?: string;
  rater?: Rater;
  /** Distinguishes raters of the same kind (e.g. several peers): an opaque id, never a name or email. */
  raterId?: string;
  /** Overrides the model's `assessment.mode`. */
  mode?: 'adaptive' | 'fixed';
  /** Overrides the model's `assessment.maxMinutes`. */
  maxMinutes?: number;
  /** Overrides the model's `assessment.maxItems`. */
  maxItems?: number;
  seed?: number;
}

/**
 * One learner's (or one rater's) assessment. The whole result can be recomputed from `state`, which
 * holds the options and the responses in order: this is what SCORM suspend data and resume store.
 */
export interface AssessmentSession {
  /** The next item to show, or undefined when the assessment is over. Deterministic for a given state. */
  next(): { itemId: string; position: number } | undefined;
  /** Records a response to the item `next()` returned (or, in review, one already answered); throws ResponseError when invalid. */
  answer(response: Response): void;
  /** Takes back the last response (back/review); returns it so the element can show it selected. */
  undo(): Response | undefined;
  readonly responses: readonly Response[];
  readonly done: boolean;
  readonly stopReason: StopReason | undefined;
  progress(): AssessmentProgress;
  results(): AssessmentResults;
  /** Compact, versioned, ASCII serialisation of options + responses. */
  serialize(): string;
  /**
   * Model option indices of an item in the order to show them: anchors and situational options
   * shuffled (seeded by the session, stable across resume), ordered scales unchanged.
   */
  displayOrder(itemId: string): number[];
}
