// `test.mutationScore.core`: killed ÷ (killed + survived) over the core, read from the reports of the
// last `npm run mutation` (reports/mutation/group-<n>.json). A full mutation run takes longer than every
// other bench together, so the bench reads the reports instead of running it; PATHWAY_BENCH_MUTATION=run
// runs `npm run mutation -- --incremental` first (only mutants whose code or tests changed are re-tested).
// No figure is given while a group's report is missing or a mutated file changed since its report:
// the log says which, and that `npm run mutation -- --incremental` brings them up to date.
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
}

export default async function mutation({ log }: { log: (line: string) => void }): Promise<Figure[]> {
  if (process.env.PATHWAY_BENCH_MUTATION === 'run') {
    const run = spawnSync(process.execPath, ['scripts/mutation.mjs', '--incremental'], { stdio: 'inherit' });
    if (run.status !== 0) throw new Error(`npm run mutation -- --incremental failed (exit ${run.status})`);
  }
  const { score, killed, survived, counts, missing, stale } = mutationScore() as Score;
  if (missing.length > 0 || stale.length > 0) {
    if (missing.length > 0) log(`no mutation report for group${missing.length === 1 ? '' : 's'} ${missing.join(', ')} of ${(GROUPS as unknown[]).length}`);
    if (stale.length > 0) log(`changed since their mutation report: ${stale.join(', ')}`);
    log('test.mutationScore.core not measured: run `npm run mutation -- --incremental` (or set PATHWAY_BENCH_MUTATION=run)');
    return [];
  }
  log(`killed ${killed}, survived ${survived} (${JSON.stringify(counts)})`);
  return [{ name: 'test.mutationScore.core', value: score, unit: 'ratio', note: `${killed} killed, ${survived} survived` }];
}
