// The planner's id order (settings.ts, byId): plain UTF-16 code-unit order, the same on every platform
// and locale, which ties between equally ranked gaps and strengths fall back on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { byId } from './settings.js';

describe('byId', () => {
  it('orders by code unit: digits, then capitals, then small letters, then letters beyond ASCII', () => {
    assert.deepEqual(['écoute', 'b', 'B', 'a-2', 'a-10', '9'].sort(byId), ['9', 'B', 'a-10', 'a-2', 'b', 'écoute']);
  });

  it('is −1, 0 or 1, antisymmetric, and 0 only for the same id', () => {
    assert.equal(byId('a', 'b'), -1);
    assert.equal(byId('b', 'a'), 1);
    assert.equal(byId('same', 'same'), 0);
    assert.equal(byId('a', 'ab'), -1);
    assert.equal(byId('ab', 'a'), 1);
  });
});
