/**
 * A minimal .xlsx reader, enough for registers exported from Excel/WPS: the worksheets' cell
 * values as text, with date-formatted numbers turned into ISO dates. No dependency: an .xlsx file
 * is a zip of XML parts (central directory + deflate, read with node:zlib).
 * Not supported (reported as an error): encrypted workbooks, zip64, .xls (the old binary format).
 */
import { inflateRawSync } from 'node:zlib';

export interface SheetRow {
  /** 1-based row number as Excel shows it. */
  r: number;
  cells: string[];
}

export interface Sheet {
  name: string;
  rows: SheetRow[];
}

export class XlsxError extends Error {
  override name = 'XlsxError';
}

/** Zip entries by name → inflated bytes (read lazily). */
function readZip(buf: Buffer): Map<string, () => Buffer> {
  if (buf.readUInt32LE(0) === 0xe011cfd0) throw new XlsxError('this is an old .xls (or encrypted) workbook, not .xlsx');
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsxError('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (p === 0xffffffff) throw new XlsxError('zip64 workbooks are not supported');
  const out = new Map<string, () => Buffer>();
  for (let k = 0; k < count; k++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new XlsxError('damaged zip directory');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    out.set(name, () => {
      if (flags & 1) throw new XlsxError('the workbook is encrypted');
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      if (method === 0) return data;
      if (method === 8) return inflateRawSync(data);
      throw new XlsxError(`zip compression method ${method} is not supported`);
    });
  }
  return out;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescape = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? m),
  );
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** The text of a shared-string item or inline string: its <t> runs, without phonetic (<rPh>) runs. */
const runsText = (xml: string) =>
  [...xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '').matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g)].map((m) => unescape(m[1] ?? '')).join('');

/** Column letters → 0-based index: A → 0, AB → 27. */
const colIndex = (ref: string) => {
  let n = 0;
  for (const ch of /^[A-Z]+/i.exec(ref)?.[0].toUpperCase() ?? '') n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
};

/** Built-in number formats that are dates (ECMA-376 18.8.30). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

function dateStyles(styles: string | undefined): Set<number> {
  const out = new Set<number>();
  if (!styles) return out;
  const custom = new Map<number, string>();
  for (const m of styles.matchAll(/<numFmt\b[^>]*>/g)) custom.set(Number(attr(m[0], 'numFmtId')), unescape(attr(m[0], 'formatCode') ?? ''));
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '';
  [...xfs.matchAll(/<xf\b[^>]*>/g)].forEach((m, i) => {
    const id = Number(attr(m[0], 'numFmtId') ?? 0);
    // A custom format is a date when it has y/m/d codes outside quotes and brackets.
    const code = custom.get(id)?.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
    if (BUILTIN_DATE_FORMATS.has(id) || (code !== undefined && /[yd]|m+[^a-z]*d|年|月|日/i.test(code))) out.add(i);
  });
  return out;
}

/** Excel serial date → YYYY-MM-DD (the time of day is dropped). */
export function excelDate(serial: number, date1904 = false): string {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return new Date(epoch + Math.floor(serial) * 86_400_000).toISOString().slice(0, 10);
}

/** Every worksheet of the workbook, in workbook order, as rows of text cells. */
export function readXlsx(buf: Buffer): Sheet[] {
  const zip = readZip(buf);
  const part = (name: string) => zip.get(name.replace(/^\//, ''))?.().toString('utf8');
  const workbook = part('xl/workbook.xml');
  if (!workbook) throw new XlsxError('no xl/workbook.xml: not an Excel workbook');
  const date1904 = /<workbookPr\b[^>]*\sdate1904="(1|true)"/.test(workbook);
  const rels = new Map<string, string>();
  for (const m of (part('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<Relationship\b[^>]*>/g)) {
    const target = attr(m[0], 'Target') ?? '';
    rels.set(attr(m[0], 'Id') ?? '', target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const shared = [...(part('xl/sharedStrings.xml') ?? '').matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)].map((m) => runsText(m[1] ?? ''));
  const dates = dateStyles(part('xl/styles.xml'));
  const sheets: Sheet[] = [];
  for (const m of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const name = unescape(attr(m[0], 'name') ?? `Sheet${sheets.length + 1}`);
    const xml = part(rels.get(attr(m[0], 'r:id') ?? '') ?? '');
    if (!xml) continue;
    const rows: SheetRow[] = [];
    let lastRow = 0;
    for (const rm of xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
      const r = Number(attr(rm[1]!, 'r') ?? lastRow + 1);
      lastRow = r;
      const cells: string[] = [];
      let col = -1;
      for (const cm of (rm[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const a = cm[1]!;
        const ref = attr(a, 'r');
        col = ref ? colIndex(ref) : col + 1;
        const body = cm[2] ?? '';
        const t = attr(a, 't') ?? 'n';
        const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
        let text = '';
        if (t === 's') text = shared[Number(v)] ?? '';
        else if (t === 'inlineStr') text = runsText(/<is>([\s\S]*?)<\/is>/.exec(body)?.[1] ?? '');
        else if (t === 'b') text = v === '1' ? 'TRUE' : v === '0' ? 'FALSE' : '';
        else if (v !== undefined) {
          const raw = unescape(v);
          const n = Number(raw);
          text = t === 'n' && raw !== '' && Number.isFinite(n) && dates.has(Number(attr(a, 's') ?? -1)) ? excelDate(n, date1904) : raw;
        }
        while (cells.length < col) cells.push('');
        cells[col] = text.trim();
      }
      rows.push({ r, cells });
    }
    sheets.push({ name, rows });
  }
  return sheets;
}
