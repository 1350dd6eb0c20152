// Gzipped sizes (level 9) of the built browser files, as `npm run build` and `npm run bench` report them.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

export function gzipSize(file) {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

/** A module file and the files it statically imports, recursively (not `import()` chunks): what loads first. */
export function staticClosure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  for (const match of code.matchAll(/(?:^|[;}])\s*(?:import|export)\s*(?:[\w*{}\s,$]*from\s*)?"(\.[^"]+)"/g)) staticClosure(join(dirname(file), match[1]), seen);
  return seen;
}

/** Gzipped bytes of a module and its static imports. */
export function closureGzipSize(file) {
  return [...staticClosure(file)].reduce((sum, f) => sum + gzipSize(f), 0);
}

export function cdnSizes() {
  const sizes = {};
  const walk = (dir) => {
    for (const name of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, name.name);
      if (name.isDirectory()) walk(path);
      else if (name.name.endsWith('.js')) sizes[path] = { raw: readFileSync(path).length, gzip: gzipSize(path) };
    }
  };
  if (existsSync('dist/cdn')) walk('dist/cdn');
  return sizes;
}

export function sizeReport() {
  const rows = Object.entries(cdnSizes()).map(([file, s]) => `${file.padEnd(50)} ${String(s.raw).padStart(9)} B  ${String(s.gzip).padStart(8)} B gzip`);
  return ['CDN files:', ...rows].join('\n');
}

/**
 * An LMS package script's files loaded before anything runs: `pathway.js` and the chunks its
 * `pathwayDefine([...])` names, recursively (lms-packages/runtime/chunk-loader.js); not the chunks it
 * loads later with `require`. `files`: path (as the scripts name each other, from the entry's folder) → code.
 * The same for the CDN's classic script.
 */
export function packageClosure(files, file = 'pathway.js', seen = new Set()) {
  if (seen.has(file)) return seen;
  const code = files.get(file);
  if (code === undefined) throw new Error(`${file} is named by the package script but not in the package`);
  seen.add(file);
  const deps = /pathwayDefine\(\[([^\]]*)\]/.exec(code)?.[1] ?? '';
  for (const [, dep] of deps.matchAll(/"(\.\.?\/[^"]+)"/g)) packageClosure(files, posix.join(posix.dirname(file), dep), seen);
  return seen;
}
