// The planner's index of a model (model-index.ts), worked out from the level layout (levels one θ
// apart, centred on the scale's middle): each module's pitch as a θ range, its modality, what it
// must come after, and which modules develop each competency — including the odd inputs the
// planner may meet in a model that was not validated (unknown ids, levels off the scale).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Model, Module } from '../model/types.js';
import { indexModel } from './model-index.js';
import { MODALITY_ORDER } from './settings.js';

const tiny = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Model;
/** θ of a person typical for level L on tiny's five-level scale (1…5 → −2…2). */
const theta = (level: number) => level - 3;

function withModules(modules: Partial<Module>[]): Model {
  const model = structuredClone(tiny);
  const template = tiny.modules[0]!;
  model.modules = modules.map((m) => ({ ...structuredClone(template), prerequisites: undefined, revisits: undefined, ...m }) as Module);
  for (const m of model.modules) for (const key of ['prerequisites', 'revisits'] as const) if (m[key] === undefined) delete m[key];
  return model;
}

describe('indexModel', () => {
  it("a module's pitch: from the lower edge of its `from` level's band to the typical person of its `to` level", () => {
    const model = withModules([
      { id: 'a', develops: [{ competency: 'listening', from: 2, to: 4 }] },
      { id: 'b', develops: [{ competency: 'feedback', to: 3 }] },
      { id: 'c', develops: [{ competency: 'listening', from: 9, to: 2 }] },
      { id: 'd', develops: [{ competency: 'feedback', from: 1, to: 7 }] },
      { id: 'e', develops: [{ competency: 'nobody', from: 1, to: 3 }, { competency: 'feedback', from: 3, to: 5 }] },
      { id: 'f', develops: [{ competency: 'feedback', to: 1 }] },
    ]);
    const index = indexModel(model);
    const effects = (m: number) => Array.from({ length: index.effStart[m + 1]! - index.effStart[m]! }, (_, k) => {
      const e = index.effStart[m]! + k;
      return [index.effCompetency[e], index.effLow[e], index.effHigh[e]];
    });
    const [listening, feedback] = [index.competencyIndex.get('listening')!, index.competencyIndex.get('feedback')!];
    assert.deepEqual(effects(0), [[listening, theta(2) - 0.5, theta(4)]]);
    assert.deepEqual(effects(1), [[feedback, theta(1) - 0.5, theta(3)]], 'no `from`: the lowest level');
    assert.deepEqual(effects(2), [[listening, theta(1) - 0.5, theta(2)]], '`from` off the scale: the lowest level');
    assert.deepEqual(effects(3), [[feedback, theta(1) - 0.5, theta(1) - 0.5]], '`to` off the scale: no reach beyond the start');
    assert.equal(effects(4).length, 2);
    assert.equal(effects(4)[0]![0], -1, 'an unknown competency is kept as −1');
    assert.deepEqual(effects(4)[1], [feedback, theta(3) - 0.5, theta(5)]);
    assert.deepEqual(effects(5), [[feedback, theta(1) - 0.5, theta(1)]], '`to` the lowest level: up to its typical person');
    assert.equal(index.effStart[5], 6);
    assert.deepEqual(index.modulesByCompetency[listening], [0, 2]);
    assert.deepEqual(index.modulesByCompetency[feedback], [1, 3, 4, 5]);
  });

  it('what a module must come after: its known prerequisites and the module it revisits, each once, never itself', () => {
    const model = withModules([
      { id: 'a' },
      { id: 'b', prerequisites: ['a', 'missing', 'b'] },
      { id: 'c', prerequisites: ['a'], revisits: 'a' },
      { id: 'd', revisits: 'b' },
      { id: 'e', revisits: 'e' },
      { id: 'f', revisits: 'missing', prerequisites: ['d', 'c'] },
    ]);
    const index = indexModel(model);
    assert.deepEqual(index.before, [[], [0], [0], [1], [], [3, 2]]);
  });

  it('minutes, modality and ids by index, cached per model object', () => {
    const index = indexModel(tiny);
    assert.equal(indexModel(tiny), index, 'the same object for the same model');
    assert.notEqual(indexModel(structuredClone(tiny)), index, 'a copy is indexed afresh');
    tiny.modules.forEach((m, i) => {
      assert.equal(index.moduleIndex.get(m.id), i);
      assert.equal(index.minutes[i], m.minutes);
      assert.ok(index.modality[i]! >= 0 && index.modality[i]! < MODALITY_ORDER.length);
    });
    const course = index.moduleIndex.get('listening-course')!;
    const coaching = index.moduleIndex.get('feedback-coaching')!;
    assert.notEqual(index.modality[course], index.modality[coaching], 'a course and coaching are different modalities');
    assert.deepEqual(index.competencyIds, tiny.competencies.map((c) => c.id));
  });
});
