/**
 * Question (+ the conversation so far) → query plan. Every part is read independently (names,
 * batches, dates, places, tracks, scale, what is asked, references), so a new question shape is a
 * new combination of parts rather than a new branch.
 */
import { cutWords, STOPWORDS, wordSpans } from '../text/segmenter.js';
import { CHINESE_NAMES } from '../records/aliases.js';
import { pinyinKey } from '../records/fuzzyNames.js';
import { aliasKey, companyAliases, modelAliases, type EntityIndex, type Mention } from '../records/entityIndex.js';
import { findPlace } from '../records/provinces.js';
import type { FilingRecord } from '../records/schema.js';
import { parseSmallNumber } from '../text/chars.js';
import { CLASSIFIERS } from '../text/measureWords.js';
import type { ConversationState } from './conversation.js';
import { readConditions } from './conditions.js';
import { isYesNo, readClaim } from './claims.js';
import { DIFFERENCE, GENERIC_MODEL_WORD, readCues, type Cues } from './cues.js';
import { reachOfNames } from './nameReach.js';
import { resolveReferences } from './references.js';
import { declares, matchesAll } from '../records/predicates.js';
import { FIELD_SPECS, FIELD_WORDS as ANY_FIELD_WORD } from '../records/fields.js';
import { FRAMING, glossEnglish, isEnglishWord, properName, withoutDatePhrases } from './english.js';
import type { About, Ask, EntityRef, Expects, Field, Plan, Predicate } from './plan.js';
import { isEnglish, readableText } from './text.js';

// ---------------------------------------------------------------------------------------------
// Word patterns (question framing, not domain vocabulary)

const P = {
  company:
    /哪家|哪个公司|哪一家|什么公司|哪些公司|哪些企业|哪家企业|哪个机构|什么机构|哪个单位|谁(开发|做|推出|发布|研发|的|家)|属于|开发商|公司是|备案单位|备案主体|which (company|firm|organi[sz]ation|institution)|what (company|firm)|who (made|makes|owns|built|builds|developed|develops|filed|is behind|created)|owner|developer|\bmaker\b|\bby whom\b/,
  params: /parameter/,
  /** "云雀多大": the size of a filed model (a weak cue: "降幅有多大" is not about parameters). */
  size: /多大|how (big|large)|\bsize\b/,
  batch: /第几批|哪一批|哪批|几批|哪个批次|什么批次|批次|which batch|what batch|in which round/,
  date: /什么时候|啥时候|何时|哪天|日期|时间|哪一年|哪年|哪个月|几月|\bwhen\b|\bdate\b|what year/,
  // (Not "名下的应用有哪几个": apps counted or named, not what they do.)
  uses: /功能|用途|用于|(?<!什么|哪些|哪个|几个|些)应用(?!有?(?:哪|几|多少|是哪|叫|名))|(?<!适用)场景|领域|能做|做什么|干什么|干嘛|干啥|做啥|啥用|能力|特点|介绍|what (does|can) .* do|used for|feature|capabilit|use case/,
  name: /叫什么|叫啥|名字|名称|什么模型|哪个模型|哪款|什么大模型|什么产品|哪个产品|备案的是什么|\bname\b|called/,
  list: /有哪些|哪些|哪几|列出|列一下|名单|清单|都有|分别|\blist\b|which models|what models|\bwhich\b.*\bare\b/,
  count: /多少|几家|几款|几个|几条|(?<!参)数量|总数|一共|how many|number of|\bcount\b/,
  largest: /最大|最多|最高|最强|更大|更多|更高|largest|biggest|most parameters|highest|bigger|larger|more parameters/,
  smallest: /最小|最少|最低|更小|更少|smallest|fewest|least|smaller|fewer/,
  province: /属地|省份|哪个省|哪个城市|地区|province|region/,
  filingNo: /备案号|备案编号|登记编号|编号|(?:备案|登记)\s*(?:no\.?|number|id)\b|filing (no|number)|registration number/i,
  newest: /最新|最近|newest|latest|most recent/,
  compare:
    /(哪个|哪一个|谁)的?(参数|参数量|规模)?(更|比较)?(多|大|高|少|小|低)|相比|比较|对比|区别|同一批|同一个批次|同批|同一家|一样|相同|same (batch|company)|\bvs\.?\b|versus|compare|which (is|has) (bigger|larger|more)/,
  paramsMissing:
    /(没有|没|未|不)(写|公布|披露|列出?|标注|注明|给出)(明)?参数|参数(量)?(未知|空白|不详|缺失|没有(写|公布|列))|without (a )?parameter|no parameter|parameters? (not|un)(listed|known|disclosed)/,
  allBatches: /都|同时|均|both|all of|in each/,
  filings: /备案|登记|算法备案|算法清单|算备|批|filing|filed|register|registration|regist|batch/,
};

// The declared fields' own words (records/fields.ts, the one table of field synonyms, colloquial
// ones included) are part of each field's pattern.
for (const [key, field] of [
  ['company', 'company'],
  ['params', 'params'],
  ['batch', 'batch'],
  ['date', 'date'],
  ['uses', 'uses'],
  ['province', 'province'],
  ['filingNo', 'filingNo'],
  ['name', 'model'],
] as const) {
  (P as Record<string, RegExp>)[key] = new RegExp(`${P[key].source}|${FIELD_SPECS[field].words}`);
}

const FILING_NO = /(?<![A-Za-z0-9])[A-Za-z]+-[A-Za-z0-9_.]+(?:-[A-Za-z0-9_.]+)*-\d{8,}[A-Za-z]?(?![A-Za-z0-9])|网信算备\s*\d{10,}\s*号?/;

const ORDINALS_EN: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
};

// ---------------------------------------------------------------------------------------------

export interface ReadContext {
  entities: EntityIndex;
  records: readonly FilingRecord[];
  conversation?: ConversationState;
  /** Whether the corpus uses a word (for English glosses). */
  inCorpus: (word: string) => boolean;
}

/** Batches named in the question: 第三批, 首批, the first batch, batch 2. */
function readBatches(q: string): number[] {
  const out = new Set<number>();
  for (const m of q.matchAll(/第\s*([一二三四五六七八九十\d]+)\s*批|(首)批/g)) {
    const n = parseSmallNumber(m[1] ?? m[2]!);
    if (n) out.add(n);
  }
  // "第一批和第三批": the second batch word may be bare ("第一、三批").
  for (const m of q.matchAll(/第\s*([一二三四五六七八九十\d]+)\s*[、和与及,]\s*(?:第\s*)?([一二三四五六七八九十\d]+)\s*批/g)) {
    for (const x of [m[1]!, m[2]!]) {
      const n = parseSmallNumber(x);
      if (n) out.add(n);
    }
  }
  for (const m of q.matchAll(
    /\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)[\s-]+(batch|round)|\b(?:batch|round)\s*(?:no\.?\s*)?(\d{1,2})\b/g,
  ))
    out.add(m[1] ? ORDINALS_EN[m[1]]! : Number(m[3]));
  return [...out].sort((a, b) => a - b);
}

