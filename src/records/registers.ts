/**
 * Official filing registers (CSV/TSV in any encoding decodeText reads, .xlsx, or a register table
 * inside a PDF/Word/HTML document) → filing records with
 * file:row provenance. `lines` is the row's line range in the file (for .xlsx: the sheet's row
 * number, sheets counted one after another), `row` the row number as the file shows it (the CSV
 * line, or the sheet's own row number), `text` the row's cells joined by " | ".
 *
 * Columns are found by their headers (Chinese, a few synonyms, English), in any order. Title rows
 * above the header are skipped; a second header row further down starts a new table.
 *
 * Tracks are kept apart. For each row, the first rule that applies decides:
 *  1. a 类型/类别 column: a cell with 登记 → registration (登记), with 算法/深度合成 → deep-synthesis,
 *     with 备案 → filing;
 *  2. the number's shape: 网信算备…号 → deep-synthesis (generative-AI filings and registrations
 *     share the Province-Name-YYYYMMDDNNNN shape, so the shape cannot tell those two apart);
 *  3. the table: a header with 算法名称 or 角色 → deep-synthesis; a header that numbers and dates
 *     by 登记 (登记编号 / 登记时间 / 登记单位) and has no 备案号 → registrations;
 *  4. the last section row above it (a row with one filled cell, e.g. "二、已登记的生成式人工智能
 *     应用" → registrations, "已备案…" → filings), or the sheet's name, or the file's name;
 *  5. otherwise: filing (备案).
 *
 * Bad rows (wrong column count, missing name, unreadable date, a filing number already seen in the
 * file) are reported as "file:row: reason" and skipped; the rest imports.
 */
import { parse } from 'csv-parse/sync';
import { extname } from 'node:path';
import { decodeText, EncodingError } from '../ingest/decodeText.js';
import type { Sheet } from '../ingest/extract/types.js';
import { readWorkbook } from '../ingest/extract/xlsx.js';
import { DEFAULT_LIMITS } from '../ingest/limits.js';
import { headerColumns as filingTableHeader } from './filingTable.js';
import { ALGO_NO, GENAI_NO, parseDate, parseFilingNo } from './filingNumbers.js';
import { findProvince } from './provinces.js';
import { FilingRecord, type Track } from './schema.js';

export { excelDate, parseDate, parseFilingNo } from './filingNumbers.js';

export interface RegisterImport {
  title: string;
  date?: string;
  records: FilingRecord[];
  problems: string[];
}

type Field = 'seq' | 'base' | 'model' | 'company' | 'province' | 'filingNo' | 'date' | 'role' | 'product' | 'uses' | 'track';

