/**
 * Pieces both LRS-backed runtimes (cmi5 and the xAPI launch) share: who the learner is for the
 * element, which language to show, the pass decision, and waiting for the queue to deliver before a
 * session ends.
 */
import type { AssessmentResults } from '../../assessment/types.js';
import { isLanguageTag } from '../../model/patterns.js';
import type { Model } from '../../model/types.js';
import type { StatementQueue } from '../../tracking/queue.js';
import type { Agent } from '../../tracking/types.js';
import { passDecision } from '../scorm/mapping.js';
import type { LaunchContext, Progress, StepProgress } from '../runtime.js';

/** The learner as the element sees it: an id and a name, in memory only. */
export function learnerOf(actor: Agent): LaunchContext['learner'] {
  const learner: LaunchContext['learner'] = {};
  const id = actor.account?.name ?? actor.mbox?.replace(/^mailto:/, '') ?? actor.openid ?? actor.mbox_sha1sum;
  if (id) learner.id = id;
  if (actor.name) learner.name = actor.name;
  return learner;
}

/**
 * The first of the learner's languages (most preferred first) that the model is written in, exactly
 * or by primary subtag; otherwise the first preference. Undefined when there is none.
 */
export function preferredLanguage(model: Pick<Model, 'language' | 'languages'>, preferences: readonly string[]): string | undefined {
  const offered = [model.language, ...(model.languages ?? [])].map((t) => t.toLowerCase());
  const wanted = preferences.map((p) => p.trim()).filter(isLanguageTag);
  const primary = (tag: string) => tag.toLowerCase().split('-')[0];
  return wanted.find((p) => offered.includes(p.toLowerCase())) ?? wanted.find((p) => offered.some((o) => primary(o) === primary(p))) ?? wanted[0];
}

/**
 * Passed (true) or failed (false): against the pass mark (the LMS's, else the model's) when there is
 * one, otherwise against the current role; undefined when neither applies. Same rule as SCORM.
 */
export function passDecider(passMark: number | undefined): (results: AssessmentResults) => boolean | undefined {
  return (results) => {
    if (!results.completed) return undefined;
    const decision = passDecision(results, passMark);
    return decision === undefined ? undefined : decision === 'passed';
  };
}

/** Progress with a pathway step marked done (or not done again). */
export function withStep(progress: Progress, step: StepProgress): Progress {
  const done = new Set(progress.stepsDone);
  if (step.status === 'done') done.add(step.module);
  else done.delete(step.module);
  return { ...progress, stepsDone: [...done] };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends until the queue is empty or `timeoutMs` has passed; true when everything was delivered.
 * Keeps trying through an outage (with growing pauses), so statements arrive in order, last one last.
 */
export async function deliverAll(queue: Pick<StatementQueue, 'flush' | 'pending'>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let pause = 200;
  for (let round = 0; ; round++) {
    // Only the first round starts afresh: later failures count, so a lasting outage gets reported.
    await queue.flush({ resetBackoff: round === 0 });
    if ((await queue.pending()) === 0) return true;
    if (Date.now() + pause > deadline) return false;
    await sleep(pause);
    pause = Math.min(pause * 2, 3_000);
  }
}
