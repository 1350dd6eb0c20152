/**
 * Statements from a file in Node, without holding a large export in memory: NDJSON is streamed line
 * by line; a JSON array (or one LRS statements page) is read whole, so it must stay below 256 MB.
 */
import { closeSync, createReadStream, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { StatementsFileError, statementsOf, type FileStatement } from '../evidence/file.js';

const WHOLE_FILE_LIMIT = 256 * 1024 * 1024;

function firstCharacters(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(256);
    return buffer.subarray(0, readSync(fd, buffer, 0, 256, 0)).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  } finally {
    closeSync(fd);
  }
}

export async function* readStatementsFile(path: string, onBadLine: (line: number, message: string) => void = () => {}): AsyncGenerator<FileStatement> {
  const start = firstCharacters(path);
  if (start.startsWith('[') || /^\{\s*"(statements|more)"/.test(start)) {
    const size = statSync(path).size;
    if (size > WHOLE_FILE_LIMIT) throw new StatementsFileError(`a JSON array of ${Math.round(size / 1024 / 1024)} MB is too large to read at once; export NDJSON (one statement per line) instead`);
    yield* statementsOf(readFileSync(path, 'utf8'), onBadLine);
    return;
  }
  // Split by hand at newline bytes (UTF-8 never has 0x0A inside a character), decoding one line at a
  // time: readline's line-break pattern and stream decoder cost more than the parsing here. A lone CR
  // also ends a line, as in readline.
  let line = 0;
  const take = function* (raw: string): Generator<FileStatement> {
    const withoutEnd = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    for (const part of withoutEnd.includes('\r') ? withoutEnd.split(/\r\n?/) : [withoutEnd]) {
      line++;
      const text = line === 1 ? part.replace(/^\uFEFF/, '').trim() : part.trim();
      if (text === '') continue;
      try {
        yield { value: JSON.parse(text), size: text.length };
      } catch (error) {
        onBadLine(line, (error as Error).message);
      }
    }
  };
  // The start of a line longer than one chunk, kept until its end arrives.
  let pending: Buffer[] = [];
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let at = 0;
    for (let end = chunk.indexOf(10); end >= 0; end = chunk.indexOf(10, at)) {
      if (pending.length > 0) {
        yield* take(Buffer.concat([...pending, chunk.subarray(at, end)]).toString('utf8'));
        pending = [];
      } else yield* take(chunk.toString('utf8', at, end));
      at = end + 1;
    }
    if (at < chunk.length) pending.push(chunk.subarray(at));
  }
  if (pending.length > 0) yield* take(Buffer.concat(pending).toString('utf8'));
}
