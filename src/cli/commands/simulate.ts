import { parseArgs } from 'node:util';
import { OptionsError } from '../../assessment/errors.js';
import { simulate, SIMULATION_DEFAULTS, type ModeSummary, type SimulationReport } from '../../assessment/simulate.js';
import { problemLine } from '../../model/problems.js';
import { loadModelFile, table, UsageError } from '../io.js';

export const usage = `pathway simulate <model.json> [options]

Simulates learners with known true proficiencies (correlated as the model's "related" says) and
inflated self-views answering through the assessment engine, adaptively and as the fixed form, and
reports how many items each took and how well the results match the truth. The items' true
parameters stray from the engine's (see --item-noise), so the engine is not graded on its own model.

Options:
  --learners N     number of simulated learners (default ${SIMULATION_DEFAULTS.learners})
  --seed S         seed of the simulation (default ${SIMULATION_DEFAULTS.seed}); same seed, same report
  --role R         every learner holds role R (default: a role drawn at random per learner)
  --target T       target role (default: the current role's "next")
  --mode M         adaptive, fixed or both (default both)
  --managers N     manager raters per learner besides the self-assessment (default 0)
  --peers N        peer raters per learner (default 0)
  --max-items N    override the model's maxItems for the adaptive form
  --max-minutes M  override the model's maxMinutes (time budget) for the adaptive form
  --item-noise X   how far true item parameters stray from the engine's, as a multiple of the
                   default (log-slope SD 0.25, location SD 0.25 θ, situational options SD 0.25);
                   0 = respondents follow the engine's item models exactly (default 1)
  --json           print the report as JSON

Exit 0 on success, 1 when the model is invalid, 2 on a usage error.`;

