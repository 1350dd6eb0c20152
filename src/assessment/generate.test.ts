// The synthetic models the benchmarks use (generate.ts), against what generate.ts promises: valid
// models of the size asked, the same for the same seed, 2PL parameters from the stated distributions,
// every item type in about the stated shares, related neighbours and four roles in a `next` chain.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateModel } from '../model/load.js';
import { generateDichotomousModel, generateModel } from './generate.js';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const errorsOf = (model: unknown) => validateModel(model).problems.filter((p) => p.severity === 'error');

describe('generateDichotomousModel', () => {
  it('N two-level work samples on one competency, log a ~ N(log 1.2, 0.25²), b ~ N(0, 1) within ±3.5', () => {
    const { model, parameters } = generateDichotomousModel(3000, 7);
    assert.deepEqual(errorsOf(model), []);
    assert.equal(model.items.length, 3000);
    assert.equal(parameters.length, 3000);
    model.items.forEach((item, i) => {
      assert.equal(item.type, 'evidence');
      assert.equal(item.competency, 'c0');
      assert.deepEqual(item.irt, { a: parameters[i]!.a, b: [parameters[i]!.b] });
    });
    const logA = parameters.map((p) => Math.log(p.a));
    const b = parameters.map((p) => p.b);
    assert.ok(Math.abs(mean(logA) - Math.log(1.2)) < 0.02 && Math.abs(sd(logA) - 0.25) < 0.02, `log a ${mean(logA)} ± ${sd(logA)}`);
    assert.ok(Math.abs(mean(b)) < 0.08 && Math.abs(sd(b) - 1) < 0.06, `b ${mean(b)} ± ${sd(b)}`);
    assert.ok(b.every((x) => Math.abs(x) <= 3.5));
    assert.deepEqual(generateDichotomousModel(50, 7).parameters, parameters.slice(0, 50), 'the same seed, the same items');
    assert.notDeepEqual(generateDichotomousModel(50, 8).parameters, parameters.slice(0, 50));
    assert.equal(model.roles.find((r) => r.id === 'member')!.next, 'lead');
  });
});

describe('generateModel', () => {
  it('a valid model of the size asked, every item type in about its share, the same for the same seed', () => {
    const model = generateModel({ competencies: 20, itemsPerCompetency: 100, seed: 3 });
    assert.deepEqual(errorsOf(model), []);
    assert.equal(model.competencies.length, 20);
    assert.equal(model.items.length, 20 * 100);
    for (const c of model.competencies) assert.equal(model.items.filter((i) => i.competency === c.id).length, 100);
    const share = (type: string) => model.items.filter((i) => i.type === type).length / model.items.length;
    const expected = { frequency: 0.4, anchored: 0.25, situational: 0.2, evidence: 0.05, 'forced-choice': 0.1 };
    for (const [type, p] of Object.entries(expected)) assert.ok(Math.abs(share(type) - p) < 3.5 * Math.sqrt((p * (1 - p)) / model.items.length), `${type}: ${share(type)}`);
    const formats = new Set(model.items.flatMap((i) => (i.type === 'situational' ? [i.format] : [])));
    assert.deepEqual([...formats].sort(), ['best', 'most-least', 'rate-each']);
    // Forced choices pair two different competencies.
    for (const i of model.items) if (i.type === 'forced-choice') assert.notEqual(i.options[1]!.competency, i.competency);
    assert.deepEqual(generateModel({ competencies: 20, itemsPerCompetency: 100, seed: 3 }), model);
    assert.notDeepEqual(generateModel({ competencies: 20, itemsPerCompetency: 100, seed: 4 }).items, model.items);
  });

  it('neighbours related in pairs (r 0.3–0.6), four roles in a `next` chain, each requiring something', () => {
    const model = generateModel({ competencies: 9, itemsPerCompetency: 5, seed: 2 });
    model.competencies.forEach((c, k) => {
      if (k % 2 === 0 && k + 1 < 9) {
        assert.equal(c.related!.length, 1);
        assert.equal(c.related![0]!.competency, `c${k + 1}`);
        assert.ok(c.related![0]!.correlation >= 0.3 && c.related![0]!.correlation <= 0.6);
      } else assert.equal(c.related, undefined);
    });
    assert.deepEqual(model.roles.map((r) => r.id), ['associate', 'professional', 'senior', 'principal']);
    assert.deepEqual(model.roles.map((r) => r.next), ['professional', 'senior', 'principal', undefined]);
    assert.equal('next' in model.roles[3]!, false, 'the top role has no next');
    for (const role of model.roles) {
      assert.ok(role.requirements.length > 0);
      for (const r of role.requirements) assert.ok(r.level >= 2 && r.level <= 5);
    }
    // Higher roles ask for higher levels on average.
    const levels = model.roles.map((r) => mean(r.requirements.map((q) => q.level)));
    assert.ok(levels[3]! > levels[0]!, levels.join(', '));
    const defaults = generateModel();
    assert.equal(defaults.competencies.length, 16);
    assert.equal(defaults.items.length, 16 * 40);
  });
});

