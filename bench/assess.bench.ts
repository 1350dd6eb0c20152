// The assessment engine: next-item selection and ability update latency on dichotomous (2PL) banks
// of 100, 1,000 and 10,000 items, side by side with jsCAT (@bdelab/jscat, EAP + maximum Fisher
// information) on the same banks and answers; then the simulation figures for each sample model and
// a generated large bank, and the size of the saved state.
//
// Latencies are CPU time of this process (process.cpuUsage) per call, after a warm-up, so that other
// processes on a shared machine do not inflate them; medians and the 95th percentile.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Cat } from '@bdelab/jscat';
import { build } from 'esbuild';
import { generateDichotomousModel, generateModel } from '../src/assessment/generate.js';
import { startAssessment } from '../src/assessment/session.js';
import { OFF_MODEL_VARIANTS, ON_MODEL, simulate, type ModeSummary } from '../src/assessment/simulate.js';
import { moments, normalizeLog, ThetaGrid } from '../src/assessment/grid.js';
import { Random } from '../src/assessment/random.js';
import { requireModel } from '../src/model/load.js';
import type { Model } from '../src/model/types.js';

interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const LEARNERS = Number(process.env.PATHWAY_BENCH_LEARNERS ?? 200);

function cpu<T>(f: () => T, into: number[]): T {
  const start = process.cpuUsage();
  const value = f();
  const used = process.cpuUsage(start);
  into.push((used.user + used.system) / 1000);
  return value;
}

function quantile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

const round = (x: number, digits = 4): number => Number(x.toPrecision(digits));

/** Our engine on a 2PL bank: `learners` sessions of up to `steps` items each. */
function ours(model: Model, parameters: { a: number; b: number }[], learners: number, steps: number) {
  const select: number[] = [];
  const update: number[] = [];
  for (let l = -1; l < learners; l++) {
    const rng = new Random(1000 + l);
    const theta = rng.normal();
    const session = startAssessment(model, { currentRole: 'member', seed: l });
    for (let k = 0; k < steps; k++) {
      const step = l < 0 ? session.next() : cpu(() => session.next(), select); // l = −1: warm-up
      if (!step) break;
      const p = parameters[Number(step.itemId.slice(1))]!;
      const choice = rng.next() < 1 / (1 + Math.exp(-p.a * (theta - p.b))) ? 1 : 0;
      if (l < 0) session.answer({ item: step.itemId, choice });
      else cpu(() => session.answer({ item: step.itemId, choice }), update);
    }
  }
  return { select, update };
}

/** jsCAT on the same bank: EAP ability, maximum-information selection, no deep copy of the bank. */
function jscat(parameters: { a: number; b: number }[], learners: number, steps: number) {
  const select: number[] = [];
  const update: number[] = [];
  for (let l = -1; l < learners; l++) {
    const rng = new Random(1000 + l);
    const theta = rng.normal();
    const cat = new Cat({ method: 'EAP', itemSelect: 'MFI' });
    let remaining = parameters.map((p, i) => ({ a: p.a, b: p.b, c: 0, d: 1, id: i }));
    for (let k = 0; k < steps && remaining.length > 0; k++) {
      const found = l < 0 ? cat.findNextItem(remaining, 'MFI', false) : cpu(() => cat.findNextItem(remaining, 'MFI', false), select);
      const item = found.nextStimulus as { a: number; b: number; c: number; d: number; id: number };
      remaining = found.remainingStimuli as typeof remaining;
      const answer = rng.next() < 1 / (1 + Math.exp(-item.a * (theta - item.b))) ? 1 : 0;
      if (l < 0) cat.updateAbilityEstimate(item, answer);
      else cpu(() => cat.updateAbilityEstimate(item, answer), update);
    }
  }
  return { select, update };
}

/**
 * The lean baseline on our own data layout: item parameters in typed arrays, the posterior as log
 * weights on our θ grid, EAP, and maximum Fisher information over every item not yet asked — no
 * per-call object conversion or sorting (jsCAT's cost), and none of our engine's decision analysis.
 * What our selection costs beyond it is the price of choosing by decision loss instead of information.
 */
