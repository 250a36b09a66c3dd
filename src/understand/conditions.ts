/**
 * Conditions of a question → predicates over declared record fields (records/fields.ts). Each
 * reader below handles one general shape of condition (a place, a track, a date range, an order of
 * magnitude, a count with a unit, an exact cell, an empty cell, a name's start or end, words a cell
 * mentions, an exclusion) for whichever field the question names next to it; the field is found
 * through the fields' declared words, not per question.
 */
import { FIELD_SPECS, scaleFloor, type FieldKey, type Scale } from '../records/fields.js';
import { findPlace } from '../records/provinces.js';
import type { Track } from '../records/schema.js';
import { dateRange } from './dates.js';
import type { Predicate } from './plan.js';
import { cutWords } from '../text/segmenter.js';

const pred = (
  field: FieldKey,
  op: Predicate['op'],
  values: Predicate['values'],
  text: string,
  more: Partial<Predicate> = {},
): Predicate => ({
  field,
  op,
  values,
  negate: false,
  text,
  ...more,
});

/** Quoted or bare words: “千亿级”, "大模型", 「求职」. */
const Q = `[“"'‘「『]?`;
const QE = `[”"'’」』]?`;
const WORD = `([\\u3400-\\u9fffA-Za-z0-9.+-]{1,12}?)`;

/** Each declared field's words, compiled once (they are read on every question). */
const FIELD_WORD_RES = Object.values(FIELD_SPECS).map((spec) => ({
  key: spec.key,
  re: new RegExp(spec.words, 'g'),
  whole: new RegExp(`^(?:${spec.words})$`),
}));

/** The field named by words just before a position ("参数量那一格", "应用场景里", "公司那一栏"). */
function fieldBefore(text: string, at: number, fallback?: FieldKey): FieldKey | undefined {
  const left = text.slice(Math.max(0, at - 14), at);
  let best: { key: FieldKey; pos: number } | undefined;
  for (const { key, re } of FIELD_WORD_RES) {
    for (const m of left.matchAll(re)) {
      if (key === 'date' && /时间/.test(m[0]) && !/备案|登记/.test(m[0])) continue;
      if (!best || m.index! >= best.pos) best = { key, pos: m.index! };
    }
  }
  return best?.key ?? fallback;
}

/** Tracks the question names; undefined when it names none. */
export function readTracks(text: string): Track[] | undefined {
  // "备案, not 登记", "不算登记的": a track named only to be left out leaves the other one.
  const NOT =
    /(?:不是|不算|不含|不包括|而非|并非|除了|除去|排除|not|excluding|except|without)\s*(?:the\s*)?(登记|备案|registrations?|filings?)/gi;
  const left = [...text.matchAll(NOT)].map((m) => (/登记|registration/i.test(m[1]!) ? 'genai-registration' : 'genai-filing'));
  const q = text.replace(NOT, ' ');
  // Algorithms as filed (算法备案, 深度合成, 算备), not an algorithm a text describes ("用什么方法定义算法").
  const ALGORITHMS =
    /深度合成|算法(?:的)?备案|备案(?:的)?算法|算法清单|算备|哪几个算法|多少(?:个|款)?算法|deep[- ]?synthesis|algorithm (?:filing|list|register)/i;
  if (left.length === 1 && !ALGORITHMS.test(q)) return [left[0] === 'genai-registration' ? 'genai-filing' : 'genai-registration'];
  if (ALGORITHMS.test(q)) return ['deep-synthesis'];
  const reg = /登记|registration|registered app/i.test(q);
  const fil = /备案/.test(q) && !/已?登记/.test(q.replace(/备案/g, ''));
  // "备案多少条、登记多少条", "几款备案？有没有登记？", "是备案还是登记": both, each counted apart.
  // (Both words must be there too: see the test below.)
  const apart = /(备案|登记)[^，,。？?]{0,12}([，,、？?]|还是|和|与|及|比|跟|\band\b|\bor\b|\bvs\b)[^，,。？?]{0,12}(登记|备案)/.test(
    q.replace(/备案(号|编号|单位|时间|日期)/g, ''),
  );
  if (reg && apart && /(备案[^登]*登记|登记[^备]*备案)/.test(q)) return ['genai-filing', 'genai-registration'];
  if (reg && !/(备案(和|与|及|、)|(和|与|及|、)备案)/.test(q)) return ['genai-registration'];
  if (reg && fil) return ['genai-filing', 'genai-registration'];
  // "完成备案", "备案了几款": the filings (备案), not the registrations (登记), counted apart anyway.
  if (fil && /完成备案|通过备案|已备案|备案了|备案的|备案(时间|日期|数|条数)|有多少.{0,6}备案|备案.{0,4}(多少|几)|how many\s*备案/i.test(q))
    return ['genai-filing'];
  return undefined;
}

