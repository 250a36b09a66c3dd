/**
 * Lookups that official registers answer: by filing number (and its parts), province, company,
 * date range, counts as of a date, the newest filings, and a model that the texts' table and a
 * register both list (shown side by side, each with its source). Filings (备案), registrations
 * (登记) and deep-synthesis algorithm filings are counted separately and never added up.
 * Returns undefined when the question is not for the registers, so the text-table lookups run.
 */
import { aliasKey, type Mention } from '../records/entityIndex.js';
import { findPlace, type Place } from '../records/provinces.js';
import { parseFilingNo } from '../records/registers.js';
import { TRACK_LABEL, TRACKS, type FilingRecord, type Track } from '../records/schema.js';
import type { LookupResult } from './lookup.js';
import { stripMarkup, type Analysis } from './question.js';
import { batchLabel } from './recordText.js';

// ---------------------------------------------------------------------------------------------
// Dates in questions

export interface DateRange {
  from?: string;
  to?: string;
  /** How the answer names the range: 截至2024年6月底, 2024年上半年, 2024年3月以来. */
  label: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const shift = (isoDate: string, days: number) => new Date(Date.parse(isoDate) + days * 86_400_000).toISOString().slice(0, 10);

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const CN_NUM: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 1: 1, 2: 2, 3: 3, 4: 4 };
const EN_ORD: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, '1st': 1, '2nd': 2, '3rd': 3, '4th': 4 };

interface Point {
  y: number;
  m?: number;
  d?: number;
  /** Months covered when the point is a half or a quarter. */
  span?: [number, number];
  at: number;
  end: number;
  label: string;
}

const first = (p: Point) => iso(p.y, p.span?.[0] ?? p.m ?? 1, p.d ?? 1);
const last = (p: Point) => {
  if (p.d) return iso(p.y, p.m!, p.d);
  const m = p.span?.[1] ?? p.m ?? 12;
  return iso(p.y, m, lastDay(p.y, m));
};

function cnLabel(y: number, m?: number, d?: number): string {
  return `${y}年${m ? `${m}月` : ''}${d ? `${d}日` : ''}`;
}

/** Dates a question names: 2024年6月, 2024年上半年, 2024年第一季度, 2024-06-30, June 2024, first half of 2024, Q1 2024. */
function datePoints(q: string): Point[] {
  const found: Point[] = [];
  const add = (p: Omit<Point, 'label'> & { label?: string }) => {
    if (p.y < 2000 || p.y > 2100 || (p.m && (p.m < 1 || p.m > 12)) || (p.d && (!p.m || p.d > lastDay(p.y, p.m)))) return;
    if (found.some((f) => p.at < f.end && f.at < p.end)) return;
    found.push({ ...p, label: p.label ?? cnLabel(p.y, p.m, p.d) });
  };
  const all = (re: RegExp, f: (m: RegExpExecArray) => void) => {
    for (const m of q.matchAll(re)) f(m as RegExpExecArray);
  };
  all(/(?<!\d)(\d{4})\s*年?\s*(上|下)半年|(?:(first|second) half of|\bh([12])|([12])h)\s*(\d{4})\b/gi, (m) => {
    const y = Number(m[1] ?? m[6]);
    const h = m[2] ? (m[2] === '上' ? 1 : 2) : m[3] ? (m[3].toLowerCase() === 'first' ? 1 : 2) : Number(m[4] ?? m[5]);
    add({ y, span: h === 1 ? [1, 6] : [7, 12], at: m.index, end: m.index + m[0].length, label: `${y}年${h === 1 ? '上' : '下'}半年` });
  });
  all(/(?<!\d)(\d{4})\s*年?\s*第?\s*([一二三四1-4])\s*季度|(?:\bq([1-4])|(first|second|third|fourth|1st|2nd|3rd|4th) quarter of)\s*(\d{4})\b/gi, (m) => {
    const y = Number(m[1] ?? m[5]);
    const k = m[2] ? CN_NUM[m[2]]! : m[3] ? Number(m[3]) : EN_ORD[m[4]!.toLowerCase()]!;
    add({ y, span: [3 * k - 2, 3 * k], at: m.index, end: m.index + m[0].length, label: `${y}年第${'一二三四'[k - 1]}季度` });
  });
  all(/(?<!\d)(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?![\d-])/g, (m) =>
    add({ y: Number(m[1]), m: Number(m[2]), d: m[3] ? Number(m[3]) : undefined, at: m.index, end: m.index + m[0].length }),
  );
  all(/(?<!\d)(\d{4})\s*年\s*(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*[日号])?)?/g, (m) =>
    add({ y: Number(m[1]), m: m[2] ? Number(m[2]) : undefined, d: m[3] ? Number(m[3]) : undefined, at: m.index, end: m.index + m[0].length }),
  );
  all(/\b(?:(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?)?(\d{4})\b/gi, (m) =>
    add({ y: Number(m[3]), m: m[1] ? MONTHS.indexOf(m[1].toLowerCase()) + 1 : undefined, d: m[2] ? Number(m[2]) : undefined, at: m.index, end: m.index + m[0].length }),
  );
  return found.sort((a, b) => a.at - b.at);
}

