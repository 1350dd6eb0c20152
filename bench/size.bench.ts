// Bundle sizes of the CDN build (gzip -9), and what validating with zod/mini in the browser would cost
// compared with the generated shape table the elements use.
import { gzipSync } from 'node:zlib';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';
import { readFileSync, readdirSync } from 'node:fs';
import { closureGzipSize, gzipSize, packageClosure } from '../scripts/sizes.mjs';

/** The classic CDN script and its chunks, by path under dist/cdn/ as they name each other. */
function classicScripts(): Map<string, string> {
  const chunks = readdirSync('dist/cdn/classic').filter((f) => f.endsWith('.js')).map((f) => `classic/${f}`);
  return new Map(['pathway.iife.min.js', ...chunks].map((f) => [f, readFileSync(`dist/cdn/${f}`, 'utf8')]));
}

interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

/** Minified, gzipped size of a tiny entry module and what it imports statically, bundled like the CDN build. */
export async function entrySize(code: string): Promise<number> {
  const entry = '\0entry.ts';
  const bundle = await rollup({
    input: entry,
    plugins: [
      { name: 'entry', resolveId: (id) => (id === entry ? id : null), load: (id) => (id === entry ? code : null) },
      esbuild({ target: 'es2021', loaders: { '.ts': 'ts' }, include: /\.ts$|\0entry/ }),
      nodeResolve(),
      terser({ ecma: 2021, module: true }),
    ],
    onwarn: () => {},
  });
  const { output } = await bundle.generate({ format: 'es' });
  // The entry and the chunks it imports statically (an `import()` in the code is a chunk loaded later).
  const chunks = new Map(output.flatMap((o) => (o.type === 'chunk' ? [[o.fileName, o] as const] : [])));
  const first = new Set<string>();
  const visit = (name: string): void => {
    if (first.has(name)) return;
    first.add(name);
    chunks.get(name)!.imports.forEach(visit);
  };
  visit(output[0].fileName);
  return [...first].reduce((sum, name) => sum + gzipSync(chunks.get(name)!.code, { level: 9 }).length, 0);
}

export default async function (): Promise<Figure[]> {
  const root = new URL('..', import.meta.url).pathname;
  return [
    { name: 'size.cdn.esm.gz', value: closureGzipSize('dist/cdn/pathway.min.js'), unit: 'bytes', note: 'dist/cdn/pathway.min.js and the chunks it imports statically (not the lazy ones)' },
    { name: 'size.cdn.iife.gz', value: [...packageClosure(classicScripts(), 'pathway.iife.min.js')].reduce((sum, f) => sum + gzipSize(`dist/cdn/${f}`), 0), unit: 'bytes', note: 'dist/cdn/pathway.iife.min.js and the chunks it names (every element and the global Pathway at once; the parts in classic/ load later)' },
    {
      name: 'size.validation.zodmini.gz',
      value: await entrySize(`import { safeParse } from 'zod/mini'; import { model } from '${root}src/model/schema.ts'; export const check = (v) => safeParse(model, v).success;`),
      unit: 'bytes',
      note: 'zod/mini runtime + the model schema',
    },
    {
      name: 'size.validation.shapeTable.gz',
      value: await entrySize(`import { ShapeChecker } from '${root}src/model/shape.ts'; import { SHAPE_TABLE } from '${root}src/model/shape-table.ts'; export const check = (v) => new ShapeChecker(SHAPE_TABLE).check(v).length === 0;`),
      unit: 'bytes',
      note: 'the generated table + checker the elements ship',
    },
  ];
}
