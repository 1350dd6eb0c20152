/**
 * Checks a value against the shape table generated from the zod definitions (`shape-table.ts`).
 * It understands exactly the JSON Schema keywords that generator emits, and words every problem for a
 * model author: the path, what was expected and what was found.
 */
import type { Problem } from './problems.js';
import { closest } from './suggest.js';

export interface ShapeNode {
  $ref?: string;
  $defs?: Record<string, ShapeNode>;
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  properties?: Record<string, ShapeNode>;
  required?: string[];
  additionalProperties?: false | ShapeNode;
  propertyNames?: ShapeNode;
  minProperties?: number;
  items?: ShapeNode | false;
  prefixItems?: ShapeNode[];
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  expected?: string;
  const?: unknown;
  enum?: unknown[];
  anyOf?: ShapeNode[];
  oneOf?: ShapeNode[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

type Path = readonly (string | number)[];

export function pathText(path: Path): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}…` : value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value === 'boolean' ? '' : 'a '}${String(value)}`;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * A field of a model object or of the shape table, by own key only: keys such as "constructor",
 * "toString" or "__proto__" are data, never Object.prototype's members.
 */
function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export class ShapeChecker {
  private readonly defs: Record<string, ShapeNode>;
  private readonly patterns = new Map<string, RegExp>();

  constructor(private readonly root: ShapeNode) {
    this.defs = root.$defs ?? {};
  }

  check(value: unknown): Problem[] {
    const problems: Problem[] = [];
    this.visit(this.root, value, [], problems);
    return problems;
  }

  private resolve(node: ShapeNode): ShapeNode {
    let current = node;
    while (current.$ref) current = own(this.defs, current.$ref.replace('#/$defs/', '')) ?? {};
    return current;
  }

  /** What a node expects, in words. */
  private expectation(node: ShapeNode): string {
    const n = this.resolve(node);
    if (n.expected) return n.expected;
    if ('const' in n) return JSON.stringify(n.const);
    if (n.enum) return n.enum.length === 1 ? JSON.stringify(n.enum[0]) : `one of ${n.enum.map((v) => JSON.stringify(v)).join(', ')}`;
    const union = n.anyOf ?? n.oneOf;
    if (union) {
      const tag = this.discriminator(union);
      if (tag) return `an object with "${tag.key}" set to one of ${[...tag.branches.keys()].map((v) => JSON.stringify(v)).join(', ')}`;
      return union.map((b) => this.expectation(b)).join(' or ');
    }
    switch (n.type) {
      case 'object':
        return 'an object';
      case 'array':
        return 'a list';
      case 'integer':
        return 'a whole number';
      case 'number':
        return 'a number';
      case 'boolean':
        return 'true or false';
      case 'string':
        return 'text';
      default:
        return 'a value';
    }
  }

  /** A union whose branches are objects told apart by one constant field (like items' "type"). */
  private discriminator(union: ShapeNode[]): { key: string; branches: Map<unknown, ShapeNode> } | undefined {
    const branches = union.map((b) => this.resolve(b));
    if (!branches.every((b) => b.type === 'object' && b.properties)) return undefined;
    const first = branches[0]!;
    for (const key of Object.keys(first.properties!)) {
      const map = new Map<unknown, ShapeNode>();
      for (const branch of branches) {
        const property = branch.properties![key];
        if (!property || !('const' in property)) break;
        map.set(property.const, branch);
      }
      if (map.size === branches.length) return { key, branches: map };
    }
    return undefined;
  }

  private visit(node: ShapeNode, value: unknown, path: Path, problems: Problem[]): void {
    const n = this.resolve(node);
    const fail = (message: string, at: Path = path): void => {
      problems.push({ severity: 'error', kind: at.length <= 1 ? 'format' : 'shape', path: pathText(at), message });
    };
    const got = describeValue(value);

    const union = n.anyOf ?? n.oneOf;
    if (union) {
      const tag = this.discriminator(union);
      if (tag && value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const key = own(value as Record<string, unknown>, tag.key);
        const branch = tag.branches.get(key);
        if (branch) return this.visit(branch, value, path, problems);
        const options = [...tag.branches.keys()].map((v) => JSON.stringify(v)).join(', ');
        if (key === undefined) fail(`is missing (expected one of ${options})`, [...path, tag.key]);
        else fail(`expected one of ${options}, got ${describeValue(key)}`, [...path, tag.key]);
        return;
      }
      for (const branch of union) {
        const trial: Problem[] = [];
        this.visit(branch, value, path, trial);
        if (trial.length === 0) return;
      }
      // Text that fails the only text branch: say why (too long, control characters) rather than "expected text".
      const textBranches = union.filter((b) => this.resolve(b).type === 'string');
      if (typeof value === 'string' && textBranches.length === 1) return this.visit(textBranches[0]!, value, path, problems);
      fail(`expected ${this.expectation(n)}, got ${got}`);
      return;
    }

    if ('const' in n && value !== n.const) {
      fail(value === undefined ? `is missing (expected ${JSON.stringify(n.const)})` : `expected ${JSON.stringify(n.const)}, got ${got}`);
      return;
    }
    if (n.enum && !n.enum.includes(value)) {
      fail(`expected ${this.expectation(n)}, got ${got}`);
      return;
    }

    switch (n.type) {
      case 'object':
        if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail(`expected an object, got ${got}`);
        return this.visitObject(n, value as Record<string, unknown>, path, problems);
      case 'array':
        if (!Array.isArray(value)) return fail(`expected a list, got ${got}`);
        return this.visitArray(n, value, path, problems);
      case 'string':
        if (typeof value !== 'string') return fail(`expected ${this.expectation(n)}, got ${got}`);
        if (n.minLength !== undefined && value.length < n.minLength) {
          return fail(n.minLength === 1 ? 'expected text, got an empty text' : `expected at least ${plural(n.minLength, 'character', 'characters')}, got ${value.length}`);
        }
        if (n.maxLength !== undefined && value.length > n.maxLength) return fail(`expected at most ${plural(n.maxLength, 'character', 'characters')}, got ${value.length}`);
        if (n.pattern !== undefined && !this.regex(n.pattern).test(value)) return fail(`expected ${this.expectation(n)}, got ${got}`);
        return;
      case 'integer':
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`expected ${this.expectation(n)}, got ${got}`);
        if (n.type === 'integer' && !Number.isInteger(value)) return fail(`expected a whole number, got ${got}`);
        if (n.minimum !== undefined && value < n.minimum) return fail(`expected a value ≥ ${n.minimum}, got ${value}`);
        if (n.exclusiveMinimum !== undefined && value <= n.exclusiveMinimum) return fail(`expected a value > ${n.exclusiveMinimum}, got ${value}`);
        if (n.maximum !== undefined && value > n.maximum) return fail(`expected a value ≤ ${n.maximum}, got ${value}`);
        if (n.exclusiveMaximum !== undefined && value >= n.exclusiveMaximum) return fail(`expected a value < ${n.exclusiveMaximum}, got ${value}`);
        return;
      case 'boolean':
        if (typeof value !== 'boolean') fail(`expected true or false, got ${got}`);
        return;
      default:
        return;
    }
  }

