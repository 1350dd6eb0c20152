/**
 * Launch and State values come from the LMS or the LRS: untrusted. Each is checked on the way in
 * (language tags, IRIs, UUIDs), and language maps are read by their own keys only, so a hostile value
 * such as `constructor` can neither reach the text on screen nor a statement.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStateDocument, STATE_FORMAT } from '../lms/xapi/state.js';
import { resolveText } from '../model/text.js';
import { parseLaunch } from './launch.js';

const BASE = 'https://lms.example.com/au/index.html?endpoint=https%3A%2F%2Flrs.example.com%2Fxapi%2F&actor=%7B%22mbox%22%3A%22mailto%3Aa%40example.com%22%7D';

test('a launch language that is not a language tag is ignored and said so', () => {
  for (const bad of ['constructor', '__proto__', 'toString', 'en_US', '<b>', 'x'.repeat(40)]) {
    const data = parseLaunch(`${BASE}&Accept-Language=${encodeURIComponent(bad)}`);
    assert.equal(data.language, undefined, bad);
    assert.ok(data.ignored?.some((m) => /Accept-Language/.test(m)), bad);
  }
  assert.equal(parseLaunch(`${BASE}&Accept-Language=fr-CA,fr;q=0.8`).language, 'fr-CA');
});

test('a launch grouping or activity id that is not an IRI is ignored and said so', () => {
  const data = parseLaunch(`${BASE}&grouping=${encodeURIComponent('not an iri')}&activity_id=${encodeURIComponent('javascript alert')}`);
  assert.equal(data.grouping, undefined);
  assert.equal(data.activityId, undefined);
  assert.equal(data.ignored?.length, 2);
  const good = parseLaunch(`${BASE}&grouping=${encodeURIComponent('https://lms.example.com/course/7')}`);
  assert.equal(good.grouping, 'https://lms.example.com/course/7');
  assert.equal(good.ignored, undefined);
});

test('a State document’s registration that is not a UUID is dropped', () => {
  assert.equal(parseStateDocument({ format: STATE_FORMAT, registration: 'not-a-uuid' })?.registration, undefined);
  assert.equal(parseStateDocument({ format: STATE_FORMAT, registration: '6A3F3B52-5B7E-4C55-9A51-2F1F0E6B9D10' })?.registration, '6a3f3b52-5b7e-4c55-9a51-2f1f0e6b9d10');
});

test('language maps are read by their own keys only', () => {
  const map = { en: 'Hello', de: 'Hallo' };
  for (const lang of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
    assert.equal(resolveText(map, lang, 'en'), 'Hello', lang);
    assert.equal(resolveText(map, 'xx', lang), 'Hello', `fallback ${lang}`);
  }
  assert.equal(resolveText(map, 'de-CH', 'en'), 'Hallo');
});

test('a malformed allow-list entry gets a clear message, not "Invalid URL"', async () => {
  const { checkEndpoint, LrsConfigError } = await import('./lrs-client.js');
  for (const entry of ['lrs.example.com', 'https://lrs.example.com/xapi/', 'ftp://lrs.example.com', '']) {
    assert.throws(
      () => checkEndpoint('https://lrs.example.com/xapi/', { allowedOrigins: [entry] }),
      (e: unknown) => e instanceof LrsConfigError && e.message.includes(`"${entry}"`) && /not an origin such as "https:\/\/lrs\.example\.com"/.test(e.message),
      entry,
    );
  }
  assert.equal(checkEndpoint('https://lrs.example.com/xapi', { allowedOrigins: ['https://lrs.example.com', 'https://other.example'] }), 'https://lrs.example.com/xapi/');
  assert.throws(() => checkEndpoint('https://evil.example/xapi', { allowedOrigins: ['https://lrs.example.com'] }), /not in the allowed list/);
});
