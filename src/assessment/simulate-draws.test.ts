// What the simulator draws, against the setting it is given: the self-view groups and their
// person-level and per-competency terms, roles, answers that score back to the outcome drawn, and
// answers drawn with the frequencies of the true response function at the rater's position.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { requireModel } from '../model/load.js';
import { bankFor } from './bank.js';
import { resolveConfig } from './config.js';
import { FUSION } from './posterior.js';
import { Random } from './random.js';
import { outcomeOf } from './responses.js';
import { drawLearner, drawResponse, OFF_MODEL, ON_MODEL, responseFor, simulate, type SimulationSetting } from './simulate.js';

const engineer = requireModel(readFileSync('demo/models/software-engineer.json', 'utf8'));
const tiny = requireModel(readFileSync('test/fixtures/tiny-model.json', 'utf8'));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

describe('simulated learners', () => {
  it('self-view groups in the shares asked, each with its person-level shift and spreads', () => {
    const bank = bankFor(engineer);
    const views = { honest: 0.5, inflated: 0.3, deflated: 0.2, shift: 0.8, personSD: 0.25, competencySD: 0.35 };
    const setting: SimulationSetting = { ...OFF_MODEL, selfViews: views };
    const rng = new Random(11);
    const learners = Array.from({ length: 3000 }, () => drawLearner(bank, {}, setting, rng));
    const n = learners.length;
    const byGroup = (g: string) => learners.filter((l) => l.group === g);
    for (const [g, share] of [['honest', 0.5], ['inflated', 0.3], ['deflated', 0.2]] as const) {
      const p = byGroup(g).length / n;
      assert.ok(Math.abs(p - share) < 4 * Math.sqrt((share * (1 - share)) / n), `${g}: ${p}`);
    }
    const K = bank.competencies.length;
    // A person's mean bias over their competencies: the shift plus the person term plus the average of K competency terms.
    const personMeans = (g: string) => byGroup(g).map((l) => mean([...l.bias]));
    for (const [g, shift] of [['honest', 0], ['inflated', 0.8], ['deflated', -0.8]] as const) {
      const m = personMeans(g);
      const spread = Math.sqrt(views.personSD ** 2 + views.competencySD ** 2 / K);
      assert.ok(Math.abs(mean(m) - shift) < 4 * (spread / Math.sqrt(m.length)), `${g}: mean ${mean(m)}`);
      assert.ok(Math.abs(sd(m) - spread) < 0.15 * spread, `${g}: sd ${sd(m)} vs ${spread}`);
    }
    // Within a person, competencies differ by the competency term alone.
    const within = mean(learners.map((l) => sd([...l.bias]) ** 2)) * (K / (K - 1));
    assert.ok(Math.abs(Math.sqrt(within) - views.competencySD) < 0.03, `within ${Math.sqrt(within)}`);
    // Roles: drawn from the model's, the target the current role's `next`, unless given.
    const roleIds = engineer.roles.map((r) => r.id);
    for (const l of learners.slice(0, 200)) {
      assert.ok(roleIds.includes(l.currentRole!));
      assert.equal(l.targetRole, engineer.roles.find((r) => r.id === l.currentRole)!.next);
    }
    assert.ok(new Set(learners.slice(0, 200).map((l) => l.currentRole)).size > 1, 'more than one role drawn');
    const fixed = drawLearner(bank, { currentRole: roleIds[0]!, targetRole: roleIds[2]! }, setting, new Random(1));
    assert.deepEqual([fixed.currentRole, fixed.targetRole], [roleIds[0], roleIds[2]]);
  });

  it("the engine's own self-views: its bias prior per person, groups named by the person-level term", () => {
    const bank = bankFor(engineer);
    const rng = new Random(5);
    const learners = Array.from({ length: 3000 }, () => drawLearner(bank, {}, ON_MODEL, rng));
    const K = bank.competencies.length;
    const personMeans = learners.map((l) => mean([...l.bias]));
    // Var(person mean) = Σ share·sd² of β's mixture + Var(u)/K.
    const beta = FUSION.selfBias.reduce((s, m) => s + m.share * m.sd ** 2, 0);
    const { typicalSD, atypicalSD, atypicalShare } = FUSION.selfView;
    const u = (1 - atypicalShare) * typicalSD ** 2 + atypicalShare * atypicalSD ** 2;
    const expected = Math.sqrt(beta + u / K);
    assert.ok(Math.abs(sd(personMeans) - expected) < 0.08 * expected, `${sd(personMeans)} vs ${expected}`);
    assert.ok(Math.abs(mean(personMeans)) < 0.06);
    const inflated = learners.filter((l) => l.group === 'inflated');
    const deflated = learners.filter((l) => l.group === 'deflated');
    assert.ok(inflated.length > 500 && deflated.length > 500, `${inflated.length} / ${deflated.length}`);
    assert.ok(mean(inflated.map((l) => mean([...l.bias]))) > 0.5 && mean(deflated.map((l) => mean([...l.bias]))) < -0.5);
  });
});

