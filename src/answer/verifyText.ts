/**
 * A yes/no claim checked against the sentence the texts give: the numbers the question asserts
 * (stated → yes; the same measure with another value → no), a comparison's winner (the sentence
 * says the other one is better → no), else the sentence states what was asked (yes) or the texts
 * cannot decide.
 */
import { parseSmallNumber } from '../text/chars.js';
import type { Cues } from '../understand/cues.js';
import type { Ask } from '../understand/plan.js';

export type TextVerdict = { verdict: 'yes' | 'no' | 'unknown'; reason?: string };

interface Amount {
  value: number;
  unit: string;
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
  for (const m of rest.matchAll(/(\d+(?:\.\d+)?)\s*(万亿|亿|万)?\s*([张个款家倍年月日天分元种项条台次人]|tokens?|P\b)?/gi)) {
    const scale = m[2] === '万亿' ? 1e12 : m[2] === '亿' ? 1e8 : m[2] === '万' ? 1e4 : 1;
    out.push({ value: Number(m[1]) * scale, unit: (m[3] ?? '').toLowerCase() });
  }
  return out;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
const BETTER = /(优于|超过|超越|好于|强于|胜过|领先于?|高于|大于|快于)/;

/**
 * @param claim what the question asserts (its numbers), as read
 * @param better a comparison the question claims: the thing said to be better, among the names compared
 * @param sentence the sentence the texts answer with
 * @param covered how much of the question's content the sentence covers (0–1)
 */
export function verifyAgainstText(claim: Ask['claim'], better: Cues['better'], sentence: string, covered: number): TextVerdict {
  // Comparisons: which one the question says is better, which one the sentence says is.
  const said = BETTER.exec(sentence);
  if (better && said) {
    const before = sentence.slice(0, said.index);
    const winner = better.names.filter((n) => before.includes(n)).sort((a, b) => before.lastIndexOf(b) - before.lastIndexOf(a))[0];
    if (winner) return winner === better.claimed ? { verdict: 'yes' } : { verdict: 'no', reason: `${winner}${said[1]}` };
  }
  const asserted = amounts((claim?.numbers ?? []).join(' ')).filter(
    (a) => !(a.unit === '' && a.value >= 1900 && a.value <= 2100) && !(a.unit === '年'),
  );
  if (asserted.length) {
    const stated = amounts(sentence);
    const confirmed = asserted.filter((a) => stated.some((s) => s.unit === a.unit && close(s.value, a.value)));
    if (confirmed.length === asserted.length) return { verdict: 'yes' };
    const contradicted = asserted.find(
      (a) => !confirmed.includes(a) && a.unit !== '' && stated.some((s) => s.unit === a.unit && !close(s.value, a.value)),
    );
    if (contradicted) return { verdict: 'no' };
    return { verdict: 'unknown' };
  }
  return covered >= 0.75 ? { verdict: 'yes' } : { verdict: 'unknown' };
}
