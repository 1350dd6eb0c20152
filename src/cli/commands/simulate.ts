import { parseArgs } from 'node:util';
import { OptionsError } from '../../assessment/errors.js';
import { OFF_MODEL, ON_MODEL, simulate, SIMULATION_DEFAULTS, type ModeSummary, type SimulationReport, type SimulationSetting } from '../../assessment/simulate.js';
import { modelOrReport, table, UsageError } from '../io.js';

export const usage = `pathway simulate <model.json> [options]

Simulates learners with known true proficiencies answering through the assessment engine,
adaptively and as the fixed form, and reports how many items each took and how well the results
match the truth: interval coverage, decisions, blind spots. By default the learners do not follow
the engine's own assumptions (docs/assessment.md, "Simulation"): the population, the self-views,
the raters' leniency and the items' true parameters all stray from them; --on-model draws them
from the engine's assumptions instead.

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
  --on-model       learners, raters and items as the engine assumes them
  --mean X         population mean of θ (default ${OFF_MODEL.population.mean})
  --sd X           population SD of θ (default ${OFF_MODEL.population.sd})
  --correlation R  correlation between any two competencies, whatever "related" says (default ${OFF_MODEL.population.correlation})
  --shape S        population shape: normal, skewed (long right tail) or bimodal (two cohorts) (default normal)
  --self-views H,I,D  shares of honest, inflated and deflated people (default ${(() => { const v = OFF_MODEL.selfViews as Exclude<SimulationSetting['selfViews'], 'engine'>; return `${v.honest},${v.inflated},${v.deflated}`; })()})
  --self-shift X   person-level inflation (+) or deflation (−) of those groups, θ (default ${(OFF_MODEL.selfViews as { shift: number }).shift})
  --rater-mean X   raters' mean leniency, θ (default ${OFF_MODEL.raters.mean})
  --rater-sd X     spread of raters' leniency, each rater's own on every competency (default ${OFF_MODEL.raters.sd})
  --item-noise X   how far true item parameters stray from the engine's, as a multiple of the
                   default (log-slope SD 0.25, location SD 0.25 θ, situational options SD 0.25);
                   0 = respondents follow the engine's item models exactly (default ${OFF_MODEL.itemNoise})
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
      'on-model': { type: 'boolean' },
      mean: { type: 'string' },
      sd: { type: 'string' },
      correlation: { type: 'string' },
      shape: { type: 'string' },
      'self-views': { type: 'string' },
      'self-shift': { type: 'string' },
      'rater-mean': { type: 'string' },
      'rater-sd': { type: 'string' },
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
  const setting = settingFrom(values);

  const file = positionals[0]!;
  const model = modelOrReport(file, out);
  if (!model) return 1;
  let report: SimulationReport;
  try {
    report = simulate(model, {
      learners,
      seed,
      ...(values.role !== undefined ? { currentRole: values.role } : {}),
      ...(values.target !== undefined ? { targetRole: values.target } : {}),
      modes: mode === 'both' ? ['adaptive', 'fixed'] : [mode as 'adaptive' | 'fixed'],
      observers: { manager: managers, peer: peers },
      ...(maxItems !== undefined ? { maxItems } : {}),
      ...(maxMinutes !== undefined ? { maxMinutes } : {}),
      ...(itemNoise !== undefined ? { itemNoise } : {}),
      setting,
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

/** The simulation setting from the options: the engine's own (--on-model) or the default off it, part by part. */
function settingFrom(values: Record<string, string | boolean | undefined>): SimulationSetting {
  const offOptions = ['mean', 'sd', 'correlation', 'shape', 'self-views', 'self-shift', 'rater-mean', 'rater-sd'].filter((o) => values[o] !== undefined);
  if (values['on-model']) {
    if (offOptions.length > 0) throw new UsageError(`--on-model draws everything from the engine's assumptions; it cannot be combined with --${offOptions.join(', --')}`);
    return ON_MODEL;
  }
  const num = (name: string, min: number, max: number, fallback: number): number => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!(Number.isFinite(n) && n >= min && n <= max)) throw new UsageError(`--${name} must be a number from ${min} to ${max}, got "${String(raw)}"`);
    return n;
  };
  const views = OFF_MODEL.selfViews as Exclude<SimulationSetting['selfViews'], 'engine'>;
  let shares = [views.honest, views.inflated, views.deflated];
  if (values['self-views'] !== undefined) {
    shares = String(values['self-views']).split(',').map(Number);
    if (shares.length !== 3 || shares.some((x) => !(x >= 0)) || shares.reduce((a, b) => a + b, 0) <= 0) {
      throw new UsageError(`--self-views must be three shares "honest,inflated,deflated" (e.g. 0.5,0.3,0.2), got "${String(values['self-views'])}"`);
    }
  }
  const shape = values.shape ?? 'normal';
  if (shape !== 'normal' && shape !== 'skewed' && shape !== 'bimodal') throw new UsageError(`--shape must be normal, skewed or bimodal, got "${String(shape)}"`);
  return {
    population: { mean: num('mean', -3, 3, OFF_MODEL.population.mean), sd: num('sd', 0.1, 3, OFF_MODEL.population.sd), correlation: num('correlation', 0, 0.95, OFF_MODEL.population.correlation!), shape },
    selfViews: { ...views, honest: shares[0]!, inflated: shares[1]!, deflated: shares[2]!, shift: num('self-shift', 0, 3, views.shift) },
    raters: { ...OFF_MODEL.raters, mean: num('rater-mean', -2, 2, OFF_MODEL.raters.mean), sd: num('rater-sd', 0, 2, OFF_MODEL.raters.sd) },
    itemNoise: OFF_MODEL.itemNoise,
  };
}

