// Runs the real CLI against an LRS for the browser tests: `pathway insights sync --lrs` into a fresh
// database, then `pathway insights report --json` (with `--requests` when requests are given).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** @returns {Promise<{ sync: string, report: unknown }>} */
export async function insightsReport({ endpoint, auth, model, requests }) {
  const dir = mkdtempSync(join(tmpdir(), 'pathway-insights-'));
  try {
    const authFile = join(dir, 'auth.txt');
    writeFileSync(authFile, auth);
    const db = join(dir, 'insights.duckdb');
    const cli = (...args) => promisify(execFile)(process.execPath, ['bin/pathway.js', 'insights', ...args], { maxBuffer: 64 * 1024 * 1024 });
    const sync = await cli('sync', '--lrs', endpoint, '--auth', authFile, '--db', db, '--limit', '50');
    const requestsFile = join(dir, 'requests.json');
    if (requests) writeFileSync(requestsFile, JSON.stringify(requests));
    const report = await cli('report', '--db', db, '--model', model, ...(requests ? ['--requests', requestsFile] : []), '--json');
    return { sync: sync.stdout, report: JSON.parse(report.stdout) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The same as a job a browser test polls (a server command must answer within 20 s; on a busy machine
 * the CLI takes longer): the first call with a `job` id starts it, every call answers `{ done }` and,
 * once done, `{ done: true, result }` or throws its error.
 */
export function insightsJobs() {
  const jobs = new Map();
  return (payload) => {
    if (!jobs.has(payload.job)) {
      const job = { done: false };
      job.promise = insightsReport(payload).then(
        (result) => Object.assign(job, { done: true, result }),
        (error) => Object.assign(job, { done: true, error }),
      );
      jobs.set(payload.job, job);
    }
    const job = jobs.get(payload.job);
    if (!job.done) return { done: false };
    jobs.delete(payload.job);
    if (job.error) throw job.error;
    return { done: true, result: job.result };
  };
}
