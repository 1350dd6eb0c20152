// Starts the real LRS used by the tests and benchmarks: Learning Locker's statements service
// (`xapi-statements`, GPL-3.0, a dev dependency only) in memory mode, on a free loopback port, in a
// temporary working directory (it writes access logs there). See docs/xapi-profile.md, "Testing".
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

const { clockShiftForUuidWrap, UUID_V1_WRAP_MS } = require('./uuid-wrap.cjs');
export { UUID_V1_WRAP_MS };

/**
 * @param {{ timeoutMs?: number, uuidWrapInMs?: number, movableClock?: boolean }} [options] `uuidWrapInMs`:
 *   run the LRS's clock ahead so that its v1 UUIDs wrap that long after it starts; `movableClock`: let
 *   `wrapUuidsIn` move it later (see clock-shift.cjs).
 * @returns {Promise<{ url: string, endpoint: string, port: number, stop: () => Promise<void>, wrapUuidsIn: (ms: number) => Promise<void> }>}
 */
export async function startLrs({ timeoutMs = 30_000, uuidWrapInMs, movableClock = false } = {}) {
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
      ...(uuidWrapInMs === undefined && !movableClock ? {} : { PATHWAY_LRS_CLOCK_SHIFT_MS: String(uuidWrapInMs === undefined ? 0 : clockShiftForUuidWrap(uuidWrapInMs, Date.now())) }),
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
  /** Moves a movable clock forward so that the LRS's v1 UUIDs wrap `ms` from now. */
  const wrapUuidsIn = (ms) =>
    new Promise((resolve, reject) => {
      if (!movableClock) return reject(new Error('start the LRS with movableClock to move its clock'));
      const moved = (message) => {
        if (message && typeof message === 'object' && 'pathwayClockMoved' in message) {
          child.off('message', moved);
          resolve();
        }
      };
      child.on('message', moved);
      child.send({ pathwayUuidWrapInMs: ms });
    });
  return { url, endpoint: `${url}/xAPI/`, port, stop, wrapUuidsIn };
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
