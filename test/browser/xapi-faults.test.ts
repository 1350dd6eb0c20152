/**
 * Fault test for the xAPI (Tin Can) package runtime in Chromium: launched by the test LMS in front of
 * the real LRS, every call through a fault proxy (./faults-harness.ts says how). Every answer arrives
 * exactly once, progress is never lost, the page always says what happened, nothing hangs.
 */
import { expect } from '@open-wc/testing';
import { playAnswers, playCompletion } from '../../lms-packages/testing/scripted-learner.js';
import type { Model } from '../../src/model/types.js';
import { auAddress, launchAu, lmsLaunch, lmsLog } from './cmi5-harness.js';
import { answeredSequence, answerThroughFaults, clearFaultsAndFrames, expectExactlyOnce, faults, MODEL, oneTo, QUICK, savedProgress } from './faults-harness.js';

describe('xAPI package when the LRS fails every call', () => {
  afterEach(clearFaultsAndFrames);

  it('xAPI: statements and progress through 500s, portal pages, late answers and an outage; the relaunch during it sends what the first page left', async function () {
    this.timeout(150_000);
    const model = (await (await fetch(`/__pathway/packages/${MODEL}/xapi/model.json`)).json()) as Model;
    const total = model.items.length;
    const activityId = `https://lms.example.com/activities/${crypto.randomUUID()}`;
    const launch = await lmsLaunch({ kind: 'tincan', auId: activityId, viaFront: true });
    const { frame, handle } = await launchAu(auAddress(QUICK, 'xapi', 'index.html', launch.query));

    await answerThroughFaults(handle.runtime, model, launch, ['garbage', 'serverError', 'lateAnswer', 'hang', 'garbage', 'reset'], ['garbage', 'serverError']);

    // The LRS goes away; the learner answers on and leaves (the frame goes), and the LMS relaunches the
    // activity while the LRS is still away: the page goes on from this device's copy of the progress.
    await faults({ offline: true });
    await playAnswers(handle.runtime, model, 2, 4);
    frame.remove();
    const second = await lmsLaunch({ kind: 'tincan', auId: activityId, registration: launch.registration, viaFront: true });
    const during = await launchAu(auAddress(QUICK, 'xapi', 'index.html', second.query));
    expect(during.handle.context.resume?.location, 'the progress of the last answer, kept on this device').to.equal('item:4');
    await playAnswers(during.handle.runtime, model, 4, 5);
    during.frame.remove();

    // The LRS is back: the next launch continues where the learner was and sends what the pages left.
    await faults({});
    const third = await lmsLaunch({ kind: 'tincan', auId: activityId, registration: launch.registration, viaFront: true });
    const again = await launchAu(auAddress(QUICK, 'xapi', 'index.html', third.query));
    expect(again.handle.context.resume?.location, 'the progress of the last answer').to.equal('item:5');
    const rest = await playAnswers(again.handle.runtime, model, 5, total);
    await playCompletion(again.handle.runtime, model, rest);
    await again.handle.runtime.finish('finished');

    const accepted = (await Promise.all([launch, second, third].map(async (l) => (await lmsLog(l.key)).accepted))).flat();
    const stored = await expectExactlyOnce(launch.registration, accepted);
    expect(answeredSequence(stored).sort((a, b) => a - b), 'every answer once, including those given during the outage').to.deep.equal(oneTo(total));
    expect((await savedProgress(launch.registration))?.location).to.equal('plan');
  });
});
