/**
 * CSV as spreadsheets write it: RFC 4180 quoting (fields with newlines, doubled quotes), UTF-8 with or
 * without a byte-order mark, UTF-16 from Excel's "Unicode text", and comma, semicolon or tab as the
 * delimiter (Excel picks semicolon where the decimal mark is a comma). Rows are numbered as a
 * spreadsheet shows them (the header is row 1), not by text line, because a quoted field may span lines.
 */

export interface CsvTable {
  delimiter: string;
  /** Every record, the header first; `rows[i]` is spreadsheet row `i + 1`. */
  rows: string[][];
}

export interface CsvError {
  row: number;
  column?: number;
  message: string;
}

export type CsvResult = { ok: true; table: CsvTable } | { ok: false; error: CsvError };

export type DecodeResult = { ok: true; text: string } | { ok: false; error: CsvError };

/** Bytes to text: BOM-aware, strict UTF-8 (a Windows-1252 file is named as such, with its line). */
export function decodeText(bytes: Uint8Array): DecodeResult {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, text: utf16(bytes.subarray(2), true) };
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: true, text: utf16(bytes.subarray(2), false) };
  const decoded = utf8(bytes);
  if (typeof decoded === 'string') return { ok: true, text: decoded };
  let line = 1;
  for (let i = 0; i < decoded.invalidAt; i++) if (bytes[i] === 10) line++;
  return {
    ok: false,
    error: {
      row: line,
      message: `the file is not UTF-8 (byte 0x${bytes[decoded.invalidAt]!.toString(16).padStart(2, '0')} on line ${line}); save it as "CSV UTF-8" in Excel, or re-encode it as UTF-8`,
    },
  };
}

// Decoders written out (not TextDecoder) so this room needs neither DOM nor Node types.
function utf8(bytes: Uint8Array): string | { invalidAt: number } {
  const parts: string[] = [];
  let codes: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const extra = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (extra < 0) return { invalidAt: i };
    let code = extra === 0 ? b : b & (0x3f >> extra);
    for (let k = 1; k <= extra; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return { invalidAt: i };
      code = (code << 6) | (next & 0x3f);
    }
    if ((extra === 2 && (code < 0x800 || (code >= 0xd800 && code < 0xe000))) || (extra === 3 && (code < 0x10000 || code > 0x10ffff))) return { invalidAt: i };
    codes.push(code);
    if (codes.length >= 8192) {
      parts.push(String.fromCodePoint(...codes));
      codes = [];
    }
    i += extra + 1;
  }
  parts.push(String.fromCodePoint(...codes));
  return parts.join('');
}

function utf16(bytes: Uint8Array, littleEndian: boolean): string {
  const parts: string[] = [];
  let units: number[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    units.push(littleEndian ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!);
    if (units.length >= 8192) {
      parts.push(String.fromCharCode(...units));
      units = [];
    }
  }
  parts.push(String.fromCharCode(...units));
  return parts.join('');
}

const DELIMITERS = [',', ';', '\t'];

/** The delimiter used most in the first record, outside quotes. */
function detectDelimiter(text: string): string {
  const counts = new Map(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

export function parseCsv(input: string, delimiter?: string): CsvResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const sep = delimiter ?? detectDelimiter(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoteRow = 0;
  const endField = (): void => {
    row.push(field);
    field = '';
  };
  const endRow = (): void => {
    endField();
    rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === '') {
      // A quoted field: runs to the next lone quote, across delimiters and newlines.
      quoteRow = rows.length + 1;
      i++;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close < 0) {
          return { ok: false, error: { row: quoteRow, column: row.length + 1, message: 'a quoted field is never closed (a missing closing quote)' } };
        }
        field += text.slice(i, close);
        if (text[close + 1] === '"') {
          field += '"';
          i = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      const next = text[i];
      if (next !== undefined && next !== sep && next !== '\n' && next !== '\r') {
        return {
          ok: false,
          error: { row: rows.length + 1, column: row.length + 1, message: 'text after a closing quote; a quote inside a quoted field is written as two quotes ("")' },
        };
      }
      if (field === '') field = '\u0000quoted-empty';
      continue;
    }
    if (ch === sep) {
      endField();
      i++;
    } else if (ch === '\n' || ch === '\r') {
      endRow();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      // An unquoted run up to the next delimiter or line end (a stray quote inside is kept, as Excel does).
      let j = i;
      while (j < text.length && text[j] !== sep && text[j] !== '\n' && text[j] !== '\r') j++;
      field += text.slice(i, j);
      i = j;
    }
  }
  if (field !== '' || row.length > 0) endRow();
  for (const r of rows) for (let c = 0; c < r.length; c++) if (r[c] === '\u0000quoted-empty') r[c] = '';
  // Blank lines at the end (and Excel's rows of bare delimiters) are not records.
  while (rows.length > 0 && rows[rows.length - 1]!.every((cell) => cell === '')) rows.pop();
  return { ok: true, table: { delimiter: sep, rows } };
}

/** Excel runs cells that start with these as formulas; written with a leading apostrophe, read back without. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text as a cell: never a formula when opened in a spreadsheet (CSV injection). */
export function escapeFormula(cell: string): string {
  return FORMULA_START.test(cell) && !/^-?\d/.test(cell) ? `'${cell}` : cell;
}

export function unescapeFormula(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** Rows to CSV text: CRLF line ends and a UTF-8 byte-order mark, so Excel opens it as UTF-8. */
export function writeCsv(rows: readonly (readonly string[])[], delimiter = ','): string {
  const quoteIf = new RegExp(`["\\r\\n${delimiter === '\t' ? '\\t' : delimiter}]|^\\s|\\s$`);
  const cell = (value: string): string => {
    const safe = escapeFormula(value);
    return quoteIf.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  return '\ufeff' + rows.map((row) => row.map(cell).join(delimiter)).join('\r\n') + '\r\n';
}

/** Spreadsheet column letters: 1 → A, 27 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
