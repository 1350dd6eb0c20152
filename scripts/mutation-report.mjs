// The mutation groups and the score, shared by `npm run mutation` (scripts/mutation.mjs) and the bench
// (bench/mutation.bench.ts, which reads the committed summaries of the last run of each group).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative as relativePath } from 'node:path';

// The planner's unit tests, shared by its three groups: most of them plan through planPathway (plan.ts), and
// each checks the figures of its own part (the normal maths, gaps, results input, uncovered reasons, explanations).
const PLANNER_TESTS = [
  'src/planner/normal.test.ts',
  'src/planner/planner.test.ts',
  'src/planner/results-input.test.ts',
  'src/planner/gaps.test.ts',
  'src/planner/results-messages.test.ts',
  'src/planner/uncovered.test.ts',
  'src/planner/explain.test.ts',
];

/**
 * Files mutated together in one Stryker run (a run instruments only its group), each with the unit tests
 * of those files. Per-test coverage already runs only the tests that reach a mutant, but nearly every core
 * test loads and compiles a model: without a list per group, a surviving mutant in the model validator ran
 * all 283 core tests (minutes each under load). Tests that reach a file only incidentally do not count
 * as guarding it.
 */
export const GROUPS = [
  {
    mutate: ['src/planner/normal.ts', 'src/planner/order.ts', 'src/planner/gain.ts', 'src/planner/explain.ts', 'src/planner/settings.ts', 'src/planner/model-index.ts'],
    // order.test.ts checks the ordering on hand-made inputs; settings.test.ts the id order ties fall back on.
    tests: [...PLANNER_TESTS, 'src/planner/model-index.test.ts', 'src/planner/order.test.ts', 'src/planner/settings.test.ts'],
  },
  {
    mutate: ['src/planner/gaps.ts', 'src/planner/problem.ts', 'src/planner/results-input.ts'],
    // problem.test.ts recomputes the compiled problem from its definition; select.test.ts and
    // bookkeeping.test.ts (group 2's) judge the blend and the objective the problem feeds.
    tests: [...PLANNER_TESTS, 'src/planner/problem.test.ts', 'src/planner/select.test.ts', 'src/planner/bookkeeping.test.ts', 'src/planner/gaps-reported.test.ts'],
  },
  // select.test.ts checks the search's parts against references of its own (plain greedy, G from scratch);
  // bookkeeping.test.ts the plan's budget, blend, readiness, replanning and fingerprint; steps.test.ts what
  // each step carries, awareness seeds and the notes; reasons.test.ts every reason a step gives; pitch,
  // consistency and deep-chain whole plans.
  {
    mutate: ['src/planner/plan.ts', 'src/planner/select.ts'],
    tests: [...PLANNER_TESTS, 'src/planner/select.test.ts', 'src/planner/bookkeeping.test.ts', 'src/planner/steps.test.ts', 'src/planner/reasons.test.ts', 'src/planner/pitch.test.ts', 'src/planner/consistency.test.ts', 'src/planner/deep-chain.test.ts', 'src/planner/search-gaps.test.ts'],
  },
  {
    mutate: ['src/assessment/item-models.ts', 'src/assessment/state.ts', 'src/assessment/responses.ts', 'src/assessment/display.ts', 'src/assessment/errors.ts', 'src/assessment/random.ts', 'src/assessment/evidence.ts'],
    tests: ['src/assessment/item-models.test.ts', 'src/assessment/random.test.ts', 'src/assessment/input-checks.test.ts', 'src/assessment/session.test.ts', 'src/assessment/state-hardening.test.ts', 'src/assessment/fusion.test.ts', 'test/node/saved-formats.test.ts'],
  },
  {
    mutate: ['src/assessment/select.ts', 'src/assessment/grid.ts', 'src/assessment/bank.ts', 'src/assessment/config.ts', 'src/assessment/compile.ts', 'src/assessment/first.ts'],
    // first.test.ts is left out: one exhaustive check (every usual start, many seeds) that takes 20 s
    // uninstrumented, minutes per mutant instrumented; npm test runs it. compile.test.ts is its quick
    // counterpart (the tiny model, a few seeds). bank.test.ts checks the averaged response curves and the
    // compiled bank, config.test.ts the options refused and the assessment without a role, grid-ends.test.ts
    // the grid's last point (grid.test.ts holds what group 5 needs).
    tests: [
      'src/assessment/select.test.ts',
      'src/assessment/grid.test.ts',
      'src/assessment/grid-ends.test.ts',
      'src/assessment/item-models.test.ts',
      'src/assessment/session.test.ts',
      'src/assessment/bank.test.ts',
      'src/assessment/config.test.ts',
      'src/assessment/compile.test.ts',
    ],
  },
  {
    mutate: ['src/assessment/posterior.ts', 'src/assessment/person.ts', 'src/assessment/correlation.ts', 'src/assessment/decision.ts'],
    // The fusion's own tests. session.test.ts reaches every line of posterior.ts through the adaptive
    // sessions it runs but checks their flow, not the estimates: with it, each surviving mutant here ran
    // about 40 s of instrumented sessions (group 5 ran at 7 mutants a minute).
    tests: ['src/assessment/fusion.test.ts', 'src/assessment/person.test.ts', 'src/assessment/self-other.test.ts', 'src/assessment/decision.test.ts', 'src/assessment/grid.test.ts', 'src/assessment/correlation.test.ts'],
  },
  {
    mutate: ['src/model/*.ts', '!src/model/*.test.ts', '!src/model/index.ts', '!src/model/types.ts', '!src/model/shape-table.ts'],
    tests: ['src/model/*.test.ts'],
  },
  {
    mutate: ['src/lms/scorm/suspend-data.ts', 'src/tracking/statements.ts', 'src/tracking/queue.ts'],
    tests: [
      'src/lms/scorm/suspend-data.test.ts',
      'src/lms/scorm/suspend-data-limits.test.ts',
      'src/tracking/statements.test.ts',
      'src/tracking/statement-content.test.ts',
      'test/node/saved-formats.test.ts',
      'src/tracking/queue.test.ts',
      'src/tracking/queue-rules.test.ts',
    ],
  },
  {
    mutate: ['src/assessment/session.ts', 'src/assessment/results.ts', 'src/assessment/generate.ts', 'src/assessment/simulate.ts'],
    // progress.test.ts is left out: it compares the estimate with simulated mean lengths (11 s
    // uninstrumented), a statistical check like simulate.test.ts; npm test runs it. simulate-parts.test.ts
    // holds the simulator's quick tests; simulate.test.ts (whole simulations) is left out. session-api.test.ts
    // (what pages and runtimes use of a session, fusing raters), session-estimates.test.ts (the progress
    // figures from their definition), results-fields.test.ts, simulate-report.test.ts (a small run's report) and
    // simulate-population.test.ts (the true levels' correlations, sampled).
    tests: ['src/assessment/session.test.ts', 'src/assessment/fusion.test.ts', 'src/assessment/decision.test.ts', 'src/assessment/simulate-parts.test.ts', 'src/assessment/results.test.ts', 'src/assessment/session-progress.test.ts', 'src/assessment/simulate-scoring.test.ts', 'src/assessment/simulate-draws.test.ts', 'src/assessment/generate.test.ts', 'src/assessment/session-api.test.ts', 'src/assessment/session-estimates.test.ts', 'src/assessment/results-fields.test.ts', 'src/assessment/simulate-report.test.ts', 'src/assessment/simulate-population.test.ts'],
  },
];

