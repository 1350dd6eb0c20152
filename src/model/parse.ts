/**
 * From raw file text to a JSON value, with one clear sentence for anything that is not a model file at
 * all (empty, binary, huge, invalid JSON with line and column, an array, an unrelated JSON object).
 */
import { findJsonSyntaxError } from './json-syntax.js';
import { MAX_MODEL_BYTES } from './limits.js';
import type { Problem, ProblemDetail } from './problems.js';

export { MAX_MODEL_BYTES };

export type ParseResult = { ok: true; value: Record<string, unknown> } | { ok: false; problem: Problem };

const fail = (message: string, detail: ProblemDetail): ParseResult => ({ ok: false, problem: { severity: 'error', kind: 'file', path: '', message, detail } });

export function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: Math.min(offset, text.length) - lineStart + 1 };
}

function jsonSyntaxError(text: string): ParseResult {
  const found = findJsonSyntaxError(text) ?? { offset: text.length, reason: 'unexpected end of the file' };
  const { line, column } = lineColumn(text, found.offset);
  return fail(`The file is not valid JSON: ${found.reason} at line ${line}, column ${column}.`, { code: 'file-json', line, column });
}

/** Looks like binary data: NUL bytes or many control characters in the first kilobytes. */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8192);
  if (sample.includes('\u0000')) return true;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 0xfffd) control++;
  }
  return sample.length > 0 && control / sample.length > 0.05;
}

const MODEL_FIELDS = ['format', 'competencies', 'roles', 'items', 'modules', 'scale'];

export function parseModelText(text: string, byteLength = text.length): ParseResult {
  if (byteLength > MAX_MODEL_BYTES) {
    return fail(`The file is ${megabytes(byteLength)}; a Pathway model must be smaller than ${megabytes(MAX_MODEL_BYTES)}, so this is probably not a model file.`, {
      code: 'file-too-large',
      size: megabytes(byteLength),
      limit: megabytes(MAX_MODEL_BYTES),
    });
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return fail('The file is empty: expected a Pathway model, a JSON object such as {"format": "pathway-model/1", …}.', { code: 'file-empty' });
  if (looksBinary(body)) return fail('The file looks like binary data, not a JSON Pathway model.', { code: 'file-binary' });
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return jsonSyntaxError(body);
  }
  if (Array.isArray(value)) return fail('The file holds a JSON array, but a Pathway model is a JSON object with "format", "id", "competencies", "roles", "items" and "modules".', { code: 'file-array' });
  if (value === null || typeof value !== 'object') {
    return fail(`The file holds a single JSON ${value === null ? 'null' : typeof value}, but a Pathway model is a JSON object with "format", "id", "competencies", "roles", "items" and "modules".`, { code: 'file-not-object' });
  }
  const record = value as Record<string, unknown>;
  if (!MODEL_FIELDS.some((field) => field in record)) {
    return fail('The JSON object is not a Pathway model: it has none of the fields "format", "scale", "competencies", "roles", "items" or "modules".', { code: 'file-not-model' });
  }
  return { ok: true, value: record };
}
