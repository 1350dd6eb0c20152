// The report: ageing, re-assessment due, bench strength, gaps, culture over time, settings errors,
// and an organisation assessed through the engine whose levels the report must find.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleModel } from '../../../test/support/insights-pools.js';
import { generateOrganisation } from './generate.js';
import { buildInsightsReport } from './report.js';
import { InsightsError } from './settings.js';
import { agedSd, probit } from './standing.js';
import { isHidden } from './types.js';
import { normalCdf } from '../../planner/normal.js';

const model = sampleModel();
const org = generateOrganisation(model, { people: 120, teams: 10, seed: 9 });

describe('insights report', () => {
  it('is tagged, serialisable and reproducible', () => {
    const a = buildInsightsReport(model, org.profiles, { history: org.history });
    assert.equal(a.format, 'pathway-insights-report/1');
    assert.deepEqual(JSON.parse(JSON.stringify(a)), a);
    assert.deepEqual(buildInsightsReport(model, org.profiles, { history: org.history }), a);
    assert.equal(a.settings.now, org.profiles.map((p) => p.assessedAt).sort().pop(), 'now defaults to the newest evidence');
  });

  it('ageing: precision halves per half-life, intervals widen, sure decisions become due', () => {
    assert.ok(Math.abs(agedSd(0.4, 180, 180) - 0.4 * Math.SQRT2) < 1e-12);
    for (const p of [0.01, 0.2, 0.5, 0.9, 0.999]) assert.ok(Math.abs(normalCdf(probit(p)) - p) < 1e-7);
    const fresh = buildInsightsReport(model, org.profiles, { halfLifeDays: 1e6 });
    const aged = buildInsightsReport(model, org.profiles, { halfLifeDays: 60 });
    const width = (r: typeof fresh) => r.people!.flatMap((p) => p.cells.map((c) => c.interval[1] - c.interval[0])).reduce((a, b) => a + b, 0);
    assert.ok(width(aged) > width(fresh) * 1.2);
    const due = (r: typeof fresh) => r.people!.filter((p) => p.reassessmentDue).length;
    assert.equal(due(fresh), 0);
    assert.ok(due(aged) > 10, `${due(aged)} due with a 60-day half-life`);
    for (const p of aged.people!) if (p.reassessmentDue) assert.ok(p.reassessBy! <= aged.settings.now, 'due means the date has passed');
  });

  it('bench strength, gaps and blind spots add up from the people rows', () => {
    const r = buildInsightsReport(model, org.profiles);
    const c = r.organisation.competencies.find((x) => !isHidden(x.figure))!;
    const figure = c.figure;
    assert.ok(!isHidden(figure));
    const rows = r.people!.filter((p) => p.group && p.cells.some((x) => x.competency === c.competency));
    assert.equal(figure.n, rows.length);
    if (figure.bench) {
      assert.equal(figure.bench.risk, figure.bench.holders === 0 ? 'none' : figure.bench.holders === 1 ? 'single-holder' : 'ok');
      assert.ok(figure.bench.holders <= figure.n);
    }
    for (let i = 1; i < r.organisation.gaps.length; i++) assert.ok(r.organisation.gaps[i - 1]!.share >= r.organisation.gaps[i]!.share);
    assert.ok(r.organisation.gaps.length > 0 && r.organisation.blindSpots.length > 0);
  });

  it('culture over time: one figure per quarter with evidence, counting everyone assessed by then', () => {
    const r = buildInsightsReport(model, org.profiles, { history: org.history, culture: [model.competencies[0]!.id] });
    const periods = r.organisation.culture.find((c) => c.competency === model.competencies[0]!.id)!.periods;
    assert.ok(periods.length >= 3);
    assert.ok(periods.some((p) => !isHidden(p.figure)));
    // Within a group, more people are assessed as time goes on (a view may count fewer groups in a quarter: privacy.test.ts).
    for (const cell of r.cells) {
      const shown = Object.keys(cell.periods)
        .sort()
        .flatMap((p) => {
          const f = cell.periods[p]![model.competencies[0]!.id];
          return typeof f === 'object' && f !== null ? [f.n] : [];
        });
      for (let i = 1; i < shown.length; i++) assert.ok(shown[i]! >= shown[i - 1]!, `${cell.id}: more people assessed as time goes on`);
    }
    assert.throws(() => buildInsightsReport(model, org.profiles, { culture: ['no-such'] }), /no competency "no-such"/);
  });

  it('bad settings get a specific error; profiles of another model are skipped and counted', () => {
    assert.throws(() => buildInsightsReport(model, org.profiles, { minGroupSize: 0 }), InsightsError);
    assert.throws(() => buildInsightsReport(model, org.profiles, { halfLifeDays: -1 }), /halfLifeDays must be a positive number/);
    assert.throws(() => buildInsightsReport(model, org.profiles, { now: 'yesterday' }), /ISO 8601/);
    assert.throws(() => buildInsightsReport(model, org.profiles, { confidence: 1.2 }), /between 0.5 and 1/);
    const foreign = { ...org.profiles[0]!, model: { id: 'other', version: '1' } };
    const old = { ...org.profiles[1]!, model: { id: model.id, version: '0.0.1' } };
    const r = buildInsightsReport(model, [foreign, old, ...org.profiles.slice(2)]);
    assert.deepEqual(r.skipped, { 'other-model': 1, 'other-model-version': 1 });
    const empty = buildInsightsReport(model, []);
    assert.ok(isHidden(empty.organisation.people));
  });
});

describe('an organisation assessed through the engine', () => {
  it('the report finds the levels the generator intended, within its intervals', () => {
    const engineOrg = generateOrganisation(model, { people: 8, teams: 1, seed: 4, evidence: 'engine', reassessed: 0, optedOut: 0 });
    const r = buildInsightsReport(model, engineOrg.profiles, { minGroupSize: 3 });
    let inside = 0;
    let total = 0;
    for (const g of engineOrg.people) {
      const row = r.people!.find((p) => p.id === g.person.id)!;
      for (const cell of row.cells) {
        const c = model.competencies.findIndex((x) => x.id === cell.competency);
        const truth = g.theta[c]!;
        total++;
        if (Math.abs(cell.theta - truth) <= 1.645 * cell.sd) inside++;
      }
    }
    assert.ok(total > 40);
    assert.ok(inside / total >= 0.8, `${inside} of ${total} true levels within the stated intervals`);
  });
});
