#!/usr/bin/env node
// The `pathway` command. It runs the compiled build in dist/ — in a source checkout too, as long as
// that build is newer than every source file (`npm run build`), because compiling TypeScript at each
// start takes seconds. A source checkout without a current build runs the sources through tsx, so the
// command always matches the code.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = join(root, 'src/cli/main.ts');
const built = join(root, 'dist/src/cli/main.js');

/** True when some source file is newer than the build (or there is no build). */
function buildIsStale() {
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const newer = (dir) =>
    existsSync(dir) &&
    readdirSync(dir, { withFileTypes: true }).some((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return newer(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && statSync(path).mtimeMs > builtAt;
    });
  return ['src', 'components', 'lms-packages'].some((dir) => newer(join(root, dir)));
}

async function fromSources() {
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(source).href);
}

async function load() {
  if (existsSync(source) && buildIsStale()) {
    try {
      return await fromSources();
    } catch (error) {
      if (!existsSync(built)) throw error;
    }
  }
  return import(pathToFileURL(built).href);
}

// Output piped into `head` and closed early is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const { main } = await load();
process.exitCode = await main(process.argv.slice(2));
