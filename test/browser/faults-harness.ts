/**
 * Shared by the fault tests of the cmi5 and xAPI (Tin Can) package runtimes in Chromium
 * (cmi5-faults.test.ts, xapi-faults.test.ts): the package's AU runs in a
 * frame, launched by the test LMS (test/cmi5/cmi5-lms.ts) in front of the real LRS, and every call the
 * AU makes goes through a fault proxy in front of the LMS (test/lrs/fault-proxy.mjs) — the fetch URL,
 * LMS.LaunchData, the learner preferences, the State API and the statements. The proxy answers 500s,
 * a captive portal's HTML page with 200, answers later than the timeout, hangs, resets and drops, and
 * takes the LMS away mid-session; the page is reloaded during the outage.
 *
 * The property each test asserts: every answer the learner gave arrives exactly once (by statement id)
 * once the LMS is back, progress is never lost, and the page always says what happened — never a
 * blank frame, never a hang. The packages are the `~quick` variants (lms-packages/package-server.ts):
 * the same package with short timeouts on its launch page, so a hang costs 1.5 s, not 15.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { PROGRESS_STATE_ID } from '../../src/lms/xapi/state.js';
import type { Progress } from '../../src/lms/runtime.js';
import type { Statement } from '../../src/tracking/types.js';
import type { FaultPlan, FaultStats } from '../lrs/fault-proxy.mjs';
import type { Runtime } from '../../src/lms/runtime.js';
import type { Model } from '../../src/model/types.js';
import { playAnswers } from '../../lms-packages/testing/scripted-learner.js';
import type { Fault } from '../lrs/fault-proxy.mjs';
import { lmsDocuments, lmsLog, lrsStatements, verbOf, waitFor } from './cmi5-harness.js';

export const MODEL = 'tiny-model';
export const QUICK = `${MODEL}~quick`;
export const SEQUENCE = 'https://pathway.example/xapi/profile/extensions/sequence';

/** Sets the plan of the fault proxy between the AU and the LMS. */
export const faults = (plan: FaultPlan) => executeServerCommand('pathway-cmi5-faults', { plan });
export const frontStats = () => executeServerCommand('pathway-cmi5-front-stats') as Promise<FaultStats>;

/** After each fault test: the proxy passes everything again and the test's package frames are gone. */
export async function clearFaultsAndFrames(): Promise<void> {
  await faults({});
  document.querySelectorAll('iframe').forEach((f) => f.remove());
}

type Frame = HTMLIFrameElement;

/** The page in a frame as the learner sees it: the error notice, or the started package. */
export function notices(frame: Frame): string[] {
  return [...(frame.contentDocument?.querySelectorAll('.pathway-notice') ?? [])].map((n) => n.textContent ?? '');
}

/** Opens an address in a frame and waits for the error notice; the loading line is gone (no blank or stuck page). */
export async function openFailing(address: string): Promise<{ frame: Frame; message: string }> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 900px; height: 400px';
  frame.src = address;
  document.body.append(frame);
  const message = await waitFor('an error notice', () => frame.contentDocument?.querySelector('.pathway-notice[data-kind="error"]')?.textContent ?? undefined, 12_000);
  expect(frame.contentDocument!.getElementById('pathway-loading'), 'no "loading" left on the page').to.equal(null);
  return { frame, message };
}

/** Reloads a frame and waits for the page to show an error notice (a reload during an outage). */
export async function reloadFailing(frame: Frame): Promise<string> {
  await new Promise<void>((resolve) => {
    frame.addEventListener('load', () => resolve(), { once: true });
    frame.contentWindow!.location.reload();
  });
  return waitFor('an error notice after the reload', () => frame.contentDocument?.querySelector('.pathway-notice[data-kind="error"]')?.textContent ?? undefined, 12_000);
}

/** Every id the AU sent, as the LRS stored it: each exactly once. */
export async function expectExactlyOnce(registration: string, accepted: Statement[]): Promise<Statement[]> {
  const stored = (await lrsStatements(registration)).filter((s) => verbOf(s) !== 'launched');
  const counts = new Map<string, number>();
  for (const s of stored) counts.set(s.id, (counts.get(s.id) ?? 0) + 1);
  expect([...counts.values()].filter((n) => n > 1), 'no statement stored twice').to.deep.equal([]);
  expect(accepted.map((s) => s.id).filter((id) => !counts.has(id)), 'everything the LMS accepted is in the LRS').to.deep.equal([]);
  return stored;
}

export const answeredSequence = (list: Statement[]) => list.filter((s) => verbOf(s) === 'answered').map((s) => s.context!.extensions![SEQUENCE] as number);
export const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
export const savedProgress = async (registration: string) => ((await lmsDocuments(registration))[PROGRESS_STATE_ID] as { progress?: Progress } | undefined)?.progress;


/**
 * The learner answers the first two items while the statements and the State writes meet these faults,
 * one after another; returns once every fault was met and both answers and the progress got through.
 */
export async function answerThroughFaults(runtime: Runtime, model: Model, launch: { key: string; registration: string }, statements: readonly Fault[], stateWrites: readonly Fault[]): Promise<void> {
  await faults({ on: { statements: [...statements], stateWrite: [...stateWrites] }, hangMs: 2_500 });
  await playAnswers(runtime, model, 0, 2);
  const scripted = statements.length + stateWrites.length;
  const met = async () => Object.values((await frontStats()).faults).reduce((a, b) => a + b, 0);
  await waitFor(`every scripted fault met (${scripted})`, async () => (await met()) >= scripted, 40_000);
  await waitFor('the progress to be saved through the faults', async () => (await savedProgress(launch.registration))?.location === 'item:2', 20_000);
  await waitFor('the first answers to arrive through the faults', async () => answeredSequence((await lmsLog(launch.key)).accepted).length >= 2, 20_000);
}
