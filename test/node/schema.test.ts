// The zod definitions are the single source of the model format. These tests keep the generated
// JSON Schema, the docs' field tables and the run-time shape table in step with them, and check that
// the run-time checker agrees with zod on every fixture and on many mutated models.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { safeParse } from 'zod/mini';
import { DOCS_FILE, SCHEMA_FILE, SHAPE_TABLE_FILE, fieldTables, schemaText, shapeTableText, withFieldTables } from '../../scripts/schema-build.js';
import { model as modelSchema } from '../../src/model/schema.js';
import { ShapeChecker } from '../../src/model/shape.js';
import { SHAPE_TABLE } from '../../src/model/shape-table.js';
import { random } from '../support/random.js';

const STALE = 'is stale: run `npm run schema` and commit the result';

describe('generated schema files', () => {
  it('schema/pathway-model.schema.json matches the zod definitions', () => {
    assert.equal(readFileSync(SCHEMA_FILE, 'utf8'), schemaText(), `schema/pathway-model.schema.json ${STALE}`);
  });
  it('src/model/shape-table.ts matches the zod definitions', () => {
    assert.equal(readFileSync(SHAPE_TABLE_FILE, 'utf8'), shapeTableText(), `src/model/shape-table.ts ${STALE}`);
  });
  it('docs/model-format.md has current field tables', () => {
    const docs = readFileSync(DOCS_FILE, 'utf8');
    assert.equal(docs, withFieldTables(docs, fieldTables()), `docs/model-format.md ${STALE}`);
  });
});

const REPLACEMENTS: unknown[] = [undefined, null, 0, -1, 1.5, 101, '', 'x', 'Has space', 'https://x.org/a', [], [1], {}, { en: 'x' }, { english: 'x' }, true, 'frequency', 'course'];

/** Replaces one value somewhere in the model (or deletes it), like a hand-editing slip. */
function mutate(value: unknown, rand: () => number): unknown {
  const copy = structuredClone(value);
  const containers: [Record<string | number, unknown>, string | number][] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach((child, i) => (containers.push([node as unknown as Record<number, unknown>, i]), walk(child)));
    else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        containers.push([node as Record<string, unknown>, key]);
        walk(child);
      }
    }
  };
  walk(copy);
  const [parent, key] = containers[Math.floor(rand() * containers.length)]!;
  const replacement = REPLACEMENTS[Math.floor(rand() * REPLACEMENTS.length)];
  if (replacement === undefined && !Array.isArray(parent)) delete parent[key];
  else parent[key] = structuredClone(replacement);
  return copy;
}

describe('run-time shape checker agrees with zod', () => {
  const checker = new ShapeChecker(SHAPE_TABLE);
  const agree = (value: unknown, label: string): void => {
    const zod = safeParse(modelSchema, value);
    const ours = checker.check(value);
    assert.equal(ours.length === 0, zod.success, `${label}: zod says ${zod.success ? 'valid' : 'invalid'}, the shape table says ${ours.length === 0 ? 'valid' : ours.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  };

  const models = [
    'test/fixtures/tiny-model.json',
    ...readdirSync('demo/models').filter((f) => f.endsWith('.json')).map((f) => `demo/models/${f}`),
  ];
  const invalid = readdirSync('test/fixtures/invalid').filter((f) => f.endsWith('.json') && f !== 'expected.json');

  it('on the sample models and the invalid fixtures', () => {
    for (const file of models) agree(JSON.parse(readFileSync(file, 'utf8')), file);
    for (const file of invalid) {
      let value: unknown;
      try {
        value = JSON.parse(readFileSync(`test/fixtures/invalid/${file}`, 'utf8'));
      } catch {
        continue; // not JSON: never reaches the shape check
      }
      agree(value, file);
    }
  });

  it('on 3,000 randomly mutated models', () => {
    const rand = random(20261128);
    const bases = models.map((file) => JSON.parse(readFileSync(file, 'utf8')));
    for (let i = 0; i < 3000; i++) {
      const base = bases[i % bases.length];
      const mutated = rand() < 0.3 ? mutate(mutate(base, rand), rand) : mutate(base, rand);
      agree(mutated, `mutation ${i} of ${models[i % bases.length]}`);
    }
  });
});
