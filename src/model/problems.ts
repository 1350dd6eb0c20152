/**
 * Problems found in a model: one per defect, with the JSON path and what was expected. The same list
 * feeds `pathway validate`, the elements' error view and the package builder.
 */
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
  /** In English (the CLI's and the logs' language). */
  message: string;
  /** The message as data, so that an element can say it in the page's language; absent for the rest. */
  detail?: ProblemDetail;
}

/** The problems an element can show in another language (components/shared/problem-text.ts). */
export type ProblemDetail =
  | { code: 'file-empty' | 'file-binary' | 'file-array' | 'file-not-object' | 'file-not-model' }
  | { code: 'file-too-large'; size: string; limit: string }
  | { code: 'file-json'; line: number; column: number }
  | { code: 'file-unreachable'; src: string }
  | { code: 'file-status'; src: string; status: number }
  | { code: 'unknown-reference'; noun: ReferenceNoun; id: string; suggestion?: string }
  | { code: 'duplicate-id'; noun: ReferenceNoun; id: string; first: string };

export type ReferenceNoun = 'competency' | 'group' | 'role' | 'item' | 'module';

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
