/** Amounts written in text: numbers with units, fractions and percentages, durations in Chinese numerals. */
import { parseSmallNumber } from './chars.js';

export interface Amount {
  value: number;
  unit: string;
  /** The text right after a number with a unit (what it counts, when a noun follows). */
  after?: string;
}

const FRACTION: Record<string, number> = { 一半: 0.5, 半数: 0.5 };

/** "1000张" → {1000, 张}; "三分之一" / "1/3" → {0.333, frac}; "30%" → {0.3, frac}; "七成" → {0.7, frac}. */
export function amounts(text: string): Amount[] {
  const out: Amount[] = [];
  for (const m of text.matchAll(
    /(\d+(?:\.\d+)?)\s*\/\s*(\d+)|([一二两三四五六七八九十]+)分之([一二三四五六七八九十]+)|(\d+(?:\.\d+)?)\s*(%|％)|([一二两三四五六七八九十])成|一半|半数/g,
  )) {
    if (m[1] && m[2]) out.push({ value: Number(m[1]) / Number(m[2]), unit: 'frac' });
    else if (m[3] && m[4]) out.push({ value: parseSmallNumber(m[4])! / parseSmallNumber(m[3].replace('两', '二'))!, unit: 'frac' });
    else if (m[5]) out.push({ value: Number(m[5]) / 100, unit: 'frac' });
    else if (m[7]) out.push({ value: parseSmallNumber(m[7].replace('两', '二'))! / 10, unit: 'frac' });
    else out.push({ value: FRACTION[m[0]]!, unit: 'frac' });
  }
  const rest = text.replace(/\d+(?:\.\d+)?\s*\/\s*\d+|\d+(?:\.\d+)?\s*[%％]/g, ' ');
  for (const m of rest.matchAll(/(\d+(?:\.\d+)?)\s*(万亿|亿|万)?\s*(?:多|余)?\s*([张个款家倍年月日天分元种项条台次人]|tokens?|P\b)?/gi)) {
    const scale = m[2] === '万亿' ? 1e12 : m[2] === '亿' ? 1e8 : m[2] === '万' ? 1e4 : 1;
    // The words after a counted amount ("200多个模型…", "100多个开箱即用的工具"): what it counts.
    const after = m[3] ? rest.slice(m.index! + m[0].length, m.index! + m[0].length + 8) : '';
    out.push({ value: Number(m[1]) * scale, unit: (m[3] ?? '').toLowerCase(), ...(after ? { after } : {}) });
  }
  // Durations in Chinese numerals: "上线两年后", "一年来", "三个月".
  for (const m of text.matchAll(/(?<![一二两三四五六七八九十\d])([一二两三四五六七八九十]{1,3})\s*(年|个月|天|周)(?!代)/g)) {
    const n = parseSmallNumber(m[1]!.replace('两', '二'));
    if (n) out.push({ value: n, unit: m[2] === '个月' ? '月' : m[2]! });
  }
  return out;
}

/**
 * A duration the question asks about that the sentence gives otherwise ("上线两年后" against "上线一年来"):
 * the sentence answers another period. Years (2024年) are dates, not durations: not compared here.
 */
/** Durations in a text ("两年", "三个月"); years such as 2024年 are dates, not durations. */
export const durations = (t: string): Amount[] =>
  amounts(t).filter((a) => ['年', '月', '天', '周'].includes(a.unit) && !(a.unit === '年' && a.value >= 1900));

/** Whether a sentence gives another period than the question asks about ("上线一年来" for "上线两年后"). */
export function otherDuration(asked: readonly Amount[], sentence: string): boolean {
  if (!asked.length) return false;
  const said = durations(sentence);
  return asked.some((a) => !said.some((x) => x.unit === a.unit && close(x.value, a.value)) && said.some((x) => x.unit === a.unit));
}

export const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
