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
