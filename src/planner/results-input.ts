/**
 * Checking a results file (`pathway plan --results`, or results handed to an element) against the
 * model it claims to belong to: one problem per defect, with the path and what was expected, so a
 * wrong file, another model's results or a renamed competency is named precisely.
 */
import type { AssessmentResults } from '../assessment/types.js';
import { findJsonSyntaxError } from '../model/json-syntax.js';
import { lineColumn, MAX_MODEL_BYTES, megabytes } from '../model/parse.js';
import { type Problem, sortProblems } from '../model/problems.js';
import { closest } from '../model/suggest.js';
import type { Model } from '../model/types.js';

export const RESULTS_FORMAT = 'pathway-results/1';

export type ResultsCheck = { ok: true; results: AssessmentResults; problems: Problem[] } | { ok: false; problems: Problem[] };

const FLAGS = ['blind-spot', 'hidden-strength', 'aligned', 'unclear'];
const RATERS = ['self', 'manager', 'peer'];

const fileProblem = (message: string): ResultsCheck => ({ ok: false, problems: [{ severity: 'error', kind: 'file', path: '', message }] });

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Parses results file text and checks it against the model. */
export function parseResultsText(model: Model, text: string, byteLength = text.length): ResultsCheck {
  if (byteLength > MAX_MODEL_BYTES) return fileProblem(`The file is ${megabytes(byteLength)}; results files are far smaller, so this is probably not a results file.`);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return fileProblem('The file is empty: expected assessment results, a JSON object such as {"format": "pathway-results/1", …}.');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    const found = findJsonSyntaxError(body) ?? { offset: body.length, reason: 'unexpected end of the file' };
    const { line, column } = lineColumn(body, found.offset);
    return fileProblem(`The file is not valid JSON: ${found.reason} at line ${line}, column ${column}.`);
  }
  return checkResults(model, value);
}

/** Checks parsed results against the model: shape, model id, competencies, roles. */
export function checkResults(model: Model, value: unknown): ResultsCheck {
  if (!isRecord(value)) {
    return fileProblem(`The file holds ${Array.isArray(value) ? 'a JSON array' : `a single JSON ${value === null ? 'null' : typeof value}`}, but assessment results are a JSON object with "format": "${RESULTS_FORMAT}", "model" and "competencies".`);
  }
  if (value.format === 'pathway-model/1') return fileProblem('This is a competency model, not assessment results: pass the model first and the results file with --results.');
  const problems: Problem[] = [];
  const error = (kind: Problem['kind'], path: string, message: string): void => void problems.push({ severity: 'error', kind, path, message });
  const warn = (kind: Problem['kind'], path: string, message: string): void => void problems.push({ severity: 'warning', kind, path, message });
  if (value.format !== RESULTS_FORMAT) error('format', 'format', `expected "${RESULTS_FORMAT}"${value.format === undefined ? ' (the field is missing)' : `, found ${JSON.stringify(value.format)}`}`);
  if (!isRecord(value.model) || typeof value.model.id !== 'string') error('shape', 'model', 'expected {"id": "<model IRI>", "version": "…"} naming the model the results belong to');
  else {
    if (value.model.id !== model.id) error('reference', 'model.id', `these results belong to model "${value.model.id}", not to "${model.id}"`);
    else if (value.model.version !== model.version) warn('reference', 'model.version', `results were made with version ${JSON.stringify(value.model.version)} of the model; planning with version "${model.version}"`);
  }
  const roleIds = model.roles.map((r) => r.id);
  for (const field of ['currentRole', 'targetRole'] as const) {
    const role = value[field];
    if (role === undefined) continue;
    if (typeof role !== 'string') error('shape', field, 'expected a role id (a string)');
    else if (!roleIds.includes(role)) error('reference', field, unknown('role', role, roleIds));
  }
  if (value.rater !== undefined && !RATERS.includes(value.rater as string)) error('shape', 'rater', `expected one of ${RATERS.map((r) => `"${r}"`).join(', ')}`);
  if (!Array.isArray(value.competencies)) error('shape', 'competencies', 'expected a list of per-competency results');
  else {
    const ids = model.competencies.map((c) => c.id);
    const seen = new Set<string>();
    value.competencies.forEach((entry: unknown, i) => {
      const at = `competencies[${i}]`;
      if (!isRecord(entry)) return error('shape', at, 'expected an object with "competency", "theta" and "sd"');
      if (typeof entry.competency !== 'string') return error('shape', `${at}.competency`, 'expected a competency id (a string)');
      if (!ids.includes(entry.competency)) error('reference', `${at}.competency`, unknown('competency', entry.competency, ids));
      else if (seen.has(entry.competency)) error('duplicate', `${at}.competency`, `competency "${entry.competency}" appears twice`);
      seen.add(entry.competency);
      if (typeof entry.theta !== 'number' || !Number.isFinite(entry.theta)) error('shape', `${at}.theta`, 'expected a number (the posterior mean on the θ scale)');
      if (typeof entry.sd !== 'number' || !(entry.sd > 0) || !Number.isFinite(entry.sd)) error('shape', `${at}.sd`, 'expected a positive number (the posterior SD)');
      for (const field of ['level', 'responses'] as const) {
        if (entry[field] !== undefined && (typeof entry[field] !== 'number' || !Number.isFinite(entry[field]))) error('shape', `${at}.${field}`, 'expected a number');
      }
      const selfOther = entry.selfOther;
      if (selfOther !== undefined && (!isRecord(selfOther) || !FLAGS.includes(selfOther.flag as string))) {
        error('shape', `${at}.selfOther.flag`, `expected one of ${FLAGS.map((f) => `"${f}"`).join(', ')}`);
      }
    });
    const required = new Set(model.roles.filter((r) => r.id === value.currentRole || r.id === value.targetRole).flatMap((r) => r.requirements.map((q) => q.competency)));
    for (const id of required) if (!seen.has(id)) warn('coverage', 'competencies', `no result for "${id}", which a role requires: the planner assumes nothing is known about it`);
  }
  const sorted = sortProblems(problems);
  if (sorted.some((p) => p.severity === 'error')) return { ok: false, problems: sorted };
  return { ok: true, results: value as unknown as AssessmentResults, problems: sorted };
}

function unknown(what: string, id: string, known: readonly string[]): string {
  const suggestion = closest(id, known);
  return `unknown ${what} "${id}" in this model${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`;
}
