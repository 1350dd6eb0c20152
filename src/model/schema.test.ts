// The zod definitions themselves (the shape table is generated from them; test/node/schema.test.ts keeps
// the two in agreement on every fixture): the one rule zod checks by code, a language map with no entry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as z from 'zod/mini';
import { smallModel } from '../../test/support/small-model.js';
import { model, text } from './schema.js';

test('text is a non-empty string or a non-empty language map', () => {
  assert.equal(z.safeParse(text, { en: 'Listens' }).success, true);
  assert.equal(z.safeParse(text, 'Listens').success, true);
  assert.equal(z.safeParse(text, {}).success, false);
  assert.equal(z.safeParse(text, '').success, false);
  assert.equal(z.safeParse(model, smallModel()).success, true);
  assert.equal(z.safeParse(model, { ...smallModel(), title: {} }).success, false);
});
