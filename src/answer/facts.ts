/**
 * Does a sentence hold the kind of fact a question asks for? A number with its unit, a
 * percentage, a date, an organisation, a parameter count … A sentence that only names the subject
 * does not answer, however well it matches the question's words.
 */
import { CLASSIFIERS, MEASURES } from '../text/measureWords.js';
import { is } from '../records/fields.js';
import type { Ask, Plan } from '../understand/plan.js';

export interface FactCheck {
  /** Whether the text names a known organisation (a company of the records). */
  namesKnownOrg: (text: string) => boolean;
  /** The one-line refusal when the subject is found but the fact is not. */
  describeMissing: (plan: Plan) => string;
}

const NUM = '(?:\\d+(?:\\.\\d+)?|[一二两三四五六七八九十百千万]+)';
// A bare digit counts too, but not one inside a name ("DeepSeek-V3", "Qwen3").
const NUMBER = new RegExp(`${NUM}\\s*(?:多|余)?\\s*[${MEASURES}%％]|(?<![A-Za-z][\\w.-]*)\\d(?![A-Za-z])`);
/** A number with a measure word ("5100家", "100多个"): the usual shape of a count. */
const MEASURED = new RegExp(`${NUM}\\s*(?:多|余)?\\s*[${CLASSIFIERS}元亿万]`);
const PERCENT = /\d\s*(%|％)|百分之|[一二三四五六七八九]成(?![本为功员立])/;
const DATE = /\d{4}\s*年|\d{1,2}\s*月|\d{4}[-/.]\d{1,2}|去年|今年|前年|上半年|下半年|年底|年初/;
const PARAMS = /\d+(?:\.\d+)?\s*(?:万亿|千亿|百亿|亿|[bBtT]\b)|(?:万亿|千亿|百亿)级?参数|参数(?:量|规模)?(?:达|为|超过?|约)/;
const ORG_SUFFIX =
  /[\u3400-\u9fffA-Za-z]{2,}(?:公司|集团|研究院|研究所|实验室|大学|学院|银行|科技|智能|网络|引擎|云|局|部|委|办|中心|协会|联盟|平台)/;
const MAKER_VERB = /[\u3400-\u9fffA-Za-z]{2,}(?:推出|开发|研发|发布|打造|自研|训练|出品)的?/;

/** "<number> <unit>" patterns, made once per unit (fitsExpected runs for every candidate sentence). */
const measuredRe = new Map<string, RegExp>();
function measured(unit: string): RegExp {
  let re = measuredRe.get(unit);
  if (!re) {
    if (measuredRe.size > 1000) measuredRe.clear();
    measuredRe.set(unit, (re = new RegExp(`${NUM}\\s*(?:多|余)?\\s*${unit}`)));
  }
  return re;
}

/**
 * The items a sentence lists that end in the counted word ("用好大模型的基本能力、创意能力…和科学能力" →
 * 基本能力 … 科学能力 for 能力): "一共几种能力" is answered by counting them.
 */
export function listedItems(sentence: string, counted: string | undefined): string[] {
  if (!counted) return [];
  for (const segment of sentence.split(/[，,。；;：:“”"！!？?（）()]/)) {
    if (!segment.includes('、')) continue;
    const parts = segment.split(/、|以及|和|及|与/).filter(Boolean);
    const items = parts.filter((p) => p.endsWith(counted));
    if (items.length >= 3 && items.length >= parts.length - 1)
      return items.map((p) => p.replace(/^.*[的是了把将对在]/, '')).filter((p) => p.length > counted.length);
  }
  return [];
}

/** A sentence that says who said the one before it ("360集团创始人周鸿祎说", "…表示。"). */
export const SAYS_WHO = /^[^。，,]{2,40}(?:说|表示|介绍|认为|指出|强调|称)[。，,：:]?/;

export function fitsExpected(
  sentence: string,
  ask: Ask,
  check: FactCheck,
  previous = '',
  next = '',
): { ok: boolean; bonus: number; speakerNext?: boolean } {
  const s = sentence;
  if (ask.fields.some((f) => is(f, 'magnitude')) && !PARAMS.test(s)) return { ok: false, bonus: 0 };
  switch (ask.expects) {
    case 'number': {
      if (!NUMBER.test(s)) return listedItems(s, ask.counted).length ? { ok: true, bonus: 0.25 } : { ok: false, bonus: 0 };
      const unitHit = ask.unit && measured(ask.unit).test(s);
      // "7500家企业" answers "多少家企业" better than "企业32家".
      const countedHit = unitHit && ask.counted && measured(ask.unit + ask.counted).test(s);
      return { ok: true, bonus: countedHit ? 0.3 : unitHit ? 0.25 : !ask.unit && MEASURED.test(s) ? 0.1 : 0.05 };
    }
    case 'percent':
      return PERCENT.test(s) ? { ok: true, bonus: 0.15 } : { ok: false, bonus: 0 };
    case 'date':
      return DATE.test(s) ? { ok: true, bonus: 0.1 } : { ok: false, bonus: 0 };
    case 'org': {
      if (check.namesKnownOrg(s) || ORG_SUFFIX.test(s)) return { ok: true, bonus: 0.15 };
      if (MAKER_VERB.test(s) || /[\u3400-\u9fff]{2,8}的/.test(s)) return { ok: true, bonus: 0.02 };
      // A quotation whose speaker the next sentence names ("“…”360集团创始人周鸿祎说").
      if (/[”"]\s*$/.test(s) && SAYS_WHO.test(next)) return { ok: true, bonus: 0.1, speakerNext: true };
      return { ok: check.namesKnownOrg(previous), bonus: 0 };
    }
    default:
      return { ok: true, bonus: 0 };
  }
}
