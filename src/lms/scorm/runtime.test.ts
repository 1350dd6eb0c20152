/**
 * The SCORM runtimes against scorm-again (the LMS side) in Node: the whole flow, resume, LMS faults,
 * modes and limits. Every value written is checked against the strict rules in
 * lms-packages/testing/scorm-strict.ts (scorm-again alone accepts values real LMSs reject). The same flows
 * run in Chromium from the built packages in test/browser/scorm-package.test.ts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { Scorm12API, Scorm2004API } from 'scorm-again';
import { recordLms, type Faults } from '../../../lms-packages/testing/lms-recorder.js';
import { assessmentState, fullPlan, scriptedAnswers, scriptedResults } from '../../../lms-packages/testing/scripted-learner.js';
import { strictViolations } from '../../../lms-packages/testing/scorm-strict.js';
import type { Model } from '../../model/types.js';
import type { Progress, RuntimeProblem } from '../runtime.js';
import { ScormRuntime } from './runtime.js';
import { decodeProgress } from './suspend-data.js';

const load = (file: string): Model => JSON.parse(readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8')) as Model;
const largest = load('demo/models/software-engineer.json');
const tiny = load('test/fixtures/tiny-model.json');

type Version = '1.2' | '2004';
type Cmi = Record<string, unknown>;

function lms(version: Version, seed: Cmi | undefined, faults?: Faults) {
  const real = version === '1.2' ? new Scorm12API({ logLevel: 5 }) : new Scorm2004API({ logLevel: 5 });
  if (seed) real.loadFromJSON(seed);
  const recorder = recordLms(version, real, faults);
  return { real, recorder, cmi: () => (real.renderCMIToJSONObject() as { cmi: Cmi }).cmi };
}

function runtime(version: Version, api: object) {
  const problems: RuntimeProblem[] = [];
  const rt = new ScormRuntime(version, { api: api as Record<string, unknown>, retryDelaysMs: [5, 10], finishOnPageHide: false });
  rt.onProblem = (p) => problems.push(p);
  return { rt, problems };
}

/** Drives a runtime like the element would: answers with a save after each, then results and steps. */
async function takeAssessment(rt: ScormRuntime, model: Model, from: number, to: number, earlier: Progress | undefined, complete: boolean) {
  const { responses, records } = scriptedAnswers(model, to);
  let progress = earlier;
  for (let i = from; i < to; i++) {
    await rt.answered(records[i]!);
    progress = { assessment: assessmentState(model, responses.slice(0, i + 1)), stepsDone: [], location: `item:${i + 1}`, fraction: (i + 1) / model.items.length };
    await rt.save(progress);
  }
  if (complete) {
    const plan = fullPlan(model);
    await rt.completed(scriptedResults(model, responses), plan);
    progress = { ...progress!, location: 'results', fraction: 1 };
    await rt.save(progress);
  }
  return { progress: progress!, responses };
}

/** Resume data as an LMS would hand it back on the next launch. */
function relaunch(cmi: Cmi, version: Version): Cmi {
  return version === '1.2' ? { ...cmi, core: { ...(cmi.core as Cmi), entry: 'resume' } } : { ...cmi, entry: 'resume' };
}

const get = (cmi: Cmi, path: string): unknown => path.split('.').reduce<unknown>((v, key) => (v as Cmi | undefined)?.[key], cmi);

