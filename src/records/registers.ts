/**
 * Official filing registers → filing records with file:row provenance. Pure row → record logic:
 * reading files (CSV/TSV decoding, workbooks, documents) is the ingest's (src/ingest/registerFile.ts),
 * which hands rows here as tables. `lines` is the row's line range in the file (for .xlsx: the
 * sheet's row number, sheets counted one after another), `row` the row number as the file shows it,
 * `text` the row's cells joined by " | ".
 *
 * The list's type comes from its title and header: generative-AI services (备案 and 登记, the CAC's
 * "生成式人工智能服务已备案（和已登记）信息"), deep-synthesis algorithms (算法名称, 角色, 主体名称,
 * 应用产品, 主要用途, 备案编号, 备注: "境内深度合成服务算法备案清单"), general algorithm filings
 * ("互联网信息服务算法备案清单": 算法名称 without 角色). Columns are found by their headers (Chinese,
 * synonyms, English), in any order; title rows above the header are read as the list's title; a
 * second header row further down (the 登记 section's "序号, 属地, 应用/功能名称, 登记单位, 上线编号,
 * 登记时间") starts a new table and is counted as a header row repeated inside the data.
 *
 * Tracks are kept apart. For each row, the first rule that applies decides:
 *  1. a 类型/类别 column: a cell with 登记 → registration (登记), with 深度合成 → deep-synthesis,
 *     with 算法 → algorithm, with 备案 → filing;
 *  2. the table: a header that numbers and dates by 登记 (登记编号 / 上线编号 / 登记时间 / 登记单位)
 *     and has no 备案号 → registrations; a header with 算法名称 → deep-synthesis (with 角色, or a
 *     title naming 深度合成) or general algorithm filings;
 *  3. the last section row above it (a row with one filled cell, e.g. "二、已登记的生成式人工智能
 *     应用" → registrations), or the sheet's name;
 *  4. the number's shape: 网信算备…号 → an algorithm filing (deep-synthesis unless the list is a
 *     general algorithm list); Province-Name-YYYYMMDD… → a generative-AI filing, and with an S
 *     before the serial (…-20250102S0001) → a registration;
 *  5. the list's title (its sidecar's, its title row's, or the file name);
 *  6. otherwise: filing (备案).
 *
 * Rough edges are reported, not guessed: a row whose name and company are swapped (a legal suffix
 * such as 有限公司 in the name column) is read the other way round and flagged `swapped`; a date
 * with a note ("2025/6/30（补登）") keeps the date and the note (`note`, flag `late` for 补登); a
 * number cut off before its date is kept as published and flagged `cut-number`. Bad rows (wrong
 * column count, missing name, unreadable date, a filing number already seen in the file) are
 * reported as "file:row: reason" and skipped; everything else in the file imports. Cells are capped
 * at MAX_CELL_CHARS characters, files at MAX_REGISTER_ROWS rows, each with one line.
 */
import { headerColumns as filingTableHeader } from './filingTable.js';
import { ALGO_NO, GENAI_NO, parseDate, parseFilingNo } from './filingNumbers.js';
import { findProvince } from './provinces.js';
import { FilingRecord, TRACK_LABEL, type Track } from './schema.js';

export { excelDate, parseDate, parseFilingNo } from './filingNumbers.js';

/** A cell longer than this is cut (with "…") and the file says so once. */
export const MAX_CELL_CHARS = 1000;
/** Rows of one register file past this are not imported (one line says how many). */
export const MAX_REGISTER_ROWS = 250_000;

export interface RegisterCounts {
  /** Records per track. */
  tracks: Partial<Record<Track, number>>;
  /** Rows not imported: header rows repeated inside the data and bad rows (named in problems). */
  skipped: number;
  /** Of the skipped rows, header rows repeated inside the data. */
  repeatedHeaders: number;
  /** Records carrying a flag (swapped, cut-number, late). */
  flagged: number;
}

