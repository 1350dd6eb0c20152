/**
 * The UI messages of the elements: every `msg(…, { id })` call in components/, with its source text.
 * `test/node/messages.test.ts` checks that every language module translates exactly these ids with
 * the same placeholders; `npx tsx scripts/messages.ts` lists what a translator needs.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface SourceMessage {
  id: string;
  text: string;
  /** Number of `${…}` placeholders. */
  placeholders: number;
  file: string;
}

const CALL = /msg\(\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|str`((?:[^`\\]|\\.)*)`)\s*,\s*\{\s*id:\s*'([^']+)'\s*\}\s*,?\s*\)/g;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'locales' ? [] : files(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Replaces each `${…}` (which may nest parentheses and quotes) with `${n}`. */
function numberPlaceholders(text: string): { text: string; count: number } {
  let out = '';
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      let depth = 1;
      let j = i + 2;
      while (j < text.length && depth > 0) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}') depth--;
        j++;
      }
      out += `\${${count++}}`;
      i = j - 1;
    } else out += text[i];
  }
  return { text: out, count };
}

export function sourceMessages(root = 'components'): Map<string, SourceMessage> {
  const messages = new Map<string, SourceMessage>();
  for (const file of files(root)) {
    const code = readFileSync(file, 'utf8');
    for (const match of code.matchAll(CALL)) {
      const raw = match[1] ?? match[2] ?? match[3] ?? '';
      const id = match[4]!;
      const { text, count } = match[3] !== undefined ? numberPlaceholders(raw) : { text: raw, count: 0 };
      const existing = messages.get(id);
      if (existing && existing.text !== text) throw new Error(`message id "${id}" has two texts: ${file} and ${existing.file}`);
      messages.set(id, { id, text, placeholders: count, file });
    }
  }
  return messages;
}

/** Message calls without an explicit id (they would get hashed ids and escape translation). */
export function messagesWithoutId(root = 'components'): string[] {
  const found: string[] = [];
  for (const file of files(root)) {
    const code = readFileSync(file, 'utf8');
    const calls = code.match(/\bmsg\(/g)?.length ?? 0;
    const withId = [...code.matchAll(CALL)].length;
    if (calls !== withId) found.push(`${file}: ${calls - withId} msg() call(s) without a recognisable { id }`);
  }
  return found;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const m of sourceMessages().values()) console.log(`${m.id}\t${m.text}`);
}
