/**
 * One request to a worker started from the script `code`, for the work elements move off the main thread
 * (./off-thread.ts validates a model, ../team/off-thread.ts reads evidence): the worker's first message,
 * or why none came — `start`: no worker could start (e.g. a Content-Security-Policy without blob:
 * workers); `send`: the message cannot go to a worker; `run`: the worker failed, or `signal` aborted.
 * The worker is stopped and its script released either way.
 */
export type WorkerOutcome<T> = { answer: T } | { failed: 'start' | 'send' | 'run'; reason: string };

export async function callWorker<T>(code: string, type: WorkerType, message: unknown, signal?: AbortSignal): Promise<WorkerOutcome<T>> {
  let worker: Worker | undefined;
  let url: string | undefined;
  try {
    try {
      url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
      worker = new Worker(url, { type });
    } catch (error) {
      return { failed: 'start', reason: String(error) };
    }
    const answer = new Promise<WorkerOutcome<T>>((resolve) => {
      worker!.onmessage = (event: MessageEvent<T>) => resolve({ answer: event.data });
      worker!.onerror = (event) => {
        event.preventDefault();
        resolve({ failed: 'run', reason: event.message || 'the worker failed' });
      };
      signal?.addEventListener('abort', () => resolve({ failed: 'run', reason: 'aborted' }), { once: true });
    });
    try {
      worker.postMessage(message);
    } catch (error) {
      return { failed: 'send', reason: String(error) };
    }
    return await answer;
  } finally {
    worker?.terminate();
    if (url) URL.revokeObjectURL(url);
  }
}