/** Header synonyms, tried in this order for each header cell. */
export const HEADER_SYNONYMS: [Field, RegExp][] = [
  ['seq', /^(序号|排序|编号序号|no\.?|#|seq)$/i],
  // A registration's underlying filed model ("调用的已备案模型"), not its own name.
  ['base', /(已备案|调用|使用|所用|基础|底座|依托).*模型/],
  ['model', /模型名称|算法名称|服务名称|应用名称|产品名称|功能名称|应用或功能|^名称$|^(model|service|algorithm|app(lication)?)( name)?$/i],
  ['filingNo', /备案号|备案编号|登记编号|登记号|^编号$|filing ?(no|number)|registration ?(no|number)|^number$/i],
  ['company', /备案单位|登记单位|主体名称|单位名称|企业名称|备案主体|公司名称|运营主体|^(公司|企业|单位|主体)$|^(company|entity|organi[sz]ation|filer)( name)?$/i],
  ['province', /属地|省份|地区|所在地|省市|^(province|region|location)$/i],
  ['date', /备案时间|备案日期|登记时间|登记日期|^(时间|日期)$|^(filing |registration )?date$/i],
  ['role', /角色|^role$/i],
  ['product', /应用产品|^产品$|^product$/i],
  ['uses', /主要用途|用途|简介|^(uses?|purpose)$/i],
  ['track', /类型|类别|^(type|category|track)$/i],
];




/** The track a type cell, a section row, a sheet name or a file name names, if any. */
export function trackFromWords(s: string): Track | undefined {
  if (/深度合成|算法|deep[- ]?synthesis|algorithm/i.test(s)) return 'deep-synthesis';
  // Both named ("已登记的应用（调用已备案模型）"): the first one named is the subject.
  const reg = s.search(/登记|registration|registered/i);
  const fil = s.search(/备案|filing|filed/i);
  if (reg >= 0 && (fil < 0 || reg < fil)) return 'genai-registration';
  if (fil >= 0) return 'genai-filing';
  return undefined;
}

interface RawRow {
  cells: string[];
  /** First and last file line of the row (a quoted cell may span lines; sheets are counted one after another). */
  start: number;
  end: number;
  /** The row number as the file shows it: the CSV line, or the sheet's own row number. */
  row: number;
  /** How a problem names the row, after the file name: "12", or "12（工作表 已登记 第 5 行）". */
  where: string;
  /** A quoted cell swallowed whole rows (lines holding delimiters): a quote left open by mistake. */
  swallowed?: boolean;
}

interface Table {
  rows: RawRow[];
  /** Sheet name (xlsx), for the default track. */
  label?: string;
  /** CSV rows must have exactly the header's cells; sheet rows may leave trailing cells empty. */
  strictColumns: boolean;
}

interface Header {
  cols: Map<Field, number>;
  width: number;
  track?: Track;
}

/** The header a row would be, when it names a model column and a company or number column. */
function readHeader(cells: string[]): Header | undefined {
  const cols = new Map<Field, number>();
  cells.forEach((h, i) => {
    const f = HEADER_SYNONYMS.find(([, re]) => re.test(h.trim()))?.[0];
    if (f && !cols.has(f)) cols.set(f, i);
  });
  if (!cols.has('model') || (!cols.has('company') && !cols.has('filingNo'))) return undefined;
  // Values, not labels: a data row that happens to contain such words is not a header.
  if (cells.some((c) => parseDate(c) || GENAI_NO.test(c) || ALGO_NO.test(c))) return undefined;
  // A registration list names the app and, in another column, the filed model it calls.
  const app = cells.findIndex((h) => /应用名称|功能名称|应用或功能/.test(h));
  const model = cells.findIndex((h) => /模型名称/.test(h));
  if (app >= 0 && model >= 0 && !cols.has('base')) {
    cols.set('model', app);
    cols.set('base', model);
  }
  const all = cells.join(' ');
  let track: Track | undefined;
  if (/算法名称|角色/.test(all)) track = 'deep-synthesis';
  else if (/登记(编号|号|时间|日期|单位)/.test(all) && !/备案(号|编号)/.test(all)) track = 'genai-registration';
  return { cols, width: cells.length, track };
}

const filled = (cells: string[]) => cells.filter((c) => c.trim() !== '');

function importTable(name: string, table: Table, fileTrack: Track | undefined, seen: Set<string>, out: FilingRecord[], problems: string[]): boolean {
  let header: Header | undefined;
  let section: Track | undefined = (table.label ? trackFromWords(table.label) : undefined) ?? fileTrack;
  for (const row of table.rows) {
    const cells = row.cells.map((c) => c.trim());
    const nonEmpty = filled(cells);
    if (!nonEmpty.length) continue;
    const asHeader = readHeader(cells);
    if (asHeader) {
      header = asHeader;
      continue;
    }
    // Title and section rows: one filled cell (or any row above the first header).
    if (!header || (nonEmpty.length === 1 && header.width > 1)) {
      const t = trackFromWords(nonEmpty.join(' '));
      if (t) section = t;
      continue;
    }
    const where = `${name}:${row.where}`;
    // Spreadsheet exports often carry empty trailing cells: they do not count as columns.
    let n = cells.length;
    while (n > header.width && cells[n - 1] === '') n--;
    if (row.swallowed || (table.strictColumns ? n !== header.width : n > header.width)) {
      if (row.end > row.start) {
        // A quoted cell ran over several lines (an unbalanced quote): every line it took is named.
        for (let l = row.start; l <= row.end; l++)
          problems.push(`${name}:${l}: inside a quoted cell from line ${row.start} to ${row.end} (unbalanced quote?); row skipped`);
      } else problems.push(`${where}: ${n} columns, the header has ${header.width}`);
      continue;
    }
    const { cols } = header;
    // Placeholder cells ("—", "/", "无") hold nothing.
    const get = (f: Field) => {
      const c = cols.has(f) ? (cells[cols.get(f)!] ?? '').trim() : '';
      return /^([-—–/]+|无|暂无|n\/a)$/i.test(c) ? '' : c;
    };
    const model = get('model');
    if (!model) {
      problems.push(`${where}: no model/algorithm name`);
      continue;
    }
    const filingNo = get('filingNo').replace(/\s+/g, '');
    const fromNo = filingNo ? parseFilingNo(filingNo) : {};
    const rawDate = get('date');
    const filingDate = rawDate ? parseDate(rawDate) : fromNo.date;
    if (rawDate && !filingDate) {
      problems.push(`${where}: date "${rawDate}" cannot be read`);
      continue;
    }
    if (filingNo && seen.has(filingNo)) {
      problems.push(`${where}: duplicate filing number ${filingNo}`);
      continue;
    }
    const track: Track = trackFromWords(get('track')) ?? fromNo.track ?? header.track ?? section ?? 'genai-filing';
    const provinceCell = get('province');
    const base = get('base');
    const uses = [get('uses'), base ? `调用已备案模型：${base}` : ''].filter(Boolean).join('；');
    const parsed = FilingRecord.safeParse({
      id: `${name}:${row.start}`,
      origin: 'register',
      track,
      model,
      company: get('company') || undefined,
      province: (provinceCell ? (findProvince(provinceCell) ?? provinceCell) : fromNo.province) || undefined,
      filingNo: filingNo || undefined,
      filingDate,
      role: get('role') || undefined,
      product: get('product') || undefined,
      uses: uses || undefined,
      source: name,
      lines: [row.start, row.end],
      row: row.row,
      text: cells.slice(0, n).join(' | '),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push(`${where}: ${issue?.path.join('.')} ${issue?.message}`);
      continue;
    }
    if (filingNo) seen.add(filingNo);
    out.push(parsed.data);
  }
  return !!header;
}

const CSV_OPTIONS = { relax_column_count: true, skip_empty_lines: true, info: true, raw: true, relax_quotes: true } as const;
type CsvRow = { record: string[]; info: { lines: number }; raw: string };

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
    const swallowed = record.some((c) => c.split('\n').slice(1).some((l) => l.split(delimiter).length > 2));
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
      rows: s.rows.map((r) => ({ cells: r.cells, start: offset + r.r, end: offset + r.r, row: r.r, where: several ? `${offset + r.r}（工作表 ${s.name} 第 ${r.r} 行）` : String(r.r) })),
    };
    offset += s.rows.at(-1)?.r ?? 0;
    return t;
  });
}

