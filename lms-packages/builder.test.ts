/**
 * The package builder: manifests valid against the official XSDs (offline, xmllint-wasm), the right
 * files at the zip root, byte-identical zips for the same input (also in another time zone and with a
 * freshly bundled runtime), and `pathway package` with its clear errors.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import type { Model } from '../src/model/types.js';
import { buildPackage, manifestIdentifier, PACKAGE_FORMATS, packageFiles, SCORM_FORMATS, scormManifest } from './builder.js';
import { stampProblem } from '../src/model/stamp.js';
import { loadSources, type PackageSources, packageRoot, runtimeScripts } from './sources.js';
import { scormTypeProblems, validateManifest } from './xsd-check.js';

const root = packageRoot();
const modelFiles = [...readdirSync(join(root, 'demo/models')).map((f) => `demo/models/${f}`), 'test/fixtures/tiny-model.json'];
const read = (file: string): Model => JSON.parse(readFileSync(join(root, file), 'utf8')) as Model;
const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const run = promisify(execFile);

let sources: PackageSources;
let scratch: string;
before(async () => {
  sources = await loadSources();
  scratch = mkdtempSync(join(tmpdir(), 'pathway-package-'));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A model with text and ids that need escaping and encoding in XML. */
function awkwardModel(): Model {
  const model = read('test/fixtures/tiny-model.json');
  return { ...model, id: 'https://example.org/modèles/führung--v2', title: 'R&D <leads> "quoted" \'apostrophe\' -- ✓', version: '2.0 "beta"', delivery: { masteryScore: 0.75 } };
}

