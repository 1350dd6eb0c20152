/**
 * Saved progress in the LRS's State API — what the cmi5 and xAPI-launch runtimes use instead of
 * SCORM suspend data. One JSON document per learner, activity and registration, under a stateId
 * Pathway owns (never cmi5's `LMS.LaunchData`, which an AU must not touch).
 *
 * Progress is never lost to a failing LRS: the newest document stays in memory and is written again
 * with back-off until the LRS accepts it; until then a copy waits in `sessionStorage`, so a reload of
 * the page in the same tab (a cmi5 session continues across reloads) picks it up and writes it. The
 * copy holds progress only — never a credential — and is removed once the LRS has the document.
 */
import type { DocumentOutcome, DocumentTarget } from '../../tracking/lrs-client.js';
import type { Agent } from '../../tracking/types.js';
import { isUuid, URL_NAMESPACE, uuidV5 } from '../../tracking/uuid.js';
import { PROFILE_IRI } from '../../tracking/vocabulary.js';
import type { Progress, RuntimeProblem } from '../runtime.js';

/** The stateId of Pathway's document: an IRI Pathway owns, so no other content reads or overwrites it. */
export const PROGRESS_STATE_ID = `${PROFILE_IRI}/state/progress`;

export const STATE_FORMAT = 'pathway-state/1';

/** Results a cmi5 registration already recorded (each at most once per registration). */
export type RecordedVerb = 'completed' | 'passed' | 'failed';

export interface StateDocument {
  format: typeof STATE_FORMAT;
  progress?: Progress;
  /** cmi5: completed / passed / failed statements this registration already sent. */
  recorded?: RecordedVerb[];
  /** xAPI launch without a registration: the attempt's own registration, kept across launches. */
  registration?: string;
}

/** What the store needs from the LRS client (`LrsClient` has it). */
export interface DocumentClient {
  getDocument(target: DocumentTarget): Promise<DocumentOutcome>;
  putDocument(target: Extract<DocumentTarget, { resource: 'state' }>, document: unknown, options?: { keepalive?: boolean }): Promise<DocumentOutcome>;
}

export interface StateOwner {
  agent: Agent;
  activityId: string;
  registration?: string;
}

export interface StateStoreOptions {
  onProblem?: (problem: RuntimeProblem) => void;
  /** Waits before writing again after a failure (default 2, 5, 15, 30 s, then every 30 s). */
  retryDelaysMs?: readonly number[];
  /** Where an unsaved document waits for the next write (default `sessionStorage`, when available). */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  /** Read attempts on network failures before giving up (default 3). */
  readAttempts?: number;
}

/** The saved state could not be read (not for a missing document, which is simply a first launch). */
export class StateReadError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'StateReadError';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The tab's sessionStorage, or null where the browser refuses it (some sandboxed frames throw on access). */
export function sessionStorageOrNull(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

/** Checks a document read back from the LRS; anything unexpected becomes "no saved state". */
export function parseStateDocument(value: unknown): StateDocument | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const doc = value as Partial<StateDocument>;
  if (doc.format !== STATE_FORMAT) return undefined;
  const out: StateDocument = { format: STATE_FORMAT };
  const p = doc.progress as Partial<Progress> | undefined;
  if (p && typeof p.assessment === 'string' && Array.isArray(p.stepsDone) && typeof p.location === 'string') {
    out.progress = { assessment: p.assessment, stepsDone: p.stepsDone.filter((s): s is string => typeof s === 'string'), location: p.location };
    if (typeof p.fraction === 'number' && p.fraction >= 0 && p.fraction <= 1) out.progress.fraction = p.fraction;
  }
  if (Array.isArray(doc.recorded)) out.recorded = doc.recorded.filter((v): v is RecordedVerb => v === 'completed' || v === 'passed' || v === 'failed');
  if (typeof doc.registration === 'string' && isUuid(doc.registration)) out.registration = doc.registration.toLowerCase();
  return out;
}

export class StateStore {
  private readonly target: Extract<DocumentTarget, { resource: 'state' }>;
  private readonly storage: StateStoreOptions['storage'];
  private readonly mirrorKey: string;
  private doc: StateDocument = { format: STATE_FORMAT };
  /** The document differs from what the LRS has. */
  private dirty = false;
  private writing: Promise<boolean> | undefined;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private reported = false;
  private closed = false;

  constructor(
    private readonly client: DocumentClient,
    owner: StateOwner,
    private readonly options: StateStoreOptions = {},
  ) {
    this.target = { resource: 'state', agent: owner.agent, activityId: owner.activityId, stateId: PROGRESS_STATE_ID, ...(owner.registration ? { registration: owner.registration } : {}) };
    this.storage = options.storage === undefined ? sessionStorageOrNull() : options.storage;
    // The key names the owner without spelling out who the learner is.
    this.mirrorKey = `pathway-state:${uuidV5(JSON.stringify([owner.agent, owner.activityId, owner.registration ?? '']), URL_NAMESPACE)}`;
  }

  get current(): StateDocument {
    return this.doc;
  }

