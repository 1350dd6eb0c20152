// The mutation groups and the score, shared by `npm run mutation` (scripts/mutation.mjs) and the bench
// (bench/mutation.bench.ts, which reads the last run's reports).
import { existsSync, readFileSync } from 'node:fs';

/** Files mutated together in one Stryker run (a run instruments only its group). */
export const GROUPS = [
  ['src/planner/normal.ts', 'src/planner/order.ts', 'src/planner/gain.ts', 'src/planner/explain.ts', 'src/planner/settings.ts', 'src/planner/model-index.ts'],
  ['src/planner/gaps.ts', 'src/planner/problem.ts', 'src/planner/results-input.ts'],
  ['src/planner/plan.ts', 'src/planner/select.ts'],
  ['src/assessment/item-models.ts', 'src/assessment/state.ts', 'src/assessment/responses.ts', 'src/assessment/display.ts', 'src/assessment/errors.ts', 'src/assessment/random.ts', 'src/assessment/evidence.ts'],
  ['src/assessment/select.ts', 'src/assessment/grid.ts', 'src/assessment/bank.ts', 'src/assessment/config.ts'],
  ['src/assessment/posterior.ts', 'src/assessment/session.ts', 'src/assessment/results.ts', 'src/assessment/correlation.ts', 'src/assessment/generate.ts', 'src/assessment/simulate.ts'],
  ['src/model/*.ts', '!src/model/*.test.ts', '!src/model/index.ts', '!src/model/types.ts', '!src/model/shape-table.ts'],
  ['src/lms/scorm/suspend-data.ts', 'src/tracking/statements.ts', 'src/tracking/queue.ts'],
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
