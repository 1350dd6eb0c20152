import { ITEM_TYPES, MODULE_KINDS } from './vocabulary.js';
import { resolveText } from './text.js';
import type { Model } from './types.js';

export interface ModelSummary {
  title: string;
  id: string;
  version: string;
  language: string;
  languages: string[];
  levels: number;
  groups: number;
  competencies: number;
  roles: number;
  items: number;
  itemsByType: Record<string, number>;
  modules: number;
  modulesByKind: Record<string, number>;
  prerequisiteLinks: number;
}

function countBy<T>(list: readonly T[], key: (entry: T) => string, order: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const k of order) counts[k] = 0;
  for (const entry of list) counts[key(entry)] = (counts[key(entry)] ?? 0) + 1;
  for (const k of order) if (counts[k] === 0) delete counts[k];
  return counts;
}

export function summarizeModel(model: Model): ModelSummary {
  return {
    title: resolveText(model.title, model.language, model.language),
    id: model.id,
    version: model.version,
    language: model.language,
    languages: model.languages ?? [model.language],
    levels: model.scale.levels.length,
    groups: model.groups?.length ?? 0,
    competencies: model.competencies.length,
    roles: model.roles.length,
    items: model.items.length,
    itemsByType: countBy(model.items, (i) => i.type, ITEM_TYPES),
    modules: model.modules.length,
    modulesByKind: countBy(model.modules, (m) => m.kind, MODULE_KINDS),
    prerequisiteLinks: model.modules.reduce((n, m) => n + (m.prerequisites?.length ?? 0), 0),
  };
}

function breakdown(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
}

/** The one-paragraph summary `pathway validate` prints. */
export function summaryParagraph(summary: ModelSummary, warnings: number): string {
  return (
    `"${summary.title}" (${summary.id}, version ${summary.version}) is a valid Pathway model: ` +
    `${summary.competencies} competencies${summary.groups ? ` in ${summary.groups} groups` : ''} on a ${summary.levels}-level scale, ` +
    `${summary.roles} roles, ${summary.items} items (${breakdown(summary.itemsByType)}) and ` +
    `${summary.modules} development modules (${breakdown(summary.modulesByKind)}; ${summary.prerequisiteLinks} prerequisite links), ` +
    `in ${summary.languages.join(', ')}. ` +
    (warnings === 0 ? 'No warnings.' : `${warnings} warning${warnings > 1 ? 's' : ''} below.`)
  );
}
