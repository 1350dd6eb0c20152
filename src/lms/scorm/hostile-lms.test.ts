/**
 * Fault test: an LMS that answers every call with garbage, errors, exceptions or hostile values for a
 * whole session. The runtime never throws and never blocks the learner, and once the LMS works again
 * the learner's last progress (every answer) is in the LMS.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Scorm12API, Scorm2004API } from 'scorm-again';
import { assessmentState, scriptedAnswers } from '../../../lms-packages/testing/scripted-learner.js';
import { seededRandom } from '../../../test/support/seeded-random.mjs';
import type { Model } from '../../model/types.js';
import type { Progress, RuntimeProblem } from '../runtime.js';
import { DIALECTS } from './api.js';
import { ScormRuntime } from './runtime.js';
import { decodeProgress } from './suspend-data.js';

const model = JSON.parse(readFileSync(new URL('../../../demo/models/software-engineer.json', import.meta.url), 'utf8')) as Model;

const HOSTILE = ['', 'false', 'true', '\u0000', 'NaN', '-1', '1e309', '<img src=x onerror=alert(1)>', 'constructor', '__proto__', '{"a":1}', 'x'.repeat(100_000), 'pw1j["item:1",0.1,"x","A",[],"p1.x"]', 'pw1z' + 'A'.repeat(5000), 'resume', 'review', '\u202e'];

function hostileLms(version: '1.2' | '2004', seed: number) {
  const real = version === '1.2' ? new Scorm12API({ logLevel: 5 }) : new Scorm2004API({ logLevel: 5 });
  real.loadFromJSON(version === '1.2' ? { core: { entry: 'resume' }, suspend_data: 'garbage' } : { entry: 'resume', suspend_data: 'garbage' });
  const dialect = DIALECTS[version];
  const random = seededRandom(seed);
  const pick = () => HOSTILE[Math.floor(random() * HOSTILE.length)]!;
  const state = { storm: true, calls: 0 };
  const target = real as unknown as Record<string, (...args: string[]) => string>;
  const api: Record<string, (...args: string[]) => unknown> = {};
  for (const method of Object.values(dialect)) {
    if (method === dialect.global) continue;
    api[method] = (...args: string[]) => {
      state.calls++;
      if (state.storm && method !== dialect.initialize) {
        const r = random();
        if (r < 0.15) throw new Error('the LMS threw');
        if (r < 0.3) return undefined;
        if (r < 0.4) return { not: 'a string' };
        if (r < 0.7) return pick();
        if (method === dialect.setValue || method === dialect.commit) return 'false';
      }
      return target[method]!.apply(real, args);
    };
  }
  return { api, real, state };
}

for (const version of ['1.2', '2004'] as const) {
  test(`SCORM ${version}: an LMS that answers garbage, errors and exceptions loses none of the learner’s answers`, async () => {
    const lms = hostileLms(version, version === '1.2' ? 12 : 2004);
    const problems: RuntimeProblem[] = [];
    const rt = new ScormRuntime(version, { api: lms.api as never, retryDelaysMs: [1, 1], finishOnPageHide: false, commitEvery: 1 });
    rt.onProblem = (p) => problems.push(p);
    await rt.start(model);
    const { responses, records } = scriptedAnswers(model, 12);
    let progress: Progress | undefined;
    for (let i = 0; i < 12; i++) {
      await rt.answered(records[i]!);
      progress = { assessment: assessmentState(model, responses.slice(0, i + 1)), stepsDone: [], location: `item:${i + 1}`, fraction: (i + 1) / model.items.length };
      await rt.save(progress);
    }
    assert.ok(lms.state.calls > 50);
    assert.ok(problems.length > 0, 'the faults were reported');
    for (const p of problems) assert.doesNotMatch(p.message, /<img|\u0000/, 'LMS text is never echoed raw into messages');
    // The LMS works again: the next milestone writes the newest progress.
    lms.state.storm = false;
    await rt.finish('suspended');
    const cmi = (lms.real.renderCMIToJSONObject() as { cmi: Record<string, unknown> }).cmi;
    const decoded = await decodeProgress(cmi.suspend_data as string, model);
    assert.deepEqual(decoded.progress, progress);
  });
}
