/**
 * Stands in for components/shared/lazy-parts.ts in the script of LMS packages (lms-packages/rollup.package.mjs
 * swaps it in): the validator, the UI messages of each language, the engine and the planner are
 * classic scripts next to `pathway.js` in the package (./parts.ts), loaded with a `<script>` element
 * when needed — a package carries the messages of the model's languages only, a stamped model never
 * loads the validator, and the engine and planner load while the learner reads the first question.
 */
import type * as Validator from '../../src/model/load.js';
import type * as Messages from '../../components/shared/locales/de.js';
import type * as Engine from '../../src/assessment/session.js';
import type * as Planner from '../../src/planner/index.js';
import type * as LrsReporting from '../../src/lms/lrs-reporting.js';
import { type PackagePart, partFile, partGlobal } from './parts.js';

const loading = new Map<string, Promise<unknown>>();

function loadPart<T>(name: PackagePart): Promise<T> {
  let part = loading.get(name);
  if (!part) {
    part = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = partFile(name);
      script.onload = () => {
        const value = (globalThis as Record<string, unknown>)[partGlobal(name)];
        if (value) resolve(value);
        else reject(new Error(`${script.src} did not define its part.`));
      };
      script.onerror = () => reject(new Error(`The package file ${partFile(name)} could not be loaded.`));
      document.head.append(script);
    });
    loading.set(name, part);
    part.catch(() => loading.delete(name));
  }
  return part as Promise<T>;
}

export const loadValidator = () => loadPart<typeof Validator>('validate');

/** How a worker gets the validator (components/shared/off-thread.ts): the package's part, as a classic script. */
export const validatorWorker = async (): Promise<{ boot: string; type: WorkerType }> => ({
  boot: `importScripts(${JSON.stringify(new URL(partFile('validate'), document.baseURI).href)}); const validator = Promise.resolve(self[${JSON.stringify(partGlobal('validate'))}]);`,
  type: 'classic',
});

export const loadLocaleMessages = (locale: 'de' | 'fr') => loadPart<typeof Messages>(locale);

export const loadEngine = () => loadPart<typeof Engine>('engine');

export const loadPlanner = () => loadPart<typeof Planner>('planner');

/** The xAPI reporting of a SCORM candidate package with a candidate endpoint (the only SCORM package that sends statements). */
export const loadLrsReporting = () => loadPart<typeof LrsReporting>('lrs');
