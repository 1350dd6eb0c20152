/** Counts the workers the page starts while `run` runs (and can make them fail to start, as a Content-Security-Policy would). */
export async function countingWorkers<T>(run: () => Promise<T>, options: { refuse?: boolean } = {}): Promise<{ value: T; workers: number }> {
  const Original = window.Worker;
  let workers = 0;
  window.Worker = class extends Original {
    constructor(url: string | URL, init?: WorkerOptions) {
      if (options.refuse) throw new DOMException('Refused by the test (as a Content-Security-Policy would)', 'SecurityError');
      super(url, init);
      workers++;
    }
  };
  try {
    return { value: await run(), workers };
  } finally {
    window.Worker = Original;
  }
}

/** What `run` logs with console.warn, and its value. */
export async function capturingWarnings<T>(run: () => Promise<T>): Promise<{ value: T; warnings: string[] }> {
  const warn = console.warn;
  const warnings: string[] = [];
  console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
  try {
    return { value: await run(), warnings };
  } finally {
    console.warn = warn;
  }
}
