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

describe('with roles', () => {
  /** θ from which a level counts on a five-level scale spaced 1 apart, centred (docs/model-format.md). */
  const boundary5 = (level: number): number => level - 1.5 - 2;

  it('classifies against the current role and the role it leads to, with their weights and critical flags', () => {
    const bank = bankFor(tiny);
    const config = resolveConfig(tiny, bank, { currentRole: 'member' });
    // `member` names `lead` as its next role: the default target.
    assert.equal(config.targetRole, 'lead');
    const listening = bank.competencyIndex.get('listening')!;
    const feedback = bank.competencyIndex.get('feedback')!;
    assert.deepEqual(config.inPlay, [listening, feedback]);
    assert.deepEqual(config.thresholds[listening], [
      { slot: 'current', role: 'member', level: 3, theta: boundary5(3), weight: 2, critical: true },
      { slot: 'target', role: 'lead', level: 4, theta: boundary5(4), weight: 2, critical: true },
    ]);
    // A requirement without weight or critical flag: weight 1, not critical.
    assert.deepEqual(config.thresholds[feedback], [
      { slot: 'current', role: 'member', level: 2, theta: boundary5(2), weight: 1, critical: false },
      { slot: 'target', role: 'lead', level: 4, theta: boundary5(4), weight: 3, critical: false },
    ]);
    // A target given explicitly replaces the default, and a target alone is allowed.
    const leadOnly = resolveConfig(tiny, bank, { targetRole: 'lead' });
    assert.equal(leadOnly.currentRole, undefined);
    assert.deepEqual(leadOnly.thresholds[feedback]!.map((t) => [t.slot, t.level]), [['target', 4]]);
  });

  it('names the option that holds an unknown role', () => {
    assert.match(refusal(tiny, { currentRole: 'captain' }).message, /^current role "captain"/);
    assert.match(refusal(tiny, { currentRole: 'member', targetRole: 'captain' }).message, /^target role "captain"/);
  });

  it('accepts an opaque rater id and keeps it', () => {
    for (const raterId of ['m', 'mgr-0042', 'A_b-9'.padEnd(64, 'x')]) {
      assert.equal(resolveConfig(tiny, bankFor(tiny), { rater: 'manager', raterId }).raterId, raterId);
    }
    assert.equal(refusal(tiny, { raterId: 'x'.repeat(65) }).code, 'invalid-option');
    assert.equal(refusal(tiny, { raterId: 'ann@example.com' }).code, 'invalid-option');
  });

  it("takes every setting from the model's assessment section, and the documented default for each left out", () => {
    const settings = {
      mode: 'fixed',
      maxItems: 9,
      maxMinutes: 2.5,
      minItemsPerCompetency: 2,
      maxItemsPerCompetency: 4,
      confidence: 0.9,
      decision: { meets: 0.7, below: 0.35 },
      targetSD: 0.4,
      selfLeniency: 0.1,
      minPeers: 5,
      allowNotObserved: false,
      seed: 7,
    } as const;
    const own = resolveConfig({ ...tiny, assessment: settings } as Model, bankFor({ ...tiny, assessment: settings } as Model));
    assert.deepEqual(
      [own.mode, own.maxItems, own.maxSeconds, own.minItems, own.maxPerCompetency, own.confidence, own.decision, own.targetSD, own.selfLeniency, own.minPeers, own.allowNotObserved, own.seed],
      ['fixed', 9, 150, 2, 4, 0.9, { meets: 0.7, below: 0.35 }, 0.4, 0.1, 5, false, 7],
    );
    // docs/assessment.md, "Settings": the defaults.
    const none = { ...tiny, assessment: undefined } as unknown as Model;
    const defaults = resolveConfig(none, bankFor(none));
    assert.deepEqual(
      [defaults.mode, defaults.maxItems, defaults.maxSeconds, defaults.minItems, defaults.maxPerCompetency, defaults.confidence, defaults.decision, defaults.targetSD, defaults.selfLeniency, defaults.minPeers, defaults.allowNotObserved, defaults.seed],
      ['adaptive', 30, Number.POSITIVE_INFINITY, 1, 6, 0.95, { meets: 0.8, below: 0.2 }, 0.3, 0.3, 3, true, 0],
    );
    // A decision section giving one threshold keeps the default of the other.
    const half = { ...tiny, assessment: { decision: { meets: 0.9 } } } as unknown as Model;
    assert.deepEqual(resolveConfig(half, bankFor(half)).decision, { meets: 0.9, below: 0.2 });
  });

  it('scores both sides of a forced choice that touches a competency in play, in competency order, and no other', () => {
    // Eight more competencies, then one required alone by a role, with a forced choice against the first
    // added (listed second in the pair): indices 10 and 2, whose order as text differs from their order as
    // numbers. The tiny model's own forced choice (feedback against listening) touches nothing in play.
    const indicators = (id: string) => [1, 2, 3, 4, 5].map((level) => ({ level, text: `${id} at ${level}` }));
    const extra = Array.from({ length: 8 }, (_, k) => ({ id: `extra-${k}`, title: `Extra ${k}`, description: 'Filler.', indicators: indicators(`extra-${k}`) }));
    const model = {
      ...tiny,
      competencies: [...tiny.competencies, ...extra, { id: 'coaching', title: 'Coaching', description: 'Helps others grow.', indicators: indicators('coaching') }],
      roles: [...tiny.roles, { id: 'coach', title: 'Coach', requirements: [{ competency: 'coaching', level: 3 }] }],
      items: [
        ...tiny.items,
        {
          id: 'c-fc-1',
          type: 'forced-choice',
          competency: 'coaching',
          options: [
            { text: 'I ask questions that help people find their own answer.', level: 3 },
            { text: 'I say what I would do.', level: 3, competency: 'extra-0' },
          ],
        },
      ],
    } as Model;
    const bank = bankFor(model);
    const coaching = bank.competencyIndex.get('coaching')!;
    const other = bank.competencyIndex.get('extra-0')!;
    assert.deepEqual(bank.items[bank.itemIndex.get('c-fc-1')!]!.pair, [10, 2]);
    assert.deepEqual([coaching, other], [10, 2]);
    const config = resolveConfig(model, bank, { currentRole: 'coach' });
    assert.deepEqual(config.inPlay, [coaching]);
    assert.deepEqual(config.scored, [other, coaching]);
  });
});
