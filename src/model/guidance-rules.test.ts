// Author guidance rule by rule on a small model built in code (guidance.test.ts covers the tiny fixture
// and the samples): each warning's kind and path, the counts it gives, and its thresholds exactly at
// and one past the edge. Guidance only ever warns.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evidenceItems, scaleLevels, smallModel } from '../../test/support/small-model.js';
import { authorGuidance, ITEMS_PER_DECISION, MIN_NON_SELF_ITEMS } from './guidance.js';
import type { Item, Model } from './types.js';

/** The small model with three work samples per competency: guidance has nothing to say about it. */
const quiet = (): Model => {
  const model = smallModel();
  model.items.push(...evidenceItems('listening'), ...evidenceItems('feedback'));
  return model;
};
const said = (model: Model): string[] => authorGuidance(model).map((p) => `${p.kind} ${p.path}`);
const text = (model: Model, path: string): string => authorGuidance(model).find((p) => p.path === path)?.message ?? '';

describe('guidance: evidence besides self-ratings', () => {
  it('is quiet about a model with enough of it, and only ever warns', () => {
    assert.equal(MIN_NON_SELF_ITEMS, 3);
    assert.deepEqual(authorGuidance(quiet()), []);
    assert.ok(authorGuidance(smallModel()).every((p) => p.severity === 'warning'));
  });

  it('counts items that are not self-ratings, per required competency', () => {
    const model = quiet();
    model.items = model.items.filter((i) => i.id !== 'feedback-ev0');
    assert.deepEqual(said(model), ['coverage competencies[1]']);
    assert.match(text(model, 'competencies[1]'), /^"feedback" is required by a role but has 2 items that are not self-ratings .* add 1 more:/);
    model.items = model.items.filter((i) => i.id !== 'feedback-ev1');
    assert.match(text(model, 'competencies[1]'), /has 1 item that is not self-ratings .* add 2 more:/);
    model.items = model.items.filter((i) => i.id !== 'feedback-ev2');
    assert.match(text(model, 'competencies[1]'), /has 0 items that are not self-ratings .* add 3 more:/);
  });

  it('does not count frequency or anchored items, but counts situational and forced-choice items', () => {
    const model = quiet();
    model.items = model.items.filter((i) => !i.id.startsWith('feedback-ev'));
    const anchored: Item = { id: 'fa', type: 'anchored', competency: 'feedback', stem: 'S', observerStem: 'O', options: [{ text: 'a', level: 1 }, { text: 'b', level: 3 }] };
    model.items.push(anchored, { ...model.items[1]!, id: 'f2' } as Item);
    assert.deepEqual(said(model), ['coverage competencies[1]']);
    const sjt: Item = { id: 'fs', type: 'situational', competency: 'feedback', scenario: 'S', format: 'best', options: [{ text: 'a', effectiveness: 1 }, { text: 'b', effectiveness: 5 }] };
    model.items.push(sjt, { ...sjt, id: 'fs2' } as Item);
    assert.match(text(model, 'competencies[1]'), /has 2 items/);
    // A forced choice counts for both competencies it describes.
    model.items.push({ id: 'fc', type: 'forced-choice', competency: 'listening', options: [{ text: 'a', level: 2 }, { text: 'b', level: 2, competency: 'feedback' }] });
    assert.deepEqual(said(model), []);
  });

  it('says nothing about competencies no role requires, nor about unknown ones', () => {
    const model = quiet();
    model.competencies.push({ ...model.competencies[0]!, id: 'spare' });
    model.roles[0]!.requirements.push({ competency: 'ghost', level: 1 });
    assert.deepEqual(said(model), []);
  });
});

