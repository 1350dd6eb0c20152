// `npm test`: engine and tooling tests in Node (node:test through tsx), then element and browser tests
// in Chromium (web-test-runner), after the type check (both tsconfigs). Ends with one plain line:
// "N passed, N failed".
//   --only node | browser     run one half
//   --files <pattern>         (node) only test files whose path contains the pattern
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const filter = args.includes('--files') ? args[args.indexOf('--files') + 1] : undefined;
const OUT = 'test/output';
mkdirSync(OUT, { recursive: true });

/** Node-side test files: engine units next to their source, plus cross-room tests in test/node. */
function nodeTestFiles() {
  const roots = ['src', 'lms-packages', 'scripts', 'test/node', 'bench'];
  const found = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of entries) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.test\.(ts|mjs)$/.test(name)) found.push(path);
    }
  };
  roots.forEach(walk);
  return found.filter((f) => !filter || f.includes(filter)).sort();
}

function run(command, commandArgs, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function readCounts(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8').trim().split('\n').pop());
  } catch {
    return undefined;
  }
}

const totals = { passed: 0, failed: 0 };
let exitCode = 0;

/** Adds one half's totals; a half that wrote none counts as a failure, with why. */
function addTotals(countsFile, code, whenMissing) {
  const counts = readCounts(countsFile);
  if (!counts) {
    console.error(whenMissing);
    totals.failed++;
  } else {
    totals.passed += counts.passed;
    totals.failed += counts.failed;
  }
  if (code !== 0) exitCode = 1;
}

// The type check counts as one test: a type error in a test file (which tsx runs without checking) fails the run.
if (only === undefined && filter === undefined) {
  const code = await run('npm', ['run', '--silent', 'typecheck']);
  console.log(code === 0 ? 'type check: ok' : 'type check: FAILED (npm run typecheck)');
  totals[code === 0 ? 'passed' : 'failed']++;
}

if (only !== 'browser') {
  const files = nodeTestFiles();
  const countsFile = join(OUT, 'node-counts.json');
  rmSync(countsFile, { force: true });
  if (files.length > 0) {
    const code = await run(process.execPath, [
      '--import',
      'tsx',
      '--test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=./test/support/node-count-reporter.mjs',
      `--test-reporter-destination=${countsFile}`,
      ...files,
    ]);
    addTotals(countsFile, code, 'node tests: no totals were written (the test process crashed)');
  }
}

if (only !== 'node') {
  const countsFile = join(OUT, 'browser-counts.json');
  rmSync(countsFile, { force: true });
  const code = await run(process.execPath, ['node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.config.mjs'], {
    PATHWAY_WTR_COUNTS: countsFile,
  });
  addTotals(countsFile, code, 'browser tests: no totals were written (the runner failed to start)');
}

if (totals.failed > 0) exitCode = 1;
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(exitCode);
