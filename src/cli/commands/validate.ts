import { parseArgs } from 'node:util';
import { authorGuidance } from '../../model/guidance.js';
import { problemLine, sortProblems } from '../../model/problems.js';
import { summarizeModel, summaryParagraph } from '../../model/summary.js';
import { loadModelFile, UsageError } from '../io.js';

export const usage = `pathway validate <model.json> [--json]

Checks a competency model: its shape, its references (ids, levels, prerequisites) and its coverage,
and warns where it will measure less than intended: required competencies with fewer than three
items that are not self-ratings, items without observer wording, requirements at the lowest level,
maxItems or maxMinutes too small for the competencies a role requires.
Exit 0 when valid (warnings allowed), 1 when invalid, 2 on a usage error.`;

export async function run(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (positionals.length !== 1) throw new UsageError('validate takes exactly one model file');
  const file = positionals[0]!;
  const loaded = loadModelFile(file);
  // Author guidance only for a valid model (it reads the model's references).
  const result = loaded.ok ? { ...loaded, problems: sortProblems([...loaded.problems, ...authorGuidance(loaded.model)]) } : loaded;
  if (values.json) {
    out(JSON.stringify({ file, valid: result.ok, summary: result.ok ? summarizeModel(result.model) : undefined, problems: result.problems }, null, 2));
    return result.ok ? 0 : 1;
  }
  if (result.ok) {
    const warnings = result.problems.filter((p) => p.severity === 'warning');
    out(summaryParagraph(summarizeModel(result.model), warnings.length));
    for (const w of warnings) out(problemLine(w));
    return 0;
  }
  const errors = result.problems.filter((p) => p.severity === 'error').length;
  out(`${file} is not a valid Pathway model (${errors} error${errors === 1 ? '' : 's'}):`);
  for (const p of result.problems) out(problemLine(p));
  return 1;
}
