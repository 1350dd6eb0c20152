// The checks that need the whole model (docs/model-format.md, "Validation"): each defect gives one
// problem of its kind, at the path of the field to fix, as an error or a warning; unknown ids suggest
// the id meant. Small models built in code, one change each.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evidenceItems, scaleLevels, smallModel, translated } from '../../test/support/small-model.js';
import type { Problem } from './problems.js';
import { checkReferences } from './references.js';
import type { Item, Model } from './types.js';

/** severity kind path, one string per problem. */
const found = (model: Model): string[] => checkReferences(model).map((p) => `${p.severity} ${p.kind} ${p.path}`);
const only = (model: Model): Problem => {
  const problems = checkReferences(model);
  assert.equal(problems.length, 1, JSON.stringify(problems));
  return problems[0]!;
};
const withItems = (...items: Item[]): Model => {
  const model = smallModel();
  model.items.push(...items);
  return model;
};

describe('references: the small model', () => {
  it('has nothing to report', () => {
    assert.deepEqual(checkReferences(smallModel()), []);
  });
});

describe('references: scales', () => {
  it('refuses levels out of order or repeated, at the later level', () => {
    const model = smallModel();
    model.scale = { levels: scaleLevels([1, 3, 2]) };
    const problem = only(model);
    assert.equal(`${problem.severity} ${problem.kind} ${problem.path}`, 'error level scale.levels[2].level');
    assert.match(problem.message, /2 follows 3/);
    model.scale = { levels: scaleLevels([1, 2, 2]) };
    assert.deepEqual(found(model).filter((p) => p.includes('scale')), ['error level scale.levels[2].level']);
    model.scale = { levels: scaleLevels([1, 2, 3]) };
    assert.deepEqual(found(model), []);
  });

  it('checks a competency’s own scale and measures its levels on it', () => {
    const model = smallModel();
    model.competencies[0]!.scale = { levels: scaleLevels([0, 10, 5]) };
    model.competencies[0]!.indicators = [0, 10, 5].map((level) => ({ level, text: 't' }));
    model.roles[0]!.requirements[0]!.level = 10;
    model.items[0] = { ...model.items[0]!, level: 10 } as Item;
    model.modules[0]!.develops[0]!.to = 10;
    assert.deepEqual(found(model), ['error level competencies[0].scale.levels[2].level']);
    model.roles[0]!.requirements[0]!.level = 2;
    const problems = checkReferences(model);
    assert.deepEqual(problems.map((p) => p.path), ['competencies[0].scale.levels[2].level', 'roles[0].requirements[0].level']);
    assert.match(problems[1]!.message, /level 2 is not on the scale of "listening" \(expected one of 0, 10, 5\)/);
  });
});

describe('references: duplicate ids', () => {
  it('measures levels on the scale of the first competency of a duplicated id', () => {
    const model = smallModel();
    model.competencies.push({ ...model.competencies[0]!, scale: { levels: scaleLevels([0, 10]) }, indicators: [{ level: 0, text: 'x' }, { level: 10, text: 'y' }] });
    model.roles[0]!.requirements[0]!.level = 10;
    // (The coverage warning takes the last competency of the id: a model with a duplicate is invalid anyway.)
    assert.deepEqual(found(model), ['error duplicate competencies[2].id', 'error level roles[0].requirements[0].level', 'warning coverage competencies[2]']);
  });

  it('names the duplicate, its noun and where the id was first used', () => {
    const model = smallModel();
    model.groups = [{ id: 'g', title: 'G' }, { id: 'g', title: 'G2' }];
    model.competencies.push({ ...model.competencies[1]! });
    model.roles.push({ ...model.roles[0]! });
    model.items.push({ ...model.items[1]! });
    model.modules.push({ ...model.modules[0]! });
    const duplicates = checkReferences(model).filter((p) => p.kind === 'duplicate');
    assert.deepEqual(
      duplicates.map((p) => [p.severity, p.path, p.detail]),
      [
        ['error', 'groups[1].id', { code: 'duplicate-id', noun: 'group', id: 'g', first: 'groups[0]' }],
        ['error', 'competencies[2].id', { code: 'duplicate-id', noun: 'competency', id: 'feedback', first: 'competencies[1]' }],
        ['error', 'roles[1].id', { code: 'duplicate-id', noun: 'role', id: 'member', first: 'roles[0]' }],
        ['error', 'items[2].id', { code: 'duplicate-id', noun: 'item', id: 'f1', first: 'items[1]' }],
        ['error', 'modules[1].id', { code: 'duplicate-id', noun: 'module', id: 'course', first: 'modules[0]' }],
      ],
    );
    assert.match(duplicates[1]!.message, /duplicate competency id "feedback" \(first used at competencies\[1\]\)/);
  });

  it('counts a third use against the first, not the second', () => {
    const model = smallModel();
    model.modules.push({ ...model.modules[0]! }, { ...model.modules[0]! });
    assert.deepEqual(
      checkReferences(model).map((p) => [p.path, p.detail && 'first' in p.detail ? p.detail.first : undefined]),
      [
        ['modules[1].id', 'modules[0]'],
        ['modules[2].id', 'modules[0]'],
      ],
    );
  });
});

