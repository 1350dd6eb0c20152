// Mutation testing of the engine's core (`npm run mutation`, docs/testing.md). Stryker's mocha runner
// re-runs the node:test files in one warm process (stryker/node-test-as-mocha.mjs adapts node:test to
// mocha's globals) and, with per-test coverage, runs only the tests that reach each mutant.
import { GROUPS } from './scripts/mutation-report.mjs';

// The unit tests of the core: every group's own list (scripts/mutation-report.mjs), which
// scripts/mutation.mjs passes per group through PATHWAY_MUTATION_TESTS; all of them for a plain
// `npx stryker run`. Left out: simulate.test.ts and optimality.test.ts, statistical checks of the
// estimator and the planner (thousands of simulated sessions, MILP optima) that take minutes once
// instrumented; `npm test` still runs them.
const CORE_TESTS = [...new Set(GROUPS.flatMap((group) => group.tests))];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: [
    'src/assessment/**/*.ts',
    'src/planner/**/*.ts',
    'src/model/**/*.ts',
    'src/lms/scorm/suspend-data.ts',
    'src/tracking/statements.ts',
    'src/tracking/queue.ts',
    '!src/**/*.test.ts',
    '!src/**/index.ts',
    '!src/**/types.ts',
    '!src/model/shape-table.ts', // generated from schema.ts (npm run schema): data, not logic
  ],
  testRunner: 'mocha',
  plugins: ['@stryker-mutator/mocha-runner', './stryker/ignore-messages.mjs'],
  // The wording of error and problem messages is not mutated (stryker/ignore-messages.mjs says why).
  ignorers: ['pathway-messages'],
  // No per-test timeout (node:test has none either); Stryker's own timeout catches endless loops.
  mochaOptions: { spec: process.env.PATHWAY_MUTATION_TESTS?.split(',') ?? CORE_TESTS, config: 'stryker/mocharc.json', 'no-package': true, require: ['./stryker/fresh-caches.mjs'] },
  testRunnerNodeArgs: ['--import', 'tsx', '--import', './stryker/node-test-as-mocha.mjs'],
  coverageAnalysis: 'perTest',
  // A mutant reached only while modules load (a module-level constant) would need a fresh process and the
  // whole suite per mutant (about a minute each here): these are reported as Ignored and counted in
  // docs/testing.md, not tested.
  ignoreStatic: true,
  concurrency: Number(process.env.PATHWAY_MUTATION_CONCURRENCY ?? 1),
  timeoutMS: 5000,
  dryRunTimeoutMinutes: 15,
  reporters: ['clear-text', 'progress', 'json'],
  // scripts/mutation.mjs runs one group of files at a time and names each group's report.
  jsonReporter: { fileName: process.env.PATHWAY_MUTATION_REPORT ?? 'reports/mutation/mutation.json' },
  clearTextReporter: { reportScoreTable: true, reportMutants: false, logTests: false },
  ignorePatterns: ['dist', 'test/output', 'test/screenshots', 'bench/out', 'reports', '.cache', 'coverage', 'demo/dist'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
