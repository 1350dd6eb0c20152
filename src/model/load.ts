/**
 * Loading a model: text → JSON → shape → references. Never throws for bad input; every defect
 * comes back as a Problem with a path and what was expected.
 */
import { parseModelText } from './parse.js';
import { type Problem, sortProblems } from './problems.js';
import { checkReferences } from './references.js';
import { pathText, ShapeChecker } from './shape.js';
import { SHAPE_TABLE } from './shape-table.js';
import type { Model } from './types.js';

let checker: ShapeChecker | undefined;

/**
 * How deeply a model's JSON may nest. The format itself needs about 8 levels; the rest is room for
 * `extensions`. Deeper values would crash the recursive tools that read a model (JSON.stringify in
 * the packager, the shape check), so they are refused first, without recursion.
 */
export const MAX_DEPTH = 64;

/** The first place the value nests deeper than MAX_DEPTH, or undefined. */
function tooDeep(value: unknown): (string | number)[] | undefined {
  type Frame = { value: unknown; depth: number; parent: Frame | undefined; key: string | number | undefined };
  const stack: Frame[] = [{ value, depth: 0, parent: undefined, key: undefined }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.value === null || typeof frame.value !== 'object') continue;
    if (frame.depth > MAX_DEPTH) {
      const path: (string | number)[] = [];
      for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent) path.unshift(f.key);
      // Name the field the author wrote (e.g. one extension), not a path of thousands of indices.
      const ext = path.lastIndexOf('extensions');
      return path.slice(0, ext >= 0 ? ext + 2 : 6);
    }
    const push = (key: string | number, child: unknown): void => {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: frame.depth + 1, parent: frame, key });
    };
    if (Array.isArray(frame.value)) frame.value.forEach((child, i) => push(i, child));
    else for (const key of Object.keys(frame.value)) push(key, (frame.value as Record<string, unknown>)[key]);
  }
  return undefined;
}

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
  const deep = tooDeep(value);
  if (deep) return { ok: false, problems: [{ severity: 'error', kind: 'shape', path: pathText(deep), message: `is nested more than ${MAX_DEPTH} levels deep; a model keeps its data flatter than that` }] };
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

/**
 * Where this module was loaded from, so that a browser can load the same validator in a worker
 * (components/shared/off-thread.ts). A function, so that builds for classic scripts never evaluate it.
 */
export function validatorUrl(): string {
  return import.meta.url;
}
