/**
 * Names as users type them, when no name matches as written: typed pinyin ("yanxi", "ling xin",
 * "Kuaishou" → 言犀, 聆心, 快手) and one wrong, missing or extra character in a Chinese name of three
 * or more characters (玲心智能 → 聆心智能, 模方大模型 → 魔方大模型). Homophones come first; a wrong
 * character that is not a homophone is accepted only in longer names. When one typed name is as
 * close to two different names, nothing is picked: the caller asks which one.
 *
 * Built lazily from the entity index's aliases, on the first question that needs it.
 */
import { createRequire } from 'node:module';
import { lowerBound } from '../text/sortedStrings.js';
import type { EntityIndex, Mention } from './entityIndex.js';

export interface FuzzyMatch extends Mention {
  /** The name as the question wrote it. */
  typed: string;
}

export interface FuzzyResult {
  matches: FuzzyMatch[];
  /** A typed name as close to two or more names: which one? */
  ambiguous?: { typed: string; options: string[] };
}

const HAN = /^[\u3400-\u9fff]+$/;
/** Parts of names that say what kind of thing it is, not which one: an edit there names nothing. */
const GENERIC_TAIL = /(大模型|模型|智能|科技|公司|集团|网络|技术|平台|助手|服务)$/;
const MAX_TYPED = 40;
/** Longest Chinese name tried with an edit (longer runs are read in windows of this size). */
const MAX_NAME = 24;
/** Longest name searched with its first character mistyped. */
const REVERSED_MAX = 10;

/** pinyin-pro is loaded on the first question that needs it (a one-shot question rarely does). */
let pinyinFn: typeof import('pinyin-pro').pinyin | undefined;
const pinyin = (): typeof import('pinyin-pro').pinyin =>
  (pinyinFn ??= (createRequire(import.meta.url)('pinyin-pro') as typeof import('pinyin-pro')).pinyin);
/** A word made only of pinyin syllables (toneless, ü written v). */
const PINYIN =
  /^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|ve|er|a|o|e|i|u|v)(?![aeiouv]))+$/;

const syllables = (s: string): string[] => pinyin()(s, { toneType: 'none', type: 'array', v: true }) as string[];
/** Toneless pinyin, no spaces: 通义 → tongyi. */
export const pinyinKey = (s: string): string =>
  syllables(s)
    .join('')
    .replace(/[^a-z0-9]/g, '');
const homophone = (a: string, b: string): boolean => a === b || syllables(a)[0] === syllables(b)[0];

export class FuzzyNames {
  private pinyinKeys?: Map<string, number[]>;
  private readonly aliases: string[];

  constructor(private readonly entities: EntityIndex) {
    this.aliases = entities.toStored().aliases;
  }

  /** The aliases reversed and sorted ("能智心聆" for 聆心智能), with their rows: for names whose first character is mistyped. */
  private reversed?: { keys: string[]; ids: number[] };
  private reversedIndex(): { keys: string[]; ids: number[] } {
    if (this.reversed) return this.reversed;
    // Names of up to REVERSED_MAX characters: a mistyped first character of a long legal name is not looked for.
    const rows = this.aliases
      .map((a, i) => ({ a, i }))
      .filter((x) => x.a.length >= 2 && x.a.length <= REVERSED_MAX && HAN.test(x.a))
      .map((x) => ({ k: [...x.a].reverse().join(''), i: x.i }));
    rows.sort((x, y) => (x.k < y.k ? -1 : x.k > y.k ? 1 : 0));
    return (this.reversed = { keys: rows.map((r) => r.k), ids: rows.map((r) => r.i) });
  }

