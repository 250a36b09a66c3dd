/**
 * Filing numbers and register dates, read without the register importer's file readers (so that
 * answering a question does not load the CSV, Excel and encoding libraries).
 */
import { provinceFromAdminCode, provinceFromPinyin } from './provinces.js';
import type { Track } from './schema.js';

/** Province-Name-YYYYMMDD[serial]: a generative-AI filing; an S before the serial (…-20250102S0001) marks a registration (登记). */
export const GENAI_NO = /^([A-Za-z]+)-(.+)-(\d{8})(S?)(\d*)[A-Za-z]?$/i;
export const ALGO_NO = /^网信算备(\d{6})\d*号?$/;

/** Excel serial day number (1900 date system) → ISO date, for date columns exported as numbers. */
export function excelDate(serial: number): string {
  return new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000).toISOString().slice(0, 10);
}

/** ISO date from 2024-04-28, 2024/4/28, 2024.4.28, 2024年4月28日, 20240428, "2024-04-28 00:00:00", an Excel serial, or 2024-04 / 2024年4月. */
export function parseDate(s: string): string | undefined {
  const t = s.trim().replace(/[T\s]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?Z?$/, '');
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || y < 2000 || y > 2100) return undefined;
    return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
  m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/.exec(t);
  if (m && Number(m[1]) >= 2000 && Number(m[2]) >= 1 && Number(m[2]) <= 12) return `${m[1]}-${m[2]!.padStart(2, '0')}`;
  // Excel serial numbers (a date column exported without its format): 2000-01-01 … 2100-12-31.
  if (/^\d{5}(\.\d+)?$/.test(t) && Number(t) >= 36526 && Number(t) <= 73415) return excelDate(Number(t));
  return undefined;
}

/**
 * Parts of a filing number: Beijing-DeepseekChat-202404280016 → 北京, 2024-04-28, a filing;
 * Shanghai-XiaoMei-20251011S0116 → a registration (the S); 网信算备110108…号 → 北京, an algorithm
 * filing (deep-synthesis here; the list tells a general algorithm list apart). Prefixes are read
 * case-insensitively (BeiJing-, ZheJiang-).
 */
export function parseFilingNo(no: string): { province?: string; date?: string; serial?: string; track?: Track } {
  const t = no.trim();
  const algo = ALGO_NO.exec(t);
  if (algo) return { province: provinceFromAdminCode(algo[1]!), track: 'deep-synthesis' };
  const m = GENAI_NO.exec(t);
  if (!m) return {};
  return {
    province: provinceFromPinyin(m[1]!),
    date: parseDate(m[3]!),
    serial: m[5] || undefined,
    track: m[4] ? 'genai-registration' : 'genai-filing',
  };
}
