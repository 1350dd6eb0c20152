// `pathway plan` end to end: the real command on the sample models and fixtures, bad files, partial plans.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { Model } from '../../model/types.js';
import { REASON_CODES } from '../../planner/explain.js';
import type { Plan, Reason } from '../../planner/types.js';
import { describe as describeReason } from './plan.js';

const exec = promisify(execFile);
const BIN = new URL('../../../bin/pathway.js', import.meta.url).pathname;
const CS = 'demo/models/customer-success.json';
const CS_RESULTS = 'test/fixtures/results/customer-success-associate.json';

async function plan(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [BIN, 'plan', ...args], { maxBuffer: 1 << 24 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('pathway plan', () => {
  it('prints gaps, strengths, the pathway with why/what/how, and what is not covered', async () => {
    const { code, stdout, stderr } = await plan(CS, '--results', CS_RESULTS);
    assert.equal(code, 0, stdout);
    assert.equal(stderr, '');
    assert.match(stdout, /^Pathway for Customer success associate → Customer success manager/);
    assert.match(stdout, /Gaps \(blind spots first\):\ncompetency +role +required/);
    assert.match(stdout, /Difficult conversations .* blind spot/);
    assert.match(stdout, /Strengths \(mentoring candidates\):/);
    assert.match(stdout, /Pathway:\n# +step +kind +modality +minutes +value +status/);
    assert.match(stdout, /1\. Customer feedback debrief\n {3}why: {2}blind spot on Difficult conversations/);
    assert.match(stdout, /how: {2}experiential \(reflection\)\n +90 minutes\n +Ask your manager/);
    assert.match(stdout, /Not covered:/);
  });

  it('prints the plan as JSON with --json', async () => {
    const { code, stdout } = await plan(CS, '--results', CS_RESULTS, '--json');
    assert.equal(code, 0);
    const parsed = JSON.parse(stdout) as Plan;
    assert.equal(parsed.format, 'pathway-plan/1');
    assert.equal(parsed.currentRole, 'cs-associate');
    assert.ok(parsed.steps.length > 0 && parsed.totalMinutes <= parsed.budgetMinutes);
  });

  it('uses --role, --target, --budget and --done', async () => {
    const { stdout } = await plan(CS, '--results', CS_RESULTS, '--json', '--target', 'senior-cs-manager', '--budget', '2000', '--done', 'feedback-debrief');
    const parsed = JSON.parse(stdout) as Plan;
    assert.equal(parsed.targetRole, 'senior-cs-manager');
    assert.equal(parsed.budgetMinutes, 2000);
    assert.ok(!parsed.steps.some((s) => s.module === 'feedback-debrief'));
  });

  it('zero budget: a partial plan that says so, exit 0', async () => {
    const { code, stdout } = await plan(CS, '--results', CS_RESULTS, '--budget', '0');
    assert.equal(code, 0);
    assert.match(stdout, /the time budget is zero: nothing can be planned/);
    assert.match(stdout, /Pathway:\n {2}no steps/);
    assert.match(stdout, /Not covered:[\s\S]*the time budget is zero/);
  });

  it('an unknown role: a clear note with a suggestion, and the plan for the known role', async () => {
    const { code, stdout } = await plan(CS, '--results', CS_RESULTS, '--target', 'cs-manger');
    assert.equal(code, 0);
    assert.match(stdout, /role "cs-manger" \(target\) is not in this model \(did you mean "cs-manager"\?\)/);
    assert.match(stdout, /^Pathway for Customer success associate —/);
  });

  describe('bad results files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pathway-plan-'));
    const fixture = JSON.parse(readFileSync(CS_RESULTS, 'utf8')) as Record<string, unknown>;
    const write = (name: string, content: string): string => {
      const file = join(dir, name);
      writeFileSync(file, content);
      return file;
    };
    const cases: [string, () => string, RegExp][] = [
      ['a missing file', () => join(dir, 'missing.json'), /missing\.json does not exist/],
      ['invalid JSON', () => write('broken.json', '{"format": "pathway-results/1",'), /not valid JSON: .* line 1, column 32/],
      ["another model's results", () => write('other.json', readFileSync('test/fixtures/results/tiny-member-to-lead.json', 'utf8')), /model\.id: these results belong to model "https:\/\/pathway\.example\/models\/tiny"/],
      ['an unknown competency', () => write('unknown.json', JSON.stringify({ ...fixture, competencies: [{ ...(fixture.competencies as object[])[0], competency: 'onboardng' }] })), /competencies\[0\]\.competency: unknown competency "onboardng" in this model \(did you mean "onboarding"\?\)/],
      ['the model instead of results', () => CS, /This is a competency model, not assessment results/],
    ];
    for (const [name, make, pattern] of cases) {
      it(`explains ${name} and exits 1`, async () => {
        const { code, stdout, stderr } = await plan(CS, '--results', make());
        assert.equal(code, 1, stdout);
        assert.equal(stderr, '', 'no stack trace');
        assert.match(stdout, pattern);
      });
    }
  });

  it('explains an invalid model and exits 1', async () => {
    const broken = Object.keys(JSON.parse(readFileSync('test/fixtures/invalid/expected.json', 'utf8')) as object)[0]!;
    const { code, stdout } = await plan(`test/fixtures/invalid/${broken}`, '--results', CS_RESULTS);
    assert.equal(code, 1);
    assert.match(stdout, /is not a valid Pathway model/);
  });

  it('says a missing model file cannot be used, not that it is an invalid model', async () => {
    const { code, stdout } = await plan('test/fixtures/no-such-model.json', '--results', CS_RESULTS);
    assert.equal(code, 1);
    assert.match(stdout, /Cannot use test\/fixtures\/no-such-model\.json as a model:\n.*does not exist/);
    assert.doesNotMatch(stdout, /not a valid Pathway model/);
  });

  it('exits 2 on usage errors', async () => {
    assert.equal((await plan(CS)).code, 2);
    assert.match((await plan(CS)).stdout, /needs the assessment results: --results/);
    assert.equal((await plan(CS, '--results', CS_RESULTS, '--budget', 'lots')).code, 2);
    assert.equal((await plan('--results', CS_RESULTS)).code, 2);
  });

  it('has an English sentence for every reason code', () => {
    const model = JSON.parse(readFileSync(CS, 'utf8')) as Model;
    const params = { competency: 'onboarding', role: 'cs-manager', module: 'onb-standard', slot: 'target', from: 'cs-associate', minutes: 60, steps: 2, afterDays: 7, kind: 'course', modality: 'formal', url: 'https://lms.example/x', found: 'x', expected: 'y' };
    for (const code of Object.values(REASON_CODES).flat()) {
      const sentence = describeReason({ code, params } as Reason, model, 'en');
      assert.ok(sentence.length > 0 && !sentence.includes('{"'), `${code} falls back to raw data: ${sentence}`);
    }
  });
});