/** "2023年12月通过备案的" names a batch by its month. */
function batchesByMonth(q: string, records: readonly FilingRecord[]): number[] {
  const out = new Set<number>();
  // (A day, "2023年8月31日", is a list row's date: the table's batches give months only.)
  for (const m of q.matchAll(/(\d{4})\s*年\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*[日号])/g)) {
    const ym = `${m[1]}-${m[2]!.padStart(2, '0')}`;
    for (const r of records) if (r.batch && r.batchDate?.ym === ym) out.add(r.batch);
  }
  return [...out];
}

/** A mention whose alias is only a place name ("北京科技有限公司" → 北京) names the place, not a company. */
export function placeOnly(m: Pick<Mention, 'alias'>): boolean {
  const p = findPlace(m.alias);
  return !!p && m.alias.replace(/(市|省|自治区)$/, '') === (p.city ?? p.province);
}

/** "多少家企业": the measure word and what it counts. */
const HOW_MANY_OF = new RegExp(`(?:多少|几)\\s*([${CLASSIFIERS}])([\\u4e00-\\u9fff]{2,4})?`);

/** The kind of fact the question wants: a number, a percentage, a date, an organisation … */
function readExpects(q: string): { expects: Expects; unit?: string; counted?: string } {
  const m = HOW_MANY_OF.exec(q);
  const unit = m?.[1];
  const counted = m?.[2]?.replace(/[的了呢吗啊]+$/, '').slice(0, 2) || undefined;
  // "准确率是多少", "增长率有多少": these rates are answered by a percentage, not by any number in the
  // sentence (分辨率, 帧率, 功率 have units of their own).
  if (
    /百分之|比例|占比|比重|份额|percent|share|proportion|ratio|\b(?:accuracy|growth|pass|coverage|penetration|adoption|success|error|conversion|retention|utili[sz]ation) rate\b|(?:准确|召回|增长|通过|覆盖|渗透|占有|使用|普及|转化|成功|错误|利用|留存|识别|命中|完成|合格|达标|毛利|净利)率(?:是|为|有|达到?|能达到?)?(?:多少|几成)/.test(
      q,
    )
  )
    return { expects: 'percent' };
  if (/多少|几|how many|how much|number of/.test(q)) return { expects: 'number', unit, ...(counted ? { counted } : {}) };
  if (/什么时候|何时|哪天|哪一年|哪年|几月|哪个月|\bwhen\b|what year|what date/.test(q)) return { expects: 'date' };
  if (P.company.test(q) || /\bwho\b|谁/.test(q)) return { expects: 'org' };
  if (/哪里|哪儿|在哪(?![些个家款种])|哪个城市|哪个省|\bwhere\b/.test(q)) return { expects: 'place' };
  if (/叫什么|叫啥|名字|名称|\bcalled\b|\bname\b/.test(q)) return { expects: 'name' };
  if (/特点|介绍|是什么|什么是|怎么样|有何|有什么|describe|what is|what are|tell me about/.test(q)) return { expects: 'description' };
  return { expects: 'any' };
}

const has = (re: RegExp, s: string) => re.test(s);
/** Fields asked by their declared words alone (no colloquial pattern of their own above). */
const LIST_ONLY_FIELDS = (['scenario', 'role', 'product', 'note'] as const).map((f) => ({ f, re: new RegExp(FIELD_SPECS[f].words, 'i') }));

