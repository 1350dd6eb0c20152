// Session options resolved against the model (config.ts): which options are refused and what the
// refusal names, and what an assessment without a role measures. Expectations come from the options'
// documented ranges (docs/assessment.md, "Settings") and the scale's level boundaries, not from the code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import type { Model } from '../model/types.js';
import { bankFor } from './bank.js';
import { resolveConfig } from './config.js';
import { OptionsError } from './errors.js';
import type { AssessmentOptions } from './types.js';

// Parsed at load (plain JSON, no engine code); banks are built in hooks or tests (docs/testing.md).
const tiny = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Model;

/** The refusal an option gets: its code and message (fails when the option is accepted). */
function refusal(model: Model, options: AssessmentOptions): { code: string; message: string } {
  try {
    resolveConfig(model, bankFor(model), options);
  } catch (error) {
    assert.ok(error instanceof OptionsError, `an OptionsError, got ${String(error)}`);
    return { code: error.code, message: error.message };
  }
  assert.fail(`accepted ${JSON.stringify(options)}`);
}

describe('options refused, and what the refusal names', () => {
  it('a rater other than self, manager or peer', () => {
    const { code, message } = refusal(tiny, { rater: 'coach' as never });
    assert.equal(code, 'invalid-option');
    assert.match(message, /rater "coach"/);
  });

  it('a mode other than adaptive or fixed', () => {
    const { code, message } = refusal(tiny, { mode: 'random' as never });
    assert.equal(code, 'invalid-option');
    assert.match(message, /mode "random"/);
  });

  it('a seed that is not a whole number', () => {
    const { code, message } = refusal(tiny, { seed: 2.5 });
    assert.equal(code, 'invalid-option');
    assert.match(message, /seed .*2\.5/);
  });

  it('maxMinutes outside (0, 10000], and not refused inside', () => {
    for (const maxMinutes of [0, -1, 10_000.5, Number.NaN]) {
      const { code, message } = refusal(tiny, { maxMinutes });
      assert.equal(code, 'invalid-option', `maxMinutes ${maxMinutes}`);
      assert.match(message, new RegExp(`maxMinutes.*${String(maxMinutes).replace('.', '\\.')}`));
    }
    for (const maxMinutes of [0.5, 10_000]) {
      const config = resolveConfig(tiny, bankFor(tiny), { maxMinutes });
      assert.equal(config.maxSeconds, Math.round(maxMinutes * 60));
    }
  });

  it('maxItems that is not a whole number from 1 to 100000, and not refused inside', () => {
    for (const maxItems of [0, -3, 1.5, 100_001, Number.NaN]) {
      const { code, message } = refusal(tiny, { maxItems });
      assert.equal(code, 'invalid-option', `maxItems ${maxItems}`);
      assert.match(message, new RegExp(`maxItems.*${String(maxItems).replace('.', '\\.')}`));
    }
    for (const maxItems of [1, 30, 100_000]) {
      const config = resolveConfig(tiny, bankFor(tiny), { maxItems });
      assert.equal(config.maxItems, maxItems);
      assert.equal(config.maxItemsOverride, maxItems);
    }
  });

  it('an unknown role, naming the roles the model has', () => {
    for (const options of [{ currentRole: 'captain' }, { currentRole: 'member', targetRole: 'captain' }]) {
      const { code, message } = refusal(tiny, options);
      assert.equal(code, 'unknown-role');
      assert.match(message, /"captain"/);
      assert.match(message, /roles: member, lead\)/);
    }
  });
});

describe('without a role', () => {
  // The tiny model plus a competency no item measures, and one with a two-level scale of its own.
  let model: Model;
  before(() => {
    const indicators = (id: string, levels: number[]) => levels.map((level) => ({ level, text: `${id} at ${level}` }));
    model = {
      ...tiny,
      competencies: [
        ...tiny.competencies,
        { id: 'unmeasured', title: 'Unmeasured', description: 'No item measures it.', indicators: indicators('unmeasured', [1, 2, 3, 4, 5]) },
        {
          id: 'binary',
          title: 'Binary',
          description: 'Shown or not.',
          scale: { levels: [{ level: 1, label: 'Not yet', meaning: 'Not yet' }, { level: 2, label: 'Shown', meaning: 'Shown' }] },
          indicators: indicators('binary', [1, 2]),
        },
      ],
      items: [...tiny.items, { id: 'b-ev-1', competency: 'binary', type: 'evidence', task: 'Show it.', rubric: [{ level: 1, text: 'Not shown' }, { level: 2, text: 'Shown' }] }],
    } as Model;
  });

  /** θ from which a level counts: (index − ½ − centre) on a scale spaced 1 apart (docs/model-format.md). */
  const boundary = (levels: number, index: number): number => index - 0.5 - (levels - 1) / 2;

  it('measures every competency the form covers, against every level boundary of its scale', () => {
    const bank = bankFor(model);
    const config = resolveConfig(model, bank, {});
    const listening = bank.competencyIndex.get('listening')!;
    const feedback = bank.competencyIndex.get('feedback')!;
    const binary = bank.competencyIndex.get('binary')!;
    assert.deepEqual(config.inPlay, [listening, feedback, binary]);
    assert.equal(config.currentRole, undefined);
    assert.equal(config.targetRole, undefined);
    // Five levels: four boundaries, each weighing a quarter, none critical.
    for (const c of [listening, feedback]) {
      assert.deepEqual(
        config.thresholds[c],
        [2, 3, 4, 5].map((level, k) => ({ slot: 'level', level, theta: boundary(5, k + 1), weight: 0.25, critical: false })),
      );
    }
    // Two levels: one boundary, of weight 1.
    assert.deepEqual(config.thresholds[binary], [{ slot: 'level', level: 2, theta: boundary(2, 1), weight: 1, critical: false }]);
    assert.deepEqual(config.thresholds[bank.competencyIndex.get('unmeasured')!], []);
  });

  it("leaves out competencies the rater's form does not cover", () => {
    // Only self answers these two competencies' items here; a manager's form then covers `binary` alone.
    const selfOnly = { ...model, items: model.items.map((i) => (i.competency === 'binary' ? i : { ...i, raters: ['self'] })) } as Model;
    const bank = bankFor(selfOnly);
    const config = resolveConfig(selfOnly, bank, { rater: 'manager' });
    assert.deepEqual(config.inPlay, [bank.competencyIndex.get('binary')!]);
  });
});
