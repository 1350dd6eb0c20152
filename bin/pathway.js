#!/usr/bin/env node
// The `pathway` command. In a source checkout it runs the TypeScript sources through tsx, so the
// command always matches the code; an installed package runs the compiled build in dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const source = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const built = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));

async function load() {
  if (existsSync(source)) {
    try {
      const { register } = await import('tsx/esm/api');
      register();
      return import(pathToFileURL(source).href);
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
