/*
 * The module loader at the top of the classic scripts: a package's `pathway.js`
 * (lms-packages/rollup.package.mjs puts it there) and the CDN's `pathway.iife.min.js` (rollup.config.mjs).
 * They are split like the CDN's ES modules: what the first question needs is in the entry (and the
 * chunks it names); the rest (engine, planner, results elements, validator, other languages, LRS code)
 * are chunks loaded when needed. Rollup writes each as an AMD module calling `pathwayDefine`; this
 * defines it. Every file is a classic script loaded with a `<script src>` relative to the file that
 * asks for it: that works where module scripts do not (a package opened from the file system, an LMS
 * serving .js with the wrong MIME type). An entry that names no chunk runs at once, as a plain script would.
 */
(() => {
  /** Module URL → promise of its exports. */
  const modules = new Map();
  /** Scripts requested and not yet run: URL → what settles their module. */
  const waiting = new Map();

  const load = (url) => {
    let module = modules.get(url);
    if (!module) {
      module = new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = url;
        waiting.set(url, { resolve, reject });
        script.onerror = () => reject(new Error(`The package file ${url} could not be loaded.`));
        // A script that ran without defining its module (a wrong or damaged file) is an error too.
        script.onload = () => waiting.has(url) && reject(new Error(`The package file ${url} is not a part of this package's script.`));
        document.head.append(script);
      });
      modules.set(url, module);
    }
    return module;
  };

  self.pathwayDefine = (dependencies, factory) => {
    const url = document.currentScript.src;
    const exports = {};
    const resolve = (id) => new URL(id, url).href;
    const require = (ids, done, fail) => Promise.all(ids.map((id) => load(resolve(id)))).then((values) => done(...values), fail);
    const special = { exports, require, module: { uri: url, exports } };
    const run = (values) => {
      const value = factory(...values);
      return dependencies.includes('exports') ? exports : value;
    };
    const values = dependencies.map((id) => special[id] ?? load(resolve(id)));
    let ready;
    if (values.some((value) => value instanceof Promise)) ready = Promise.all(values).then(run);
    else {
      try {
        ready = Promise.resolve(run(values));
      } catch (error) {
        ready = Promise.reject(error);
      }
    }
    const requested = waiting.get(url);
    waiting.delete(url);
    if (requested) {
      requested.resolve(ready);
      return;
    }
    // The page's own <script src>. When it fails, a package's launch page says so, never a blank frame.
    modules.set(url, ready);
    ready.catch((error) => {
      const notices = document.getElementById('pathway-notices');
      if (!notices) throw error;
      document.getElementById('pathway-loading')?.remove();
      const box = document.createElement('p');
      box.className = 'pathway-notice';
      box.dataset.kind = 'error';
      box.textContent = `The assessment could not start: ${error instanceof Error ? error.message : String(error)}`;
      notices.append(box);
    });
  };
})();
