/**
 * Stands in for `standalone.ts` in LMS packages (lms-packages/rollup.package.mjs swaps it in): a
 * package always runs on its LMS's runtime, so the browser-only store (and idb with it) stays out.
 */
export class StandaloneRuntime {
  constructor() {
    throw new Error('LMS packages run on their LMS runtime; the standalone (browser storage) runtime is not part of them.');
  }

  clear(): Promise<void> {
    return Promise.resolve();
  }
}