function readAsk(q: string, about: About, english: boolean): Ask {
  const { expects, unit, counted } = readExpects(q);
  const fields: Field[] = [];
  const hasEntities = about.entities.length > 0;
  const companyOnly = hasEntities && about.entities.every((e) => e.kind === 'company');
  if (has(P.name, q) && (companyOnly || !hasEntities)) fields.push('model');
  if (companyOnly && /什么模型|哪些模型|哪款|模型(叫|是)|what model|which model|备案了什么/.test(q) && !fields.includes('model'))
    fields.push('model');
  if (has(P.company, q)) fields.push('company');
  // "哪一期清单", "哪一期公布的": the published list; a date of a register row is its own field.
  if (LIST_WORD.test(q) && !has(P.batch, q)) fields.push('list');
  else if (has(P.batch, q) || has(P.date, q))
    fields.push(has(P.batch, q) || !/(备案|登记)(时间|日期)|哪天|哪一天|几号|具体日期/.test(q) ? 'batch' : 'date');
  // "没有写参数量的" filters by parameters; it does not ask for them.
  const sized = has(P.size, q) && about.entities.some((e) => e.kind === 'model') && !/[幅率比]/.test(q);
  // "没有写参数量的" filters by parameters; it does not ask for them.
  const filtersParams = about.where.some((p) => p.field === 'params' && (p.op === 'empty' || p.op === 'eq'));
  if ((has(P.params, q) || sized || has(P.largest, q) || has(P.smallest, q)) && !filtersParams) fields.push('params');
  if (has(P.province, q)) fields.push('province');
  if (has(P.filingNo, q)) fields.push('filingNo');
  // (A field word inside a condition on a cell, "标了适用场景的", asks nothing.)
  const withoutCells = about.where.filter((p) => p.op === 'empty').reduce((s, p) => s.split(aliasKey(p.text)).join(' '), q);
  // Fields only some lists have, by their declared words ("适用场景", "角色", "备注").
  for (const { f, re } of LIST_ONLY_FIELDS) if (re.test(withoutCells)) fields.push(f);
  if (!fields.length && has(P.uses, withoutCells)) fields.push('uses');

  // "是谁提出…的", "谁说…": who said something, a fact of the texts; the fields it mentions are what was said.
  if (/谁(?:最早|最先|首先)?(?:提出|说|认为|表示|指出|介绍|讲|强调|透露|预计|称|提到)/.test(q))
    return { op: 'describe', fields: [], expects: 'org', ...(unit ? { unit } : {}) };
  const extreme = has(P.largest, q) ? 'max' : has(P.smallest, q) ? 'min' : undefined;
  const named = new Set(about.entities.map((e) => e.records.join(','))).size;
  const apart = /分别|各|每|respectively|each/.test(q);
  const ask = (op: Ask['op'], more: Partial<Ask> = {}): Ask => ({
    op,
    fields,
    expects,
    unit,
    ...(counted ? { counted } : {}),
    ...(apart ? { apart } : {}),
    ...more,
  });

  // "哪家公司有两款模型", "companies with more than one model"
  const group =
    /(有|备案了?|通过了?)\s*([两二三四五六七八九十\d]+|多)\s*(款|个|项)(以上)?(模型|大模型|产品)?/.exec(q) ??
    /more than one (model|filing)|(two|2|several|multiple) (models|filings)/.exec(q);
  // "不止一款", "超过两款": more than n.
  const beyond = /(不止|超过|多于)\s*([一二两三四五六七八九十\d]+)\s*(款|个|项|条)/.exec(q);
  // "哪些省份的备案恰好是2条", "哪几期清单超过100条": the groups of another field with (at least) n records.
  // ("一条登记都没有" is none: no group of that size.)
  const having =
    /(恰好|正好|刚好|只有|超过|不止|多于|至少)?\s*(?:是|有)?\s*(\d+|[一二两三四五六七八九十]+)\s*(条|款|个|项)(以上)?(?![^，,。？?]{0,6}(?:都|也)没有)/.exec(
      q,
    );
  const havingBy = groupField(q);
  if (having && havingBy && havingBy !== 'company' && !hasEntities && /哪些|哪几|哪个|which/.test(q)) {
    const n = parseSmallNumber(having[2]!.replace('两', '二')) ?? Number(having[2]);
    const more = /超过|不止|多于/.test(having[1] ?? '');
    return ask('group', {
      by: havingBy,
      fields: [havingBy],
      group: { min: n + (more ? 1 : 0), exact: !more && !having[4] && !/至少/.test(having[1] ?? '') },
    });
  }
  if (
    (group || beyond) &&
    (has(
      /哪家|哪些(公司|企业|单位)|哪个(公司|单位)|(公司|企业|单位|机构)(有|是)哪些|几家|多少家|同一家|是谁|谁|which compan|what compan/,
      q,
    ) ||
      /compan/.test(q))
  ) {
    const count = (w: string) => parseSmallNumber(w.replace('两', '二')) ?? (Number(w.match(/\d+/)?.[0]) || 1);
    if (beyond) return ask('group', { group: { min: count(beyond[2]!) + 1, exact: false } });
    const word = group![2] ?? group![0];
    const n = /多|more than one|several|multiple/.test(word) ? 2 : count(word) || 2;
    return ask('group', { group: { min: n, exact: !/多|以上|more than|several|multiple/.test(q) } });
  }
  // "清单里最早的备案时间是哪天": the earliest (latest) date among the rows, and the rows of that day.
  const byDate = /最早|最先|earliest/.test(q) ? 'min' : /最晚|最迟|最后一|latest date|most recent date/.test(q) ? 'max' : undefined;
  // "最早出现在哪一期清单": the first list, not the first day.
  if (
    byDate &&
    !has(P.batch, q) &&
    /(?:出现|列入|进入|上榜|收录)[^，,。？?]{0,4}(?:哪一期|哪期|哪份|哪个清单)|(?:哪一期|哪期)[^，,。？?]{0,6}(?:最早|最先)/.test(q)
  )
    return ask('extreme', { extreme: byDate, fields: ['list'] });
  if (byDate && !hasEntities && !has(P.batch, q) && (has(P.date, q) || /哪天|哪一天|日期|时间|备案|登记|一条|一款|一个/.test(q)))
    return ask('extreme', { extreme: byDate, fields: ['date'] });
  // "2026年6月那份清单比2026年4月那份多多少", "广东和江苏谁的备案多": the lists or places named, each
  // counted (and the difference said).
  // ("比…多吗", "有增长吗", "grow from … to …": two named groups compared by their counts. Two kinds of filing
  // only when compared: "备案有几条、登记有几条" counts each, the none of a kind included.)
  const several = about.where.find(
    (p) => (p.field === 'list' || p.field === 'province' || p.field === 'track') && p.op === 'in' && p.values.length >= 2 && !p.negate,
  );
  const compares =
    DIFFERENCE.test(q) ||
    has(P.compare, q) ||
    /(谁|哪个|哪边|哪期|哪份|哪里)[^，,。？?]{0,8}[多少]|比[^，,。？?]{1,12}[多少]|增长|增加|减少|下降|多了|少了|\bgrow|\bincrease|\bdecrease|\bfewer\b/.test(
      q,
    );
  if (several && !hasEntities && (compares || (several.field !== 'track' && has(P.count, q))))
    return ask('group', { by: several.field, fields: [several.field] });
  // "哪一批的模型最多", "哪个省最多", "排前三的单位", "各省分别有多少": records grouped by a declared field.
  const by = groupField(q);
  // "清单里排第三个的是什么", "按序号第五个", "按表中顺序排第三行": one row by its position in the source.
  const nth = /第\s*([一二两三四五六七八九十百\d]+)\s*(?:个|行|条|款|位|项)(?!批|多|大|少)/.exec(q);
  if (nth && !hasEntities && /排|序号|顺序|按|清单里|表里|表中|列表/.test(q)) {
    const n = parseSmallNumber(nth[1]!.replace('两', '二')) ?? Number(nth[1]);
    if (n > 0) return ask('list', { nth: n, ...(fields.length ? { fields } : {}) });
  }
  // "前三", "top 5", and "第二多" (the second: the first two ranked).
  const topN =
    /前\s*([一二两三四五六七八九十\d]+)\s*(?:名|位|个|家|大)?|\btop\s*(\d+)|第\s*([二两三四五六七八九十\d]+)\s*(?:多|大|少|名|位)/i.exec(q);
  const top = topN ? (parseSmallNumber((topN[1] ?? topN[3] ?? topN[2]!).replace('两', '二')) ?? Number(topN[2] ?? topN[3])) : undefined;
  const ranks = extreme || top || /排名|排行|排序|名次|rank/.test(q);
  if (by && !hasEntities && !(by === 'batch' && about.batches.length) && !(by === 'params')) {
    if (ranks) return ask('extreme', { extreme: extreme ?? 'max', by, fields: [by], ...(top && top > 1 ? { top } : {}) });
    if (
      /各(个)?|每(个|一)?|分别|按.{0,4}(统计|分|划分|分布)|分布|by (province|company|list|region)|per (province|company|list)/.test(q) &&
      has(P.count, q)
    )
      return ask('group', { by, fields: [by] });
  }
  // "最新一期清单": the newest list is a condition (conditions.ts); what is asked of it is counted.
  if (has(P.newest, q) && !has(P.count, q)) return about.where.some((p) => p.field === 'list') ? ask('count') : ask('newest');
  // "谁先通过备案", "which was filed first": the earlier batch or date.
  const earlier = /谁先|哪个先|哪家先|谁更早|哪个更早|更早|先通过|earlier|first\b.*\b(filed|approved)|(filed|approved) first/.test(q)
    ? 'min'
    : /谁后|更晚|later/.test(q)
      ? 'max'
      : undefined;
  if (named >= 2 && earlier) return ask('compare', { extreme: earlier, fields: ['batch'] });
  if (named >= 2 && (has(P.compare, q) || extreme)) {
    const same: Field[] = /同一?批|same batch/.test(q) ? ['batch'] : /同一家|same company/.test(q) ? ['company'] : [];
    return ask('compare', {
      ...(same.length ? {} : { extreme: extreme ?? 'max' }),
      fields: same.length ? same : fields.length ? fields : ['params'],
    });
  }
  if (extreme && (fields.includes('params') || about.batches.length || about.within))
    return ask('extreme', { extreme, fields: ['params', ...fields.filter((f) => f !== 'params')] });
  // "参数量多少" asks a field's value, not how many.
  // "参数量多少" asks a field's value, "哪几个" asks which ones: neither is how many.
  const valueOfField = /(参数量?|规模|备案号|编号)\s*(是|有|为|大概|大约)?\s*多少/.test(q) || /哪几/.test(q);
  if (
    has(P.count, q) &&
    !valueOfField &&
    !(hasEntities && fields.some((f) => f !== 'model') && !has(/几款|多少款|几个|几条|多少条|how many (models|filings)/, q))
  ) {
    const companies = /几家|多少家|哪些(企业|公司|单位)|compan|enterprise|firms/.test(q);
    // "涉及多少个不同的属地", "在几期清单里出现过": the distinct places or lists of the rows.
    const distinct =
      /(?:多少|几)\s*个?\s*(?:不同的?)?\s*(?:省份|属地|省市|地区|省)|how many (?:different |distinct )?(?:provinces|regions)/.test(q)
        ? 'province'
        : /(?:多少|几)\s*(?:期|份)|how many (?:different |distinct )?lists/.test(q)
          ? 'list'
          : undefined;
    if (!hasEntities || companies || distinct || /几款|多少款|多少个|几个|几条|多少条|how many/.test(q))
      return ask('count', { countOf: companies ? 'companies' : 'records', ...(distinct ? { distinct } : {}) });
  }
  if (
    has(P.list, q) ||
    (fields.includes('model') && !hasEntities) ||
    (english && /^\s*(which|what)\b.*\b(models|filings|services)\b/.test(q))
  ) {
    if (!hasEntities || companyOnly || named >= 2)
      return ask(hasEntities && fields.length && !fields.every((f) => f === 'model') ? 'field' : 'list');
  }
  if (hasEntities) return ask(fields.length ? 'field' : 'describe', { fields: fields.length ? fields : [] });
  // "第四批是什么时候通过的": a field of the batch itself.
  if (about.batches.length && fields.length && fields.every((f) => f === 'batch')) return ask('field');
  return ask(fields.length ? 'list' : 'describe');
}

