/**
 * Fault test for the start of a cmi5 session in Chromium: the fetch URL, LMS.LaunchData and the learner
 * preferences fail in every way (./faults-harness.ts says how); the page always says what happened and
 * what to do, nothing hangs, and once the LMS answers a reload continues the same session.
 * (The session itself under faults: cmi5-faults.test.ts.)
 */
import { expect } from '@open-wc/testing';
import { playAnswers } from '../../lms-packages/testing/scripted-learner.js';
import { auAddress, fetchCmi5Package, lmsLaunch, lmsLog, reload } from './cmi5-harness.js';
import { answeredSequence, clearFaultsAndFrames, faults, MODEL, openFailing, QUICK, reloadFailing } from './faults-harness.js';

describe('cmi5 package when the LMS fails the launch', () => {
  afterEach(clearFaultsAndFrames);

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
});
