/** Dates and date ranges named in questions, Chinese and English: 截至2024年6月, 2024年上半年, since March 2024 … */
import * as z from 'zod';

export const DateRange = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  /** How the answer names the range: 截至2024年6月底, 2024年上半年, 2024年3月以来. */
  label: z.string(),
});
export type DateRange = z.infer<typeof DateRange>;

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
  all(
    /(?<!\d)(\d{4})\s*年?\s*第?\s*([一二三四1-4])\s*季度|(?:\bq([1-4])|(first|second|third|fourth|1st|2nd|3rd|4th) quarter of)\s*(\d{4})\b/gi,
    (m) => {
      const y = Number(m[1] ?? m[5]);
      const k = m[2] ? CN_NUM[m[2]]! : m[3] ? Number(m[3]) : EN_ORD[m[4]!.toLowerCase()]!;
      add({ y, span: [3 * k - 2, 3 * k], at: m.index, end: m.index + m[0].length, label: `${y}年第${'一二三四'[k - 1]}季度` });
    },
  );
  all(/(?<!\d)(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?![\d-])/g, (m) =>
    add({ y: Number(m[1]), m: Number(m[2]), d: m[3] ? Number(m[3]) : undefined, at: m.index, end: m.index + m[0].length }),
  );
  all(/(?<!\d)(\d{4})\s*年\s*(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*[日号])?)?/g, (m) =>
    add({
      y: Number(m[1]),
      m: m[2] ? Number(m[2]) : undefined,
      d: m[3] ? Number(m[3]) : undefined,
      at: m.index,
      end: m.index + m[0].length,
    }),
  );
  all(/\b(?:(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?)?(\d{4})\b/gi, (m) =>
    add({
      y: Number(m[3]),
      m: m[1] ? MONTHS.indexOf(m[1].toLowerCase()) + 1 : undefined,
      d: m[2] ? Number(m[2]) : undefined,
      at: m.index,
      end: m.index + m[0].length,
    }),
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
    return {
      from: first(p),
      to: last(second),
      label: `${p.label}至${second.y === p.y ? second.label.replace(`${p.y}年`, '') : second.label}`,
    };
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

/** The dates a text gives figures "as of" (截至2024年12月31日, as of June 2024), as ISO last days. */
export function asOfDates(text: string): { iso: string; label: string }[] {
  const q = text.normalize('NFKC');
  return datePoints(q)
    .filter((p) => /(截至|截止|截到|到|直到)\s*$|\b(as of|by|until|up to)\s+(the end of\s+)?$/i.test(q.slice(Math.max(0, p.at - 12), p.at)))
    .map((p) => ({ iso: last(p), label: `截至${p.label}` }));
}

/**
 * Whether a text names a date within a range that a figure could be of ("2024年初…消耗量为1000亿"
 * within 2024); the date a report was published ("2025年1月8日发布的信息显示") does not count.
 */
export function mentionsWithin(text: string, range: { from?: string; to?: string }): boolean {
  const q = text.normalize('NFKC');
  return datePoints(q).some(
    (p) =>
      (!range.to || first(p) <= range.to) &&
      (!range.from || last(p) >= range.from) &&
      !/^\s*.{0,3}(发布|公布|显示|宣布|报道|印发|召开|介绍)/.test(q.slice(p.end, p.end + 8)),
  );
}

/** Years named in a question (2024年, 2025, FY2024): for checking that evidence speaks of the same time. */
export function yearsIn(q: string): number[] {
  return [...new Set([...q.normalize('NFKC').matchAll(/(?<!\d)(20\d{2})(?!\d)/g)].map((m) => Number(m[1])))];
}
