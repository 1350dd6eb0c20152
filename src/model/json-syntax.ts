/**
 * Finds where and why JSON text is invalid. `JSON.parse` messages differ between engines and often
 * give no position ("Unexpected token '}'"), so this small scanner locates the first error itself.
 */
export interface JsonSyntaxError {
  offset: number;
  reason: string;
}

/**
 * How deep the scanner follows nested lists and objects. It recurses once per level, so a hostile
 * `[[[[…` would overflow the stack; text this deep is refused by every reader long before.
 */
export const MAX_SCAN_DEPTH = 512;

export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  let depth = 0;
  const fail = (reason: string, at = i): never => {
    throw { offset: at, reason } satisfies JsonSyntaxError;
  };
  const space = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const describe = (): string => (i >= text.length ? 'the end of the file' : `"${text[i]}"`);
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`expected a value (a string, number, object, list, true, false or null) but found ${describe()}`);
  };
  const string = (): void => {
    const start = i;
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c === 92) {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('invalid \\u escape in a string');
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else fail(`invalid escape "\\${next ?? ''}" in a string`);
      } else if (c < 32) fail(c === 10 ? 'line break inside a string (strings must close on the same line)' : 'control character inside a string');
      else i++;
    }
    fail('string is never closed', start);
  };
  const number = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match || match[0] === '-') fail(`expected a value but found ${describe()}`);
    i += match![0].length;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{' || c === '[') {
      if (++depth > MAX_SCAN_DEPTH) fail(`lists and objects nested more than ${MAX_SCAN_DEPTH} levels deep`);
      if (c === '{') object();
      else list();
      depth--;
    }
    else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else if (c === "'") fail('strings must use double quotes');
    else fail(`expected a value (a string, number, object, list, true, false or null) but found ${describe()}`);
  };
  const object = (): void => {
    i++;
    space();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      space();
      if (text[i] === '}') fail('trailing comma before "}"');
      if (text[i] !== '"') fail(`expected a field name in double quotes but found ${describe()}`);
      string();
      space();
      if (text[i] !== ':') fail(`expected ":" after the field name but found ${describe()}`);
      i++;
      value();
      space();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      fail(`expected "," or "}" but found ${describe()}`);
    }
  };
  const list = (): void => {
    i++;
    space();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      space();
      if (text[i] === ']') fail('trailing comma before "]"');
      value();
      space();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      fail(`expected "," or "]" but found ${describe()}`);
    }
  };
  try {
    value();
    space();
    if (i < text.length) fail(`unexpected ${describe()} after the end of the JSON value`);
    return undefined;
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'offset' in error) return error as JsonSyntaxError;
    throw error;
  }
}
