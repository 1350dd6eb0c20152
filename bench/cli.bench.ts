// The command line, as an author runs it (`node bin/pathway.js …`, a new process each time, after
// `npm run build`, which `npm run bench` runs first):
//   cli.help.ms      `pathway --help`, median of 5
//   package.all.ms   `pathway package <largest sample> --format all`, four zips, median of 5
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function timed(args: string[]): number {
  const started = performance.now();
  execFileSync(process.execPath, ['bin/pathway.js', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  return performance.now() - started;
}

export default async function ({ log }: { log: (line: string) => void }) {
  const largest = readdirSync('demo/models')
    .filter((f) => f.endsWith('.json'))
    .map((f) => join('demo/models', f))
    .reduce((a, b) => (statSync(b).size > statSync(a).size ? b : a));
  const help = Array.from({ length: RUNS }, () => timed(['--help']));
  const out = mkdtempSync(join(tmpdir(), 'pathway-bench-package-'));
  try {
    const all = Array.from({ length: RUNS }, () => timed(['package', largest, '--format', 'all', '--out', out]));
    log(`--help: ${help.map((ms) => ms.toFixed(0)).join(', ')} ms; package --format all (${largest}): ${all.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    return [
      { name: 'cli.help.ms', value: Math.round(median(help)), unit: 'ms', note: `median of ${RUNS} processes: node bin/pathway.js --help` },
      { name: 'package.all.ms', value: Math.round(median(all)), unit: 'ms', note: `median of ${RUNS} processes: pathway package ${largest} --format all (${readdirSync(out).length} zips)` },
    ];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
