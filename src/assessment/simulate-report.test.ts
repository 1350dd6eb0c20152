// What a simulation report says about its own run (simulate.ts `simulate`), on the tiny model with a
// handful of learners: the model, roles, observers and settings it names, the modes it ran, the items,
// minutes and stop reasons it counts, and the option overrides it applies. Expectations come from the
// options given and the model; the whole-population figures are simulate.test.ts's (left out of the
// mutation run). Models are parsed at load; no engine code runs before the tests.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { requireModel } from '../model/load.js';
import type { Model } from '../model/types.js';
import { DEFAULT_DECISION } from './decision.js';
import { DEFAULT_SETTINGS } from './config.js';
import { OFF_MODEL, ON_MODEL, simulate } from './simulate.js';

const tiny = requireModel(readFileSync('test/fixtures/tiny-model.json', 'utf8'));
const engineer = requireModel(readFileSync('demo/models/software-engineer.json', 'utf8'));

describe('a simulation report', () => {
  it('names the model, roles, observers and settings it ran with', () => {
    const r = simulate(tiny, { learners: 3, seed: 5, currentRole: 'member', modes: ['fixed'], observers: { manager: 1 } });
    assert.deepEqual(r.model, { id: tiny.id, version: tiny.version });
    assert.deepEqual([r.learners, r.seed], [3, 5]);
    assert.equal(r.roles, 'member → lead');
    assert.equal(simulate(tiny, { learners: 1, currentRole: 'lead', modes: ['fixed'] }).roles, 'lead');
    assert.equal(simulate(tiny, { learners: 1, currentRole: 'member', targetRole: 'member', modes: ['fixed'] }).roles, 'member → member');
    assert.match(simulate(tiny, { learners: 1, modes: ['fixed'] }).roles, /random/);
    assert.deepEqual(r.observers, { manager: 1, peer: 0 });
    assert.deepEqual(r.settings.decision, { meets: DEFAULT_DECISION.meets, below: DEFAULT_DECISION.below });
    assert.deepEqual([r.settings.selfLeniency, r.settings.confidence], [DEFAULT_SETTINGS.selfLeniency, DEFAULT_SETTINGS.confidence]);
    assert.equal(r.settings.onModel, false);
    assert.deepEqual(r.settings.setting, OFF_MODEL);
    assert.equal(r.seed, 5);
    assert.equal(simulate(tiny, { learners: 1, modes: ['fixed'] }).seed, 1, 'the default seed');
    // The model's own settings.
    const strict = { ...tiny, assessment: { ...tiny.assessment, selfLeniency: 0.1, confidence: 0.9, decision: { meets: 0.7, below: 0.1 } } } as Model;
    assert.deepEqual(simulate(strict, { learners: 1, modes: ['fixed'] }).settings.decision, { meets: 0.7, below: 0.1 });
    assert.deepEqual([simulate(strict, { learners: 1, modes: ['fixed'] }).settings.selfLeniency, simulate(strict, { learners: 1, modes: ['fixed'] }).settings.confidence], [0.1, 0.9]);
  });

  it('says whether it ran on the engine’s own assumptions', () => {
    assert.equal(simulate(tiny, { learners: 1, modes: ['fixed'], setting: ON_MODEL }).settings.onModel, true);
    assert.equal(simulate(tiny, { learners: 1, modes: ['fixed'], setting: structuredClone(ON_MODEL) }).settings.onModel, true);
    assert.equal(simulate(tiny, { learners: 1, modes: ['fixed'], setting: { ...ON_MODEL, itemNoise: 1 } }).settings.onModel, false);
    assert.equal(simulate(tiny, { learners: 1, modes: ['fixed'], setting: ON_MODEL, itemNoise: 0.5 }).settings.itemNoise, 0.5);
  });

  it('runs the modes asked, both by default, and counts every learner once per mode', () => {
    const both = simulate(tiny, { learners: 4, seed: 2, currentRole: 'member' });
    assert.deepEqual(both.modes.map((m) => m.mode), ['adaptive', 'fixed']);
    const fixed = both.modes[1]!;
    // The fixed form: every item of tiny, and their nominal minutes.
    assert.deepEqual(fixed.items, { mean: tiny.items.length, p95: tiny.items.length, max: tiny.items.length });
    const stops = (m: typeof fixed) => Object.values(m.stopReasons).reduce((s, n) => s + n!, 0);
    assert.equal(stops(fixed), 4);
    assert.equal(stops(both.modes[0]!), 4);
    assert.ok(fixed.minutes.mean > 0 && fixed.minutes.mean === fixed.minutes.p95);
    // Self-report and the rest add up to the items asked.
    assert.ok(Math.abs(fixed.sources.selfReport + fixed.sources.other - tiny.items.length) < 1e-9);
    assert.ok(fixed.sources.selfReport > 0 && fixed.sources.other > 0);
    assert.ok(fixed.stateChars > 10);
  });

  it('applies the item and time limits given to the adaptive sessions', () => {
    const r = simulate(engineer, { learners: 3, seed: 4, currentRole: 'software-engineer', modes: ['adaptive'], maxItems: 4 });
    assert.ok(r.modes[0]!.items.max <= 4 && r.modes[0]!.items.max >= 1);
    assert.deepEqual(r.modes[0]!.stopReasons, { 'max-items': 3 });
    const timed = simulate(engineer, { learners: 3, seed: 4, currentRole: 'software-engineer', modes: ['adaptive'], maxMinutes: 1 });
    assert.ok(timed.modes[0]!.minutes.mean <= 1 + 1e-9, `${timed.modes[0]!.minutes.mean}`);
  });

  it('counts the observers’ items: one form per manager and per peer', () => {
    const r = simulate(tiny, { learners: 2, seed: 3, currentRole: 'member', modes: ['fixed'], observers: { manager: 1, peer: 2 } });
    const m = r.modes[0]!;
    const managerForm = tiny.items.filter((i) => (i.raters ?? ['self', 'manager', 'peer']).includes('manager')).length;
    assert.ok(m.observerItems.manager > 0 && m.observerItems.peer > 0);
    assert.ok(m.observerItems.manager <= managerForm);
    assert.deepEqual(simulate(tiny, { learners: 2, seed: 3, currentRole: 'member', modes: ['fixed'] }).modes[0]!.observerItems, { manager: 0, peer: 0 });
  });
});