function importTables(name: string, tables: Table[], problems: string[]): RegisterImport {
  const title = name.replace(/\.[^.]+$/, '');
  const fileTrack = trackFromWords(title);
  const records: FilingRecord[] = [];
  const seen = new Set<string>();
  let headers = 0;
  for (const t of tables) if (importTable(name, t, fileTrack, seen, records, problems)) headers++;
  if (!headers) problems.push(`${name}: no register header found (expected columns such as 模型名称/算法名称, 备案单位/主体名称, 备案号, 备案时间)`);
  const latest = records.reduce<string | undefined>((d, r) => (r.filingDate && (!d || r.filingDate > d) ? r.filingDate : d), undefined);
  return { title, date: latest, records, problems };
}

/** A CSV/TSV register already decoded to text. */
export function importCsvText(name: string, text: string): RegisterImport {
  try {
    const { table, problems } = csvTable(name, text.replace(/^\uFEFF/, ''));
    return importTables(name, [table], problems);
  } catch (err) {
    const what = extname(name).toLowerCase() === '.tsv' ? 'TSV' : 'CSV';
    return { title: name.replace(/\.[^.]+$/, ''), records: [], problems: [`${name}: cannot be read as ${what} (${(err as Error).message.split('\n')[0]})`] };
  }
}

/** An .xlsx register's sheets. */
export function importSheets(name: string, sheets: Sheet[]): RegisterImport {
  return importTables(name, sheetTables(sheets), []);
}

/**
 * Register tables inside a document (PDF, Word, HTML, text): its tab-separated lines, read as one
 * table (a table continued on the next page keeps its header). Only tables with a register header
 * count; lines of other tables (e.g. a research note's filing table) are left alone.
 */
export function importDocumentTables(name: string, lines: readonly string[]): { records: FilingRecord[]; problems: string[]; lines: Set<number> } {
  const rows: RawRow[] = [];
  const isTab = (i: number) => (lines[i] ?? '').includes('\t');
  const nextContent = (i: number, step: number) => {
    let k = i + step;
    while (k >= 0 && k < lines.length && !lines[k]!.trim()) k += step;
    return k;
  };
  lines.forEach((l, i) => {
    if (l.includes('\t')) rows.push({ cells: l.split('\t'), start: i + 1, end: i + 1, row: i + 1, where: String(i + 1) });
    // A short line between two table rows is a section row ("二、已登记的生成式人工智能应用").
    else if (l.trim() && [...l.trim()].length <= 40 && isTab(nextContent(i, -1)) && isTab(nextContent(i, 1)))
      rows.push({ cells: [l.trim()], start: i + 1, end: i + 1, row: i + 1, where: String(i + 1) });
  });
  // A register header, not a filing table's (批次/模型/参数/公司/应用: records.filingTable reads those).
  const isRegisterHeader = (r: RawRow) => {
    const cells = r.cells.map((c) => c.trim());
    return !!readHeader(cells) && !filingTableHeader(cells);
  };
  // Rows before the first register header belong to other tables: start the table there.
  const first = rows.findIndex(isRegisterHeader);
  if (first < 0) return { records: [], problems: [], lines: new Set() };
  const records: FilingRecord[] = [];
  const problems: string[] = [];
  importTable(name, { rows: rows.slice(first), strictColumns: false }, trackFromWords(name), new Set(), records, problems);
  return { records, problems, lines: new Set(rows.slice(first).map((r) => r.start)) };
}

/** A register file's bytes (CSV/TSV in any encoding decodeText reads, or .xlsx read in-process). */
export async function importRegister(name: string, bytes: Buffer): Promise<RegisterImport> {
  const title = name.replace(/\.[^.]+$/, '');
  if (extname(name).toLowerCase() === '.xlsx') {
    try {
      return importSheets(name, await readWorkbook(bytes, DEFAULT_LIMITS.maxUnpackedBytes));
    } catch (err) {
      return { title, records: [], problems: [`${name}: cannot be read as an Excel workbook (${(err as Error).message.split('\n')[0]}); export it as CSV (UTF-8)`] };
    }
  }
  try {
    return importCsvText(name, decodeText(bytes).text);
  } catch (err) {
    if (err instanceof EncodingError) return { title, records: [], problems: [`${name}: ${err.message}, skipped`] };
    throw err;
  }
}
