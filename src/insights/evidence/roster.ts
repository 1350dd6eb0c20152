/**
 * A roster: who is rated, who manages them, their roles. CSV with a header row; columns `person`
 * (an agent key, or an email taken as `mbox:mailto:…`), `name`, `team`, `manager`, `role`,
 * `target role` (any order, case-insensitive; only `person` is required).
 */
import type { Person } from '../types.js';

export class RosterError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`roster line ${line}: ${message}`);
    this.name = 'RosterError';
  }
}

/** Fields of one CSV record (RFC 4180: quotes, doubled quotes, commas and line breaks inside quotes). */
function* csvRecords(text: string): Generator<{ fields: string[]; line: number }> {
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') fields.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      if (fields.some((f) => f.trim() !== '')) yield { fields, line: start };
      fields = [];
      field = '';
      start = ++line;
    } else field += c;
  }
  if (quoted) throw new RosterError('a quoted field is not closed', start);
  fields.push(field);
  if (fields.some((f) => f.trim() !== '')) yield { fields, line: start };
}

/** A person column value as an agent key: emails become `mbox:mailto:…`. */
export function personKey(value: string): string {
  const v = value.trim();
  if (/^(mbox|mbox_sha1sum|openid|account):/.test(v)) return v.startsWith('mbox:') ? v.toLowerCase() : v;
  if (/^mailto:/i.test(v)) return `mbox:${v.toLowerCase()}`;
  if (/^[^@\s]+@[^@\s]+$/.test(v)) return `mbox:mailto:${v.toLowerCase()}`;
  return v;
}

const COLUMNS: Record<string, keyof Person> = { person: 'id', name: 'name', team: 'team', manager: 'manager', role: 'role', 'target role': 'targetRole', target_role: 'targetRole', targetrole: 'targetRole' };

export function parseRoster(text: string): Person[] {
  const records = csvRecords(text.replace(/^\uFEFF/, ''));
  const header = records.next();
  if (header.done) throw new RosterError('the roster is empty (expected a header row with a "person" column)', 1);
  const columns = header.value.fields.map((h) => COLUMNS[h.trim().toLowerCase()]);
  if (!columns.includes('id')) throw new RosterError(`no "person" column (columns: ${header.value.fields.join(', ')})`, 1);
  const people = new Map<string, Person>();
  for (const { fields, line } of records) {
    const person: Person = { id: '' };
    columns.forEach((key, i) => {
      const value = fields[i]?.trim();
      if (!key || !value) return;
      person[key] = key === 'id' || key === 'manager' ? personKey(value) : value;
    });
    if (!person.id) throw new RosterError('the "person" column is empty', line);
    if (people.has(person.id)) throw new RosterError(`"${person.id}" is listed twice`, line);
    people.set(person.id, person);
  }
  return [...people.values()];
}