/** Stryker's full report of a group's last run (reports/ is not committed: it holds every source file). */
export const reportFile = (group) => `reports/mutation/group-${group}.json`;

/**
 * The committed summary of a group's last complete run: counts per file and status, the survivors, and a
 * SHA-256 of every input the result depends on — the mutated files, the group's test files and the
 * mutation setup (stryker.config.mjs, stryker/*). The bench reads these, so the figure needs no Stryker run;
 * a summary whose inputs differ from the files now on disk is stale and gives no figure.
 */
export const summaryFile = (group) => `bench/mutation/group-${group}.json`;

const SETUP = ['stryker.config.mjs', ...readdirSync('stryker').sort().map((f) => `stryker/${f}`)];

/** The files a group's patterns name now (`*` only in the last path segment; `!` excludes). */
export function expand(patterns) {
  const included = [];
  const excluded = new Set();
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const path = negated ? pattern.slice(1) : pattern;
    const slash = path.lastIndexOf('/');
    const [dir, name] = [path.slice(0, slash), path.slice(slash + 1)];
    const re = new RegExp(`^${name.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    const files = name.includes('*') ? readdirSync(dir).filter((f) => re.test(f)).sort().map((f) => `${dir}/${f}`) : [path];
    for (const f of files) negated ? excluded.add(f) : included.push(f);
  }
  return [...new Set(included)].filter((f) => !excluded.has(f));
}

const hash = (text) => createHash('sha256').update(text).digest('hex');
const sha256 = (path) => (existsSync(path) ? hash(readFileSync(path, 'utf8')) : 'missing');

/** Every input of a group's result, with its hash as it is on disk now. */
export function inputsOf(group) {
  const { mutate, tests } = GROUPS[group];
  return Object.fromEntries([...expand(mutate), ...expand(tests), ...SETUP].map((f) => [f, sha256(f)]));
}

/**
 * Writes the committed summary of group `g` from Stryker's report of the run that just ended. The mutated
 * and test files are hashed as the run saw them (their text is in the report); `inputs`, taken when the
 * run started, covers the rest (the setup, and test files the report does not carry).
 */
export function summarise(g, inputs = inputsOf(g)) {
  const report = JSON.parse(readFileSync(reportFile(g), 'utf8'));
  const seen = {};
  for (const [path, file] of [...Object.entries(report.files), ...Object.entries(report.testFiles ?? {})]) {
    const relative = path.startsWith('/') ? relativePath(process.cwd(), path) : path;
    if (relative in inputs && file.source !== undefined) seen[relative] = hash(file.source);
  }
  const files = {};
  const survivors = [];
  for (const [path, file] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
    const counts = {};
    for (const m of file.mutants) {
      counts[m.status] = (counts[m.status] ?? 0) + 1;
      if (m.status === 'Survived' || m.status === 'NoCoverage') {
        survivors.push({ file: path, line: m.location.start.line, column: m.location.start.column, mutator: m.mutatorName, replacement: m.replacement ?? '', status: m.status });
      }
    }
    files[path] = counts;
  }
  survivors.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  const summary = { group: g, mutate: GROUPS[g].mutate, tests: GROUPS[g].tests, inputs: { ...inputs, ...seen }, files, survivors };
  mkdirSync(dirname(summaryFile(g)), { recursive: true });
  writeFileSync(summaryFile(g), `${JSON.stringify(summary, null, 1)}\n`);
}

/** The inputs of group `g` that changed since its committed summary (`group definition` when its lists did; `summary` when it has none). */
export function changedSince(g, summary = existsSync(summaryFile(g)) ? JSON.parse(readFileSync(summaryFile(g), 'utf8')) : undefined) {
  if (!summary) return ['summary'];
  if (JSON.stringify([summary.mutate, summary.tests]) !== JSON.stringify([GROUPS[g].mutate, GROUPS[g].tests])) return ['group definition'];
  const now = inputsOf(g);
  return [...new Set([...Object.keys(now), ...Object.keys(summary.inputs)])].filter((f) => now[f] !== summary.inputs[f]);
}

const score = (killed, survived) => (killed + survived > 0 ? Math.round((killed / (killed + survived)) * 1000) / 1000 : Number.NaN);

/**
 * killed ÷ (killed + survived) over the groups' committed summaries. A timed-out mutant counts as killed
 * (the tests did not pass); one no test reaches counts as survived; Ignored mutants are not counted.
 * `stale` names, per group, the inputs that changed since its summary (or `group definition` when its
 * file or test list changed); `perGroup` gives each current group's own score.
 */
export function mutationScore(groups = [...GROUPS.keys()]) {
  const counts = {};
  const missing = [];
  const stale = [];
  const perGroup = {};
  for (const g of groups) {
    if (!existsSync(summaryFile(g))) {
      missing.push(g);
      continue;
    }
    const summary = JSON.parse(readFileSync(summaryFile(g), 'utf8'));
    const changed = changedSince(g, summary);
    if (changed.length > 0) {
      stale.push(`group ${g}: ${changed.join(', ')}`);
      continue;
    }
    const own = {};
    for (const fileCounts of Object.values(summary.files)) {
      for (const [status, n] of Object.entries(fileCounts)) {
        own[status] = (own[status] ?? 0) + n;
        counts[status] = (counts[status] ?? 0) + n;
      }
    }
    perGroup[g] = score((own.Killed ?? 0) + (own.Timeout ?? 0), (own.Survived ?? 0) + (own.NoCoverage ?? 0));
  }
  const killed = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
  const survived = (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
  return { score: score(killed, survived), killed, survived, counts, missing, stale, perGroup };
}
