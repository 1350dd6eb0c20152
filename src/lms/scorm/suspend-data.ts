/**
 * The suspend-data codec: a learner's progress (the engine's serialised assessment state, pathway steps
 * done, location) as one ASCII string small enough for SCORM 1.2's 4,096 characters.
 *
 * Layout: a 4-character header, then the body.
 *   `pw1z` + base64url(deflate-raw(payload))   — the usual form (CompressionStream);
 *   `pw1j` + payload                           — when it is shorter, or compression is unavailable.
 * The payload is JSON (non-ASCII escaped): `[location, fraction, fingerprint, stepBits, extraSteps, assessment]`.
 * Steps done are a bit set over the model's modules (11 characters for 61 modules instead of ~700 for
 * their ids); the fingerprint of the module list tells whether the bits still mean the same modules.
 */
import type { Model } from '../../model/types.js';
import type { Progress } from '../runtime.js';

export const SUSPEND_DATA_LIMIT = { scorm12: 4096, scorm2004: 64000 } as const;

const HEADER = 'pw1';

/**
 * The most a saved state may inflate to. Real states are a few times their 64,000-character limit at
 * most; a tampered one could otherwise inflate 80 KB into tens of megabytes.
 */
export const MAX_DECODED_BYTES = 1 << 20;

/** Why saved progress could not be read back. */
export class SuspendDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SuspendDataError';
  }
}

export interface DecodedProgress {
  progress: Progress;
  /** Something could not be restored exactly (e.g. the package's modules changed since the save). */
  warnings: string[];
}

type Payload = [location: string, fraction: number | null, fingerprint: string, stepBits: string, extraSteps: string[], assessment: string];

/** FNV-1a over the module ids: a short fingerprint of what the step bits refer to. */
function fingerprint(model: Pick<Model, 'modules'>): string {
  let hash = 0x811c9dc5;
  for (const { id } of model.modules) {
    for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
    hash = Math.imul(hash ^ 10, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  // A length of 4n + 1 is never valid base64 (atob would throw a DOMException).
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new SuspendDataError('The saved progress is corrupted (unexpected characters).');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** Inflates, stopping as soon as the output passes MAX_DECODED_BYTES. */
async function inflate(bytes: Uint8Array): Promise<Uint8Array> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_DECODED_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new SuspendDataError(`The saved progress is corrupted (it inflates to more than ${MAX_DECODED_BYTES} bytes, too large to be Pathway's).`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** JSON with every character outside printable ASCII escaped, so the result is pure ASCII. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const response = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw')));
  return new Uint8Array(await response.arrayBuffer());
}

function compressionAvailable(): boolean {
  return typeof CompressionStream === 'function' && typeof DecompressionStream === 'function';
}

/** Encodes progress as ASCII suspend data; the shorter of the compressed and the plain form. */
export async function encodeProgress(progress: Progress, model: Pick<Model, 'modules'>): Promise<string> {
  if (!/^[\x20-\x7e]*$/.test(progress.assessment)) throw new SuspendDataError('The assessment state is not printable ASCII.');
  const index = new Map(model.modules.map((m, i) => [m.id, i]));
  const bits = new Uint8Array(Math.ceil(model.modules.length / 8));
  const extra: string[] = [];
  for (const step of new Set(progress.stepsDone)) {
    const i = index.get(step);
    if (i === undefined) extra.push(step);
    else bits[i >> 3]! |= 1 << (i & 7);
  }
  const payload: Payload = [progress.location, progress.fraction ?? null, fingerprint(model), toBase64Url(bits), extra, progress.assessment];
  const plain = asciiJson(payload);
  const candidates = [`${HEADER}j${plain}`];
  if (compressionAvailable()) {
    const deflated = await deflate(new TextEncoder().encode(plain));
    candidates.push(`${HEADER}z${toBase64Url(deflated)}`);
  }
  return candidates.reduce((a, b) => (b.length < a.length ? b : a));
}

/** Decodes suspend data written by `encodeProgress`; throws SuspendDataError with a readable reason. */
export async function decodeProgress(text: string, model: Pick<Model, 'modules'>): Promise<DecodedProgress> {
  if (!text.startsWith('pw')) throw new SuspendDataError('The saved progress was not written by Pathway.');
  if (!text.startsWith(HEADER)) throw new SuspendDataError(`The saved progress was written by a newer version of Pathway (format ${text.slice(0, 3)}).`);
  const method = text[3];
  let plain: string;
  if (method === 'j') {
    if (text.length > MAX_DECODED_BYTES) throw new SuspendDataError('The saved progress is corrupted (too large to be Pathway\'s).');
    plain = text.slice(4);
  }
  else if (method === 'z') {
    if (!compressionAvailable()) throw new SuspendDataError('This browser cannot decompress the saved progress (no DecompressionStream).');
    try {
      plain = new TextDecoder().decode(await inflate(fromBase64Url(text.slice(4))));
    } catch (error) {
      if (error instanceof SuspendDataError) throw error;
      throw new SuspendDataError('The saved progress is corrupted (it does not decompress).');
    }
  } else throw new SuspendDataError(`The saved progress uses an unknown encoding "${method ?? ''}".`);
  let payload: unknown;
  try {
    payload = JSON.parse(plain);
  } catch {
    throw new SuspendDataError('The saved progress is corrupted (not readable).');
  }
  if (!isPayload(payload)) throw new SuspendDataError('The saved progress is corrupted (unexpected content).');
  const [location, fraction, print, bitText, extra, assessment] = payload;
  const warnings: string[] = [];
  const stepsDone = [...extra];
  const bits = fromBase64Url(bitText);
  const anyBit = bits.some((b) => b !== 0);
  if (print === fingerprint(model)) {
    model.modules.forEach((m, i) => {
      if ((bits[i >> 3]! >> (i & 7)) & 1) stepsDone.push(m.id);
    });
  } else if (anyBit) {
    warnings.push('The package’s development modules changed since the last session, so completed pathway steps could not be restored.');
  }
  const progress: Progress = { assessment, stepsDone, location };
  if (fraction !== null) progress.fraction = fraction;
  return { progress, warnings };
}

function isPayload(value: unknown): value is Payload {
  return (
    Array.isArray(value) &&
    value.length === 6 &&
    typeof value[0] === 'string' &&
    (value[1] === null || typeof value[1] === 'number') &&
    typeof value[2] === 'string' &&
    typeof value[3] === 'string' &&
    Array.isArray(value[4]) &&
    value[4].every((s: unknown) => typeof s === 'string') &&
    typeof value[5] === 'string'
  );
}