describe('guidance: observer wording', () => {
  it('names the rating items without observer wording when others have it', () => {
    const model = quiet();
    model.items[1] = { ...model.items[1]!, observerStem: undefined } as Item;
    assert.deepEqual(said(model), ['coverage items[1]']);
    assert.match(text(model, 'items[1]'), /^item "f1" has no observer wording/);
  });

  it('leaves out items whose raters the author chose', () => {
    const model = quiet();
    model.items[1] = { ...model.items[1]!, observerStem: undefined, raters: ['self'] } as Item;
    assert.deepEqual(said(model), []);
  });

  it('warns once when no rating item has it, counting the work samples managers confirm', () => {
    const model = quiet();
    model.items = model.items.map((i) => ({ ...i, observerStem: undefined })) as Item[];
    assert.deepEqual(said(model), ['coverage items']);
    assert.match(text(model, 'items'), /peers get an empty form and managers only confirm 6 work samples:/);
    model.items = model.items.filter((i) => i.type !== 'evidence' || i.id === 'feedback-ev0');
    assert.match(text(model, 'items'), /managers only confirm 1 work sample:/);
    model.items = model.items.filter((i) => i.type !== 'evidence');
    assert.match(text(model, 'items'), /peers get an empty form and so do managers:/);
  });

  it('says nothing when there are no rating items at all', () => {
    const model = quiet();
    model.items = model.items.filter((i) => i.type === 'evidence');
    assert.deepEqual(said(model), []);
  });
});

describe('guidance: requirements always met', () => {
  it('warns about a requirement at the lowest level of the competency’s scale', () => {
    const model = quiet();
    model.roles[0]!.requirements[1]!.level = 1;
    assert.deepEqual(said(model), ['level roles[0].requirements[1].level']);
    assert.match(text(model, 'roles[0].requirements[1].level'), /^role "member" requires the lowest level \(1\) of "feedback"/);
  });

  it('takes the lowest level from the competency’s own scale, even listed out of order', () => {
    const model = quiet();
    model.competencies[1]!.scale = { levels: scaleLevels([5, 2, 9]) };
    model.roles[0]!.requirements[1]!.level = 2;
    assert.deepEqual(said(model), ['level roles[0].requirements[1].level']);
    model.roles[0]!.requirements[1]!.level = 5;
    assert.deepEqual(said(model), []);
  });
});

