/** Parses a parameter count as written in Chinese ("2600 亿", "超千亿级", "60 亿、340 亿"). */
import type { Params, Scale } from './schema.js';

const MAGNITUDE: Record<string, number> = { 万亿: 10000, 千亿: 1000, 百亿: 100, 十亿: 10, 亿: 1 };

/** The smallest count (in 亿) of an order of magnitude: 千亿级 → 1000. */
export function scaleFloor(scale: Scale): number {
  return scale === '亿级' ? 1 : MAGNITUDE[scale.replace(/级$/, '')]!;
}

export function scaleOf(value: number): Scale {
  if (value >= 10000) return '万亿级';
  if (value >= 1000) return '千亿级';
  if (value >= 100) return '百亿级';
  if (value >= 10) return '十亿级';
  return '亿级';
}

export function parseParams(text: string): Params | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const values: { v: number; approx: boolean }[] = [];
  // Exact counts: "2600 亿", "20 亿左右", "1.5万亿".
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)\s*(万亿|千亿|百亿|亿)(左右)?/g)) {
    const unit = m[2] === '亿' ? 1 : MAGNITUDE[m[2]!]!;
    values.push({ v: Number(m[1]) * unit, approx: !!m[3] });
  }
  // Orders of magnitude: "千亿级", "超千亿", "双千亿级", "百亿级".
  for (const m of t.matchAll(/(超|双|近)?(万亿|千亿|百亿|十亿)(级|以上|规模)?/g)) {
    const before = t[m.index! - 1];
    if (before && /\d/.test(before)) continue; // part of "1.5万亿" handled above
    values.push({ v: MAGNITUDE[m[2]!]! * (m[1] === '双' ? 2 : 1), approx: true });
  }
  if (!values.length) return { text: t, approx: true };
  const best = values.reduce((a, b) => (b.v > a.v ? b : a));
  return { text: t, value: best.v, approx: best.approx, scale: scaleOf(best.v) };
}
