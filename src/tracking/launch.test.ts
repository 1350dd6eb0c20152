import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LaunchError, normalizeActor, parseLaunch, takeLaunch, withoutLaunchParameters } from './launch.js';
import { LrsConfigError, checkEndpoint, chooseVersion } from './lrs-client.js';

const ACTOR = JSON.stringify({ name: ['Dana'], mbox: ['mailto:dana@example.com'] });
const LAUNCH = `https://lms.example.com/course/index.html?lang=de&endpoint=${encodeURIComponent('https://lrs.example.com/xapi/')}&auth=${encodeURIComponent('Basic ZGFuYTpzZWNyZXQ=')}&actor=${encodeURIComponent(ACTOR)}&registration=6A3F3B52-5B7E-4C55-9A51-2F1F0E6B9D10&activity_id=${encodeURIComponent('https://acme.example/au/1')}&Accept-Language=de-CH,de;q=0.9#top`;

describe('TinCan launch parameters', () => {
  test('are read, with the actor normalised and the registration checked', () => {
    const data = parseLaunch(LAUNCH);
    assert.equal(data.endpoint, 'https://lrs.example.com/xapi/');
    assert.equal(data.auth, 'Basic ZGFuYTpzZWNyZXQ=');
    assert.deepEqual(data.actor, { objectType: 'Agent', name: 'Dana', mbox: 'mailto:dana@example.com' });
    assert.equal(data.registration, '6a3f3b52-5b7e-4c55-9a51-2f1f0e6b9d10');
    assert.equal(data.activityId, 'https://acme.example/au/1');
    assert.equal(data.language, 'de-CH');
  });

  test('are removed from the address bar; other parameters and the fragment stay', () => {
    assert.equal(withoutLaunchParameters(LAUNCH), 'https://lms.example.com/course/index.html?lang=de#top');
    const calls: string[] = [];
    const win = { location: { href: LAUNCH }, history: { state: null, replaceState: (_s: unknown, _t: string, url: string) => calls.push(url) } };
    const data = takeLaunch(win as unknown as Window);
    assert.equal(data.auth, 'Basic ZGFuYTpzZWNyZXQ=');
    assert.deepEqual(calls, ['https://lms.example.com/course/index.html?lang=de#top']);
  });

  test('are removed even when they are invalid, and the error says what is wrong', () => {
    const calls: string[] = [];
    const bad = 'https://lms.example.com/?auth=Basic%20eA%3D%3D&actor=%7Bnot%20json';
    const win = { location: { href: bad }, history: { state: null, replaceState: (_s: unknown, _t: string, url: string) => calls.push(url) } };
    assert.throws(() => takeLaunch(win as unknown as Window), (e: unknown) => e instanceof LaunchError && /actor.*not valid JSON/.test(e.message) && !e.message.includes('eA=='));
    assert.deepEqual(calls, ['https://lms.example.com/']);
    assert.throws(() => parseLaunch('https://x.example/?registration=42'), /registration.*not a UUID/);
  });

  test('legacy actor shapes become one xAPI 1.0 Agent', () => {
    assert.deepEqual(normalizeActor({ account: [{ accountServiceHomePage: 'https://lms.example.com', accountName: 'u1' }], name: ['U'] }), {
      objectType: 'Agent',
      name: 'U',
      account: { homePage: 'https://lms.example.com', name: 'u1' },
    });
    assert.deepEqual(normalizeActor({ mbox: 'u@example.com' }), { objectType: 'Agent', mbox: 'mailto:u@example.com' });
    assert.throws(() => normalizeActor({ name: 'Nobody' }), /no identifier/);
  });
});

describe('LRS endpoints', () => {
  test('https and loopback http are accepted and normalised', () => {
    assert.equal(checkEndpoint('https://lrs.example.com/xapi'), 'https://lrs.example.com/xapi/');
    assert.equal(checkEndpoint('http://127.0.0.1:9000/xAPI/'), 'http://127.0.0.1:9000/xAPI/');
  });
  test('unsafe endpoints are refused with a reason that never repeats a credential', () => {
    assert.throws(() => checkEndpoint('http://lrs.example.com/xapi/'), /unencrypted/);
    assert.throws(() => checkEndpoint('https://user:s3cret@lrs.example.com/'), (e: unknown) => e instanceof LrsConfigError && !e.message.includes('s3cret'));
    assert.throws(() => checkEndpoint('javascript:alert(1)'), /https/);
    assert.throws(() => checkEndpoint('lrs.example.com'), /absolute URL/);
  });
  test('an allow-list of origins refuses every other origin (a forged launch link cannot redirect data)', () => {
    const allowedOrigins = ['https://lrs.example.com'];
    assert.equal(checkEndpoint('https://lrs.example.com/data/xAPI', { allowedOrigins }), 'https://lrs.example.com/data/xAPI/');
    assert.throws(() => checkEndpoint('https://evil.example.net/xAPI/', { allowedOrigins }), /not in the allowed list/);
  });
  test('the version is 2.0.0 only when the LRS offers it; 1.0.3 otherwise', () => {
    assert.equal(chooseVersion(['1.0.3', '2.0.0']), '2.0.0');
    assert.equal(chooseVersion(['1.0.0', '1.0.3']), '1.0.3');
    assert.equal(chooseVersion(undefined), '1.0.3');
  });
});