/** The date range a question asks about: 截至2024年6月 / 2024年3月以后 / 2024年上半年 / 2024年3月至6月 / since March 2024 … */
export function dateRange(question: string): DateRange | undefined {
  const q = question.normalize('NFKC');
  const points = datePoints(q);
  const p = points[0];
  if (!p) return undefined;
  const before = q.slice(Math.max(0, p.at - 16), p.at).toLowerCase();
  const after = q.slice(p.end, p.end + 12).toLowerCase();
  // Two dates joined: 2024年3月至2024年6月, between March 2024 and June 2024; or 2024年3月至6月.
  const second = points[1];
  if (second && /^\s*(至|到|~|～|-|—|–|and|to|through|until)\s*$/i.test(q.slice(p.end, second.at)))
    return { from: first(p), to: last(second), label: `${p.label}至${second.y === p.y ? second.label.replace(`${p.y}年`, '') : second.label}` };
  const toMonth = /^\s*(?:至|到|~|～|-|—|–)\s*(\d{1,2})\s*月/.exec(after);
  if (toMonth && p.m && Number(toMonth[1]) >= p.m && Number(toMonth[1]) <= 12) {
    const m2 = Number(toMonth[1]);
    return { from: first(p), to: iso(p.y, m2, lastDay(p.y, m2)), label: `${p.label}至${m2}月` };
  }
  const yearEnd = !p.m && !p.span && /^\s*(底|末)/.test(after);
  if (/(截至|截止|截到|到|至|直到)\s*$|\b(as of|by|until|till|up to|through)\s+(the end of\s+)?$/.test(before))
    return { to: last(p), label: `截至${p.label}${p.d || p.span ? '' : '底'}` };
  if (/^\s*(以来|以后|之后|起|开始|后)/.test(after) || /\b(since|from)\s+$/.test(before))
    return { from: first(p), label: `${p.label}以来` };
  if (/\bafter\s+$/.test(before)) return { from: shift(last(p), 1), label: `${p.label}之后` };
  if (/^\s*(以前|之前|前)/.test(after) || /\bbefore\s+$/.test(before)) return { to: shift(first(p), -1), label: `${p.label}以前` };
  if (yearEnd) return { to: last(p), label: `截至${p.label}底` };
  return { from: first(p), to: last(p), label: p.label };
}

/** Register dates may be months (2024-06): they count from the month's first day. */
const dayOf = (d: string) => (d.length === 7 ? `${d}-01` : d);
const inRange = (r: FilingRecord, d?: DateRange) =>
  !d || (!!r.filingDate && (!d.from || dayOf(r.filingDate) >= d.from) && (!d.to || dayOf(r.filingDate) <= d.to));
/** Text-table rows have a batch month only. */
const batchInRange = (r: FilingRecord, d: DateRange) =>
  !!r.batchDate && (!d.from || `${r.batchDate.ym}-31` >= d.from) && (!d.to || `${r.batchDate.ym}-01` <= d.to);

// ---------------------------------------------------------------------------------------------
// A view of the register rows, computed once per loaded index

