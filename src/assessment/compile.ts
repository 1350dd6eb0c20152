/** A validated model, compiled for delivery: stamped, with its first questions precomputed (Node side). */
import { stampModel } from '../model/stamp.js';
import type { Model } from '../model/types.js';
import { firstQuestions } from './session.js';

export function compileModel(model: Model): Model {
  return stampModel(model, firstQuestions(model));
}
