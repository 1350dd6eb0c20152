/**
 * The strictest rules any LMS applies to each SCORM value we write, checked independently of the
 * formatter in src/lms/scorm/format.ts (research notes lms-standards.md §1; Moodle's `scorm_12.js`
 * and `scorm_13.js` are the strictest common readers). scorm-again accepts values real LMSs reject, so
 * the browser tests run every recorded SetValue through these checks.
 *
 * DOM-free: the Node tests, the browser tests and the demo's LMS preview use it.
 */

export type ScormVersion = '1.2' | '2004';

/** One SetValue call as recorded by the test LMS. */
export interface SetCall {
  element: string;
  value: string;
}

const RULES_12: [RegExp, (value: string) => string | undefined][] = [];
const RULES_2004: [RegExp, (value: string) => string | undefined][] = [];

const oneOf = (...values: string[]) => (value: string) => (values.includes(value) ? undefined : `not one of ${values.map((v) => `"${v}"`).join(', ')}`);
const matches = (pattern: RegExp, what: string) => (value: string) => (pattern.test(value) ? undefined : `not ${what}`);
const range = (low: number, high: number, check: (value: string) => string | undefined) => (value: string) =>
  check(value) ?? (Number(value) >= low && Number(value) <= high ? undefined : `outside ${low}…${high}`);
const maxLength = (max: number, check?: (value: string) => string | undefined) => (value: string) =>
  value.length > max ? `longer than ${max} characters (${value.length})` : check?.(value);
const ascii = (value: string) => (/^[\x20-\x7e]*$/.test(value) ? undefined : 'not printable ASCII');

// SCORM 1.2 ------------------------------------------------------------------------------------------
/** CMIDecimal as Moodle reads it: optional minus, ≤ 3 integer digits with a leading digit here (".5" is rejected elsewhere). */
const decimal12 = matches(/^-?\d{1,3}(\.\d{1,4})?$/, 'a CMIDecimal with a leading digit');
const score12 = range(0, 100, decimal12);
/** CMIIdentifier: printable ASCII, no spaces, ≤ 255; periods are avoided (the spec reserves them). */
const identifier12 = matches(/^[\x21-\x2d\x2f-\x7e]{1,255}$/, 'a CMIIdentifier (printable ASCII, no space or period, ≤ 255)');
const timespan12 = matches(/^\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?$/, 'a CMITimespan HH:MM:SS(.SS) with 2–4 hour digits');
const time12 = matches(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/, 'a CMITime HH:MM:SS');
const status12 = oneOf('passed', 'completed', 'failed', 'incomplete', 'browsed');
/** student_response per interaction type, strictest reading of the 1.2 RTE tables. */
function response12(type: string | undefined, value: string): string | undefined {
  if (value.length > 255) return 'longer than 255 characters';
  switch (type) {
    case 'likert':
      return /^[0-9a-z]$/.test(value) ? undefined : 'not a single character [0-9a-z] (likert)';
    case 'choice':
      return /^[0-9a-z](,[0-9a-z])*$/.test(value) && new Set(value.split(',')).size === value.split(',').length ? undefined : 'not unique single characters joined by "," (choice)';
    case 'sequencing':
      return /^[0-9a-z](,[0-9a-z])*$/.test(value) ? undefined : 'not single characters joined by "," (sequencing)';
    case 'matching':
      return /^[0-9a-z]\.[0-9a-z](,[0-9a-z]\.[0-9a-z])*$/.test(value) ? undefined : 'not pairs like "a.1,b.2" (matching)';
    case undefined:
      return 'written before the interaction type';
    default:
      return `unexpected interaction type "${type}"`;
  }
}

