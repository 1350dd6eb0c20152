import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { strictViolations } from '../../../lms-packages/testing/scorm-strict.js';
import { decide } from '../../assessment/decision.js';
import type { AssessmentResults, Response } from '../../assessment/types.js';
import type { Item, Model } from '../../model/types.js';
import { competencyDecision, competencyScore, interactionFor, interactionType, itemText, passDecision } from './mapping.js';

const root = new URL('../../../', import.meta.url);
const models = [
  ...readdirSync(new URL('demo/models/', root)).map((f) => `demo/models/${f}`),
  'test/fixtures/tiny-model.json',
].map((f) => JSON.parse(readFileSync(new URL(f, root), 'utf8')) as Model);

/** Every response an item can get (all choices, orders and ratings used by the scripted learner). */
function allResponses(model: Model, item: Item): Response[] {
  const base = { item: item.id };
  switch (item.type) {
    case 'frequency':
      return Array.from({ length: (model.frequencyScale ?? [1, 2, 3, 4, 5]).length }, (_, choice) => ({ ...base, choice }));
    case 'anchored':
      return item.options.map((_, choice) => ({ ...base, choice }));
    case 'evidence':
      return item.rubric.map((_, choice) => ({ ...base, choice, evidence: 'https://example.org/pr/1 and a note, with commas' }));
    case 'forced-choice':
      return [0, 1].map((choice) => ({ ...base, choice }));
    case 'situational':
      if (item.format === 'best') return item.options.map((_, choice) => ({ ...base, choice }));
      if (item.format === 'rate-each') return [1, 3, 5].map((r) => ({ ...base, ratings: item.options.map((_, i) => ((r + i) % 5) + 1) }));
      return item.options.flatMap((_, most) => item.options.flatMap((__, least) => (most === least ? [] : [{ ...base, most, least }])));
  }
}

