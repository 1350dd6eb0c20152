/**
 * Launch parameters from the LMS are untrusted and secret: the credential must leave the address bar
 * as soon as the element connects (before any model or LRS code loads, and even when the model is
 * missing or invalid), and a package runtime reads them when it is created.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../components/assessment/assessment.js';
import { XapiLaunchRuntime } from '../../src/lms/xapi/runtime.js';

function launchUrl(): string {
  const url = new URL(location.href);
  url.searchParams.set('endpoint', 'https://lrs.example.com/xapi/');
  url.searchParams.set('auth', 'Basic c2VjcmV0OnNlY3JldA==');
  url.searchParams.set('actor', JSON.stringify({ account: { homePage: 'https://lms.example.com', name: 'learner-1' } }));
  return url.href;
}

describe('launch parameters leave the address bar at once', () => {
  const original = location.href;
  afterEach(() => history.replaceState(null, '', original));

  it('when <pathway-assessment xapi-launch> connects, before its model has loaded', async () => {
    history.replaceState(null, '', launchUrl());
    const element = await fixture(html`<pathway-assessment xapi-launch src="/test/fixtures/does-not-exist.json"></pathway-assessment>`);
    expect(location.href).to.not.contain('auth=');
    expect(location.href).to.not.contain('endpoint=');
    await oneEvent(element, 'pathway-error');
    expect(location.href).to.not.contain('auth=');
  });

  it('when the model is invalid', async () => {
    history.replaceState(null, '', launchUrl());
    const element = document.createElement('pathway-assessment');
    element.setAttribute('xapi-launch', '');
    document.body.append(element);
    expect(location.href).to.not.contain('auth=');
    const error = oneEvent(element, 'pathway-error');
    (element as HTMLElement & { model: unknown }).model = { format: 'pathway-model/1' };
    await error;
    expect(location.href).to.not.contain('auth=');
    element.remove();
  });

  it('when a package’s xAPI runtime is created (before the package’s model is read)', () => {
    history.replaceState(null, '', launchUrl());
    new XapiLaunchRuntime();
    expect(location.href).to.not.contain('auth=');
  });
});
