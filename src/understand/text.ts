/**
 * A question as typed → the text the rest of understanding reads: markup stripped, traditional
 * characters converted to simplified (OpenCC), and whether the question is in English.
 */
import { Converter } from 'opencc-js/t2cn';

export const DEFAULT_MAX_QUESTION_CHARS = 1000;

/** A clear message when the question cannot be answered as typed, otherwise undefined. */
export function questionProblem(raw: string, max = DEFAULT_MAX_QUESTION_CHARS): string | undefined {
  const q = raw.trim();
  if (!q) return '问题是空的：请输入一个关于大模型备案的问题，例如“第四批有哪些大模型？”';
  const n = [...q].length;
  if (n > max) return `问题太长（${n} 字，上限 ${max} 字）：请缩短后再问。`;
  if (!/[\p{L}\p{N}]/u.test(stripMarkup(q))) return '问题里没有文字（只有表情或标点）：请用文字提问，例如“文心一言的参数量是多少？”';
  return undefined;
}

/** Removes HTML tags and markdown emphasis that users paste along with a question. */
export function stripMarkup(q: string): string {
  return q
    .replace(/<[^>]{0,200}>/g, ' ')
    .replace(
      /&(nbsp|amp|lt|gt|quot|#39);/g,
      (m) => ({ '&nbsp;': ' ', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" })[m] ?? m,
    )
    .replace(/[*_`~#>]+/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

let t2s: ((s: string) => string) | undefined;

/** Traditional → simplified Chinese (Taiwan/Hong Kong forms included); other text is unchanged. */
export function toSimplified(s: string): string {
  if (!/[\u3400-\u9fff]/.test(s)) return s;
  const convert = (t2s ??= Converter({ from: 't', to: 'cn' }));
  return convert(s);
}

/** English when Latin words carry the question (Chinese names inside it are fine). */
export function isEnglish(s: string): boolean {
  const words = (s.match(/[A-Za-z]+/g) ?? []).filter((w) => w.length >= 2);
  const han = (s.match(/[\u3400-\u9fff]/g) ?? []).length;
  if (!han) return words.length >= 1;
  // Product names ("Qwen-VL-Plus") do not make a Chinese question English; English grammar words do.
  const grammar = words.filter((w) => ENGLISH_GRAMMAR.has(w.toLowerCase())).length;
  return grammar >= 1 && words.length * 2 >= han;
}

const ENGLISH_GRAMMAR = new Set(
  'what which who whom whose when where why how is are was were does do did has have had the a an of in on at to for by with about and or many much it its they them this that these those'.split(
    ' ',
  ),
);

/** The text understanding reads. */
export function readableText(raw: string): string {
  // A web address pasted in says where the asker read something; its digits are no dates or numbers.
  return toSimplified(stripMarkup(raw))
    .normalize('NFKC')
    .replace(/\b(?:https?:\/\/|www\.)[^\s，。？！、]+/gi, ' ');
}