describe('references: unknown ids', () => {
  it('suggests the id meant, and leaves the suggestion out when nothing is close', () => {
    const model = smallModel();
    model.roles[0]!.requirements[0]!.competency = 'listning';
    model.roles[0]!.requirements[1]!.competency = 'zzz';
    const problems = checkReferences(model).filter((p) => p.kind === 'reference');
    assert.deepEqual(
      problems.map((p) => [p.severity, p.path, p.detail]),
      [
        ['error', 'roles[0].requirements[0].competency', { code: 'unknown-reference', noun: 'competency', id: 'listning', suggestion: 'listening' }],
        ['error', 'roles[0].requirements[1].competency', { code: 'unknown-reference', noun: 'competency', id: 'zzz' }],
      ],
    );
    assert.match(problems[0]!.message, /refers to unknown competency "listning" \(did you mean "listening"\?\)/);
    assert.doesNotMatch(problems[1]!.message, /did you mean/);
    assert.match(problems[1]!.message, /unknown competency "zzz"/);
  });

  it('shares one suggestion budget per validation, and each validation starts with a full one', () => {
    // 3,000 competencies with 20-letter ids: each misspelt reference costs about 1.33 million of the
    // 5 million cells (suggest.ts), so the first three get suggestions and the later ones do not.
    const model = smallModel();
    const template = model.competencies[0]!;
    const id = (i: number): string => `competency-${String(i).padStart(9, '0')}`;
    model.competencies = Array.from({ length: 3000 }, (_, i) => ({ ...template, id: id(i) }));
    model.roles = model.roles.slice(0, 1).map((r) => ({ ...r, next: undefined, requirements: [0, 500, 1000, 1500, 2000, 2500].map((i) => ({ competency: `${id(i).slice(0, -1)}x`, level: 3 })) })) as Model['roles'];
    model.items = [];
    model.modules = [];
    const suggestions = (): (string | undefined)[] =>
      checkReferences(model)
        .filter((p) => p.detail?.code === 'unknown-reference')
        .map((p) => (p.detail as { suggestion?: string }).suggestion);
    const first = suggestions();
    assert.equal(first.length, 6);
    assert.deepEqual(first.slice(0, 3), [id(0), id(500), id(1000)]);
    assert.deepEqual(first.slice(3), [undefined, undefined, undefined]);
    assert.deepEqual(suggestions(), first, 'the next validation has the whole budget again');
  });

  it('checks groups, related competencies, next roles, prerequisites and revisits', () => {
    const model = smallModel();
    model.groups = [{ id: 'team', title: 'Team' }];
    model.competencies[0]!.group = 'teem';
    model.competencies[1]!.group = 'team';
    model.competencies[0]!.related = [{ competency: 'feedbak', correlation: 0.5 }, { competency: 'feedback', correlation: 0.4 }];
    model.roles[0]!.next = 'lead';
    model.modules.push({ ...model.modules[0]!, id: 'practice', prerequisites: ['cours', 'course'], revisits: 'corse' });
    assert.deepEqual(
      checkReferences(model).map((p) => [`${p.severity} ${p.kind} ${p.path}`, p.detail]),
      [
        ['error reference competencies[0].group', { code: 'unknown-reference', noun: 'group', id: 'teem', suggestion: 'team' }],
        ['error reference competencies[0].related[0].competency', { code: 'unknown-reference', noun: 'competency', id: 'feedbak', suggestion: 'feedback' }],
        ['error reference roles[0].next', { code: 'unknown-reference', noun: 'role', id: 'lead' }],
        ['error reference modules[1].prerequisites[0]', { code: 'unknown-reference', noun: 'module', id: 'cours', suggestion: 'course' }],
        ['error reference modules[1].revisits', { code: 'unknown-reference', noun: 'module', id: 'corse', suggestion: 'course' }],
      ],
    );
  });

  it('refuses links to itself: related competency, next role, prerequisite, revisit', () => {
    const model = smallModel();
    model.competencies[0]!.related = [{ competency: 'listening', correlation: 0.5 }];
    model.roles[0]!.next = 'member';
    model.modules[0]!.prerequisites = ['course'];
    model.modules[0]!.revisits = 'course';
    const problems = checkReferences(model);
    assert.deepEqual(
      problems.map((p) => `${p.severity} ${p.kind} ${p.path}`),
      ['error reference competencies[0].related[0].competency', 'error reference roles[0].next', 'error cycle modules[0].prerequisites[0]', 'error reference modules[0].revisits'],
    );
    assert.ok(problems.every((p) => p.message.length > 0 && p.detail === undefined));
  });

  it('accepts links to other, known parts', () => {
    const model = smallModel();
    model.competencies[0]!.related = [{ competency: 'feedback', correlation: 0.5 }];
    model.roles.push({ id: 'lead', title: 'Lead', requirements: [{ competency: 'listening', level: 3 }] });
    model.roles[0]!.next = 'lead';
    model.modules.push({ ...model.modules[0]!, id: 'practice', prerequisites: ['course'], revisits: 'course' });
    assert.deepEqual(found(model), []);
  });
});