function leanMfi(parameters: { a: number; b: number }[], learners: number, steps: number) {
  const select: number[] = [];
  const update: number[] = [];
  const n = parameters.length;
  const a = Float64Array.from(parameters, (p) => p.a);
  const b = Float64Array.from(parameters, (p) => p.b);
  const grid = new ThetaGrid();
  const weights = new Float64Array(grid.size);
  for (let l = -1; l < learners; l++) {
    const rng = new Random(1000 + l);
    const theta = rng.normal();
    const logPosterior = Float64Array.from(grid.logPrior);
    const asked = new Uint8Array(n);
    const next = (): number => {
      normalizeLog(logPosterior, weights);
      const eap = moments(grid, weights).mean;
      let best = -1;
      let bestInfo = -1;
      for (let i = 0; i < n; i++) {
        if (asked[i]) continue;
        const p = 1 / (1 + Math.exp(-a[i]! * (eap - b[i]!)));
        const info = a[i]! * a[i]! * p * (1 - p);
        if (info > bestInfo) {
          bestInfo = info;
          best = i;
        }
      }
      return best;
    };
    const record = (i: number, answer: number): void => {
      asked[i] = 1;
      for (let j = 0; j < grid.size; j++) {
        const p = 1 / (1 + Math.exp(-a[i]! * (grid.points[j]! - b[i]!)));
        logPosterior[j]! += Math.log(answer ? p : 1 - p);
      }
    };
    for (let k = 0; k < steps; k++) {
      const item = l < 0 ? next() : cpu(next, select);
      if (item < 0) break;
      const answer = rng.next() < 1 / (1 + Math.exp(-a[item]! * (theta - b[item]!))) ? 1 : 0;
      if (l < 0) record(item, answer);
      else cpu(() => record(item, answer), update);
    }
  }
  return { select, update };
}

export function selectionFigures(log: (line: string) => void): Figure[] {
  const figures: Figure[] = [];
  const plan: Record<number, { ours: number; jscat: number; steps: number }> = {
    100: { ours: 40, jscat: 20, steps: 30 },
    1000: { ours: 40, jscat: 10, steps: 30 },
    10000: { ours: 10, jscat: 3, steps: 15 },
  };
  for (const [size, p] of Object.entries(plan).map(([n, p]) => [Number(n), p] as const)) {
    const { model, parameters } = generateDichotomousModel(size, 7);
    // Our sessions stop on their own once the decision is made; both engines see the same kind of answers.
    const a = ours(model, parameters, p.ours, p.steps);
    const b = jscat(parameters, p.jscat, p.steps);
    const lean = leanMfi(parameters, p.ours, p.steps);
    const ourMedian = quantile(a.select, 0.5);
    const theirMedian = quantile(b.select, 0.5);
    const leanMedian = quantile(lean.select, 0.5);
    log(`2PL bank of ${size}: ours ${a.select.length} selections, median ${ourMedian.toFixed(3)} ms; jsCAT ${b.select.length}, median ${theirMedian.toFixed(3)} ms; lean MFI ${lean.select.length}, median ${leanMedian.toFixed(4)} ms`);
    figures.push(
      { name: `assess.select.median.ms.${size}`, value: round(ourMedian), unit: 'ms', note: 'next() incl. posterior refresh, CPU time' },
      { name: `assess.select.p95.ms.${size}`, value: round(quantile(a.select, 0.95)), unit: 'ms', note: 'next() incl. posterior refresh, CPU time' },
      { name: `assess.update.median.ms.${size}`, value: round(quantile(a.update, 0.5)), unit: 'ms', note: 'answer(), CPU time' },
      { name: `assess.update.p95.ms.${size}`, value: round(quantile(a.update, 0.95)), unit: 'ms', note: 'answer(), CPU time' },
      { name: `assess.jscat.select.median.ms.${size}`, value: round(theirMedian), unit: 'ms', note: 'jsCAT 5.2.3 findNextItem (MFI, EAP, no deep copy)' },
      { name: `assess.jscat.update.median.ms.${size}`, value: round(quantile(b.update, 0.5)), unit: 'ms', note: 'jsCAT updateAbilityEstimate (EAP)' },
      { name: `assess.select.speedupVsJscat.${size}`, value: round(theirMedian / ourMedian, 3), unit: '×', note: "jsCAT's median / ours, same bank, same run" },
      { name: `assess.leanMfi.select.median.ms.${size}`, value: round(leanMedian), unit: 'ms', note: 'lean maximum information on our data layout (typed arrays, our θ grid, EAP, every item scanned), CPU time' },
      { name: `assess.select.speedupVsLeanMfi.${size}`, value: round(leanMedian / ourMedian, 3), unit: '×', note: 'lean MFI median / ours: below 1 is what decision-loss selection costs over plain information, same data layout' },
    );
  }
  return figures;
}