RULES_12.push(
  [/^cmi\.core\.lesson_status$/, status12],
  [/^cmi\.core\.lesson_location$/, maxLength(255, ascii)],
  [/^cmi\.core\.score\.(raw|min|max)$/, score12],
  [/^cmi\.core\.exit$/, oneOf('time-out', 'suspend', 'logout', '')],
  [/^cmi\.core\.session_time$/, timespan12],
  [/^cmi\.suspend_data$/, maxLength(4096, ascii)],
  [/^cmi\.comments$/, maxLength(4096, ascii)],
  [/^cmi\.objectives\.\d+\.id$/, identifier12],
  [/^cmi\.objectives\.\d+\.score\.(raw|min|max)$/, score12],
  [/^cmi\.objectives\.\d+\.status$/, status12],
  [/^cmi\.interactions\.\d+\.id$/, identifier12],
  [/^cmi\.interactions\.\d+\.objectives\.\d+\.id$/, identifier12],
  [/^cmi\.interactions\.\d+\.time$/, time12],
  [/^cmi\.interactions\.\d+\.type$/, oneOf('true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric')],
  [/^cmi\.interactions\.\d+\.result$/, oneOf('correct', 'wrong', 'unanticipated', 'neutral')],
  [/^cmi\.interactions\.\d+\.latency$/, timespan12],
);

