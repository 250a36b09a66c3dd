/**
 * Lookups that only official registers can answer: by province, filing number, date range,
 * counts as of a date, the newest filings. Filings (备案), registrations (登记) and algorithm
 * filings are counted separately and never added up.
 */
import { findProvince } from '../records/provinces.js';
import { parseFilingNo } from '../records/registers.js';
import { TRACK_LABEL, type FilingRecord, type Track } from '../records/schema.js';
import type { LookupResult } from './lookup.js';
import type { Analysis } from './question.js';
import { describeRecord } from './recordText.js';

interface DateRange {
  from?: string;
  to?: string;
  label: string;
}

const endOfMonth = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
const startOfMonth = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}-01`;

/** 截至2024年6月 / 2024年3月以后 / 2024年上半年 / 2024年 / by the end of 2024. */
export function dateRange(q: string): DateRange | undefined {
  let m = /(截至|截止|到|until|by|as of)\s*(?:the end of\s*)?(\d{4})\s*年?\s*(?:(\d{1,2})\s*月)?(底|末)?/i.exec(q);
  if (m) {
    const y = Number(m[2]);
    const mo = m[3] ? Number(m[3]) : 12;
    return { to: endOfMonth(y, mo), label: `截至${y}年${m[3] ? `${mo}月` : ''}底` };
  }
  m = /(\d{4})\s*年\s*(?:(\d{1,2})\s*月)?\s*(以后|之后|以来|起|后)/.exec(q);
  if (m) {
    const y = Number(m[1]);
    const mo = m[2] ? Number(m[2]) : 1;
    return { from: startOfMonth(y, mo), label: `${y}年${m[2] ? `${mo}月` : ''}以来` };
  }
  m = /(\d{4})\s*年\s*(上|下)半年/.exec(q);
  if (m) {
    const y = Number(m[1]);
    return m[2] === '上' ? { from: `${y}-01-01`, to: `${y}-06-30`, label: `${y}年上半年` } : { from: `${y}-07-01`, to: `${y}-12-31`, label: `${y}年下半年` };
  }
  m = /(\d{4})\s*年\s*(\d{1,2})\s*月/.exec(q);
  if (m) return { from: startOfMonth(Number(m[1]), Number(m[2])), to: endOfMonth(Number(m[1]), Number(m[2])), label: `${m[1]}年${Number(m[2])}月` };
  m = /(\d{4})\s*年|\bin (\d{4})\b/.exec(q);
  if (m) {
    const y = m[1] ?? m[2];
    return { from: `${y}-01-01`, to: `${y}-12-31`, label: `${y}年` };
  }
  return undefined;
}

const FILING_NO = /[A-Za-z]+-[A-Za-z0-9]+-\d{8,}[A-Za-z]?|网信算备\d{10,}号/;

function wantedTracks(q: string): Track[] {
  if (/深度合成|算法/.test(q) || /deep[- ]synthesis|algorithm/i.test(q)) return ['deep-synthesis'];
  if (/登记/.test(q) || /registration|registered app/i.test(q)) return ['genai-registration'];
  return ['genai-filing', 'genai-registration'];
}

const inRange = (r: FilingRecord, d?: DateRange) => !d || (!!r.filingDate && (!d.from || r.filingDate >= d.from) && (!d.to || r.filingDate.slice(0, 10) <= d.to));

export function answerRegister(a: Analysis, records: readonly FilingRecord[], focus: string[]): LookupResult | undefined {
  const registers = records.filter((r) => r.origin === 'register');
  if (!registers.length) return undefined;
  const q = a.text;

  const no = FILING_NO.exec(q)?.[0];
  if (no) {
    const hit = registers.filter((r) => r.filingNo?.toLowerCase() === no.toLowerCase());
    if (hit.length) return { found: true, direct: true, rows: hit, facts: [], answer: hit.map((r) => describeRecord(r, { usesMax: 80, focus, lead: ['filingNo'] })).join('\n') };
    const parts = parseFilingNo(no);
    return {
      found: false, direct: true, rows: [], facts: [],
      answer: `登记表中没有备案号 ${no}。` + (parts.province || parts.date ? `（按编号格式，它属于${parts.province ?? '未知属地'}${parts.date ? `，日期 ${parts.date}` : ''}。）` : ''),
    };
  }

  const province = findProvince(q);
  const range = dateRange(q);
  const newest = a.intents.has('newest');
  const companyRows = a.mentions.filter((m) => m.kind === 'company').flatMap((m) => m.records.map((i) => records[i]!)).filter((r) => r.origin === 'register');
  // Only questions about the registers' dimensions come here; names alone go to the general lookup.
  if (!province && !newest && !(range && (a.intents.has('count') || a.intents.has('list')) && /备案|登记|filing|filed|register/i.test(q))) return undefined;

  let rows = companyRows.length ? companyRows : registers;
  if (province) rows = rows.filter((r) => r.province === province);
  rows = rows.filter((r) => inRange(r, range));
  const where = `${range ? range.label : ''}${province ?? ''}`;
  const tracks = wantedTracks(q).filter((t) => rows.some((r) => r.track === t) || t === 'genai-filing');

  if (newest && !a.intents.has('count')) {
    const top = rows.filter((r) => r.filingDate).sort((x, y) => y.filingDate!.localeCompare(x.filingDate!)).slice(0, 5);
    if (!top.length) return { found: false, direct: true, rows: [], facts: [], answer: `登记表中没有${where}的备案记录。` };
    return { found: true, direct: true, rows: top, facts: [], answer: `${where}最新的备案：` + top.map((r) => `${r.model}（${r.company ?? '—'}，${r.filingDate}，${TRACK_LABEL[r.track]}）`).join('；') + '。' };
  }

  const parts: string[] = [];
  const cited: FilingRecord[] = [];
  for (const t of tracks) {
    const ofTrack = rows.filter((r) => r.track === t);
    if (!ofTrack.length && t !== 'genai-filing') continue;
    const list = ofTrack.slice(0, 12).map((r) => r.model).join('、') + (ofTrack.length > 12 ? ` 等（另有 ${ofTrack.length - 12} 条）` : '');
    parts.push(`${where}${TRACK_LABEL[t]}共 ${ofTrack.length} 条${ofTrack.length ? `：${list}` : ''}。`);
    cited.push(...ofTrack);
  }
  if (tracks.length > 1 && tracks.includes('genai-registration')) parts.push('（备案与登记分别计数，不相加。）');
  return { found: cited.length > 0, direct: true, rows: cited, facts: [], answer: parts.join('\n') };
}