function count(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

export async function run(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      learners: { type: 'string' },
      seed: { type: 'string' },
      role: { type: 'string' },
      target: { type: 'string' },
      mode: { type: 'string' },
      managers: { type: 'string' },
      peers: { type: 'string' },
      'max-items': { type: 'string' },
      'max-minutes': { type: 'string' },
      'item-noise': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('simulate takes exactly one model file');
  if (values.target !== undefined && values.role === undefined) throw new UsageError('--target needs --role');
  const mode = values.mode ?? 'both';
  if (!['adaptive', 'fixed', 'both'].includes(mode)) throw new UsageError(`--mode must be adaptive, fixed or both, got "${mode}"`);
  const learners = count(values.learners, 'learners', SIMULATION_DEFAULTS.learners, 1, 100_000);
  const seed = count(values.seed, 'seed', SIMULATION_DEFAULTS.seed, -(2 ** 31), 2 ** 31 - 1);
  const managers = count(values.managers, 'managers', 0, 0, 5);
  const peers = count(values.peers, 'peers', 0, 0, 20);
  const maxItems = values['max-items'] === undefined ? undefined : count(values['max-items'], 'max-items', 0, 1, 100_000);
  const maxMinutes = values['max-minutes'] === undefined ? undefined : Number(values['max-minutes']);
  if (maxMinutes !== undefined && !(maxMinutes > 0 && maxMinutes <= 10_000)) throw new UsageError(`--max-minutes must be a number above 0 and at most 10000, got "${values['max-minutes']}"`);
  const itemNoise = values['item-noise'] === undefined ? undefined : Number(values['item-noise']);
  if (itemNoise !== undefined && !(itemNoise >= 0 && itemNoise <= 4)) throw new UsageError(`--item-noise must be a number from 0 to 4, got "${values['item-noise']}"`);

  const file = positionals[0]!;
  const loaded = loadModelFile(file);
  if (!loaded.ok) {
    out(`${file} is not a valid Pathway model:`);
    for (const p of loaded.problems.filter((p) => p.severity === 'error')) out(problemLine(p));
    return 1;
  }
  let report: SimulationReport;
  try {
    report = simulate(loaded.model, {
      learners,
      seed,
      ...(values.role !== undefined ? { currentRole: values.role } : {}),
      ...(values.target !== undefined ? { targetRole: values.target } : {}),
      modes: mode === 'both' ? ['adaptive', 'fixed'] : [mode as 'adaptive' | 'fixed'],
      observers: { manager: managers, peer: peers },
      ...(maxItems !== undefined ? { maxItems } : {}),
      ...(maxMinutes !== undefined ? { maxMinutes } : {}),
      ...(itemNoise !== undefined ? { itemNoise } : {}),
    });
  } catch (error) {
    if (error instanceof OptionsError) throw new UsageError(error.message);
    throw error;
  }
  if (values.json) {
    out(JSON.stringify({ file, ...report }, null, 2));
    return 0;
  }
  for (const line of describe(file, report)) out(line);
  return 0;
}

const percent = (x: number | undefined): string => (x === undefined ? '–' : `${(100 * x).toFixed(1)}%`);
const fixed = (x: number, digits = 2): string => x.toFixed(digits);

function describe(file: string, r: SimulationReport): string[] {
  const raters = r.observers.manager + r.observers.peer === 0 ? 'self only' : `self, ${r.observers.manager} manager(s), ${r.observers.peer} peer(s)`;
  const rows: [string, (m: ModeSummary) => string][] = [
    ['items, mean', (m) => fixed(m.items.mean, 1)],
    ['items, 95th percentile', (m) => String(m.items.p95)],
    ['  self-report / other (self form)', (m) => `${fixed(m.sources.selfReport, 1)} / ${fixed(m.sources.other, 1)}`],
    ...(r.observers.manager + r.observers.peer > 0
      ? ([['items per manager / peer form', (m) => `${fixed(m.observerItems.manager, 1)} / ${fixed(m.observerItems.peer, 1)}`]] as [string, (m: ModeSummary) => string][])
      : []),
    ['minutes, mean', (m) => fixed(m.minutes.mean, 1)],
    ['accuracy at current-role levels', (m) => percent(m.accuracy.current)],
    ['accuracy at target-role levels', (m) => percent(m.accuracy.target)],
    ['accuracy, both', (m) => percent(m.accuracy.overall)],
    ['  as the engine expected', (m) => percent(m.accuracy.expected)],
    [`decided with ≥ ${Math.round(100 * r.settings.confidence)}% confidence`, (m) => `${percent(m.confident.share)} (${percent(m.confident.accuracy)} right)`],
    ['RMSE of θ', (m) => fixed(m.rmse, 3)],
    ['correlation with true θ', (m) => fixed(m.correlation, 3)],
    ['blind spots found', (m) => `${percent(m.blindSpot.detection)} of ${m.blindSpot.cases}`],
    ['blind-spot false alarms', (m) => percent(m.blindSpot.falseAlarm)],
    ['  found at 10% false alarms', (m) => percent(m.blindSpot.detectionAtTenPercent)],
    ['  with evidence besides self-report', (m) => percent(m.blindSpot.withOtherEvidence)],
    ['hidden strengths found', (m) => `${percent(m.hiddenStrength.detection)} of ${m.hiddenStrength.cases}`],
    ['longest saved state', (m) => `${m.stateChars} chars`],
  ];
  return [
    `Simulated ${r.learners} learners on ${file} (seed ${r.seed}).`,
    `Roles: ${r.roles}. Raters: ${raters}.`,
    `Self-views: +${r.settings.selfLeniency} θ on average; blind spots in ${percent(r.settings.blindSpotRate)} and hidden strengths in ${percent(r.settings.hiddenStrengthRate)} of competencies (1–1.5 levels).`,
    `Items: true parameters ${r.settings.itemNoise === 0 ? "exactly the engine's" : `around the engine's (noise × ${r.settings.itemNoise})`}.`,
    '',
    table(['', ...r.modes.map((m) => m.mode)], rows.map(([label, f]) => [label, ...r.modes.map(f)])),
    '',
    ...r.modes.map((m) => `${m.mode} stopped because: ${Object.entries(m.stopReasons).map(([k, v]) => `${k} ${v}`).join(', ')}`),
  ];
}
