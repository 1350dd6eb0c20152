/**
 * One statement → one evidence record, or the reason it is skipped. Only what fusion needs is kept:
 * answers (who rated whom, on which item, what), the end of a rater's attempt (roles, stop reason)
 * and voiding. Anything else of the profile (initialized, assessed, planned…) is not evidence and is
 * passed over without counting; anything malformed, foreign, too large or for another model version
 * is skipped and counted by reason.
 */
import type { StopReason } from '../../assessment/types.js';
import { itemIri, modelIri } from '../../model/iri.js';
import type { Item, Model, Rater } from '../../model/types.js';
import { CONTEXT_EXTENSIONS, INSIGHTS_ACTIVITY, PROFILE_VERSION_IRI, RATER_ROLES, RESULT_EXTENSIONS, VERBS } from '../../tracking/vocabulary.js';
import { agentKey } from './agent.js';

export const VOIDED_VERB = 'http://adlnet.gov/expapi/verbs/voided';

/** Why a statement was skipped (the keys of `SkipCounts`). */
export type SkipReason =
  | 'malformed'
  | 'too-large'
  | 'foreign'
  | 'other-model'
  | 'other-version'
  | 'unknown-item'
  | 'no-rater'
  | 'invalid-response'
  | 'rater-is-person'
  | 'person-not-on-roster'
  | 'rater-not-on-roster'
  | 'consent-not-by-person';

interface RecordBase {
  /** Statement id. */
  id: string;
  /** `<request id>/<rater index>` when the statement answers a rater request. */
  request?: string | undefined;
  /** When the LRS stored it (ISO 8601); the timestamp when a file has no `stored`. */
  stored: string;
}

export interface AnswerRecord extends RecordBase {
  kind: 'answer';
  person: string;
  personName?: string | undefined;
  rater: Rater;
  /** The rater's agent key; the person's own key for self; `registration:<uuid>` for a rater without an agent. */
  raterKey: string;
  registration: string;
  timestamp: string;
  sequence: number;
  item: string;
  /** The response as the statement gives it (`result.response`). */
  response: string;
  notApplicable: boolean;
}

/** completed / passed / failed: a rater's attempt ended; carries the roles and the stop reason. */
export interface FinishRecord extends RecordBase {
  kind: 'finish';
  person: string;
  rater: Rater;
  /** As on answers (the person's own key for self). */
  raterKey?: string | undefined;
  registration: string;
  timestamp: string;
  currentRole?: string | undefined;
  targetRole?: string | undefined;
  stopReason?: StopReason | undefined;
}

export interface VoidRecord extends RecordBase {
  kind: 'void';
  voids: string;
}

/** The person's opt-out of every aggregate (`left`) or opt-in again (`joined`); not tied to a model. */
export interface ConsentRecord extends RecordBase {
  kind: 'consent';
  person: string;
  optedOut: boolean;
}

export type EvidenceRecord = AnswerRecord | FinishRecord | VoidRecord | ConsentRecord;

export type ReadOutcome = EvidenceRecord | { skip: SkipReason } | undefined;

export interface ReadOptions {
  /** Statements larger than this (JSON characters) are skipped as `too-large`. Default 64 KiB. */
  maxStatementChars?: number;
}

export const DEFAULT_MAX_STATEMENT_CHARS = 64 * 1024;
const RATERS: readonly string[] = ['self', 'manager', 'peer'];
const FINISH_VERBS = new Set<string>([VERBS.completed, VERBS.passed, VERBS.failed]);
/** Every verb the reader takes in (evidence, finishes, consent and voiding); others are passed over unmeasured. */
const READ_VERBS = new Set<string>([VOIDED_VERB, VERBS.answered, VERBS.left, VERBS.joined, ...FINISH_VERBS]);
const STOP_REASONS = new Set(['decided', 'precision', 'item-cap', 'max-items', 'time-budget', 'bank-exhausted', 'fixed-form-complete']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)$/;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * True when `value` serialises to more than `limit` characters, counted as strings' length + 2, keys'
 * length + 4, arrays' length + 1 and 5 for any other value; stops walking as soon as it knows. Strings and
 * numbers, most of a statement, are counted where they are met rather than pushed on the stack (the walk
 * was a quarter of reading parsed statements).
 */
export function largerThan(value: unknown, limit: number): boolean {
  let budget = limit;
  const stack: object[] = [];
  let v: unknown = value;
  for (;;) {
    if (typeof v === 'string') budget -= v.length + 2;
    else if (v === null || typeof v !== 'object') budget -= 5;
    else if (Array.isArray(v)) {
      budget -= v.length + 1;
      for (let i = 0; i < v.length && budget >= 0; i++) budget -= leaf(v[i], stack);
    } else {
      const o = v as Record<string, unknown>;
      for (const k in o) {
        budget -= k.length + 4 + leaf(o[k], stack);
        if (budget < 0) return true;
      }
    }
    if (budget < 0) return true;
    const next = stack.pop();
    if (next === undefined) return false;
    v = next;
  }
}

