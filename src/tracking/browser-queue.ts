/**
 * The queue as a page runs it: statements in IndexedDB (or in memory, with a warning, where the
 * browser refuses storage), one sender across tabs (Web Locks), a retry when the device comes back
 * `online`, what is left sent on the next page load, and a best-effort flush on `pagehide`.
 */
import type { RuntimeProblem } from '../lms/runtime.js';
import { IdbStore } from './idb-store.js';
import { type LrsConfig, LrsClient, checkEndpoint } from './lrs-client.js';
import { type BackoffOptions, StatementQueue } from './queue.js';
import { MemoryStore, type QueueStore } from './store.js';
import type { StatementTransport } from './transport.js';
import { URL_NAMESPACE, uuidV5 } from './uuid.js';

export interface BrowserQueueOptions {
  lrs: LrsConfig;
  /** Separates queues of different learners on one device (e.g. the actor's account name). */
  partition?: string;
  onProblem?: (problem: RuntimeProblem) => void;
  batchSize?: number;
  backoff?: BackoffOptions;
  /** The IndexedDB factory (default the page's). */
  indexedDB?: IDBFactory;
  /** The page to listen on (default `window`). */
  window?: Window;
  /** Makes the transport (default `LrsClient.create(lrs)`, which loads the xAPI library lazily). */
  transport?: () => Promise<StatementTransport>;
}

export interface BrowserQueue extends StatementQueue {
  /** Removes the page listeners and stops timers; stored statements stay. */
  detach(): void;
}

/** The queue's partition name: which endpoint and learner its statements are for (no secrets). */
export function queueName(endpoint: string, partition = ''): string {
  return uuidV5(`${endpoint}|${partition}`, URL_NAMESPACE);
}

/**
 * Opens the queue for one LRS. Throws LrsConfigError for an endpoint that is invalid or not on the
 * allow-list (nothing is stored for it then). Sends anything an earlier page left behind.
 */
export async function openBrowserQueue(options: BrowserQueueOptions): Promise<BrowserQueue> {
  const endpoint = checkEndpoint(options.lrs.endpoint, options.lrs);
  const name = queueName(endpoint, options.partition);
  const report = (problem: RuntimeProblem) => options.onProblem?.(problem);
  let store: QueueStore;
  try {
    store = await IdbStore.open(name, options.indexedDB);
  } catch (error) {
    store = new MemoryStore();
    report({
      source: 'storage',
      recoverable: false,
      message: `This browser does not let Pathway keep statements on this device (${error instanceof Error ? error.message : String(error)}). They are held in memory only and are lost if the page is closed before they reach the LRS.`,
    });
  }
  const win = options.window ?? window;
  const locks = (win.navigator as Navigator | undefined)?.locks;
  const queue = new StatementQueue({
    store,
    transport: options.transport ?? (() => LrsClient.create(options.lrs)),
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
    onProblem: report,
    isOnline: () => win.navigator.onLine !== false,
    ...(locks ? { lock: <T>(run: () => Promise<T>) => locks.request(`pathway-xapi:${name}`, run) as Promise<T> } : {}),
  }) as BrowserQueue;
  const onOnline = () => void queue.flush({ resetBackoff: true });
  const onPageHide = () => queue.flushOnExit();
  win.addEventListener('online', onOnline);
  win.addEventListener('pagehide', onPageHide);
  queue.detach = () => {
    win.removeEventListener('online', onOnline);
    win.removeEventListener('pagehide', onPageHide);
    queue.close();
  };
  void queue.flush();
  return queue;
}