function simulationFigures(log: (line: string) => void): Figure[] {
  const figures: Figure[] = [];
  const models: [string, Model][] = readdirSync('demo/models')
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f.replace(/\.json$/, ''), requireModel(readFileSync(`demo/models/${f}`, 'utf8'))]);
  models.push(['generated', generateModel({ competencies: 16, itemsPerCompetency: 40, seed: 1 })]);
  let stateChars = 0;
  let adaptiveStateChars = 0;
  const self = 'self-assessment only, adaptive, the model\'s own limits';
  for (const [name, model] of models) {
    const started = performance.now();
    // The simulation's default setting: self-assessment only, item parameters with noise around the engine's.
    // The default setting is off the engine's assumptions (OFF_MODEL in simulate.ts, docs/assessment.md).
    const report = simulate(model, { learners: LEARNERS, seed: 1 });
    const [adaptive, fixed] = report.modes as [(typeof report.modes)[0], (typeof report.modes)[0]];
    if (name !== 'generated') {
      stateChars = Math.max(stateChars, adaptive.stateChars, fixed.stateChars);
      adaptiveStateChars = Math.max(adaptiveStateChars, adaptive.stateChars);
    }
    // The goal's own terms: the adaptive form limited to half the fixed form's items, without a time budget.
    const halfItems = Math.floor(fixed.items.mean / 2);
    const half = simulate(model, { learners: LEARNERS, seed: 1, modes: ['adaptive'], maxItems: halfItems, maxMinutes: 10_000 }).modes[0]!;
    log(
      `${name} (${model.items.length} items, ${LEARNERS} learners): adaptive ${adaptive.items.mean.toFixed(1)} items, accuracy ${adaptive.accuracy.overall.toFixed(3)}, ` +
        `blind spots ${pct(adaptive.blindSpot.detection)} / ${pct(adaptive.blindSpot.falseAlarm)}; fixed ${fixed.items.mean.toFixed(1)} items, accuracy ${fixed.accuracy.overall.toFixed(3)}, ` +
        `blind spots ${pct(fixed.blindSpot.detection)} / ${pct(fixed.blindSpot.falseAlarm)}; half the items: ${half.accuracy.overall.toFixed(3)}`,
    );
    figures.push(
      { name: `assess.${name}.items.adaptive.mean`, value: round(adaptive.items.mean), unit: 'items', note: self },
      { name: `assess.${name}.items.adaptive.p95`, value: adaptive.items.p95, unit: 'items', note: self },
      { name: `assess.${name}.items.fixed.mean`, value: round(fixed.items.mean), unit: 'items' },
      { name: `assess.${name}.accuracy.adaptive`, value: round(adaptive.accuracy.overall), unit: 'fraction', note: `${self}; current and target role thresholds` },
      { name: `assess.${name}.accuracy.fixed`, value: round(fixed.accuracy.overall), unit: 'fraction', note: 'self-assessment only, every item; current and target role thresholds' },
      { name: `assess.${name}.accuracy.expected.adaptive`, value: round(adaptive.accuracy.expected), unit: 'fraction', note: 'mean of max(pMeets, 1 − pMeets): the accuracy the posteriors promise' },
      { name: `assess.${name}.accuracy.expected.fixed`, value: round(fixed.accuracy.expected), unit: 'fraction', note: 'mean of max(pMeets, 1 − pMeets)' },
      { name: `assess.${name}.accuracy.adaptive.halfItems`, value: round(half.accuracy.overall), unit: 'fraction', note: `adaptive, at most ${halfItems} items (half the fixed form), no time budget` },
      { name: `assess.${name}.items.adaptive.halfItems.mean`, value: round(half.items.mean), unit: 'items', note: 'adaptive, at most half the fixed form, no time budget' },
      { name: `assess.${name}.rmse.adaptive`, value: round(adaptive.rmse), unit: 'θ' },
      { name: `assess.${name}.rmse.fixed`, value: round(fixed.rmse), unit: 'θ' },
      { name: `assess.${name}.blindspot.detection`, value: round(adaptive.blindSpot.detection ?? 0), unit: 'fraction', note: self },
      { name: `assess.${name}.blindspot.falseAlarm`, value: round(adaptive.blindSpot.falseAlarm), unit: 'fraction', note: self },
      { name: `assess.${name}.blindspot.detectionAt10.adaptive`, value: round(adaptive.blindSpot.detectionAtTenPercent ?? 0), unit: 'fraction', note: `${self}; found by the threshold that gives 10% false alarms` },
      { name: `assess.${name}.blindspot.withOtherEvidence`, value: round(adaptive.blindSpot.withOtherEvidence ?? 0), unit: 'fraction', note: `${self}; blind spots whose competency got an item that is not self-report` },
      { name: `assess.${name}.blindspot.detection.fixed`, value: round(fixed.blindSpot.detection ?? 0), unit: 'fraction', note: 'self-assessment only, fixed form' },
      { name: `assess.${name}.blindspot.falseAlarm.fixed`, value: round(fixed.blindSpot.falseAlarm), unit: 'fraction', note: 'self-assessment only, fixed form' },
      { name: `assess.${name}.blindspot.detectionAt10.fixed`, value: round(fixed.blindSpot.detectionAtTenPercent ?? 0), unit: 'fraction', note: 'self-assessment only, fixed form; at 10% false alarms' },
    );
    if (name !== 'generated') {
      // With raters: a manager alone, and a manager with three peers (each rater's own form, same mode).
      const manager = simulate(model, { learners: LEARNERS, seed: 2, observers: { manager: 1 }, modes: ['adaptive'] }).modes[0]!;
      const [multi, multiFixed] = simulate(model, { learners: LEARNERS, seed: 2, observers: { manager: 1, peer: 3 } }).modes as [(typeof report.modes)[0], (typeof report.modes)[0]];
      const raters = 'self + manager + 3 peers';
      const onModel = simulate(model, { learners: LEARNERS, seed: 1, modes: ['adaptive'], setting: ON_MODEL }).modes[0]!;
      const onModelRaters = simulate(model, { learners: LEARNERS, seed: 2, modes: ['adaptive'], setting: ON_MODEL, observers: { manager: 1, peer: 3 } }).modes[0]!;
      figures.push(
        ...honesty(name, adaptive, multi, ''),
        ...honesty(name, onModel, onModelRaters, '.onModel'),
      );
      log(
        `${name} off-model: coverage ${pct(adaptive.coverage90.overall)} (min group ${pct(adaptive.coverage90.minGroup)}), decided ${pct(adaptive.decided.share)} at ${pct(adaptive.decided.accuracy)} right, ` +
          `with raters ${pct(multi.decided.share)} at ${pct(multi.decided.accuracy)}, blind spots with raters ${pct(multi.blindSpot.detection)} / ${pct(multi.blindSpot.falseAlarm)}, AUC self ${adaptive.blindSpot.auc?.toFixed(3)}; ` +
          `on-model: coverage ${pct(onModel.coverage90.overall)} (min ${pct(onModel.coverage90.minGroup)}), decided ${pct(onModel.decided.share)} at ${pct(onModel.decided.accuracy)}`,
      );
      figures.push(...variantFigures(name, model, log));
      figures.push(
        { name: `assess.${name}.accuracy.adaptive.withManager`, value: round(manager.accuracy.overall), unit: 'fraction', note: 'self + manager, adaptive forms' },
        { name: `assess.${name}.blindspot.detection.withManager`, value: round(manager.blindSpot.detection ?? 0), unit: 'fraction', note: 'self + manager, adaptive forms' },
        { name: `assess.${name}.blindspot.falseAlarm.withManager`, value: round(manager.blindSpot.falseAlarm), unit: 'fraction', note: 'self + manager, adaptive forms' },
        { name: `assess.${name}.accuracy.adaptive.withRaters`, value: round(multi.accuracy.overall), unit: 'fraction', note: `${raters}, adaptive forms` },
        { name: `assess.${name}.accuracy.fixed.withRaters`, value: round(multiFixed.accuracy.overall), unit: 'fraction', note: `${raters}, fixed forms` },
        { name: `assess.${name}.blindspot.detection.withRaters`, value: round(multi.blindSpot.detection ?? 0), unit: 'fraction', note: `${raters}, adaptive forms` },
        { name: `assess.${name}.blindspot.falseAlarm.withRaters`, value: round(multi.blindSpot.falseAlarm), unit: 'fraction', note: `${raters}, adaptive forms` },
        { name: `assess.${name}.blindspot.detection.fixed.withRaters`, value: round(multiFixed.blindSpot.detection ?? 0), unit: 'fraction', note: `${raters}, fixed forms` },
        { name: `assess.${name}.blindspot.falseAlarm.fixed.withRaters`, value: round(multiFixed.blindSpot.falseAlarm), unit: 'fraction', note: `${raters}, fixed forms` },
      );
      log(
        `${name} with a manager: accuracy ${manager.accuracy.overall.toFixed(3)}, blind spots ${pct(manager.blindSpot.detection)} / ${pct(manager.blindSpot.falseAlarm)}; ` +
          `with a manager and 3 peers: adaptive ${multi.accuracy.overall.toFixed(3)} (${pct(multi.blindSpot.detection)} / ${pct(multi.blindSpot.falseAlarm)}), ` +
          `fixed ${multiFixed.accuracy.overall.toFixed(3)} (${pct(multiFixed.blindSpot.detection)} / ${pct(multiFixed.blindSpot.falseAlarm)})`,
      );
    }
    log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  figures.push(
    { name: 'assess.state.chars.max', value: stateChars, unit: 'chars', note: 'longest saved state on the sample models, fixed forms included (SCORM 1.2 suspend data holds 4,096)' },
    { name: 'assess.state.chars.adaptive.max', value: adaptiveStateChars, unit: 'chars', note: 'longest adaptive saved state on the sample models' },
  );
  return figures;
}