describe('references: levels', () => {
  it('checks indicators, and warns about scale levels without an indicator', () => {
    const model = smallModel();
    model.competencies[0]!.indicators = [{ level: 1, text: 'a' }, { level: 4, text: 'b' }];
    const problems = checkReferences(model);
    assert.deepEqual(
      problems.map((p) => `${p.severity} ${p.kind} ${p.path}`),
      ['error level competencies[0].indicators[1].level', 'warning coverage competencies[0].indicators'],
    );
    assert.match(problems[0]!.message, /level 4 is not on the scale \(expected one of 1, 2, 3\)/);
    assert.match(problems[1]!.message, /no behavioural indicator for levels 2, 3:/);
    model.competencies[0]!.indicators = [{ level: 1, text: 'a' }, { level: 3, text: 'b' }];
    assert.match(only(model).message, /no behavioural indicator for level 2:/);
  });

  it('checks requirement, item and module levels against the scale', () => {
    const model = smallModel();
    model.roles[0]!.requirements[0]!.level = 4;
    model.items[0] = { ...model.items[0]!, level: 0 } as Item;
    model.modules[0]!.develops[0] = { competency: 'listening', from: 5, to: 4 };
    assert.deepEqual(found(model), [
      'error level roles[0].requirements[0].level',
      'error level items[0].level',
      'error level modules[0].develops[0].to',
      'error level modules[0].develops[0].from',
      'error level modules[0].develops[0].from',
    ]);
  });

  it('wants "from" below "to"', () => {
    const model = smallModel();
    model.modules[0]!.develops[0] = { competency: 'listening', from: 2, to: 2 };
    const problem = checkReferences(model).find((p) => p.path === 'modules[0].develops[0].from');
    assert.equal(problem?.kind, 'level');
    assert.match(problem!.message, /from 2 to 2/);
    model.modules[0]!.develops[0] = { competency: 'listening', from: 3, to: 2 };
    assert.ok(found(model).includes('error level modules[0].develops[0].from'));
    model.modules[0]!.develops[0] = { competency: 'listening', from: 2, to: 3 };
    assert.deepEqual(found(model), []);
  });

  it('checks nothing more about a reference to an unknown competency', () => {
    const model = smallModel();
    model.roles[0]!.requirements[0] = { competency: 'nobody', level: 99 };
    model.items[0] = { ...model.items[0]!, competency: 'nobody', level: 99 } as Item;
    model.modules[0]!.develops[0] = { competency: 'nobody', from: 98, to: 99 };
    assert.deepEqual(found(model), ['error reference roles[0].requirements[0].competency', 'error reference items[0].competency', 'error reference modules[0].develops[0].competency']);
  });

  it('reports a competency required twice by one role, at the second requirement', () => {
    const model = smallModel();
    model.roles[0]!.requirements.push({ competency: 'listening', level: 3 });
    const problem = only(model);
    assert.equal(`${problem.kind} ${problem.path}`, 'duplicate roles[0].requirements[2].competency');
    assert.match(problem.message, /"listening" is already required at roles\[0\]\.requirements\[0\]/);
  });
});