/** Content words for searching the texts; English words carry their Chinese glosses as variants. */
function readTerms(text: string, english: boolean, inCorpus: (w: string) => boolean): Plan['terms'] {
  // Question words the segmenter keeps whole ("哪几种", "几种", "多少个") ask; they are not content.
  const words = cutWords(english ? withoutDatePhrases(text) : text).filter(
    (w) => !STOPWORDS.has(w) && !ASKING.has(w) && !/^(?:哪|几|多少)[\u3400-\u9fff]{0,2}$/.test(w),
  );
  const keep = (w: string) => (/[a-z0-9]/.test(w) ? w.length >= 2 || /\d/.test(w) : [...w].length >= 2);
  const terms = new Map<string, string[]>();
  if (english) {
    const glosses = glossEnglish(text, inCorpus);
    const glossed = new Set(glosses.flatMap((g) => g.english.split(' ')));
    for (const g of glosses) if (!ASKING.has(g.english)) terms.set(g.english, g.chinese.length ? g.chinese : [g.english]);
    // Names, numbers and Chinese words written in the English question stay as they are.
    for (const w of words) if (keep(w) && !glossed.has(w) && !/^[a-z]+$/.test(w)) terms.set(w, [w]);
    for (const w of words)
      if (keep(w) && /^[a-z]+$/.test(w) && !glossed.has(w) && !ENGLISH_FRAMING.test(w) && !FRAMING.has(w)) terms.set(w, [w]);
  } else {
    // The records' field names stay whole (jieba cuts 参数量 into 参数/数量): fragments of one are dropped.
    const fieldWords = FIELD_WORDS.filter((f) => text.includes(f));
    for (const f of fieldWords) terms.set(f, [f]);
    const overlaps = (w: string, f: string) => f.includes(w) || (w.endsWith(f[0]!) && text.includes(w + f.slice(1)));
    for (const w of words) {
      if (!keep(w) || fieldWords.some((f) => overlaps(w, f))) continue;
      // An English word written in lower case in a Chinese question ("security", "level") is no name:
      // it is searched through its Chinese glosses, or dropped; never required as written.
      const asWritten = new RegExp(`(?<![A-Za-z])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z])`, 'i').exec(text)?.[0];
      if (/^[a-z]+$/.test(w) && asWritten === w) {
        const glosses = glossEnglish(w, inCorpus).flatMap((g) => g.chinese);
        // A word the texts use as written ("kimi", "deepseek") is kept too.
        const variants = [...(inCorpus(w) ? [w] : []), ...glosses];
        if (variants.length) terms.set(w, variants);
        continue;
      }
      terms.set(w, [w]);
    }
  }
  // The kind of thing asked for ("在什么活动上", "哪几种能力"): named by the answer, not by the question.
  const kinds = [...text.matchAll(/(?:什么|哪个|哪种|哪类|哪些|哪几种|哪几个|哪一个|啥)\s*([\u3400-\u9fff]{2,4})/g)].map((m) => m[1]!);
  const asked = (w: string) =>
    [P.params, P.company, P.batch, P.date, P.filingNo, P.province, P.uses, P.size].some((re) => re.test(w)) ||
    /^(参数量?|公司|企业|批次|时间|日期|编号|属地)$/.test(w);
  return [...terms]
    .filter(([word]) => asked(word) || !kinds.some((k) => k.startsWith(word)))
    .map(([word, variants]) => ({ word, variants, ...(asked(word) || variants.some(asked) ? { asked: true } : {}) }));
}

/**
 * The field a grouping question groups by: the field named right after 哪个/哪家/各/每/按 or before
 * 排名 ("哪个省最多", "各省分别", "按单位统计", "which province"), through the fields' declared words.
 */
function groupField(q: string): Field | undefined {
  const nouns = (w: string): Field | undefined =>
    /^(家|家公司|家企业|家单位|公司|企业|单位|机构|主体)/.test(w) || /^compan|^organi|^firm/.test(w)
      ? 'company'
      : /^(省|个省|省市|省份|地区|地方|城市|属地|region|province)/.test(w)
        ? 'province'
        : /^(期|一期|份清单|个清单|清单|list)/.test(w)
          ? 'list'
          : /^(批|一批|个批次|批次|batch|round)/.test(w)
            ? 'batch'
            : /^(月|个月|月份|备案时间|备案日期|登记时间|时间|日期|month)/.test(w)
              ? 'date'
              : undefined;
  for (const m of q.matchAll(
    /(?:哪些|哪一个|哪[一二两三四五六七八九十几\d]*个?|哪家|各个?|每个?|按照?|by|which|per|every|each)\s*([\u4e00-\u9fffa-z]{1,6})/g,
  )) {
    const f = nouns(m[1]!);
    if (f) return f;
  }
  // "排前三的省市", "出现次数最多的单位": the grouping noun after 的.
  const after = /(?:排名|排行|排前|前[一二两三四五六七八九十\d]+|最多|最少)[^，。？?]{0,6}?的\s*([\u4e00-\u9fff]{1,4})/.exec(q);
  return after ? nouns(after[1]!) : undefined;
}

