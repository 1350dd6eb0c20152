/**
 * cmi5 and xAPI packages: cmi5.xml valid against the official cmi5 CourseStructure.xsd for every sample
 * model (one AU, and one AU per role), with moveOn, masteryScore, relative launch URLs, objectives and
 * launch parameters as the model says; tincan.xml with one launchable activity; the right files at the
 * zip root; byte-identical zips for the same input.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { unzipSync } from 'fflate';
import { competencyIri } from '../src/model/iri.js';
import type { Model } from '../src/model/types.js';
import { assessmentIri } from '../src/tracking/activities.js';
import { buildPackage, packageFiles } from './builder.js';
import { loadSources, type PackageSources, packageRoot } from './sources.js';
import { auId } from './xapi-manifests.js';
import { validateCourseStructure } from './xsd-check.js';

const root = packageRoot();
const modelFiles = [...readdirSync(join(root, 'demo/models')).map((f) => `demo/models/${f}`), 'test/fixtures/tiny-model.json'];
const read = (file: string): Model => JSON.parse(readFileSync(join(root, file), 'utf8')) as Model;
const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let sources: PackageSources;
before(async () => {
  sources = await loadSources();
});

/** Attribute values of every `<tag …>` in document order (the builder writes one attribute style). */
function tags(xml: string, tag: string): Record<string, string>[] {
  return [...xml.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'g'))].map((m) => Object.fromEntries([...m[1]!.matchAll(/([\w:]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])));
}

const courseXml = (model: Model) => text(packageFiles(model, 'cmi5', sources).get('cmi5.xml'));

describe('cmi5 packages', () => {
  test('cmi5.xml validates against CourseStructure.xsd for every sample model, with one AU and with one AU per role', async () => {
    for (const file of modelFiles) {
      const model = read(file);
      for (const variant of [model, { ...model, delivery: { ...model.delivery, auPerRole: true } }]) {
        const result = await validateCourseStructure(courseXml(variant));
        assert.deepEqual(result, { valid: true, errors: [] }, `${file} auPerRole=${Boolean(variant.delivery?.auPerRole)}`);
      }
    }
  });

  test('the XSD check can fail: a misspelt moveOn, a missing url and a foreign root are rejected', async () => {
    const good = courseXml(read('test/fixtures/tiny-model.json'));
    for (const bad of [good.replace('moveOn="Completed"', 'moveOn="Complete"'), good.replace(/<url>[^<]*<\/url>/, ''), good.replace(/courseStructure/g, 'course-structure')]) {
      const result = await validateCourseStructure(bad);
      assert.equal(result.valid, false);
      assert.ok(result.errors.length > 0);
    }
  });

  test('one AU: the assessment IRI, moveOn and masteryScore from the model, a relative url, the assessed competencies as objectives', () => {
    const model = read('demo/models/software-engineer.json');
    const xml = courseXml(model);
    const aus = tags(xml, 'au');
    assert.equal(aus.length, 1);
    assert.deepEqual(aus[0], { id: assessmentIri(model), moveOn: model.delivery?.moveOn ?? 'Completed', masteryScore: String(model.delivery!.masteryScore), launchMethod: 'AnyWindow' });
    assert.match(xml, /<url>index\.html<\/url>/);
    assert.doesNotMatch(xml, /<launchParameters>/);
    assert.equal(tags(xml, 'course')[0]!.id, model.id);
    const assessed = new Set(model.items.map((i) => i.competency));
    const objectives = tags(xml, 'objective').filter((o) => o.id).map((o) => o.id);
    assert.deepEqual(objectives, model.competencies.filter((c) => assessed.has(c.id)).map((c) => competencyIri(model, c)));
    const refs = tags(xml, 'objective').filter((o) => o.idref).map((o) => o.idref);
    assert.deepEqual(refs, objectives, 'the AU references every assessed competency');
  });

  test('one AU per role: the role in launchParameters, its requirements as objectives; moveOn default Completed, no masteryScore without one', () => {
    const base = read('test/fixtures/tiny-model.json');
    const model: Model = { ...base, delivery: { auPerRole: true } };
    const xml = courseXml(model);
    const aus = tags(xml, 'au');
    assert.deepEqual(
      aus.map((a) => a.id),
      model.roles.map((r) => auId(model, r.id)),
    );
    for (const a of aus) {
      assert.equal(a.moveOn, 'Completed');
      assert.equal(a.masteryScore, undefined);
    }
    const params = [...xml.matchAll(/<launchParameters>([^<]*)<\/launchParameters>/g)].map((m) => JSON.parse(m[1]!.replace(/&quot;/g, '"')) as { role: string });
    assert.deepEqual(
      params.map((p) => p.role),
      model.roles.map((r) => r.id),
    );
    const passed: Model = { ...base, delivery: { auPerRole: false, moveOn: 'CompletedAndPassed', masteryScore: 0.7 } };
    assert.deepEqual(tags(courseXml(passed), 'au')[0], { id: assessmentIri(base), moveOn: 'CompletedAndPassed', masteryScore: '0.7', launchMethod: 'AnyWindow' });
  });

  test('model text is escaped and every language of the model appears as a langstring', () => {
    const base = read('test/fixtures/tiny-model.json');
    const model: Model = { ...base, title: { en: 'R&D <leads>', de: 'F&E "Leitung"' } };
    const xml = courseXml(model);
    assert.match(xml, /<langstring lang="en">R&amp;D &lt;leads&gt;<\/langstring>/);
    assert.match(xml, /<langstring lang="de">F&amp;E &quot;Leitung&quot;<\/langstring>/);
    assert.doesNotMatch(xml, /<leads>/);
  });

  test('the zip root holds cmi5.xml, the launch page, runtime and model; no SCORM files', () => {
    const model = read('demo/models/software-engineer.json');
    const zip = unzipSync(buildPackage(model, 'cmi5', sources));
    const names = Object.keys(zip);
    assert.deepEqual(names.filter((n) => !n.endsWith('.js')), ['cmi5.xml', 'index.html', 'model.json']);
    for (const name of ['pathway.js', 'pathway-session.js', 'pathway-planner.js', 'pathway-load.js', 'pathway-lrs-reporting.js', 'pathway-validate-worker.js']) assert.ok(names.includes(name), name);
    const page = text(zip['index.html']);
    assert.match(page, /<meta name="referrer" content="no-referrer" \/>/);
    assert.match(page, /data-format="cmi5"/);
    assert.deepEqual({ ...JSON.parse(text(zip['model.json'])), compiled: undefined }, { ...model, compiled: undefined });
  });
});

