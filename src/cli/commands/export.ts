import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, exportLosses, exportModel, type ExportFormat } from '../../authoring/export.js';
import { modelOrReport, UsageError } from '../io.js';

export const usage = `pathway export <model.json> --format csv|case|moodle --out <folder or file>

Writes a model as CSV sheets (a folder of model.csv, scale.csv, groups.csv, competencies.csv,
roles.csv, items.csv, modules.csv), as a 1EdTech CASE 1.1 package (one JSON file) or as a Moodle
competency framework CSV. CSV and CASE keep everything ("pathway import" gives the same model back);
Moodle keeps the framework only, and the command lists what it left out.

Options:
  --format F      csv, case or moodle (required)
  --out PATH      folder for csv; file (or folder) for case and moodle (required)
  --semicolon     csv: separate cells with ";" (Excel in comma-decimal locales)

Exit 0 on success, 1 when the model is invalid, 2 on a usage error.`;

export async function run(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string' }, out: { type: 'string' }, semicolon: { type: 'boolean' } } });
  if (positionals.length !== 1) throw new UsageError('export takes exactly one model file');
  const format = values.format as ExportFormat | undefined;
  if (!format || !EXPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}${values.format ? `, got "${values.format}"` : ''}`);
  if (!values.out) throw new UsageError('export needs --out');
  const source = modelOrReport(positionals[0]!, out);
  if (!source) return 1;
  const files = exportModel(source, format, { delimiter: values.semicolon ? ';' : ',' });
  const names = Object.keys(files);
  const intoFolder = format === 'csv' || (existsSync(values.out) && statSync(values.out).isDirectory());
  if (intoFolder) mkdirSync(values.out, { recursive: true });
  for (const name of names) {
    const path = intoFolder ? join(values.out, name) : values.out;
    writeFileSync(path, files[name]!);
    out(`Wrote ${path}`);
  }
  const lost = exportLosses(source, format);
  if (lost.length > 0) out(`Not in the ${format} file (it has no place for them): ${lost.join('; ')}.`);
  return 0;
}
