/**
 * Register files read into rows: CSV/TSV text (any encoding decodeText reads) and .xlsx sheets.
 * The rows go to the register importer (src/records/registers.ts), which holds the row → record
 * logic and reads nothing itself.
 */
import { parse } from 'csv-parse/sync';
import { extname } from 'node:path';
import { importTables, type RawRow, type RegisterImport, type RegisterOptions, type Table } from '../records/registers.js';
import { decodeText, EncodingError } from './decodeText.js';
import type { Sheet } from './extract/types.js';
import { readWorkbook } from './extract/xlsx.js';
import { DEFAULT_LIMITS } from './limits.js';

const CSV_OPTIONS = { relax_column_count: true, skip_empty_lines: true, info: true, raw: true, relax_quotes: true } as const;
type CsvRow = { record: string[]; info: { lines: number }; raw: string };

const baseTitle = (name: string) => name.replace(/^.*\//, '').replace(/\.[^.]+$/, '');

/** The line on which the first record after `bytes` bytes of the text starts (line breaks skipped). */
function lineAtByte(text: string, bytes: number): number {
  const buf = Buffer.from(text, 'utf8');
  let p = bytes;
  while (p < buf.length && (buf[p] === 10 || buf[p] === 13)) p++;
  let n = 1;
  for (let i = buf.indexOf(10); i >= 0 && i < p; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * Parses CSV/TSV rows. A quote that is never closed would swallow the rest of the file: the row it
 * opens is reported and blanked, and parsing starts again (bounded). A quoted cell that runs over
 * several rows and leaves the row with the wrong number of cells names every line it swallowed.
 */
function csvTable(name: string, text: string): { table: Table; problems: string[] } {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const tabs = (firstLine.match(/\t/g) ?? []).length;
  const commas = (firstLine.match(/,/g) ?? []).length;
  const delimiter = extname(name).toLowerCase() === '.tsv' || tabs > commas ? '\t' : ',';
  const problems: string[] = [];
  let parsed: CsvRow[] | undefined;
  for (let attempt = 0; !parsed; attempt++) {
    try {
      parsed = parse(text, { ...CSV_OPTIONS, delimiter }) as unknown as CsvRow[];
    } catch (err) {
      const e = err as Error & { code?: string; bytes_records?: number };
      if (e.code !== 'CSV_QUOTE_NOT_CLOSED' || attempt >= 50) throw err;
      // The unclosed quote opens the first non-blank line after the last complete record.
      const lines = text.split(/\r?\n/);
      let at = lineAtByte(text, e.bytes_records ?? 0);
      while (at <= lines.length && !lines[at - 1]!.trim()) at++;
      if (at > lines.length) throw err;
      problems.push(`${name}:${at}: a quote (") opened here is never closed; row skipped`);
      lines[at - 1] = '';
      text = lines.join('\n');
    }
  }
  const rows: RawRow[] = [];
  for (const { record, info, raw } of parsed) {
    // info.lines is the record's last line; the raw text tells how many lines it spans.
    const body = raw.replace(/^(\r?\n)+/, '').replace(/\r?\n$/, '');
    const start = info.lines - (body.match(/\n/g) ?? []).length;
    const swallowed = record.some((c) =>
      c
        .split('\n')
        .slice(1)
        .some((l) => l.split(delimiter).length > 2),
    );
    rows.push({ cells: record, start, end: info.lines, row: start, where: String(start), swallowed });
  }
  return { table: { strictColumns: true, rows }, problems };
}

/** A sheet's rows as one table each; rows are numbered on from sheet to sheet. */
function sheetTables(sheets: Sheet[]): Table[] {
  const several = sheets.filter((s) => s.rows.length).length > 1;
  let offset = 0;
  return sheets.map((s) => {
    const t: Table = {
      label: s.name,
      strictColumns: false,
      rows: s.rows.map((r) => ({
        cells: r.cells,
        start: offset + r.r,
        end: offset + r.r,
        row: r.r,
        where: several ? `${offset + r.r}（工作表 ${s.name} 第 ${r.r} 行）` : String(r.r),
      })),
    };
    offset += s.rows.at(-1)?.r ?? 0;
    return t;
  });
}

const empty = (name: string, problem: string, opts: RegisterOptions): RegisterImport => ({
  title: opts.title ?? baseTitle(name),
  records: [],
  problems: [problem],
  counts: { tracks: {}, skipped: 0, repeatedHeaders: 0, flagged: 0 },
});

/** A CSV/TSV register already decoded to text. */
export function importCsvText(name: string, text: string, opts: RegisterOptions = {}): RegisterImport {
  try {
    const { table, problems } = csvTable(name, text.replace(/^\uFEFF/, ''));
    return importTables(name, [table], problems, opts);
  } catch (err) {
    const what = extname(name).toLowerCase() === '.tsv' ? 'TSV' : 'CSV';
    return empty(name, `${name}: cannot be read as ${what} (${(err as Error).message.split('\n')[0]})`, opts);
  }
}

/** An .xlsx register's sheets. */
export function importSheets(name: string, sheets: Sheet[], opts: RegisterOptions = {}): RegisterImport {
  return importTables(name, sheetTables(sheets), [], opts);
}

/** A register file's bytes (CSV/TSV in any encoding decodeText reads, or .xlsx read in-process). */
export async function importRegister(name: string, bytes: Buffer, opts: RegisterOptions = {}): Promise<RegisterImport> {
  if (extname(name).toLowerCase() === '.xlsx') {
    try {
      return importSheets(name, await readWorkbook(bytes, DEFAULT_LIMITS.maxUnpackedBytes), opts);
    } catch (err) {
      return empty(
        name,
        `${name}: cannot be read as an Excel workbook (${(err as Error).message.split('\n')[0]}); export it as CSV (UTF-8)`,
        opts,
      );
    }
  }
  try {
    return importCsvText(name, decodeText(bytes).text, opts);
  } catch (err) {
    if (err instanceof EncodingError) return empty(name, `${name}: ${err.message}, skipped`, opts);
    throw err;
  }
}

/**
 * The rows of a register file that has no register header, as text lines for passages: line i of
 * the result is the file's line i (a row's cells joined by " | "), so passages cite the file's lines.
 */
export function rowsAsText(name: string, text: string): string {
  let table: Table;
  try {
    table = csvTable(name, text.replace(/^\uFEFF/, '')).table;
  } catch {
    return text;
  }
  const lines: string[] = [];
  for (const r of table.rows) {
    while (lines.length < r.start - 1) lines.push('');
    lines.push(
      r.cells
        .map((c) => c.replace(/\s+/g, ' ').trim())
        .filter(Boolean)
        .join(' | '),
    );
    while (lines.length < r.end) lines.push('');
  }
  return lines.join('\n');
}
