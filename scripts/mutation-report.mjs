// The mutation groups and the score, shared by `npm run mutation` (scripts/mutation.mjs) and the bench
// (bench/mutation.bench.ts, which reads the last run's reports).
import { existsSync, readFileSync } from 'node:fs';

const PLANNER_TESTS = ['src/planner/normal.test.ts', 'src/planner/planner.test.ts', 'src/planner/results-input.test.ts'];

/**
 * Files mutated together in one Stryker run (a run instruments only its group), each with the unit tests
 * of those files. Per-test coverage already runs only the tests that reach a mutant, but nearly every core
 * test loads and compiles a model: without a list per group, a surviving mutant in the model validator ran
 * all 283 core tests (minutes each under load). Tests that reach a file only incidentally do not count
 * as guarding it.
 */
export const GROUPS = [
  {
    mutate: ['src/planner/normal.ts', 'src/planner/order.ts', 'src/planner/gain.ts', 'src/planner/explain.ts', 'src/planner/settings.ts', 'src/planner/model-index.ts'],
    tests: PLANNER_TESTS,
  },
  { mutate: ['src/planner/gaps.ts', 'src/planner/problem.ts', 'src/planner/results-input.ts'], tests: PLANNER_TESTS },
  { mutate: ['src/planner/plan.ts', 'src/planner/select.ts'], tests: PLANNER_TESTS },
  {
    mutate: ['src/assessment/item-models.ts', 'src/assessment/state.ts', 'src/assessment/responses.ts', 'src/assessment/display.ts', 'src/assessment/errors.ts', 'src/assessment/random.ts', 'src/assessment/evidence.ts'],
    tests: ['src/assessment/item-models.test.ts', 'src/assessment/session.test.ts', 'src/assessment/state-hardening.test.ts', 'src/assessment/fusion.test.ts', 'test/node/saved-formats.test.ts'],
  },
  {
    mutate: ['src/assessment/select.ts', 'src/assessment/grid.ts', 'src/assessment/bank.ts', 'src/assessment/config.ts', 'src/assessment/compile.ts', 'src/assessment/first.ts'],
    tests: ['src/assessment/select.test.ts', 'src/assessment/grid.test.ts', 'src/assessment/item-models.test.ts', 'src/assessment/first.test.ts', 'src/assessment/session.test.ts'],
  },
  {
    mutate: ['src/assessment/posterior.ts', 'src/assessment/session.ts', 'src/assessment/results.ts', 'src/assessment/correlation.ts', 'src/assessment/generate.ts', 'src/assessment/simulate.ts', 'src/assessment/decision.ts', 'src/assessment/person.ts'],
    tests: ['src/assessment/session.test.ts', 'src/assessment/fusion.test.ts', 'src/assessment/grid.test.ts', 'src/assessment/decision.test.ts', 'src/assessment/person.test.ts', 'src/assessment/progress.test.ts'],
  },
  {
    mutate: ['src/model/*.ts', '!src/model/*.test.ts', '!src/model/index.ts', '!src/model/types.ts', '!src/model/shape-table.ts'],
    tests: ['src/model/*.test.ts'],
  },
  {
    mutate: ['src/lms/scorm/suspend-data.ts', 'src/tracking/statements.ts', 'src/tracking/queue.ts'],
    tests: [
      'src/lms/scorm/suspend-data.test.ts',
      'src/lms/scorm/suspend-data-limits.test.ts',
      'src/tracking/statements.test.ts',
      'src/tracking/statement-content.test.ts',
      'test/node/saved-formats.test.ts',
      'src/tracking/queue.test.ts',
      'src/tracking/queue-rules.test.ts',
    ],
  },
];

export const reportFile = (group) => `reports/mutation/group-${group}.json`;

/**
 * killed ÷ (killed + survived) over the groups' last reports. A timed-out mutant counts as killed (the
 * tests did not pass); one no test reaches counts as survived; Ignored mutants are not counted.
 * `stale` lists mutated files whose source changed since their report was written.
 */
export function mutationScore(groups = [...GROUPS.keys()]) {
  const counts = {};
  const missing = [];
  const stale = [];
  for (const g of groups) {
    if (!existsSync(reportFile(g))) {
      missing.push(g);
      continue;
    }
    const files = JSON.parse(readFileSync(reportFile(g), 'utf8')).files;
    for (const [path, file] of Object.entries(files)) {
      if (!existsSync(path) || readFileSync(path, 'utf8') !== file.source) stale.push(path);
      for (const m of file.mutants) counts[m.status] = (counts[m.status] ?? 0) + 1;
    }
  }
  const killed = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
  const survived = (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
  const score = killed + survived > 0 ? Math.round((killed / (killed + survived)) * 1000) / 1000 : Number.NaN;
  return { score, killed, survived, counts, missing, stale };
}
