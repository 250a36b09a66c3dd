/**
 * Finds the models and companies of the filing records that a question names, tolerantly:
 * "云雀" finds 云雀大模型, "智谱" finds 智谱 AI, "GLM大模型" finds "GLM 大模型", "Baidu" finds 百度.
 * Matching is longest-first and non-overlapping, so "CharacterGLM" is not also read as "GLM".
 */
import { lowerBound } from '../text/sortedStrings.js';
import { STOPWORDS } from '../text/segmenter.js';
import { ENGLISH_NAMES } from './aliases.js';
import { CITIES, PROVINCES } from './provinces.js';
import { FuzzyNames, type FuzzyResult } from './fuzzyNames.js';
import type { FilingRecord } from './schema.js';

export type EntityKind = 'model' | 'company';

export interface Mention {
  kind: EntityKind;
  alias: string;
  /** Indexes into the records array. */
  records: number[];
  start: number;
  end: number;
}

/** Key for alias matching: NFKC, lower case, no quotes, whitespace kept only between Latin words. */
export function aliasKey(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[“”"'‘’「」《》]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/ (?![a-z0-9])|(?<![a-z0-9]) /g, '')
    .trim();
}

const MODEL_SUFFIXES = /(大语言模型|大模型|模型|新功能|功能|微信小程序|小程序|app)$/;
const MODEL_TAILS = /(通用|视觉|视频|语言|多模态|图文|语音)$/;
const COMPANY_SUFFIXES = /(股份有限公司|有限责任公司|有限公司|集团|公司|科技|智能|网络|信息技术|技术| ?ai)$/;
/** Parts too generic to name one record on their own. */
const GENERIC = new Set([
  'ai',
  'gpt',
  'app',
  '大模型',
  '模型',
  '智能',
  '问答',
  '助手',
  '科技',
  '公司',
  '集团',
  '中国',
  '机器人',
  '智能问答',
]);

function strip(s: string, re: RegExp): string {
  let prev = '';
  let cur = s;
  while (cur !== prev) {
    prev = cur;
    cur = cur.replace(re, '').trim();
  }
  return cur;
}

/** A name made only of the words that tell a family's members apart ("多模态", "视觉语音") names none of them. */
const TAILS_ONLY = new RegExp(`^(?:${MODEL_TAILS.source.slice(1, -2)})+$`);
const ok = (a: string) =>
  a.length >= 2 && !GENERIC.has(a) && !TAILS_ONLY.test(a) && !/^\d{1,2}$/.test(a) && !(/^[a-z]+$/.test(a) && a.length < 3);

export function modelAliases(model: string, opts: { parts?: boolean } = {}): string[] {
  const full = aliasKey(model);
  const out = new Set([full]);
  // "WPS AI" is also typed "WPSAI" (and the CAC writes names without spaces).
  if (/[a-z0-9] [a-z0-9]/.test(full)) out.add(full.replace(/(?<=[a-z0-9]) (?=[a-z0-9])/g, ''));
  const noParen = full.replace(/[(（][^)）]*[)）]/g, '').trim();
  // A name in brackets ("九章大模型(MathGPT)"), not a remark ("知识库应用（演示）"): Latin, or three characters or more.
  for (const inner of full.matchAll(/[(（]([^)）]+)[)）]/g))
    if (/[a-z]/.test(inner[1]!) || inner[1]!.trim().length >= 3) out.add(inner[1]!.trim());
  const core = strip(noParen, MODEL_SUFFIXES);
  out.add(noParen);
  out.add(core);
  out.add(strip(core, MODEL_TAILS));
  // Mixed names: "面壁luca" → 面壁, luca; "360奇元" → 奇元; "孟子gpt" → 孟子.
  // A short Chinese part after a Latin one is what the product does, not its name: "小米ai写作" → not 写作,
  // "Emu文生图" → not 文生图.
  const parts = core.split(/(?<=[\u3400-\u9fff])(?=[a-z0-9])|(?<=[a-z0-9])(?=[\u3400-\u9fff])|\s+/);
  if (opts.parts !== false)
    parts.forEach((part, i) => {
      if (i > 0 && /^[\u3400-\u9fff]{1,3}$/.test(part.trim()) && /[a-z]$/.test(parts[i - 1]!.trim())) return;
      // …nor a short one before a generic Latin word: "端侧OS大模型" → not 端侧 (a kind of model, on-device).
      if (
        /^[\u3400-\u9fff]{1,2}$/.test(part.trim()) &&
        /^(?:os|ai|app|gpt|bot|pro|plus|max|lite|mini|agent)$/.test(parts[i + 1]?.trim() ?? '')
      )
        return;
      out.add(part.trim());
    });
  // "DeepSeekChat" → deepseek: a trailing generic English word of a Latin name is not part of it.
  for (const m of model.normalize('NFKC').matchAll(/[A-Za-z][A-Za-z0-9]*(?:[A-Z][a-z0-9]*)+/g)) {
    const head = m[0].replace(/(Chat|Bot|AI|App|Assistant|Model|Agent)$/, '');
    if (head !== m[0] && head.length >= 4) out.add(head.toLowerCase());
  }
  return [...out].filter(ok);
}