/**
 * The figures of honest measurement (issue 12) for one setting: interval coverage overall and in the
 * worst self-view group, three-way decisions self only and with a manager and three peers, blind spots.
 */
function honesty(name: string, self: ModeSummary, withRaters: ModeSummary, suffix: string): Figure[] {
  const setting = suffix === '' ? "off the engine's assumptions (OFF_MODEL)" : "the engine's own assumptions (ON_MODEL)";
  const selfNote = `self only, adaptive, the model's limits; ${setting}`;
  const ratersNote = `self + manager + 3 peers, adaptive forms; ${setting}`;
  return [
    { name: `assess.${name}.coverage90${suffix}`, value: round(self.coverage90.overall), unit: 'fraction', note: `90% intervals holding the true θ; ${selfNote}` },
    { name: `assess.${name}.coverage90.minGroup${suffix}`, value: round(self.coverage90.minGroup), unit: 'fraction', note: `the lowest coverage among honest, inflated and deflated self-views; ${selfNote}` },
    { name: `assess.${name}.coverage90.withRaters${suffix}`, value: round(withRaters.coverage90.overall), unit: 'fraction', note: ratersNote },
    { name: `assess.${name}.coverage90.minGroup.withRaters${suffix}`, value: round(withRaters.coverage90.minGroup), unit: 'fraction', note: ratersNote },
    { name: `assess.${name}.decided.accuracy${suffix}`, value: round(self.decided.accuracy), unit: 'fraction', note: `right among meets/below decisions (thresholds 0.8 / 0.2); ${selfNote}` },
    { name: `assess.${name}.decided.expected${suffix}`, value: round(self.decided.expected), unit: 'fraction', note: `mean of max(pMeets, 1 − pMeets) among the decisions made: the accuracy the posteriors promise; ${selfNote}` },
    { name: `assess.${name}.decided.share${suffix}`, value: round(self.decided.share), unit: 'fraction', note: `requirements decided (not "not yet sure"); ${selfNote}` },
    { name: `assess.${name}.decided.accuracy.withRaters${suffix}`, value: round(withRaters.decided.accuracy), unit: 'fraction', note: ratersNote },
    { name: `assess.${name}.decided.share.withRaters${suffix}`, value: round(withRaters.decided.share), unit: 'fraction', note: ratersNote },
    { name: `assess.${name}.brier${suffix}`, value: round(self.reliability.brier), unit: 'score', note: `Brier score of P(meets); ${selfNote}` },
    { name: `assess.${name}.blindspot.auc${suffix}`, value: round(self.blindSpot.auc ?? 0), unit: 'fraction', note: `ROC area of P(blind spot); ${selfNote}` },
    { name: `assess.${name}.blindspot.auc.withRaters${suffix}`, value: round(withRaters.blindSpot.auc ?? 0), unit: 'fraction', note: ratersNote },
    ...(suffix === ''
      ? []
      : [
          { name: `assess.${name}.blindspot.detection.withRaters${suffix}`, value: round(withRaters.blindSpot.detection ?? 0), unit: 'fraction', note: ratersNote },
          { name: `assess.${name}.blindspot.falseAlarm.withRaters${suffix}`, value: round(withRaters.blindSpot.falseAlarm), unit: 'fraction', note: ratersNote },
        ]),
    { name: `assess.${name}.blindspot.detectionAt10.withRaters${suffix}`, value: round(withRaters.blindSpot.detectionAtTenPercent ?? 0), unit: 'fraction', note: `found by the threshold that gives 10% false alarms; ${ratersNote}` },
  ];
}

