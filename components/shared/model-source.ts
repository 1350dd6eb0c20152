/**
 * Turning what an element was given (an object, or a URL to fetch) into a validated model. A model
 * whose stamp vouches for its content (src/model/stamp.ts) is accepted as it is; anything else loads
 * the validator (a separate chunk) and gets every clear error, as `pathway validate` would give.
 */
import type { ValidationResult } from '../../src/model/load.js';
import type { ProblemDetail } from '../../src/model/problems.js';
import { MAX_MODEL_BYTES } from '../../src/model/limits.js';
import { stampedModel } from '../../src/model/stamp.js';
import { loadValidator as validator } from './lazy-parts.js';

/** Model files from this size on are checked in a worker (./off-thread.ts, loaded only then). */
const OFF_THREAD_BYTES = 256 * 1024;
const offThread = () => import('./off-thread.js');

/** Models accepted on their stamp: their precomputed data (`compiled.first`) can be trusted too. */
const stamped = new WeakSet<object>();

/** True when the model was accepted on a stamp that vouches for its content. */
export function isStamped(model: object): boolean {
  return stamped.has(model);
}

function trusted(value: unknown): ValidationResult | undefined {
  const model = stampedModel(value);
  if (!model) return undefined;
  stamped.add(model);
  return { ok: true, model, problems: [] };
}

/** Validates a model object, or accepts it on its stamp; synchronous when the stamp vouches for it. */
export function acceptModel(value: unknown): ValidationResult | Promise<ValidationResult> {
  return trusted(value) ?? (isLarge(value) ? validateLarge(value) : validator().then(({ validateModel }) => validateModel(value)));
}

/** Entries in a model's lists from which an object is checked in a worker (about 1 MB of JSON). */
const OFF_THREAD_ENTRIES = 2000;

function isLarge(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const lists = ['competencies', 'items', 'modules', 'roles'].map((key) => (value as Record<string, unknown>)[key]);
  return lists.reduce<number>((n, list) => n + (Array.isArray(list) ? list.length : 0), 0) >= OFF_THREAD_ENTRIES;
}

async function validateLarge(value: unknown): Promise<ValidationResult> {
  const { validateOffThread, withModel } = await offThread();
  const verdict = await validateOffThread({ value });
  return verdict ? withModel(verdict, value) : (await validator()).validateModel(value);
}

/** Model file text: the stamp's fast path when the JSON parses and is stamped, full checks otherwise. */
export async function acceptModelText(text: string): Promise<ValidationResult> {
  let value: unknown;
  // Too large a file is never trusted on its stamp: the validator says why it is refused.
  if (text.length <= MAX_MODEL_BYTES) {
    try {
      value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch {
      // The validator says where the syntax error is.
    }
  }
  const accepted = trusted(value);
  if (accepted) return accepted;
  const bytes = new TextEncoder().encode(text).length;
  // A large model is checked in a worker; the page keeps the value it parsed (a valid model parses).
  if (bytes >= OFF_THREAD_BYTES) {
    const { validateOffThread, withModel } = await offThread();
    const verdict = await validateOffThread({ text, bytes });
    if (verdict) return withModel(verdict, value);
  }
  const { loadModel } = await validator();
  return loadModel(text, bytes);
}

export async function fetchModel(src: string, signal?: AbortSignal): Promise<ValidationResult> {
  const fail = (message: string, detail: ProblemDetail): ValidationResult => ({ ok: false, problems: [{ severity: 'error', kind: 'file', path: '', message, detail }] });
  let response: Response;
  try {
    response = await fetch(src, { signal, credentials: 'same-origin' });
  } catch (error) {
    if (signal?.aborted) throw error;
    return fail(`The model at ${src} could not be loaded: the network request failed (offline, blocked by CORS, or the server is unreachable).`, { code: 'file-unreachable', src });
  }
  if (!response.ok) return fail(`The model at ${src} could not be loaded: the server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`, { code: 'file-status', src, status: response.status });
  const result = await acceptModelText(await response.text());
  if (!result.ok) {
    const first = result.problems[0];
    if (first?.kind === 'file') first.message = `${src}: ${first.message}`;
  }
  return result;
}