  /**
   * Aliases that may be one edit from a typed name, found by binary search instead of an index of
   * every deletion of every name (which cost a one-shot question ~0.4 s over a 20,000-row register):
   * those starting with its first character (an edit after it), and those ending with all of it but
   * the first character (an edit of the first).
   */
  private candidates(typed: string): number[] {
    const out: number[] = [];
    const L = typed.length;
    const near = (a: string) => a.length >= L - 1 && a.length <= L + 1;
    const aliases = this.aliases;
    const head = typed[0]!;
    for (let i = lowerBound(aliases, head); i < aliases.length && aliases[i]!.startsWith(head); i++) if (near(aliases[i]!)) out.push(i);
    if (L > REVERSED_MAX + 1) return out;
    const rev = this.reversedIndex();
    const tail = [...typed.slice(1)].reverse().join('');
    for (let k = lowerBound(rev.keys, tail); k < rev.keys.length && rev.keys[k]!.startsWith(tail); k++)
      if (near(aliases[rev.ids[k]!]!)) out.push(rev.ids[k]!);
    return out;
  }

  /** Toneless pinyin of every alias with Chinese characters, spaces removed ("lingxinzhineng"). */
  private pinyinIndex(): Map<string, number[]> {
    if (this.pinyinKeys) return this.pinyinKeys;
    const map = new Map<string, number[]>();
    this.aliases.forEach((a, i) => {
      if (!/[\u3400-\u9fff]/.test(a) || a.length > MAX_TYPED) return;
      const key = pinyinKey(a);
      if (key.length < 4) return;
      const list = map.get(key);
      if (!list) map.set(key, [i]);
      else list.push(i);
    });
    return (this.pinyinKeys = map);
  }

  /** Whether `alias` is one acceptable edit from `typed`. */
  private acceptable(typed: string, alias: string): boolean {
    if (typed === alias) return false;
    if (typed.length === alias.length) {
      let at = -1;
      for (let i = 0; i < typed.length; i++) if (typed[i] !== alias[i]) at = at === -1 ? i : -2;
      if (at < 0) return false;
      // The wrong character must be in the distinctive part of the name.
      if (at >= alias.replace(GENERIC_TAIL, '').length) return false;
      return homophone(typed[at]!, alias[at]!) || alias.replace(GENERIC_TAIL, '').length >= 5;
    }
    // A missing or extra character: names of four or more characters.
    const [long, short] = typed.length > alias.length ? [typed, alias] : [alias, typed];
    if (long.length - short.length !== 1 || short.length < 3 || alias.replace(GENERIC_TAIL, '').length < 3) return false;
    for (let j = 0; j < long.length; j++) if (long.slice(0, j) + long.slice(j + 1) === short) return true;
    return false;
  }

  private mention(i: number, start: number, end: number, typed: string): FuzzyMatch[] {
    const alias = this.aliases[i]!;
    return this.entities.mentionsOf(alias).map((m) => ({ ...m, start, end, typed }));
  }

  /**
   * A Latin word that is neither pinyin nor an English word, one vowel short of one name's pinyin
   * ("Kling" → keling, 可灵): brand spellings drop a syllable's vowel. Five letters or more, and one
   * name only (a word as close to two names is no name).
   */
  private vowelShort(word: string, py: Map<string, number[]>): number[] | undefined {
    if (word.length < 5 || word.length > 20) return undefined;
    let hit: number[] | undefined;
    for (let at = 1; at <= word.length; at++)
      for (const v of 'aeiou') {
        const ids = py.get(word.slice(0, at) + v + word.slice(at));
        if (!ids) continue;
        const names = new Set(
          ids.map((i) =>
            this.entities
              .mentionsOf(this.aliases[i]!)
              .map((m) => m.records.join(','))
              .join(';'),
          ),
        );
        if (hit || names.size > 1) return undefined;
        hit = ids;
      }
    return hit;
  }