interface RegisterView {
  /** Register rows, one per (track, filing number): a number listed in two register files counts once. */
  rows: FilingRecord[];
  /** Rows left out of `rows` as repeats of a number already listed in another file. */
  repeats: number;
  byNo: Map<string, FilingRecord[]>;
  /** Latest filing date in the registers. */
  latest?: string;
}

const views = new WeakMap<readonly FilingRecord[], RegisterView>();

function view(records: readonly FilingRecord[]): RegisterView {
  let v = views.get(records);
  if (v) return v;
  const rows: FilingRecord[] = [];
  const byNo = new Map<string, FilingRecord[]>();
  let repeats = 0;
  let latest: string | undefined;
  for (const r of records) {
    if (r.origin !== 'register') continue;
    if (r.filingDate && (!latest || r.filingDate > latest)) latest = r.filingDate;
    if (r.filingNo) {
      const key = r.filingNo.toLowerCase();
      const same = byNo.get(key);
      if (same) {
        same.push(r);
        if (same.some((s) => s.track === r.track && s.source !== r.source)) {
          repeats++;
          continue;
        }
      } else byNo.set(key, [r]);
    }
    rows.push(r);
  }
  views.set(records, (v = { rows, repeats, byNo, latest }));
  return v;
}

// ---------------------------------------------------------------------------------------------
// Reading the question

const FILING_NO = /(?<![A-Za-z0-9])[A-Za-z]+-[A-Za-z0-9_.]+(?:-[A-Za-z0-9_.]+)*-\d{8,}[A-Za-z]?(?![A-Za-z0-9])|网信算备\s*\d{10,}\s*号?/;
/** The question is about filings or registrations (not, say, market size). */
const ABOUT_FILINGS = /备案|登记|算法|算备|filing|filed|register|registration|regist/i;
const ABOUT_SERVICES = /模型|服务|应用|产品|算法|企业|公司|单位|model|service|app|compan|enterprise/i;
const COMPANY_COUNT = /几家|多少家|哪些(企业|公司|单位)|companies|enterprises|firms/i;

/** Tracks the question names; undefined when it names none (then filings and registrations are both shown, apart). */
function namedTracks(q: string): Track[] | undefined {
  if (/深度合成|算法|算备|deep[- ]?synthesis|algorithm/i.test(q)) return ['deep-synthesis'];
  const reg = /登记|registration|registered app/i.test(q);
  const fil = /备案/.test(q) && !/已?登记/.test(q.replace(/备案/g, ''));
  if (reg && !/(备案(和|与|及|、)|(和|与|及|、)备案)/.test(q)) return ['genai-registration'];
  if (reg && fil) return ['genai-filing', 'genai-registration'];
  return undefined;
}

/** A mention whose alias is only a place name ("北京科技有限公司" → 北京) names the place, not a company. */
function placeOnly(m: Mention): boolean {
  const p = findPlace(m.alias);
  return !!p && m.alias.replace(/(市|省|自治区)$/, '') === (p.city ?? p.province);
}

/** The place the question names outside the names of models and companies. */
function placeIn(raw: string, mentions: Mention[]): Place | undefined {
  let q = aliasKey(raw);
  for (const m of mentions) if (!placeOnly(m)) q = q.slice(0, m.start) + ' '.repeat(m.end - m.start) + q.slice(m.end);
  return findPlace(q);
}

// ---------------------------------------------------------------------------------------------
// Writing the answer

const MAX_LIST = 12;
/** Rows cited per answer (the engine shows 8 citations). */
const CITED_ROWS = 8;
const uniq = <T>(xs: T[]) => [...new Set(xs)];

const trackWord = (t: Track) => (t === 'genai-registration' ? '登记' : '备案');
const numberWord = (t: Track) => (t === 'genai-registration' ? '登记编号' : '备案号');

/** "测试模型甲（示例智能科技有限公司，北京，2024-03-15，备案号 Beijing-…）". */
function brief(r: FilingRecord, parts: ('company' | 'province' | 'date' | 'no' | 'role')[]): string {
  const bits = parts
    .map((p) =>
      p === 'company' ? r.company : p === 'province' ? r.province : p === 'date' ? r.filingDate : p === 'role' ? r.role : r.filingNo ? `${numberWord(r.track)} ${r.filingNo}` : undefined,
    )
    .filter(Boolean);
  return bits.length ? `${r.model}（${bits.join('，')}）` : r.model;
}