/**
 * Where the engine breaks: coverage and decisions, self only, in each further off-model population
 * (OFF_MODEL_VARIANTS); harsh raters with a manager and three peers, since only raters see them.
 */
function variantFigures(name: string, model: Model, log: (line: string) => void): Figure[] {
  const figures: Figure[] = [];
  for (const [variant, setting] of Object.entries(OFF_MODEL_VARIANTS)) {
    const raters = variant === 'harshRaters';
    const m = simulate(model, { learners: LEARNERS, seed: 3, modes: ['adaptive'], setting, ...(raters ? { observers: { manager: 1, peer: 3 } } : {}) }).modes[0]!;
    const note = `${raters ? 'self + manager + 3 peers' : 'self only'}, adaptive; population OFF_MODEL_VARIANTS.${variant} (simulate.ts)`;
    log(`${name} ${variant}${raters ? ' (with raters)' : ''}: coverage ${pct(m.coverage90.overall)} (min group ${pct(m.coverage90.minGroup)}), decided ${pct(m.decided.share)} at ${pct(m.decided.accuracy)} right`);
    figures.push(
      { name: `assess.${name}.coverage90.${variant}`, value: round(m.coverage90.overall), unit: 'fraction', note },
      { name: `assess.${name}.coverage90.minGroup.${variant}`, value: round(m.coverage90.minGroup), unit: 'fraction', note },
      { name: `assess.${name}.decided.accuracy.${variant}`, value: round(m.decided.accuracy), unit: 'fraction', note },
      { name: `assess.${name}.decided.share.${variant}`, value: round(m.decided.share), unit: 'fraction', note },
    );
  }
  return figures;
}

