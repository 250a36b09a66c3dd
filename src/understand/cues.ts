/**
 * What the answer side looks for in a question beyond its conditions, read once here so that
 * nothing after reading goes back to the question's text: the search text, the subject and target
 * words, names typed in Latin letters, years and the date range named, contrast words, model
 * families, the claimed winner of a comparison.
 */
import * as z from 'zod';
import { durations } from '../text/amounts.js';
import { matchKey as normalizeForMatch } from '../text/chars.js';
import { dateRange, DateRange, yearsIn } from './dates.js';

/** Words of time ("上半年", "年底") are checked as dates, not as subjects. */
export const DATE_WORD = /^(\d{2,4}年?|上半年|下半年|年底|年初|年末|季度|今年|去年|明年|月底|月份)$/;

/**
 * Pairs of words that name the two halves of one thing: "输出价格" is not answered by a sentence
 * about the 输入价格 that does not mention the 输出 one.
 */
export const CONTRASTS: readonly [string, string][] = [
  ['输入', '输出'],
  ['上涨', '下跌'],
  ['增长', '下降'],
  ['最高', '最低'],
  ['最大', '最小'],
  ['开源', '闭源'],
  ['训练', '推理'],
  ['国内', '海外'],
  ['线上', '线下'],
  ['买入', '卖出'],
  ['出口', '进口'],
];

