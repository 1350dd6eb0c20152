/**
 * The SCORM packages as a learner uses them: <pathway-assessment> inside the package frame, answered
 * item by item, a pathway step marked done, Finish — with scorm-again as the LMS, every value written
 * checked against the strictest LMS rules, and a relaunch that shows the same results and pathway.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { PathwayAssessment } from '../../components/assessment/assessment.component.js';
import { strictViolations } from '../../lms-packages/testing/scorm-strict.js';
import { answerUntilResults } from '../support/element-learner.js';
import { decodeProgress } from '../../src/lms/scorm/suspend-data.js';
import { type Format, fetchPackage, get, installLms, launchSco, leave, resumeSeed, uninstallLms, versionOf } from './scorm-harness.js';

const MODEL = 'people-leader';

function elementIn(win: Window): PathwayAssessment {
  const element = win.document.querySelector('pathway-assessment') as PathwayAssessment | null;
  expect(element, 'the package mounts <pathway-assessment>').to.exist;
  return element!;
}

const inShadow = <T extends Element>(el: PathwayAssessment, selector: string) => el.shadowRoot!.querySelector<T>(selector);

for (const format of ['scorm12', 'scorm2004'] as const satisfies readonly Format[]) {
  describe(`${format} package driven through <pathway-assessment>`, () => {
    afterEach(() => {
      document.querySelectorAll('iframe').forEach((f) => f.remove());
      uninstallLms();
    });

    it('a learner answers, marks a step done and finishes; a relaunch shows the same results and pathway', async function () {
      this.timeout(180_000);
      const pkg = await fetchPackage(MODEL, format);
      const lms = installLms(format);
      const first = await launchSco(`/__pathway/packages/${MODEL}/${format}/${pkg.scoHref}`);
      const el = elementIn(first.win);

      await waitUntil(() => inShadow(el, 'form.setup'), 'role picker', { timeout: 10_000 });
      inShadow<HTMLButtonElement>(el, 'form.setup button[type="submit"]')!.click();
      await waitUntil(() => inShadow(el, 'section.intro'), 'introduction');
      inShadow<HTMLButtonElement>(el, '.intro button.primary')!.click();
      const answered = await answerUntilResults(el);
      expect(el.results!.itemsAnswered).to.equal(answered);
      const plan = el.shadowRoot!.querySelector('pathway-plan')!;
      await waitUntil(() => plan.shadowRoot?.querySelector('li.step input[type="checkbox"]'), 'pathway steps');
      const firstStep = el.plan!.steps[0]!.module;
      plan.shadowRoot!.querySelector<HTMLInputElement>('li.step input[type="checkbox"]')!.click();
      await waitUntil(() => el.plan?.steps.find((s) => s.module === firstStep)?.status === 'done', 'step marked done');
      inShadow<HTMLButtonElement>(el, 'section.results .nav button.primary')!.click();
      await waitUntil(() => el.shadowRoot!.textContent!.includes('You can close this window'), 'finished', { timeout: 10_000 });

      const methods = lms.recorder.calls.map((c) => c.method);
      expect(methods.at(-1)).to.equal(format === 'scorm12' ? 'LMSFinish' : 'Terminate');
      expect(strictViolations(versionOf(format), lms.recorder.sets())).to.deep.equal([]);
      const cmi = lms.cmi();
      expect(Object.keys(get(cmi, 'interactions') as object), 'one interaction per answer').to.have.length(answered);
      const assessed = el.results!.competencies.length;
      expect(Object.keys(get(cmi, 'objectives') as object), 'one objective per assessed competency').to.have.length(assessed);
      if (format === 'scorm12') {
        expect(get(cmi, 'core.lesson_status')).to.be.oneOf(['passed', 'failed']);
        expect(Number(get(cmi, 'core.score.raw'))).to.be.closeTo(el.results!.overall.score * 100, 0.01);
      } else {
        expect(get(cmi, 'completion_status')).to.equal('completed');
        expect(get(cmi, 'success_status')).to.be.oneOf(['passed', 'failed']);
        expect(Number(get(cmi, 'score.scaled'))).to.be.closeTo(el.results!.overall.score, 0.0001);
      }
      const saved = await decodeProgress(String(get(cmi, 'suspend_data')), pkg.model);
      expect(saved.progress.assessment).to.equal(el.state);
      expect(saved.progress.stepsDone).to.deep.equal([firstStep]);
      const resultsBefore = el.results;
      await leave(first.frame);

      // The next launch of the same attempt shows the results and the pathway, with the step still done.
      installLms(format, resumeSeed(cmi, format));
      const second = await launchSco(`/__pathway/packages/${MODEL}/${format}/${pkg.scoHref}`);
      const again = elementIn(second.win);
      // A finished attempt reopens on its results, with no "continue where you left off" in between.
      await waitUntil(() => inShadow(again, 'section.results'), 'results again', { timeout: 10_000 });
      expect(inShadow(again, 'section.intro')).to.not.be.ok;
      expect(again.results).to.deep.equal(resultsBefore);
      expect(again.plan!.steps.find((s) => s.module === firstStep)?.status).to.equal('done');
    });
  });
}
