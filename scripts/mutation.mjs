// `npm run mutation`: StrykerJS over the engine's core (stryker.config.mjs, docs/testing.md), one group of
// files at a time — a run instruments only its group, which keeps the instrumented tests fast — then the
// score killed ÷ (killed + survived) over all groups into bench/results.json as `test.mutationScore.core`,
// leaving every other figure as it is. After each group it writes the group's committed summary
// (bench/mutation/group-<n>.json: counts, survivors, hashes of its inputs), which `npm run bench` reads.
// By default only the groups whose inputs changed since their summary run, and each re-tests only the
// mutants whose code or covering tests changed (Stryker's incremental mode, from the committed state in
// bench/mutation/incremental-<n>.json.gz, kept in reports/stryker-incremental-<n>.json while it runs).
//   --group <n>[,<n>…]  run these groups, current or not (the score is then printed for them, not written)
//   --full              every mutant of the groups run, not only what changed
// PATHWAY_MUTATION_CONCURRENCY sets Stryker's test-runner processes (default 1: the machine is shared).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { changedSince, GROUPS, inputsOf, mutationScore, reportFile, summarise } from './mutation-report.mjs';

/** Cheapest groups first (the planner's groups run the generated-catalogue tests for most mutants). */
const ORDER = [7, 3, 6, 4, 5, 8, 1, 2, 0];

const args = process.argv.slice(2);
const only = args.includes('--group') ? args[args.indexOf('--group') + 1].split(',').map(Number) : undefined;
const full = args.includes('--full');
const incrementalFile = (g) => `reports/stryker-incremental-${g}.json`;
const committedState = (g) => `bench/mutation/incremental-${g}.json.gz`;

const started = Date.now();
const failed = [];
for (const g of ORDER) {
  if (only && !only.includes(g)) continue;
  if (!only && !full && changedSince(g).length === 0) {
    console.log(`group ${g}: current, not run`);
    continue;
  }
  const groupStarted = Date.now();
  const inputs = inputsOf(g);
  if (!full && !existsSync(incrementalFile(g)) && existsSync(committedState(g))) {
    mkdirSync('reports', { recursive: true }); // a fresh clone has none
    writeFileSync(incrementalFile(g), gunzipSync(readFileSync(committedState(g))));
  }
  const run = spawnSync(
    process.execPath,
    [
      'node_modules/@stryker-mutator/core/bin/stryker.js',
      'run',
      '--mutate',
      GROUPS[g].mutate.join(','),
      '--incremental',
      '--incrementalFile',
      incrementalFile(g),
      ...(full ? ['--force'] : []),
    ],
    { stdio: 'inherit', env: { ...process.env, PATHWAY_MUTATION_REPORT: reportFile(g), PATHWAY_MUTATION_TESTS: GROUPS[g].tests.join(',') } },
  );
  console.log(`group ${g}: ${((Date.now() - groupStarted) / 60000).toFixed(1)} min${run.status === 0 ? '' : ` — Stryker failed (exit ${run.status})`}`);
  if (run.status !== 0) failed.push(g);
  else {
    summarise(g, inputs);
    writeFileSync(committedState(g), gzipSync(readFileSync(incrementalFile(g)), { level: 9 }));
  }
}

const { score, killed, survived, counts, missing, stale, perGroup } = mutationScore(only);
const minutes = ((Date.now() - started) / 60000).toFixed(1);
for (const [g, s] of Object.entries(perGroup)) console.log(`group ${g}: ${s}`);
console.log(`\nkilled ÷ (killed + survived) = ${score} (killed ${killed}, survived ${survived}; ${JSON.stringify(counts)}); this run ${minutes} min`);
if (failed.length > 0 || missing.length > 0 || stale.length > 0) {
  if (failed.length > 0) console.error(`Groups that failed: ${failed.join(', ')}.`);
  if (missing.length > 0) console.error(`Groups without a report: ${missing.join(', ')}.`);
  if (stale.length > 0) console.error(`Changed since their report: ${stale.join('; ')}.`);
  console.error('test.mutationScore.core not written.');
  process.exitCode = 1;
} else if (!only) {
  const results = JSON.parse(readFileSync('bench/results.json', 'utf8'));
  results['test.mutationScore.core'] = { value: score, unit: 'ratio' };
  writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
  console.log('bench/results.json: test.mutationScore.core written');
}
