// custom-elements.json is generated from the elements' JSDoc: check that every element is in it with
// its tag, and that the events each element dispatches are the events it documents.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';

interface Declaration {
  name: string;
  tagName?: string;
  customElement?: boolean;
  events?: { name: string }[];
  attributes?: { name: string }[];
}

describe('custom-elements.json', () => {
  const out = mkdtempSync(join(tmpdir(), 'pathway-cem-'));
  execFileSync('npx', ['custom-elements-manifest', 'analyze', '--outdir', relative(process.cwd(), out), '--quiet']);
  const manifest = JSON.parse(readFileSync(join(out, 'custom-elements.json'), 'utf8')) as { modules: { path: string; declarations?: Declaration[] }[] };
  const elements = manifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.customElement && d.tagName).map((d) => ({ ...d, path: m.path })));

  it('lists every element with its tag', () => {
    assert.deepEqual(elements.map((e) => e.tagName).sort(), ['pathway-assessment', 'pathway-model-summary', 'pathway-plan', 'pathway-profile', 'pathway-team']);
  });

  for (const folder of readdirSync('components').filter((f) => f !== 'shared' && !f.includes('.'))) {
    it(`documents exactly the events <pathway-${folder}> dispatches`, () => {
      const file = `components/${folder}/${folder}.component.ts`;
      const source = readFileSync(file, 'utf8') + readFileSync('components/shared/base.ts', 'utf8');
      const dispatched = new Set([...source.matchAll(/emit\(this, '([\w-]+)'/g)].map((m) => m[1]!));
      if (/reportError\(/.test(source)) dispatched.add('pathway-error');
      const element = elements.find((e) => e.path === file);
      assert.ok(element, `${file} is not in the manifest`);
      assert.deepEqual(new Set((element.events ?? []).map((e) => e.name)), dispatched);
    });
  }
});