/** The name inside a filing number, as the number spells it ("Beijing-WenXinYiYan-20230821" → wenxinyiyan). */
export function numberAlias(filingNo: string | undefined): string | undefined {
  const m = /^[A-Za-z]+-([A-Za-z][A-Za-z0-9]*)-\d/.exec(filingNo ?? '');
  return m && m[1]!.length >= 5 ? m[1]!.toLowerCase() : undefined;
}

/**
 * Words legal names end with that say what kind of company it is, not which: stripped one at a time,
 * every step a name people use ("…深度求索人工智能基础技术研究有限公司" → 深度求索). A short name the
 * records know for one company that begins another's ("百度" and 百度网讯) is linked in tabulate().
 */
const LEGAL_TAIL =
  /(股份有限公司|有限责任公司|有限公司|责任公司|股份公司|集团|公司|科技|智能|网络|信息技术|信息|技术|软件|数据|系统|服务|控股|投资|股份|研究院|研究|基础|人工智能|计算机|电子|通信|数字|发展|创新|文化|传媒|教育|实业|工程| ?ai)$/;
/** A place at the start of a legal name ("北京…", "杭州…"): not part of the short name. */
const PLACE_HEAD = new RegExp(
  `^(${[...PROVINCES.flatMap((p) => [p.zh, ...(p.aliases ?? [])]), ...CITIES.map((c) => c[0])].sort((a, b) => b.length - a.length).join('|')})(省|市|自治区)?`,
);
const PLACE_ONLY = new RegExp(`^(${PROVINCES.map((p) => p.zh).join('|')})(省|市|自治区)?$`);

export function companyAliases(company: string): string[] {
  const full = aliasKey(company);
  const out = new Set([full]);
  // Every step of stripping is a name people use: "示例科技有限公司" → "示例科技" → "示例".
  const strip = (start: string) => {
    let prev = '';
    let cur = start;
    out.add(cur);
    while (cur !== prev) {
      prev = cur;
      // One word at a time, the longer tail words first (人工智能 before 智能).
      const next = cur.replace(LEGAL_TAIL, '').trim();
      cur = next !== cur ? next : cur.replace(COMPANY_SUFFIXES, '').trim();
      out.add(cur);
    }
  };
  strip(full);
  // "联想（北京）有限公司": a place in brackets is not part of the name either.
  const unbracketed = full.replace(/[(（][^)）]*[)）]/g, '');
  if (unbracketed !== full) strip(unbracketed);
  const placeless = unbracketed.replace(PLACE_HEAD, '');
  if (placeless !== unbracketed && placeless.length >= 2) strip(placeless);
  // A name made of nothing but such words ("数字", "科技信息") names no company.
  return [...out].filter(ok).filter((a) => !PLACE_ONLY.test(a) && !ONLY_TAIL.test(a));
}
const ONLY_TAIL = new RegExp(`^(?:${LEGAL_TAIL.source.slice(1, -2)})+$`);

/** Words for the segmenter's user dictionary. */
export function recordNames(records: readonly FilingRecord[]): string[] {
  const words = new Set<string>();
  for (const r of records) {
    // Not the parts of mixed names ("比特" of 比特Byte): as dictionary words they would cut 比特币 in two.
    for (const a of modelAliases(r.model, { parts: false })) if (/[\u3400-\u9fff]/.test(a)) words.add(a);
    if (r.company) for (const a of companyAliases(r.company)) if (/[\u3400-\u9fff]/.test(a)) words.add(a);
  }
  return [...words];
}

/**
 * The version of the rules above (aliases, English names, record names for the segmenter). The
 * build keeps what it derived from the records across incremental builds only while this is the
 * same: bump it with any change to those rules.
 */
