/**
 * Manifests from hostile model text: every one of the four stays well-formed and valid against its
 * schema whatever the model's version and texts hold (`--` that would end an XML comment, control
 * characters, lengths over SCORM 1.2's XSD limits). Control characters are refused by validation
 * already; the builder removes them too, for models that reach it another way.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { Model } from '../src/model/types.js';
import { packageFiles } from './builder.js';
import { loadSources, type PackageSources, packageRoot } from './sources.js';
import { validateCourseStructure, validateManifest, validateTincan } from './xsd-check.js';

let sources: PackageSources;
before(async () => {
  sources = await loadSources();
});

const tiny = (): Model => JSON.parse(readFileSync(join(packageRoot(), 'test/fixtures/tiny-model.json'), 'utf8')) as Model;
const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

function hostile(): Model[] {
  const long = `Leadership -- ${'x'.repeat(9_980)} --`;
  return [
    { ...tiny(), version: '1.0--rc' },
    { ...tiny(), version: '1.0-' },
    { ...tiny(), version: `v${'9'.repeat(63)}` },
    { ...tiny(), title: long, description: long },
    { ...tiny(), version: '2\u0001', title: { en: 'Tiny\u0008 model\uFFFE', de: 'Kleines\u001F Modell' } },
  ];
}

test('SCORM 1.2 and 2004 manifests stay valid against the official XSDs (version ≤ 20, title ≤ 200 in 1.2)', async () => {
  for (const format of ['scorm12', 'scorm2004'] as const) {
    for (const model of hostile()) {
      const files = packageFiles(model, format, sources);
      const manifest = text(files.get('imsmanifest.xml'));
      const schemas = new Map([...files].filter(([name]) => /\.(xsd|dtd)$/.test(name)));
      assert.deepEqual(await validateManifest(manifest, format, schemas), { valid: true, errors: [] }, `${format}: ${JSON.stringify(model.version)}`);
    }
  }
});

test('cmi5.xml stays valid against CourseStructure.xsd, its comment intact', async () => {
  for (const model of hostile()) {
    const xml = text(packageFiles(model, 'cmi5', sources).get('cmi5.xml'));
    assert.deepEqual(await validateCourseStructure(xml), { valid: true, errors: [] }, JSON.stringify(model.version));
    assert.equal(xml.match(/<!--[\s\S]*?-->/g)?.length, 1);
  }
});

test('tincan.xml stays well-formed and keeps its structure', async () => {
  for (const model of hostile()) {
    const xml = text(packageFiles(model, 'xapi', sources).get('tincan.xml'));
    assert.deepEqual(await validateTincan(xml), { valid: true, errors: [] }, JSON.stringify(model.version));
  }
});

test('the structure check can fail', async () => {
  assert.equal((await validateTincan('<tincan xmlns="http://projecttincan.com/tincan.xsd"><!-- a -- b --><activities/></tincan>')).valid, false);
  assert.equal((await validateTincan('<tincan xmlns="http://projecttincan.com/tincan.xsd"><activities></activities></tincan>')).valid, false);
});

test('tincan.xml of every sample model keeps the structure', async () => {
  const dir = join(packageRoot(), 'demo/models');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const model = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Model;
    assert.deepEqual(await validateTincan(text(packageFiles(model, 'xapi', sources).get('tincan.xml'))), { valid: true, errors: [] }, file);
  }
});
