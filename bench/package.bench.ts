// LMS packages: the worst-case suspend data against SCORM 1.2's 4,096 characters, the package sizes of
// every format (SCORM 1.2, SCORM 2004, cmi5, xAPI), and what our own SCORM adapter and cmi5 AU runtime
// cost compared with shipping scorm-again.
//
// The worst case answers every item of a sample model (the engine's saved state of a full fixed-form
// assessment) and marks every module of its pathway done.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { buildPackage } from '../lms-packages/builder.js';
import { loadSources } from '../lms-packages/sources.js';
import { worstCaseProgress } from '../lms-packages/testing/scripted-learner.js';
import { decodeProgress, encodeProgress, SUSPEND_DATA_LIMIT } from '../src/lms/scorm/suspend-data.js';
import type { Model } from '../src/model/types.js';
import { entrySize } from './size.bench.js';
import { packageClosure } from '../scripts/sizes.mjs';

interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const root = new URL('..', import.meta.url);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export default async function ({ log }: { log: (line: string) => void }): Promise<Figure[]> {
  const models = readdirSync(new URL('demo/models/', root))
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ name: f.replace(/\.json$/, ''), model: JSON.parse(readFileSync(new URL(`demo/models/${f}`, root), 'utf8')) as Model }));

  let worst = { chars: 0, name: '', plain: 0 };
  const timings: number[] = [];
  for (const { name, model } of models) {
    const progress = worstCaseProgress(model);
    const encoded = await encodeProgress(progress, model);
    const plain = JSON.stringify(progress).length;
    log(`${name}: ${model.items.length} items + ${model.modules.length} steps → ${encoded.length} characters (uncompressed JSON ${plain})`);
    if (encoded.length > worst.chars) worst = { chars: encoded.length, name, plain };
    for (let i = 0; i < 15; i++) {
      const started = performance.now();
      await decodeProgress(await encodeProgress(progress, model), model);
      timings.push(performance.now() - started);
    }
  }

  const largest = models.reduce((a, b) => (b.model.items.length + b.model.modules.length > a.model.items.length + a.model.modules.length ? b : a));
  const sources = await loadSources();
  const scorm12 = buildPackage(largest.model, 'scorm12', sources).length;
  const scorm2004 = buildPackage(largest.model, 'scorm2004', sources).length;
  const cmi5 = buildPackage(largest.model, 'cmi5', sources).length;
  const xapi = buildPackage(largest.model, 'xapi', sources).length;
  // What a learner loads at launch (pathway.js and the chunks it names), and the chunks loaded later, from the largest model's zips.
  const gz = (bytes: Uint8Array | string) => gzipSync(bytes, { level: 9 }).length;
  const launch = (format: 'scorm2004' | 'cmi5') => {
    const zip = new Map(Object.entries(unzipSync(buildPackage(largest.model, format, sources))).filter(([name]) => name.endsWith('.js')));
    const first = [...packageClosure(zip)];
    const later = [...zip.keys()].filter((name) => !first.includes(name)).sort();
    const list = (names: string[]) => names.map((name) => `${name} ${gz(zip.get(name)!)}`).join(', ');
    // The files are listed so that what a change adds to the launch shows in the bench output.
    log(`${format} package, at launch: ${list(first)}`);
    log(`${format} package, when needed: ${list(later)}`);
    return { zip, first, later, bytes: first.reduce((sum, name) => sum + gz(zip.get(name)!), 0) };
  };
  const scormLaunch = launch('scorm2004');
  const cmi5Launch = launch('cmi5');
  const runtimeGz = gz(sources.scripts.scorm.get('pathway.js')!);
  const xapiRuntimeGz = gz(sources.scripts.xapi.get('pathway.js')!);
  const src = new URL('src/lms/scorm/', root).pathname;
  const adapter = await entrySize(`export { ScormRuntime } from '${src}runtime.ts';`);
  const scormAgain = await entrySize(`export { Scorm12API } from 'scorm-again/scorm12'; export { Scorm2004API } from 'scorm-again/scorm2004';`);
  const lms = new URL('src/lms/', root).pathname;
  // The AU side of cmi5 and the xAPI launch, with the fetch-based LRS transport.
  const xapiRuntimes = await entrySize(`export { Cmi5Runtime } from '${lms}cmi5/runtime.ts'; export { XapiLaunchRuntime } from '${lms}xapi/runtime.ts';`);

  return [
    { name: 'size.packageScript.scorm.gz', value: scormLaunch.bytes, unit: 'bytes', note: `${largest.name}'s SCORM packages at launch: ${scormLaunch.first.join(' + ')} (goal ≤ 45,000; no validator, engine, planner, results elements or request code)` },
    { name: 'size.packageScript.cmi5.gz', value: cmi5Launch.bytes, unit: 'bytes', note: `${largest.name}'s cmi5 and xAPI packages at launch: ${cmi5Launch.first.join(' + ')} (goal ≤ 50,000)` },
    ...cmi5Launch.later.map((name) => ({ name: `size.packageChunk.${name.replace(/^pathway-|\.js$/g, '')}.gz`, value: gz(cmi5Launch.zip.get(name)!), unit: 'bytes', note: `${name} of the cmi5 package: loaded only when needed` })),
    { name: 'scorm12.suspendData.maxChars', value: worst.chars, unit: 'characters', note: `${worst.name}, every item + every step; limit ${SUSPEND_DATA_LIMIT.scorm12}` },
    { name: 'scorm12.suspendData.uncompressedChars', value: worst.plain, unit: 'characters', note: `the same progress as plain JSON (${(worst.plain / worst.chars).toFixed(1)}× larger)` },
    { name: 'scorm12.suspendData.roundTrip.ms.median', value: median(timings), unit: 'ms', note: 'encode + decode of a worst case' },
    { name: 'size.package.scorm12', value: scorm12, unit: 'bytes', note: `${largest.name}-scorm12.zip` },
    { name: 'size.package.scorm2004', value: scorm2004, unit: 'bytes', note: `${largest.name}-scorm2004.zip` },
    { name: 'size.package.cmi5', value: cmi5, unit: 'bytes', note: `${largest.name}-cmi5.zip (${(cmi5 / scorm2004).toFixed(2)}× the SCORM 2004 zip, which carries its XSDs)` },
    { name: 'size.package.xapi', value: xapi, unit: 'bytes', note: `${largest.name}-xapi.zip (${(xapi / scorm2004).toFixed(2)}× the SCORM 2004 zip)` },
    { name: 'size.package.runtime.gz', value: runtimeGz, unit: 'bytes', note: 'pathway.js alone in SCORM packages (with its chunk loader), gzip -9' },
    { name: 'size.package.runtime.xapi.gz', value: xapiRuntimeGz, unit: 'bytes', note: `pathway.js alone in cmi5 and xAPI packages, gzip -9; ${(xapiRuntimeGz / runtimeGz).toFixed(2)}× the SCORM one` },
    { name: 'size.scorm.adapter.gz', value: adapter, unit: 'bytes', note: 'our SCORM 1.2 + 2004 runtime with codec and mapping' },
    { name: 'size.scorm.scormAgain.gz', value: scormAgain, unit: 'bytes', note: `scorm-again 1.2 + 2004 APIs, for comparison (${(scormAgain / adapter).toFixed(1)}× ours)` },
    { name: 'size.cmi5.runtime.gz', value: xapiRuntimes, unit: 'bytes', note: 'our cmi5 AU + xAPI launch runtimes with tracker, queue and LRS transport' },
  ];
}
