/**
 * Validating a large model in a worker, so that the page stays responsive: a 10 MB model takes
 * seconds to check, one long task on the main thread. The worker loads the same validator the page
 * would (an ES module, or a package's classic-script validator, see ./validator-worker.ts) and sends back only
 * the verdict and the problems; the page keeps its own copy of the model. Where a worker cannot start
 * (no Worker, a Content-Security-Policy without blob: workers), the caller validates on the main thread.
 */
import type { ValidationResult } from '../../src/model/load.js';
import type { Problem } from '../../src/model/problems.js';
import { validatorWorker } from './validator-worker.js';
import { callWorker, type WorkerOutcome } from './worker-call.js';

type Verdict = { ok: boolean; problems: Problem[] } | { failed: string };

/** The worker's code after it has `validator` (a promise of the module or part): answer each request. */
const ANSWER = `
onmessage = async (event) => {
  try {
    const v = await validator;
    const { text, bytes, value } = event.data;
    const result = text !== undefined ? v.loadModel(text, bytes) : v.validateModel(value);
    postMessage({ ok: result.ok, problems: result.problems });
  } catch (error) {
    postMessage({ failed: String(error) });
  }
};`;

/**
 * The problems of a model (text, or a value the page keeps), found in a worker; undefined when no
 * worker could do it. `ok` is true when the model is valid.
 */
export async function validateOffThread(input: { text: string; bytes: number } | { value: unknown }): Promise<{ ok: boolean; problems: Problem[] } | undefined> {
  if (typeof Worker === 'undefined') return undefined;
  const onPage = (why: string) => void console.warn(`Pathway validates this model on the page: ${why}.`);
  let outcome: WorkerOutcome<Verdict>;
  try {
    const { boot, type } = await validatorWorker();
    outcome = await callWorker<Verdict>(boot + ANSWER, type, input);
  } catch (error) {
    outcome = { failed: 'start', reason: String(error) };
  }
  if ('failed' in outcome) {
    // E.g. blocked by the page's Content-Security-Policy.
    onPage(outcome.failed === 'run' ? `the worker could not (${outcome.reason})` : `no worker could start (${outcome.reason})`);
    return undefined;
  }
  const verdict = outcome.answer;
  if ('failed' in verdict) {
    onPage(`the worker could not (${verdict.failed})`);
    return undefined;
  }
  return verdict;
}

/** A verdict from the worker as a ValidationResult for the model the page parsed itself. */
export function withModel(verdict: { ok: boolean; problems: Problem[] }, model: unknown): ValidationResult {
  return verdict.ok ? { ok: true, model: model as Extract<ValidationResult, { ok: true }>['model'], problems: verdict.problems } : { ok: false, problems: verdict.problems };
}
