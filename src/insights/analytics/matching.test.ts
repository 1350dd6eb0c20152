// Mentor matching and the team builder against exhaustive search on generated pools, and their rules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bestMentorValue, smallestTeamSize } from '../../../test/support/insights-oracle.js';
import { mentorPools, organisationRows, teamPools } from '../../../test/support/insights-pools.js';
import { proposalValue, proposeMentors, pairValue, needsOf, mentorStrength } from './mentors.js';
import { proposeTeam, smallestCover, TeamBuilderError } from './team-builder.js';

describe('mentor matching', () => {
  const pools = mentorPools(60, 3);
  it('equals the exhaustive optimum on 60 generated pools of 3–8 people', () => {
    let withPairs = 0;
    for (const pool of pools) {
      const proposal = proposeMentors(pool.people, pool.competencies, pool.settings);
      const best = bestMentorValue(pool.people, pool.competencies, pool.settings);
      assert.ok(Math.abs(proposal.value - best) < 1e-6, `proposal ${proposal.value} vs optimum ${best}`);
      if (proposal.pairs.length > 0) withPairs++;
    }
    assert.ok(withPairs >= 30, `most pools have someone to match (${withPairs})`);
  });

  it('the pairs it lists are worth what it says, respect capacity, and never pair someone with themselves', () => {
    for (const pool of pools) {
      const proposal = proposeMentors(pool.people, pool.competencies, pool.settings);
      const byId = new Map(pool.people.map((p) => [p.id, p]));
      const priced = proposal.pairs.map((pair) => {
        assert.notEqual(pair.mentor, pair.mentee);
        const mentee = byId.get(pair.mentee)!;
        const mentor = byId.get(pair.mentor)!;
        const need = needsOf(mentee, pool.competencies).find((n) => pool.competencies[n.competency]!.id === pair.competency)!;
        const s = mentorStrength(mentor, pool.competencies[need.competency]!, need.level, pool.settings.confidence)!;
        assert.ok(s.p >= pool.settings.confidence, 'the mentor clearly reaches the level above the need');
        assert.ok(pair.reason.menteePMeets < 0.5, 'the mentee probably does not meet it');
        return { mentor: pair.mentor, value: pairValue(need, s.p, mentor.team === mentee.team) };
      });
      assert.ok(Math.abs(proposalValue(priced, pool.settings.loadPenalty) - proposal.value) < 1e-6);
      const load = new Map<string, number>();
      for (const p of proposal.pairs) load.set(p.mentor, (load.get(p.mentor) ?? 0) + 1);
      for (const n of load.values()) assert.ok(n <= pool.settings.capacity);
      assert.equal(new Set(proposal.pairs.map((p) => p.mentee)).size, proposal.pairs.length, 'one mentor per mentee');
    }
  });

  it('prefers a mentor in the same team and spreads load when that costs little', () => {
    const { people, competencies, confidence } = organisationRows(11, 120);
    const proposal = proposeMentors(people, competencies, { confidence, capacity: 3, loadPenalty: 0.5 });
    assert.ok(proposal.exact);
    const same = proposal.pairs.filter((p) => p.sameTeam).length;
    assert.ok(same > proposal.pairs.length / 3, `${same} of ${proposal.pairs.length} pairs in the same team`);
    const crowded = proposeMentors(people, competencies, { confidence, capacity: 3, loadPenalty: 0 });
    const loads = (pairs: typeof proposal.pairs) => Math.max(...Object.values(pairs.reduce<Record<string, number>>((m, p) => ({ ...m, [p.mentor]: (m[p.mentor] ?? 0) + 1 }), {})));
    assert.equal(crowded.pairs.length, proposal.pairs.length, 'the penalty never costs a match');
    assert.ok(loads(proposal.pairs) <= loads(crowded.pairs));
  });
});

describe('team builder', () => {
  const pools = teamPools(60, 5);
  it('finds the smallest team on 60 generated pools of 8–20 people (exhaustive check)', () => {
    let covered = 0;
    for (const pool of pools) {
      const proposal = proposeTeam(pool.people, pool.competencies, pool.needs, { confidence: pool.confidence });
      assert.ok(proposal.exact);
      assert.equal(proposal.members.length, smallestTeamSize(pool.people, pool.competencies, pool.needs, pool.confidence));
      if (proposal.members.length > 1) covered++;
    }
    assert.ok(covered > 20, 'pools need more than one person');
  });

  it('beats the greedy answer where greedy is not smallest', () => {
    // Needs 0–5. Greedy takes person 2 (four needs), then needs two more; persons 0 and 1 suffice.
    const covers = [[0, 1, 2], [3, 4, 5], [0, 1, 3, 4], [2], [5]];
    const candidates = [0, 1, 2, 3, 4, 5].map((j) => covers.flatMap((list, i) => (list.includes(j) ? [i] : [])));
    assert.deepEqual(smallestCover(covers, candidates, [1, 1, 1, 1, 1, 1], 1000), { chosen: [0, 1], exact: true });
    assert.equal(smallestCover(covers, candidates, [1, 1, 1, 1, 1, 1], 0).chosen.length, 3, 'without search: the greedy answer');
  });

  it('covers every coverable need, explains each member and reports what stays uncovered', () => {
    for (const pool of pools) {
      const proposal = proposeTeam(pool.people, pool.competencies, pool.needs, { confidence: pool.confidence });
      for (const need of pool.needs) {
        const holders = proposal.members.filter((m) => m.covers.some((c) => c.competency === need.competency && c.level === need.level)).length;
        const missing = proposal.uncovered.find((u) => u.competency === need.competency && u.level === need.level)?.missing ?? 0;
        assert.equal(holders + missing >= (need.count ?? 1), true, `${need.competency} ≥ ${need.level}`);
      }
      for (const m of proposal.members) assert.ok(m.covers.length > 0, 'every member brings something');
    }
  });

  it('says clearly what is wrong with a need', () => {
    const pool = pools[0]!;
    assert.throws(() => proposeTeam(pool.people, pool.competencies, [{ competency: 'nope', level: 3 }], { confidence: 0.9 }), TeamBuilderError);
    assert.throws(() => proposeTeam(pool.people, pool.competencies, [{ competency: pool.competencies[0]!.id, level: 9 }], { confidence: 0.9 }), /has no level 9/);
    assert.throws(() => proposeTeam(pool.people, pool.competencies, [], { confidence: 0.9 }), /at least one/);
  });
});
