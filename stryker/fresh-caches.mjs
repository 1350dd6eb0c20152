// The engine memoises per model object in module-level WeakMaps (compiled banks, model indexes, kernels),
// and the tests load their fixtures once per process. Stryker's runner re-runs the tests in one process
// with one mutant after another switched on, so a cache filled while no mutant (or another one) was
// active would hide the mutant. Every WeakMap created in this process forgets its entries before each
// run (a mocha root hook plugin, loaded through mochaOptions.require).
const NativeWeakMap = globalThis.WeakMap;
const all = new Set();

class ForgettingWeakMap {
  #entries = new NativeWeakMap();
  constructor(entries) {
    all.add(new WeakRef(this));
    for (const [key, value] of entries ?? []) this.set(key, value);
  }
  get(key) {
    return this.#entries.get(key);
  }
  has(key) {
    return this.#entries.has(key);
  }
  set(key, value) {
    this.#entries.set(key, value);
    return this;
  }
  delete(key) {
    return this.#entries.delete(key);
  }
  forget() {
    this.#entries = new NativeWeakMap();
  }
  get [Symbol.toStringTag]() {
    return 'WeakMap';
  }
}

globalThis.WeakMap = ForgettingWeakMap;

export const mochaHooks = {
  beforeAll() {
    for (const ref of all) {
      const map = ref.deref();
      if (map) map.forget();
      else all.delete(ref);
    }
  },
};
