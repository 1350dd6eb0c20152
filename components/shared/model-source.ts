/**
 * Turning what an element was given (an object, or a URL to fetch) into a validated model. A model
 * whose stamp vouches for its content (src/model/stamp.ts) is accepted as it is; anything else loads
 * the validator (a separate chunk) and gets every clear error, as `pathway validate` would give.
 */
import type { ValidationResult } from '../../src/model/load.js';
import { MAX_MODEL_BYTES } from '../../src/model/limits.js';
import { stampedModel } from '../../src/model/stamp.js';
import { loadValidator as validator } from './lazy-parts.js';

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
  return trusted(value) ?? validator().then(({ validateModel }) => validateModel(value));
}

/** Model file text: the stamp's fast path when the JSON parses and is stamped, full checks otherwise. */
export async function acceptModelText(text: string): Promise<ValidationResult> {
  let value: unknown;
  // Too large a file is never trusted on its stamp: the validator says why it is refused.
  if (text.length <= MAX_MODEL_BYTES) {
    try {
      value = JSON.parse(text);
    } catch {
      // The validator says where the syntax error is.
    }
  }
  const accepted = trusted(value);
  if (accepted) return accepted;
  const { loadModel } = await validator();
  return loadModel(text, new TextEncoder().encode(text).length);
}

export async function fetchModel(src: string, signal?: AbortSignal): Promise<ValidationResult> {
  const fail = (message: string): ValidationResult => ({ ok: false, problems: [{ severity: 'error', kind: 'file', path: '', message }] });
  let response: Response;
  try {
    response = await fetch(src, { signal, credentials: 'same-origin' });
  } catch (error) {
    if (signal?.aborted) throw error;
    return fail(`The model at ${src} could not be loaded: the network request failed (offline, blocked by CORS, or the server is unreachable).`);
  }
  if (!response.ok) return fail(`The model at ${src} could not be loaded: the server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`);
  const result = await acceptModelText(await response.text());
  if (!result.ok) {
    const first = result.problems[0];
    if (first?.kind === 'file') first.message = `${src}: ${first.message}`;
  }
  return result;
}
