import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { templateSheets } from '../../authoring/sheets.js';
import { UsageError } from '../io.js';

export const usage = `pathway init --csv <folder> [--force]

Writes the CSV sheets of a model (model.csv, scale.csv, groups.csv, competencies.csv, roles.csv,
items.csv, modules.csv) with every column and one example row each, ready to fill in a spreadsheet
and bring back with "pathway import <folder> --out model.json". docs/authoring.md explains each column.

Options:
  --csv DIR   folder to write the sheets into (created if missing)
  --force     overwrite sheets that already exist

Exit 0 on success, 1 when a sheet exists (without --force), 2 on a usage error.`;

export async function run(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { csv: { type: 'string' }, force: { type: 'boolean' } } });
  if (positionals.length > 0 || !values.csv) throw new UsageError('init needs --csv <folder>');
  const sheets = templateSheets();
  const existing = Object.keys(sheets).filter((name) => existsSync(join(values.csv!, name)));
  if (existing.length > 0 && !values.force) {
    out(`error  ${existing.map((n) => join(values.csv!, n)).join(', ')} already exist${existing.length === 1 ? 's' : ''}; nothing written (use --force to overwrite)`);
    return 1;
  }
  mkdirSync(values.csv, { recursive: true });
  for (const [name, text] of Object.entries(sheets)) writeFileSync(join(values.csv, name), text);
  out(`Wrote ${Object.keys(sheets).length} sheets to ${values.csv}: ${Object.keys(sheets).join(', ')}. Fill them in, then: pathway import ${values.csv} --out model.json`);
  return 0;
}