describe('package builder', () => {
  for (const format of SCORM_FORMATS) {
    test(`${format}: every manifest validates against the official XSDs and names its SCO correctly`, async () => {
      for (const file of modelFiles) {
        for (const model of [read(file), awkwardModel()]) {
          const files = packageFiles(model, format, sources);
          const manifest = text(files.get('imsmanifest.xml'));
          const schemaFiles = new Map([...files].filter(([name]) => /\.(xsd|dtd)$/.test(name)));
          const result = await validateManifest(manifest, format, schemaFiles);
          assert.deepEqual(result, { valid: true, errors: [] }, `${file} (${model.id})`);
          assert.deepEqual(scormTypeProblems(manifest, format), []);
          assert.doesNotMatch(manifest, /imsmd:|<lom/, 'no LOM metadata (its XSD is not importable by libxml2)');
        }
      }
    });

    test(`${format}: the zip root holds the manifest, launch page, runtime, model and schema files`, () => {
      const model = read('demo/models/software-engineer.json');
      const zip = unzipSync(buildPackage(model, format, sources));
      const names = Object.keys(zip);
      for (const name of ['imsmanifest.xml', 'index.html', 'pathway.js', 'model.json', 'pathway-validate-worker.js', 'pathway-load.js', 'pathway-session.js', 'pathway-planner.js']) assert.ok(names.includes(name), name);
      // UI messages of the model's languages only (software-engineer is English: none besides the runtime's).
      assert.deepEqual(names.filter((n) => n.startsWith('pathway-lang-')), []);
      assert.ok(names.every((n) => !n.includes('/')), 'everything at the root');
      const expectedSchemas = format === 'scorm12' ? ['adlcp_rootv1p2.xsd', 'ims_xml.xsd', 'imscp_rootv1p1p2.xsd', 'imsmd_rootv1p2p1.xsd'] : ['adlcp_v1p3.xsd', 'adlnav_v1p3.xsd', 'adlseq_v1p3.xsd', 'imscp_v1p1.xsd', 'imsss_v1p0.xsd', 'imsss_v1p0util.xsd', 'xml.xsd', 'XMLSchema.dtd', 'datatypes.dtd'];
      for (const name of expectedSchemas) assert.ok(names.includes(name), name);
      assert.deepEqual(names, [...names].sort(), 'entries are sorted');
      const manifest = text(zip['imsmanifest.xml']);
      const listed = [...manifest.matchAll(/<file href="([^"]+)"/g)].map(([, href]) => href!);
      for (const href of listed) assert.ok(names.includes(href), `${href} listed and present`);
      // Every script is listed, and every chunk a script names (statically or to load later) is in the
      // package — but the UI messages of languages the model does not have and, without a candidate
      // endpoint, the reporting to it (the launch never asks for them).
      for (const name of names.filter((n) => n.endsWith('.js'))) {
        assert.ok(listed.includes(name), `${name} is in the manifest`);
        for (const [, chunk] of text(zip[name]).matchAll(/"\.\/(pathway-(?!lang-|lrs-reporting)[^"]*\.js)"/g)) assert.ok(names.includes(chunk!), `${name} names ${chunk}, which is in the package`);
      }
      // The model as compiled: the same content, stamped for this version, with the first questions precomputed.
      const packaged = JSON.parse(text(zip['model.json']));
      assert.deepEqual({ ...packaged, compiled: undefined }, { ...model, compiled: undefined });
      assert.equal(stampProblem(packaged), undefined);
      assert.ok(Object.keys(packaged.compiled.first).length > 0);
      const page = text(zip['index.html']);
      assert.match(page, /<meta name="referrer" content="no-referrer" \/>/);
      assert.match(page, new RegExp(`data-format="${format}"`));
      assert.match(page, /<script src="pathway.js" defer><\/script>/);
      if (format === 'scorm2004') {
        assert.match(manifest, /<imsss:deliveryControls [^>]*completionSetByContent="true"[^>]*objectiveSetByContent="true"/);
        assert.match(manifest, /<schemaversion>2004 4th Edition<\/schemaversion>/);
        assert.match(manifest, /<imsss:minNormalizedMeasure>0.6<\/imsss:minNormalizedMeasure>/);
      } else {
        assert.match(manifest, /<schemaversion>1.2<\/schemaversion>/);
        assert.match(manifest, /<adlcp:masteryscore>60<\/adlcp:masteryscore>/);
      }
    });
  }

  test('text from the model is escaped, ids are valid xs:ID and stay the same across model versions', () => {
    const model = awkwardModel();
    const manifest = scormManifest(model, 'scorm2004', sources);
    assert.match(manifest, /<title>R&amp;D &lt;leads&gt; &quot;quoted&quot; &apos;apostrophe&apos; -- ✓<\/title>/);
    assert.match(manifest, /objectiveID="https:\/\/example.org\/mod%C3%A8les\/f%C3%BChrung--v2"/);
    const id = manifestIdentifier(model);
    assert.match(id, /^[A-Za-z_][A-Za-z0-9._-]*$/);
    assert.equal(manifestIdentifier({ id: model.id }), manifestIdentifier({ ...model, version: '9' } as Model));
    assert.notEqual(manifestIdentifier(model), manifestIdentifier({ id: 'https://example.org/other' }));
    const page = text(packageFiles(model, 'scorm12', sources).get('index.html'));
    assert.match(page, /<title>R&amp;D &lt;leads&gt;/);
    assert.doesNotMatch(page, /<leads>/);
  });

  test('the explicit scormType check catches what the 2004 XSD lets through', async () => {
    const files = packageFiles(read('test/fixtures/tiny-model.json'), 'scorm2004', sources);
    const wrong = text(files.get('imsmanifest.xml')).replace('adlcp:scormType=', 'adlcp:scormtype=');
    const schemaFiles = new Map([...files].filter(([name]) => /\.(xsd|dtd)$/.test(name)));
    assert.equal((await validateManifest(wrong, 'scorm2004', schemaFiles)).valid, true, 'the XSD alone accepts the wrong spelling');
    assert.match(scormTypeProblems(wrong, 'scorm2004').join('\n'), /needs adlcp:scormType/);
    const files12 = packageFiles(read('test/fixtures/tiny-model.json'), 'scorm12', sources);
    const wrong12 = text(files12.get('imsmanifest.xml')).replace('adlcp:scormtype=', 'adlcp:scormType=');
    const schemas12 = new Map([...files12].filter(([name]) => /\.(xsd|dtd)$/.test(name)));
    assert.equal((await validateManifest(wrong12, 'scorm12', schemas12)).valid, false, 'the 1.2 XSD rejects the 2004 spelling');
  });

  test('a package carries the UI messages of its model’s languages only', () => {
    const names = (model: Model) => Object.keys(unzipSync(buildPackage(model, 'cmi5', sources))).filter((n) => /^pathway-lang-/.test(n));
    const model = read('demo/models/people-leader.json');
    assert.deepEqual(names({ ...model, language: 'en', languages: ['en', 'de-CH'] }), ['pathway-lang-de.js']);
    assert.deepEqual(names({ ...model, language: 'fr', languages: ['fr', 'de', 'es'] }), ['pathway-lang-de.js', 'pathway-lang-fr.js']);
    assert.deepEqual(names({ ...model, language: 'en', languages: ['en'] }), []);
  });

  test('the same input gives byte-identical zips, with a freshly bundled runtime too', async () => {
    const model = read('demo/models/customer-success.json');
    const first = buildPackage(model, 'scorm2004', sources);
    assert.equal(sha(buildPackage(structuredClone(model), 'scorm2004', sources)), sha(first));
    const fresh = await runtimeScripts(root, true);
    assert.deepEqual(fresh, sources.scripts.scorm, 'rollup bundles the runtime identically');
    assert.notEqual(sha(buildPackage({ ...model, version: `${model.version}-x` }, 'scorm2004', sources)), sha(first), 'and a different model gives a different zip');
  });
});

