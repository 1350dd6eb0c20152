import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { simulate } from '../assessment/simulate.js';
import { validateModel } from '../model/load.js';
import type { Item, Model } from '../model/types.js';
import { coverageReport } from './coverage.js';
import { draftItems } from './draft.js';
import { baseForm, observerStem, selfStem } from './wording.js';

const load = (name: string): Model => JSON.parse(readFileSync(new URL(`../../demo/models/${name}.json`, import.meta.url), 'utf8')) as Model;

/** A framework as imported from CASE or Moodle: indicators, roles, no observer wording anywhere. */
function withoutObserverWording(model: Model): Model {
  const items = model.items
    .filter((i) => i.type === 'frequency' || i.type === 'anchored' || i.type === 'situational')
    .map((i) => {
      const { observerStem: _o, raters: _r, ...rest } = i as Item & { observerStem?: unknown };
      return rest as Item;
    });
  return { ...model, items };
}

describe('draft-items', () => {
  for (const name of ['customer-success', 'people-leader', 'software-engineer']) {
    it(`drafts items for ${name} that validate, one frequency item per indicator, no situational keys`, () => {
      const model = load(name);
      const { model: drafted, added } = draftItems(model);
      const result = validateModel(drafted);
      assert.ok(result.ok, result.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
      const indicators = model.competencies.reduce((n, c) => n + c.indicators.length, 0);
      assert.equal(added.filter((i) => i.type === 'frequency').length, indicators);
      assert.ok(added.every((i) => i.type === 'frequency' || i.type === 'anchored'));
      assert.ok(added.every((i) => (i.extensions?.['draft'] as { status: string }).status === 'review'));
      assert.ok(added.every((i) => 'observerStem' in i && i.observerStem !== undefined));
      // Running it again drafts nothing new.
      assert.equal(draftItems(drafted).added.length, 0);
    });
  }

  it('gives peers a non-empty form where there was none, and simulate shows their evidence', () => {
    const bare = withoutObserverWording(load('software-engineer'));
    assert.ok(validateModel(bare).ok);
    const options = { learners: 6, seed: 3, modes: ['adaptive' as const], observers: { peer: 3 } };
    const before = simulate(bare, options).modes[0]!;
    assert.equal(before.observerItems.peer, 0, 'without observer wording peers answer nothing');
    const drafted = draftItems(bare).model;
    const after = simulate(drafted, options).modes[0]!;
    assert.ok(after.observerItems.peer > 5, `peers answered ${after.observerItems.peer} items`);
    const coverageBefore = coverageReport(bare);
    const coverageAfter = coverageReport(drafted);
    assert.deepEqual(coverageBefore.noObserverItems.length, coverageBefore.competencies.length);
    assert.deepEqual(coverageAfter.noObserverItems, []);
  });

  it('estimates fewer items needed, never more, when items are added', () => {
    const model = withoutObserverWording(load('people-leader'));
    const before = coverageReport(model).competencies;
    const after = coverageReport(draftItems(model).model).competencies;
    for (const [k, b] of before.entries()) {
      const a = after[k]!;
      assert.equal(a.competency, b.competency);
      if (b.itemsNeeded !== null) assert.ok(a.itemsNeeded !== null && a.itemsNeeded <= b.itemsNeeded, `${b.competency}: ${b.itemsNeeded} → ${a.itemsNeeded}`);
      assert.ok(a.selfItems > b.selfItems);
    }
  });

  it('words indicators for the learner and for observers', () => {
    assert.deepEqual(['gives', 'tries', 'coaches', 'has', 'asks', 'misses'].map(baseForm), ['give', 'try', 'coach', 'have', 'ask', 'miss']);
    assert.equal(selfStem('Gives specific feedback and asks for their own blind spots.', true), 'How often do you give specific feedback and ask for your own blind spots?');
    assert.equal(observerStem('Gives specific feedback and asks for their own blind spots.', true), 'How often does this person give specific feedback and ask for their own blind spots?');
    assert.equal(selfStem('Gibt konkretes Feedback.', false), 'Gibt konkretes Feedback.');
    assert.match(selfStem('Comfortable with ambiguity.', true), /^How often does this describe you: “Comfortable with ambiguity.”\?$/);
  });
});
