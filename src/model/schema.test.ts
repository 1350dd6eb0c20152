// The zod definitions themselves (the shape table is generated from them; test/node/schema.test.ts keeps
// the two in agreement on every fixture): the one rule zod checks by code, a language map with no entry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as z from 'zod/mini';
import { smallModel } from '../../test/support/small-model.js';
import { model, text } from './schema.js';
import { DEFINITIONS, FIELD_DOCS, ITEM_FIELD_DOCS } from './schema-docs.js';

test('text is a non-empty string or a non-empty language map', () => {
  assert.equal(z.safeParse(text, { en: 'Listens' }).success, true);
  assert.equal(z.safeParse(text, 'Listens').success, true);
  assert.equal(z.safeParse(text, {}).success, false);
  assert.equal(z.safeParse(text, '').success, false);
  assert.equal(z.safeParse(model, smallModel()).success, true);
  assert.equal(z.safeParse(model, { ...smallModel(), title: {} }).success, false);
});

test('every field of the format is documented for the JSON Schema and docs/model-format.md, and no documentation is stale', () => {
  const missing: string[] = [];
  const fields = new Set<string>();
  for (const [name, { schema }] of Object.entries(DEFINITIONS)) {
    const shape = (schema as unknown as { _zod: { def: { shape?: Record<string, unknown> } } })._zod.def.shape;
    for (const field of Object.keys(shape ?? {})) {
      fields.add(`${name}.${field}`);
      const doc = FIELD_DOCS[`${name}.${field}`] ?? (name.endsWith('Item') ? ITEM_FIELD_DOCS[field] : undefined);
      if (!doc) missing.push(`${name}.${field}`);
    }
  }
  assert.ok(fields.size > 150);
  assert.deepEqual(missing, []);
  assert.deepEqual(Object.keys(FIELD_DOCS).filter((key) => !fields.has(key)), []);
  for (const { summary } of Object.values(DEFINITIONS)) assert.ok(summary.length > 0);
});