describe("simulated learners under the engine's prior", () => {
  it('spread within a person as the mixture of typical and atypical competencies, and named in three groups', () => {
    const bank = bankFor(engineer);
    const rng = new Random(21);
    const learners = Array.from({ length: 1000 }, () => drawLearner(bank, {}, ON_MODEL, rng));
    const K = bank.competencies.length;
    // Within a person only the competency term varies: variance (1 − share)·typical² + share·atypical²
    // = 0.8 · 0.25² + 0.2 · 0.9² = 0.2125, against 0.0625 or 0.81 for either part alone.
    const { typicalSD, atypicalSD, atypicalShare } = FUSION.selfView;
    const expected = (1 - atypicalShare) * typicalSD ** 2 + atypicalShare * atypicalSD ** 2;
    const within = mean(learners.map((l) => sd([...l.bias]) ** 2)) * (K / (K - 1));
    assert.ok(Math.abs(within - expected) < 0.15 * expected, `within-person variance ${within} vs ${expected}`);
    // Groups by the person-level term: |β| ≤ 0.25 honest (about 40 % of people under the β mixture).
    const groups = new Set(learners.map((l) => l.group));
    assert.deepEqual([...groups].sort(), ['deflated', 'honest', 'inflated']);
    const honest = learners.filter((l) => l.group === 'honest').length;
    assert.ok(honest > 200, `${honest} honest`);
  });
});

describe('simulated answers', () => {
  it('score back to the outcome they were drawn for, for every item and outcome', () => {
    const bank = bankFor(engineer);
    const config = resolveConfig(engineer, bank, { currentRole: engineer.roles[0]!.id });
    const rng = new Random(3);
    let checked = 0;
    for (const item of bank.items) {
      for (let outcome = 0; outcome < item.outcomes; outcome++) {
        // Most–least outcomes are most · n + least; the same option as both cannot be answered.
        const n = item.params.slopes?.length ?? 0;
        if (item.params.kind === 'most-least' && Math.floor(outcome / n) === outcome % n) continue;
        const response = responseFor(item, outcome, rng);
        assert.equal(response.item, item.id);
        const scored = outcomeOf(bank, config, response).outcome;
        if (item.params.kind === 'partial-credit') {
          // Rate-each: the ratings' agreement band, or the nearest band such ratings reach.
          assert.ok(Math.abs(scored! - outcome) <= 1, `${item.id}: ${outcome} → ${scored}`);
          if (outcome > 0 && outcome < item.outcomes - 1) assert.equal(scored, outcome, `${item.id}: inner band ${outcome}`);
        } else assert.equal(scored, outcome, `${item.id} outcome ${outcome}`);
        checked++;
      }
    }
    assert.ok(checked > 100, `${checked} answers checked`);
    assert.ok(bank.items.some((i) => i.params.kind === 'most-least') && bank.items.some((i) => i.params.kind === 'partial-credit') && bank.items.some((i) => i.params.optionCategory));
  });

  it("are drawn with the true function's probabilities at the rater's position (θ + shift; for a forced choice, the difference)", () => {
    const bank = bankFor(engineer);
    const config = resolveConfig(engineer, bank, { currentRole: engineer.roles[0]!.id });
    const theta = Float64Array.from(bank.competencies, (_, c) => -1 + 0.4 * c);
    const check = (item: (typeof bank.items)[number], x: number, shift: number) => {
      const p = new Float64Array(item.outcomes);
      item.fn.probabilities(x, p);
      const counts = new Array<number>(item.outcomes).fill(0);
      const rng = new Random(17);
      const n = 4000;
      for (let k = 0; k < n; k++) counts[outcomeOf(bank, config, drawResponse(item, item.fn, theta, shift, rng)).outcome!]!++;
      counts.forEach((c, k) => assert.ok(Math.abs(c / n - p[k]!) < 4 * Math.sqrt((p[k]! * (1 - p[k]!)) / n) + 1e-3, `${item.id} outcome ${k}: ${c / n} vs ${p[k]}`));
    };
    const frequency = bank.items[bank.itemIndex.get(engineer.items.find((i) => i.type === 'frequency')!.id)!]!;
    check(frequency, theta[frequency.competency]! + 0.7, 0.7);
    check(frequency, theta[frequency.competency]! - 1.2, -1.2);
    const pair = bank.items.find((i) => i.pair !== undefined)!;
    check(pair, theta[pair.pair![0]]! - theta[pair.pair![1]]!, 5);
  });

  it('for options not in category order, choose an option of the category drawn, each such option in turn', () => {
    const bank = bankFor(engineer);
    const anchored = bank.items.find((i) => i.params.kind === 'graded' && i.params.optionCategory)!;
    // Four options: categories 2, 0, 1, 0 (option 0 is the highest, options 1 and 3 share the lowest).
    const item = { ...anchored, params: { ...anchored.params, b: [-0.5, 0.5], optionCategory: [2, 0, 1, 0] } };
    const rng = new Random(9);
    const choices = (outcome: number) => new Set(Array.from({ length: 40 }, () => (responseFor(item, outcome, rng) as { choice: number }).choice));
    assert.deepEqual([...choices(2)], [0]);
    assert.deepEqual([...choices(1)], [2]);
    assert.deepEqual([...choices(0)].sort(), [1, 3]);
  });
});

