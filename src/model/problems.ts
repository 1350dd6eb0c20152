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
  message: string;
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