const pct = (x: number | undefined): string => (x === undefined ? '–' : `${(100 * x).toFixed(1)}%`);

/** What the engine costs a browser page: the session API bundled and minified, gzipped. */
async function bundleFigure(): Promise<Figure> {
  const result = await build({
    stdin: { contents: "export { startAssessment, resumeAssessment, fuseAssessments } from './src/assessment/session.ts'; export { displayOrder } from './src/assessment/display.ts';", resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2021',
    write: false,
  });
  return { name: 'assess.bundle.gz', value: gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length, unit: 'bytes', note: 'session API (scoring, selection, fusion, state), esbuild minified, gzip -9' };
}

/**
 * How honest the first "about N questions left" is: per sample model and role, the first estimate
 * against the mean length simulated learners take; the figure is the mean relative error.
 */
function progressFigure(log: (line: string) => void): Figure {
  const errors: number[] = [];
  for (const file of readdirSync('demo/models').filter((f) => f.endsWith('.json'))) {
    const model = requireModel(readFileSync(`demo/models/${file}`, 'utf8'));
    for (const role of model.roles) {
      const first = startAssessment(model, { currentRole: role.id, seed: 1 }).progress().expectedTotal;
      const simulated = simulate(model, { learners: 60, seed: 5, currentRole: role.id, modes: ['adaptive'] }).modes[0]!.items.mean;
      errors.push(Math.abs(first - simulated) / simulated);
      log(`  progress ${model.id} ${role.id}: first estimate ${first}, simulated mean ${simulated.toFixed(1)}`);
    }
  }
  const mean = errors.reduce((s, e) => s + e, 0) / errors.length;
  return { name: 'ux.progress.firstEstimate.error', value: round(mean, 3), unit: 'fraction', note: `mean |first estimate − simulated mean length| / simulated mean over ${errors.length} model × role pairs (worst ${round(Math.max(...errors), 3)}); goal ≤ 0.20` };
}

export default async function (context: { log: (line: string) => void }): Promise<Figure[]> {
  return [await bundleFigure(), progressFigure(context.log), ...selectionFigures(context.log), ...simulationFigures(context.log)];
}
