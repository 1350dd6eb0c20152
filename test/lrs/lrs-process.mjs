// Starts the real LRS used by the tests and benchmarks: Learning Locker's statements service
// (`xapi-statements`, GPL-3.0, a dev dependency only) in memory mode, on a free loopback port, in a
// temporary working directory (it writes access logs there). See docs/xapi-profile.md, "Testing".
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

/** The period of the leading field of a v1 UUID (the low 32 bits of the time in 100 ns units), in ms. */
export const UUID_V1_WRAP_MS = 2 ** 32 / 10_000;
const GREGORIAN_OFFSET_MS = 12_219_292_800_000;

/** How far to run a clock ahead so that the next v1 UUID wrap comes `inMs` after now. */
export function clockShiftForUuidWrap(inMs, now = Date.now()) {
  const phase = ((now + GREGORIAN_OFFSET_MS) % 2 ** 28) % UUID_V1_WRAP_MS;
  const untilWrap = UUID_V1_WRAP_MS - phase;
  return Math.round((((untilWrap - inMs) % UUID_V1_WRAP_MS) + UUID_V1_WRAP_MS) % UUID_V1_WRAP_MS);
}

/**
 * @param {{ timeoutMs?: number, uuidWrapInMs?: number }} [options] `uuidWrapInMs`: run the LRS's clock
 *   ahead so that its v1 UUIDs wrap that long after it starts (see clock-shift.cjs).
 * @returns {Promise<{ url: string, endpoint: string, port: number, stop: () => Promise<void> }>}
 */
export async function startLrs({ timeoutMs = 30_000, uuidWrapInMs } = {}) {
  const entry = require.resolve('xapi-statements/dist/index.js');
  const dir = mkdtempSync(join(tmpdir(), 'pathway-lrs-'));
  const child = fork(entry, [], {
    cwd: dir,
    execArgv: ['--require', join(import.meta.dirname, 'listen-loopback.cjs'), '--require', join(import.meta.dirname, 'clock-shift.cjs'), '--no-deprecation', '--no-warnings'],
    env: {
      PATH: process.env.PATH,
      EXPRESS_PORT: '0',
      AUTH_REPO: 'test',
      MODELS_REPO: 'memory',
      STORAGE_REPO: 'local',
      EVENTS_REPO: 'test',
      FS_LOCAL_STORAGE_DIR: join(dir, 'storage'),
      EXPRESS_MORGAN_DIRECTORY: join(dir, 'access-logs'),
      WINSTON_CONSOLE_LEVEL: 'error',
      EXPRESS_BODY_PARSER_LIMIT: '20mb',
      SERVICE_AWAIT_UPDATES: 'true',
      ...(uuidWrapInMs === undefined ? {} : { PATHWAY_LRS_CLOCK_SHIFT_MS: String(clockShiftForUuidWrap(uuidWrapInMs)) }),
    },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the LRS did not start within ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    child.on('message', (message) => {
      if (message && typeof message === 'object' && 'pathwayLrsPort' in message) {
        clearTimeout(timer);
        resolve(message.pathwayLrsPort);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the LRS exited with code ${code} before listening\n${stderr}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) {
        rmSync(dir, { recursive: true, force: true });
        resolve();
        return;
      }
      child.once('exit', () => {
        rmSync(dir, { recursive: true, force: true });
        resolve();
      });
      child.kill('SIGTERM');
    });
  return { url, endpoint: `${url}/xAPI/`, port, stop };
}

const AUTH = `Basic ${Buffer.from('pathway-test:pathway-test').toString('base64')}`;

/** Every statement the LRS holds (following `more` links), as stored. */
export async function readAllStatements(endpoint, query = '') {
  const all = [];
  let next = `${endpoint}statements?limit=500${query}`;
  const origin = new URL(endpoint).origin;
  while (next) {
    const response = await fetch(next, { headers: { Authorization: AUTH, 'X-Experience-API-Version': '1.0.3' } });
    if (!response.ok) throw new Error(`GET statements answered ${response.status}: ${await response.text()}`);
    const page = await response.json();
    all.push(...page.statements);
    next = page.more ? new URL(page.more, origin).href : '';
  }
  return all;
}

/** Counts by id: how many distinct ids are stored, and how many records repeat an id. */
export function countById(statements, expectedIds) {
  const seen = new Map();
  for (const s of statements) seen.set(s.id, (seen.get(s.id) ?? 0) + 1);
  let duplicated = 0;
  for (const n of seen.values()) duplicated += n - 1;
  const expected = new Set(expectedIds);
  let stored = 0;
  let foreign = 0;
  for (const id of seen.keys()) {
    if (expected.has(id)) stored++;
    else foreign++;
  }
  return { stored, duplicated, foreign, lost: expected.size - stored };
}

export const TEST_AUTH = AUTH;