/** How much a list shows: detailed for a few rows, then fewer names until the answer is short. */
interface Detail {
  max: number;
  details: boolean;
}
const DETAIL_LEVELS: Detail[] = [
  { max: MAX_LIST, details: true },
  { max: MAX_LIST, details: false },
  { max: 6, details: false },
  { max: 3, details: false },
];
/** Prose budget of an answer (characters), before the texts' own statements are added. */
const BUDGET = 300;

/** "…共 N 条：a、b、c 等（另有 K 条）" for one track. */
function listLine(subject: string, t: Track, rows: FilingRecord[], level: Detail, opts: { companies: boolean; byCompany: boolean }): string {
  const n = rows.length;
  const head = `${subject}${TRACK_LABEL[t]}共 ${n} 条${opts.companies && n ? `（涉及 ${uniq(rows.map((r) => r.company ?? r.model)).length} 家单位）` : ''}`;
  if (!n) return `${head}。`;
  const shown = rows.slice(0, level.max);
  const who = opts.byCompany ? 'province' : 'company';
  const detail: ('company' | 'province' | 'date' | 'role')[] = level.details ? (t === 'deep-synthesis' ? [who, 'role'] : [who, 'date']) : [];
  const names = shown.map((r) => brief(r, detail)).join('、');
  return `${head}：${names}${n > shown.length ? ` 等（另有 ${n - shown.length} 条）` : ''}。`;
}

function result(found: boolean, answer: string, rows: FilingRecord[]): LookupResult {
  return { found, direct: true, rows, facts: [], answer };
}

interface Selection {
  rows: FilingRecord[];
  /** What the answer names the selection: "截至2024年6月底北京", "示例智能科技有限公司". */
  subject: string;
  tracks?: Track[];
  range?: DateRange;
  place?: Place;
  /** The selection is one company's: the list names provinces, not the company again. */
  byCompany: boolean;
}

/** Counts or lists per track, filings and registrations apart. */
function perTrack(sel: Selection, a: Analysis, view: RegisterView, textRows: FilingRecord[], named: boolean): LookupResult | undefined {
  const companies = COMPANY_COUNT.test(a.raw);
  const present = TRACKS.filter((t) => sel.rows.some((r) => r.track === t));
  const genaiWords = /生成式|大模型|genai|generative|large model|llm/i.test(a.raw);
  const tracks = sel.tracks ?? TRACKS.filter((t) => t === 'genai-filing' || (present.includes(t) && !(genaiWords && t === 'deep-synthesis')));
  const byTrack = tracks.map((t) => [t, sel.rows.filter((r) => r.track === t)] as const);
  if (!byTrack.some(([, rows]) => rows.length) && !textRows.length && !a.intents.has('count')) {
    return named ? result(false, `登记表中没有${sel.subject}的${tracks.length === 1 ? TRACK_LABEL[tracks[0]!] : '备案或登记'}记录。`, []) : undefined;
  }
  const subject = textRows.length ? `登记表中，${sel.subject}` : sel.subject;
  const write = (level: Detail) => {
    const lines = byTrack.map(([t, rows]) => listLine(subject, t, rows, level, { companies, byCompany: sel.byCompany }));
    if (tracks.includes('genai-filing') && tracks.includes('genai-registration')) lines.push('（备案与登记分别计数，不相加。）');
    if (textRows.length) {
      const batches = uniq(textRows.map((r) => batchLabel(r)).filter(Boolean));
      const what = textRows.length <= 3
        ? textRows.map((r) => `${r.model}${batchLabel(r) ? `（${batchLabel(r)}）` : ''}`).join('、')
        : `${textRows.length} 款（${batches.slice(0, 3).join('、')}${batches.length > 3 ? '等' : ''}）`;
      lines.push(`文本中的备案表另列有${what}，与登记表分开列出。`);
    }
    if (sel.range?.to && view.latest && dayOf(view.latest) < sel.range.to) lines.push(`（登记表中最新的日期为 ${view.latest}。）`);
    return lines.join('\n');
  };
  const level = DETAIL_LEVELS.find((l) => write(l).length <= BUDGET) ?? DETAIL_LEVELS.at(-1)!;
  // Scattered rows are one citation each and answers show 8: every track (and the text table) gets its share.
  const groups = byTrack.filter(([, rows]) => rows.length).length + (textRows.length ? 1 : 0);
  const share = Math.max(2, Math.floor(CITED_ROWS / Math.max(1, groups)));
  const cited = [...byTrack.flatMap(([, rows]) => rows.slice(0, Math.min(level.max, share))), ...textRows.slice(0, share)];
  return result(true, write(level), cited);
}