/** A string's or other plain value's count; an object or array is left on the stack for later (0 now). */
function leaf(x: unknown, stack: object[]): number {
  if (typeof x === 'string') return x.length + 2;
  if (x !== null && typeof x === 'object') {
    stack.push(x);
    return 0;
  }
  return 5;
}

/**
 * What one statement says, before any model is known: what `pathway insights sync` stores (one row
 * per statement in the fact table). Roles and the object stay IRIs here.
 */
export interface Fact {
  /** `consent` keeps the opt-out (`response` "out") or opt-in ("in"). */
  kind: 'answer' | 'finish' | 'void' | 'consent';
  id: string;
  stored: string;
  /** For `void`: the id of the statement voided. */
  voids?: string | undefined;
  person?: string | undefined;
  personName?: string | undefined;
  rater?: Rater | undefined;
  raterKey?: string | undefined;
  registration?: string | undefined;
  timestamp?: string | undefined;
  sequence?: number | undefined;
  object?: string | undefined;
  response?: string | undefined;
  notApplicable?: boolean | undefined;
  modelVersion?: string | undefined;
  currentRole?: string | undefined;
  targetRole?: string | undefined;
  stopReason?: StopReason | undefined;
  /** `<request id>/<rater index>` (the `request` extension). */
  request?: string | undefined;
}

/** The `request` extension as `<id>/<index>`; undefined when absent, null when malformed. */
function requestOf(value: unknown): string | undefined | null {
  if (value === undefined) return undefined;
  const r = obj(value);
  const id = text(r?.id);
  const index = r?.rater;
  if (!id || !UUID.test(id) || typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index > 49) return null;
  return `${id.toLowerCase()}/${index}`;
}

/** One statement → a fact, a skip, or undefined for a Pathway statement that is not evidence. */
export function extractFact(value: unknown, maxChars: number = DEFAULT_MAX_STATEMENT_CHARS, size?: number): Fact | { skip: SkipReason } | undefined {
  const s = obj(value);
  if (!s) return { skip: 'malformed' };
  const verb = text(obj(s.verb)?.id);
  // Other verbs are not evidence whatever their size: no need to measure them.
  if (verb !== undefined && !READ_VERBS.has(verb)) return undefined;
  if (size !== undefined ? size > maxChars : largerThan(s, maxChars)) return { skip: 'too-large' };
  const id = text(s.id)?.toLowerCase();
  const object = obj(s.object);
  if (!id || !UUID.test(id) || !verb || !object) return { skip: 'malformed' };
  const stamp = text(s.timestamp);
  const stored = text(s.stored) ?? stamp;
  if (!stored || !ISO.test(stored) || (stamp !== undefined && !ISO.test(stamp))) return { skip: 'malformed' };
  if (verb === VOIDED_VERB) {
    const target = text(object.id);
    if (object.objectType !== 'StatementRef' || !target || !UUID.test(target)) return { skip: 'malformed' };
    return { kind: 'void', id, stored, voids: target.toLowerCase() };
  }
  const answered = verb === VERBS.answered;
  const consent = (verb === VERBS.left || verb === VERBS.joined) && object.id === INSIGHTS_ACTIVITY;
  if (!answered && !consent && !FINISH_VERBS.has(verb)) return undefined;
  const context = obj(s.context);
  const category = context ? obj(context.contextActivities)?.category : undefined;
  if (!Array.isArray(category) || !category.some((a) => obj(a)?.id === PROFILE_VERSION_IRI)) return { skip: 'foreign' };
  if (consent) {
    const person = agentKey(s.actor);
    if (!person || !stamp) return { skip: 'malformed' };
    // Only the person decides: a rater (or anyone named beside the actor) cannot opt them out or in.
    if (context!.contextAgents !== undefined || context!.instructor !== undefined || obj(context!.extensions)?.[CONTEXT_EXTENSIONS.rater] !== undefined) return { skip: 'consent-not-by-person' };
    return { kind: 'consent', id, stored, person, timestamp: stamp, response: verb === VERBS.left ? 'out' : 'in' };
  }
  const extensions = obj(context!.extensions);
  const version = text(extensions?.[CONTEXT_EXTENSIONS.modelVersion]);
  const rater = text(extensions?.[CONTEXT_EXTENSIONS.rater]);
  const registration = text(context!.registration)?.toLowerCase();
  // In a cmi5 rating the actor is the rater (the launch actor) and the person rated is in `person-rated`.
  const rated = extensions?.[CONTEXT_EXTENSIONS.personRated];
  const person = agentKey(rated ?? s.actor);
  const request = requestOf(extensions?.[CONTEXT_EXTENSIONS.request]);
  if (!person || !registration || !UUID.test(registration) || !version || !rater || !RATERS.includes(rater) || !stamp || request === null) return { skip: 'malformed' };
  const raterKind = rater as Rater;
  if (rated !== undefined && raterKind === 'self') return { skip: 'malformed' };
  const result = obj(s.result);
  let raterKey: string = person;
  if (raterKind !== 'self') raterKey = (rated !== undefined ? agentKey(s.actor) : raterOf(context!, raterKind)) ?? `registration:${registration}`;
  // Object literals written out (not spread from a common part): a tenth of reading a statement otherwise.
  const objectId = text(object.id);
  if (!answered) {
    const stop = text(obj(result?.extensions)?.[RESULT_EXTENSIONS.stopReason]);
    return {
      kind: 'finish', id, stored, person, rater: raterKind, raterKey, registration, timestamp: stamp, modelVersion: version, object: objectId, request,
      currentRole: text(extensions?.[CONTEXT_EXTENSIONS.currentRole]),
      targetRole: text(extensions?.[CONTEXT_EXTENSIONS.targetRole]),
      stopReason: stop && STOP_REASONS.has(stop) ? (stop as StopReason) : undefined,
    };
  }
  const response = text(result?.response);
  const sequence = extensions?.[CONTEXT_EXTENSIONS.sequence];
  if (response === undefined || typeof sequence !== 'number' || !Number.isInteger(sequence) || !objectId) return { skip: 'malformed' };
  if (raterKind !== 'self' && raterKey === person) return { skip: 'rater-is-person' };
  return {
    kind: 'answer', id, stored, person, rater: raterKind, raterKey, registration, timestamp: stamp, modelVersion: version, object: objectId, request,
    personName: text(obj(s.actor)?.name),
    sequence,
    response,
    notApplicable: obj(result!.extensions)?.[RESULT_EXTENSIONS.notApplicable] === true,
  };
}