const MODEL_NAME = /([\u4e00-\u9fffA-Za-z0-9]{2,8})大模型/g;
/** "测试甲模型是…": a model the question is about, named by a name of its own at its start (not "多少个专业领域大模型"). */
/** Words before 模型 that describe a kind, not name one ("国产大模型", "那个模型"). */
export const GENERIC_MODEL_WORD = /^(这|那|哪|什么|大|语言|多模态|开源|国产|通用|垂直|行业|专业|领域)/;
export const NAMED_MODEL = /(?:^|那个|这个|[“"])([^\s的了是在那这个款和与、，,“”"]{2,6}?)(?:大)?模型(?=[是的”"])/;
const SPEECH = /^(提出|说|认为|表示|指出|介绍|讲|强调|透露|预计|称|提到|说过)$/;
export const DIFFERENCE =
  /[多少]了?多少|[多少]了?几|相差|差(?:了)?(?:多少|几)|多了还是少了|增加还是减少|多出|增加了?多少|减少了?多少|增长了?多少|how many more|how many fewer|difference/i;
const CLAIM_BETTER = /(更好|更强|更优|更高|更大|更快|领先|更胜一筹)/;

/** Words of scope: a national figure is not a global one, nor the other way round. */
export const SCOPES = { domestic: /国内|我国|全国|境内|中国(?:国内|市场)/, global: /全球|世界|国际|海外|境外/ } as const;

export const Cues = z.object({
  /** The text retrieval searches with (the question as read). */
  query: z.string(),
  /** The subject as the question writes it ("豆包大模型", "DeepSeek-V3"), for refusals. */
  subject: z.string(),
  /** Product names typed in Latin letters with digits or capitals ("DeepSeek-V3", "GPT-4V"). */
  names: z.array(z.string()),
  /** Content words in question order that are neither asked fields nor numbers nor dates (normalised). */
  subjectWords: z.array(z.string()),
  /**
   * The question before its question word ("识别准确率是多少" → "识别准确率"), normalised: its last content
   * word is the asked value. In English, the asked value's word itself ("How many derivative models" → derivative).
   */
  beforeAsk: z.string().optional(),
  years: z.array(z.number()),
  /** The date range the question names, also when it names a batch. */
  asOf: DateRange.optional(),
  /** Contrast words the question uses (one half of a pair in CONTRASTS). */
  contrasts: z.array(z.string()),
  /** Model families the question names ("星辰视觉" of 星辰视觉大模型). */
  families: z.array(z.string()),
  /** A model the question names that no record knows ("测试甲模型"): a sentence must name it to answer. */
  model: z.string().optional(),
  /** Durations the question asks about ("上线两年后"): a sentence of another period does not answer. */
  durations: z.array(z.object({ value: z.number(), unit: z.string() })),
  /** The question asks by how much one thing exceeds another (多多少, 相差, how many more). */
  difference: z.boolean(),
  /** The question speaks of batches (批, batch). */
  batchWord: z.boolean(),
  /** Generative-AI words (生成式, 大模型, LLM): algorithm lists are not meant. */
  genai: z.boolean(),
  /** The question speaks of what the records hold (filings, models, services, lists, 款/条): a place alone does not make it so. */
  aboutRecords: z.boolean(),
  /** Companies are counted (几家, 多少家, 哪些企业). */
  companies: z.boolean(),
  /** The scope the question asks about (国内 vs 全球): a figure of the other scope does not answer it. */
  scope: z.enum(['domestic', 'global']).optional(),
  /** A comparison claimed in a yes/no question: the thing said to be better, among the names compared. */
  better: z.object({ claimed: z.string(), names: z.array(z.string()) }).optional(),
});
export type Cues = z.infer<typeof Cues>;

export function readCues(
  text: string,
  terms: readonly { word: string; asked?: boolean }[],
  entityNames: readonly string[],
  /** Models named in full that no record has (understand/nameReach.ts). */
  unknownModels: readonly string[] = [],
): Cues {
  const norm = normalizeForMatch(text);
  const names = [...new Set(text.match(/[A-Za-z][A-Za-z0-9.+]*(?:-[A-Za-z0-9.+]+)*/g)?.filter((w) => /\d|[A-Z].*[A-Z]/.test(w)) ?? [])];
  // The question's first run of subject words, as written ("豆包大模型", not "联通元景是第几批备案").
  const spans = terms
    .filter((t) => !t.asked && !DATE_WORD.test(t.word) && !/^\d+$/.test(t.word))
    .map((t) => ({ at: text.indexOf(t.word), end: text.indexOf(t.word) + t.word.length }))
    .filter((s) => s.at >= 0)
    .sort((a, b) => a.at - b.at);
  let run = '';
  if (spans.length) {
    let end = spans[0]!.end;
    for (const s of spans.slice(1)) if (s.at <= end + 1 && !/[的之是在]/.test(text.slice(end, s.at))) end = Math.max(end, s.end);
    run = text.slice(spans[0]!.at, Math.min(end, spans[0]!.at + 16));
  }
  const subject = entityNames.length ? entityNames.join('、') : names.length ? names.join('、') : run;
  const asked = new Set(terms.filter((t) => t.asked).map((t) => normalizeForMatch(t.word)));
  // Verbs of saying ("是谁提出…") name no subject: what was said does.
  const subjectWords = terms
    .map((t) => normalizeForMatch(t.word))
    .filter((w) => !asked.has(w) && !/^\d+$/.test(w) && !DATE_WORD.test(w) && norm.includes(w) && !SPEECH.test(w))
    .sort((a, b) => norm.indexOf(a) - norm.indexOf(b));
  // Only "X是/为/有…": a verb before the question word ("超过多少个") names no value of its own.
  const at = norm.search(/(?:是|为|有)(?:多少|多大|几|谁|哪位|哪个|哪家|何时|什么时候)/);
  // English asks before its value: "How many derivative models…" → derivative, "What share of users…" → share.
  // "Who heads X" asks who stands in that relation (heads), "Who is the CEO of X" the CEO.
  const englishAsk =
    /\b(?:how many|how much|what (?:share|percentage|proportion|number|amount) of|what (?:share|percentage|proportion)|who(?: (?:is|was|are|were) the)?|what (?:is|was|are|were) the)\s/i.exec(
      text,
    );
  const askedPhraseEnd = englishAsk
    ? englishAsk.index +
      englishAsk[0].length +
      (/\s(?:has|have|had|did|does|do|are|is|was|were|will|can|in|on|of|by|for|from|at|to)\b|[,?.]/i.exec(
        text.slice(englishAsk.index + englishAsk[0].length),
      )?.index ?? text.length)
    : 0;
  const afterAsk = englishAsk
    ? terms
        .filter((t) => !t.asked && !/^(?:models?|compan(?:y|ies)|firms?|services?|products?|filings?|large)$/.test(t.word))
        .map((t) => ({ w: normalizeForMatch(t.word), at: text.toLowerCase().indexOf(t.word.toLowerCase(), englishAsk.index) }))
        // (Within the asked noun phrase: "How many models has Alibaba…" asks models, not Alibaba.)
        .filter((x) => x.at >= englishAsk.index + englishAsk[0].length - 1 && x.at < askedPhraseEnd)
        .sort((a, b) => a.at - b.at)[0]?.w
    : undefined;
  const beforeAsk = at > 0 ? norm.slice(0, at).replace(/[了的]+$/, '') : afterAsk;
  const asOf = dateRange(text);
  const claimAt = text.search(CLAIM_BETTER);
  const compared = [
    ...new Set([...entityNames, ...(text.match(/[A-Za-z][A-Za-z0-9.+-]*\d[A-Za-z0-9.+-]*|[A-Z][A-Za-z0-9.+-]{2,}/g) ?? [])]),
  ];
  const claimed =
    claimAt >= 0
      ? compared
          .map((n) => ({ n, at: text.lastIndexOf(n, claimAt) }))
          .filter((x) => x.at >= 0)
          .sort((a, b) => b.at - a.at)[0]?.n
      : undefined;
  return {
    query: text,
    subject,
    names,
    subjectWords,
    ...(beforeAsk ? { beforeAsk } : {}),
    years: yearsIn(text),
    ...(asOf ? { asOf } : {}),
    contrasts: CONTRASTS.flat().filter((w) => text.includes(w)),
    families: [...text.matchAll(MODEL_NAME)].map((m) => m[1]!),
    ...(() => {
      if (unknownModels.length) return { model: unknownModels[0]! };
      const m = entityNames.length ? undefined : NAMED_MODEL.exec(text)?.[1]?.replace(/^(那个|这个|那款|这款|哪个|什么|哪款)/, '');
      return m && m.length >= 2 && !GENERIC_MODEL_WORD.test(m) ? { model: m } : {};
    })(),
    durations: durations(text),
    difference: DIFFERENCE.test(text),
    batchWord: /批|batch/.test(text),
    genai: /生成式|大模型|genai|generative|large model|llm/i.test(text),
    aboutRecords:
      /备案|登记|清单|名单|模型|服务|算法|生成式|应用|产品|款|条目|几条|多少条|filing|filed|regist|model|service|\blists?\b|\bapps?\b/i.test(
        text,
      ),
    companies: /几家|多少家|哪些(企业|公司|单位)|companies|enterprises|firms/i.test(text),
    ...(SCOPES.domestic.test(text) && !SCOPES.global.test(text)
      ? { scope: 'domestic' as const }
      : SCOPES.global.test(text) && !SCOPES.domestic.test(text)
        ? { scope: 'global' as const }
        : {}),
    ...(claimed && compared.length >= 2 ? { better: { claimed, names: compared } } : {}),
  };
}