function newest(sel: Selection): LookupResult {
  const tracks = sel.tracks ?? TRACKS.filter((t) => sel.rows.some((r) => r.track === t));
  const lines: string[] = [];
  const cited: FilingRecord[] = [];
  for (const t of tracks) {
    const top = sel.rows
      .filter((r) => r.track === t && r.filingDate)
      .sort((x, y) => y.filingDate!.localeCompare(x.filingDate!) || y.lines[0] - x.lines[0])
      .slice(0, tracks.length > 1 ? 3 : 5);
    if (!top.length) continue;
    lines.push(`${sel.subject}最新的${TRACK_LABEL[t]}：${top.map((r) => brief(r, [sel.byCompany ? 'province' : 'company', 'date'])).join('；')}。`);
    cited.push(...top);
  }
  if (!cited.length) return result(false, `登记表中没有${sel.subject}的${sel.tracks?.length === 1 ? TRACK_LABEL[sel.tracks[0]!] : '备案'}记录。`, []);
  return result(true, lines.join('\n'), cited);
}

/** A filing number: the row(s) that carry it, or what the number's shape tells. */
function byNumber(no: string, v: RegisterView): LookupResult {
  const key = no.replace(/\s+/g, '').toLowerCase();
  const hit = v.byNo.get(key) ?? v.byNo.get(key.endsWith('号') ? key : `${key}号`) ?? [];
  if (hit.length) {
    const r = hit[0]!;
    const more = hit.length > 1 ? `（另见 ${uniq(hit.slice(1).map((x) => x.source)).join('、')}）` : '';
    const where = r.province ? `属地${r.province}，` : '';
    const when = r.filingDate ? `${r.filingDate}${trackWord(r.track)}，` : '';
    const role = r.role ? `角色：${r.role}，` : '';
    const product = r.product && !/^[-—–]+$/.test(r.product) ? `应用产品：${r.product}，` : '';
    return result(true, `${r.filingNo} 是${r.model}的${numberWord(r.track)}：${r.company ? `${r.company}，` : ''}${where}${when}${role}${product}类别为${TRACK_LABEL[r.track]}。${more}`, hit);
  }
  const parts = parseFilingNo(no);
  const shape = parts.province || parts.date ? `按编号格式，它的属地是${parts.province ?? '（无法识别）'}${parts.date ? `，日期为 ${parts.date}` : ''}。` : '';
  return result(false, `登记表中没有编号 ${no.replace(/\s+/g, '')}。${shape}`, []);
}

/** A model that the texts' table and a register both list: both shown, each with its source. */
function sideBySide(model: string, textRows: FilingRecord[], regRows: FilingRecord[]): LookupResult {
  const t = textRows[0]!;
  const text = `文本中的备案表：${model}${t.company ? `（${t.company}）` : ''}在${batchLabel(t) || '表中'}通过备案`;
  const reg = `登记表（${uniq(regRows.map((r) => r.source)).join('、')}）：${regRows.map((r) => `${r.filingDate ?? '日期未列'}${trackWord(r.track)}${r.province ? `，属地${r.province}` : ''}${r.filingNo ? `，${numberWord(r.track)} ${r.filingNo}` : ''}`).join('；')}`;
  const ym = t.batchDate?.ym;
  const agree = ym && regRows.every((r) => r.filingDate?.slice(0, 7) === ym);
  const note = !ym ? '' : agree ? '两处日期一致。' : '两处日期不一致，分别列出。';
  return result(true, `${text}；${reg}。${note}`, [...textRows, ...regRows]);
}

