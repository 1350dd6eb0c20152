/**
 * Fault test for the cmi5 package runtime in Chromium: the AU in a frame, launched by the test LMS in
 * front of the real LRS, every call it makes (fetch URL, LMS.LaunchData, preferences, State API,
 * statements) through a fault proxy (./faults-harness.ts says how). Every answer arrives exactly once,
 * progress is never lost, the page always says what happened, nothing hangs.
 */
import { expect } from '@open-wc/testing';
import { playAnswers, playCompletion } from '../../lms-packages/testing/scripted-learner.js';
import { auAddress, fetchCmi5Package, launchAu, lmsLaunch, lmsLog, reload, verbOf, waitFor } from './cmi5-harness.js';
import { answeredSequence, expectExactlyOnce, faults, frontStats, MODEL, notices, oneTo, openFailing, QUICK, reloadFailing, savedProgress } from './faults-harness.js';

describe('cmi5 package when the LMS fails every call', () => {
  afterEach(async () => {
    await faults({});
    document.querySelectorAll('iframe').forEach((f) => f.remove());
  });

  it('cmi5: the fetch URL answering 500, a portal page, nothing (beyond the timeout) or a reset: a sentence each, nothing kept', async function () {
    this.timeout(90_000);
    const au = (await fetchCmi5Package(MODEL)).aus[0]!;
    const expected: Record<string, RegExp> = {
      serverError: /The LMS answered 500 when the session asked for its credentials/,
      garbage: /without an "auth-token"/,
      hang: /could not be reached to start the session \(no answer within 1\.5 s\)/,
      reset: /could not be reached to start the session/,
    };
    for (const [fault, message] of Object.entries(expected)) {
      const launch = await lmsLaunch({ auId: au.id, viaFront: true });
      await faults({ on: { fetch: [fault as 'hang'] }, hangMs: 60_000 });
      const shown = await openFailing(auAddress(QUICK, 'cmi5', au.url, launch.query));
      expect(shown.message, fault).to.match(message);
      expect(shown.message, `${fault}: says what to do`).to.match(/launch the course again from the LMS/i);
      const log = await lmsLog(launch.key);
      expect(log.events.filter((e) => !e.includes('/fetch')), `${fault}: nothing after the failed fetch`).to.deep.equal([]);
      expect(Object.keys(sessionStorage).filter((k) => k.startsWith('pathway-cmi5:')), `${fault}: nothing kept`).to.deep.equal([]);
      shown.frame.remove();
    }
  });

  it('cmi5: LMS.LaunchData failing (500s, a portal page) is explained, and a reload once the LMS answers continues the same session', async function () {
    this.timeout(90_000);
    const pkg = await fetchCmi5Package(MODEL);
    const au = pkg.aus[0]!;
    // Two failures are retried through; three are reported.
    const launch = await lmsLaunch({ auId: au.id, viaFront: true });
    await faults({ on: { stateRead: ['serverError', 'hang', 'serverError'] }, hangMs: 60_000 });
    const { frame, message } = await openFailing(auAddress(QUICK, 'cmi5', au.url, launch.query));
    expect(message).to.match(/the launch data could not be read from the LMS/i);
    // A network sign-in page answering for the LMS is not taken for the launch data.
    await faults({ on: { stateRead: ['garbage', 'garbage', 'garbage'] } });
    expect(await reloadFailing(frame)).to.match(/launch data could not be read from the LMS \(200: the answer \(200, text\/html\) did not come from the LRS/);
    // The LMS sees the preferences read (cmi5 wants it before any statement), but its answers are lost.
    await faults({ on: { profile: ['errorAfterStore', 'errorAfterStore', 'errorAfterStore'] } });
    const again = await reload(frame);
    expect(again.handle.context.mode, 'the session goes on').to.equal('normal');
    expect(again.handle.problems.map((p) => p.message).join(' '), 'the preferences failing is a warning').to.match(/preferences could not be read/);
    await playAnswers(again.handle.runtime, pkg.model, 0, 2);
    await again.handle.runtime.finish('suspended');
    const log = await lmsLog(launch.key);
    expect(log.fetches, 'one fetch for the whole session').to.equal(1);
    expect(log.violations).to.deep.equal([]);
    expect(answeredSequence(log.accepted)).to.deep.equal([1, 2]);
  });

  it('cmi5: statements and progress through 500s, portal pages, late answers and hangs, the LMS gone mid-session and a reload during it: every answer exactly once, progress kept', async function () {
    this.timeout(150_000);
    const pkg = await fetchCmi5Package(MODEL);
    const au = pkg.aus[0]!;
    const model = pkg.model;
    const total = model.items.length;
    const launch = await lmsLaunch({ auId: au.id, viaFront: true, masteryScore: 0.5 });
    const { frame, handle } = await launchAu(auAddress(QUICK, 'cmi5', au.url, launch.query));

    // Every kind of failure for the statements and the progress, one after another.
    const statementFaults = ['serverError', 'garbage', 'lateAnswer', 'hang', 'reset', 'garbage', 'drop'] as const;
    const stateFaults = ['serverError', 'garbage', 'hang'] as const;
    await faults({ on: { statements: [...statementFaults], stateWrite: [...stateFaults] }, hangMs: 2_500 });
    await playAnswers(handle.runtime, model, 0, 2);
    const scripted = statementFaults.length + stateFaults.length;
    const met = async () => Object.values((await frontStats()).faults).reduce((a, b) => a + b, 0);
    await waitFor(`every scripted fault met (${scripted})`, async () => (await met()) >= scripted, 40_000);
    await waitFor('the progress to be saved through the faults', async () => (await savedProgress(launch.registration))?.location === 'item:2', 20_000);
    await waitFor('the first answers to arrive through the faults', async () => answeredSequence((await lmsLog(launch.key)).accepted).length >= 2, 20_000);

    // The LMS goes away; the learner answers on, then reloads the page while it is away.
    await faults({ offline: true });
    const beforeReload = await playAnswers(handle.runtime, model, 2, 4);
    expect(await reloadFailing(frame), 'the reload during the outage says so').to.match(/could not be read from the LMS/);
    expect(notices(frame).join(' ')).to.match(/Close this window|Reload/i);

    // The LMS is back: the next reload continues the session where the learner was.
    await faults({});
    const again = await reload(frame);
    expect(again.handle.context.resume, 'progress kept across the outage and the reloads').to.deep.equal(beforeReload);
    const rest = await playAnswers(again.handle.runtime, model, 4, total);
    await playCompletion(again.handle.runtime, model, rest);
    void again.handle.runtime.finish('finished');
    await waitFor('the AU to return to the LMS', async () => (await lmsLog(launch.key)).returned, 30_000);

    const log = await lmsLog(launch.key);
    expect(log.violations, 'no cmi5 rule broken').to.deep.equal([]);
    expect(log.fetches).to.equal(1);
    expect(answeredSequence(log.accepted), 'every answer once, in order').to.deep.equal(oneTo(total));
    expect(verbOf(log.accepted[0]!)).to.equal('initialized');
    expect(verbOf(log.accepted.at(-1)!)).to.equal('terminated');
    const stored = await expectExactlyOnce(launch.registration, log.accepted);
    expect(answeredSequence(stored).sort((a, b) => a - b), 'the LRS has each answer once').to.deep.equal(oneTo(total));
    expect((await savedProgress(launch.registration))?.location, 'the last progress reached the State API').to.equal('plan');
    expect(handle.problems.some((p) => p.source === 'lrs' && p.recoverable), 'the failures were reported to the learner as recoverable').to.equal(true);
  });
});
