/**
 * The demo's LMS preview (demo/lms-preview/): the page plays the LMS, the package runs in its frame,
 * the CMI data updates live and the strict checks pass. Screenshots go to test/screenshots/.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 60_000): Promise<T> {
  const started = performance.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('demo LMS preview', () => {
  it('runs a package under scorm-again and shows the CMI data live, all values strict', async function () {
    this.timeout(180_000);
    await setViewport({ width: 1300, height: 1120 });
    const host = document.createElement('iframe');
    host.title = 'LMS preview';
    host.style.cssText = 'width: 1280px; height: 1100px';
    host.src = '/demo/lms-preview/index.html?model=customer-success&format=scorm12';
    document.body.append(host);
    const doc = () => host.contentDocument;
    const sco = await until('the package frame', () => doc()?.getElementById('sco') as HTMLIFrameElement | null);
    await until('the package to start', () => (sco.contentWindow as (Window & { pathwayPackage?: unknown }) | null)?.pathwayPackage);
    await until('the CMI data', () => doc()!.getElementById('cmi')!.textContent!.includes('"lesson_status": "incomplete"'));
    await until('the status to say it runs', () => /is running/.test(doc()!.getElementById('status')!.textContent!), 20_000);

    (doc()!.getElementById('simulate') as HTMLButtonElement).click();
    await until('the simulated learner', () => doc()!.getElementById('status')!.textContent!.startsWith('Simulated a complete assessment'), 120_000);
    (doc()!.getElementById('finish') as HTMLButtonElement).click();
    await until('the end of the session', () => /session ended/.test(doc()!.getElementById('status')!.textContent!));
    await until('the final CMI data', () => /"lesson_status": "(passed|failed)"/.test(doc()!.getElementById('cmi')!.textContent!));
    const cmi = doc()!.getElementById('cmi')!.textContent!;
    expect(cmi).to.match(/"lesson_status": "(passed|failed)"/);
    expect(cmi).to.match(/"suspend_data": "pw1/);
    expect(doc()!.getElementById('strict')!.textContent).to.match(/^All \d+ values written pass the strict checks\.$/);
    expect(doc()!.querySelectorAll('#calls li').length).to.be.greaterThan(50);
    await executeServerCommand('pathway-screenshot', { name: 'lms-preview-scorm12-1280', fullPage: false });

    // After Finish, simulating would write into an ended session: refused, nothing written.
    const before = doc()!.querySelectorAll('#calls li').length;
    (doc()!.getElementById('simulate') as HTMLButtonElement).click();
    await until('the refusal', () => /session has ended/.test(doc()!.getElementById('status')!.textContent!));
    expect(doc()!.querySelectorAll('#calls li').length).to.equal(before);

    // Relaunch resumes the attempt; simulating there would overwrite its answers: refused too.
    (doc()!.getElementById('resume') as HTMLButtonElement).click();
    await until('the resumed package', () => {
      const handle = (doc()!.getElementById('sco') as HTMLIFrameElement).contentWindow as (Window & { pathwayPackage?: { context: { resume?: unknown } } }) | null;
      return handle?.pathwayPackage?.context.resume;
    });
    await until('the status to say it runs', () => /is running/.test(doc()!.getElementById('status')!.textContent!), 20_000);
    (doc()!.getElementById('simulate') as HTMLButtonElement).click();
    await until('the refusal', () => /already has answers/.test(doc()!.getElementById('status')!.textContent!));
    expect(doc()!.getElementById('strict')!.textContent).to.not.match(/reject/);
    host.remove();
    await setViewport({ width: 800, height: 600 });
  });
});
