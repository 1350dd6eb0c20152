/**
 * Fault test for a cmi5 session in Chromium: the AU in a frame, launched by the test LMS in front of the
 * real LRS, its statements and State API calls through a fault proxy that fails them in every way, then
 * takes the LMS away while the page is reloaded (./faults-harness.ts says how). Every answer arrives
 * exactly once, progress is never lost, the page always says what happened, nothing hangs.
 * (The launch under faults: cmi5-launch-faults.test.ts.)
 */
import { expect } from '@open-wc/testing';
import { playAnswers, playCompletion } from '../../lms-packages/testing/scripted-learner.js';
import { auAddress, fetchCmi5Package, launchAu, lmsLaunch, lmsLog, reload, verbOf, waitFor } from './cmi5-harness.js';
import { answeredSequence, answerThroughFaults, clearFaultsAndFrames, expectExactlyOnce, faults, MODEL, notices, oneTo, QUICK, reloadFailing, savedProgress } from './faults-harness.js';

describe('cmi5 session when the LMS fails every call', () => {
  afterEach(clearFaultsAndFrames);

  it('cmi5: statements and progress through 500s, portal pages, late answers and hangs, the LMS gone mid-session and a reload during it: every answer exactly once, progress kept', async function () {
    this.timeout(150_000);
    const pkg = await fetchCmi5Package(MODEL);
    const au = pkg.aus[0]!;
    const model = pkg.model;
    const total = model.items.length;
    const launch = await lmsLaunch({ auId: au.id, viaFront: true, masteryScore: 0.5 });
    const { frame, handle } = await launchAu(auAddress(QUICK, 'cmi5', au.url, launch.query));

    // Every kind of failure for the statements and the progress, one after another.
    await answerThroughFaults(handle.runtime, model, launch, ['serverError', 'garbage', 'lateAnswer', 'hang', 'reset', 'garbage', 'drop'], ['serverError', 'garbage', 'hang']);

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
