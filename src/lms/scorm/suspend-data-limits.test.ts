// Suspend data at its size limits: long progress that inflates in many chunks reads back exactly, and
// the 1 MiB ceiling on what is read (plain or inflated) holds at its exact edge, in both directions.
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { describe, test } from 'node:test';
import type { Model } from '../../model/types.js';
import { decodeProgress, encodeProgress, MAX_DECODED_BYTES, SuspendDataError } from './suspend-data.js';

const model = { modules: [{ id: 'a' }, { id: 'b' }] } as unknown as Pick<Model, 'modules'>;
const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

/** A payload whose JSON is exactly `length` bytes (the assessment string fills it up). */
function plainOfLength(length: number): string {
  const empty = JSON.stringify(['plan', null, 'x', '', [], '']);
  const plain = JSON.stringify(['plan', null, 'x', '', [], 'p'.repeat(length - empty.length)]);
  assert.equal(plain.length, length);
  return plain;
}

const tooLarge = (e: unknown) => e instanceof SuspendDataError && /too large/.test(e.message);

describe('suspend data at its size limits', () => {
  test('progress that inflates in many chunks reads back byte for byte', async () => {
    // Printable text with little repetition: deflate still wins, and inflating takes several chunks.
    let seed = 7;
    const state = Array.from({ length: 300_000 }, () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return String.fromCharCode(0x21 + (seed % 40));
    }).join('');
    const text = await encodeProgress({ assessment: state, stepsDone: ['b'], location: 'plan', fraction: 0.25 }, model);
    assert.ok(text.startsWith('pw1z'), 'the compressed form is the shorter');
    const back = await decodeProgress(text, model);
    assert.equal(back.progress.assessment, state);
    assert.deepEqual(back.progress.stepsDone, ['b']);
  });

  test('plain data of exactly 1 MiB is read; one character more is refused as too large', async () => {
    const fits = `pw1j${plainOfLength(MAX_DECODED_BYTES - 4)}`;
    assert.equal(fits.length, MAX_DECODED_BYTES);
    assert.equal((await decodeProgress(fits, model)).progress.location, 'plan');
    await assert.rejects(decodeProgress(`pw1j${plainOfLength(MAX_DECODED_BYTES - 3)}`, model), tooLarge);
  });

  test('compressed data inflating to exactly 1 MiB is read; one byte more is refused as too large', async () => {
    const at = (length: number) => `pw1z${base64url(deflateRawSync(Buffer.from(plainOfLength(length))))}`;
    assert.equal((await decodeProgress(at(MAX_DECODED_BYTES), model)).progress.assessment.length, MAX_DECODED_BYTES - 26);
    await assert.rejects(decodeProgress(at(MAX_DECODED_BYTES + 1), model), tooLarge);
  });
});