/** A parameter count written as a number ("60亿", "低于50亿", "more than 100 billion"), in 亿. */
function readCount(q: string): Predicate | undefined {
  // (A count of parameters, not of tokens or money: "日均Token消耗量突破30万亿".)
  if (!/参数|模型|规模|parameter|model|\bsize/.test(q)) return undefined;
  const zh = /(\d+(?:\.\d+)?)\s*(万亿|亿)/.exec(q);
  const en = /(\d+(?:\.\d+)?)\s*(billion|trillion|b\b|t\b)/.exec(q);
  const m = zh ?? en;
  if (!m) return undefined;
  const value = zh ? Number(zh[1]) * (zh[2] === '万亿' ? 10000 : 1) : Number(en![1]) * (/^t/.test(en![2]!) ? 10000 : 10);
  const around = q.slice(Math.max(0, m.index - 12), m.index + m[0].length + 6);
  // Negations first: "不超过" is at most, "不低于" at least.
  const op = /不超过|不多于|不高于|不大于|以下|低于|少于|不到|小于|不足|under|below|less than|fewer than|at most|no more than/.test(around)
    ? 'lte'
    : /以上|超过|多于|大于|至少|不少于|不低于|more than|over|above|at least|greater/.test(around)
      ? 'gte'
      : 'eq';
  return pred('params', op, [value], m[0]);
}

