/** Normalisation and numerals shared by cleaning, segmentation and matching. */
import { withoutInvisible } from './printable.js';

/** Key used to compare strings: NFKC, lower case, no whitespace, no invisible characters (zero-width, soft hyphen). Also the eval's normalisation. */
export function matchKey(s: string): string {
  return withoutInvisible(s.normalize('NFKC').toLowerCase().replace(/\s+/g, ''));
}

/** Display width: CJK and full-width characters count 2, others 1 (how PDF text is wrapped). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** Parses 1-99 written as digits or Chinese numerals (一, 十二, 二十三). */
export function parseSmallNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  if (s === '首') return 1;
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(s);
  if (!m || s === '') return undefined;
  if (!m[2]) return m[1] ? CN_DIGITS[m[1]] : undefined;
  return (m[1] ? CN_DIGITS[m[1]]! : 1) * 10 + (m[3] ? CN_DIGITS[m[3]]! : 0);
}

const CN_ORDINAL = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** 1–99 in Chinese numerals; anything else (0, 100 and more, not a whole number) in digits. */
export function chineseOrdinal(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  if (n <= 10) return CN_ORDINAL[n]!;
  if (n < 20) return '十' + CN_ORDINAL[n - 10]!;
  return CN_ORDINAL[Math.floor(n / 10)]! + '十' + (n % 10 ? CN_ORDINAL[n % 10]! : '');
}