  /**
   * Fuzzy mentions in an alias-keyed question (see aliasKey), longest first, non-overlapping.
   * `isWord` tells an English word (not read as a name cut short: "bing" is not 冰 anything).
   */
  find(q: string, isWord: (w: string) => boolean = () => true): FuzzyResult {
    const found: FuzzyMatch[] = [];
    let ambiguous: FuzzyResult['ambiguous'];
    // Typed pinyin: a Latin word, or two to four in a row ("ling xin zhi neng").
    // Only words that are pinyin syllables through and through ("kuaishou", "ling xin"; not "tokens",
    // "qwen") are looked up: the pinyin of every name is worked out on the first such question.
    const words = [...q.matchAll(/[a-z]+/g)].filter((m) => PINYIN.test(m[0]) || PINYIN.test(m[0].replace(/s$/, '')));
    let py = words.length ? this.pinyinIndex() : undefined;
    for (let w = 0; py && w < words.length; w++) {
      for (let n = Math.min(4, words.length - w); n >= 1; n--) {
        const span = words.slice(w, w + n);
        const between = q.slice(span[0]!.index!, span.at(-1)!.index! + span.at(-1)![0].length);
        if (n > 1 && !/^[a-z ]+$/.test(between)) continue;
        const key = span.map((m) => m[0]).join('');
        if (key.length < 4 || key.length > 60) continue;
        // "Kuaishou's" reads as "kuaishous" once the apostrophe is gone: the possessive is not part of the name.
        const hits = py.get(key) ?? (key.endsWith('s') ? py.get(key.slice(0, -1)) : undefined);
        if (!hits) continue;
        const shown = py.has(key) ? between : between.replace(/s$/, '');
        for (const i of hits) found.push(...this.mention(i, span[0]!.index!, span[0]!.index! + between.length, shown));
        w += n - 1;
        break;
      }
    }
    for (const m of q.matchAll(/(?<![a-z0-9])[a-z]{5,20}(?![a-z0-9])/g)) {
      if (PINYIN.test(m[0]) || this.entities.has(m[0]) || found.some((f) => f.start <= m.index! && m.index! < f.end) || isWord(m[0]))
        continue;
      const hits = this.vowelShort(m[0], (py ??= this.pinyinIndex()));
      for (const i of hits ?? []) found.push(...this.mention(i, m.index!, m.index! + m[0].length, m[0]));
    }
    // One edit in a Chinese name.
    for (const run of q.matchAll(/[\u3400-\u9fff]{3,}/g)) {
      const text = run[0];
      for (let len = Math.min(text.length, MAX_NAME + 1); len >= 3; len--) {
        for (let s = 0; s + len <= text.length; s++) {
          const typed = text.slice(s, s + len);
          if (this.entities.has(typed)) continue;
          const candidates = new Set(this.candidates(typed));
          const close = [...candidates].filter((i) => HAN.test(this.aliases[i]!) && this.acceptable(typed, this.aliases[i]!));
          if (!close.length) continue;
          const start = run.index! + s;
          const ms = close.flatMap((i) => this.mention(i, start, start + len, typed));
          // Different records under different names, equally close: ask.
          const names = [...new Set(close.map((i) => this.aliases[i]!))];
          const recordSets = new Set(ms.map((m) => m.records.join(',')));
          if (names.length > 1 && recordSets.size > 1) {
            const homophones = close.filter(
              (i) => typed.length === this.aliases[i]!.length && [...typed].every((c, k) => homophone(c, this.aliases[i]![k]!)),
            );
            if (homophones.length === 1) {
              found.push(...this.mention(homophones[0]!, start, start + len, typed));
              continue;
            }
            ambiguous ??= { typed, options: names.slice(0, 5) };
            continue;
          }
          found.push(...ms);
        }
      }
    }
    found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const chosen: FuzzyMatch[] = [];
    for (const m of found)
      if (!chosen.some((c) => m.start < c.end && c.start < m.end && !(c.start === m.start && c.end === m.end))) chosen.push(m);
    return { matches: chosen.sort((a, b) => a.start - b.start), ...(ambiguous && !chosen.length ? { ambiguous } : {}) };
  }
}
