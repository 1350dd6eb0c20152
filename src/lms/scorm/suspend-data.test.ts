import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { worstCaseProgress } from '../../../lms-packages/testing/scripted-learner.js';
import type { Model } from '../../model/types.js';
import type { Progress } from '../runtime.js';
import { decodeProgress, encodeProgress, SUSPEND_DATA_LIMIT, SuspendDataError } from './suspend-data.js';

const root = new URL('../../../', import.meta.url);
const samples = readdirSync(new URL('demo/models/', root))
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, model: JSON.parse(readFileSync(new URL(`demo/models/${f}`, root), 'utf8')) as Model }));
const model = samples[0]!.model;

describe('suspend-data codec', () => {
  test('the worst case of every sample model fits SCORM 1.2’s 4,096 characters, ASCII only, and round-trips', async () => {
    assert.ok(samples.length >= 2);
    for (const { file, model } of samples) {
      const progress = worstCaseProgress(model);
      const text = await encodeProgress(progress, model);
      assert.ok(text.length <= SUSPEND_DATA_LIMIT.scorm12, `${file}: ${text.length} characters`);
      assert.match(text, /^pw1[zj][\x20-\x7e]*$/);
      const back = await decodeProgress(text, model);
      assert.deepEqual(back.warnings, []);
      assert.equal(back.progress.assessment, progress.assessment);
      assert.equal(back.progress.location, progress.location);
      assert.equal(back.progress.fraction, 1);
      assert.deepEqual([...back.progress.stepsDone].sort(), [...progress.stepsDone].sort());
    }
  });

  test('non-ASCII locations and unknown step ids survive; output stays ASCII', async () => {
    const progress: Progress = { assessment: 'a1|x', stepsDone: ['not-a-module', model.modules[2]!.id], location: 'étape:Ü😀' };
    const text = await encodeProgress(progress, model);
    assert.match(text, /^[\x20-\x7e]+$/);
    const back = await decodeProgress(text, model);
    assert.equal(back.progress.location, progress.location);
    assert.deepEqual(new Set(back.progress.stepsDone), new Set(progress.stepsDone));
    assert.equal(back.progress.fraction, undefined);
  });

  test('without CompressionStream the plain form is written and still read', async () => {
    const saved = globalThis.CompressionStream;
    const progress: Progress = { assessment: 'x'.repeat(500), stepsDone: [], location: 'item:3' };
    try {
      // @ts-expect-error simulating a browser without compression streams
      delete globalThis.CompressionStream;
      const text = await encodeProgress(progress, model);
      assert.ok(text.startsWith('pw1j'));
      assert.deepEqual((await decodeProgress(text, model)).progress, progress);
    } finally {
      globalThis.CompressionStream = saved;
    }
    assert.ok((await encodeProgress(progress, model)).startsWith('pw1z'), 'compressed when it is shorter');
  });

  test('steps saved against a different module list are not mapped onto the wrong modules', async () => {
    const progress: Progress = { assessment: 's', stepsDone: [model.modules[0]!.id], location: 'plan' };
    const text = await encodeProgress(progress, model);
    const changed = { ...model, modules: [...model.modules].reverse() };
    const back = await decodeProgress(text, changed);
    assert.deepEqual(back.progress.stepsDone, []);
    assert.match(back.warnings[0]!, /modules changed/);
  });

  test('foreign, newer, corrupted or non-ASCII data gets a clear SuspendDataError', async () => {
    const cases: [string, RegExp][] = [
      ['{"some":"other tool"}', /not written by Pathway/],
      ['pw2zAAAA', /newer version of Pathway/],
      ['pw1qxyz', /unknown encoding/],
      ['pw1z!!!', /corrupted/],
      ['pw1zAAAAAAAAAA', /corrupted/],
      ['pw1j[1,2,3]', /corrupted/],
      ['pw1j{', /corrupted/],
      // Tampered step bits: one base64 character cannot be decoded (atob throws outside the guard).
      ['pw1j["item:1",0.1,"x","A",[],"p1.x"]', /corrupted/],
      ['pw1j["item:1",0.1,"x","A===",[],"p1.x"]', /corrupted/],
    ];
    for (const [text, message] of cases) await assert.rejects(decodeProgress(text, model), (e: unknown) => e instanceof SuspendDataError && message.test(e.message), text);
    await assert.rejects(encodeProgress({ assessment: 'naïve', stepsDone: [], location: '' }, model), SuspendDataError);
  });

  test('compressed data that inflates past the 2004 limit is refused, not decompressed in full', async () => {
    // 80 KB of deflate that would inflate to ~62 MB: a decompression bomb in suspend data.
    const bomb = new Uint8Array(await new Response(new Blob([new Uint8Array(62_000_000).fill(32)]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());
    let binary = '';
    for (const byte of bomb) binary += String.fromCharCode(byte);
    const text = `pw1z${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
    await assert.rejects(decodeProgress(text, model), (e: unknown) => e instanceof SuspendDataError && /too large/.test(e.message));
  });
});

describe('suspend-data codec: every way saved data can be wrong', () => {
  const good: unknown[] = ['plan', 0.5, 'k8alby', 'IQ', ['x'], 'p1.a'];
  const plain = (payload: unknown) => `pw1j${JSON.stringify(payload)}`;
  const refuses = async (text: string, message: RegExp) =>
    assert.rejects(decodeProgress(text, model), (e: unknown) => e instanceof SuspendDataError && e.name === 'SuspendDataError' && message.test(e.message), text);

  test('a payload with any field of the wrong type is corrupted, not misread', async () => {
    await decodeProgress(plain(good), model);
    const wrong: [number, unknown][] = [[0, 1], [1, '0.5'], [2, 7], [3, 7], [4, 'x'], [4, [1]], [5, null]];
    for (const [at, value] of wrong) {
      const payload = [...good];
      payload[at] = value;
      await refuses(plain(payload), /corrupted \(unexpected content\)/);
    }
    await refuses(plain(good.slice(0, 5)), /unexpected content/);
    await refuses(plain([...good, 'extra']), /unexpected content/);
    await refuses(plain({ 0: 'plan' }), /unexpected content/);
  });

  test('names the encoding it does not know, and characters outside base64url anywhere', async () => {
    await refuses('pw1q{}', /unknown encoding "q"/);
    await refuses('pw1', /unknown encoding ""/);
    await refuses('pw1zAAAA!', /unexpected characters/);
    await refuses('pw1z!AAAA', /unexpected characters/);
  });

  test('without DecompressionStream, compressed data is refused with the reason', async () => {
    const text = await encodeProgress({ assessment: 'x'.repeat(300), stepsDone: [], location: 'item:1' }, model);
    assert.ok(text.startsWith('pw1z'));
    const saved = globalThis.DecompressionStream;
    try {
      // @ts-expect-error simulating a browser without compression streams
      delete globalThis.DecompressionStream;
      await refuses(text, /cannot decompress/);
    } finally {
      globalThis.DecompressionStream = saved;
    }
  });

  test('step bits of every length round-trip (each base64 padding), and no steps means no warning after a change', async () => {
    for (let n = 1; n <= 24; n++) {
      const modules = Array.from({ length: n }, (_, i) => ({ id: `m${i}` })) as Model['modules'];
      const done = modules.filter((_, i) => i % 3 !== 1).map((m) => m.id);
      const back = await decodeProgress(await encodeProgress({ assessment: 'a', stepsDone: done, location: '' }, { modules }), { modules });
      assert.deepEqual(back.progress.stepsDone, done, `${n} modules`);
    }
    const none = await encodeProgress({ assessment: 'a', stepsDone: [], location: '' }, model);
    assert.deepEqual((await decodeProgress(none, { modules: [...model.modules].reverse() })).warnings, []);
  });

  test('step bits whose base64url holds "-" and "_" read back', async () => {
    const modules = Array.from({ length: 16 }, (_, i) => ({ id: `m${i}` })) as Model['modules'];
    // Bytes 0xF8, 0xFF: base64 "+P8", base64url "-P8".
    const done = ['m3', 'm4', 'm5', 'm6', 'm7', ...Array.from({ length: 8 }, (_, i) => `m${8 + i}`)];
    const saved = globalThis.CompressionStream;
    try {
      // @ts-expect-error the plain form shows the bits as written
      delete globalThis.CompressionStream;
      const text = await encodeProgress({ assessment: 'a', stepsDone: done, location: '' }, { modules });
      assert.match(text, /"-P8"/);
      assert.deepEqual((await decodeProgress(text, { modules })).progress.stepsDone, done);
    } finally {
      globalThis.CompressionStream = saved;
    }
  });

  test('writes the plain form when it is the shorter, and says when plain data is not JSON', async () => {
    assert.ok((await encodeProgress({ assessment: 'a', stepsDone: [], location: '' }, model)).startsWith('pw1j'));
    await refuses('pw1j{', /corrupted \(not readable\)/);
  });

  test('refuses an assessment state that is not printable ASCII, saying so', async () => {
    await assert.rejects(encodeProgress({ assessment: 'tab\there', stepsDone: [], location: '' }, model), /not printable ASCII/);
  });
});