for (const version of ['1.2', '2004'] as const) {
  describe(`SCORM ${version} runtime with scorm-again`, () => {
    test('a whole assessment and pathway: strict values, results, objectives, interactions', async () => {
      const { recorder, cmi } = lms(version, undefined);
      const { rt, problems } = runtime(version, recorder.api);
      const context = await rt.start(largest);
      assert.equal(context.mode, 'normal');
      assert.equal(context.resume, undefined);
      assert.equal(context.masteryScore, 0.6, 'the model’s pass mark applies when the LMS gives none');
      const { progress, responses } = await takeAssessment(rt, largest, 0, largest.items.length, undefined, true);
      // One commit per milestone, not one per answer.
      const commits = recorder.calls.filter((c) => /Commit$/.test(c.method)).length;
      assert.ok(commits <= largest.items.length / 4, `${commits} commits for ${largest.items.length} answers`);
      for (const module of largest.modules) await rt.stepProgress({ module: module.id, status: 'done', timestamp: '2024-03-06T10:00:00.000Z' });
      await rt.finish('finished');

      assert.deepEqual(strictViolations(version, recorder.sets()), []);
      assert.deepEqual(problems, []);
      const data = cmi();
      const results = scriptedResults(largest, responses);
      const assessed = results.competencies.filter((c) => c.responses > 0).length;
      assert.equal(Object.keys(get(data, 'objectives') as Cmi).length, assessed);
      assert.equal(Object.keys(get(data, 'interactions') as Cmi).length, largest.items.length);
      const suspend = get(data, 'suspend_data') as string;
      assert.ok(suspend.length <= 4096, `suspend data is ${suspend.length} characters`);
      const decoded = await decodeProgress(suspend, largest);
      assert.equal(decoded.progress.assessment, progress.assessment);
      assert.deepEqual(new Set(decoded.progress.stepsDone), new Set(largest.modules.map((m) => m.id)));
      const expected = results.overall.score >= 0.6 ? 'passed' : 'failed';
      if (version === '1.2') {
        assert.equal(get(data, 'core.lesson_status'), expected);
        assert.equal(get(data, 'core.score.raw'), String(Math.round(results.overall.score * 10_000) / 100));
        assert.equal(get(data, 'core.exit'), '', 'everything done: a normal exit');
      } else {
        assert.equal(get(data, 'completion_status'), 'completed');
        assert.equal(get(data, 'success_status'), expected);
        assert.equal(get(data, 'exit'), 'normal');
        const objective = (get(data, 'objectives') as Record<string, Cmi>)['0']!;
        assert.match(String(objective.id), /^https:\/\/.+\/competencies\//);
        assert.match(String(objective.description), /^\{lang=en\}/);
        const interaction = (get(data, 'interactions') as Record<string, Cmi>)['0']!;
        assert.equal(interaction.type, 'likert');
        assert.equal(interaction.result, 'neutral');
      }
      const terminations = recorder.calls.filter((c) => /^(LMSFinish|Terminate)$/.test(c.method));
      assert.equal(terminations.length, 1);
      assert.equal(recorder.calls.at(-1)!.method, version === '1.2' ? 'LMSFinish' : 'Terminate');
    });

    test('a relaunch resumes exactly where the learner left, and appends new answers', async () => {
      const first = lms(version, undefined);
      const a = runtime(version, first.recorder.api);
      await a.rt.start(largest);
      const half = 20;
      const { progress } = await takeAssessment(a.rt, largest, 0, half, undefined, false);
      await a.rt.finish('suspended');
      const saved = first.cmi();
      assert.equal(get(saved, version === '1.2' ? 'core.exit' : 'exit'), 'suspend');

      const second = lms(version, relaunch(saved, version));
      const b = runtime(version, second.recorder.api);
      const context = await b.rt.start(largest);
      assert.deepEqual(context.resume, progress);
      await takeAssessment(b.rt, largest, half, largest.items.length, context.resume, true);
      await b.rt.finish('finished');
      assert.deepEqual(strictViolations(version, second.recorder.sets()), []);
      assert.deepEqual([...a.problems, ...b.problems], []);
      assert.equal(Object.keys(get(second.cmi(), 'interactions') as Cmi).length, largest.items.length, 'earlier answers kept, new ones appended');
    });

    test('LMS faults (failed commits, refused SetValue) lose no progress and are surfaced', async () => {
      const fails = new Set([2, 3, 4]);
      const faults: Faults = {
        fail: (method, element, count) => (method === 'commit' ? fails.has(count) : element === 'cmi.suspend_data' && count % 3 === 0),
      };
      const { recorder, cmi } = lms(version, undefined, faults);
      const { rt, problems } = runtime(version, recorder.api);
      await rt.start(largest);
      const { progress } = await takeAssessment(rt, largest, 0, 30, undefined, false);
      await new Promise((resolve) => setTimeout(resolve, 30));
      await rt.finish('suspended');
      assert.ok(problems.length > 0, 'the failures were surfaced');
      assert.ok(problems.every((p) => p.recoverable), JSON.stringify(problems));
      assert.ok(problems.some((p) => /Commit/.test(p.message)));
      const decoded = await decodeProgress(get(cmi(), 'suspend_data') as string, largest);
      assert.deepEqual(decoded.progress, progress, 'the LMS holds the newest progress');
      assert.deepEqual(strictViolations(version, recorder.sets()), []);
    });

    test('browse and review launches record nothing', async () => {
      for (const mode of ['browse', 'review']) {
        const seed = version === '1.2' ? { core: { lesson_mode: mode } } : { mode };
        const { recorder } = lms(version, seed);
        const { rt } = runtime(version, recorder.api);
        const context = await rt.start(tiny);
        assert.equal(context.mode, mode);
        await takeAssessment(rt, tiny, 0, tiny.items.length, undefined, true);
        await rt.finish('finished');
        assert.deepEqual(recorder.sets(), [], `${mode}: nothing written`);
      }
    });

    test('no credit: progress and scores, but no pass or fail', async () => {
      const { recorder, cmi } = lms(version, version === '1.2' ? { core: { credit: 'no-credit' } } : { credit: 'no-credit' });
      const { rt } = runtime(version, recorder.api);
      await rt.start(tiny);
      await takeAssessment(rt, tiny, 0, tiny.items.length, undefined, true);
      await rt.finish('finished');
      const values = recorder.sets().map((s) => s.value);
      assert.ok(!values.includes('passed') && !values.includes('failed'));
      if (version === '1.2') assert.equal(get(cmi(), 'core.lesson_status'), 'completed');
      else assert.equal(get(cmi(), 'success_status'), 'unknown');
    });

    test('the LMS mastery score overrides the model’s pass mark', async () => {
      const { recorder } = lms(version, version === '1.2' ? { student_data: { mastery_score: '95' } } : { scaled_passing_score: '0.95' });
      const { rt } = runtime(version, recorder.api);
      const context = await rt.start(largest);
      assert.equal(context.masteryScore, 0.95);
      await takeAssessment(rt, largest, 0, 3, undefined, true);
      await rt.finish('finished');
      const status = recorder.sets().find((s) => s.element === (version === '1.2' ? 'cmi.core.lesson_status' : 'cmi.success_status') && s.value !== 'incomplete');
      assert.equal(status?.value, 'failed', 'a scripted score below 0.95 fails');
    });

    test('a state over the LMS limit is reported and never replaces the last good one', async () => {
      const { recorder, cmi } = lms(version, undefined);
      const { rt, problems } = runtime(version, recorder.api);
      await rt.start(tiny);
      const good: Progress = { assessment: 'state-1', stepsDone: [], location: 'item:1' };
      await rt.save(good);
      // Incompressible ASCII, longer than either limit once encoded.
      let seed = 1;
      const noise = Array.from({ length: 90_000 }, () => String.fromCharCode(33 + ((seed = (Math.imul(seed, 48271) >>> 0) % 2147483647) % 90))).join('');
      await rt.save({ assessment: noise, stepsDone: [], location: 'item:2' });
      await rt.finish('suspended');
      const kept = (await decodeProgress(get(cmi(), 'suspend_data') as string, tiny)).progress;
      assert.ok(kept.assessment === 'state-1' && kept.location === 'item:1', 'the last good progress is still in the LMS');
      assert.equal(problems.length, 1);
      assert.match(problems[0]!.message, /too large for this LMS/);
      assert.equal(problems[0]!.recoverable, false);
    });

    test('Finish keeps the attempt open (suspend) while pathway steps are left', async () => {
      const { recorder } = lms(version, undefined);
      const { rt } = runtime(version, recorder.api);
      await rt.start(tiny);
      await takeAssessment(rt, tiny, 0, tiny.items.length, undefined, true);
      await rt.stepProgress({ module: tiny.modules[0]!.id, status: 'done', timestamp: '2024-03-06T10:00:00.000Z' });
      await rt.finish('finished');
      assert.equal(recorder.sets().find((s) => /exit$/.test(s.element))?.value, 'suspend');
    });

    test('descriptions are in the learner’s language when the model has it, labelled with the language used', async () => {
      const bilingual: Model = {
        ...tiny,
        languages: ['en', 'de'],
        competencies: tiny.competencies.map((c) => ({ ...c, title: { en: `EN ${c.id}`, de: `DE ${c.id}` } })),
      };
      for (const [preferred, expected] of [['de-CH', '{lang=de}DE '], ['fr', '{lang=en}EN ']] as const) {
        const seed = version === '1.2' ? { student_preference: { language: preferred } } : { learner_preference: { language: preferred } };
        const { recorder } = lms(version, seed);
        const { rt } = runtime(version, recorder.api);
        const context = await rt.start(bilingual);
        assert.equal(context.language, preferred);
        await takeAssessment(rt, bilingual, 0, bilingual.items.length, undefined, true);
        await rt.finish('suspended');
        if (version === '2004') {
          const descriptions = recorder.sets().filter((s) => /^cmi\.objectives\.\d+\.description$/.test(s.element));
          assert.ok(descriptions.length > 0);
          for (const d of descriptions) assert.ok(d.value.startsWith(expected), d.value);
        }
      }
    });

    test('an unreadable saved state is reported and the assessment starts again', async () => {
      const seed = version === '1.2' ? { suspend_data: 'garbage', core: { entry: 'resume' } } : { suspend_data: 'garbage', entry: 'resume' };
      const { recorder } = lms(version, seed);
      const { rt, problems } = runtime(version, recorder.api);
      const context = await rt.start(tiny);
      assert.equal(context.resume, undefined);
      assert.match(problems[0]?.message ?? '', /not written by Pathway/);
      await rt.finish('suspended');
    });

    test('tampered suspend data never locks the learner out: reported, a copy kept, the next save replaces it', async () => {
      const tampered = 'pw1j["item:1",0.1,"x","A",[],"p1.x"]';
      const seed = version === '1.2' ? { suspend_data: tampered, core: { entry: 'resume' } } : { suspend_data: tampered, entry: 'resume' };
      const { recorder, cmi } = lms(version, seed);
      const { rt, problems } = runtime(version, recorder.api);
      const context = await rt.start(tiny);
      assert.equal(context.resume, undefined);
      assert.match(problems[0]?.message ?? '', /corrupted.*starts again/);
      const copy = version === '1.2' ? get(cmi(), 'comments') : get(cmi(), 'comments_from_learner.0.comment');
      assert.match(String(copy), /pw1j\["item:1"/, 'the unreadable data is kept where the LMS allows');
      const { progress } = await takeAssessment(rt, tiny, 0, 1, undefined, false);
      await rt.finish('suspended');
      assert.deepEqual((await decodeProgress(get(cmi(), 'suspend_data') as string, tiny)).progress, progress);
      assert.deepEqual(strictViolations(version, recorder.sets()), []);
    });
  });
}

test('a SCORM 1.2 LMS without interactions (401) is told once and not asked again', async () => {
  const { recorder, cmi } = lms('1.2', undefined, { fail: (method, element) => method === 'set' && /^cmi\.interactions\./.test(element ?? ''), code: '401' });
  const { rt, problems } = runtime('1.2', recorder.api);
  await rt.start(tiny);
  const { progress } = await takeAssessment(rt, tiny, 0, tiny.items.length, undefined, true);
  await rt.finish('suspended');
  assert.equal(recorder.sets().filter((s) => s.element.startsWith('cmi.interactions.')).length, 1, 'one attempt only');
  assert.equal(problems.length, 1);
  assert.match(problems[0]!.message, /does not record interactions/);
  assert.equal(problems[0]!.recoverable, true);
  assert.deepEqual((await decodeProgress(get(cmi(), 'suspend_data') as string, tiny)).progress, progress);
});

test('without an LMS API, start fails with a clear message', async () => {
  const rt = new ScormRuntime('2004', { finishOnPageHide: false });
  await assert.rejects(rt.start(tiny), /No SCORM 2004 LMS was found \(window\.API_1484_11/);
});
