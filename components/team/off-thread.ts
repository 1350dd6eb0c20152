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
  let worker: Worker | undefined;
  let url: string | undefined;
  try {
    const bundled = new URL('./evidence-worker.min.js', ownUrl).href;
    const boot = `const reader = import(${JSON.stringify(bundled)}).catch(() => import(${JSON.stringify(ownUrl)}));`;
    url = URL.createObjectURL(new Blob([boot + ANSWER], { type: 'text/javascript' }));
    worker = new Worker(url, { type: 'module' });
    const answer = new Promise<Answer>((resolve) => {
      worker!.onmessage = (event: MessageEvent<Answer>) => resolve(event.data);
      worker!.onerror = (event) => {
        event.preventDefault();
        resolve({ failed: event.message || 'the worker failed' });
      };
      signal?.addEventListener('abort', () => resolve({ failed: 'aborted' }), { once: true });
    });
    try {
      // The LRS credential goes to the worker in memory only, as it would stay in the page's memory.
      worker.postMessage({ model, input });
    } catch (error) {
      console.warn(`Pathway reads this evidence on the page: its inputs cannot go to a worker (${String(error)}).`);
      return undefined;
    }
    const outcome = await answer;
    if ('error' in outcome) throw new Error(outcome.error);
    if ('failed' in outcome) {
      if (!signal?.aborted) console.warn(`Pathway reads this evidence on the page: the worker could not (${outcome.failed}).`);
      return undefined;
    }
    return outcome.result;
  } catch (error) {
    if (url === undefined || worker === undefined) {
      // E.g. blocked by the page's Content-Security-Policy.
      console.warn(`Pathway reads this evidence on the page: no worker could start (${String(error)}).`);
      return undefined;
    }
    throw error;
  } finally {
    worker?.terminate();
    if (url) URL.revokeObjectURL(url);
  }
}