export const ALIAS_RULES_VERSION = 13;

/**
 * An EntityIndex as the build stores it: one row per (alias, kind), sorted by alias, with the rows'
 * record indexes in one flat array. Readers search it as it is: a 20k-row register has ~100k
 * aliases, and building a Map of them took a tenth of a one-shot question.
 */
export interface StoredEntities {
  aliases: string[];
  /** 0: model, 1: company. */
  kinds: Uint8Array;
  /** The records of row i are recs[starts[i] .. starts[i + 1]). */
  starts: Uint32Array;
  recs: Uint32Array;
  maxLen: number;
}

const KINDS: EntityKind[] = ['model', 'company'];

export class EntityIndex {
  private readonly table: StoredEntities;

  /** The index the build worked out and stored. */
  static fromStored(stored: StoredEntities): EntityIndex {
    const { aliases, kinds, starts, recs } = stored;
    if (kinds.length !== aliases.length || starts.length !== aliases.length + 1 || starts[aliases.length] !== recs.length)
      throw new Error('entity table is not whole');
    return new EntityIndex(stored);
  }

  toStored(): StoredEntities {
    return this.table;
  }

  constructor(records: readonly FilingRecord[] | StoredEntities) {
    this.table = Array.isArray(records) ? EntityIndex.tabulate(records) : (records as StoredEntities);
  }

  private static tabulate(records: readonly FilingRecord[]): StoredEntities {
    const byAlias = new Map<string, { kind: EntityKind; records: number[] }[]>();
    let maxLen = 0;
    const add = (alias: string, kind: EntityKind, i: number) => {
      let list = byAlias.get(alias);
      if (!list) byAlias.set(alias, (list = []));
      let entry = list.find((e) => e.kind === kind);
      if (!entry) list.push((entry = { kind, records: [] }));
      if (entry.records.at(-1) !== i) entry.records.push(i);
      maxLen = Math.max(maxLen, alias.length);
    };
    // A register names the same company on many rows: its aliases are worked out once.
    const ofCompany = new Map<string, string[]>();
    const aliasesOf = (c: string) => {
      let a = ofCompany.get(c);
      if (!a) ofCompany.set(c, (a = companyAliases(c)));
      return a;
    };
    // A short name one company is known by that begins another's ("百度" of the texts' table, 百度网讯 of a
    // register): the other company is known by it too. Found from the names themselves, prefix by prefix.
    const companyNames = new Set(records.flatMap((r) => (r.company ? aliasesOf(r.company) : [])));
    const linked = new Map<string, string[]>();
    for (const c of new Set(records.flatMap((r) => (r.company ? [r.company] : [])))) {
      const own = aliasesOf(c);
      const extra = new Set<string>();
      for (const a of own) {
        if (!/^[\u3400-\u9fff]{3,}$/.test(a)) continue;
        // (At least two characters must follow it in the company's shortest name: one more makes another
        // word, 京东 of 京东方.)
        for (let n = 2; n <= a.length - 2; n++) {
          const prefix = a.slice(0, n);
          const core = own.filter((x) => x.startsWith(prefix) && /^[\u3400-\u9fff]+$/.test(x)).sort((x, y) => x.length - y.length)[0] ?? a;
          if (companyNames.has(prefix) && !own.includes(prefix) && core.length - prefix.length >= 2) extra.add(prefix);
        }
      }
      if (extra.size) linked.set(c, [...extra]);
    }
    records.forEach((r, i) => {
      const models = modelAliases(r.model);
      models.forEach((a) => add(a, 'model', i));
      const spelled = numberAlias(r.filingNo);
      if (spelled && !models.includes(spelled)) add(spelled, 'model', i);
      const companies = r.company ? [...aliasesOf(r.company), ...(linked.get(r.company) ?? [])] : [];
      companies.forEach((a) => add(a, 'company', i));
      for (const name of [...models, ...companies])
        for (const en of ENGLISH_NAMES[name] ?? []) add(aliasKey(en), models.includes(name) ? 'model' : 'company', i);
    });
    const rows = [...byAlias]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .flatMap(([alias, list]) => list.map((e) => ({ alias, ...e })));
    const starts = new Uint32Array(rows.length + 1);
    rows.forEach((r, i) => (starts[i + 1] = starts[i]! + r.records.length));
    const recs = new Uint32Array(starts[rows.length]!);
    rows.forEach((r, i) => recs.set(r.records, starts[i]!));
    return { aliases: rows.map((r) => r.alias), kinds: Uint8Array.from(rows, (r) => KINDS.indexOf(r.kind)), starts, recs, maxLen };
  }