/** Reads statements (or stored facts) of one model version into evidence records. */
export class StatementReader {
  private readonly base: string;
  private readonly items: Map<string, Item>;
  private readonly rolePrefix: string;
  private readonly maxChars: number;

  constructor(
    readonly model: Model,
    options: ReadOptions = {},
  ) {
    this.base = modelIri(model);
    this.items = new Map(model.items.map((i) => [itemIri(model, i.id), i]));
    this.rolePrefix = `${this.base}/roles/`;
    this.maxChars = options.maxStatementChars ?? DEFAULT_MAX_STATEMENT_CHARS;
  }

  /** `size`: the statement's length in characters when known (a file line), to skip the walk. */
  read(value: unknown, size?: number): ReadOutcome {
    const fact = extractFact(value, this.maxChars, size);
    return fact === undefined || 'skip' in fact ? fact : this.accept(fact);
  }

  /** A fact of this model version as an evidence record, or why it is skipped. */
  accept(fact: Fact): EvidenceRecord | { skip: SkipReason } {
    if (fact.kind === 'void') return { kind: 'void', id: fact.id, stored: fact.stored, voids: fact.voids! };
    // Consent is the person's, whatever the model and version.
    if (fact.kind === 'consent') return { kind: 'consent', id: fact.id, stored: fact.stored, person: fact.person!, optedOut: fact.response === 'out' };
    const answer = fact.kind === 'answer';
    if (answer && !fact.object!.startsWith(`${this.base}/`)) return { skip: 'other-model' };
    if (fact.modelVersion !== this.model.version) return { skip: 'other-version' };
    if (!answer) {
      const finish: FinishRecord = { kind: 'finish', id: fact.id, stored: fact.stored, person: fact.person!, rater: fact.rater!, registration: fact.registration!, timestamp: fact.timestamp! };
      if (fact.request) finish.request = fact.request;
      if (fact.raterKey) finish.raterKey = fact.raterKey;
      finish.currentRole = this.roleId(fact.currentRole);
      finish.targetRole = this.roleId(fact.targetRole);
      finish.stopReason = fact.stopReason;
      return finish;
    }
    const item = this.items.get(fact.object!);
    if (!item) return { skip: 'unknown-item' };
    const record: AnswerRecord = { kind: 'answer', id: fact.id, stored: fact.stored, person: fact.person!, rater: fact.rater!, registration: fact.registration!, timestamp: fact.timestamp!, raterKey: fact.raterKey!, sequence: fact.sequence!, item: item.id, response: fact.response!, notApplicable: fact.notApplicable === true, personName: fact.personName };
    if (fact.request) record.request = fact.request;
    return record;
  }

  private roleId(iri: string | undefined): string | undefined {
    if (!iri?.startsWith(this.rolePrefix)) return undefined;
    const id = iri.slice(this.rolePrefix.length);
    return this.model.roles.some((r) => r.id === id) ? id : undefined;
  }
}

/** The rater's agent key: xAPI 2.0 `contextAgents` with the rater role, else 1.0.3 `instructor`. */
function raterOf(context: Json, kind: Rater): string | undefined {
  const agents = context.contextAgents;
  if (Array.isArray(agents)) {
    for (const a of agents) {
      const entry = obj(a);
      const types = entry?.relevantTypes;
      if (Array.isArray(types) && types.includes(RATER_ROLES[kind])) {
        const key = agentKey(entry!.agent);
        if (key) return key;
      }
    }
  }
  return agentKey(context.instructor);
}
