/**
 * A Tin Can session that ends by the page going away (a reload, the tab closed): `suspended` and
 * `terminated` still reach the LRS, sent with `keepalive` requests started inside `pagehide`.
 */
import { expect } from '@open-wc/testing';
import { unzipSync } from 'fflate';
import { playAnswers } from '../../lms-packages/testing/scripted-learner.js';
import type { Model } from '../../src/model/types.js';
import { auAddress, launchAu, lmsLaunch, lmsLog, reload, verbOf, waitFor } from './cmi5-harness.js';

const MODEL = 'customer-success';

describe('xAPI (Tin Can) package left by a reload', () => {
  it('delivers suspended and terminated for the session the page ended', async function () {
    this.timeout(120_000);
    const files = unzipSync(new Uint8Array(await (await fetch(`/__pathway/packages/${MODEL}/xapi.zip`)).arrayBuffer()));
    const model = JSON.parse(new TextDecoder().decode(files['model.json'])) as Model;
    const xml = new DOMParser().parseFromString(new TextDecoder().decode(files['tincan.xml']), 'application/xml');
    const activityId = xml.getElementsByTagNameNS('http://projecttincan.com/tincan.xsd', 'activity')[0]!.getAttribute('id')!;
    const launch = await lmsLaunch({ kind: 'tincan', auId: activityId });
    const { frame, handle } = await launchAu(auAddress(MODEL, 'xapi', 'index.html', launch.query));
    await playAnswers(handle.runtime, model, 0, 3);
    await waitFor('the answers to arrive', async () => (await lmsLog(launch.key)).accepted.length >= 4);
    await reload(frame).catch(() => undefined); // the reloaded page has no launch left: it says so
    const verbs = await waitFor('suspended and terminated', async () => {
      const v = (await lmsLog(launch.key)).accepted.map(verbOf);
      return v.includes('terminated') ? v : undefined;
    }, 15_000);
    expect(verbs).to.deep.equal(['initialized', 'answered', 'answered', 'answered', 'suspended', 'terminated']);
    frame.remove();
  });
});
