/** Reading a report file: the format tag and the shape the views rely on, each failure named. */
import { InsightsError } from './settings.js';
import type { InsightsReport } from './types.js';

const FORMAT = 'pathway-insights-report/1';

export function readInsightsReport(value: unknown): InsightsReport {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InsightsError('the report must be a JSON object');
  const r = value as Record<string, unknown>;
  if (r.format !== FORMAT) throw new InsightsError(`the report's format must be "${FORMAT}"; got ${JSON.stringify(r.format ?? null)}`);
  for (const key of ['competencies', 'roles', 'teams', 'cells'] as const) if (!Array.isArray(r[key])) throw new InsightsError(`the report has no "${key}" list`);
  if (r.people !== undefined && !Array.isArray(r.people)) throw new InsightsError('"people" must be a list');
  const settings = r.settings as Record<string, unknown> | undefined;
  if (typeof settings?.minGroupSize !== 'number' || typeof settings.confidence !== 'number') throw new InsightsError('the report has no settings (minGroupSize, confidence)');
  if (typeof r.organisation !== 'object' || r.organisation === null) throw new InsightsError('the report has no organisation figures');
  (r.people as unknown[] | undefined)?.forEach((p, i) => {
    const row = p as Record<string, unknown>;
    if (typeof row?.id !== 'string' || !Array.isArray(row.cells)) throw new InsightsError(`people[${i}] needs an id and cells`);
  });
  return value as InsightsReport;
}
