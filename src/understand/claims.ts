/**
 * Yes/no questions ("CharacterGLM是智谱AI备案的吗？", "Was Kling filed in the third batch?") → a claim
 * to verify: the subject (the first thing named) and what the question asserts of it (another named
 * thing, a batch, a place, a date, a scale: predicates over declared fields), plus the numbers it
 * asserts for the texts to confirm or contradict.
 */
import { aliasKey } from '../records/entityIndex.js';
import type { FilingRecord } from '../records/schema.js';
import type { About, Ask, EntityRef, Predicate } from './plan.js';

/** 吗/是不是/是否/有没有/对吗 in Chinese; an auxiliary first in English. */
const YES_NO_ZH = /吗\s*[？?]?\s*$|是不是|是否|有没有|对吗|对不对|对不|对吧|没错吧|是吧\s*[？?]?\s*$|吧\s*[？?]\s*$|能不能|可不可以|算不算/;
const YES_NO_EN = /^\s*(is|are|was|were|does|do|did|has|have|had|can|could|will)\b/i;
/** Words that ask for a value instead ("叫啥", "哪家", "多少"): then the question is not yes/no. */
const WH = /什么(?!时候就)|啥|哪|多少|几(?![乎])|谁|怎么|如何|为什么|\b(what|which|who|when|where|how|why)\b/i;

export function isYesNo(text: string, english: boolean): boolean {
  const t = text.trim();
  if (english) return YES_NO_EN.test(t) && !/\b(what|which|who|when|where|how many|how much)\b/i.test(t.replace(/^\s*\w+\s+/, ''));
  if (!YES_NO_ZH.test(t)) return false;
  // "有没有…的大模型？叫啥？" asks for a name; "是哪一批的吗" is not a claim.
  const body = t.replace(/是不是|是否|有没有|对不对|能不能|可不可以|算不算/g, '');
  return !WH.test(body.replace(/什么时候/g, ''));
}

/** Numbers the question asserts: "1000张", "一半", "三分之一", "30%", "2023年". */
export function claimedNumbers(text: string): string[] {
  // Digits inside a product's name ("GPT-4V", "Qwen2.5") are no number claimed. A counted number keeps
  // what it counts ("200多个工具"): the sentence's number of the same thing decides it.
  const plain = text.replace(/[A-Za-z][A-Za-z0-9.+-]*\d[A-Za-z0-9.+-]*/g, ' ');
  const out = [
    ...plain.matchAll(
      /(?:超过|多于|至少|不到|不足|少于)?(?:\d+(?:\.\d+)?\s*[%％]|[一二两三四五六七八九十]+分之[一二三四五六七八九十]+|一半|半数|[一二两三四五六七八九十]成)(?:以上|以下|多|左右)?|\d+(?:\.\d+)?\s*(?:万亿|亿|万|千|百)?(?:多|余)?(?:[张个款家种项条台](?:[\u3400-\u9fff]{2})?|倍|年|月|日|天|分|元)?/g,
    ),
  ].map((m) => m[0].replace(/\s+/g, ''));
  return [...new Set(out)].slice(0, 20);
}

const pred = (field: Predicate['field'], op: Predicate['op'], values: Predicate['values'], text: string): Predicate => ({
  field,
  op,
  values,
  negate: false,
  text,
});

export interface ReadClaim {
  /** The subject: what the claim is about (the first thing named). */
  subject: EntityRef[];
  claim: NonNullable<Ask['claim']>;
}

/**
 * Splits what a yes/no question names into its subject and the claim: the first named model (or
 * company) is the subject; a company named after it, the batches and the conditions are claimed of it.
 */
export function readClaim(text: string, about: About, records: readonly FilingRecord[]): ReadClaim {
  // "X不是Y的吧？": the asker holds the negation, so the verdict answers that ("不对" when X is Y).
  // ("X不是Y的吗？" expects X to be Y: answered as the plain claim.)
  const negated = /(不是|并非|没有|不属于|不在|不止|不只)[^，。？?]{0,24}吧\s*[？?]?\s*$/.test(text);
  const fields: Predicate[] = [];
  const ents = [...about.entities];
  const first = ents.find((e) => e.kind === 'model') ?? ents[0];
  const subject = first ? ents.filter((e) => e === first || (e.kind === first.kind && e.name === first.name)) : [];
  // A company is claimed as the filer only when the question says so around its name ("是智谱AI的吗",
  // "智谱AI备案的", "filed by Kuaishou"); "用到中国电信的软件开发里了吗" claims something else, for the texts.
  const key = aliasKey(text);
  const saysFiler = (e: EntityRef) => {
    const name = aliasKey(e.typed ?? e.name);
    const at = key.indexOf(name);
    if (at < 0) return true;
    const before = key.slice(Math.max(0, at - 4), at);
    const after = key.slice(at + name.length, at + name.length + 8);
    return (
      /(是|属于|由|被|归|by|from)\s*$/.test(before) ||
      /^\s*(?:公司|集团)?(?:家)?(?:的)?\s*(?:吗|吧|么|呢|[？?]|$)|^\s*(?:公司|集团)?(?:备案|登记|开发|研发|推出|发布|做|出品|旗下|名下|申报|报备)|^'s\b/.test(
        after,
      )
    );
  };
  for (const e of ents) {
    if (subject.includes(e)) continue;
    if (e.kind === 'company' && first?.kind === 'model' && !saysFiler(e)) continue;
    // Another named thing: its company (a company named) or its own name (two models: the same thing?).
    if (e.kind === 'company' || first?.kind === 'model') {
      const companies = [...new Set(e.records.map((i) => records[i]?.company).filter((c): c is string => !!c))];
      if (e.kind === 'company' && companies.length) fields.push(pred('company', 'eq', companies.slice(0, 20), e.name));
      else if (e.kind === 'model')
        fields.push(
          pred('model', 'eq', [...new Set(e.records.map((i) => records[i]?.model).filter((m): m is string => !!m))].slice(0, 20), e.name),
        );
    }
  }
  if (first && about.batches.length) fields.push(pred('batch', 'in', about.batches, about.batches.map((b) => `第${b}批`).join('、')));
  if (first) fields.push(...about.where);
  // "第四批只有13款吗", "百度备案了超过3款吗": a number of records claimed (not of a named model's own).
  const n = /(只有|仅有|仅|一共|总共|共|有|超过|多于|不止|至少|不少于|不到|少于|不足)?\s*(\d+)\s*(款|条|个|家|项)/.exec(text);
  const count =
    n && !ents.some((e) => e.kind === 'model')
      ? {
          op: /超过|多于|不止|至少|不少于/.test(n[1] ?? '')
            ? ('gte' as const)
            : /不到|少于|不足/.test(n[1] ?? '')
              ? ('lte' as const)
              : ('eq' as const),
          value: Number(n[2]) + (/超过|多于|不止/.test(n[1] ?? '') ? 1 : 0) - (/不到|少于|不足/.test(n[1] ?? '') ? 1 : 0),
          unit: n[3]!,
        }
      : undefined;
  // A negation read into a condition ("不是北京的吧") is already the claim: not turned round twice.
  return {
    subject,
    claim: { fields, numbers: claimedNumbers(text), negated: negated && !about.where.some((p) => p.negate), ...(count ? { count } : {}) },
  };
}
