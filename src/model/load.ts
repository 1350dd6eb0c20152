/**
 * Loading a model: text → JSON → shape → references. Never throws for bad input; every defect
 * comes back as a Problem with a path and what was expected.
 */
import { parseModelText } from './parse.js';
import { type Problem, sortProblems } from './problems.js';
import { checkReferences } from './references.js';
import { ShapeChecker } from './shape.js';
import { SHAPE_TABLE } from './shape-table.js';
import type { Model } from './types.js';

let checker: ShapeChecker | undefined;

export type ValidationResult =
  | { ok: true; model: Model; problems: Problem[] }
  | { ok: false; problems: Problem[] };

/** Validates a parsed JSON value (e.g. a model handed to an element as a property). */
export function validateModel(value: unknown): ValidationResult {
  if (Array.isArray(value) || value === null || typeof value !== 'object') {
    return {
      ok: false,
      problems: [{ severity: 'error', kind: 'file', path: '', message: 'A Pathway model is a JSON object with "format", "id", "competencies", "roles", "items" and "modules".' }],
    };
  }
  checker ??= new ShapeChecker(SHAPE_TABLE);
  const shapeProblems = checker.check(value);
  if (shapeProblems.length > 0) return { ok: false, problems: sortProblems(shapeProblems) };
  const model = value as Model;
  const problems = sortProblems(checkReferences(model));
  if (problems.some((p) => p.severity === 'error')) return { ok: false, problems };
  return { ok: true, model, problems };
}

/** Parses and validates model file text. `byteLength` lets callers report the real file size. */
export function loadModel(text: string, byteLength?: number): ValidationResult {
  const parsed = parseModelText(text, byteLength);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
  return validateModel(parsed.value);
}

/** Thrown by APIs that need a valid model; carries every problem found. */
export class ModelError extends Error {
  constructor(
    readonly problems: readonly Problem[],
    readonly source?: string,
  ) {
    const first = problems.find((p) => p.severity === 'error') ?? problems[0];
    const where = first?.path ? `${first.path}: ` : '';
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    super(`${source ? `${source}: ` : ''}${where}${first?.message ?? 'invalid model'}${more}`);
    this.name = 'ModelError';
  }
}

/** Like `loadModel`, but returns the model or throws a ModelError. */
export function requireModel(text: string, source?: string): Model {
  const result = loadModel(text);
  if (!result.ok) throw new ModelError(result.problems, source);
  return result.model;
}
