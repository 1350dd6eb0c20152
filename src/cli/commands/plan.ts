/**
 * `pathway plan`: gaps and a development pathway from assessment results, as readable tables or JSON.
 * The engine's explanations are data; this file is their English rendering for the terminal.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { AssessmentResults } from '../../assessment/types.js';
import { problemLine } from '../../model/problems.js';
import { closest } from '../../model/suggest.js';
import { resolveText } from '../../model/text.js';
import type { Model } from '../../model/types.js';
import { parseResultsText } from '../../planner/results-input.js';
import { planPathway } from '../../planner/plan.js';
import type { Plan, Reason } from '../../planner/types.js';
import { fsMessage, modelOrReport, table, UsageError } from '../io.js';

export const usage = `pathway plan <model.json> --results <results.json> [options]

Reads assessment results for a model and prints the learner's gaps, strengths and an ordered
development pathway with why, what and how for every step.

Options:
  --results <file>    assessment results (format "pathway-results/1"), required
  --role <id>         current role (default: the one in the results)
  --target <id>       target role (default: the results', else the current role's "next")
  --budget <minutes>  time budget (default: the model's planning.budgetMinutes, else 720)
  --done <ids>        comma-separated modules already completed
  --lang <tag>        language of titles (default: the model's)
  --json              print the plan as JSON (format "pathway-plan/1")

Exit 0 when a plan was made (a partial plan says what it could not cover), 1 when the model or the
results file is invalid, 2 on a usage error.`;

export async function run(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      results: { type: 'string' },
      role: { type: 'string' },
      target: { type: 'string' },
      budget: { type: 'string' },
      done: { type: 'string' },
      lang: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('plan takes exactly one model file');
  if (values.results === undefined) throw new UsageError('plan needs the assessment results: --results <results.json>');
  let budget: number | undefined;
  if (values.budget !== undefined) {
    budget = Number(values.budget);
    if (!/^\d+$/.test(values.budget.trim()) || !Number.isSafeInteger(budget)) throw new UsageError(`--budget expects minutes as a whole number ≥ 0, not "${values.budget}"`);
  }
  const modelFile = positionals[0]!;
  const model = modelOrReport(modelFile, out);
  if (!model) return 1;
  const resultsFile = values.results;
  const read = readResults(model, resultsFile);
  if (!read.ok) {
    out(`${resultsFile} cannot be used with ${modelFile}:`);
    for (const line of read.lines) out(line);
    return 1;
  }
  const plan = planPathway(model, read.results, {
    ...(values.role !== undefined ? { currentRole: values.role } : {}),
    ...(values.target !== undefined ? { targetRole: values.target } : {}),
    ...(budget !== undefined ? { budgetMinutes: budget } : {}),
    ...(values.done ? { completed: values.done.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
  });
  if (values.json) {
    out(JSON.stringify(plan, null, 2));
    return 0;
  }
  for (const w of read.warnings) out(w);
  printPlan(model, plan, values.lang ?? model.language, out);
  return 0;
}

function readResults(model: Model, file: string): { ok: true; results: AssessmentResults; warnings: string[] } | { ok: false; lines: string[] } {
  let text: string;
  try {
    if (statSync(file).isDirectory()) return { ok: false, lines: [`error  ${file} is a directory; expected a results file (.json).`] };
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, lines: [`error  ${fsMessage(file, error)}`] };
  }
  const checked = parseResultsText(model, text, Buffer.byteLength(text));
  if (!checked.ok) return { ok: false, lines: checked.problems.map(problemLine) };
  return { ok: true, results: checked.results, warnings: checked.problems.map(problemLine) };
}

const fixed = (x: number, digits = 2): string => x.toFixed(digits);
const pct = (p: number): string => `${Math.round(p * 100)}%`;

/** English sentences for the planner's reason codes (the elements localise the same codes). */
export function describe(reason: Reason, model: Model, lang: string): string {
  const p = reason.params;
  const title = (list: readonly { id: string; title: Model['title'] }[], id: unknown): string => {
    const found = list.find((x) => x.id === id);
    return found ? resolveText(found.title, lang, model.language) : String(id);
  };
  const comp = (): string => title(model.competencies, p.competency);
  const role = (id = p.role): string => title(model.roles, id);
  const mod = (id = p.module): string => title(model.modules, id);
  const suggest = (id: unknown, ids: string[]): string => {
    const s = closest(String(id), ids);
    return s ? ` (did you mean "${s}"?)` : '';
  };
  switch (reason.code) {
    case 'blind-spot':
      return `blind spot on ${comp()}: the self-view is ${fixed(Number(p.gap), 1)} levels above the other evidence (${pct(Number(p.pOverestimate))} sure)`;
    case 'awareness':
      return `builds awareness of how you come across on ${comp()}`;
    case 'closes-gap':
      return `closes ${fixed(Number(p.reduction))} of the ${fixed(Number(p.expectedShortfall))} expected gap on ${comp()} for ${role()} (level ${p.requiredLevel}${p.critical ? ', critical' : ''}; weight ${fixed(Number(p.weight))}; ${pct(Number(p.pMeets))} likely met now)`;
    case 'not-yet-sure': {
      const settle = p.evidence === 'manager' ? "a manager's view" : p.evidence === 'work-sample' ? 'a work sample' : 'a re-assessment after practice';
      return `not yet sure whether level ${p.requiredLevel} of ${comp()} for ${role()} is met (${pct(Number(p.pMeets))} likely): ${settle} would settle it`;
    }
    case 'evidence': {
      const sources = ['self', 'others', 'manager', 'peers'].filter((s) => p[s] === true).join(', ') || 'no rater breakdown';
      return `evidence on ${comp()}: ${p.responses} responses (${sources}); ${p.certainty} certainty (SD ${fixed(Number(p.sd))})`;
    }
    case 'no-evidence':
      return `no evidence yet on ${comp()}: the estimate is a wide prior`;
    case 'prerequisite-for':
      return `needed before ${mod()}`;
    case 'revisit':
      return `revisits ${mod()} after ${p.afterDays} days`;
    case 'module':
      return `${mod()} (${p.kind})`;
    case 'develops':
      return `develops ${comp()} ${p.from !== undefined ? `from level ${p.from} ` : ''}to level ${p.to} (expected +${fixed(Number(p.expectedGain))} for you)`;
    case 'modality':
      return `${p.modality} (${p.kind})`;
    case 'time':
      return `${p.minutes} minutes`;
    case 'first-action': {
      const module = model.modules.find((m) => m.id === p.module);
      return module ? resolveText(module.how, lang, model.language) : '';
    }
    case 'launch':
      return `open ${p.url}`;
    case 'do-after':
      return `after ${mod()}`;
    case 'schedule-after':
      return `${p.afterDays} days after ${mod()}`;
    case 'zero-weight':
      return `the ${role()} role carries no weight in this plan`;
    case 'no-module':
      return `no module in the model develops ${comp()}`;
    case 'no-module-reaches':
      return `no module takes ${comp()} beyond level ${p.highestLevel} for this learner (level ${p.requiredLevel} needed)`;
    case 'out-of-reach':
      return `the modules for ${comp()} are pitched too far above the current level (${fixed(Number(p.level), 1)})`;
    case 'modules-completed':
      return `every module for ${comp()} is already completed`;
    case 'budget':
      return `not within the budget of ${p.budgetMinutes} minutes: steps with more value came first (the cheapest module for it takes ${p.minutes} minutes)`;
    case 'zero-budget':
      return 'competency' in p ? 'the time budget is zero' : 'the time budget is zero: nothing can be planned';
    case 'unknown-role':
      return `role "${p.role}" (${p.slot}) is not in this model${suggest(p.role, model.roles.map((r) => r.id))}`;
    case 'no-role':
      return 'no current or target role: give --role and/or --target';
    case 'same-role':
      return `current and target role are both "${p.role}": planning for that role alone`;
    case 'target-from-next':
      return `target role ${role()} is the usual next step after ${role(p.from)}`;
    case 'model-mismatch':
      return `the results belong to model "${p.found}", not "${p.expected}"`;
    case 'version-mismatch':
      return `the results were made with model version ${p.found}; planning with ${p.expected}`;
    case 'unknown-competency':
      return `the results mention competency "${p.competency}", which is not in the model; ignored`;
    case 'invalid-estimate':
      return `the result for ${comp()} has no valid θ and SD; treated as unknown`;
    case 'default-budget':
      return `no budget given: using ${p.minutes} minutes`;
    case 'no-gaps':
      return 'no gaps: every requirement is probably met';
    case 'no-awareness-module':
      return `blind spot on ${comp()}, but no awareness module in the model develops it`;
    case 'awareness-over-budget':
      return `the awareness step ${mod()} for ${comp()} takes ${p.minutes} minutes, more than the budget`;
    case 'unknown-module':
      return `module "${p.module}" is not in this model${suggest(p.module, model.modules.map((m) => m.id))}`;
    case 'done-outside-plan':
      return `${mod()} was done outside the plan; it counts as completed`;
    case 'predicted-progress':
      return `${p.steps} done steps are counted as expected progress (no new evidence since the last plan)`;
    case 'new-evidence':
      return `new evidence since the last plan: ${p.steps} done steps stay, the rest is planned from the new results`;
    default:
      return `${reason.code} ${JSON.stringify(p)}`;
  }
}

