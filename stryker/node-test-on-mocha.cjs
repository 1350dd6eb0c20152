// The subset of node:test the core tests use (describe/it/test, before/after hooks, `{ skip, timeout }`
// options), mapped onto the globals mocha defines while it loads each spec file. Test bodies get a
// small stand-in for node:test's context (they never rely on mocha's `done` callback).

function split(args) {
  const [name, second, third] = args;
  return typeof second === 'function' ? { name, options: {}, fn: second } : { name, options: second ?? {}, fn: third };
}

function context(name) {
  return { name, diagnostic() {}, skip() {}, todo() {} };
}

function withContext(fn, name) {
  return function () {
    return fn.call(this, context(name));
  };
}

function suite(...args) {
  const { name, options, fn } = split(args);
  const register = options.skip ? globalThis.describe.skip : globalThis.describe;
  return register(name, function () {
    // mocha collects a suite's tests synchronously: an async body would lose what it registers after an await.
    if (fn.constructor.name === 'AsyncFunction') throw new Error(`describe('${name}') is async: move its awaits into before()`);
    fn.call(this, context(name));
  });
}

// Scale tests that mutation runs leave out (skipped-tests.json says why); npm test runs them.
const leftOut = new Set(require('./skipped-tests.json').tests);

function testCase(...args) {
  const { name, options, fn } = split(args);
  if (!fn) return globalThis.it(name);
  const register = options.skip || options.todo || leftOut.has(name) ? globalThis.it.skip : globalThis.it;
  const t = register(name, withContext(fn, name));
  if (options.timeout !== undefined) t.timeout(options.timeout);
  return t;
}

const hook = (kind) => (fn) => globalThis[kind](withContext(fn, kind));

exports.describe = suite;
exports.it = testCase;
exports.test = testCase;
// A suite's `before` runs before each of its tests here: Stryker credits what a hook reaches to the test
// running at the time, and a mutant's run selects single tests, so a once-per-suite hook would be
// credited to the wrong test (or none) and skipped when that test runs alone.
exports.before = hook('beforeEach');
exports.after = hook('after');
exports.beforeEach = hook('beforeEach');
exports.afterEach = hook('afterEach');