  /**
   * Reads the saved document (undefined on a first launch). A copy left unsaved by an earlier page in
   * this tab wins over the LRS's, and is written — also when the LRS cannot be reached. Throws
   * StateReadError when the LRS refuses, or cannot be reached and there is no such copy.
   */
  async read(): Promise<StateDocument | undefined> {
    const attempts = this.options.readAttempts ?? 3;
    let outcome: DocumentOutcome = { kind: 'failed', message: 'not asked', retry: true };
    for (let attempt = 1; attempt <= attempts; attempt++) {
      outcome = await this.client.getDocument(this.target);
      if (outcome.kind !== 'failed' || !outcome.retry) break;
      if (attempt < attempts) await sleep(300 * attempt);
    }
    const mirrored = this.readMirror();
    if (outcome.kind === 'failed') {
      // This device's unsaved copy is newer than anything the LRS has: while the LRS is only away (not
      // refusing), go on from it and write it later.
      if (!mirrored || !outcome.retry) throw new StateReadError(`The saved progress could not be read from the LRS (${outcome.status ?? 'no answer'}: ${outcome.message}).`, outcome.status);
      this.doc = mirrored;
      this.dirty = true;
      void this.write();
      return this.doc;
    }
    const remote = outcome.kind === 'found' ? parseStateDocument(outcome.document) : undefined;
    if (mirrored) {
      this.doc = { ...remote, ...mirrored, recorded: union(remote?.recorded, mirrored.recorded) };
      this.dirty = true;
      void this.write();
    } else if (remote) this.doc = remote;
    return mirrored || remote ? this.doc : undefined;
  }

  /** Changes the document and writes it (retried until the LRS accepts it). */
  update(change: Partial<Omit<StateDocument, 'format'>>): Promise<boolean> {
    this.doc = { ...this.doc, ...change, format: STATE_FORMAT };
    this.dirty = true;
    this.writeMirror();
    return this.write();
  }

  /** Records that a registration-level result was sent (cmi5 completed / passed / failed). */
  record(verb: RecordedVerb): Promise<boolean> {
    if (this.doc.recorded?.includes(verb)) return Promise.resolve(true);
    return this.update({ recorded: [...(this.doc.recorded ?? []), verb] });
  }

  /** True when the LRS has the newest document. */
  get saved(): boolean {
    return !this.dirty;
  }

  /**
   * Writes now if anything is unsaved. With `keepalive` (leaving the page) the request is sent and not
   * waited for; the copy in sessionStorage stays until a later page confirms.
   */
  flush(options: { keepalive?: boolean } = {}): Promise<boolean> {
    if (!this.dirty) return Promise.resolve(true);
    if (options.keepalive) {
      void this.client.putDocument(this.target, this.doc, { keepalive: true }).catch(() => undefined);
      return Promise.resolve(false);
    }
    this.clearTimer();
    return this.write();
  }

  /** Stops retrying; what is unsaved stays in sessionStorage. */
  close(): void {
    this.closed = true;
    this.clearTimer();
  }

  private write(): Promise<boolean> {
    if (this.writing) return this.writing.then(() => (this.dirty ? this.write() : true));
    const run = async (): Promise<boolean> => {
      while (this.dirty && !this.closed) {
        const doc = this.doc;
        const outcome = await this.client.putDocument(this.target, doc);
        if (outcome.kind === 'failed') {
          this.failures++;
          if (!this.reported && (!outcome.retry || this.failures >= 2)) {
            this.reported = true;
            this.options.onProblem?.({
              source: 'lrs',
              ...(outcome.status !== undefined ? { code: outcome.status } : {}),
              recoverable: true,
              message: `Progress could not be saved in the LRS (${outcome.status ?? 'no answer'}: ${outcome.message}). It is kept on this page and saving is retried.`,
            });
          }
          this.schedule();
          return false;
        }
        if (this.doc === doc) {
          this.dirty = false;
          this.failures = 0;
          this.reported = false;
          this.removeMirror();
        }
      }
      return !this.dirty;
    };
    this.writing = run().finally(() => {
      this.writing = undefined;
    });
    return this.writing;
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    const delays = this.options.retryDelaysMs ?? [2_000, 5_000, 15_000, 30_000];
    const delay = delays[Math.min(this.failures - 1, delays.length - 1)] ?? 30_000;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.write();
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private readMirror(): StateDocument | undefined {
    try {
      const text = this.storage?.getItem(this.mirrorKey);
      return text ? parseStateDocument(JSON.parse(text)) : undefined;
    } catch {
      return undefined;
    }
  }

  private writeMirror(): void {
    try {
      this.storage?.setItem(this.mirrorKey, JSON.stringify(this.doc));
    } catch {
      // Storage full or blocked: the in-memory copy and the retries still hold it.
    }
  }

  private removeMirror(): void {
    try {
      this.storage?.removeItem(this.mirrorKey);
    } catch {
      // nothing to do
    }
  }
}

function union<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): T[] | undefined {
  const all = [...new Set([...(a ?? []), ...(b ?? [])])];
  return all.length > 0 ? all : undefined;
}
