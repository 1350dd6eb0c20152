/**
 * The planner's public data: gaps and an ordered pathway whose every step can explain itself. All of
 * it is plain, serialisable, localisable data; the elements render it, the LMS runtimes report it.
 */
import type { Decision } from '../assessment/types.js';
import type { Modality, ModuleKind } from '../model/types.js';

export type RoleSlot = 'current' | 'target';

/** A competency where the learner is (probably) short of what a role requires. */
export interface Gap {
  competency: string;
  role: string;
  slot: RoleSlot;
  requiredLevel: number;
  /** The learner's estimated level (continuous) and its 90% interval. */
  level: number;
  levelInterval90: [number, number];
  pMeets: number;
  /** Meets, below or not yet sure (the assessment's three-way decision). */
  decision: Decision;
  /** E[(T − θ)₊] in θ units. */
  expectedShortfall: number;
  weight: number;
  critical: boolean;
  blindSpot: boolean;
  /** Priority used for ordering (higher first): weighted expected shortfall with role weights. */
  priority: number;
  /** Posterior mean and SD on the θ scale the gap was computed from. */
  theta?: number;
  sd?: number;
  /** θ from which the requirement counts as met. */
  threshold?: number;
  /** True when the results held no evidence on the competency (a wide prior was used). */
  noEvidence?: boolean;
}

/** A competency comfortably above what the roles require: a candidate for mentoring others. */
export interface Strength {
  competency: string;
  level: number;
  requiredLevel: number;
  /** P(θ ≥ requirement + one level). */
  pAbove: number;
  hiddenStrength: boolean;
  /** The role whose requirement is meant (the higher one when both roles require the competency). */
  role?: string;
}

/**
 * One reason, as data: `code` names a sentence the element localises; `params` fill it. For example
 * `{ code: 'closes-gap', params: { competency: 'feedback', role: 'lead', share: 0.44, ... } }`.
 */
export interface Reason {
  code: string;
  params: Record<string, string | number | boolean>;
}

export interface StepExplanation {
  /** Which gap(s), which role, which evidence, how sure. */
  why: Reason[];
  /** The module and what it develops. */
  what: Reason[];
  /** Modality, time, a concrete first action. */
  how: Reason[];
}

export interface PlanStep {
  module: string;
  kind: ModuleKind;
  modality: Modality;
  minutes: number;
  /** Competencies this step develops for this learner, with the expected level gain. */
  develops: { competency: string; expectedGain: number }[];
  /** Modules this step is a prerequisite for within the plan. */
  unlocks: string[];
  awareness: boolean;
  /** Set for spaced revisits: the module revisited and the suggested delay. */
  revisit?: { module: string; afterDays: number };
  /** Weighted expected-shortfall reduction this step adds to the plan. */
  value: number;
  status: 'todo' | 'done';
  explanation: StepExplanation;
  /**
   * The first ordering key: 0 awareness steps for a blind spot, 1 other awareness steps and other steps
   * for a blind-spot competency, 2 the rest. A prerequisite takes the lowest class of the steps that need it.
   */
  priorityClass?: PriorityClass;
}

export type PriorityClass = 0 | 1 | 2;

/** A gap the plan could not cover, and why (no module, budget, level out of reach…). */
export interface Uncovered {
  competency: string;
  role: string;
  reason: Reason;
}

/** A requirement that is neither clearly met nor clearly below, and how to find out. */
export interface Settle {
  competency: string;
  role: string;
  slot: RoleSlot;
  reason: Reason;
}

/** One requirement of the role the learner aims for: where it stands now, and as expected after the pathway. */
export interface ReadinessRequirement {
  competency: string;
  requiredLevel: number;
  critical: boolean;
  pMeets: number;
  decision: Decision;
  /** P(meets) expected once every step of the pathway is done (the steps' expected gains added). */
  pMeetsAfter: number;
  decisionAfter: Decision;
}

/** Readiness for one role (the target role, else the current one): the summary the results show. */
export interface Readiness {
  role: string;
  slot: RoleSlot;
  requirements: ReadinessRequirement[];
}

export interface Plan {
  format: 'pathway-plan/1';
  model: { id: string; version: string };
  currentRole?: string;
  targetRole?: string;
  budgetMinutes: number;
  totalMinutes: number;
  /** Minutes per modality, for the blend. */
  blend: Record<Modality, number>;
  gaps: Gap[];
  strengths: Strength[];
  /** In the order to do them. Completed steps stay, marked done. */
  steps: PlanStep[];
  uncovered: Uncovered[];
  /**
   * Requirements the assessment is not yet sure about, each with the evidence that would settle it
   * (reason `not-yet-sure`): a manager's view, a work sample, or a re-assessment after practice.
   * Always set by the planner; absent in plans saved by versions before it.
   */
  settle?: Settle[];
  /** Readiness for the target role (else the current role), now and as expected after the pathway. */
  readiness?: Readiness;
  /** Plan-level notes (e.g. unknown role, zero budget), as localisable reasons. */
  notes: Reason[];
  /**
   * Weighted expected shortfall over both roles before the plan and as expected after it (todo and
   * done steps), in the units of `PlanStep.value`.
   */
  objective?: { before: number; after: number };
  /** Fingerprint of the results the plan was made from; `replan` uses it to tell new evidence apart. */
  basis?: string;
  /** Role weights used: current role and target role (they sum to 1 when both are set). */
  roleWeights?: Partial<Record<RoleSlot, number>>;
}