  /** The entries (one per kind) of an alias, by binary search over the sorted rows. */
  private entries(alias: string, from = lowerBound(this.table.aliases, alias)): { kind: EntityKind; records: number[] }[] {
    const { aliases, kinds, starts, recs } = this.table;
    const lo = from;
    const out: { kind: EntityKind; records: number[] }[] = [];
    for (let i = lo; i < aliases.length && aliases[i] === alias; i++)
      out.push({ kind: KINDS[kinds[i]!]!, records: Array.from(recs.subarray(starts[i]!, starts[i + 1]!)) });
    return out;
  }

  /** The entries of an alias as mentions (positions left to the caller). */
  mentionsOf(alias: string): Mention[] {
    return this.entries(alias).map((e) => ({ kind: e.kind, alias, records: e.records, start: 0, end: 0 }));
  }

  private fuzzyNames?: FuzzyNames;
  /** Names as users type them (pinyin, one wrong character): see fuzzyNames.ts. */
  findFuzzy(question: string, isWord?: (w: string) => boolean): FuzzyResult {
    this.fuzzyNames ??= new FuzzyNames(this);
    return this.fuzzyNames.find(aliasKey(question), isWord);
  }

  /**
   * The longest stretch of the (alias-keyed) question from `at` that begins some alias, and the
   * entries of the aliases it begins: "腾讯混元" begins 腾讯混元助手大模型. Stops at `max` entries.
   */
  completions(q: string, at: number, max = 8): { length: number; entries: { alias: string; kind: EntityKind; records: number[] }[] } {
    const { aliases } = this.table;
    let length = 0;
    let from = 0;
    for (let len = 1; len <= Math.min(this.table.maxLen, q.length - at); len++) {
      const i = lowerBound(aliases, q.slice(at, at + len), from);
      if (!aliases[i]?.startsWith(q.slice(at, at + len))) break;
      length = len;
      from = i;
    }
    const prefix = q.slice(at, at + length);
    const entries: { alias: string; kind: EntityKind; records: number[] }[] = [];
    for (let i = from; length && i < aliases.length && aliases[i]!.startsWith(prefix) && entries.length < max; i++)
      if (aliases[i] !== aliases[i - 1] || i === from)
        entries.push(...this.entries(aliases[i]!, i).map((e) => ({ alias: aliases[i]!, ...e })));
    return { length, entries };
  }

  has(alias: string): boolean {
    return this.entries(aliasKey(alias)).length > 0;
  }

  /** Mentions in a question, longest first, non-overlapping, in question order. */
  find(question: string): Mention[] {
    const q = aliasKey(question);
    const found: Mention[] = [];
    const maxLen = Math.min(this.table.maxLen, 60);
    const { aliases } = this.table;
    for (let i = 0; i < q.length; i++) {
      // Longer and longer substrings from i: once no alias starts with one, none is longer.
      let at = 0;
      for (let len = 2; len <= Math.min(maxLen, q.length - i); len++) {
        const alias = q.slice(i, i + len);
        at = lowerBound(aliases, alias, at);
        if (!aliases[at]?.startsWith(alias)) break;
        if (aliases[at] !== alias) continue;
        const entries = this.entries(alias, at);
        // Latin aliases must stand as words: "glm" inside "characterglm" does not count.
        if (/^[a-z0-9]/.test(alias) && /[a-z0-9]/.test(q[i - 1] ?? '')) continue;
        // …and an English word written on its own ("its" of its智慧交通大模型) is that word, not the name.
        if (/^[a-z]+$/.test(alias) && STOPWORDS.has(alias) && !/[a-z0-9\u3400-\u9fff]/.test(q[i + len] ?? '')) continue;
        if (/[a-z0-9]$/.test(alias) && /[a-z0-9]/.test(q[i + len] ?? '')) continue;
        for (const e of entries) found.push({ kind: e.kind, alias, records: e.records, start: i, end: i + len });
      }
    }
    found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const chosen: Mention[] = [];
    for (const m of found) {
      const overlaps = chosen.some((c) => m.start < c.end && c.start < m.end && !(c.start === m.start && c.end === m.end));
      if (!overlaps) chosen.push(m);
    }
    return chosen.sort((a, b) => a.start - b.start);
  }
}
