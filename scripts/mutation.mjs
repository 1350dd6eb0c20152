// `npm run mutation`: StrykerJS over the engine's core (stryker.config.mjs, docs/testing.md), one group of
// files at a time — a run instruments only its group, which keeps the instrumented tests fast — then the
// score killed ÷ (killed + survived) over all groups into bench/results.json as `test.mutationScore.core`,
// leaving every other figure as it is. A timed-out mutant counts as killed (the tests did not pass); a
// mutant no test reaches counts as survived; mutants only reached while modules load are Ignored.
//   --group <n>     run one group only (no score is written)
//   --incremental   re-test only what changed since the last run of each group (Stryker's incremental mode)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

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

/** Cheapest groups first (the planner's groups run the generated-catalogue tests for most mutants). */
const ORDER = [7, 3, 6, 4, 5, 1, 2, 0];

const args = process.argv.slice(2);
const only = args.includes('--group') ? Number(args[args.indexOf('--group') + 1]) : undefined;
const incremental = args.includes('--incremental');
const report = (g) => `reports/mutation/group-${g}.json`;

const started = Date.now();
for (const g of ORDER) {
  const files = GROUPS[g];
  if (only !== undefined && g !== only) continue;
  const groupStarted = Date.now();
  const run = spawnSync(
    process.execPath,
    [
      'node_modules/@stryker-mutator/core/bin/stryker.js',
      'run',
      '--mutate',
      files.join(','),
      ...(incremental ? ['--incremental', '--incrementalFile', `reports/stryker-incremental-${g}.json`] : []),
    ],
    { stdio: 'inherit', env: { ...process.env, PATHWAY_MUTATION_REPORT: report(g) } },
  );
  if (run.status !== 0) process.exit(run.status ?? 1);
  console.log(`group ${g}: ${((Date.now() - groupStarted) / 60000).toFixed(1)} min`);
}

const counts = {};
for (const g of GROUPS.keys()) {
  if (only !== undefined && g !== only) continue;
  if (!existsSync(report(g))) continue;
  const files = JSON.parse(readFileSync(report(g), 'utf8')).files;
  for (const file of Object.values(files)) for (const m of file.mutants) counts[m.status] = (counts[m.status] ?? 0) + 1;
}
const killed = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
const survived = (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
const score = Math.round((killed / (killed + survived)) * 1000) / 1000;
const minutes = ((Date.now() - started) / 60000).toFixed(1);
console.log(`\nkilled ÷ (killed + survived) = ${score} (killed ${killed}, survived ${survived}; ${JSON.stringify(counts)}) in ${minutes} min`);
if (only === undefined) {
  const results = JSON.parse(readFileSync('bench/results.json', 'utf8'));
  results['test.mutationScore.core'] = { value: score, unit: 'ratio' };
  writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
  console.log('bench/results.json: test.mutationScore.core written');
}