describe('generateModel, the parts benchmarks lean on', () => {
  it('roles require about 60 % of the competencies, a quarter of them critical, at levels around 2 + the role’s rank', () => {
    const model = generateModel({ competencies: 400, itemsPerCompetency: 1, seed: 5 });
    const requirements = model.roles.flatMap((r) => r.requirements);
    const n = 4 * 400;
    const near = (x: number, p: number, count: number, what: string) => assert.ok(Math.abs(x - p) < 4 * Math.sqrt((p * (1 - p)) / count), `${what}: ${x} (expected ${p})`);
    near(requirements.length / n, 0.6, n, 'share required');
    near(requirements.filter((q) => q.critical).length / requirements.length, 0.25, requirements.length, 'share critical');
    assert.ok(requirements.every((q) => q.critical === undefined || q.critical === true), 'critical only when true');
    model.roles.forEach((role, r) => {
      // Level 2 + r, one up with P 0.3 and one down with P 0.2 (independently), kept within 2–5.
      const up = 0.3 * 0.8;
      const down = 0.7 * 0.2;
      const dist = new Map<number, number>();
      const add = (level: number, p: number) => dist.set(Math.min(5, Math.max(2, level)), (dist.get(Math.min(5, Math.max(2, level))) ?? 0) + p);
      add(2 + r + 1, up);
      add(2 + r - 1, down);
      add(2 + r, 1 - up - down);
      const m = role.requirements.length;
      for (const [level, p] of dist) near(role.requirements.filter((q) => q.level === level).length / m, p, m, `${role.id} level ${level}`);
    });
  });

  it('a role that drew no requirement gets level 3 on the first competency', () => {
    // One competency: each role requires it with P 0.6, so some of these seeds leave a role empty.
    let fallbacks = 0;
    for (let seed = 1; seed <= 12; seed++) {
      for (const role of generateModel({ competencies: 1, itemsPerCompetency: 2, seed }).roles) {
        assert.equal(role.requirements.length, 1);
        const [q] = role.requirements;
        if (q!.level === 3 && q!.critical === undefined && Object.keys(q!).length === 2) fallbacks++;
        assert.equal(q!.competency, 'c0');
      }
    }
    assert.ok(fallbacks >= 5, `${fallbacks} roles fell back`);
  });

  it('anchored items have distinct levels, ascending as drawn; situational ones 4–5 options with agreement 0.6–0.9', () => {
    const model = generateModel({ competencies: 10, itemsPerCompetency: 200, seed: 6 });
    let longer = 0;
    for (const item of model.items) {
      if (item.type === 'anchored') {
        const levels = item.options.map((o) => o.level);
        assert.equal(new Set(levels).size, levels.length, `${item.id}: ${levels}`);
        assert.ok(levels.length >= 2 && levels.length <= 4);
        // A fifth level is added only to a single drawn one; whatever was drawn is in ascending order.
        if (levels.length > 2) {
          longer++;
          assert.deepEqual(levels, [...levels].sort((a, b) => a - b), item.id);
        }
      }
      if (item.type === 'situational') {
        assert.ok(item.options.length === 4 || item.options.length === 5, `${item.id}: ${item.options.length}`);
        for (const o of item.options) assert.ok(o.agreement! >= 0.6 && o.agreement! <= 0.9, `${item.id}: ${o.agreement}`);
      }
    }
    assert.ok(longer > 100);
    const sizes = new Set(model.items.flatMap((i) => (i.type === 'situational' ? [i.options.length] : [])));
    assert.deepEqual([...sizes].sort(), [4, 5]);
  });

  it('name their size and carry assessment settings', () => {
    assert.match(generateModel({ competencies: 3, itemsPerCompetency: 7, seed: 1 }).id, /mixed-3x7$/);
    assert.match(generateDichotomousModel(12).model.id, /2pl-12$/);
    assert.equal(generateModel({ competencies: 3, itemsPerCompetency: 7 }).assessment?.maxItemsPerCompetency, 8);
    assert.equal(generateDichotomousModel(12).model.assessment?.maxItemsPerCompetency, 40);
  });
});