const percent = (x: number | undefined): string => (x === undefined ? '–' : `${(100 * x).toFixed(1)}%`);
const fixed = (x: number, digits = 2): string => x.toFixed(digits);

function settingLines(r: SimulationReport): string[] {
  const s = r.settings.setting;
  if (r.settings.onModel) return [`Setting: the engine's own assumptions (--on-model): population N(0, ${ON_MODEL.population.sd}²) with the model's related competencies, self-views and raters from the engine's priors, items exactly the engine's.`];
  const v = s.selfViews;
  return [
    `Setting: off the engine's assumptions. Population θ ${s.population.shape && s.population.shape !== 'normal' ? `${s.population.shape}, mean ${s.population.mean}, SD ${s.population.sd}` : `~ N(${s.population.mean}, ${s.population.sd}²)`}${s.population.correlation !== undefined ? `, competencies correlated ${s.population.correlation}` : ''}.`,
    v === 'engine'
      ? "Self-views from the engine's priors."
      : `Self-views: +${r.settings.selfLeniency} θ on average, and ${percent(v.honest)} honest / ${percent(v.inflated)} inflated / ${percent(v.deflated)} deflated people (±${v.shift} θ, person SD ${v.personSD}, per competency SD ${v.competencySD}).`,
    `Raters: leniency ${s.raters.mean} θ on average, SD ${s.raters.sd} per rater (shared by every competency) and ${s.raters.competencySD} per competency.`,
    `Items: true parameters ${r.settings.itemNoise === 0 ? "exactly the engine's" : `around the engine's (noise × ${r.settings.itemNoise})`}.`,
  ];
}

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
    [`decided (meets ≥ ${r.settings.decision.meets}, below ≤ ${r.settings.decision.below})`, (m) => `${percent(m.decided.share)} (${percent(m.decided.accuracy)} right)`],
    ['  not yet sure', (m) => percent(1 - m.decided.share)],
    ['90% intervals holding the truth', (m) => percent(m.coverage90.overall)],
    ...(['honest', 'inflated', 'deflated'] as const).map((g): [string, (m: ModeSummary) => string] => [`  ${g} self-views`, (m) => percent(m.coverage90.byGroup[g])]),
    ['Brier score of P(meets)', (m) => fixed(m.reliability.brier, 3)],
    ['RMSE of θ', (m) => fixed(m.rmse, 3)],
    ['correlation with true θ', (m) => fixed(m.correlation, 3)],
    ['blind spots found', (m) => `${percent(m.blindSpot.detection)} of ${m.blindSpot.cases}`],
    ['blind-spot false alarms', (m) => percent(m.blindSpot.falseAlarm)],
    ['  found at 10% false alarms', (m) => percent(m.blindSpot.detectionAtTenPercent)],
    ['  with evidence besides self-report', (m) => percent(m.blindSpot.withOtherEvidence)],
    ['  ROC area of P(blind spot)', (m) => (m.blindSpot.auc === undefined ? '–' : fixed(m.blindSpot.auc, 3))],
    ['hidden strengths found', (m) => `${percent(m.hiddenStrength.detection)} of ${m.hiddenStrength.cases}`],
    ['longest saved state', (m) => `${m.stateChars} chars`],
  ];
  return [
    `Simulated ${r.learners} learners on ${file} (seed ${r.seed}).`,
    `Roles: ${r.roles}. Raters: ${raters}.`,
    ...settingLines(r),
    ...r.emptyForms.map((rater) => `Warning: no item of this model has observer wording, so every ${rater} gets an empty form and adds nothing (add observerStem to frequency and anchored items).`),
    '',
    table(['', ...r.modes.map((m) => m.mode)], rows.map(([label, f]) => [label, ...r.modes.map(f)])),
    '',
    ...r.modes.flatMap((m) => [
      `${m.mode}: reliability of P(meets) (bin: requirements, mean P, share truly met):`,
      `  ${m.reliability.bins.filter((b) => b.n > 0).map((b) => `${b.from.toFixed(1)}–${b.to.toFixed(1)}: ${b.n}, ${fixed(b.predicted)}, ${fixed(b.observed)}`).join('; ')}`,
    ]),
    '',
    ...r.modes.map((m) => `${m.mode} stopped because: ${Object.entries(m.stopReasons).map(([k, v]) => `${k} ${v}`).join(', ')}`),
  ];
}