  private visitObject(n: ShapeNode, value: Record<string, unknown>, path: Path, problems: Problem[]): void {
    const properties = n.properties ?? {};
    for (const key of n.required ?? []) {
      if (own(value, key) === undefined) {
        problems.push({
          severity: 'error',
          kind: path.length === 0 ? 'format' : 'shape',
          path: pathText([...path, key]),
          message: `is missing (expected ${this.expectation(own(properties, key) ?? {})})`,
        });
      }
    }
    const keys = Object.keys(value);
    if (n.minProperties !== undefined && keys.length < n.minProperties) {
      problems.push({ severity: 'error', kind: 'shape', path: pathText(path), message: `expected ${this.expectation(n)}, got an empty object` });
    }
    for (const key of keys) {
      const child = value[key];
      const property = own(properties, key);
      if (property) {
        if (child !== undefined) this.visit(property, child, [...path, key], problems);
      } else if (n.additionalProperties === false) {
        const suggestion = closest(key, Object.keys(properties));
        problems.push({
          severity: 'error',
          kind: 'shape',
          path: pathText([...path, key]),
          message: suggestion
            ? `is not a field of the model format here (did you mean "${suggestion}"?)`
            : 'is not a field of the model format here (check the spelling, or move custom data into "extensions")',
        });
      } else {
        if (n.propertyNames) this.visitKey(n.propertyNames, key, [...path, key], problems);
        if (n.additionalProperties) this.visit(n.additionalProperties, child, [...path, key], problems);
      }
    }
  }

  private visitKey(node: ShapeNode, key: string, path: Path, problems: Problem[]): void {
    const trial: Problem[] = [];
    this.visit(node, key, path, trial);
    if (trial.length > 0) {
      problems.push({ severity: 'error', kind: 'shape', path: pathText(path), message: `has an invalid key ${JSON.stringify(key)} (expected ${this.expectation(node)})` });
    }
  }

  private visitArray(n: ShapeNode, value: unknown[], path: Path, problems: Problem[]): void {
    const count = (limit: number): string => plural(limit, 'entry', 'entries');
    if (n.prefixItems) {
      if (value.length !== n.prefixItems.length) {
        problems.push({ severity: 'error', kind: 'shape', path: pathText(path), message: `expected exactly ${count(n.prefixItems.length)}, got ${value.length}` });
        return;
      }
      n.prefixItems.forEach((item, i) => this.visit(item, value[i], [...path, i], problems));
      return;
    }
    if (n.minItems !== undefined && value.length < n.minItems) {
      problems.push({ severity: 'error', kind: 'shape', path: pathText(path), message: `expected at least ${count(n.minItems)}, got ${value.length}` });
    }
    if (n.maxItems !== undefined && value.length > n.maxItems) {
      problems.push({ severity: 'error', kind: 'shape', path: pathText(path), message: `expected at most ${count(n.maxItems)}, got ${value.length}` });
    }
    const items = n.items;
    if (items) value.forEach((item, i) => this.visit(items, item, [...path, i], problems));
  }

  private regex(source: string): RegExp {
    let re = this.patterns.get(source);
    if (!re) this.patterns.set(source, (re = new RegExp(source)));
    return re;
  }
}