describe('pathway package', () => {
  const cli = (args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, [join(root, 'bin/pathway.js'), 'package', ...args], { cwd: scratch, env: { ...process.env, ...env } }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );

  test('writes every format’s zip, identical to the library’s, in another time zone too', async () => {
    const out = join(scratch, 'out', 'nested');
    const { code, stdout } = await cli([join(root, 'test/fixtures/tiny-model.json'), '--format', 'all', '--out', out], { TZ: 'Pacific/Chatham' });
    assert.equal(code, 0, stdout);
    assert.match(stdout, /tiny-model-scorm12\.zip {2}scorm12/);
    assert.match(stdout, /tiny-model-cmi5\.zip {2}cmi5/);
    assert.match(stdout, /tiny-model-xapi\.zip {2}xapi/);
    const model = read('test/fixtures/tiny-model.json');
    for (const format of PACKAGE_FORMATS) {
      const written = new Uint8Array(readFileSync(join(out, `tiny-model-${format}.zip`)));
      assert.equal(sha(written), sha(buildPackage(model, format, sources)), format);
    }
  });

  test('an invalid model: exit 1, every problem with its path, nothing written', async () => {
    const out = join(scratch, 'invalid');
    const { code, stdout } = await cli([join(root, 'test/fixtures/invalid/35-misspelled-field.json'), '--format', 'scorm12', '--out', out]);
    assert.equal(code, 1);
    assert.match(stdout, /is not a valid Pathway model \(2 errors\), so no package was built/);
    assert.match(stdout, /modules\[0\]\.minuts: is not a field/);
    assert.throws(() => readdirSync(out), /ENOENT/);
  });

  test('an unwritable output folder or an unknown format: clear messages', async () => {
    const blocker = join(scratch, 'a-file');
    writeFileSync(blocker, 'x');
    const model = join(root, 'test/fixtures/tiny-model.json');
    const blocked = await cli([model, '--format', 'scorm12', '--out', join(blocker, 'sub')]);
    assert.equal(blocked.code, 1);
    assert.match(blocked.stdout, /is not a folder .*choose another folder with --out/);
    const unknown = await cli([model, '--format', 'scorm13']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stdout, /unknown format "scorm13"/);
    const missing = await cli([model]);
    assert.equal(missing.code, 2);
    assert.match(missing.stdout, /package needs --format/);
  });
});