/** Words of the question that single out some (not all) records of the asked batches or place by name: "新功能", "视觉", "小程序". */
function nameWords(text: string, records: readonly FilingRecord[], batches: number[], where: readonly Predicate[]): Predicate | undefined {
  const rows = records.filter((r) => (!batches.length || (r.batch && batches.includes(r.batch))) && matchesAll(r, where));
  if (rows.length < 2) return undefined;
  const q = text.toLowerCase().replace(/第\s*[一二三四五六七八九十\d]+\s*批|首批/g, ' ');
  const generic = /^(大模型|模型|大模|公司|备案|通过|哪些|什么|参数|参数量)$/;
  for (let len = 6; len >= 2; len--) {
    let best: { sub: string; hits: number } | undefined;
    for (let i = 0; i + len <= q.length; i++) {
      const sub = q.slice(i, i + len);
      // Chinese runs only: Latin words are matched whole below ("ter" of "parameter" is not "CharacterGLM").
      if (/\s/.test(sub) || generic.test(sub) || FIELD_WORD.test(sub) || !/^[\u3400-\u9fff]+$/.test(sub)) continue;
      const hits = rows.filter((r) => r.model.toLowerCase().replace(/\s+/g, '').includes(sub)).length;
      if (hits && hits < rows.length && (!best || hits < best.hits)) best = { sub, hits };
    }
    if (best) return { field: 'model', op: 'contains', values: [best.sub], negate: false, text: best.sub };
  }
  for (const w of q.match(/[a-z][a-z0-9]{2,}/g) ?? []) {
    const hits = rows.filter((r) =>
      r.model
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .includes(w),
    ).length;
    if (hits && hits < rows.length) return { field: 'model', op: 'contains', values: [w], negate: false, text: w };
  }
  return undefined;
}

const latestLists = new WeakMap<readonly FilingRecord[], string | undefined>();
/** The newest list period the records hold (worked out once per set of records). */
function latestList(records: readonly FilingRecord[]): string | undefined {
  if (!latestLists.has(records)) {
    let max: string | undefined;
    for (const r of records) if (r.listPeriod && (!max || r.listPeriod > max)) max = r.listPeriod;
    latestLists.set(records, max);
  }
  return latestLists.get(records);
}

/** A word that names a field (名称, 公司, 参数量): never a part of a name. */
const FIELD_WORD = new RegExp(`^(?:${ANY_FIELD_WORD.source})$`);
const LIST_WORD = new RegExp(FIELD_SPECS.list.words);

/** Field names of the filing records, as questions write them. */
const FIELD_WORDS = ['参数量', '参数规模', '备案号', '备案编号', '登记编号', '应用场景', '备案单位', '属地'];

/** Question words and fillers that say what is asked, not what about. */
export const ASKING = new Set(
  (
    '多长 多久 多大 多高 多远 多少钱 哪个 哪些 哪家 哪一 哪一家 哪一批 第几 第几批 什么样 是不是 有没有 一共 总共 分别 目前 现在 平时 平常 一般 通常 不是 对吗 对不对 没错 是吗 ' +
    '算是 算不算 真的 确实 的确 已经 是否 对吧 是吧 ' +
    '叫 叫做 叫啥 名字 名称 是否 需要 主要 具体 情况 相关 问题 回答 说说 介绍 一下 呢 吗 啥 时候 什么时候 啥时候 哪位 哪个人 类型 ' +
    'how many much who which what when where why develop developed'
  ).split(/\s+/),
);
const ENGLISH_FRAMING = /^(who|which|what|when|where|why|how|many|much|does|did|do|is|are|was|were)$/;

// ---------------------------------------------------------------------------------------------

const refOf = (m: Mention & { typed?: string }): EntityRef => ({
  kind: m.kind,
  name: m.alias,
  records: m.records,
  ...(m.typed ? { typed: m.typed } : {}),
});

/**
 * "“截至2024年底共302款完成备案”这个数字是哪天发布的", "“…”这话是谁说的": a statement quoted to ask
 * where it comes from. What it says is searched for; it states no condition on the records.
 */
