/**
 * Statements from a file as LRS exports give them: a JSON array, an object with a `statements`
 * array (one page of the statements resource), or NDJSON (one statement per line). A line that is
 * not JSON is reported and the rest is read.
 */
export interface FileStatement {
  value: unknown;
  /** Characters of the statement's JSON, when read from a line. */
  size?: number;
}

export class StatementsFileError extends Error {
  override name = 'StatementsFileError';
}

/** The statements of `text`; `onBadLine` is called (1-based line) for an NDJSON line that is not JSON. */
export function* statementsOf(text: string, onBadLine: (line: number, message: string) => void = () => {}): Generator<FileStatement> {
  const start = text.search(/\S/);
  if (start < 0) return;
  if (text[start] === '[' || (text[start] === '{' && /^\{\s*"(statements|more)"/.test(text.slice(start)))) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new StatementsFileError(`not valid JSON: ${(error as Error).message}`);
    }
    const list = Array.isArray(parsed) ? parsed : (parsed as { statements?: unknown }).statements;
    if (!Array.isArray(list)) throw new StatementsFileError('expected a JSON array of statements, an object with "statements", or one statement per line (NDJSON)');
    for (const value of list) yield { value };
    return;
  }
  let line = 0;
  let at = 0;
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    line++;
    const raw = text.slice(at, end).trim();
    at = end + 1;
    if (raw === '') continue;
    try {
      yield { value: JSON.parse(raw), size: raw.length };
    } catch (error) {
      onBadLine(line, (error as Error).message);
    }
  }
}
