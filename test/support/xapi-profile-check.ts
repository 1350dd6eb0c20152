/**
 * Checks statements against the statement templates of an xAPI Profile (ADL xAPI Profiles 1.0):
 * which templates a statement matches by their determining properties, and which of a template's
 * rules it breaks. JSONPath as the profile spec allows it: `$`, `.name`, `['name']`, `[n]`, `[*]`.
 */
export interface TemplateRule {
  location: string;
  selector?: string;
  presence?: 'included' | 'excluded' | 'recommended';
  any?: unknown[];
  all?: unknown[];
  none?: unknown[];
}

export interface StatementTemplate {
  id: string;
  verb?: string;
  objectActivityType?: string;
  contextParentActivityType?: string[];
  contextGroupingActivityType?: string[];
  contextCategoryActivityType?: string[];
  contextOtherActivityType?: string[];
  rules?: TemplateRule[];
}

function tokens(path: string): (string | number | '*')[] {
  if (!path.startsWith('$')) throw new Error(`JSONPath must start with $: ${path}`);
  const out: (string | number | '*')[] = [];
  const re = /\.([A-Za-z_$][\w$-]*)|\.\*|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]|\[\*\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const at = re.lastIndex;
    const m = re.exec(path);
    if (!m || m.index !== at) throw new Error(`unsupported JSONPath: ${path}`);
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(m[2]);
    else if (m[3] !== undefined) out.push(Number(m[3]));
    else out.push('*');
  }
  return out;
}

export function evaluate(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value];
  for (const token of tokens(path)) {
    const next: unknown[] = [];
    for (const v of current) {
      if (v === null || typeof v !== 'object') continue;
      if (token === '*') next.push(...(Array.isArray(v) ? v : Object.values(v)));
      else if (typeof token === 'number') {
        if (Array.isArray(v) && token < v.length) next.push(v[token]);
      } else if (!Array.isArray(v) && token in v) next.push((v as Record<string, unknown>)[token]);
    }
    current = next;
  }
  return current;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function typesAt(statement: unknown, key: string): unknown[] {
  return evaluate(statement, `$.context.contextActivities.${key}[*].definition.type`);
}

/** Whether the statement has every determining property of the template. */
export function determines(template: StatementTemplate, statement: unknown): boolean {
  if (template.verb && evaluate(statement, '$.verb.id')[0] !== template.verb) return false;
  if (template.objectActivityType && evaluate(statement, '$.object.definition.type')[0] !== template.objectActivityType) return false;
  const lists: [keyof StatementTemplate, string][] = [
    ['contextParentActivityType', 'parent'],
    ['contextGroupingActivityType', 'grouping'],
    ['contextCategoryActivityType', 'category'],
    ['contextOtherActivityType', 'other'],
  ];
  for (const [property, key] of lists) {
    const wanted = template[property] as string[] | undefined;
    if (wanted && !wanted.every((type) => typesAt(statement, key).includes(type))) return false;
  }
  return true;
}

/** The rules of the template the statement breaks, each as a sentence. */
export function brokenRules(template: StatementTemplate, statement: unknown): string[] {
  const problems: string[] = [];
  for (const rule of template.rules ?? []) {
    let values = evaluate(statement, rule.location);
    if (rule.selector) values = values.flatMap((v) => evaluate(v, rule.selector!));
    if (rule.presence === 'included' && values.length === 0) problems.push(`${rule.location} is missing`);
    if (rule.presence === 'excluded' && values.length > 0) problems.push(`${rule.location} must be absent`);
    if (rule.presence === 'recommended' && values.length === 0) continue;
    if (rule.any && values.length > 0 && !values.some((v) => rule.any!.some((a) => same(a, v)))) problems.push(`${rule.location} has none of ${JSON.stringify(rule.any)}`);
    if (rule.all && !values.every((v) => rule.all!.some((a) => same(a, v)))) problems.push(`${rule.location} has values outside ${JSON.stringify(rule.all)}: ${JSON.stringify(values)}`);
    if (rule.none && values.some((v) => rule.none!.some((a) => same(a, v)))) problems.push(`${rule.location} has a forbidden value`);
  }
  return problems;
}

/** Templates the statement matches by determining properties, with the rules it breaks in each. */
export function checkAgainstProfile(templates: readonly StatementTemplate[], statement: unknown): { template: string; problems: string[] }[] {
  return templates.filter((t) => determines(t, statement)).map((t) => ({ template: t.id, problems: brokenRules(t, statement) }));
}

/**
 * Every way the statements miss the profile, as sentences (none when each statement matches exactly one
 * template and breaks none of its rules). For the statements a delivery mode really sent.
 */
export function profileViolations(templates: readonly StatementTemplate[], statements: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const statement of statements) {
    const name = `${evaluate(statement, '$.verb.id')[0]} on ${evaluate(statement, '$.object.id')[0]}`;
    const matches = checkAgainstProfile(templates, statement);
    if (matches.length !== 1) out.push(`${name} matches ${matches.length} templates${matches.length ? ` (${matches.map((m) => m.template).join(', ')})` : ''}`);
    for (const m of matches) for (const problem of m.problems) out.push(`${name}, ${m.template}: ${problem}`);
  }
  return out;
}
