// Loaded with `--import` in Stryker's test-runner processes: the core tests are written for node:test,
// Stryker's mocha runner re-runs them in one warm process with per-test coverage. Every import or require
// of node:test gets a small adapter onto mocha's globals instead (mocha may load a spec either way).
import Module, { register } from 'node:module';

const adapter = new URL('./node-test-on-mocha.cjs', import.meta.url);
register('./node-test-resolve.mjs', import.meta.url);

const load = Module._load;
Module._load = function (request, ...rest) {
  return load.call(this, request === 'node:test' || request === 'test' ? adapter.pathname : request, ...rest);
};