const QUOTED_SOURCE =
  /[“"「]([^”"」]{6,120})[”"」]\s*(?:这个|这句|这一|这|该)?(?:数字|数据|说法|话|表述|观点|结论|判断|句话)?[^？?。]{0,12}(?:是谁|谁说|谁提出|哪天|什么时候|何时|哪个机构|哪家机构|什么机构|出处|来源|出自|哪篇|哪里)/;

/**
 * "换个话题：…", "Different topic: …": the asker says the question starts afresh. The words are no
 * part of the question, and nothing in it points back at the conversation.
 */
const NEW_TOPIC =
  /^\s*(?:换个话题|换一个话题|换个问题|换一个问题|换个事|换话题|说点别的|题外话|另一个问题|再问个别的|(?:different|new|another) (?:topic|subject)|unrelated(?: question)?|changing the subject|on another note)\s*[,，:：;；.。!！-]*\s*/i;
/** "另外问一下，…", "By the way, …": framing that says nothing about what is asked. */
const ASIDE =
  /^\s*(?:另外问一下|另外问个问题|另外想问|另外|顺便问一下|顺便问问|顺便|再问一下|再问一个|by the way|btw|also|another question)\s*[,，:：;；.。!！-]*\s*/i;

export function readQuestion(raw: string, ctx: ReadContext): Plan {
  const asked = readableText(raw);
  const afresh = NEW_TOPIC.exec(asked);
  // (Only framing: "另外" alone, or "换个话题" with nothing after it, stays the question.)
  const rest = asked.replace(afresh ? NEW_TOPIC : ASIDE, '');
  const fullText = rest.trim() ? rest : asked;
  if (afresh && rest.trim()) ctx = { ...ctx, conversation: undefined };
  const quoted = QUOTED_SOURCE.exec(fullText);
  const text = quoted ? fullText.replace(quoted[1]!, ' ') : fullText;
  const english = isEnglish(text);
  const q = aliasKey(text);
  // A short name inside a longer word is not named ("比特" in 比特币, "写作" in 写作能力).
  const spans = wordSpans(q);
  const insideWord = (m: Mention) =>
    /^[\u3400-\u9fff]{1,3}$/.test(m.alias) &&
    !!spans?.some(([a, b]) => a <= m.start && m.end <= b && b - a > m.end - m.start && !ctx.entities.has(q.slice(a, b)));
  let mentions: (Mention & { typed?: string })[] = ctx.entities.find(text).filter((m) => !insideWord(m));
  // Names cut short, and known names that another name continues ("星辰视觉大模型"): see nameReach.ts.
  const reach = reachOfNames(
    q,
    mentions,
    ctx.entities,
    new Set(spans?.flatMap(([a, b]) => [a, b])),
    new Set(spans?.map(([a, b]) => `${a}-${b}`)),
  );
  mentions = reach.mentions;
  // A proper name in Latin letters the records do not spell ("Tencent", "Kuaishou", "ByteDance"): the
  // Chinese name CC-CEDICT gives it, when that (or its short form) is a name the records know.
  for (const m of text.matchAll(/(?<![A-Za-z])[A-Z][A-Za-z]{2,}(?: [A-Z][a-z]+){0,2}(?![A-Za-z])/g)) {
    const key = aliasKey(m[0]);
    const at = q.indexOf(key);
    if (at < 0 || mentions.some((x) => x.start < at + key.length && at < x.end)) continue;
    const alias = properName(m[0])
      .flatMap((zh) => [aliasKey(zh), ...companyAliases(zh)])
      .find((a) => ctx.entities.has(a));
    if (!alias) continue;
    for (const e of ctx.entities.mentionsOf(alias)) mentions.push({ ...e, start: at, end: at + key.length, typed: key });
  }
  // A Chinese name typed in Latin letters the records spell it with ("tongyi", from its filing number
  // Shanghai-TongYi-…): read as that Chinese name, and said so.
  // (The Chinese name the alias table gives it, "zhipu ai" → 智谱; or the shortest one all its rows go by.)
  mentions = mentions.map((m) => {
    if (m.typed || !/^[a-z ]+$/.test(m.alias)) return m;
    const namesOf = (i: number): string[] => {
      const r = ctx.records[i];
      if (!r) return [];
      return m.kind === 'model' ? modelAliases(r.model) : r.company ? companyAliases(r.company) : [];
    };
    let common: string[] | undefined;
    for (const i of m.records) common = common ? common.filter((a) => namesOf(i).includes(a)) : namesOf(i);
    // (A name the records spell in pinyin must be that name's pinyin: "xingchen" is not 星辰语义.)
    const spelled = (common ?? []).filter((a) => pinyinKey(a) === m.alias.replace(/ /g, ''));
    const zh = [...(CHINESE_NAMES.get(m.alias) ?? []), ...spelled.sort((a, b) => a.length - b.length)].filter(
      (a) => /^[\u3400-\u9fff]{2,}$/.test(a) && ctx.entities.has(a),
    )[0];
    return zh ? { ...m, alias: zh, typed: q.slice(m.start, m.end) } : m;
  });
  mentions.sort((a, b) => a.start - b.start);
  let ambiguous: Plan['ambiguous'];
  // No name as written, or only a short one inside a longer run ("红面小冰科技" holds 小冰): names as
  // typed (pinyin, one wrong character); a typed name that covers an exact one replaces it.
  const named0 = mentions.filter((m) => !placeOnly(m));
  // (A question about a place names no model by a typo: "北京有多少款备案" skips the search, which costs a
  // one-shot question tens of milliseconds over the registers' names.)
  const placeOnlyQuestion = !named0.length && (mentions.length > 0 || !!findPlace(text)) && !/[A-Za-z]{4,}/.test(text);
  // A Latin word no name covers that is no English word either ("Kling"): perhaps a name typed otherwise.
  const strayLatin = [...q.matchAll(/(?<![a-z0-9])[a-z]{5,20}(?![a-z0-9])/g)].some(
    (m) => !mentions.some((x) => x.start <= m.index! && m.index! < x.end) && !isEnglishWord(m[0]),
  );
  if (!placeOnlyQuestion && (!named0.length || strayLatin || named0.some((m) => m.end - m.start <= 2))) {
    // A typed name starts and ends where words do: "智能服" inside 人工智能服务 names nothing.
    const edges = new Set(spans?.flatMap(([a, b]) => [a, b]));
    const fuzzy = ctx.entities.findFuzzy(text, isEnglishWord);
    if (spans) fuzzy.matches = fuzzy.matches.filter((m) => m.typed !== q.slice(m.start, m.end) || (edges.has(m.start) && edges.has(m.end)));
    const covers = (f: Mention, m: Mention) => f.start <= m.start && m.end <= f.end && f.end - f.start > m.end - m.start;
    // …but not a name as written with a function word beside it ("文心一言是" is 文心一言 and 是).
    const edgeWord = (f: Mention & { typed?: string }) => /^[的是了吗呢吧和与在]|[的是了吗呢吧和与在]$/.test(f.typed ?? '');
    // …nor a name as written with one more character beside it ("星辰语音大模型拿"): the name as written wins.
    // (A long name: a short one inside a longer run, "月湖对", may be a longer name typed short.)
    const oneMore = (f: Mention, m: Mention) => m.end - m.start >= 4 && f.end - f.start - (m.end - m.start) === 1;
    const longer = fuzzy.matches.filter(
      (f) => !mentions.some((m) => m.start < f.end && f.start < m.end && (!covers(f, m) || edgeWord(f) || oneMore(f, m))),
    );
    if (longer.length)
      mentions = [...mentions.filter((m) => !longer.some((f) => covers(f, m))), ...longer].sort((a, b) => a.start - b.start);
    if (!named0.length) ambiguous = fuzzy.ambiguous;
  }
  // "面壁的MiniCPM": a name that is a company's and a model's, followed by 的 and a model, is the company.
  mentions = mentions.filter(
    (m) =>
      m.kind !== 'model' ||
      !mentions.some((c) => c.kind === 'company' && c.start === m.start && c.end === m.end) ||
      !mentions.some((x) => x.kind === 'model' && x.start > m.end && /^\s*的\s*$/.test(q.slice(m.end, x.start))),
  );
  const named = mentions.filter((m) => !placeOnly(m));
  // Words inside names ("第四范式", "北京…公司") are not batches or places: mask the names first.
  let masked = q;
  for (const m of mentions) masked = masked.slice(0, m.start) + '\u0000'.repeat(m.end - m.start) + masked.slice(m.end);
  let placeMasked = q;
  for (const m of named) placeMasked = placeMasked.slice(0, m.start) + ' '.repeat(m.end - m.start) + placeMasked.slice(m.end);

  const filingNo = FILING_NO.exec(text)?.[0];

  let batches = readBatches(masked);
  // "四批一共", "前三批": the first n batches; "每一批", "各批": every batch the records have.
  const firstN = /(?<![第几首哪一])(?:前|这)?([二两三四五六七八九十])批(?!次)/.exec(masked);
  if (!batches.length && firstN) batches = Array.from({ length: parseSmallNumber(firstN[1]!.replace('两', '二'))! }, (_, i) => i + 1);
  if (!batches.length && /每一?批|各批|(each|every) batch/.test(masked))
    batches = [...new Set(ctx.records.map((r) => r.batch).filter((b): b is number => !!b))].sort((a, b) => a - b);
  if (!batches.length && !filingNo) batches = batchesByMonth(masked, ctx.records);
  const where = readConditions({ text, masked, placeMasked, batches, latestList: latestList(ctx.records) });
  // A product named in Latin letters that no record has ("ChatGPT在备案清单里吗"), in a Chinese question
  // about filing: asked for by that name (not an acronym of a few capitals: AI, RAG, MaaS are words).
  if (!english && P.filings.test(masked))
    for (const m of text.matchAll(/(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9.+-]*[A-Za-z0-9](?![A-Za-z0-9])/g)) {
      const w = m[0];
      const key = aliasKey(w);
      const at = q.indexOf(key);
      const productLike =
        (/[A-Za-z]/.test(w) && /\d/.test(w)) ||
        (/[a-z]/.test(w) && /[A-Z].*[A-Z]/.test(w)) ||
        (/^[A-Z][a-z]{3,}$/.test(w) && !/^(The|What|Which|How)$/.test(w));
      if (
        productLike &&
        w.length >= 4 &&
        !ctx.entities.has(w) &&
        !mentions.some((x) => (x.start <= at && at < x.end) || key.includes(x.alias) || x.alias.includes(key))
      )
        reach.unknown.push(key);
    }
  // "孔子数智大模型是哪家公司备案的": a model named at the start (or in quotes) that no record knows, in a
  // question about filing: asked for by its full name.
  if (!named.length && P.filings.test(masked)) {
    // (At the question's start only: a quoted word later is a cell's value, "写成“混合模型”的".)
    const m = /^[“"]?([^\s的了是在那这个款和与、，,“”"批]{2,12}?)(?:大)?模型(?=[是的”"])/.exec(text)?.[1];
    if (m && m.length >= 2 && !GENERIC_MODEL_WORD.test(m)) {
      const full = new RegExp(`${m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:大)?模型`).exec(text)?.[0];
      if (full) reach.unknown.push(aliasKey(full));
    }
  }
  // A model named in full that no record has is asked for by that name: no row answers for it.
  for (const key of reach.unknown) {
    // As written ("3D", not the key's "3d"), where the key is found in the text.
    const at = text.toLowerCase().indexOf(key);
    const name = at >= 0 ? text.slice(at, at + key.length) : key;
    where.push({ field: 'model', op: 'eq', values: [name], negate: false, text: name });
  }
  // A word quoted or typed as part of a name condition is not a named thing: "名称里带GLM的".
  // …nor is a word of a description ("生成模特图": 模特 is a word of it, not the model 模特).
  const inNames = where
    .filter((p) => (p.field === 'model' || p.op === 'like') && !p.negate)
    .flatMap((p) => p.values.map((v) => aliasKey(String(v))));
  const subjects = inNames.length
    ? named.filter((m) => !inNames.some((w) => w.includes(m.alias) || (!!m.typed && w.includes(m.typed))))
    : named;
  const about: About = {
    entities: subjects.map(refOf),
    batches,
    batchJoin: batches.length > 1 && P.allBatches.test(masked) ? 'all' : 'any',
    where,
    filingNo,
    filings: P.filings.test(masked),
    tableOnly: /表里|表中|表格|备案表|名单里|in the table|filing table/.test(text),
  };
  // "2024年8月和2024年11月两期清单里都出现过的单位", "in both the 2025-10 list and the 2026-08 list": in all of them.
  if (
    !batches.length &&
    where.some((p) => p.field === 'list' && p.op === 'in' && p.values.length >= 2 && !p.negate) &&
    /都|均|同时|两期都|\bboth\b|\bin (?:all|each) of\b|\bevery one of\b/.test(masked)
  )
    about.batchJoin = 'all';
  // Only when the question states no condition on a cell of its own: then a word of it may single out rows by name.
  if (
    !about.entities.length &&
    !where.some((p) => !['province', 'date', 'track'].includes(p.field)) &&
    // (The texts' table by batch only: over the lists' thousands of names nearly any word ("服务") is in some.)
    batches.length > 0
  ) {
    // Remarks in brackets ("（名称没公布的那款也算）") qualify the question; they single out nothing.
    // …nor do the words other conditions already stand for ("上海" is the place, not a name).
    let rest = text.replace(/[（(][^）)]*[）)]/g, ' ');
    for (const p of where) for (const w of [p.text, ...p.values.map(String)]) if (w) rest = rest.split(w).join(' ');
    const byName = nameWords(rest, ctx.records, batches, where);
    if (byName) about.where.push(byName);
  }
  let terms = readTerms(fullText, english, ctx.inCorpus);

  // References to the conversation so far: their own step (understand/references.ts).
  // "参数量多少？", "哪一批？": a short question that asks a field and names nothing is elliptical too.
  const fieldOnly =
    [P.params, P.company, P.batch, P.date, P.filingNo, P.province, P.uses, P.name].some((re) => re.test(masked)) &&
    [...text.replace(/[\s？?。!！]/g, '')].length <= 12;
  // …but a question of its own shape ("哪家公司的模型最多？", "有哪些？") is not.
  const ownAsk = readAsk(masked, about, english);
  const ownShape = ['extreme', 'count', 'group', 'newest', 'compare'].includes(ownAsk.op) || P.list.test(masked);
  const resolved = resolveReferences({
    text,
    masked,
    about,
    terms,
    namedCount: named.length,
    ownAsk,
    fieldOnly,
    ownShape,
    prev: ctx.conversation,
    records: ctx.records,
    entities: ctx.entities,
    isAsking: (w) => ASKING.has(w),
    reask: (a) => readAsk(masked, a, english),
  });
  terms = resolved.terms;
  const { refers, unresolved } = resolved;
  const prev = ctx.conversation;
  let ask = resolved.ask;
  // "北京的备案占多大比例", "登记类占全部条目的百分之多少": a share of the whole the other conditions make.
  if (ask.expects === 'percent' && /占/.test(masked) && !about.entities.length && ask.op !== 'verify') {
    // The whole is said with 里/中/全部 after it ("浙江省的全部条目里，备案占…"); the part is the rest.
    const isWhole = (p: Predicate) => {
      const at = text.indexOf(p.text);
      return at >= 0 && /^[^，,。？?占]{0,6}?(里|中|之中|全部|所有)/.test(text.slice(at + p.text.length));
    };
    // "浙江省的全部条目里，备案占了百分之几": the track said right before 占 is the part.
    const trackWord = /(备案|登记)(?:类|的)?(?:条目|记录|数量?)?占/.exec(text);
    if (trackWord && !about.where.some((p) => p.field === 'track'))
      about.where.push({
        field: 'track',
        op: 'in',
        values: [trackWord[1] === '登记' ? 'genai-registration' : 'genai-filing'],
        negate: false,
        text: trackWord[1]!,
      });
    const part =
      about.where.find(
        (p) => !p.negate && (p.field === 'province' || p.field === 'company') && (p.op === 'eq' || p.op === 'in') && !isWhole(p),
      ) ?? (/全部|所有|总|整体|全体/.test(masked) ? about.where.find((p) => p.field === 'track' && !p.negate) : undefined);
    if (part) {
      about.where = about.where.filter((p) => p !== part);
      ask = { ...ask, op: 'group', by: part.field, fields: [part.field], focus: part.values.map(String) };
    }
  }
  // "什么时候完成备案" of things only the lists hold: a list row has a date, not a batch.
  const namedRows = about.entities.flatMap((e) => e.records.map((i) => ctx.records[i]).filter((r): r is FilingRecord => !!r));
  if (ask.expects === 'date' && ask.fields.includes('batch') && namedRows.length && !namedRows.some((r) => declares(r, 'batch')))
    ask = { ...ask, fields: [...new Set(ask.fields.map((f) => (f === 'batch' ? 'date' : f)))] };
  // "紫东太初大模型的备案号": a field the named rows lack, which the one longer name of the lists that
  // begins with it has ("紫东太初大模型开放平台"): that row answers too, and the answer says how it was read.
  about.entities = about.entities.map((e) => {
    const rows = e.records.map((i) => ctx.records[i]).filter((r): r is FilingRecord => !!r);
    const lacking = ask.fields.filter((f) => f !== 'model' && !rows.some((r) => declares(r, f)));
    if (e.kind !== 'model' || !lacking.length || ask.op === 'verify') return e;
    const key = aliasKey(e.name);
    const { length, entries } = ctx.entities.completions(key, 0, 20);
    if (length < key.length) return e;
    const longer = entries.filter(
      (x) => x.kind === 'model' && x.alias.length > key.length && x.records.some((i) => lacking.every((f) => declares(ctx.records[i]!, f))),
    );
    const models = new Set(longer.flatMap((x) => x.records.map((i) => ctx.records[i]!.model)));
    if (models.size !== 1) return e;
    const full = longer.reduce((a, b) => (b.alias.length > a.alias.length ? b : a));
    return { ...e, name: full.alias, records: [...new Set([...e.records, ...longer.flatMap((x) => x.records)])], typed: e.typed ?? e.name };
  });
  const yesNo = isYesNo(
    masked.replace(/\u0000+/g, (m) => '某'.repeat(m.length)),
    english,
  );
  // "从2026年2月那期到4月那期有增长吗", "登记条数比备案条数多吗": two groups counted, the claim which is larger.
  const two =
    ask.op === 'group' && ask.by
      ? about.where.find((p) => p.field === ask.by && p.op === 'in' && p.values.length === 2 && !p.negate)
      : undefined;
  // (Said in the question's order: "登记比备案还多" puts 登记 first.)
  if (two) two.values = [...two.values].sort((x, y) => namedAt(String(x), masked) - namedAt(String(y), masked));
  // (Its first question decides: "Did it grow …? By how much?")
  const better = two && (yesNo || isYesNo(masked.split(/[?？]/)[0]!, english)) ? claimedLarger(two, masked) : undefined;
  // A yes/no question checks a claim: the subject's own rows against what the question asserts.
  if (ask.op !== 'compare' && !better && yesNo) {
    const { subject, claim } = readClaim(text, about, ctx.records);
    if (subject.length) {
      about.entities = subject;
      about.batches = [];
      about.where = [];
    }
    ask = { ...ask, op: 'verify', fields: [...new Set(claim.fields.map((p) => p.field))], claim };
    // "甘肃有没有大模型备案": whether a filing (备案) exists, not a registration (登记), which is said beside.
    if (!subject.length && !about.where.some((p) => p.field === 'track') && /备案/.test(masked) && !/登记|算法|深度合成/.test(masked))
      about.where.push({ field: 'track', op: 'in', values: ['genai-filing'], negate: false, text: 'genai-filing' });
  }
  // A short follow-up in an English conversation stays English ("What about 子曰?").
  const language = english || (prev?.language === 'en' && refers.length > 0 && /[A-Za-z]/.test(text)) ? 'en' : 'zh';
  // A name typed otherwise is searched in the texts as the name it was read as.
  // (A version typed, "DeepSeek-V3" read as deepseek, is searched as typed: the texts may name that version.)
  const typed = about.entities.filter((e) => e.typed && !aliasKey(e.typed).startsWith(aliasKey(e.name)));
  if (typed.length) {
    const typedKeys = new Set(typed.flatMap((e) => cutWords(e.typed!)));
    terms = [
      ...terms.filter((t) => !typedKeys.has(t.word) && !typed.some((e) => e.typed!.includes(t.word))),
      ...typed.map((e) => ({ word: e.name, variants: [e.name] })),
    ];
  }
  const unknownModels = reach.unknown.length
    ? about.where.filter((p) => p.field === 'model' && p.op === 'eq' && !p.negate).map((p) => String(p.values[0]))
    : [];
  const cues = readCues(
    fullText,
    terms,
    about.entities.map((e) => e.name),
    unknownModels,
  );
  return {
    text: fullText,
    language,
    about,
    ask,
    refers,
    unresolved,
    ...(ambiguous ? { ambiguous } : {}),
    cues: better ? { ...cues, better } : cues,
    terms,
  };
}

/** Where a group's value is named in the question: a list by its month, a track by its word, else as written. */
function namedAt(v: string, q: string): number {
  const ym = /^(\d{4})-(\d{2})$/.exec(v);
  const words = ym
    ? [`${ym[1]}年${Number(ym[2])}月`, v]
    : v === 'genai-registration'
      ? ['登记', 'registration']
      : v === 'genai-filing'
        ? ['备案', 'filing']
        : [v];
  const found = words.map((w) => q.indexOf(aliasKey(w))).filter((i) => i >= 0);
  return found.length ? Math.min(...found) : q.length;
}

/**
 * Which of two groups a yes/no question says is larger: "A比B多吗" the one named before 比, "从A到B有增长吗"
 * the later list; "减少/少了" the other one.
 */
function claimedLarger(two: Predicate, q: string): Cues['better'] {
  const [a, b] = two.values.map(String) as [string, string];
  const at = (v: string) => namedAt(v, q);
  const fewer = /减少|下降|少了|变少|更少|fewer|decrease|decline|drop|shrink/.test(q);
  const before = q.indexOf('比');
  const first = before >= 0 ? (at(a) < before ? a : b) : [a, b].sort()[1]!;
  const other = first === a ? b : a;
  return { claimed: fewer ? other : first, names: [a, b] };
}
