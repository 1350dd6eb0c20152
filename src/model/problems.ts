/**
 * Problems found in a model: one per defect, with the JSON path and what was expected. The same list
 * feeds `pathway validate`, the elements' error view and the package builder.
 */
import type * as z from 'zod/mini';

export type Severity = 'error' | 'warning';

/** How serious a kind of problem is; lower comes first in reports. */
export const RANK = {
  file: 0,
  format: 1,
  shape: 2,
  duplicate: 3,
  reference: 4,
  level: 5,
  cycle: 6,
  scoring: 7,
  setting: 8,
  coverage: 9,
  style: 10,
} as const;
export type ProblemKind = keyof typeof RANK;

export interface Problem {
  severity: Severity;
  kind: ProblemKind;
  /** Path into the model, e.g. `competencies[3].indicators[2].level`; empty for the whole file. */
  path: string;
  message: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$-]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** Errors before warnings, then by kind, then in document order. */
export function sortProblems(problems: Problem[]): Problem[] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort(
      (a, b) =>
        Number(a.problem.severity === 'warning') - Number(b.problem.severity === 'warning') ||
        RANK[a.problem.kind] - RANK[b.problem.kind] ||
        a.index - b.index,
    )
    .map(({ problem }) => problem);
}

export function problemLine(problem: Problem): string {
  const where = problem.path ? `${problem.path}: ` : '';
  return `${problem.severity}  ${where}${problem.message}`;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 37)}…` : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'number') return Number.isInteger(value) ? `the number ${value}` : `the number ${value}`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
  tuple: 'a list',
};

function article(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

function bound(origin: string, value: number | bigint, inclusive: boolean | undefined, smaller: boolean): string {
  const n = Number(value);
  if (origin === 'array') return smaller ? `at least ${n} entr${n === 1 ? 'y' : 'ies'}` : `at most ${n} entr${n === 1 ? 'y' : 'ies'}`;
  if (origin === 'string') return smaller ? `at least ${n} character${n === 1 ? '' : 's'}` : `at most ${n} characters`;
  if (smaller) return inclusive ? `a value ≥ ${n}` : `a value > ${n}`;
  return inclusive ? `a value ≤ ${n}` : `a value < ${n}`;
}

/** Turns one zod issue into problems (a union failure may explain itself through its branches). */
function issueProblems(issue: z.core.$ZodIssue, root: readonly PropertyKey[], input: unknown): Problem[] {
  const fullPath = [...root, ...issue.path];
  const path = formatPath(fullPath);
  const got = describeValue(valueAt(input, fullPath));
  const shape = (message: string): Problem[] => [{ severity: 'error', kind: root.length + issue.path.length <= 1 ? 'format' : 'shape', path, message }];
  switch (issue.code) {
    case 'invalid_type':
      if (got === 'nothing') return shape(`is missing (expected ${article(issue.expected)})`);
      return shape(`expected ${article(issue.expected)}, got ${got}`);
    case 'too_small':
      return shape(`expected ${bound(issue.origin, issue.minimum, issue.inclusive, true)}, got ${issue.origin === 'array' ? `${(valueAt(input, fullPath) as unknown[]).length}` : got}`);
    case 'too_big':
      return shape(`expected ${bound(issue.origin, issue.maximum, issue.inclusive, false)}, got ${issue.origin === 'array' ? `${(valueAt(input, fullPath) as unknown[]).length}` : got}`);
    case 'invalid_format':
      return shape(`expected ${issue.message && issue.message !== 'Invalid input' ? issue.message : `a value matching ${issue.pattern ?? issue.format}`}, got ${got}`);
    case 'invalid_value': {
      const options = issue.values.map((v) => JSON.stringify(v)).join(', ');
      if (got === 'nothing') return shape(`is missing (expected ${issue.values.length === 1 ? options : `one of ${options}`})`);
      return shape(issue.values.length === 1 ? `expected ${options}, got ${got}` : `expected one of ${options}, got ${got}`);
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        severity: 'error' as const,
        kind: 'shape' as const,
        path: formatPath([...fullPath, key]),
        message: 'is not a field of the model format here (check the spelling, or move custom data into "extensions")',
      }));
    case 'invalid_union': {
      if (issue.discriminator !== undefined && 'options' in issue && issue.options) {
        const options = issue.options.map((v) => JSON.stringify(v)).join(', ');
        const discriminatorPath = fullPath[fullPath.length - 1] === issue.discriminator ? fullPath : [...fullPath, issue.discriminator];
        const at = formatPath(discriminatorPath);
        const actual = describeValue(valueAt(input, discriminatorPath));
        return [{ severity: 'error', kind: 'shape', path: at, message: `expected one of ${options}, got ${actual}` }];
      }
      // Text is the common union: a string or a language map. Explain it as one expectation.
      return shape(`expected text (a non-empty string or a language map such as {"en": "…"}), got ${got}`);
    }
    case 'invalid_key':
      return shape(`has an invalid key: ${issue.issues.map((i) => i.message).join('; ')}`);
    case 'custom':
      return shape(`expected ${issue.message}`);
    default:
      return shape(issue.message);
  }
}

export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

export function zodProblems(issues: readonly z.core.$ZodIssue[], input: unknown): Problem[] {
  return issues.flatMap((issue) => issueProblems(issue, [], input));
}
