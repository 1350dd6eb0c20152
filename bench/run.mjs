// `npm run bench`: builds what it measures, runs every bench/*.bench.ts, prints a table and writes
// bench/results.json — a flat object of figure name → { value, unit }. Each bench file exports
// `default async function (context)` returning an array of { name, value, unit, note? }.
//   npm run bench -- --only <part of a file name>
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
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
for (const file of files) {
  const started = performance.now();
  console.log(`\n▶ ${file}`);
  const { default: bench } = await import(pathToFileURL(`bench/${file}`).href);
  const results = await bench({ log: (line) => console.log(`  ${line}`) });
  for (const figure of results) figures.push({ ...figure, file });
  console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

const width = Math.max(...figures.map((f) => f.name.length), 10);
console.log(`\n${'figure'.padEnd(width)}  ${'value'.padStart(12)}  unit`);
console.log(`${'-'.repeat(width)}  ${'-'.repeat(12)}  ----`);
for (const f of figures) {
  const value = Number.isInteger(f.value) ? String(f.value) : f.value.toPrecision(4);
  console.log(`${f.name.padEnd(width)}  ${value.padStart(12)}  ${f.unit}${f.note ? `  (${f.note})` : ''}`);
}

const results = Object.fromEntries(figures.map((f) => [f.name, { value: f.value, unit: f.unit }]));
if (!only) writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
else console.log('\n(--only: bench/results.json left unchanged)');