describe('references: items that cannot be scored', () => {
  const anchored = (levels: number[]): Item => ({ id: 'a1', type: 'anchored', competency: 'listening', stem: 'S', options: levels.map((level) => ({ text: `o${level}`, level })) });
  const evidence = (levels: number[]): Item => ({ id: 'e1', type: 'evidence', competency: 'listening', task: 'T', rubric: levels.map((level) => ({ text: `r${level}`, level })) });
  const situational = (effectiveness: number[], format: 'best' | 'most-least' = 'best'): Item => ({
    id: 's1',
    type: 'situational',
    competency: 'listening',
    scenario: 'S',
    format,
    options: effectiveness.map((e) => ({ text: `o${e}`, effectiveness: e })),
  });

  it('anchored: options at two or more levels, each on the scale', () => {
    assert.deepEqual(found(withItems(anchored([1, 3]))), []);
    assert.deepEqual(found(withItems(anchored([2, 2]))), ['error scoring items[2].options']);
    assert.match(only(withItems(anchored([2, 2]))).message, /every option maps to the same level/);
    assert.deepEqual(found(withItems(anchored([1, 4]))), ['error level items[2].options[1].level']);
  });

  it('evidence: rubric entries at two or more levels, each on the scale', () => {
    assert.deepEqual(found(withItems(evidence([1, 3]))), []);
    assert.deepEqual(found(withItems(evidence([3, 3]))), ['error scoring items[2].rubric']);
    assert.match(only(withItems(evidence([3, 3]))).message, /every rubric entry has the same level/);
    assert.deepEqual(found(withItems(evidence([0, 3]))), ['error level items[2].rubric[0].level']);
  });

  it('levels of an item with an unknown competency are not checked', () => {
    const item = anchored([1, 7]);
    assert.deepEqual(found(withItems({ ...item, competency: 'nobody' } as Item)), ['error reference items[2].competency']);
    assert.deepEqual(found(withItems({ ...evidence([1, 7]), competency: 'nobody' } as Item)), ['error reference items[2].competency']);
  });

  it('situational: a key that tells options apart; "most-least" needs three options', () => {
    assert.deepEqual(found(withItems(situational([2, 4]))), []);
    assert.deepEqual(found(withItems(situational([3, 3]))), ['error scoring items[2].options']);
    assert.match(only(withItems(situational([3, 3]))).message, /every option has the same expert effectiveness/);
    const twoOptions = checkReferences(withItems(situational([2, 4], 'most-least')));
    assert.deepEqual(twoOptions.map((p) => `${p.kind} ${p.path}`), ['scoring items[2].options']);
    assert.match(twoOptions[0]!.message, /"most-least" with 2 options \(expected at least 3\)/);
    assert.deepEqual(found(withItems(situational([2, 3, 4], 'most-least'))), []);
  });

  it('forced choice: one side about the item’s competency, and the two sides different', () => {
    const fc = (options: { level: number; competency?: string }[], competency = 'listening'): Item =>
      ({ id: 'fc', type: 'forced-choice', competency, options: options.map((o, i) => ({ text: `o${i}`, ...o })) }) as Item;
    assert.deepEqual(found(withItems(fc([{ level: 2 }, { level: 2, competency: 'feedback' }]))), []);
    assert.deepEqual(found(withItems(fc([{ level: 1 }, { level: 3 }]))), []);
    assert.deepEqual(found(withItems(fc([{ level: 2, competency: 'feedback' }, { level: 2 }]))), []);
    assert.deepEqual(found(withItems(fc([{ level: 2 }, { level: 2 }]))), ['error scoring items[2].options']);
    assert.deepEqual(found(withItems(fc([{ level: 2 }, { level: 2, competency: 'listening' }]))), ['error scoring items[2].options']);
    const neither = checkReferences(withItems(fc([{ level: 2, competency: 'feedback' }, { level: 3, competency: 'feedback' }])));
    assert.deepEqual(neither.map((p) => `${p.kind} ${p.path}`), ['scoring items[2].options']);
    assert.match(neither[0]!.message, /neither option describes the item's competency "listening"/);
  });

  it('forced choice: each side’s level is checked on its own competency’s scale', () => {
    const model = withItems({ id: 'fc', type: 'forced-choice', competency: 'listening', options: [{ text: 'a', level: 3 }, { text: 'b', level: 10, competency: 'feedback' }] } as Item);
    model.competencies[1]!.scale = { levels: scaleLevels([0, 10]) };
    model.competencies[1]!.indicators = [{ level: 0, text: 'x' }, { level: 10, text: 'y' }];
    model.roles[0]!.requirements[1]!.level = 10;
    model.items[1] = { ...model.items[1]!, level: 10 } as Item;
    model.modules[0]!.develops[1]!.to = 10;
    assert.deepEqual(found(model), []);
    (model.items[2] as { options: { level: number }[] }).options[0]!.level = 10;
    (model.items[2] as { options: { level: number }[] }).options[1]!.level = 3;
    assert.deepEqual(found(model), ['error level items[2].options[0].level', 'error level items[2].options[1].level']);
  });

  it('forced choice: an unknown competency on a side is a reference error, with no level check', () => {
    const model = withItems({ id: 'fc', type: 'forced-choice', competency: 'listening', options: [{ text: 'a', level: 3 }, { text: 'b', level: 77, competency: 'feedbak' }] } as Item);
    const problems = checkReferences(model);
    assert.deepEqual(problems.map((p) => `${p.kind} ${p.path}`), ['reference items[2].options[1].competency']);
    assert.deepEqual(problems[0]!.detail, { code: 'unknown-reference', noun: 'competency', id: 'feedbak', suggestion: 'feedback' });
  });
});

describe('references: IRT thresholds', () => {
  const irt = (item: Item, b: number[]): Item => ({ ...item, id: 'x', irt: { b } }) as Item;
  const frequency = smallModel().items[0]!;

  it('wants one threshold fewer than the response categories', () => {
    // The default frequency scale has five answers: four thresholds.
    assert.deepEqual(found(withItems(irt(frequency, [-1, 0, 1, 2]))), []);
    const three = checkReferences(withItems(irt(frequency, [-1, 0, 1])));
    assert.deepEqual(three.map((p) => `${p.kind} ${p.path}`), ['scoring items[2].irt.b']);
    assert.match(three[0]!.message, /expected 4 thresholds for 5 response categories, got 3/);
    // An own frequency scale of three labels: two thresholds.
    const model = withItems(irt(frequency, [-1, 1]));
    model.frequencyScale = ['Never', 'Sometimes', 'Always'];
    assert.deepEqual(found(model), []);
    // Anchored: one category per distinct level; forced choice: two categories.
    const anchoredItem: Item = { id: 'a1', type: 'anchored', competency: 'listening', stem: 'S', options: [1, 2, 2, 3].map((level) => ({ text: 't', level })) };
    assert.deepEqual(found(withItems(irt(anchoredItem, [-1, 1]))), []);
    assert.deepEqual(found(withItems(irt(anchoredItem, [-1, 0, 1]))), ['error scoring items[2].irt.b']);
    const fc: Item = { id: 'fc', type: 'forced-choice', competency: 'listening', options: [{ text: 'a', level: 2 }, { text: 'b', level: 2, competency: 'feedback' }] };
    const one = checkReferences(withItems(irt(fc, [0, 1])));
    assert.match(one[0]!.message, /expected 1 threshold for 2 response categories, got 2/);
    assert.deepEqual(found(withItems(irt(fc, [0.5]))), []);
    const ev: Item = evidenceItems('listening', 1)[0]!;
    assert.deepEqual(found(withItems(irt(ev, [0]))), []);
    assert.deepEqual(found(withItems(irt(ev, [0, 1]))), ['error scoring items[2].irt.b']);
  });

  it('leaves the count of a situational item’s thresholds to the engine, but wants them ascending', () => {
    const sjt: Item = { id: 's1', type: 'situational', competency: 'listening', scenario: 'S', format: 'best', options: [1, 3, 5].map((e) => ({ text: 't', effectiveness: e })) };
    assert.deepEqual(found(withItems(irt(sjt, [0]))), []);
    assert.deepEqual(found(withItems(irt(sjt, [-2, -1, 0, 1, 2, 3]))), []);
    assert.deepEqual(found(withItems(irt(sjt, [0, 0]))), ['error scoring items[2].irt.b[1]']);
  });

  it('reports the first threshold out of order only', () => {
    const problems = checkReferences(withItems(irt(frequency, [0, 2, 1, -1])));
    assert.deepEqual(problems.map((p) => `${p.kind} ${p.path}`), ['scoring items[2].irt.b[2]']);
    assert.match(problems[0]!.message, /1 follows 2/);
    assert.deepEqual(found(withItems({ ...frequency, id: 'x', irt: { a: 1.5 } } as Item)), []);
  });
});

describe('references: prerequisite cycles', () => {
  const modules = (links: Record<string, string[]>): Model => {
    const model = smallModel();
    const template = model.modules[0]!;
    model.modules = Object.entries(links).map(([id, prerequisites]) => ({ ...template, id, prerequisites }));
    return model;
  };

  it('reports a cycle once, at the module it closes on, with the path round it', () => {
    const problems = checkReferences(modules({ a: ['b'], b: ['c'], c: ['a'], d: ['a'] }));
    assert.deepEqual(problems.map((p) => `${p.severity} ${p.kind} ${p.path}`), ['error cycle modules[0].prerequisites']);
    assert.match(problems[0]!.message, /"a" → "b" → "c" → "a"/);
    const later = checkReferences(modules({ x: [], a: ['b'], b: ['a'] }));
    assert.deepEqual(later.map((p) => p.path), ['modules[1].prerequisites']);
  });

  it('finds a cycle entered from outside it, naming only the modules on it', () => {
    const problems = checkReferences(modules({ start: ['a'], a: ['b'], b: ['a'] }));
    assert.deepEqual(problems.map((p) => p.path), ['modules[1].prerequisites']);
    assert.match(problems[0]!.message, /cycle: "a" → "b" → "a"$/);
  });

  it('reports a cycle once even when a module lists the same prerequisite twice', () => {
    assert.deepEqual(found(modules({ a: ['b'], b: ['a', 'a'] })), ['error cycle modules[0].prerequisites']);
  });

  it('reports separate cycles separately, and a shared prerequisite is no cycle', () => {
    assert.equal(checkReferences(modules({ a: ['b'], b: ['a'], c: ['d'], d: ['c'] })).length, 2);
    assert.deepEqual(found(modules({ top: ['left', 'right'], left: ['base'], right: ['base'], base: [] })), []);
    assert.deepEqual(found(modules({ a: ['b', 'c'], b: ['c'], c: [] })), []);
  });
});

describe('references: settings', () => {
  it('wants minItemsPerCompetency at most maxItemsPerCompetency', () => {
    const model = smallModel();
    model.assessment = { minItemsPerCompetency: 3, maxItemsPerCompetency: 3 };
    assert.deepEqual(found(model), []);
    model.assessment = { minItemsPerCompetency: 4, maxItemsPerCompetency: 3 };
    assert.deepEqual(found(model), ['error setting assessment.minItemsPerCompetency']);
    assert.match(only(model).message, /expected at most maxItemsPerCompetency \(3\), got 4/);
    model.assessment = { minItemsPerCompetency: 4 };
    assert.deepEqual(found(model), []);
    model.assessment = { maxItemsPerCompetency: 1 };
    assert.deepEqual(found(model), []);
  });

  it('wants blend shares that add up to 1, within 0.01', () => {
    const model = smallModel();
    const blend = (experiential: number, social: number, formal: number): string[] => {
      model.planning = { blend: { experiential, social, formal } };
      return found(model);
    };
    assert.deepEqual(blend(0.7, 0.2, 0.1), []);
    assert.deepEqual(blend(0.705, 0.2, 0.1), []);
    assert.deepEqual(blend(0.695, 0.2, 0.1), []);
    assert.deepEqual(blend(0.72, 0.2, 0.1), ['error setting planning.blend']);
    assert.deepEqual(blend(0.68, 0.2, 0.1), ['error setting planning.blend']);
    assert.match(checkReferences(model)[0]!.message, /got 0\.98$/);
  });

  it('wants the default language among the listed languages', () => {
    const model = smallModel();
    model.languages = ['de'];
    assert.deepEqual(found(model), ['error setting languages']);
    assert.match(only(model).message, /"en"/);
    model.languages = ['en'];
    assert.deepEqual(found(model), []);
  });
});

describe('references: candidate delivery', () => {
  const delivery = (d: Model['delivery']): string[] => found({ ...smallModel(), delivery: d });

  it('allows plain http only to this machine', () => {
    for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '[::1]']) assert.deepEqual(delivery({ mode: 'candidate', candidateEndpoint: `http://${host}:8080/xapi/` }), [], host);
    assert.deepEqual(delivery({ mode: 'candidate', candidateEndpoint: 'http://localhost/xapi/' }), []);
    assert.deepEqual(delivery({ mode: 'candidate', candidateEndpoint: 'https://candidates.example.com/xapi/' }), []);
    assert.deepEqual(delivery({ mode: 'candidate', candidateEndpoint: 'http://candidates.example.com/xapi/' }), ['error setting delivery.candidateEndpoint']);
    assert.deepEqual(delivery({ mode: 'candidate', candidateEndpoint: 'http://localhost.example.com/xapi/' }), ['error setting delivery.candidateEndpoint']);
    assert.deepEqual(delivery({ mode: 'candidate', candidateEndpoint: 'http://[::2]/xapi/' }), ['error setting delivery.candidateEndpoint']);
  });

  it('refuses an endpoint outside candidate mode, and LMS settings it cannot honour', () => {
    assert.deepEqual(delivery({ candidateEndpoint: 'https://c.example.com/x' }), ['error setting delivery.candidateEndpoint']);
    assert.deepEqual(delivery({ mode: 'employee', candidateEndpoint: 'https://c.example.com/x' }), ['error setting delivery.candidateEndpoint']);
    assert.deepEqual(delivery({ mode: 'employee', moveOn: 'Passed', masteryScore: 0.8, auPerRole: true }), []);
    assert.deepEqual(delivery({ mode: 'candidate', moveOn: 'NotApplicable' }), []);
    assert.deepEqual(delivery({ mode: 'candidate', moveOn: 'Completed' }), ['error setting delivery.moveOn']);
    assert.deepEqual(delivery({ mode: 'candidate', masteryScore: 0 }), ['warning setting delivery.masteryScore']);
    assert.deepEqual(delivery({ mode: 'candidate', auPerRole: true }), ['warning setting delivery.auPerRole']);
    assert.match(only({ ...smallModel(), delivery: { mode: 'candidate', auPerRole: true } }).message, /not used in candidate mode/);
    assert.deepEqual(delivery({ mode: 'candidate', auPerRole: false }), []);
    assert.deepEqual(delivery({}), []);
  });
});

