/**
 * One person's cmi5 session through <pathway-assessment> as they do it (the test cmi5 LMS in front of
 * the real LRS), and the real `pathway insights` CLI on that LRS, for the cmi5 360-loop tests.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { PathwayAssessment } from '../../components/assessment/assessment.component.js';
import type { PersonProfile } from '../../src/insights/types.js';
import type { Agent, Statement } from '../../src/tracking/types.js';
import { deepText } from '../support/deep-dom.js';
import { answerUntilResults } from '../support/element-learner.js';
import { auAddress, launchAu, lmsLaunch, lmsLog, waitFor } from './cmi5-harness.js';

export interface CliReport {
  report: { profiles: PersonProfile[]; report: unknown };
}

/** `pathway insights sync` then `report --json` on the LRS, run by the test server (polled: it can take longer than a command may). */
export async function insightsReport(payload: { model: string; requests?: unknown[] }): Promise<CliReport> {
  const job = `${Date.now()}-${Math.random()}`;
  return waitFor('pathway insights', async () => {
    const state = (await executeServerCommand('pathway-cmi5-insights', { ...payload, job })) as { done: boolean; result?: CliReport };
    return state.done ? state.result : undefined;
  }, 180_000);
}

/** One cmi5 session through <pathway-assessment>: Start, every answer, then `beforeFinish`, then Finish and back to the LMS. */
export async function session(model: string, au: { id: string; url: string; moveOn: string; launchParameters?: string }, actor: Agent, beforeFinish?: (el: PathwayAssessment, frame: HTMLIFrameElement) => Promise<void>): Promise<{ accepted: Statement[]; registration: string }> {
  const launch = await lmsLaunch({ auId: au.id, moveOn: au.moveOn, actor, ...(au.launchParameters ? { launchParameters: au.launchParameters } : {}) });
  const { win, frame } = await launchAu(auAddress(model, 'cmi5', au.url, launch.query));
  const el = await waitFor('the assessment element', () => win.document.querySelector<PathwayAssessment>('pathway-assessment') ?? undefined);
  const root = el.shadowRoot!;
  // A package without a role per AU asks for the roles first (the first role, no target).
  const first = await waitFor('the role choice or the introduction', () => root.querySelector('section.intro') ?? root.querySelector('select[name="current"]')?.closest('form') ?? undefined, 20_000);
  if (first.tagName === 'FORM') first.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  await waitFor('the introduction', () => root.querySelector('section.intro') ?? undefined, 20_000).catch((error: Error) => {
    throw new Error(`${error.message}; the page shows: ${deepText(win.document.body).slice(0, 500)}`);
  });
  root.querySelector<HTMLButtonElement>('.intro button.primary')!.click();
  await answerUntilResults(el);
  await beforeFinish?.(el, frame);
  const finish = await waitFor('the Finish button', () => root.querySelector<HTMLButtonElement>('section.results .nav button.primary') ?? undefined);
  finish.click();
  await waitFor('the AU to return to the LMS', async () => (await lmsLog(launch.key)).returned, 60_000);
  const log = await lmsLog(launch.key);
  expect(log.violations, 'no cmi5 rule broken').to.deep.equal([]);
  expect(log.refused).to.equal(0);
  return { accepted: log.accepted, registration: launch.registration };
}

