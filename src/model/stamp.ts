/**
 * The compiled-model stamp: `pathway validate --write-stamp` and `pathway package` record in a valid
 * model that this version of Pathway validated exactly this content (`compiled: { by, digest }`).
 * A browser that finds a matching stamp skips validation and never loads the validator; a missing,
 * stale (hand-edited content) or foreign (another version) stamp means full validation, with every
 * clear error. The digest guards against accidents, not against forgery: anyone can compute it.
 *
 * Small on purpose: it is on the path to the first question.
 */
import type { Model } from './types.js';
import { VERSION } from '../version.js';

/** `compiled`: who validated the model, a digest (two 32-bit FNV-1a lanes, hex), precomputed data. */
export type CompiledStamp = NonNullable<Model['compiled']>;

export const STAMPED_BY = `pathway-kit@${VERSION}`;

/** A 64-bit digest of a text: FNV-1a twice, with different offsets, so one lane's collision is not enough. */
export function digestText(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x2b992ddf;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** The digest of a model's content: its JSON (in its own key order) without the stamp, and the stamp's precomputed data. */
export function digestModel(model: object): string {
  const { compiled, ...content } = model as { compiled?: { first?: unknown } };
  const first = compiled && typeof compiled === 'object' ? compiled.first : undefined;
  return digestText(`${STAMPED_BY}\n${JSON.stringify(content)}${first === undefined ? '' : `\n${JSON.stringify(first)}`}`);
}

/** The model with a fresh stamp (and the precomputed data given), placed last so it does not disturb the author's layout. */
export function stampModel(model: Model, first?: CompiledStamp['first']): Model {
  const { compiled: _old, ...content } = model;
  const compiled = { by: STAMPED_BY, ...(first ? { first } : {}) };
  return { ...content, compiled: { by: STAMPED_BY, digest: digestModel({ ...content, compiled }), ...(first ? { first } : {}) } } as Model;
}

/** Why a value's stamp does not vouch for it, or undefined when it does. */
export function stampProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not a model object';
  const stamp = (value as { compiled?: Partial<CompiledStamp> }).compiled;
  if (stamp === undefined) return 'no stamp';
  if (stamp === null || typeof stamp !== 'object') return 'a malformed stamp';
  if (stamp.by !== STAMPED_BY) return `stamped by ${String(stamp.by)}, not ${STAMPED_BY}`;
  if (stamp.digest !== digestModel(value)) return 'the content changed since it was stamped';
  return undefined;
}

/** The model, when its stamp vouches for it. */
export function stampedModel(value: unknown): Model | undefined {
  return stampProblem(value) === undefined ? (value as Model) : undefined;
}
