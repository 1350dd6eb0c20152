/**
 * "Rate a colleague" packages (`pathway package --rater-request`): the request travels as each
 * standard's launch data — SCORM 1.2 `adlcp:datafromlms` (≤ 255 characters by its XSD), SCORM 2004
 * `adlcp:dataFromLMS` (≤ 4000, the smallest maximum of `cmi.launch_data`), the cmi5 AU's
 * `launchParameters`, the xAPI package's launch URL — in manifests valid against the official XSDs,
 * with a package identity of its own and no pass mark; never with a credential.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { unzipSync } from 'fflate';
import { run as packageCommand } from '../src/cli/commands/package.js';
import type { Model } from '../src/model/types.js';
import { createRaterRequest, decodeRequest, readRequestLaunchData, RequestError, resolveRequestFile, type RaterRequest } from '../src/tracking/request.js';
import { checkLaunchDataFits, manifestIdentifier, packageFiles, packageRequest } from './builder.js';
import { loadSources, packageRoot, type PackageSources } from './sources.js';
import { validateCourseStructure, validateManifest, validateTincan } from './xsd-check.js';

const root = packageRoot();
const model = JSON.parse(readFileSync(join(root, 'test/fixtures/tiny-model.json'), 'utf8')) as Model;
const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
const unescape = (xml: string) => xml.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'");

const full: RaterRequest = createRaterRequest(model, {
    id: '5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f',
    person: { objectType: 'Agent', account: { homePage: 'https://lms.example.com', name: 'dana' } },
    personName: 'Dana',
    currentRole: model.roles[0]!.id,
  raters: [{ kind: 'manager', name: 'Mo' }, { kind: 'peer' }, { kind: 'peer' }, { kind: 'peer' }],
});
// The smallest useful request: one rater, a short agent — still more than SCORM 1.2's 255 characters.
const small: RaterRequest = { format: 'pathway-request/1', id: full.id, model: full.model, person: { mbox: 'mailto:d@x.io' }, raters: [{ kind: 'manager' }] };

let sources: PackageSources;
let scratch: string;
before(async () => {
  sources = await loadSources();
  scratch = mkdtempSync(join(tmpdir(), 'pathway-request-package-'));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

const schemas = (files: Map<string, Uint8Array>) => new Map([...files].filter(([name]) => /\.(xsd|dtd)$/.test(name)));

describe('rater request packages', () => {
  test('SCORM 2004: adlcp:dataFromLMS holds the request, the manifest validates, no pass mark, its own identifier', async () => {
    const request = packageRequest(model, full, 1);
    const files = packageFiles({ ...model, delivery: { masteryScore: 0.8 } }, 'scorm2004', sources, request);
    const manifest = text(files.get('imsmanifest.xml'));
    assert.deepEqual(await validateManifest(manifest, 'scorm2004', schemas(files)), { valid: true, errors: [] });
    const data = unescape(manifest.match(/<adlcp:dataFromLMS>([^<]*)<\/adlcp:dataFromLMS>/)![1]!);
    assert.equal(data, request.launchData);
    const launch = readRequestLaunchData(data)!;
    assert.deepEqual(launch.request, full);
    assert.equal(launch.index, 1);
    assert.doesNotMatch(manifest, /minNormalizedMeasure|satisfiedByMeasure/);
    assert.match(manifest, new RegExp(`identifier="${manifestIdentifier(model)}-r[0-9a-z]+"`));
    assert.match(manifest, /<title>Tiny test model · Dana<\/title>|· Dana<\/title>/);
  });

  test('SCORM 1.2: even the smallest request exceeds 255 characters, so datafromlms points at request.json in the package; valid manifest', async () => {
    assert.ok(packageRequest(model, small).launchData.length > 255, 'a request as launch data fits SCORM 1.2 after all: simplify');
    const request = packageRequest(model, full, 2);
    const files = packageFiles(model, 'scorm12', sources, request);
    const manifest = text(files.get('imsmanifest.xml'));
    assert.deepEqual(await validateManifest(manifest, 'scorm12', schemas(files)), { valid: true, errors: [] });
    const data = unescape(manifest.match(/<adlcp:datafromlms>([^<]*)<\/adlcp:datafromlms>/)![1]!);
    assert.equal(data, 'pathway-request-file=request.json&pathway-rater=2');
    assert.match(manifest, /<file href="request\.json"\/>/);
    assert.deepEqual(JSON.parse(text(files.get('request.json'))), full);
    const resolved = await resolveRequestFile(data, async (file) => text(files.get(file)));
    assert.deepEqual(readRequestLaunchData(resolved)!.request, full);
    await assert.rejects(resolveRequestFile('pathway-request-file=../secrets.json', async () => '{}'), /always request\.json/);
    // The XSD itself refuses 256 characters: the builder's limit is the schema's.
    const tooLong = manifest.replace(/<adlcp:datafromlms>[^<]*</, `<adlcp:datafromlms>${'x'.repeat(256)}<`);
    assert.equal((await validateManifest(tooLong, 'scorm12', schemas(files))).valid, false);
    assert.throws(() => checkLaunchDataFits('scorm12', request.launchData), /at most 255 characters/);
    assert.throws(() => checkLaunchDataFits('scorm2004', `pathway-request=${'x'.repeat(4000)}`), /4000 characters/);
    // Packages without a request are unchanged.
    assert.ok(!packageFiles(model, 'scorm12', sources).has('request.json'));
  });

  test('cmi5: one AU with the request as launchParameters, moveOn Completed, no masteryScore; valid against CourseStructure.xsd', async () => {
    const request = packageRequest(model, full);
    const xml = text(packageFiles({ ...model, delivery: { masteryScore: 0.8, moveOn: 'CompletedAndPassed', auPerRole: true } }, 'cmi5', sources, request).get('cmi5.xml'));
    assert.deepEqual(await validateCourseStructure(xml), { valid: true, errors: [] });
    assert.equal((xml.match(/<au /g) ?? []).length, 1);
    assert.match(xml, /moveOn="Completed"/);
    assert.doesNotMatch(xml, /masteryScore=/);
    assert.match(xml, new RegExp(`<au id="${model.id}/assessment/requests/${full.id}"`));
    assert.equal(unescape(xml.match(/<launchParameters>([^<]*)<\/launchParameters>/)![1]!), request.launchData);
  });

  test('xAPI: the launch URL carries the request; valid tincan.xml', async () => {
    const request = packageRequest(model, full, 0);
    const xml = text(packageFiles(model, 'xapi', sources, request).get('tincan.xml'));
    assert.deepEqual(await validateTincan(xml), { valid: true, errors: [] });
    const launch = new URL(unescape(xml.match(/<launch [^>]*>([^<]*)<\/launch>/)![1]!), 'https://lms.example.com/pkg/');
    assert.deepEqual(readRequestLaunchData(launch.search)!.request, full);
  });

  test('a request never carries LRS credentials: none is accepted, and none is in any package file', () => {
    for (const extra of [{ auth: 'Basic a2V5OnNlY3JldA==' }, { endpoint: 'https://lrs.example.com/xapi/' }, { lrs: { endpoint: 'https://lrs.example.com', auth: 'x' } }]) {
      assert.throws(() => packageRequest(model, { ...full, ...extra } as RaterRequest), RequestError);
    }
    const request = packageRequest(model, full);
    for (const format of ['scorm2004', 'cmi5', 'xapi'] as const) {
      for (const [name, bytes] of packageFiles(model, format, sources, request)) {
        if (!/\.(xml|html|json)$/.test(name)) continue;
        const content = text(bytes);
        assert.doesNotMatch(content, /Basic [A-Za-z0-9+/=]{8,}|"auth"|"password"|"secret"/i, `${format} ${name}`);
      }
      // What the launch data holds is exactly the request: its own fields, nothing added.
      const token = new URLSearchParams(request.launchData).get('pathway-request')!;
      assert.deepEqual(Object.keys(decodeRequest(token)).sort(), Object.keys(full).sort());
    }
  });

  test('a request for another model version is refused; the launch decides the rater when the package does not', () => {
    assert.throws(() => packageRequest(model, { ...full, model: { id: model.id, version: '9.9.9' } }), /version 9\.9\.9.*would not count/);
    const named: RaterRequest = { ...full, raters: [{ kind: 'manager', agent: { mbox: 'mailto:mo@example.com' } }, { kind: 'peer' }, { kind: 'peer' }] };
    const data = packageRequest(model, named).launchData;
    assert.equal(readRequestLaunchData(data, { agent: { mbox: 'mailto:MO@example.com' } })!.kind, 'manager');
    assert.equal(readRequestLaunchData(data, { agent: { mbox: 'mailto:pat@example.com' } })!.kind, 'peer');
    const mixed = packageRequest(model, full).launchData;
    assert.throws(() => readRequestLaunchData(mixed, { agent: { mbox: 'mailto:pat@example.com' } }), /does not say which of the request's raters you are/);
    // SCORM: the learner id matches a rater's account name.
    const byAccount: RaterRequest = { ...full, raters: [{ kind: 'manager', agent: { account: { homePage: 'https://lms.example.com', name: 'mo' } } }, { kind: 'peer' }] };
    assert.equal(readRequestLaunchData(packageRequest(model, byAccount).launchData, { id: 'mo' })!.index, 0);
  });

  test('pathway package --rater-request writes one package per format, named after the request; bad requests write nothing', async () => {
    const file = join(scratch, 'request.json');
    writeFileSync(file, JSON.stringify(full));
    const lines: string[] = [];
    const out = join(scratch, 'out');
    const code = await packageCommand([join(root, 'test/fixtures/tiny-model.json'), '--format', 'scorm2004,cmi5,xapi', '--rater-request', file, '--rater', '2', '--out', out, '--lrs-origin', 'https://lrs.example.com'], (l) => lines.push(l));
    assert.equal(code, 0, lines.join('\n'));
    const zips = readdirSync(out).sort();
    assert.deepEqual(zips, ['tiny-model-request-5f0c1d2e-cmi5.zip', 'tiny-model-request-5f0c1d2e-scorm2004.zip', 'tiny-model-request-5f0c1d2e-xapi.zip']);
    const manifest = text(unzipSync(new Uint8Array(readFileSync(join(out, zips[1]!))))['imsmanifest.xml']);
    assert.equal(readRequestLaunchData(unescape(manifest.match(/<adlcp:dataFromLMS>([^<]*)</)![1]!))!.index, 1);

    const refused: string[] = [];
    const bad = join(scratch, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...full, auth: 'Basic eA==' }));
    const empty = join(scratch, 'empty');
    assert.equal(await packageCommand([join(root, 'test/fixtures/tiny-model.json'), '--format', 'cmi5', '--rater-request', bad, '--out', empty], (l) => refused.push(l)), 1);
    assert.match(refused.join('\n'), /never carries LRS credentials.*no package was built/);
    const huge = join(scratch, 'huge.json');
    writeFileSync(huge, JSON.stringify({ ...full, raters: Array.from({ length: 50 }, (_, i) => ({ kind: 'peer', name: `A colleague with a rather long name, number ${i + 1}` })) }));
    assert.equal(await packageCommand([join(root, 'test/fixtures/tiny-model.json'), '--format', 'scorm2004', '--rater-request', huge, '--out', empty], (l) => refused.push(l)), 1);
    assert.match(refused.at(-1)!, /4000 characters everywhere, and this request needs \d+; ask fewer raters/);
    await assert.rejects(packageCommand([join(root, 'test/fixtures/tiny-model.json'), '--format', 'cmi5', '--rater', '0', '--rater-request', file], () => {}), /--rater expects/);
  });
});
