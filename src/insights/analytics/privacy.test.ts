// Privacy rules as properties over generated organisations: no figure over fewer people than the
// minimum, no one recoverable by subtracting two filtered views, opted-out people absent, rater
// groups below their minimum left out, never a raw response.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Random } from '../../assessment/random.js';
import { sampleModel } from '../../../test/support/insights-pools.js';
import { contributors, naive, violations } from '../../../test/support/insights-privacy.js';
import type { PersonProfile } from '../types.js';
import { generateOrganisation } from './generate.js';
import { buildInsightsReport, quarterOf } from './report.js';
import { isHidden } from './types.js';

const model = sampleModel();

describe('privacy', () => {
  const orgs = [1, 2, 3, 4, 5].map((seed) => {
    const rng = new Random(seed);
    const people = 25 + rng.below(150);
    const org = generateOrganisation(model, { people, teams: 4 + rng.below(20), seed });
    return { org, report: buildInsightsReport(model, org.profiles, { history: org.history, minGroupSize: 3 + rng.below(5) }) };
  });

  it('over 10,000 random filter pairs: no figure over fewer than the minimum, no one recoverable by differencing', () => {
    const rng = new Random(42);
    let shown = 0;
    for (const { report } of orgs) {
      const v = violations(report, 2000, rng, contributors);
      assert.equal(v.small, 0);
      assert.equal(v.differencing, 0);
      shown += v.shown;
    }
    assert.ok(shown > 5000, `most views show figures (${shown})`);
  });

  it('the check finds what naive filtering would reveal', () => {
    const rng = new Random(43);
    const found = orgs.reduce((sum, { report }) => sum + violations(report, 500, rng, naive).differencing, 0);
    assert.ok(found > 0, 'naive filtered counts can be subtracted to single someone out');
  });

  it('a group below the minimum is hidden with the reason, never a number', () => {
    for (const { report } of orgs) {
      for (const team of report.teams) {
        const members = report.people!.filter((p) => p.team === team).length;
        const figures = report.byTeam[team]!;
        if (members < report.settings.minGroupSize) {
          assert.ok(isHidden(figures.people));
          assert.deepEqual(figures.people, { hidden: 'group-below-minimum', minimum: report.settings.minGroupSize });
          for (const c of figures.competencies) assert.ok(isHidden(c.figure));
          assert.equal(figures.gaps.length + figures.blindSpots.length, 0);
        }
      }
    }
  });

  it('culture over time: any two quarters shown for a group differ by nobody or by at least the minimum (re-assessed or new)', () => {
    let compared = 0;
    let hiddenByChange = 0;
    for (const { org, report } of orgs) {
      const min = report.settings.minGroupSize;
      // Who is where, from the generator's profiles (an oracle apart from the report's own bookkeeping).
      const snapshots = new Map<string, PersonProfile[]>();
      for (const p of [...org.profiles, ...org.history]) snapshots.set(p.person.id, [...(snapshots.get(p.person.id) ?? []), p]);
      // Each person's newest profile by the end of the quarter, counted where it has evidence on the competency.
      const at = (id: string, period: string, competency: string) => {
        const p = snapshots
          .get(id)!
          .filter((x) => quarterOf(x.assessedAt) <= period)
          .sort((a, b) => b.assessedAt.localeCompare(a.assessedAt))[0];
        return p?.results.competencies.some((c) => c.competency === competency && c.responses > 0) ? p.assessedAt : undefined;
      };
      for (const cell of report.cells) {
        const members = report.people!.filter((p) => p.group === cell.id).map((p) => p.id);
        for (const { id: competency } of report.competencies) {
          let last: string | undefined;
          for (const period of Object.keys(cell.periods).sort()) {
            const figure = cell.periods[period]![competency];
            if (figure === 'too-few-changed') hiddenByChange++;
            if (typeof figure !== 'object' || figure === null) continue;
            assert.equal(figure.n, members.filter((m) => at(m, period, competency) !== undefined).length);
            if (last !== undefined) {
              const changed = members.filter((m) => at(m, period, competency) !== at(m, last!, competency)).length;
              assert.ok(changed === 0 || changed >= min, `${cell.id} ${competency} ${last}→${period}: ${changed} changed, minimum ${min}`);
              compared++;
            }
            last = period;
          }
        }
      }
    }
    assert.ok(compared > 50, `quarters compared (${compared})`);
    assert.ok(hiddenByChange > 0, 'some quarters are hidden because too few changed');
  });

  it('opted-out people are absent from everything: the report equals one built without them', () => {
    for (const { org } of orgs.slice(0, 3)) {
      const out = org.profiles.filter((p) => p.optedOut).map((p) => p.person.id);
      assert.ok(out.length > 0 || org.profiles.length < 60);
      const all = buildInsightsReport(model, org.profiles, { history: org.history });
      const without = buildInsightsReport(model, org.profiles.filter((p) => !p.optedOut), { history: org.history.filter((p) => !out.includes(p.person.id)), now: all.settings.now });
      assert.deepEqual(all, without);
      const text = JSON.stringify(all);
      for (const id of out) assert.ok(!text.includes(id), `${id} appears nowhere`);
    }
  });

  it('a person who opted out earlier but not in their newest profile takes part; the newest decides', () => {
    const { org } = orgs[0]!;
    const p = org.profiles.find((x) => !x.optedOut)!;
    const older: PersonProfile = { ...p, optedOut: true, assessedAt: '2020-01-01T00:00:00.000Z' };
    const report = buildInsightsReport(model, [...org.profiles, older], { now: buildInsightsReport(model, org.profiles).settings.now });
    assert.ok(report.people!.some((x) => x.id === p.person.id));
    const newer: PersonProfile = { ...p, optedOut: true, assessedAt: '2030-01-01T00:00:00.000Z' };
    assert.ok(!buildInsightsReport(model, [...org.profiles, newer]).people!.some((x) => x.id === p.person.id));
  });

  it('never carries a raw response, even when the profiles do', () => {
    const { org } = orgs[1]!;
    const leaky = org.profiles.map((p) => ({ ...p, results: { ...p.results, responses: model.items.slice(0, 3).map((i) => ({ item: i.id, choice: 1 })), competencies: p.results.competencies.map((c) => ({ ...c, answers: [{ item: model.items[0]!.id, choice: 2 }] })) } }));
    const text = JSON.stringify(buildInsightsReport(model, leaky as PersonProfile[], { history: org.history }));
    for (const item of model.items) assert.ok(!text.includes(`"${item.id}"`), `item ${item.id} is not in the report`);
    assert.ok(!/"(responses|answers|choice|ratings|evidence)"/.test(text));
  });

  it('a peer group below its minimum is left out of the self–other comparison, not folded into it', () => {
    const { report, org } = orgs[2]!;
    const peers = new Map(org.profiles.map((p) => [p.person.id, p.sources.peers]));
    let few = 0;
    for (const person of report.people!) {
      const n = peers.get(person.id)!;
      if (n > 0 && n < report.settings.minRaterGroup) {
        few++;
        assert.ok(person.cells.every((c) => c.selfOther === undefined));
      }
    }
    assert.ok(few > 0, 'the organisation has people with one or two peers');
    assert.ok(report.people!.some((p) => p.cells.some((c) => c.selfOther !== undefined)));
  });
});
