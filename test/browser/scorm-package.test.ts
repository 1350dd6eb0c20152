/**
 * End to end in Chromium: each SCORM package is built from the largest sample model, unzipped and
 * served, and its SCO runs in an iframe under this page, where scorm-again is the LMS. Every value
 * the package writes is checked against the strictest LMS rules (scorm-strict.ts); a relaunch with
 * the saved CMI data resumes exactly; an LMS that fails calls loses no progress; leaving the page
 * (pagehide) still ends the session properly.
 *
 * The runtime is driven directly in the package page (window.pathwayPackage) with a scripted learner;
 * scorm-element.test.ts does the same through <pathway-assessment>, as a learner does.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { deepText, plainText } from '../support/deep-dom.js';
import type { PackageHandle } from '../../lms-packages/runtime/launch.js';
import { playAnswers, playCompletion, scriptedAnswers, scriptedResults } from '../../lms-packages/testing/scripted-learner.js';
import type { Progress } from '../../src/lms/runtime.js';
import { decodeProgress } from '../../src/lms/scorm/suspend-data.js';
import type { Model } from '../../src/model/types.js';
import { ADLCP_NS, type Cmi, fetchPackage, type Format, get, installLms, launchSco, leave, resumeSeed, uninstallLms, versionOf } from './scorm-harness.js';
import { strictViolations } from '../../lms-packages/testing/scorm-strict.js';

const MODEL = 'software-engineer';

const answer = (handle: PackageHandle, model: Model, from: number, to: number): Promise<Progress> => playAnswers(handle.runtime, model, from, to);
const complete = (handle: PackageHandle, model: Model, progress: Progress): Promise<Progress> => playCompletion(handle.runtime, model, progress);

for (const format of ['scorm12', 'scorm2004'] as const satisfies readonly Format[]) {
  const version = versionOf(format);

  describe(`${format} package in Chromium with scorm-again as the LMS`, () => {
    afterEach(() => {
      document.querySelectorAll('iframe').forEach((f) => f.remove());
      uninstallLms();
    });

    it('unzips into a manifest whose SCO is the launch page, with the right scormType and no referrer', async function () {
      this.timeout(120_000);
      const pkg = await fetchPackage(MODEL, format);
      expect(pkg.scoHref).to.equal('index.html');
      const resource = [...pkg.manifest.getElementsByTagName('resource')][0]!;
      expect(resource.getAttributeNS(ADLCP_NS[format], format === 'scorm12' ? 'scormtype' : 'scormType')).to.equal('sco');
      expect(pkg.manifest.getElementsByTagName('parsererror').length).to.equal(0);
      const page = new DOMParser().parseFromString(pkg.text('index.html'), 'text/html');
      expect(page.querySelector('meta[name="referrer"]')?.getAttribute('content')).to.equal('no-referrer');
      expect(pkg.model.id).to.match(/^https:/);
    });

    it('a learner completes the assessment and the pathway: every value written is strict', async function () {
      this.timeout(120_000);
      const pkg = await fetchPackage(MODEL, format);
      const lms = installLms(format, format === 'scorm12' ? { core: { student_id: 'u-123', student_name: 'Doe, Jane' } } : { learner_id: 'u-123', learner_name: 'Jane Doe' });
      const { handle, win } = await launchSco(`/__pathway/packages/${MODEL}/${format}/${pkg.scoHref}`);
      expect(handle.context).to.deep.include({ kind: format, mode: 'normal', masteryScore: 0.6 });
      expect(handle.context.learner.id).to.equal('u-123');
      const shown = win.document.querySelector('pathway-assessment, pathway-model-summary');
    expect(shown, 'the element is in the frame').to.exist;
    await waitUntil(() => deepText(shown!).includes(plainText(pkg.model.title)), 'the frame shows the model, not a blank element', { timeout: 20_000 });

      const progress = await answer(handle, pkg.model, 0, pkg.model.items.length);
      const done = await complete(handle, pkg.model, progress);
      await handle.runtime.finish('finished');

      expect(strictViolations(version, lms.recorder.sets())).to.deep.equal([]);
      expect(handle.problems).to.deep.equal([]);
      const cmi = lms.cmi();
      expect(Object.keys(get(cmi, 'interactions') as Cmi)).to.have.length(pkg.model.items.length);
      const assessed = scriptedResults(pkg.model, scriptedAnswers(pkg.model).responses).competencies.filter((c) => c.responses > 0);
      expect(Object.keys(get(cmi, 'objectives') as Cmi)).to.have.length(assessed.length);
      const suspend = String(get(cmi, 'suspend_data'));
      expect(suspend.length).to.be.at.most(4096);
      const saved = await decodeProgress(suspend, pkg.model);
      expect(saved.progress.assessment).to.equal(done.assessment);
      expect([...saved.progress.stepsDone].sort()).to.deep.equal([...done.stepsDone].sort());
      if (format === 'scorm12') {
        expect(get(cmi, 'core.lesson_status')).to.be.oneOf(['passed', 'failed']);
        expect(get(cmi, 'core.exit')).to.equal('');
      } else {
        expect(get(cmi, 'completion_status')).to.equal('completed');
        expect(get(cmi, 'success_status')).to.be.oneOf(['passed', 'failed']);
        expect(get(cmi, 'exit')).to.equal('normal');
      }
      const methods = lms.recorder.calls.map((c) => c.method);
      expect(methods.at(-1)).to.equal(format === 'scorm12' ? 'LMSFinish' : 'Terminate');
      expect(methods.filter((m) => /Commit$/.test(m)).length, 'commits at milestones').to.be.below(pkg.model.items.length / 4 + pkg.model.modules.length + 5);
    });

    it('a relaunch with the saved CMI data resumes exactly and appends to the earlier answers', async function () {
      this.timeout(120_000);
      const pkg = await fetchPackage(MODEL, format);
      const first = installLms(format);
      const one = await launchSco(`/__pathway/packages/${MODEL}/${format}/${pkg.scoHref}`);
      const half = await answer(one.handle, pkg.model, 0, 17);
      await one.handle.runtime.finish('suspended');
      await leave(one.frame);
      const saved = first.cmi();
      expect(get(saved, format === 'scorm12' ? 'core.exit' : 'exit')).to.equal('suspend');

      const second = installLms(format, resumeSeed(saved, format));
      const two = await launchSco(`/__pathway/packages/${MODEL}/${format}/${pkg.scoHref}`);
      expect(two.handle.context.resume).to.deep.equal(half);
      const rest = await answer(two.handle, pkg.model, 17, pkg.model.items.length);
      await complete(two.handle, pkg.model, rest);
      await two.handle.runtime.finish('finished');
      expect(strictViolations(version, second.recorder.sets())).to.deep.equal([]);
      expect([...one.handle.problems, ...two.handle.problems]).to.deep.equal([]);
      expect(Object.keys(get(second.cmi(), 'interactions') as Cmi)).to.have.length(pkg.model.items.length);
    });

    it('an LMS that fails commits and SetValue calls loses no progress, and the learner is told', async function () {
      this.timeout(120_000);
      const pkg = await fetchPackage(MODEL, format);
      const lms = installLms(format, undefined, {
        fail: (method, element, count) => (method === 'commit' ? count >= 2 && count <= 4 : element === 'cmi.suspend_data' && count % 3 === 0),
      });
      const { handle, win, frame } = await launchSco(`/__pathway/packages/${MODEL}/${format}/${pkg.scoHref}`);
      const progress = await answer(handle, pkg.model, 0, 30);
      await handle.runtime.finish('suspended');
      expect(lms.recorder.calls.some((c) => c.injected && /Commit$/.test(c.method))).to.equal(true);
      expect(handle.problems.length).to.be.greaterThan(0);
      expect(handle.problems.every((p) => p.recoverable)).to.equal(true);
      const element = win.document.querySelector('pathway-assessment');
      const shown = element ? element.shadowRoot!.querySelectorAll('.notice.warning').length : win.document.querySelectorAll('.pathway-notice[data-kind="warning"]').length;
      expect(shown, 'shown to the learner').to.be.greaterThan(0);
      const kept = await decodeProgress(String(get(lms.cmi(), 'suspend_data')), pkg.model);
      expect(kept.progress).to.deep.equal(progress);
      expect(strictViolations(version, lms.recorder.sets())).to.deep.equal([]);
      await leave(frame);

      // And the next launch resumes from it.
      installLms(format, resumeSeed(lms.cmi(), format));
      const again = await launchSco(`/__pathway/packages/${MODEL}/${format}/${pkg.scoHref}`);
      expect(again.handle.context.resume).to.deep.equal(progress);
    });

    it('leaving the page without Finish (pagehide) still saves, sets exit and session time, and terminates', async function () {
      this.timeout(120_000);
      const pkg = await fetchPackage(MODEL, format);
      const lms = installLms(format);
      const { handle, frame } = await launchSco(`/__pathway/packages/${MODEL}/${format}/${pkg.scoHref}`);
      const progress = await answer(handle, pkg.model, 0, 3);
      await leave(frame);
      const methods = lms.recorder.calls.map((c) => c.method);
      expect(methods.at(-1)).to.equal(format === 'scorm12' ? 'LMSFinish' : 'Terminate');
      const sets = lms.recorder.sets();
      expect(sets.find((s) => s.element === (format === 'scorm12' ? 'cmi.core.exit' : 'cmi.exit'))?.value).to.equal('suspend');
      expect(sets.some((s) => /session_time$/.test(s.element))).to.equal(true);
      expect(strictViolations(version, sets)).to.deep.equal([]);
      expect((await decodeProgress(String(get(lms.cmi(), 'suspend_data')), pkg.model)).progress).to.deep.equal(progress);
    });
  });
}

describe('a package whose model was edited by hand after packaging', () => {
  it('validates the model in full (its stamp no longer matches) and shows the clear error', async function () {
    this.timeout(120_000);
    installLms('scorm2004');
    let message = '';
    try {
      await launchSco(`/__pathway/packages/${MODEL}~edited/scorm2004/index.html`);
    } catch (error) {
      message = String(error);
    }
    expect(message).to.match(/The package's model is not valid: items\[0\]\.competency: .*no-such-competency/);
    document.querySelectorAll('iframe').forEach((f) => f.remove());
  });
});

describe('a package outside an LMS', () => {
  it('says so in the page instead of showing a blank frame', async function () {
    this.timeout(120_000);
    uninstallLms();
    let message = '';
    try {
      await launchSco(`/__pathway/packages/${MODEL}/scorm2004/index.html`);
    } catch (error) {
      message = String(error);
    }
    expect(message).to.match(/No SCORM 2004 LMS was found/);
    document.querySelectorAll('iframe').forEach((f) => f.remove());
  });
});
