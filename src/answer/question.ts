/** Reading a question: is it usable, what does it name, and what does it ask for. */
import { parseSmallNumber } from '../text/chars.js';
import { aliasKey, type EntityIndex, type Mention } from '../records/entityIndex.js';
import { SCALES, type Scale } from '../records/schema.js';

export const MAX_QUESTION_CHARS = 1000;

/** A clear message when the question cannot be answered as typed, otherwise undefined. */
export function questionProblem(raw: string, max = MAX_QUESTION_CHARS): string | undefined {
  const q = raw.trim();
  if (!q) return '问题是空的：请输入一个关于大模型备案的问题，例如“第四批有哪些大模型？”';
  if ([...q].length > max) return `问题太长（${[...q].length} 字，上限 ${max} 字）：请缩短后再问。`;
  if (!/[\p{L}\p{N}]/u.test(stripMarkup(q))) return '问题里没有文字（只有表情或标点）：请用文字提问，例如“文心一言的参数量是多少？”';
  return undefined;
}

/** Removes HTML tags and markdown emphasis that users paste along with a question. */
export function stripMarkup(q: string): string {
  return q
    .replace(/<[^>]{0,200}>/g, ' ')
    .replace(/&(nbsp|amp|lt|gt|quot|#39);/g, (m) => ({ '&nbsp;': ' ', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" })[m] ?? m)
    .replace(/[*_`~#>]+/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

export type Intent =
  | 'company' | 'params' | 'batch' | 'date' | 'uses' | 'name' | 'list' | 'count' | 'largest' | 'smallest'
  | 'province' | 'filingNo' | 'newest';

const INTENT_PATTERNS: [Intent, RegExp][] = [
  ['company', /哪家|哪个公司|哪一家|什么公司|哪些公司|哪些企业|哪家企业|谁(开发|做|推出|发布|研发|的|家)|属于|开发商|公司是|备案单位|备案主体|which compan|what compan|who (made|makes|owns|built|builds|developed|develops|filed|is behind)|owner|developer|\bmaker\b|\bby whom\b/],
  ['params', /参数|规模|多大|parameter|\bsize\b|how (big|large)/],
  ['batch', /第几批|哪一批|哪批|哪个批次|什么批次|批次|which batch|what batch|in which round/],
  ['date', /什么时候|何时|哪天|日期|时间|哪一年|哪年|哪个月|几月|\bwhen\b|\bdate\b/],
  ['uses', /功能|用途|用于|应用|场景|领域|能做|做什么|干什么|上下文|能力|支持|特点|介绍|what (does|can|is) .* (do|used)|used for|feature|capabilit|use case/],
  ['name', /叫什么|名字|名称|什么模型|哪个模型|哪款|什么大模型|\bname\b|called/],
  ['list', /有哪些|哪些|列出|名单|清单|都有|\blist\b|which models|what models/],
  ['count', /多少|几家|几款|几个|数量|总数|how many|number of|\bcount\b/],
  ['largest', /最大|最多|最高|最强|largest|biggest|most parameters|highest/],
  ['smallest', /最小|最少|最低|smallest|fewest|least/],
  ['province', /属地|省份|哪个省|哪个城市|地区|province|region/],
  ['filingNo', /备案号|备案编号|编号|filing (no|number)/],
  ['newest', /最新|最近|newest|latest|most recent/],
];

const ORDINALS_EN: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10 };

export interface Analysis {
  raw: string;
  /** Markup stripped. */
  text: string;
  mentions: Mention[];
  batches: number[];
  intents: Set<Intent>;
  scale?: Scale;
  english: boolean;
}

export function analyse(raw: string, entities: EntityIndex): Analysis {
  const text = stripMarkup(raw);
  const mentions = entities.find(text);
  // Batch words inside a name ("第四范式") are not batches: mask the mentions first.
  // Mention offsets are in aliasKey space, so the whole reading happens there.
  let q = aliasKey(text);
  for (const m of mentions) q = q.slice(0, m.start) + '\u0000'.repeat(m.end - m.start) + q.slice(m.end);
  const batches = new Set<number>();
  for (const m of q.matchAll(/第\s*([一二三四五六七八九十\d]+)\s*批|(首)批/g)) {
    const n = parseSmallNumber(m[1] ?? m[2]!);
    if (n) batches.add(n);
  }
  for (const m of q.matchAll(/\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+(batch|round)|\b(?:batch|round)\s*(?:no\.?\s*)?(\d{1,2})\b/g))
    batches.add(m[1] ? ORDINALS_EN[m[1]]! : Number(m[3]));
  const intents = new Set(INTENT_PATTERNS.filter(([, re]) => re.test(q)).map(([i]) => i));
  const scale = SCALES.find((s) => q.includes(s.replace('级', '')) && s !== '亿级');
  return { raw, text, mentions, batches: [...batches], intents, scale, english: /^[\x00-\x7f]{10}/.test(text) };
}
