import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { VERSION } from '../version.js';
import { digestModel, STAMPED_BY, stampModel, stampProblem, stampedModel } from './stamp.js';
import type { Model } from './types.js';

const model = JSON.parse(readFileSync(new URL('../../demo/models/customer-success.json', import.meta.url), 'utf8')) as Model;

test('the version in stamps is package.json’s', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(VERSION, pkg.version);
  assert.equal(STAMPED_BY, `pathway-kit@${pkg.version}`);
});

test('a stamped model vouches for itself, also after a JSON round trip with other whitespace', () => {
  const stamped = stampModel(model);
  assert.equal(stampProblem(stamped), undefined);
  const reread = JSON.parse(JSON.stringify(stamped, null, 2)) as unknown;
  assert.equal(stampedModel(reread), reread);
  // Stamping again gives the same stamp (the old stamp is not part of the digest).
  assert.deepEqual(stampModel(stamped).compiled, stamped.compiled);
});

test('any change of content, another version, or no stamp means full validation', () => {
  const stamped = stampModel(model);
  const edited = structuredClone(stamped);
  edited.items[3]!.competency = `${edited.items[3]!.competency}x`;
  assert.match(stampProblem(edited)!, /content changed/);
  const retitled = { ...stamped, title: `${String(stamped.title)} ` };
  assert.match(stampProblem(retitled)!, /content changed/);
  const foreign = { ...stamped, compiled: { ...stamped.compiled!, by: 'pathway-kit@0.0.1' } };
  assert.match(stampProblem(foreign)!, /stamped by pathway-kit@0\.0\.1/);
  assert.equal(stampProblem(model), 'no stamp');
  assert.equal(stampProblem({ ...model, compiled: 'yes' }), 'a malformed stamp');
  assert.equal(stampProblem([stamped]), 'not a model object');
  assert.equal(stampedModel(edited), undefined);
});

test('the digest depends on every character of the content', () => {
  const a = digestModel({ a: 'x' });
  assert.notEqual(a, digestModel({ a: 'y' }));
  assert.notEqual(a, digestModel({ b: 'x' }));
  assert.equal(a, digestModel({ a: 'x', compiled: { by: 'anything', digest: 'anything' } }));
  assert.match(a, /^[0-9a-f]{16}$/);
});
