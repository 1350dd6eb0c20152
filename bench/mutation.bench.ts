// `test.mutationScore.core`: killed ÷ (killed + survived) over the core, read from the committed summaries
// of each group's last `npm run mutation` run (bench/mutation/group-<n>.json). A full mutation run takes longer than every
// other bench together, so the bench reads the reports instead of running it; PATHWAY_BENCH_MUTATION=run
// runs `npm run mutation` first (the stale groups only, re-testing only the mutants whose code or tests changed).
// No figure is given while a group's summary is missing or one of its inputs (mutated files, tests, the
// mutation setup) changed since: the log says which, and that `npm run mutation -- --group <n>` brings
// them up to date.
import { spawnSync } from 'node:child_process';
// @ts-expect-error: a plain ES module of the mutation script, without type declarations
import { GROUPS, mutationScore } from '../scripts/mutation-report.mjs';

interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}
interface Score {
  score: number;
  killed: number;
  survived: number;
  counts: Record<string, number>;
  missing: number[];
  stale: string[];
  perGroup: Record<string, number>;
}

export default async function mutation({ log }: { log: (line: string) => void }): Promise<Figure[]> {
  if (process.env.PATHWAY_BENCH_MUTATION === 'run') {
    const run = spawnSync(process.execPath, ['scripts/mutation.mjs'], { stdio: 'inherit' });
    if (run.status !== 0) throw new Error(`npm run mutation failed (exit ${run.status})`);
  }
  const { score, killed, survived, counts, missing, stale, perGroup } = mutationScore() as Score;
  for (const [g, s] of Object.entries(perGroup)) log(`group ${g}: ${s} (current)`);
  if (missing.length > 0 || stale.length > 0) {
    if (missing.length > 0) log(`no mutation report for group${missing.length === 1 ? '' : 's'} ${missing.join(', ')} of ${(GROUPS as unknown[]).length}`);
    if (stale.length > 0) log(`changed since their mutation run: ${stale.join('; ')}`);
    log('test.mutationScore.core not measured: run `npm run mutation -- --group <n>` for those groups (or set PATHWAY_BENCH_MUTATION=run)');
    return [];
  }
  log(`killed ${killed}, survived ${survived} (${JSON.stringify(counts)})`);
  return [{ name: 'test.mutationScore.core', value: score, unit: 'ratio', note: `${killed} killed, ${survived} survived` }];
}
