import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { problemLine } from '../../model/problems.js';
import { compileModel } from '../../assessment/compile.js';
import { stampProblem } from '../../model/stamp.js';
import { summarizeModel, summaryParagraph } from '../../model/summary.js';
import { fsMessage, loadModelFile, UsageError } from '../io.js';

export const usage = `pathway validate <model.json> [--json] [--write-stamp]

Checks a competency model: its shape, its references (ids, levels, prerequisites) and its coverage.
  --write-stamp  when valid, record in the file that this version validated this content
                 ("compiled": a digest, and the first question of each usual start): browsers
                 then skip validation and show the first question before the engine loads.
                 The file is rewritten as JSON indented by two spaces. Edit it later and the
                 stamp no longer matches: the model is then validated in full again.
Exit 0 when valid (warnings allowed), 1 when invalid or not writable, 2 on a usage error.`;

export async function run(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, 'write-stamp': { type: 'boolean' } } });
  if (positionals.length !== 1) throw new UsageError('validate takes exactly one model file');
  const file = positionals[0]!;
  const result = loadModelFile(file);
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