describe('SCORM data mapping', () => {
  test('every response to every sample item becomes a token the strictest LMS accepts, in 1.2 and 2004', () => {
    let checked = 0;
    for (const model of models) {
      for (const item of model.items) {
        for (const response of [...allResponses(model, item), { item: item.id, notApplicable: true as const }]) {
          for (const version of ['1.2', '2004'] as const) {
            const data = interactionFor(model, item, response, version);
            if (response.notApplicable) {
              assert.equal(data.response, undefined);
              continue;
            }
            assert.ok(data.response, `${item.id} ${JSON.stringify(response)} has a response`);
            const field = version === '1.2' ? 'student_response' : 'learner_response';
            const calls = [
              { element: 'cmi.interactions.0.id', value: version === '1.2' ? item.id : `urn:x:${item.id}` },
              { element: 'cmi.interactions.0.type', value: data.type },
              { element: `cmi.interactions.0.${field}`, value: data.response! },
            ];
            assert.deepEqual(strictViolations(version, calls), [], `${item.id} ${JSON.stringify(response)}`);
            checked++;
          }
        }
      }
    }
    assert.ok(checked > 1000, `${checked} responses checked`);
  });

  test('types and tokens per item type', () => {
    const model = models.find((m) => m.items.some((i) => i.type === 'situational' && i.format === 'rate-each'))!;
    const find = (p: (i: Item) => boolean) => model.items.find(p)!;
    const frequency = find((i) => i.type === 'frequency');
    const best = find((i) => i.type === 'situational' && i.format === 'best');
    const mostLeast = find((i) => i.type === 'situational' && i.format === 'most-least');
    const rateEach = find((i) => i.type === 'situational' && i.format === 'rate-each');
    const forced = find((i) => i.type === 'forced-choice');
    assert.deepEqual(interactionFor(model, frequency, { item: frequency.id, choice: 3 }, '2004'), { type: 'likert', response: '4' });
    assert.deepEqual(interactionFor(model, frequency, { item: frequency.id, choice: 3 }, '1.2'), { type: 'likert', response: '4' });
    assert.deepEqual(interactionFor(model, best, { item: best.id, choice: 2 }, '2004'), { type: 'choice', response: 'c' });
    assert.deepEqual(interactionFor(model, forced, { item: forced.id, choice: 1 }, '1.2'), { type: 'choice', response: 'b' });
    assert.deepEqual(interactionFor(model, mostLeast, { item: mostLeast.id, most: 2, least: 0 }, '2004'), { type: 'sequencing', response: 'c[,]a' });
    assert.deepEqual(interactionFor(model, mostLeast, { item: mostLeast.id, most: 2, least: 0 }, '1.2'), { type: 'sequencing', response: 'c,a' });
    const ratings = (rateEach.type === 'situational' ? rateEach.options : []).map((_, i) => i + 1);
    assert.equal(interactionFor(model, rateEach, { item: rateEach.id, ratings }, '2004').response, ratings.map((r, i) => `${'abcdefgh'[i]}[.]${r}`).join('[,]'));
    assert.equal(interactionType(rateEach), 'matching');
    // Out-of-range answers give no token rather than an invalid one.
    assert.equal(interactionFor(model, frequency, { item: frequency.id, choice: 9 }, '2004').response, undefined);
    assert.equal(interactionFor(model, mostLeast, { item: mostLeast.id, most: 1, least: 1 }, '2004').response, undefined);
    assert.ok(itemText(best, 'en', 'en').length > 10);
  });

  const requirement = (pMeets: number, critical: boolean) => ({
    competency: `c${pMeets}-${critical}`,
    theta: 0,
    sd: 0.4,
    interval90: [0, 0] as [number, number],
    level: 3,
    levelInterval90: [0, 0] as [number, number],
    responses: 2,
    sources: {},
    current: { role: 'r', requiredLevel: 3, threshold: 0, pMeets, expectedShortfall: 0, weight: 1, critical, ...decide(pMeets) },
  });
  const results = (score: number, requirements: [number, boolean][] = []): AssessmentResults => ({
    format: 'pathway-results/1',
    model: { id: 'x', version: '1' },
    rater: 'self',
    completed: true,
    itemsAnswered: 1,
    competencies: requirements.map(([p, critical]) => requirement(p, critical)),
    overall: { score },
    decisions: {},
  });

  test('pass decision: the pass mark as the LMS will see it, else the decisions on the current role', () => {
    assert.equal(passDecision(results(0.6), 0.6), 'passed');
    assert.equal(passDecision(results(0.59996), 0.6), 'passed', '0.59996 is written as 0.6');
    assert.equal(passDecision(results(0.5994), 0.6), 'failed');
    assert.equal(passDecision(results(0.2, [[0.9, true], [0.85, true]]), undefined), 'passed', 'every critical requirement met');
    assert.equal(passDecision(results(0.2, [[0.9, true], [0.5, false]]), undefined), 'passed', 'only critical requirements count when there are some');
    assert.equal(passDecision(results(0.9, [[0.9, true], [0.1, true]]), undefined), 'failed', 'one critical requirement below');
    assert.equal(passDecision(results(0.9, [[0.9, true], [0.6, true]]), undefined), undefined, 'one not yet sure: success unknown');
    assert.equal(passDecision(results(0.9, [[0.9, false], [0.6, false]]), undefined), undefined, 'no critical ones: all count');
    assert.equal(passDecision(results(0.9), undefined), undefined);
  });

  test('competency objectives: position on the scale, and a decision only when the engine decided', () => {
    const model = models[0]!;
    const competency = model.competencies[0]!;
    const base = { competency: competency.id, theta: 0, sd: 0.4, interval90: [0, 0] as [number, number], levelInterval90: [0, 0] as [number, number], responses: 2, sources: {} };
    const levels = (competency.scale ?? model.scale).levels.map((l) => l.level);
    const low = Math.min(...levels);
    const high = Math.max(...levels);
    assert.equal(competencyScore(model, { ...base, level: low }).scaled, 0);
    assert.equal(competencyScore(model, { ...base, level: high }).scaled, 1);
    assert.equal(competencyScore(model, { ...base, level: (low + high) / 2 }).scaled, 0.5);
    const check = { role: 'r', requiredLevel: 3, threshold: 0, expectedShortfall: 0, weight: 1, critical: true };
    assert.equal(competencyDecision({ ...base, level: 3, current: { ...check, pMeets: 0.97, decision: 'meets', decided: true } }), 'passed');
    assert.equal(competencyDecision({ ...base, level: 3, current: { ...check, pMeets: 0.02, decision: 'below', decided: true } }), 'failed');
    assert.equal(competencyDecision({ ...base, level: 3, current: { ...check, pMeets: 0.7, decision: 'unsure', decided: false } }), undefined);
  });
});
