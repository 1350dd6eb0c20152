import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { importFiles, type ImportFile } from '../../authoring/import.js';
import { locatedLine } from '../../authoring/located.js';
import { fsMessage, UsageError } from '../io.js';

export const usage = `pathway import <file or folder…> --out <model.json>

Builds a Pathway model from CSV sheets (model.csv, scale.csv, groups.csv, competencies.csv, roles.csv,
items.csv, modules.csv; see docs/authoring.md), a 1EdTech CASE 1.1 package (.json), a Moodle
competency framework CSV, or a Pathway model JSON, in any mix: a folder stands for the files in it.
Every problem names the file, the row and column (or JSON path) and what was expected. The model is
written only when it is valid; what a format could not carry is listed as a warning.

Options:
  --out FILE   where to write the model JSON (required)
  --json       print the problems as JSON

Exit 0 when the model was written, 1 when the files have errors, 2 on a usage error.`;

const IMPORTABLE = /\.(csv|tsv|txt|json)$/i;

function collect(paths: string[]): { files: ImportFile[]; errors: string[] } {
  const files: ImportFile[] = [];
  const errors: string[] = [];
  for (const path of paths) {
    try {
      if (statSync(path).isDirectory()) {
        const names = readdirSync(path).filter((n) => IMPORTABLE.test(n)).sort();
        if (names.length === 0) errors.push(`${path} holds no .csv or .json files`);
        for (const name of names) files.push({ name: join(path, name), bytes: readFileSync(join(path, name)) });
      } else files.push({ name: path, bytes: readFileSync(path) });
    } catch (error) {
      errors.push(fsMessage(path, error));
    }
  }
  return { files, errors };
}

export async function run(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' }, json: { type: 'boolean' } } });
  if (positionals.length === 0) throw new UsageError('import takes at least one file or folder');
  if (!values.out) throw new UsageError('import needs --out <model.json>');
  const { files, errors } = collect(positionals);
  if (errors.length > 0) {
    for (const e of errors) out(`error  ${e}`);
    return 1;
  }
  const result = importFiles(files);
  if (values.json) out(JSON.stringify({ ok: result.ok, formats: result.formats, problems: result.problems }, null, 2));
  else for (const p of result.problems) out(locatedLine(p));
  if (!result.ok) {
    const n = result.problems.filter((p) => p.severity === 'error').length;
    if (!values.json) out(`Not written: ${n} error${n === 1 ? '' : 's'} above.`);
    return 1;
  }
  writeFileSync(values.out, `${JSON.stringify(result.model, null, 2)}\n`);
  const m = result.model;
  if (!values.json) out(`Wrote ${values.out} from ${result.formats.join(' + ')}: ${count(m.competencies.length, 'competency', 'competencies')}, ${count(m.roles.length, 'role')}, ${count(m.items.length, 'item')}, ${count(m.modules.length, 'module')}.`);
  return 0;
}

const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
