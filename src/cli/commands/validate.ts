import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { authorGuidance } from '../../model/guidance.js';
import { problemLine, sortProblems } from '../../model/problems.js';
import { compileModel } from '../../assessment/compile.js';
import { stampProblem } from '../../model/stamp.js';
import { summarizeModel, summaryParagraph } from '../../model/summary.js';
import { fsMessage, loadModelFile, UsageError } from '../io.js';

export const usage = `pathway validate <model.json> [--json] [--write-stamp]

Checks a competency model: its shape, its references (ids, levels, prerequisites) and its coverage,
and warns where it will measure less than intended: required competencies with fewer than three
items that are not self-ratings, items without observer wording, requirements at the lowest level,
maxItems or maxMinutes too small for the competencies a role requires.
  --write-stamp  when valid, record in the file that this version validated this content
                 ("compiled": a digest, and the first question of each usual start): browsers
                 then skip validation and show the first question before the engine loads.
                 The file is rewritten as JSON indented by two spaces. Edit it later and the
                 stamp no longer matches: the model is then validated in full again.
Exit 0 when valid (warnings allowed), 1 when invalid or not writable, 2 on a usage error.`;

/**
 * Model text and file names shown on a terminal: control characters (C0 but tab and line feed, DEL,
 * C1) and bidi overrides become visible escapes, so a model cannot recolour, clear or reorder the
 * terminal's text.
 */
export function terminalSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export async function run(args: string[], write: (line: string) => void): Promise<number> {
  const out = (line: string): void => write(terminalSafe(line));
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, 'write-stamp': { type: 'boolean' } } });
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
    if (values['write-stamp']) {
      try {
        writeFileSync(file, `${JSON.stringify(compileModel(result.model), null, 2)}\n`);
      } catch (error) {
        out(fsMessage(file, error));
        return 1;
      }
      out(`Stamped ${file}: browsers load it without the validator until its content changes.`);
    } else if (result.model.compiled) {
      const problem = stampProblem(result.model);
      if (problem) out(`Its stamp is ignored (${problem}); run "pathway validate --write-stamp" to renew it.`);
    }
    return 0;
  }
  const errors = result.problems.filter((p) => p.severity === 'error').length;
  out(`${file} is not a valid Pathway model (${errors} error${errors === 1 ? '' : 's'}):`);
  for (const p of result.problems) out(problemLine(p));
  return 1;
}