// SCORM 2004 -----------------------------------------------------------------------------------------
/** real(10,7) with a leading digit, no exponent, ≤ 5 integer digits (Moodle), ≤ 7 decimals. */
const real = matches(/^-?\d{1,5}(\.\d{1,7})?$/, 'a real with a leading digit and no exponent');
const timestamp = (value: string) => {
  const m = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{2})?(Z)?$/.exec(value);
  if (!m) return 'not a timestamp YYYY-MM-DDThh:mm:ss(.ss)(Z)';
  if (m[6] && !m[5]) return 'a "Z" without a fraction (Moodle rejects it)';
  const year = Number(m[1]);
  return year >= 1970 && year <= 2038 ? undefined : 'a year outside 1970–2038';
};
const interval = matches(/^PT(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?$/, 'a timeinterval like PT1H2M3.45S (≤ 2 decimals)');
const longIdentifier = (value: string) =>
  value.length > 4000
    ? 'longer than 4000 characters'
    : /^urn:/i.test(value)
      ? /^urn:[A-Za-z0-9-]{1,31}:\S+$/.test(value) ? undefined : 'a urn: with an invalid namespace id'
      : /^[\x21-\x7e]+$/.test(value) ? undefined : 'not a long_identifier_type (ASCII, no spaces)';
const SHORT = /^[A-Za-z0-9_.]{1,250}$/;
const localized = (value: string) => {
  const m = /^\{lang=([A-Za-z]{2,3}(-[A-Za-z0-9-]{2,8})?)\}(.*)$/su.exec(value);
  if (!m) return 'not a localized string starting with {lang=xx}';
  if ([...value].length > 250) return 'longer than 250 characters';
  return /[\u0000-\u001f]/.test(m[3]!) ? 'contains control characters' : undefined;
};
function response2004(type: string | undefined, value: string): string | undefined {
  const list = value.split('[,]');
  switch (type) {
    case 'likert':
      return SHORT.test(value) ? undefined : 'not one short_identifier_type [A-Za-z0-9_.] (likert)';
    case 'choice':
      return list.every((v) => SHORT.test(v)) && new Set(list).size === list.length && list.length <= 36 ? undefined : 'not unique short identifiers joined by [,] (choice)';
    case 'sequencing':
      return list.every((v) => SHORT.test(v)) && list.length <= 36 ? undefined : 'not short identifiers joined by [,] (sequencing)';
    case 'matching':
      return list.length <= 36 && list.every((pair) => pair.split('[.]').length === 2 && pair.split('[.]').every((v) => SHORT.test(v))) ? undefined : 'not pairs like a[.]1[,]b[.]2 (matching)';
    case undefined:
      return 'written before the interaction type';
    default:
      return `unexpected interaction type "${type}"`;
  }
}

RULES_2004.push(
  [/^cmi\.completion_status$/, oneOf('completed', 'incomplete', 'not attempted', 'unknown')],
  [/^cmi\.success_status$/, oneOf('passed', 'failed', 'unknown')],
  [/^cmi\.location$/, maxLength(1000, ascii)],
  [/^cmi\.suspend_data$/, maxLength(64000, ascii)],
  [/^cmi\.comments_from_learner\.\d+\.comment$/, maxLength(4000, ascii)],
  [/^cmi\.progress_measure$/, range(0, 1, real)],
  [/^cmi\.score\.scaled$/, range(-1, 1, real)],
  [/^cmi\.score\.(raw|min|max)$/, real],
  [/^cmi\.exit$/, oneOf('time-out', 'suspend', 'logout', 'normal', '')],
  [/^cmi\.session_time$/, interval],
  [/^cmi\.objectives\.\d+\.id$/, longIdentifier],
  [/^cmi\.objectives\.\d+\.score\.scaled$/, range(-1, 1, real)],
  [/^cmi\.objectives\.\d+\.score\.(raw|min|max)$/, real],
  [/^cmi\.objectives\.\d+\.success_status$/, oneOf('passed', 'failed', 'unknown')],
  [/^cmi\.objectives\.\d+\.completion_status$/, oneOf('completed', 'incomplete', 'not attempted', 'unknown')],
  [/^cmi\.objectives\.\d+\.progress_measure$/, range(0, 1, real)],
  [/^cmi\.objectives\.\d+\.description$/, localized],
  [/^cmi\.interactions\.\d+\.id$/, longIdentifier],
  [/^cmi\.interactions\.\d+\.type$/, oneOf('true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other')],
  [/^cmi\.interactions\.\d+\.objectives\.\d+\.id$/, longIdentifier],
  [/^cmi\.interactions\.\d+\.timestamp$/, timestamp],
  [/^cmi\.interactions\.\d+\.result$/, oneOf('correct', 'incorrect', 'unanticipated', 'neutral')],
  [/^cmi\.interactions\.\d+\.latency$/, interval],
  [/^cmi\.interactions\.\d+\.description$/, localized],
);

/**
 * Checks a sequence of SetValue calls: each value against its element's strictest rule, plus the
 * ordering rules real LMSs enforce (interaction id → type → response; objective id first; ids not
 * changed; session time and exit set once). `knownObjectiveIds` are the objectives the LMS held before
 * the session (manifest-declared or from an earlier session). Returns one message per violation.
 */
export function strictViolations(version: ScormVersion, calls: readonly SetCall[], knownObjectiveIds: readonly string[] = []): string[] {
  const rules = version === '1.2' ? RULES_12 : RULES_2004;
  const problems: string[] = [];
  const types = new Map<string, string>();
  /** Record ids by scope (`i3`, `o0`); objectives the LMS already held count as set. */
  const ids = new Map<string, string>(knownObjectiveIds.map((id, index) => [`o${index}`, id]));
  const once = new Map<string, number>();
  for (const { element, value } of calls) {
    const fail = (why: string) => problems.push(`${element} = ${JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)}: ${why}`);
    if (typeof value !== 'string') {
      fail('not passed as a string');
      continue;
    }
    const interaction = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(element);
    const objective = /^cmi\.objectives\.(\d+)\.(.+)$/.exec(element);
    const responseField = version === '1.2' ? 'student_response' : 'learner_response';
    if (interaction && interaction[2] === responseField) {
      const why = version === '1.2' ? response12(types.get(interaction[1]!), value) : response2004(types.get(interaction[1]!), value);
      if (why) fail(why);
    } else {
      const rule = rules.find(([pattern]) => pattern.test(element));
      if (!rule) fail('an element the adapter is not expected to write');
      else {
        const why = rule[1](value);
        if (why) fail(why);
      }
    }
    const scope = interaction ? `i${interaction[1]}` : objective ? `o${objective[1]}` : undefined;
    const field = interaction?.[2] ?? objective?.[2];
    if (scope && field) {
      if (field === 'id') {
        const before = ids.get(scope);
        if (before !== undefined && before !== value && version === '2004') fail(`changes the id set earlier (${before})`);
        ids.set(scope, value);
      } else if (!ids.has(scope)) fail('written before the id of its record');
      if (interaction && field === 'type') types.set(interaction[1]!, value);
      if (interaction && version === '2004' && field !== 'id' && field !== 'type' && !types.has(interaction[1]!)) fail('written before the interaction type');
    }
    if (/^cmi\.(core\.)?(session_time|exit)$/.test(element)) {
      once.set(element, (once.get(element) ?? 0) + 1);
      if (once.get(element)! > 1) fail('set more than once in a session');
    }
  }
  return problems;
}
