/**
 * The test LMS's State API stand-in (test/cmi5/cmi5-lms.ts) against the State API's own rules, since
 * the cmi5 and TinCan saved-progress tests only ever meet this stand-in (the real LRS process,
 * xapi-statements, has no document resources): 404 for a missing document, an ETag on every read,
 * If-Match / If-None-Match answered with 412, POST merging JSON objects and refusing anything else,
 * DELETE. Rules: xAPI 1.0.3 Part Three §2.3 (Document resources) and §3.1 (Concurrency).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { fetchAuthToken } from '../../src/lms/cmi5/launch.js';
import { type Cmi5Lms, type LaunchResult, startCmi5Lms } from '../cmi5/cmi5-lms.js';
import { type StartedLrs, TEST_AUTH, startLrs } from '../lrs/lrs-process.mjs';

let lrs: StartedLrs;
let lms: Cmi5Lms;
let launch: LaunchResult;
let token = '';

before(async () => {
  lrs = await startLrs();
  lms = await startCmi5Lms({ lrs: lrs.endpoint, direct: lrs.endpoint, lrsAuth: TEST_AUTH });
  launch = await lms.launch({ auId: 'https://pathway.example/models/tiny/assessment' });
  token = await fetchAuthToken(new URLSearchParams(launch.query).get('fetch')!);
});
after(async () => {
  await lms?.close();
  await lrs?.stop();
});

/** One State API request for this launch's agent, activity and registration. */
function state(stateId: string, method = 'GET', body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const query = new URLSearchParams({ stateId, activityId: launch.activityId, agent: JSON.stringify(launch.actor), registration: launch.registration });
  return fetch(`${lms.endpoint}activities/state?${query}`, {
    method,
    headers: { Authorization: `Basic ${token}`, 'X-Experience-API-Version': '1.0.3', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

const sha1Tag = (value: unknown) => `"${createHash('sha1').update(JSON.stringify(value)).digest('hex')}"`;

describe('the test LMS State API follows the State API rules', () => {
  test('a missing document is a 404; a stored one comes back with its ETag', async () => {
    assert.equal((await state('https://pathway.example/test/missing')).status, 404);
    assert.equal((await state('https://pathway.example/test/a', 'PUT', { a: 1 })).status, 204);
    const read = await state('https://pathway.example/test/a');
    assert.equal(read.status, 200);
    assert.deepEqual(await read.json(), { a: 1 });
    assert.equal(read.headers.get('etag'), sha1Tag({ a: 1 }));
  });

  test('If-Match must name the stored version, If-None-Match: * needs no document (412 otherwise)', async () => {
    const id = 'https://pathway.example/test/concurrency';
    assert.equal((await state(id, 'PUT', { v: 1 }, { 'If-Match': sha1Tag({ v: 1 }) })).status, 412, 'If-Match on a missing document');
    assert.equal((await state(id, 'PUT', { v: 1 }, { 'If-None-Match': '*' })).status, 204);
    assert.equal((await state(id, 'PUT', { v: 2 }, { 'If-None-Match': '*' })).status, 412, 'If-None-Match: * on an existing document');
    const tag = (await state(id)).headers.get('etag')!;
    assert.equal((await state(id, 'PUT', { v: 2 }, { 'If-Match': tag })).status, 204);
    assert.equal((await state(id, 'PUT', { v: 3 }, { 'If-Match': tag })).status, 412, 'a stale ETag');
    assert.equal((await state(id, 'DELETE', undefined, { 'If-Match': tag })).status, 412, 'a stale ETag on DELETE');
    assert.deepEqual(await (await state(id)).json(), { v: 2 }, 'the refused writes changed nothing');
  });

  test('POST merges top-level properties into a stored JSON object, and refuses anything that is not one', async () => {
    const id = 'https://pathway.example/test/merge';
    assert.equal((await state(id, 'POST', { a: 1, nested: { x: 1 } })).status, 204, 'POST creates');
    assert.equal((await state(id, 'POST', { b: 2, nested: { y: 2 } })).status, 204);
    assert.deepEqual(await (await state(id)).json(), { a: 1, b: 2, nested: { y: 2 } });
    assert.equal((await state(id, 'POST', [1, 2])).status, 400, 'an array');
    assert.equal((await state(id, 'POST', '"text"')).status, 400, 'a JSON string');
    assert.equal((await state(id, 'POST', '{not json')).status, 400, 'not JSON');
    assert.equal((await state(id, 'POST', { c: 3 }, { 'Content-Type': 'text/plain' })).status, 400, 'not application/json');
    const array = 'https://pathway.example/test/array';
    assert.equal((await state(array, 'PUT', [1])).status, 204, 'PUT stores any JSON');
    assert.equal((await state(array, 'POST', { a: 1 })).status, 400, 'POST onto a stored array');
    assert.deepEqual(await (await state(id)).json(), { a: 1, b: 2, nested: { y: 2 } }, 'the refused POSTs changed nothing');
  });

  test('DELETE removes the document; LMS.LaunchData stays read-only', async () => {
    const id = 'https://pathway.example/test/delete';
    await state(id, 'PUT', { a: 1 });
    assert.equal((await state(id, 'DELETE')).status, 204);
    assert.equal((await state(id)).status, 404);
    assert.equal((await state('LMS.LaunchData', 'PUT', {})).status, 403);
    assert.equal((await state('LMS.LaunchData')).status, 200);
  });
});