// ---------------------------------------------------------------------------------------------

export function answerRegister(a: Analysis, records: readonly FilingRecord[], _focus: string[] = []): LookupResult | undefined {
  const v = view(records);
  if (!v.rows.length) return undefined;
  const raw = stripMarkup(a.raw);
  const both = `${raw} ${a.text}`;

  const no = FILING_NO.exec(raw)?.[0];
  if (no) return byNumber(no, v);

  const I = a.intents;
  // Fields only the texts hold: the text-table lookups answer these.
  if (I.has('params') || (I.has('uses') && !I.has('list') && !I.has('count'))) return undefined;

  const mentions = a.mentions.filter((m) => !placeOnly(m));
  const place = placeIn(raw, a.mentions);
  const range = dateRange(raw) ?? dateRange(a.text);
  const tracks = namedTracks(both);
  const aboutFilings = ABOUT_FILINGS.test(both);
  const asks = I.has('count') || I.has('list') || I.has('newest') || I.has('province') || /^\s*(which|what|list|show|how many)\b/i.test(raw);

  const isReg = (r: FilingRecord) => r.origin === 'register';
  const rowsOf = (kind: 'model' | 'company') => uniq(mentions.filter((m) => m.kind === kind).flatMap((m) => m.records.map((i) => records[i]!)));
  const models = rowsOf('model');
  const companyRows = rowsOf('company');

  // A model and its company together: the general lookup intersects them.
  if (models.length && companyRows.length) return undefined;
  // A model both in the texts' table and in a register.
  if (models.length) {
    const reg = models.filter(isReg);
    const text = models.filter((r) => r.origin === 'text-table');
    if (reg.length && text.length && !asks) {
      const name = mentions.find((m) => m.kind === 'model')!;
      return sideBySide(text.find((r) => aliasKey(r.model).includes(name.alias))?.model ?? text[0]!.model, text, reg);
    }
    if (!(asks && (place || range || tracks))) return undefined;
  }

  // Narrow: company → place → tracks → dates.
  let rows = v.rows;
  let textRows: FilingRecord[] = [];
  const subject: string[] = [];
  if (companyRows.length) {
    const reg = companyRows.filter(isReg);
    if (!reg.length) return undefined;
    rows = reg;
    if (!place && !range) textRows = companyRows.filter((r) => r.origin === 'text-table');
    const names = uniq(reg.map((r) => r.company).filter((c): c is string => !!c));
    subject.push(names.length === 1 ? names[0]! : mentions.find((m) => m.kind === 'company')!.alias);
  } else if (models.length) {
    rows = models.filter(isReg);
  } else if (!place && !(aboutFilings && (I.has('newest') || (range && asks) || (tracks && asks)))) {
    return undefined;
  } else if (place && !(aboutFilings || asks || ABOUT_SERVICES.test(both))) {
    return undefined;
  }
  if (place) rows = rows.filter((r) => r.province === place.province);
  if (tracks) rows = rows.filter((r) => tracks.includes(r.track));
  if (range) {
    rows = rows.filter((r) => inRange(r, range));
    if (!companyRows.length && !place && (!tracks || tracks.includes('genai-filing')))
      textRows = records.filter((r) => r.origin === 'text-table' && batchInRange(r, range));
  }
  const where = `${range ? range.label : ''}${place ? place.province : ''}`;
  const sel: Selection = { rows, subject: subject.length ? `${subject[0]}${where ? `（${where}）` : ''}` : where, tracks, range, place, byCompany: !!companyRows.length };

  // Nothing in the registers for a bare date question: let the texts answer.
  if (!rows.length && !place && !companyRows.length && !textRows.length && !I.has('count')) return undefined;

  const out = I.has('newest') && !I.has('count') ? newest(sel) : perTrack(sel, a, v, textRows, !!(place || companyRows.length));
  if (out && place?.city) out.answer += `\n（登记表的属地只到省级：${place.city}属${place.province}，以上为${place.province}全部。）`;
  if (out?.found && v.repeats && !companyRows.length) out.answer += `\n（有 ${v.repeats} 条编号在多个登记表中重复出现，只计一次。）`;
  return out;
}