describe('xAPI (Tin Can) packages', () => {
  test('tincan.xml: the namespace, one activity with the assessment IRI and type, names per language, a relative launch', () => {
    // A title in two languages (the tiny fixture itself is English only, as a model should be whole).
    const model = { ...read('test/fixtures/tiny-model.json'), title: { en: 'Tiny test model', de: 'Kleines Testmodell' } };
    const zip = unzipSync(buildPackage(model, 'xapi', sources));
    // tiny-model offers English only ("languages" is not set): no UI messages besides the runtime's English.
    const names = Object.keys(zip);
    assert.deepEqual(names.filter((n) => !n.endsWith('.js')), ['index.html', 'model.json', 'tincan.xml']);
    assert.deepEqual(names.filter((n) => n.startsWith('pathway-lang-')), []);
    for (const name of ['pathway.js', 'pathway-session.js', 'pathway-planner.js', 'pathway-validate-worker.js']) assert.ok(names.includes(name), name);
    const xml = text(zip['tincan.xml']);
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
    assert.deepEqual(tags(xml, 'tincan'), [{ xmlns: 'http://projecttincan.com/tincan.xsd' }]);
    assert.deepEqual(tags(xml, 'activity'), [{ id: assessmentIri(model), type: 'http://adlnet.gov/expapi/activities/assessment' }]);
    assert.match(xml, /<launch lang="en">index\.html<\/launch>/);
    assert.match(xml, /<name lang="en">Tiny test model<\/name>/);
    assert.match(xml, /<name lang="de">Kleines Testmodell<\/name>/);
    assert.match(text(zip['index.html']), /data-format="xapi"/);
  });
});

describe('cmi5 and xAPI zips are reproducible', () => {
  for (const format of ['cmi5', 'xapi'] as const) {
    test(`${format}: the same input gives byte-identical zips; another model gives another`, () => {
      const model = read('demo/models/customer-success.json');
      const first = buildPackage(model, format, sources);
      assert.equal(sha(buildPackage(structuredClone(model), format, sources)), sha(first));
      assert.notEqual(sha(buildPackage({ ...model, version: `${model.version}-x` }, format, sources)), sha(first));
    });
  }
});
