/**
 * Launch parameters from the LMS are untrusted and secret: the credential must leave the address bar
 * as soon as the element connects (before any model or LRS code loads, and even when the model is
 * missing or invalid), and a package runtime reads them when it is created.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../components/assessment/assessment.js';
import { Cmi5Runtime } from '../../src/lms/cmi5/runtime.js';
import { XapiLaunchRuntime } from '../../src/lms/xapi/runtime.js';
import type { Model } from '../../src/model/types.js';

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

describe('a package’s LRS allow-list (delivery.lrsAllowedOrigins)', () => {
  const original = location.href;
  const realFetch = window.fetch;
  let requests: string[] = [];
  beforeEach(() => {
    requests = [];
    window.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      requests.push(String(input instanceof Request ? input.url : input));
      return realFetch(input, init);
    }) as typeof fetch;
  });
  afterEach(() => {
    window.fetch = realFetch;
    history.replaceState(null, '', original);
  });

  const model = async (): Promise<Model> => {
    const tiny = (await (await realFetch('/test/fixtures/tiny-model.json')).json()) as Model;
    return { ...tiny, delivery: { ...tiny.delivery, lrsAllowedOrigins: ['https://lrs.example.com'] } };
  };

  it('an xAPI launch naming another LRS is refused before any request', async () => {
    const url = new URL(launchUrl());
    url.searchParams.set('endpoint', 'https://evil.example/xapi/');
    history.replaceState(null, '', url.href);
    const runtime = new XapiLaunchRuntime();
    let error: unknown;
    await runtime.start(await model()).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/https:\/\/evil\.example is not in the allowed list/);
    expect(requests).to.deep.equal([]);
  });

  it('a cmi5 launch naming another LRS is refused before the token is fetched', async () => {
    const url = new URL(location.href);
    url.searchParams.set('endpoint', 'https://evil.example/xapi/');
    url.searchParams.set('fetch', 'https://lms.example.com/fetch/abc');
    url.searchParams.set('actor', JSON.stringify({ objectType: 'Agent', account: { homePage: 'https://lms.example.com', name: 'learner-1' } }));
    url.searchParams.set('registration', '6a3f3b52-5b7e-4c55-9a51-2f1f0e6b9d10');
    url.searchParams.set('activityId', 'https://lms.example.com/au/1');
    history.replaceState(null, '', url.href);
    let error: unknown;
    await new Cmi5Runtime({ storage: null }).start(await model()).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/evil\.example is not in the allowed list/);
    expect(requests).to.deep.equal([]);
  });
});
