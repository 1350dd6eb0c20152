// Author guidance: each warning appears for the model defect it names, says what is needed, and
// the sample models (written to be copied) get none.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { authorGuidance } from './guidance.js';
import { requireModel } from './load.js';
import type { Item, Model } from './types.js';

// Parsed, not validated, at load: validating here would run the validator outside any test, and the
// mutation run would then need a fresh process for each of its mutants (model.test.ts checks it is valid).
const tiny = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Model;
const messages = (model: Model): string[] => authorGuidance(model).map((p) => `${p.path}: ${p.message}`);

describe('author guidance', () => {
  it('asks for three items that are not self-ratings per required competency', () => {
    const warnings = messages(tiny).filter((m) => m.includes('not self-ratings'));
    assert.deepEqual(warnings.map((m) => m.split(':')[0]), ['competencies[0]', 'competencies[1]']);
    assert.match(warnings[0]!, /has 2 items .* add 1 more/);
    // Two more situational items on listening settle it for listening.
    const sjt = tiny.items.find((i) => i.type === 'situational')!;
    const more: Model = { ...tiny, items: [...tiny.items, { ...sjt, id: 'l-sjt-2' }, { ...sjt, id: 'l-sjt-3' }] as Item[] };
    assert.ok(!messages(more).some((m) => m.startsWith('competencies[0]')));
  });

  it('names items without observer wording, and a model where raters have nothing to answer', () => {
    assert.ok(messages(tiny).some((m) => m.startsWith('items[1]: item "l-anch-1" has no observer wording')));
    const none: Model = { ...tiny, items: tiny.items.map((i) => ({ ...i, observerStem: undefined })) as Item[] };
    const warnings = messages(none);
    assert.ok(warnings.some((m) => m.startsWith('items: no frequency or anchored item has observer wording') && m.includes('peers get an empty form') && m.includes('managers only confirm 1 work sample')), warnings.join('\n'));
  });

  it('warns about a requirement at the lowest level: always met', () => {
    const lowest: Model = { ...tiny, roles: tiny.roles.map((r, k) => (k === 0 ? { ...r, requirements: r.requirements.map((q, n) => (n === 1 ? { ...q, level: 1 } : q)) } : r)) };
    assert.ok(messages(lowest).some((m) => m.startsWith('roles[0].requirements[1].level: role "member" requires the lowest level (1) of "feedback"')));
    assert.ok(!messages(tiny).some((m) => m.includes('lowest level')));
  });

  it('says how many items and minutes the competencies a role requires need', () => {
    const tight: Model = { ...tiny, assessment: { ...tiny.assessment, maxItems: 1, maxMinutes: 0.2 } };
    const warnings = messages(tight);
    assert.ok(warnings.some((m) => m.startsWith('assessment.maxItems: maxItems 1 is below the 2 items role "member" (with its next role "lead") needs')), warnings.join('\n'));
    assert.ok(warnings.some((m) => m.startsWith('assessment.maxMinutes: maxMinutes 0.2 is below the 1 minutes')), warnings.join('\n'));
    const short: Model = { ...tiny, assessment: { ...tiny.assessment, maxItems: 4 } };
    assert.ok(messages(short).some((m) => m.includes('maxItems 4 allows fewer than 3 items for each of the 2 competencies') && m.includes('about 6 items are needed')));
  });

  it('has nothing to say about the sample models', () => {
    for (const file of readdirSync('demo/models').filter((f) => f.endsWith('.json'))) {
      assert.deepEqual(messages(requireModel(readFileSync(`demo/models/${file}`, 'utf8'))), [], file);
    }
  });
});