function printPlan(model: Model, plan: Plan, lang: string, out: (line: string) => void): void {
  const say = (r: Reason): string => describe(r, model, lang);
  const titleOf = (list: readonly { id: string; title: Model['title'] }[], id: string | undefined): string => {
    const found = list.find((x) => x.id === id);
    return found ? resolveText(found.title, lang, model.language) : (id ?? '—');
  };
  const roles = [plan.currentRole && titleOf(model.roles, plan.currentRole), plan.targetRole && titleOf(model.roles, plan.targetRole)].filter(Boolean).join(' → ');
  out(`Pathway${roles ? ` for ${roles}` : ''} — ${resolveText(model.title, lang, model.language)} ${model.version}`);
  const blend = Object.entries(plan.blend)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  out(`Budget ${plan.budgetMinutes} min; planned ${plan.totalMinutes} min (${blend}).`);
  if (plan.objective && plan.objective.before > 0) {
    const { before, after } = plan.objective;
    out(`Weighted expected shortfall ${fixed(before)} → ${fixed(after)} (−${pct((before - after) / before)}).`);
  }
  const notes = plan.notes.map(say).filter(Boolean);
  if (notes.length) {
    out('\nNotes:');
    for (const n of notes) out(`  - ${n}`);
  }
  out('\nGaps (blind spots first):');
  if (plan.gaps.length === 0) out('  none');
  else {
    out(
      table(
        ['competency', 'role', 'required', 'level', '90% interval', 'P(meets)', 'decision', 'exp. shortfall', 'weight', 'flags'],
        plan.gaps.map((g) => [
          titleOf(model.competencies, g.competency),
          titleOf(model.roles, g.role),
          g.requiredLevel,
          fixed(g.level, 1),
          `${fixed(g.levelInterval90[0], 1)}–${fixed(g.levelInterval90[1], 1)}`,
          pct(g.pMeets),
          g.decision === 'unsure' ? 'not yet sure' : g.decision,
          fixed(g.expectedShortfall),
          fixed(g.weight, 1),
          [g.blindSpot ? 'blind spot' : '', g.critical ? 'critical' : '', g.noEvidence ? 'no evidence' : ''].filter(Boolean).join(', '),
        ]),
      ),
    );
  }
  if (plan.strengths.length) {
    out('\nStrengths (mentoring candidates):');
    out(
      table(
        ['competency', 'level', 'required', 'P(a level above)', 'hidden strength'],
        plan.strengths.map((s) => [titleOf(model.competencies, s.competency), fixed(s.level, 1), s.requiredLevel, pct(s.pAbove), s.hiddenStrength ? 'yes' : '']),
      ),
    );
  }
  out('\nPathway:');
  if (plan.steps.length === 0) out('  no steps');
  else {
    out(
      table(
        ['#', 'step', 'kind', 'modality', 'minutes', 'value', 'status'],
        plan.steps.map((s, i) => [i + 1, titleOf(model.modules, s.module), s.kind, s.modality, s.minutes, fixed(s.value, 3), s.status]),
      ),
    );
    plan.steps.forEach((s, i) => {
      out(`\n${i + 1}. ${titleOf(model.modules, s.module)}`);
      // Contributions that round to 0.00 stay in the data (the JSON) but would only clutter the text.
      const why = s.explanation.why.filter((r) => r.code !== 'closes-gap' || Number(r.params.reduction) >= 0.005).map(say).filter(Boolean);
      out(`   why:  ${why.join('\n         ')}`);
      out(`   what: ${s.explanation.what.map(say).join('\n         ')}`);
      out(`   how:  ${s.explanation.how.map(say).join('\n         ')}`);
    });
  }
  if (plan.settle?.length) {
    out('\nNot yet sure (what would settle it):');
    for (const s of plan.settle) out(`  - ${say(s.reason)}`);
  }
  if (plan.uncovered.length) {
    out('\nNot covered:');
    out(table(['competency', 'role', 'why'], plan.uncovered.map((u) => [titleOf(model.competencies, u.competency), titleOf(model.roles, u.role), say(u.reason)])));
  }
}
