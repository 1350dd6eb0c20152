import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { coverageReport, type CoverageReport } from '../../authoring/coverage.js';
import { draftItems } from '../../authoring/draft.js';
import { validateModel } from '../../model/load.js';
import { problemLine } from '../../model/problems.js';
import { modelOrReport, table, UsageError } from '../io.js';

export const usage = `pathway draft-items <model.json> --out <model.json> [options]

Drafts assessment items from the model's behavioural indicators: one frequency item per indicator,
worded for the learner ("How often do you …?") and for managers and peers ("How often does this
person …?"), and one anchored-choice item per competency with an option per level. Every draft is
marked extensions.draft = {source, status: "review"} for an author to review. Situational judgement
items need an expert key and are never drafted. Running it again drafts only what is new.

Then prints the coverage of each competency a role requires: items on the self form, on the
observer forms, evidence that is not self-report, and the items needed for a sure decision (from
the items' information at the requirement, for a learner one level from it).

Options:
  --out FILE        where to write the model with its drafts (required unless --report)
  --report          only print the coverage of the model as it is
  --no-frequency    do not draft frequency items
  --no-anchored     do not draft anchored-choice items
  --json            print the coverage report as JSON

Exit 0 on success, 1 when the model is invalid, 2 on a usage error.`;

export function coverageLines(report: CoverageReport): string[] {
  const rows = report.competencies.map((c) => [c.competency, c.requiredLevel, c.selfItems, c.observerItems, c.nonSelfEvidence, c.itemsNeeded === null ? 'not reachable' : c.itemsNeeded, c.drafts] as (string | number)[]);
  const lines = [table(['competency', 'required', 'self items', 'observer items', 'not self-report', 'items for a sure decision', 'drafts'], rows)];
  if (report.noObserverItems.length) lines.push(`No manager or peer items (360 evidence never arrives): ${report.noObserverItems.join(', ')}.`);
  if (report.noNonSelfEvidence.length) lines.push(`Only self-report (a blind spot cannot show): ${report.noNonSelfEvidence.join(', ')}; add situational, forced-choice or work-sample items.`);
  if (report.notDecidable.length) lines.push(`Every item together is not enough for a sure decision: ${report.notDecidable.join(', ')}.`);
  return lines;
}

export async function run(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' }, report: { type: 'boolean' }, 'no-frequency': { type: 'boolean' }, 'no-anchored': { type: 'boolean' }, json: { type: 'boolean' } },
  });
  if (positionals.length !== 1) throw new UsageError('draft-items takes exactly one model file');
  if (!values.out && !values.report) throw new UsageError('draft-items needs --out <model.json> (or --report)');
  const source = modelOrReport(positionals[0]!, out);
  if (!source) return 1;
  let model = source;
  let summary = '';
  if (!values.report) {
    const result = draftItems(model, { frequency: !values['no-frequency'], anchored: !values['no-anchored'] });
    const checked = validateModel(result.model);
    if (!checked.ok) {
      // A draft that does not validate is a bug here, never the author's: say so and write nothing.
      out('The drafted items do not validate (nothing written):');
      for (const p of checked.problems.filter((p) => p.severity === 'error')) out(problemLine(p));
      return 1;
    }
    model = checked.model;
    writeFileSync(values.out!, `${JSON.stringify(model, null, 2)}\n`);
    summary = `Drafted ${result.added.length} items (${result.added.filter((i) => i.type === 'frequency').length} frequency, ${result.added.filter((i) => i.type === 'anchored').length} anchored)${result.kept ? `, ${result.kept} already drafted` : ''}; wrote ${values.out}. Review every item marked extensions.draft.`;
  }
  const report = coverageReport(model);
  if (values.json) {
    out(JSON.stringify(report, null, 2));
    return 0;
  }
  if (summary) out(summary);
  for (const line of coverageLines(report)) out(line);
  return 0;
}
