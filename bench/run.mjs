// `npm run bench`: builds what it measures, runs every bench/*.bench.ts, prints a table and writes
// bench/results.json — a flat object of figure name → { value, unit }. Each bench file exports
// `default async function (context)` returning an array of { name, value, unit, note? }.
//   npm run bench -- --only <part of a file name>   (updates only those files' figures in results.json)
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;

console.log('Building…');
execFileSync('npm', ['run', 'build', '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });

const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only)))
  .sort();
const figures = [];
/** Bench files that failed, each with its error; the other files still run. */
const failures = [];
let current;
// An error thrown outside a bench's awaited work (a timer, a stream) would end the run with Node's
// bare report: charge it to the file that is running and go on.
const stray = (error) => {
  failures.push({ file: current ?? '(between files)', error });
  console.error(`\n✖ ${current ?? 'bench'}: an error outside the bench's own work\n${error?.stack ?? error}`);
};
process.on('uncaughtException', stray);
process.on('unhandledRejection', stray);
for (const file of files) {
  const started = performance.now();
  current = file;
  console.log(`\n▶ ${file}`);
  try {
    const { default: bench } = await import(pathToFileURL(`bench/${file}`).href);
    const results = await bench({ log: (line) => console.log(`  ${line}`) });
    for (const figure of results) figures.push({ ...figure, file });
  } catch (error) {
    failures.push({ file, error });
    console.error(`\n✖ ${file} failed:\n${error?.stack ?? error}`);
  }
  console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
current = undefined;

const width = Math.max(...figures.map((f) => f.name.length), 10);
console.log(`\n${'figure'.padEnd(width)}  ${'value'.padStart(12)}  unit`);
console.log(`${'-'.repeat(width)}  ${'-'.repeat(12)}  ----`);
for (const f of figures) {
  const value = Number.isInteger(f.value) ? String(f.value) : f.value.toPrecision(4);
  console.log(`${f.name.padEnd(width)}  ${value.padStart(12)}  ${f.unit}${f.note ? `  (${f.note})` : ''}`);
}

const results = Object.fromEntries(figures.map((f) => [f.name, { value: f.value, unit: f.unit }]));
if (failures.length > 0) {
  // Say what this run could not measure: the figures of the last complete run that are absent now.
  let previous = {};
  try {
    previous = JSON.parse(readFileSync('bench/results.json', 'utf8'));
  } catch {
    // no earlier run to compare with
  }
  // With --only the other files' figures were not asked for, so only a full run can name them.
  const missing = only ? [] : Object.keys(previous).filter((name) => !(name in results));
  const failed = [...new Set(failures.map((f) => f.file))];
  console.error(`\n${failed.length} bench file${failed.length === 1 ? '' : 's'} failed: ${failed.join(', ')} (each error with its stack above).`);
  if (missing.length > 0) console.error(`Missing figures (measured by the last complete run): ${missing.join(', ')}.`);
  else if (only) console.error(`The failed files' figures are missing from this run.`);
  console.error('bench/results.json left unchanged.');
  process.exitCode = 1;
} else if (!only) writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
else {
  // A partial run replaces the figures of the files it ran and keeps every other file's.
  let previous = {};
  try {
    previous = JSON.parse(readFileSync('bench/results.json', 'utf8'));
  } catch {
    // no earlier run: start from this one
  }
  writeFileSync('bench/results.json', `${JSON.stringify({ ...previous, ...results }, null, 2)}\n`);
  console.log(`\n(--only: ${figures.length} figures updated in bench/results.json, the others kept)`);
}