describe('references: coverage warnings', () => {
  it('names the roles that require a competency no item assesses', () => {
    const model = smallModel();
    model.items = model.items.filter((i) => i.competency !== 'feedback');
    model.roles.push({ id: 'lead', title: 'Lead', requirements: [{ competency: 'feedback', level: 3 }] });
    const problems = checkReferences(model);
    assert.deepEqual(problems.map((p) => `${p.severity} ${p.kind} ${p.path}`), ['warning coverage competencies[1]']);
    assert.match(problems[0]!.message, /"feedback" is required by roles "member", "lead" but no item assesses it/);
    model.roles.pop();
    assert.match(checkReferences(model)[0]!.message, /required by role "member" but/);
  });

  it('warns when no module reaches a required level, with the highest level modules reach', () => {
    const model = smallModel();
    model.roles[0]!.requirements[0]!.level = 3;
    model.modules[0]!.develops[0]!.to = 2;
    model.modules.push({ ...model.modules[0]!, id: 'other', develops: [{ competency: 'listening', to: 2 }] });
    model.roles.push({ id: 'lead', title: 'Lead', requirements: [{ competency: 'listening', level: 2 }] }, { id: 'head', title: 'Head', requirements: [{ competency: 'listening', level: 3 }] });
    const problems = checkReferences(model);
    assert.deepEqual(problems.map((p) => `${p.severity} ${p.kind} ${p.path}`), ['warning coverage competencies[0]']);
    assert.match(problems[0]!.message, /no module develops "listening" up to level 3 \(required by roles "member", "head"\); modules reach level 2$/);
  });

  it('takes the highest level any module reaches', () => {
    const model = smallModel();
    model.roles[0]!.requirements[0]!.level = 3;
    model.modules[0]!.develops[0]!.to = 2;
    model.modules.push({ ...model.modules[0]!, id: 'high', develops: [{ competency: 'listening', to: 3 }] }, { ...model.modules[0]!, id: 'low', develops: [{ competency: 'listening', to: 1 }] });
    assert.deepEqual(found(model), []);
  });

  it('keeps the highest level required, says when no module develops it at all, and ignores the lowest level', () => {
    const model = smallModel();
    model.modules[0]!.develops = [{ competency: 'listening', to: 3 }];
    model.roles.push({ id: 'lead', title: 'Lead', requirements: [{ competency: 'feedback', level: 3 }] });
    model.roles.push({ id: 'new', title: 'New', requirements: [{ competency: 'feedback', level: 1 }] });
    const problems = checkReferences(model);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /no module develops "feedback" up to level 3 \(required by roles "member", "lead"\); no module develops it at all$/);
    model.roles = [{ id: 'new', title: 'New', requirements: [{ competency: 'feedback', level: 1 }] }];
    assert.deepEqual(found(model), []);
  });

  it('takes the lowest level from the competency’s own scale', () => {
    const model = smallModel();
    model.competencies[1]!.scale = { levels: scaleLevels([2, 3]) };
    model.competencies[1]!.indicators = [{ level: 2, text: 'x' }, { level: 3, text: 'y' }];
    model.modules[0]!.develops = [{ competency: 'listening', to: 3 }];
    // feedback is required at 2, the lowest level of its own scale: nothing to close.
    assert.deepEqual(found(model), []);
  });

  it('skips requirements of unknown competencies', () => {
    const model = smallModel();
    model.roles[0]!.requirements.push({ competency: 'nobody', level: 3 });
    assert.deepEqual(found(model), ['error reference roles[0].requirements[2].competency']);
  });
});

