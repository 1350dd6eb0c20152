// `pathway simulate` end to end: the real command, its table, its JSON and its usage errors.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BIN = new URL('../../bin/pathway.js', import.meta.url).pathname;

async function simulate(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, [BIN, 'simulate', ...args], { maxBuffer: 1 << 24 });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

describe('pathway simulate', () => {
  it('prints a table for the adaptive and the fixed form', async () => {
    const { code, stdout } = await simulate('test/fixtures/tiny-model.json', '--learners', '20', '--seed', '4');
    assert.equal(code, 0, stdout);
    assert.match(stdout, /Simulated 20 learners on test\/fixtures\/tiny-model\.json \(seed 4\)/);
    for (const row of ['items, mean', 'self-report / other', 'accuracy at current-role levels', 'as the engine expected', 'RMSE of θ', 'blind spots found', 'blind-spot false alarms', 'found at 10% false alarms', 'with evidence besides self-report']) {
      assert.match(stdout, new RegExp(row));
    }
    assert.match(stdout, /true parameters around the engine's \(noise × 1\)/);
    assert.match(stdout, /adaptive\s+fixed/);
  });

  it('prints the same JSON report for the same seed, and honours --role and --mode', async () => {
    const args = ['test/fixtures/tiny-model.json', '--learners', '15', '--seed', '2', '--role', 'member', '--mode', 'adaptive', '--json'];
    const a = await simulate(...args);
    const b = await simulate(...args);
    assert.equal(a.code, 0);
    assert.equal(a.stdout, b.stdout);
    const report = JSON.parse(a.stdout);
    assert.equal(report.learners, 15);
    assert.equal(report.roles, 'member → lead');
    assert.deepEqual(report.modes.map((m: { mode: string }) => m.mode), ['adaptive']);
    assert.ok(report.modes[0].accuracy.overall > 0 && report.modes[0].accuracy.overall <= 1);
  });

  it('applies --item-noise: the simulated answers change with it, and 1 is the default', async () => {
    const base = ['test/fixtures/tiny-model.json', '--learners', '8', '--seed', '3', '--mode', 'adaptive', '--json'];
    const [exact, noisy, one, plain] = await Promise.all([
      simulate(...base, '--item-noise', '0'),
      simulate(...base, '--item-noise', '2'),
      simulate(...base, '--item-noise', '1'),
      simulate(...base),
    ]);
    for (const r of [exact, noisy, one, plain]) assert.equal(r.code, 0, r.stdout);
    const outcome = (r: { stdout: string }) => JSON.stringify(JSON.parse(r.stdout).modes);
    assert.notEqual(outcome(exact), outcome(noisy), 'the same learners answer differently under other item parameters');
    assert.equal(outcome(one), outcome(plain));
    assert.equal(JSON.parse(exact.stdout).settings.itemNoise, 0);
  });

  it('applies --shape: a skewed population answers differently and is named in the setting', async () => {
    const base = ['test/fixtures/tiny-model.json', '--learners', '8', '--seed', '3', '--mode', 'adaptive'];
    const [normal, skewed, table] = await Promise.all([simulate(...base, '--json'), simulate(...base, '--shape', 'skewed', '--json'), simulate(...base, '--shape', 'bimodal')]);
    for (const r of [normal, skewed, table]) assert.equal(r.code, 0, r.stdout);
    assert.equal(JSON.parse(skewed.stdout).settings.setting.population.shape, 'skewed');
    assert.notEqual(JSON.stringify(JSON.parse(normal.stdout).modes), JSON.stringify(JSON.parse(skewed.stdout).modes));
    assert.match(table.stdout, /Population θ bimodal, mean 0\.3, SD 1\.15/);
  });

  it('applies --max-items to the adaptive form', async () => {
    const { code, stdout } = await simulate('test/fixtures/tiny-model.json', '--learners', '10', '--mode', 'adaptive', '--max-items', '2', '--json');
    assert.equal(code, 0, stdout);
    assert.equal(JSON.parse(stdout).modes[0].items.max, 2);
  });

  it('explains usage errors with exit code 2', async () => {
    for (const [args, message] of [
      [['test/fixtures/tiny-model.json', '--learners', 'many'], /--learners must be a whole number/],
      [['test/fixtures/tiny-model.json', '--role', 'boss'], /current role "boss" is not a role of this model/],
      [['test/fixtures/tiny-model.json', '--target', 'lead'], /--target needs --role/],
      [['test/fixtures/tiny-model.json', '--mode', 'random'], /--mode must be adaptive, fixed or both/],
      [['test/fixtures/tiny-model.json', '--max-minutes', '0'], /--max-minutes must be a number above 0/],
      [['test/fixtures/tiny-model.json', '--item-noise', 'lots'], /--item-noise must be a number from 0 to 4/],
      [['test/fixtures/tiny-model.json', '--shape', 'flat'], /--shape must be normal, skewed or bimodal/],
      [['test/fixtures/tiny-model.json', '--on-model', '--shape', 'skewed'], /cannot be combined with --shape/],
      [[], /exactly one model file/],
    ] as const) {
      const { code, stdout } = await simulate(...args);
      assert.equal(code, 2, stdout);
      assert.match(stdout, message);
    }
  });

  it('reports an invalid model with exit code 1', async () => {
    const { code, stdout } = await simulate('test/fixtures/invalid/02-syntax-double-comma.json');
    assert.equal(code, 1, stdout);
    assert.match(stdout, /is not a valid Pathway model:\n.*line \d+/);
  });
});
