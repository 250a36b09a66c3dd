/**
 * Official filing registers (CSV/TSV, UTF-8, BOM tolerated) → filing records with file:row
 * provenance. Columns are found by their Chinese headers in any order. Tracks are kept apart:
 * - deep-synthesis algorithm filings: a header with 算法名称;
 * - generative-AI registrations (登记) vs filings (备案): a 类型/类别 column when present, else a
 *   section row that names the track (e.g. "已登记的生成式人工智能应用" switches to 登记).
 * Bad rows (wrong column count, unparseable date, duplicate number) are reported and skipped.
 */
import { parse } from 'csv-parse/sync';
import { extname } from 'node:path';
import { provinceFromPinyin, findProvince } from './provinces.js';
import { FilingRecord, type Track } from './schema.js';

export interface RegisterImport {
  title: string;
  date?: string;
  records: FilingRecord[];
  problems: string[];
}

type Field = 'seq' | 'province' | 'model' | 'company' | 'filingNo' | 'date' | 'role' | 'product' | 'uses' | 'track';
const HEADERS: [Field, RegExp][] = [
  ['seq', /^(序号|编号序号|no\.?)$/i],
  ['province', /属地|省份|地区/],
  ['model', /模型名称|算法名称|服务名称|应用名称|^名称$/],
  ['company', /备案单位|主体名称|单位名称|企业名称|备案主体|公司/],
  ['filingNo', /备案号|备案编号|登记编号|登记号/],
  ['date', /备案时间|备案日期|登记时间|登记日期|^时间$|^日期$/],
  ['role', /角色/],
  ['product', /应用产品|产品/],
  ['uses', /主要用途|用途/],
  ['track', /类型|类别/],
];

/** ISO date from 2024-04-28, 2024/4/28, 2024.4.28, 2024年4月28日, 20240428. */
export function parseDate(s: string): string | undefined {
  const t = s.trim();
  let m = /^(\d{4})[-/.年]\s*(\d{1,2})[-/.月]\s*(\d{1,2})日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || y < 2000) return undefined;
    return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
  m = /^(\d{4})[-/.年]\s*(\d{1,2})月?$/.exec(t);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return `${m[1]}-${m[2]!.padStart(2, '0')}`;
  return undefined;
}

/** Parts of a generative-AI filing number: Beijing-DeepseekChat-202404280016. */
export function parseFilingNo(no: string): { province?: string; date?: string } {
  const m = /^([A-Za-z]+)-[A-Za-z0-9]+-(\d{8})\d*[A-Za-z]?$/.exec(no.trim());
  if (!m) return {};
  return { province: provinceFromPinyin(m[1]!), date: parseDate(m[2]!) };
}

export async function importRegister(name: string, bytes: Buffer): Promise<RegisterImport> {
  const title = name.replace(/\.\w+$/, '');
  if (extname(name).toLowerCase() === '.xlsx') return { title, records: [], problems: [`${name}: .xlsx is not supported, export it as CSV (UTF-8)`] };
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = extname(name).toLowerCase() === '.tsv' || firstLine.includes('\t') ? '\t' : ',';
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, trim: true, info: true, relax_quotes: true }) as unknown as typeof rows;
  } catch (err) {
    return { title, records: [], problems: [`${name}: cannot be read as ${delimiter === '\t' ? 'TSV' : 'CSV'} (${(err as Error).message.split('\n')[0]})`] };
  }
  const problems: string[] = [];
  const header = rows[0]?.record ?? [];
  const cols = new Map<Field, number>();
  header.forEach((h, i) => {
    const f = HEADERS.find(([, re]) => re.test(h))?.[0];
    if (f && !cols.has(f)) cols.set(f, i);
  });
  if (!cols.has('model') || (!cols.has('company') && !cols.has('filingNo'))) {
    return { title, records: [], problems: [`${name}: no register header found (expected 模型名称/算法名称, 备案单位/主体名称, 备案号 …)`] };
  }
  const algorithm = header.some((h) => /算法名称/.test(h));
  let track: Track = algorithm ? 'deep-synthesis' : 'genai-filing';
  const seen = new Set<string>();
  const records: FilingRecord[] = [];
  let latest: string | undefined;
  let dataRow = 0;
  for (const { record: cells, info } of rows.slice(1)) {
    const line = info.lines;
    const filled = cells.filter(Boolean);
    // A section row naming a track ("二、已登记的生成式人工智能服务").
    if (filled.length === 1 && !algorithm) {
      if (/登记/.test(filled[0]!)) track = 'genai-registration';
      else if (/备案/.test(filled[0]!)) track = 'genai-filing';
      continue;
    }
    dataRow++;
    const where = `${name}:${line}`;
    if (cells.length !== header.length) {
      problems.push(`${where}: ${cells.length} columns, the header has ${header.length}; skipped`);
      continue;
    }
    const get = (f: Field) => (cols.has(f) ? cells[cols.get(f)!]!.trim() : '');
    const filingNo = get('filingNo');
    const fromNo = filingNo ? parseFilingNo(filingNo) : {};
    const rawDate = get('date');
    const filingDate = rawDate ? parseDate(rawDate) : fromNo.date;
    if (rawDate && !filingDate) {
      problems.push(`${where}: date "${rawDate}" cannot be read; skipped`);
      continue;
    }
    if (filingNo && seen.has(filingNo)) {
      problems.push(`${where}: duplicate filing number ${filingNo}; skipped`);
      continue;
    }
    if (filingNo) seen.add(filingNo);
    const typeCell = get('track');
    const rowTrack: Track = algorithm ? 'deep-synthesis' : typeCell ? (/登记/.test(typeCell) ? 'genai-registration' : 'genai-filing') : track;
    const provinceCell = get('province');
    const parsed = FilingRecord.safeParse({
      id: `${name}:${line}`,
      origin: 'register',
      track: rowTrack,
      model: get('model'),
      company: get('company') || undefined,
      province: (provinceCell ? findProvince(provinceCell) ?? provinceCell : fromNo.province) || undefined,
      filingNo: filingNo || undefined,
      filingDate,
      role: get('role') || undefined,
      product: get('product') || undefined,
      uses: get('uses') || undefined,
      source: name,
      lines: [line, line],
      row: dataRow,
      text: cells.join(' | '),
    });
    if (!parsed.success) {
      problems.push(`${where}: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}; skipped`);
      continue;
    }
    records.push(parsed.data);
    if (filingDate && (!latest || filingDate > latest)) latest = filingDate;
  }
  return { title, date: latest, records, problems };
}
