/** `pathway export`: a model as CSV sheets, a CASE 1.1 package or a Moodle framework CSV. */
import type { Model } from '../model/types.js';
import { writeCase } from './case.js';
import { writeMoodle } from './moodle.js';
import { writeSheets } from './sheets.js';

export const EXPORT_FORMATS = ['csv', 'case', 'moodle'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** File name → text. CSV gives one file per sheet; CASE and Moodle one file each. */
export function exportModel(model: Model, format: ExportFormat, options: { lastChangeDateTime?: string; delimiter?: string } = {}): Record<string, string> {
  switch (format) {
    case 'csv':
      return writeSheets(model, options.delimiter);
    case 'case':
      return { 'case.json': `${JSON.stringify(writeCase(model, options.lastChangeDateTime), null, 2)}\n` };
    case 'moodle':
      return { 'moodle-framework.csv': writeMoodle(model) };
  }
}

/** What each format leaves out of this model (shown by `pathway export`, so nothing is lost silently). */
export function exportLosses(model: Model, format: ExportFormat): string[] {
  if (format !== 'moodle') return [];
  const lost: string[] = [];
  const n = (count: number, what: string): void => {
    if (count > 0) lost.push(`${count} ${what}`);
  };
  n(model.roles.length, 'roles');
  n(model.items.length, 'items');
  n(model.modules.length, 'modules');
  n(model.competencies.filter((c) => c.related?.length).length, 'competencies\' correlations (related ids are kept as cross-references)');
  if (model.languages && model.languages.length > 1) lost.push(`translations other than ${model.language}`);
  if (model.assessment || model.planning || model.delivery) lost.push('settings');
  return lost;
}