describe('whole small simulations on the tiny model (fixed form, exact items)', () => {
  const run = (setting: Partial<SimulationSetting>, learners: number, managers = 0, model = tiny) =>
    simulate(model, { learners, seed: 3, modes: ['fixed'], itemNoise: 0, ...(managers ? { observers: { manager: managers } } : {}), setting }).modes[0]!;
  const honest = { honest: 1, inflated: 0, deflated: 0, shift: 0, personSD: 0, competencySD: 0 };

  it('answer self-reports from the self-view and the rest from the truth: a self-view 2 θ high is a blind spot with other evidence', () => {
    const s = run({ selfViews: { honest: 0, inflated: 1, deflated: 0, shift: 2, personSD: 0, competencySD: 0 } }, 6);
    // Every competency of every learner is a case (bias 2 > margin); the fixed form asks each
    // competency's situational, evidence or forced-choice items too, so each case has other evidence.
    assert.equal(s.blindSpot.cases, 12);
    assert.equal(s.blindSpot.withOtherEvidence, 1);
    // Without the forced choice (which counts for both its competencies), each competency's own
    // situational or evidence item is its other evidence.
    const withoutPair = { ...tiny, items: tiny.items.filter((i) => i.type !== 'forced-choice') } as typeof tiny;
    const own = run({ selfViews: { honest: 0, inflated: 1, deflated: 0, shift: 2, personSD: 0, competencySD: 0 } }, 6, 0, withoutPair);
    assert.equal(own.blindSpot.cases, 12);
    assert.equal(own.blindSpot.withOtherEvidence, 1);
    // Self-reports 2 θ above what the other items say: most flagged (11 of 12 with this seed).
    assert.ok(s.blindSpot.detection! > 0.6, `detection ${s.blindSpot.detection}`);
    assert.equal(s.hiddenStrength.falseAlarm, 0);
    // Per learner: three self-reports (two frequency items, one anchored) and three others (situational,
    // evidence, forced choice).
    assert.deepEqual(s.sources, { selfReport: 3, other: 3 });
    // The whole form, every learner: its items' seconds added up.
    assert.equal(s.items.mean, 6);
    const seconds = bankFor(tiny).items.reduce((t, i) => t + i.seconds, 0);
    assert.ok(Math.abs(s.minutes.mean - seconds / 60) < 1e-9, `${s.minutes.mean} min vs ${seconds} s`);
  });

  it("observers answer at the truth plus their leniency: each of its terms, when large, worsens the estimates", () => {
    const none = { mean: 0, sd: 0, competencySD: 0, sharedSD: 0, commonSD: 0 };
    const base = run({ selfViews: honest, raters: none }, 12, 2).rmse;
    // Each term alone large (the mean a shift of 3 θ; an SD of 4 θ): two managers far from the truth
    // pull twelve learners' estimates away; with this seed each run's RMSE grows by 0.5 or more over the
    // base (by 0.3 or more over seeds 1–6). The per-competency term is left out: independent for each
    // rater and competency, it moves the estimates less (0.1 to 0.5 over seeds).
    for (const [term, size] of [['mean', 3], ['sd', 4], ['sharedSD', 4], ['commonSD', 4]] as const) {
      const rmse = run({ selfViews: honest, raters: { ...none, [term]: size } }, 12, 2).rmse;
      assert.ok(rmse > base + 0.2, `${term}: RMSE ${rmse} vs ${base} without rater terms`);
    }
  });
});