describe('guidance: item and time limits', () => {
  it('compares maxItems with the competencies of a role and its next role', () => {
    assert.equal(ITEMS_PER_DECISION, 3);
    const model = quiet();
    // Two competencies: at least 2 items, typically 6.
    model.assessment = { maxItems: 6 };
    assert.deepEqual(said(model), []);
    model.assessment = { maxItems: 5 };
    assert.deepEqual(said(model), ['setting assessment.maxItems']);
    assert.match(text(model, 'assessment.maxItems'), /^maxItems 5 allows fewer than 3 items for each of the 2 competencies role "member" requires: .* \(about 6 items are needed\)/);
    model.assessment = { maxItems: 2 };
    assert.match(text(model, 'assessment.maxItems'), /^maxItems 5|^maxItems 2 allows fewer/);
    model.assessment = { maxItems: 1 };
    assert.deepEqual(said(model), ['setting assessment.maxItems']);
    assert.match(text(model, 'assessment.maxItems'), /^maxItems 1 is below the 2 items role "member" needs to reach each of its 2 competencies once: .* \(about 6 items give decisions\)/);
  });

  it('uses 30 items when maxItems is not set, and minItemsPerCompetency when larger than one', () => {
    const model = quiet();
    const many = Array.from({ length: 10 }, (_, i) => ({ ...model.competencies[0]!, id: `c${i}` }));
    model.competencies.push(...many);
    model.roles[0]!.requirements.push(...many.map((c) => ({ competency: c.id, level: 2 })));
    // 12 competencies: typically 36 items, more than the default 30.
    assert.ok(said(model).includes('setting assessment.maxItems'));
    assert.match(text(model, 'assessment.maxItems'), /^maxItems 30 allows fewer than 3 items for each of the 12 competencies/);
    model.assessment = { maxItems: 36 };
    assert.ok(!said(model).includes('setting assessment.maxItems'));
    // At least minItemsPerCompetency each, and typically the larger of it and three.
    model.assessment = { maxItems: 30, minItemsPerCompetency: 2 };
    assert.match(text(model, 'assessment.maxItems'), /^maxItems 30 allows fewer .* \(about 36 items are needed\)/);
    model.assessment = { maxItems: 23, minItemsPerCompetency: 2 };
    assert.match(text(model, 'assessment.maxItems'), /^maxItems 23 is below the 24 items .* \(about 36 items give decisions\)/);
    model.assessment = { maxItems: 47, minItemsPerCompetency: 4 };
    assert.match(text(model, 'assessment.maxItems'), /^maxItems 47 is below the 48 items .* \(about 48 items give decisions\)/);
    model.assessment = { maxItems: 48, minItemsPerCompetency: 4 };
    assert.ok(!said(model).includes('setting assessment.maxItems'));
    model.assessment = { maxItems: 36, minItemsPerCompetency: 0 };
    assert.ok(!said(model).includes('setting assessment.maxItems'), 'minItemsPerCompetency 0 counts as 1');
  });

  it('names the next role where the assessment covers it, and counts its competencies', () => {
    const model = quiet();
    model.competencies.push({ ...model.competencies[0]!, id: 'strategy' });
    model.roles[0]!.next = 'lead';
    model.roles.push({ id: 'lead', title: 'Lead', requirements: [{ competency: 'listening', level: 3 }, { competency: 'strategy', level: 2 }] });
    model.assessment = { maxItems: 5 };
    const problems = authorGuidance(model).filter((p) => p.path === 'assessment.maxItems');
    assert.equal(problems.length, 2);
    assert.match(problems[0]!.message, /each of the 3 competencies role "member" \(with its next role "lead"\) requires: .* \(about 9 items are needed\)/);
    assert.match(problems[1]!.message, /each of the 2 competencies role "lead" requires/);
    model.roles[0]!.next = 'gone';
    assert.match(authorGuidance(model).find((p) => p.path === 'assessment.maxItems')!.message, /competencies role "member" requires/);
  });

  it('gives one warning for roles that hit a limit in the same words', () => {
    const model = quiet();
    model.roles.push({ ...model.roles[0]!, id: 'member' });
    model.assessment = { maxItems: 5 };
    assert.deepEqual(said(model), ['setting assessment.maxItems']);
  });

  it('compares maxMinutes with the quickest items of each competency', () => {
    const model = quiet();
    // Fastest items: a frequency item (20 s) and two work samples (240 s) each: 20 s once, 500 s to decide, per competency.
    model.assessment = { maxMinutes: 1000 / 60 };
    assert.deepEqual(said(model), []);
    model.assessment = { maxMinutes: 16 };
    assert.deepEqual(said(model), ['setting assessment.maxMinutes']);
    assert.match(text(model, 'assessment.maxMinutes'), /^maxMinutes 16 leaves fewer than 3 items for some of the 2 competencies role "member" requires: about 17 minutes are needed/);
    model.assessment = { maxMinutes: 40 / 60 };
    assert.match(text(model, 'assessment.maxMinutes'), /^maxMinutes 0\.6+ leaves fewer/);
    model.assessment = { maxMinutes: 0.75 };
    assert.match(text(model, 'assessment.maxMinutes'), /^maxMinutes 0\.75 leaves fewer/);
    model.assessment = { maxMinutes: 0.5 };
    assert.deepEqual(said(model), ['setting assessment.maxMinutes']);
    assert.match(text(model, 'assessment.maxMinutes'), /^maxMinutes 0\.5 is below the 1 minutes role "member" needs to ask one item on each of its 2 competencies: .* \(about 17 minutes give decisions\)/);
  });

  it('takes item seconds from the items, and counts a forced choice for both competencies', () => {
    const model = smallModel();
    model.items = [
      { ...model.items[0]!, seconds: 60 } as Item,
      { ...model.items[1]!, seconds: 120 } as Item,
      { id: 'fc', type: 'forced-choice', competency: 'listening', seconds: 30, options: [{ text: 'a', level: 2 }, { text: 'b', level: 2, competency: 'feedback' }] },
    ];
    // Once: 30 s + 30 s = 1 minute; to decide: (30 + 60) + (30 + 120) s = 4 minutes.
    model.assessment = { maxMinutes: 4 };
    assert.ok(!said(model).includes('setting assessment.maxMinutes'));
    model.assessment = { maxMinutes: 3.9 };
    assert.match(text(model, 'assessment.maxMinutes'), /about 4 minutes are needed/);
    model.assessment = { maxMinutes: 0.9 };
    assert.match(text(model, 'assessment.maxMinutes'), /is below the 1 minutes/);
  });

  it('a competency without items adds no time', () => {
    const model = quiet();
    model.items = model.items.filter((i) => i.competency === 'listening');
    // Listening only: 20 s once, 20 + 240 + 240 s to decide.
    model.assessment = { maxMinutes: 500 / 60 };
    assert.ok(!said(model).includes('setting assessment.maxMinutes'));
    model.assessment = { maxMinutes: 8 };
    assert.match(text(model, 'assessment.maxMinutes'), /about 9 minutes are needed/);
  });
});