/** An order of magnitude: "千亿级" (that order), "千亿级或以上" (and larger), "比千亿级还大" (larger than its plain cell). */
function readScale(masked: string): Predicate[] {
  const out: Predicate[] = [];
  // An order of magnitude is a size of models only where the question talks of models or sizes:
  // "千亿级产业集群" is an industry's.
  const ofModels = /参数|模型|规模|量级|parameter|model/.test(masked);
  // Every order of magnitude the question names, each with the comparison words around it:
  // "大于千亿又小于百亿" is two conditions (which no record can meet both of, and the answer says so).
  for (const m of masked.matchAll(/(万亿|千亿|百亿|十亿)(级)?/g)) {
    const scale = `${m[1]}级` as Scale;
    const floor = scaleFloor(scale);
    const before = masked.slice(Math.max(0, m.index! - 6), m.index!);
    const after = masked.slice(m.index! + m[0].length, m.index! + m[0].length + 6);
    // (Nor an amount, "突破30万亿": a number before it counts, see readCount.)
    if (
      !ofModels &&
      (/\d\s*$/.test(before) || (/^[\u3400-\u9fff]/.test(after) && !/^(以上|以下|及|或|的|有|是|和|、|模型|大模型|参数)/.test(after)))
    )
      continue;
    // "比普通“千亿级”还要大": that order and above, but not the plain cell.
    if (/比[^，。？?]{0,4}$/.test(before) && /^[^，。？?]{0,3}(大|多|高)/.test(after.replace(/^[”"'’」』]/, ''))) {
      out.push(pred('params', 'gte', [floor], `比${scale}更大`), pred('params', 'eq', [scale], scale, { negate: true }));
    } else if (/(小于|低于|少于|不到|不足|不超过|不高于|under|below|less than)\s*$/.test(before) || /^(以下|及以下|或以下)/.test(after)) {
      out.push(pred('params', 'lte', [floor], `${scale}及以下`));
    } else if (
      /(大于|高于|超过|多于|至少|不低于|不少于|more than|over|above|at least)\s*$/.test(before) ||
      /^(或|及)?以上|^或更(大|多|高)|^(and above|or (more|above|larger))/.test(after)
    ) {
      out.push(pred('params', 'gte', [floor], `${scale}或以上`));
    } else out.push(pred('params', 'between', [], scale, { from: floor, to: floor * 10 }));
  }
  return out;
}

const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** A word read from the masked question ("某某某" for a name, lower case), as the question writes it. */
function asWritten(word: string, original: string, before = ''): string {
  if (!/某/.test(word)) return word;
  // (Found after the word that precedes it, "带某某某" → 带GLM: a bare ".{3}" would match anywhere.)
  const masked = (w: string) => escape(w).replace(/某+/g, (m) => `.{${m.length}}`);
  const m = new RegExp(`${masked(before)}(${masked(word)})`, 'i').exec(original.replace(/[“”"'‘’「」『』]/g, ''));
  return m?.[1] ?? word;
}
const isQuoted = (word: string, original: string) => new RegExp(`[“"'‘「『]\\s*${escape(word)}\\s*[”"'’」』]`, 'i').test(original);

// Patterns of cells as written, compiled once.
const EXACT_CELL = new RegExp(
  `(?:正好|恰好|刚好|唯一|只)(?:是|被)?(?:写作|写成|写的是|写为|标为|标注为|填的是|是)\\s*${Q}${WORD}${QE}(?=[（(，,、的？?。\\s]|$)`,
  'g',
);
const NAME_END = new RegExp(`(?:名称|名字|名)?(不)?以\\s*${Q}${WORD}${QE}\\s*(结尾|开头|打头|收尾)`, 'g');
const NOT_CALLED = new RegExp(`不(?:叫|是叫|带|含)\\s*${Q}${WORD}${QE}(?=[的也，,、？?]|$)`, 'g');
const MENTIONS = new RegExp(
  `(单位名称|单位名|公司名称|公司名|企业名称|企业名|主体名称|应用场景|场景|用途|应用|功能|名称|名字|名)(?:里|中|当中|一栏)?(?:又|也|还|都|则)?(?:涉及|包含|包括|提到|写到|写了|写有|写的是|写着|含有|含|带有?|有|覆盖|是)\\s*${Q}${WORD}${QE}((?:\\s*(?:或者?|和|、|及|与|or)\\s*${Q}[\\u3400-\\u9fffA-Za-z0-9]{1,8}?${QE})*)\\s*(?=的|字样|[一二两三四五六七八九十]个?字|领域|场景|这|[？?。，,]|$)`,
  'g',
);

/**
 * Cells as written: "参数量正好写作“千亿级”", "唯一写成“混合模型”", "名称以“大模型”结尾", "公司那一栏没填",
 * "应用场景里写到简历或求职", "既不叫“大模型”也不叫“新功能”".
 */
function readCells(text: string, original = text): Predicate[] {
  const out: Predicate[] = [];
  // Exact cell: 正好/恰好/唯一 写作/写成/写的是 "X".
  for (const m of text.matchAll(EXACT_CELL)) {
    // "恰好是2条" counts the rows; it is no cell's value.
    if (/^[\d一二两三四五六七八九十]+\s*(条|款|个|项|家|期)$/.test(m[1]!)) continue;
    const field = fieldBefore(text, m.index!, 'params');
    if (field) out.push(pred(field, 'eq', [m[1]!], m[0]));
  }
  // Start / end of a name: 以“X”结尾 / 开头.
  for (const m of text.matchAll(NAME_END))
    out.push(pred('model', /结尾|收尾/.test(m[3]!) ? 'endsWith' : 'startsWith', [m[2]!], m[0], { negate: !!m[1] }));
  // A family named by its common word: "星辰系列的模型", "通义家族" → names containing it.
  // (The word right before it, as the segmenter cuts the question; Chinese names, in a question about
  // filing: "Qwen3家族衍生模型有多少" asks the texts about a family, not the lists for a name.)
  for (const m of /备|登记|清单/.test(original) ? original.matchAll(/[”"]?\s*(?:系列|家族)/g) : []) {
    const word = cutWords(original.slice(0, m.index!).replace(/[“”"]/g, '')).at(-1);
    if (word && /^[\u3400-\u9fff]{2,}$/.test(word) && !/^(这|那|哪|什么|该|几)/.test(word))
      out.push(pred('model', 'contains', [word], `${word}系列`));
  }
  // Not called X (and not Y): 既不叫“X”也不叫“Y”, 不叫“X”的.
  for (const m of text.matchAll(NOT_CALLED)) out.push(pred('model', 'contains', [m[1]!], m[0], { negate: true }));
  // Empty cells: "参数量那一格空着", "公司那一栏没填", "没有公布参数量的".
  for (const m of text.matchAll(
    /(?:那一?(?:格|栏|列)|一栏|一格|栏目?|这一项)?\s*(?:是)?(?:空着|空白|空的|为空|没填|未填|没有填|没写|未写|没有写|缺失|空缺)/g,
  )) {
    const field = fieldBefore(text, m.index!);
    if (field && field !== 'model') out.push(pred(field, 'empty', [], m[0]));
  }
  for (const m of text.matchAll(
    /(?:没有|没|未|不)(?:写|公布|披露|列出?|标注|注明|给出|填)(?:明)?\s*(参数量?|公司|企业|应用场景|场景|备案号)/g,
  )) {
    const field = fieldBefore(m[1]! + ' ', m[1]!.length + 1);
    if (field) out.push(pred(field, 'empty', [], m[0]));
  }
  // Filled cells: "标了适用场景的", "写了备注的", "填了参数量的" (the field named whole: 适用场景, not 场景).
  for (const m of text.matchAll(
    /(?<![没未不])(?:标了|标有|标注了|注明了|写了|写有|填了|列了|带有)\s*([\u3400-\u9fff]{2,4}?)(?:一栏|一项)?的/g,
  )) {
    const field = FIELD_WORD_RES.find(({ whole }) => whole.test(m[1]!))?.key;
    if (field && field !== 'model') out.push(pred(field, 'empty', [], m[0], { negate: true }));
  }
  if (/without (a )?parameter|no parameter|parameters? (not|un)(listed|known|disclosed)/.test(text))
    out.push(pred('params', 'empty', [], 'without parameters'));
  // Words a cell mentions: "应用场景涉及医疗的", "用于智能客服的", "写到简历或求职的".
  for (const m of text.matchAll(MENTIONS)) {
    // "名字是啥": a question word asks for the cell, it names no value of it.
    if (/^(啥|什么|哪|多少|几)/.test(m[2]!)) continue;
    if (out.some((p) => p.op === 'eq' && p.values.includes(m[2]!))) continue;
    const field: FieldKey = /单位|公司|企业|主体/.test(m[1]!) ? 'company' : /名/.test(m[1]!) ? 'model' : 'uses';
    // (Read with names masked and quotes dropped: each word as the question writes it.)
    const head = m[0].slice(0, m[0].length - m[2]!.length - (m[3] ?? '').length).slice(-2);
    const first = asWritten(m[2]!, original, head);
    // A quoted word's alternatives are quoted too: "带“讯飞”、属地在广东" lists one word, then another condition.
    const quoted = isQuoted(first, original);
    const more = [...(m[3] ?? '').matchAll(/(或者?|和|、|及|与|\bor\b)\s*([^或和、及与]+)/g)]
      .map((x) => asWritten(x[2]!.replace(/[“"'‘「『”"'’」』\s]/g, ''), original, x[1]!))
      .filter((w) => w && (!quoted || isQuoted(w, original)));
    out.push(pred(field, 'contains', [first, ...more], m[0]));
  }
  // A model described by what it does: "能做在线咨询机器人、智能语音外呼的那个模型", "专门给服装、美妆生成模特图，
  // 能“人台变超模”的模型": the uses must say most of the description (a "like" predicate, rows ranked by it).
  const does =
    /(?:能做|能够|能|可以|会|帮人|帮忙|用来|专门|主打)([\u3400-\u9fffA-Za-z0-9、，,和与及“”"'‘’/]{2,60}?)的(?:那个|那款|这个|这款)?[\u3400-\u9fff]{0,4}?(?:大?模型|服务|产品|应用)/.exec(
      text,
    );
  // Found with the names masked (能 of 人工智能 starts nothing); a name inside the description ("模特") is a
  // word of it, read back from the question as written.
  if (does && /某/.test(does[1]!)) {
    const pattern = does[1]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/某+/g, (m) => `.{${m.length}}`);
    const back = new RegExp(pattern).exec(original.replace(/[“”"'‘’]/g, ''));
    if (back) does[1] = back[0];
  }
  if (does && !out.some((p) => p.field === 'uses')) {
    const description = does[1]!.replace(/[“”"'‘’]/g, '');
    if ([...description.replace(/[、，,和与及]/g, '')].length >= 4) out.push(pred('uses', 'like', [description], description));
  }
  const used =
    /(?:用于|应用于|面向|专门给|专门用于|给)\s*[“"'‘]?([\u3400-\u9fffA-Za-z0-9]{2,8}?)[”"'’]?\s*(?:行业|领域)?(?:的|用的|领域的|场景的)(?:大?模型|产品|服务)/.exec(
      text,
    );
  if (used && !out.some((p) => p.field === 'uses')) out.push(pred('uses', 'contains', [used[1]!], used[0]));
  const english =
    /\b(?:with|have|has)\s+["']?([\w.-]{1,20})["']?\s+in\s+(?:the|its|their)\s+names?\b|\bnames?\s+(?:containing|including|with)\s+["']?([\w.-]{1,20})/i.exec(
      text,
    );
  if (english) out.push(pred('model', 'contains', [(english[1] ?? english[2])!], english[0]));
  return out;
}

/**
 * A place that begins an organisation's name ("海南国际清算所", "上海证券交易所", "北京大学") names that
 * organisation, not a place the rows are in.
 */
const ORGANISATION_AFTER =
  /^(?:省|市)?[\u3400-\u9fff]{0,8}?(?:交易所|清算所|研究所|研究院|委员会|中心|银行|集团|公司|大学|学院|医院|协会|学会|日报|电视台|报社|政府|法院|检察院|[所院局厅委])(?![\u3400-\u9fff]{0,2}(?:备案|登记))/;

/** Places: "北京的", "除了北京以外", "不在上海的". */
function readPlace(placeMasked: string): Predicate[] {
  let text = placeMasked;
  let place = findPlace(text);
  for (let tries = 0; place && tries < 5; tries++) {
    const name = place.city ?? place.province;
    const at = text.indexOf(name);
    if (at < 0 || !ORGANISATION_AFTER.test(text.slice(at + name.length).split(/[的里中有在和与、，,。？?\s]/)[0]!)) break;
    text = text.slice(0, at) + ' '.repeat(name.length) + text.slice(at + name.length);
    place = findPlace(text);
  }
  placeMasked = text;
  if (!place) return [];
  const name = place.city ?? place.province;
  const at = placeMasked.indexOf(name);
  const negate =
    at >= 0 &&
    (/(除了|除去|除开|排除|去掉|不算|不包括|不含|除|不在|不是|非)\s*$/.test(placeMasked.slice(Math.max(0, at - 4), at)) ||
      /^(以外|之外)/.test(placeMasked.slice(at + name.length, at + name.length + 2)));
  // "广东和江苏", "北京、上海或浙江": places joined name several (any of them).
  const provinces = [place.province];
  let names = name;
  let end = at + name.length;
  for (let more = 0; at >= 0 && more < 10; more++) {
    const join = /^(?:省|市)?\s*(?:和|与|跟|、|及|或|还是|以及)\s*/.exec(placeMasked.slice(end));
    const next = join ? findPlace(placeMasked.slice(end + join[0].length, end + join[0].length + 12)) : undefined;
    const nextName = next && (next.city ?? next.province);
    if (!next || !placeMasked.startsWith(nextName!, end + join![0].length)) break;
    if (!provinces.includes(next.province)) provinces.push(next.province);
    names += `、${nextName}`;
    end += join![0].length + nextName!.length;
  }
  if (provinces.length > 1) return [pred('province', 'in', provinces, names, { negate })];
  return [pred('province', 'eq', [place.province], name, { negate })];
}

export interface ConditionInput {
  /** The question as read. */
  text: string;
  /** Names masked out (batches and places are not read inside names). */
  masked: string;
  /** Only the named things masked (places inside company names are not places). */
  placeMasked: string;
  /** Batches the question names: date phrases then name the batch, not a range. */
  batches: number[];
  /** The newest published list the records hold (YYYY-MM), for "最新一期". */
  latestList?: string;
}

/** Every condition the question states, as predicates. */
export function readConditions(c: ConditionInput): Predicate[] {
  const out: Predicate[] = [];
  out.push(...readPlace(c.placeMasked));
  const tracks = readTracks(c.masked);
  // "第三批通过备案的": a batch of the texts' table is a filing already; the word adds no condition.
  const implicit = !!tracks && tracks.length === 1 && tracks[0] === 'genai-filing' && !/登记|registration/i.test(c.masked);
  if (tracks && !(implicit && c.batches.length)) out.push(pred('track', 'in', tracks, tracks.join('+')));
  // "截至2026年4月那期（为止）", "up to and including the 2026-04 list": every list until that one.
  const upTo =
    // (Not "从A那期到B那期": "到" alone only with 为止.)
    /(?:截至|截止到?|直到|(?<!从[^，,。？?]{0,20})到(?=[^，,。？?]{0,16}为止))\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(?:的)?\s*(?:那|这)?\s*(?:一)?(?:期|份)(?:清单)?(?:为止)?|\b(?:up to and including|up to|through|until) the (\d{4})-(\d{1,2}) list\b/i.exec(
      c.text,
    );
  if (upTo) {
    const [y, m] = upTo[1] ? [upTo[1], upTo[2]!] : [upTo[3]!, upTo[4]!];
    out.push(pred('list', 'lte', [`${y}-${m.padStart(2, '0')}-31`], upTo[0]));
  }
  // A published list by its month ("2025年12月那期清单", "最新一期"): the list, not the filing dates.
  const list = upTo
    ? null
    : /(\d{4})\s*年\s*(\d{1,2})\s*月份?\s*(?:的|那|这|发布的|公布的)?\s*(?:一)?(?:期|份清单|批清单|清单|名单)/.exec(c.text);
  const newest =
    /(?:最新|最近)(?:的)?(?:一|那)?(?:期|份清单|批清单|份名单|清单|名单)|(?:latest|newest|most recent)(?: cac)? list|list is the (?:most recent|latest|newest)/i.exec(
      c.text,
    );
  // "2026年6月那份清单…比2026年4月那份多多少": once one list is named, "YYYY年M月那份/那期" names another.
  const more = list
    ? [
        ...c.text
          .slice(list.index + list[0].length)
          .matchAll(/(\d{4})\s*年\s*(\d{1,2})\s*月份?\s*(?:的)?\s*(?:那|这|发布的|公布的)\s*(?:一)?(?:期|份)/g),
      ]
    : [];
  // "2025年8月和2025年10月这两期": months joined, then the lists word once.
  const joined =
    /((?:\d{4}\s*年\s*\d{1,2}\s*月\s*(?:和|与|跟|、|及|还有)\s*)+\d{4}\s*年\s*\d{1,2}\s*月)\s*(?:的|这|那)?\s*[两二三四几]?\s*(?:期|份)/.exec(
      c.text,
    );
  // "the 2026-04 list", "from the 2026-04 list to the 2026-06 list".
  const english = list || joined || upTo ? [] : [...c.text.matchAll(/\b(\d{4})-(\d{1,2})\s+(?:list|register|release)s?\b/gi)];
  const named: RegExpMatchArray[] = joined ? [...joined[1]!.matchAll(/(\d{4})\s*年\s*(\d{1,2})\s*月/g)] : list ? [list, ...more] : english;
  const months = [...new Set(named.map((m) => `${m[1]}-${m[2]!.padStart(2, '0')}`))];
  if (months.length > 1) out.push(pred('list', 'in', months, named.map((m) => m[0]).join('、')));
  else if (months.length) out.push(pred('list', 'eq', months, named[0]![0]));
  else if (newest && c.latestList) out.push(pred('list', 'eq', [c.latestList], newest[0]));
  if (!c.batches.length && !named.length && !upTo) {
    const d = dateRange(c.text);
    if (d) out.push(pred('date', 'between', [], d.label, { ...(d.from ? { from: d.from } : {}), ...(d.to ? { to: d.to } : {}) }));
  }
  // Cells are read with the names masked: "“AI 改简历”新功能是…" names no 功能 condition.
  const cells = readCells(
    c.masked.replace(/\u0000+/g, (m) => '某'.repeat(m.length)),
    c.text,
  );
  const count = /参数|parameter|billion|trillion|亿/.test(c.masked) ? readCount(c.masked) : undefined;
  if (count) out.push(count);
  else if (!cells.some((p) => p.field === 'params')) out.push(...readScale(c.masked));
  out.push(...cells);
  // One condition once: the same field, operation and values read by two readers.
  const seen = new Set<string>();
  return out
    .filter((p) => {
      const k = JSON.stringify([p.field, p.op, p.values, p.from, p.to, p.negate]);
      return !seen.has(k) && (seen.add(k), true);
    })
    .slice(0, 50);
}
