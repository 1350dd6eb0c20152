/**
 * Reading evidence in a worker, so that the page stays responsive: 100,000 statements from a file are
 * one task of about 4 s on the main thread (parsing, fusing every person, the report). The worker
 * loads the same reader the page would (`reportFromEvidence`: the CDN build's one-file copy beside the
 * reader's chunk, else the module itself), fetches a statements file itself (handing 240 MB of text to
 * a worker is itself a second-long task) and sends back the report and the counts. Where no worker can
 * start (no Worker, a Content-Security-Policy without blob: workers), the caller reads on the main
 * thread. An error of the reading itself (an LRS that fails, a statements file that cannot be loaded or
 * is not JSON) is the caller's to show, as it would be on the main thread.
 */
import type { EvidenceInput, EvidenceReport } from '../../src/insights/analytics/from-evidence.js';
import type { Model } from '../../src/model/types.js';
import { callWorker } from '../shared/worker-call.js';

/** What the worker reads: the LRS and the roster as the page has them; a statements file by its URL. */
export interface OffThreadInput extends Pick<EvidenceInput, 'lrs' | 'roster'> {
  /** `src` as the element was given it (for messages) and `url`, resolved against the page. */
  statements?: { src: string; url: string } | undefined;
}

type Answer = { result: EvidenceReport } | { error: string } | { failed: string };

/** The worker's code after it has `reader` (a promise of the module): one request, one answer. */
const ANSWER = `
onmessage = async (event) => {
  let r;
  try {
    r = await reader;
  } catch (error) {
    postMessage({ failed: String(error) });
    return;
  }
  try {
    const { model, input } = event.data;
    const { statements, ...rest } = input;
    let text;
    if (statements) {
      const response = await fetch(statements.url, { credentials: 'same-origin' });
      if (!response.ok) throw new Error('the statements file at ' + statements.src + ' could not be loaded: HTTP ' + response.status);
      text = await response.text();
    }
    postMessage({ result: await r.reportFromEvidence(model, { ...rest, statements: text }) });
  } catch (error) {
    postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
};`;

/**
 * The report from the evidence, built in a worker; undefined when no worker could do it. `ownUrl` is
 * where the page loaded the reader from (`evidenceReaderUrl()`). Aborting `signal` stops the worker.
 */
export async function reportOffThread(model: Model, input: OffThreadInput, ownUrl: string, signal?: AbortSignal): Promise<EvidenceReport | undefined> {
  if (typeof Worker === 'undefined') return undefined;
  const bundled = new URL('./evidence-worker.min.js', ownUrl).href;
  const boot = `const reader = import(${JSON.stringify(bundled)}).catch(() => import(${JSON.stringify(ownUrl)}));`;
  // The LRS credential goes to the worker in memory only, as it would stay in the page's memory.
  const outcome = await callWorker<Answer>(boot + ANSWER, 'module', { model, input }, signal);
  const onPage = (why: string) => void console.warn(`Pathway reads this evidence on the page: ${why}.`);
  if ('failed' in outcome) {
    if (outcome.failed === 'start') onPage(`no worker could start (${outcome.reason})`); // e.g. the page's Content-Security-Policy
    else if (outcome.failed === 'send') onPage(`its inputs cannot go to a worker (${outcome.reason})`);
    else if (!signal?.aborted) onPage(`the worker could not (${outcome.reason})`);
    return undefined;
  }
  const answer = outcome.answer;
  if ('error' in answer) throw new Error(answer.error);
  if ('failed' in answer) {
    if (!signal?.aborted) onPage(`the worker could not (${answer.failed})`);
    return undefined;
  }
  return answer.result;
}
