/** Small helpers shared by the CLI commands: reading model files and printing tables. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { MAX_MODEL_BYTES, megabytes } from '../model/parse.js';
import { loadModel, type ValidationResult } from '../model/load.js';
import { problemLine } from '../model/problems.js';
import type { Model } from '../model/types.js';

export class UsageError extends Error {}

/** Reads and validates a model file; file-system problems become one clear sentence. */
export function loadModelFile(file: string): ValidationResult {
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return fileProblem(`${file} is a directory; expected a model file (.json).`);
    size = stat.size;
  } catch (error) {
    return fileProblem(fsMessage(file, error));
  }
  if (size > MAX_MODEL_BYTES) {
    return fileProblem(`The file is ${megabytes(size)}; a Pathway model must be smaller than ${megabytes(MAX_MODEL_BYTES)}, so this is probably not a model file.`);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return fileProblem(fsMessage(file, error));
  }
  return loadModel(text, size);
}

function fileProblem(message: string): ValidationResult {
  return { ok: false, problems: [{ severity: 'error', kind: 'file', path: '', message }] };
}

export function fsMessage(file: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `${file} does not exist.`;
  if (code === 'EACCES' || code === 'EPERM') return `${file} cannot be read (permission denied).`;
  if (code === 'EISDIR') return `${file} is a directory; expected a model file (.json).`;
  return `${file} cannot be read: ${error instanceof Error ? error.message : String(error)}.`;
}

/** Renders rows as an aligned plain-text table (numbers right-aligned). */
export function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [headers, ...rows].map((row) => row.map((c) => String(c)));
  const widths = headers.map((_, col) => Math.max(...cells.map((row) => row[col]?.length ?? 0)));
  const numeric = headers.map((_, col) => rows.length > 0 && rows.every((row) => typeof row[col] === 'number'));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, col) => (numeric[col] ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!)))
      .join('  ')
      .trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** The valid model in a file, or undefined after printing why it is not one (for commands that need one). */
export function modelOrReport(file: string, out: (line: string) => void): Model | undefined {
  const loaded = loadModelFile(file);
  if (loaded.ok) return loaded.model;
  const errors = loaded.problems.filter((p) => p.severity === 'error');
  // A file that is missing or a directory is not "an invalid model": say only why it cannot be used.
  if (!existsSync(file) || statSync(file).isDirectory()) out(`Cannot use ${file} as a model:`);
  else out(`${file} is not a valid Pathway model:`);
  for (const p of errors) out(problemLine(p));
  return undefined;
}