export interface RegisterImport {
  /** The list's title: the sidecar's, the title row above the header, or the file's base name. */
  title: string;
  /** The list's period (YYYY-MM): the sidecar's, or the one its title names. */
  period?: string;
  /** The latest filing date in the list. */
  date?: string;
  records: FilingRecord[];
  problems: string[];
  counts: RegisterCounts;
  /** No register header was found anywhere: the ingest keeps the rows as text passages instead. */
  noHeader?: boolean;
}

export interface RegisterOptions {
  /** The list's title from the file's sidecar (src/ingest/sourceMeta.ts). */
  title?: string;
  /** The list's period (YYYY-MM) from the sidecar. */
  period?: string;
}

type Field =
  'seq' | 'base' | 'model' | 'company' | 'province' | 'filingNo' | 'date' | 'role' | 'product' | 'uses' | 'note' | 'scenario' | 'track';

/** Header synonyms, tried in this order for each header cell. */
export const HEADER_SYNONYMS: [Field, RegExp][] = [
  ['seq', /^(序号|排序|编号序号|no\.?|#|seq)$/i],
  // A registration's underlying filed model ("调用的已备案模型"), not its own name.
  ['base', /(已备案|调用|使用|所用|基础|底座|依托).*模型/],
  ['scenario', /适用场景|应用场景|^scenarios?$/i],
  ['model', /模型名称|算法名称|服务名称|应用名称|产品名称|功能名称|应用或功能|^名称$|^(model|service|algorithm|app(lication)?)( name)?$/i],
  ['filingNo', /备案号|备案编号|登记编号|登记号|上线编号|^编号$|filing ?(no|number)|registration ?(no|number)|^number$/i],
  [
    'company',
    /备案单位|登记单位|主体名称|单位名称|企业名称|备案主体|公司名称|运营主体|^(公司|企业|单位|主体)$|^(company|entity|organi[sz]ation|filer)( name)?$/i,
  ],
  ['province', /属地|省份|地区|所在地|省市|^(province|region|location)$/i],
  ['date', /备案时间|备案日期|登记时间|登记日期|上线时间|^(时间|日期)$|^(filing |registration )?date$/i],
  ['role', /角色|^role$/i],
  ['product', /应用产品|^产品$|^product$/i],
  ['uses', /主要用途|用途|简介|^(uses?|purpose)$/i],
  ['note', /备注|^(notes?|remarks?)$/i],
  ['track', /^(类型|类别|备案类型|type|category|track)$/i],
];

/** The track a type cell, a section row, a title, a sheet name or a file name names, if any. */
export function trackFromWords(s: string): Track | undefined {
  if (/深度合成|deep[- ]?synthesis/i.test(s)) return 'deep-synthesis';
  if (/算法|algorithm/i.test(s)) return 'algorithm';
  // Both named ("已登记的应用（调用已备案模型）"): the first one named is the subject.
  const reg = s.search(/登记|registration|registered/i);
  const fil = s.search(/备案|filing|filed/i);
  if (reg >= 0 && (fil < 0 || reg < fil)) return 'genai-registration';
  if (fil >= 0) return 'genai-filing';
  return undefined;
}

/** The month a list's title or name dates it to: "…信息（2024年4月）" or "cac-genai-2024-04" → 2024-04. */
export function periodOfTitle(title: string): string | undefined {
  const m = /(20\d{2})\s*(?:年|[-_.])\s*(0?[1-9]|1[0-2])(?:\s*月|(?![\d]))/.exec(title);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}` : undefined;
}

export interface RawRow {
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

export interface Table {
  rows: RawRow[];
  /** Sheet name (xlsx), for the default track. */
  label?: string;
  /** CSV rows must have exactly the header's cells; sheet rows may leave trailing cells empty. */
  strictColumns: boolean;
}

interface Header {
  cols: Map<Field, number>;
  width: number;
  /** The track the header's own words name (登记 columns), or that it is an algorithm list (算法名称). */
  track?: Track;
  algorithms: boolean;
  /** Header cells no synonym matched. */
  unknown: string[];
}

/** The header a row would be, when it names a model column and a company or number column. */
function readHeader(cells: string[]): Header | undefined {
  const cols = new Map<Field, number>();
  const unknown: string[] = [];
  cells.forEach((h, i) => {
    const f = HEADER_SYNONYMS.find(([, re]) => re.test(h.trim()))?.[0];
    if (f && !cols.has(f)) cols.set(f, i);
    else if (!f && h.trim()) unknown.push(h.trim());
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
  const algorithms = /算法名称|角色/.test(all);
  let track: Track | undefined;
  if (/角色/.test(all)) track = 'deep-synthesis';
  else if (/(登记|上线)(编号|号|时间|日期|单位)/.test(all) && !/备案(号|编号)/.test(all)) track = 'genai-registration';
  return { cols, width: cells.length, track, algorithms, unknown };
}

const filled = (cells: string[]) => cells.filter((c) => c !== '');

/** A legal-entity suffix: a company's name, not a model's. */
const LEGAL = /(有限公司|有限责任公司|股份公司|公司|集团)([(（][^)）]*[)）])?$/;
/** A generative-AI number cut off before its date ("Jiangsu-SiWeiXiangLiangZhiSuanYun-"). */
const CUT_NO = /^([A-Za-z]+)-([^-\s]+)-?$/;
/** A date with a note in brackets: "2025/6/30（补登）". */
const DATE_NOTE = /^(.*?)\s*[（(]\s*([^（()）]{1,30}?)\s*[)）]\s*$/;

interface FileState {
  name: string;
  opts: RegisterOptions;
  /** The list's track as its title names it (a fallback after the number). */
  listTrack?: Track;
  /** Title row found above the first header (when there is no sidecar title). */
  titleRow?: string;
  /** Filing numbers seen (lower case) → row and name, for duplicates. */
  seen: Map<string, { where: string; model: string }>;
  out: FilingRecord[];
  problems: string[];
  counts: RegisterCounts;
  rows: number;
  overflow: number;
  cut: { n: number; first?: string };
  unknownColumns: Set<string>;
  swapped: string[];
  late: { n: number; first?: string };
  repeated: string[];
}

const placeholder = (c: string) => /^([-—–/]+|无|暂无|n\/a)$/i.test(c);

function importTable(st: FileState, table: Table): boolean {
  const { name } = st;
  let header: Header | undefined;
  let headerTrack: Track | undefined;
  let section: Track | undefined = table.label ? trackFromWords(table.label) : undefined;
  for (const row of table.rows) {
    if (st.rows >= MAX_REGISTER_ROWS) {
      st.overflow++;
      continue;
    }
    const cells = row.cells.map((c) => {
      const t = c.trim();
      if (t.length <= MAX_CELL_CHARS) return t;
      st.cut.n++;
      st.cut.first ??= row.where;
      return t.slice(0, MAX_CELL_CHARS - 1) + '…';
    });
    const nonEmpty = filled(cells);
    if (!nonEmpty.length) continue;
    st.rows++;
    const asHeader = readHeader(cells);
    if (asHeader) {
      if (header) {
        st.counts.repeatedHeaders++;
        st.counts.skipped++;
        st.repeated.push(row.where);
      }
      header = asHeader;
      for (const u of asHeader.unknown) st.unknownColumns.add(u);
      headerTrack =
        asHeader.track ?? (asHeader.algorithms ? (st.listTrack === 'deep-synthesis' ? 'deep-synthesis' : 'algorithm') : undefined);
      continue;
    }
    // Title rows (above the first header) and section rows (one filled cell).
    if (!header) {
      if (!st.titleRow && nonEmpty.length <= 2) st.titleRow = nonEmpty.join(' ').slice(0, 200);
      continue;
    }
    if (nonEmpty.length === 1 && header.width > 1) {
      const t = trackFromWords(nonEmpty[0]!);
      if (t) section = t;
      continue;
    }
    const where = `${name}:${row.where}`;
    const skip = (why: string) => {
      st.problems.push(`${where}: ${why}`);
      st.counts.skipped++;
    };
    // Spreadsheet exports often carry empty trailing cells: they do not count as columns.
    let n = cells.length;
    while (n > header.width && cells[n - 1] === '') n--;
    if (row.swallowed || (table.strictColumns ? n !== header.width : n > header.width)) {
      st.counts.skipped++;
      if (row.end > row.start) {
        // A quoted cell ran over several lines (an unbalanced quote): every line it took is named.
        for (let l = row.start; l <= row.end; l++)
          st.problems.push(`${name}:${l}: inside a quoted cell from line ${row.start} to ${row.end} (unbalanced quote?); row skipped`);
      } else st.problems.push(`${where}: ${n} columns, the header has ${header.width}`);
      continue;
    }
    const { cols } = header;
    // Placeholder cells ("—", "/", "无") hold nothing.
    const get = (f: Field) => {
      const c = cols.has(f) ? (cells[cols.get(f)!] ?? '') : '';
      return placeholder(c) ? '' : c;
    };
    let model = get('model');
    let company = get('company');
    if (!model) {
      skip('no model/algorithm name');
      continue;
    }
    const flags: ('swapped' | 'cut-number' | 'late')[] = [];
    if (company && LEGAL.test(model) && !LEGAL.test(company)) {
      [model, company] = [company, model];
      flags.push('swapped');
      st.swapped.push(row.where);
    }
    const filingNo = get('filingNo').replace(/\s+/g, '');
    const fromNo = filingNo ? parseFilingNo(filingNo) : {};
    const cut = filingNo && !fromNo.province && !fromNo.date && !ALGO_NO.test(filingNo) ? CUT_NO.exec(filingNo) : null;
    let rawDate = get('date');
    let dateNote: string | undefined;
    const noted = DATE_NOTE.exec(rawDate);
    if (noted && parseDate(noted[1]!)) {
      rawDate = noted[1]!;
      dateNote = noted[2]!;
      if (/补登|补录|补充登记|补备/.test(dateNote)) {
        flags.push('late');
        st.late.n++;
        st.late.first ??= `row ${row.where}: ${get('date')}`;
      }
    }
    const filingDate = rawDate ? parseDate(rawDate) : fromNo.date;
    if (rawDate && !filingDate) {
      skip(`date "${rawDate}" cannot be read`);
      continue;
    }
    const key = filingNo.toLowerCase();
    const before = key ? st.seen.get(key) : undefined;
    if (before) {
      skip(
        before.model === model
          ? `duplicate filing number ${filingNo}`
          : `duplicate filing number ${filingNo}, also on ${before.where} (as ${before.model}, here ${model}); row skipped`,
      );
      continue;
    }
    const typeTrack = trackFromWords(get('track'));
    const decided = typeTrack ?? headerTrack ?? section;
    // An algorithm number says "an algorithm filing"; which kind, the list says.
    const numberTrack: Track | undefined =
      fromNo.track === 'deep-synthesis' ? (st.listTrack === 'algorithm' ? 'algorithm' : 'deep-synthesis') : fromNo.track;
    const track: Track = decided ?? numberTrack ?? st.listTrack ?? 'genai-filing';
    if (cut) {
      flags.push('cut-number');
      const how =
        decided || numberTrack ? '' : `; the number cannot tell 备案 from 登记: counted as ${TRACK_LABEL[track]} (the list's track)`;
      st.problems.push(`${where}: filing number ${filingNo} is cut off (no date); kept as published, flagged cut-number${how}`);
    }
    const provinceCell = get('province');
    const base = get('base');
    const uses = [get('uses'), base ? `调用已备案模型：${base}` : ''].filter(Boolean).join('；');
    const note = [get('note'), dateNote].filter(Boolean).join('；');
    const parsed = FilingRecord.safeParse({
      id: `${name}:${row.start}`,
      origin: 'register',
      track,
      model,
      company: company || undefined,
      province:
        (provinceCell
          ? (findProvince(provinceCell) ?? provinceCell)
          : (fromNo.province ?? (cut ? provinceOfPrefix(cut[1]!) : undefined))) || undefined,
      filingNo: filingNo || undefined,
      filingDate,
      role: get('role') || undefined,
      product: get('product') || undefined,
      uses: uses || undefined,
      note: note || undefined,
      scenario: get('scenario') || undefined,
      listPeriod: st.opts.period,
      flags: flags.length ? flags : undefined,
      source: name,
      lines: [row.start, row.end],
      row: row.row,
      text: cells.slice(0, n).join(' | '),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      skip(`${issue?.path.join('.')} ${issue?.message}`);
      continue;
    }
    if (key) st.seen.set(key, { where: `row ${row.where}`, model });
    st.out.push(parsed.data);
    st.counts.tracks[track] = (st.counts.tracks[track] ?? 0) + 1;
    if (flags.length) st.counts.flagged++;
  }
  return !!header;
}

const provinceOfPrefix = (prefix: string) => parseFilingNo(`${prefix}-x-20000101`).province;

const listRows = (rows: string[]) => (rows.length > 10 ? `${rows.slice(0, 10).join(', ')}, … (${rows.length} rows)` : rows.join(', '));

/** Rows → records, for every table of one register file. */
export function importTables(name: string, tables: Table[], problems: string[], opts: RegisterOptions = {}): RegisterImport {
  const base = name.replace(/^.*\//, '').replace(/\.[^.]+$/, '');
  const st: FileState = {
    name,
    opts,
    seen: new Map(),
    out: [],
    problems,
    counts: { tracks: {}, skipped: 0, repeatedHeaders: 0, flagged: 0 },
    rows: 0,
    overflow: 0,
    cut: { n: 0 },
    unknownColumns: new Set(),
    swapped: [],
    late: { n: 0 },
    repeated: [],
  };
  // The title (sidecar's, else the title row) names the list's track and period; the title row is
  // known only once read, so a file without a sidecar is read with its file name's first.
  st.listTrack = trackFromWords(opts.title ?? base);
  let headers = 0;
  const titleFirst = !opts.title && tables.some((t) => t.rows.length && !readHeader(t.rows[0]!.cells.map((c) => c.trim())));
  if (titleFirst) {
    // A title row above the header: read it first, so the list's track and period come from it.
    for (const t of tables) {
      for (const r of t.rows) {
        const cells = r.cells.map((c) => c.trim());
        if (readHeader(cells)) break;
        const ne = filled(cells);
        if (ne.length && ne.length <= 2) {
          st.titleRow = ne.join(' ').slice(0, 200);
          break;
        }
      }
      if (st.titleRow) break;
    }
    if (st.titleRow) st.listTrack = trackFromWords(st.titleRow) ?? st.listTrack;
  }
  for (const t of tables) if (importTable(st, t)) headers++;
  const title = opts.title ?? st.titleRow ?? base;
  if (!opts.period) st.opts = { ...opts, period: periodOfTitle(title) ?? periodOfTitle(base) };
  if (st.opts.period) for (const r of st.out) r.listPeriod ??= st.opts.period;
  const noHeader = !headers;
  if (noHeader)
    problems.push(`${name}: no register header found (expected columns such as 模型名称/算法名称, 备案单位/主体名称, 备案号, 备案时间)`);
  if (st.repeated.length)
    problems.push(
      `${name}: ${st.repeated.length === 1 ? 'a header row' : `${st.repeated.length} header rows`} repeated inside the data on row ${listRows(st.repeated)}: not filings, skipped and counted`,
    );
  if (st.unknownColumns.size)
    problems.push(`${name}: columns not understood: ${[...st.unknownColumns].join(', ')} (their cells are kept in each row's text)`);
  if (st.swapped.length)
    problems.push(
      `${name}: name and company swapped on row ${listRows(st.swapped)} (a legal suffix such as 有限公司 in the name column); read the other way round, flagged swapped`,
    );
  if (st.late.n)
    problems.push(
      `${name}: ${st.late.n} row${st.late.n > 1 ? 's' : ''} dated with a note (first ${st.late.first}); date and note kept, flagged late`,
    );
  if (st.cut.n)
    problems.push(
      `${name}: ${st.cut.n} cell${st.cut.n > 1 ? 's' : ''} over ${MAX_CELL_CHARS.toLocaleString('en')} characters cut to ${MAX_CELL_CHARS.toLocaleString('en')} (first on row ${st.cut.first})`,
    );
  if (st.overflow)
    problems.push(
      `${name}: ${st.overflow.toLocaleString('en')} rows past the first ${MAX_REGISTER_ROWS.toLocaleString('en')} not imported (cap per register file)`,
    );
  const latest = st.out.reduce<string | undefined>((d, r) => (r.filingDate && (!d || r.filingDate > d) ? r.filingDate : d), undefined);
  return {
    title,
    ...(st.opts.period ? { period: st.opts.period } : {}),
    date: latest,
    records: st.out,
    problems,
    counts: st.counts,
    ...(noHeader ? { noHeader } : {}),
  };
}

/**
 * Register tables inside a document (PDF, Word, HTML, text): its tab-separated lines, read as one
 * table (a table continued on the next page keeps its header). Only tables with a register header
 * count; lines of other tables (e.g. a research note's filing table) are left alone.
 */
export function importDocumentTables(
  name: string,
  lines: readonly string[],
  opts: RegisterOptions = {},
): { records: FilingRecord[]; problems: string[]; lines: Set<number>; counts?: RegisterCounts } {
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
  // The document's own title (sidecar or extraction) names the list; its file name otherwise.
  const r = importTables(name, [{ rows: rows.slice(first), strictColumns: false }], [], {
    ...opts,
    title: opts.title ?? name.replace(/^.*\//, ''),
  });
  return { records: r.records, problems: r.problems, lines: new Set(rows.slice(first).map((x) => x.start)), counts: r.counts };
}

/**
 * What the registers of a whole corpus say about each other, one line each: a file that repeats
 * another list (the same filing numbers and names: answers count them once), and a filing number
 * that two files give different names. Linear in the records.
 */
export function crossFileProblems(records: readonly FilingRecord[]): string[] {
  const first = new Map<string, FilingRecord>();
  const repeats = new Map<string, { of: string; n: number; total: number }>();
  const perSource = new Map<string, number>();
  const conflicts: string[] = [];
  for (const r of records) {
    if (r.origin !== 'register' || !r.filingNo) continue;
    perSource.set(r.source, (perSource.get(r.source) ?? 0) + 1);
    const key = `${r.track} ${r.filingNo.toLowerCase()}`;
    const f = first.get(key);
    if (!f) {
      first.set(key, r);
      continue;
    }
    if (f.source === r.source) continue;
    if (f.model === r.model) {
      const k = `${r.source}\n${f.source}`;
      const e = repeats.get(k) ?? { of: f.source, n: 0, total: 0 };
      e.n++;
      repeats.set(k, e);
    } else
      conflicts.push(
        `filing number ${r.filingNo} has two names: ${f.model} (${f.source}:${f.row ?? f.lines[0]}) and ${r.model} (${r.source}:${r.row ?? r.lines[0]}); both kept, answers count the number once`,
      );
  }
  const out: string[] = [];
  for (const [k, e] of repeats) {
    const src = k.slice(0, k.indexOf('\n'));
    const total = perSource.get(src) ?? 0;
    const theirs = perSource.get(e.of) ?? 0;
    out.push(
      e.n === total && total === theirs
        ? `${src}: the same list as ${e.of} (${total} rows); counted once`
        : `${src}: ${e.n} of its ${total} rows repeat ${e.of} (same number and name); counted once`,
    );
  }
  const MAX = 20;
  out.push(...conflicts.slice(0, MAX));
  if (conflicts.length > MAX) out.push(`… and ${conflicts.length - MAX} more filing numbers with two names`);
  return out;
}