describe('references: translations', () => {
  it('warns once per language only some texts have, unless it is declared', () => {
    const model = smallModel();
    model.title = { en: 'Small', fr: 'Petit' };
    model.competencies[0]!.title = { en: 'L', fr: 'É' };
    const problems = checkReferences(model);
    assert.deepEqual(problems.map((p) => `${p.severity} ${p.kind} ${p.path}`), ['warning style ']);
    // Texts: title, 3 × (label, meaning), 2 × (title, description, 3 indicators), role title, 2 × (stem, observer stem), module title, why, what, how.
    assert.match(problems[0]!.message, /^2 of 26 texts have a "fr" version, but the others do not/);
  });

  it('says nothing when every text has the language, or for the default language', () => {
    const model = smallModel();
    model.title = { fr: 'Petit' };
    // Only the title lacks "en", the default language: the default is not a partial translation.
    assert.ok(!checkReferences(model).some((p) => p.message.includes('"en" version')));
  });

  it('lists texts that lack a declared language, the first three of them', () => {
    const model = smallModel();
    model.languages = ['en', 'de'];
    model.title = { en: 'Small', de: 'Klein' };
    const problems = checkReferences(model);
    assert.deepEqual(problems.map((p) => `${p.severity} ${p.kind} ${p.path}`), ['warning style ']);
    assert.match(problems[0]!.message, /^25 texts lack a "de" translation \(e\.g\. scale\.levels\[0\]\.label, scale\.levels\[0\]\.meaning, scale\.levels\[1\]\.label\)/);
    const all = smallModel();
    all.languages = ['en', 'de'];
    const t = translated(all, ['en', 'de']);
    assert.deepEqual(found(t), []);
    t.frequencyScale = [{ en: 'Never', de: 'Nie' }, 'Sometimes', { en: 'Always', de: 'Immer' }];
    assert.match(only(t).message, /^1 text lacks a "de" translation \(e\.g\. frequencyScale\[1\]\)/);
    delete t.frequencyScale;
    t.modules[0]!.why = 'only English';
    const one = checkReferences(t);
    assert.match(one[0]!.message, /^1 text lacks a "de" translation \(e\.g\. modules\[0\]\.why\)/);
  });

  it('says nothing about an undeclared language every text has', () => {
    const model = translated(smallModel(), ['en', 'fr']);
    assert.deepEqual(found(model), []);
  });

  it('a single declared language asks for no translation', () => {
    const model = smallModel();
    model.languages = ['en'];
    assert.deepEqual(found(model), []);
  });
});
