// `npm run build`: the npm modules, the CDN bundles, type declarations, the JSON Schema and
// custom-elements.json, then a size report. Each step fails loudly.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { sizeReport } from './sizes.mjs';

const run = (command, args) => execFileSync(command, args, { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
run('npx', ['rollup', '-c', 'rollup.config.mjs', '--silent']);
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
mkdirSync('dist', { recursive: true });
copyFileSync('schema/pathway-model.schema.json', 'dist/pathway-model.schema.json');
run('npx', ['custom-elements-manifest', 'analyze', '--quiet']); // settings: custom-elements-manifest.config.mjs
console.log(sizeReport());
