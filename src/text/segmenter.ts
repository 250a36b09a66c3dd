/**
 * Chinese word segmentation with jieba (cut-for-search), extended by a user dictionary of the
 * model and company names found in the filing records so that "日日新" or "零一万物" stay whole.
 *
 * Loading jieba's full dictionary takes 100–200 ms. A process that opened an index recording its
 * dictionary summary (manifest `segmenter`) segments its first few short texts (a one-shot
 * question) with a dictionary of just the entries that occur in each (segmenterDict.ts), which
 * segments them exactly as the full one; the full dictionary is loaded when more is segmented.
 */
import type { Jieba as JiebaClass } from '@node-rs/jieba';
import { createRequire } from 'node:module';
import { TextDictionaries, USER_WORD_FREQ, userWordOf, type DictionarySummary } from './segmenterDict.js';
import { withoutInvisible } from './printable.js';

const require = createRequire(import.meta.url);
// Required, not imported: importing a CommonJS package from ESM first scans its source for export names.
const { Jieba } = require('@node-rs/jieba') as { Jieba: typeof JiebaClass };
type Jieba = JiebaClass;

/** Function words and question words that carry no retrieval signal. */
export const STOPWORDS = new Set(
  (
    '的 了 是 在 和 与 及 或 等 也 都 就 而 并 对 从 把 被 让 向 为 以 于 之 其 该 这 那 这些 那些 这个 那个 一个 ' +
    '有 有的 没有 吗 呢 吧 啊 呀 么 什么 多少 几 几个 哪 哪些 哪个 哪家 哪里 怎么 怎样 如何 为什么 是否 请问 请 ' +
    '我 你 他 她 它 我们 你们 他们 帮 帮我 给 告诉 一下 一共 共 总共 可以 能 能够 会 要 想 知道 ' +
    'the a an of in on at to for is are was were be by with and or what which who whom whose when how many much ' +
    'does do did has have had it its this that these those from as about please tell me ' +
    'under carried carry out conducted done made make according based there their they were been by per each all any ' +
    'some get got give given can could would should will shall may might into onto over than then also still such ' +
    'according accordingly currently now today so far total totally overall number amount'
  ).split(/\s+/),
);

/** The full dictionary with the user words, once loaded. */
let jieba: Jieba | undefined;
let userWords = new Set<string>();

/** Per-text dictionaries, while they are in use (see useIndexWords). */
let perText: { dictionaries: TextDictionaries; texts: number; last?: { text: string; jieba: Jieba } } | undefined;
/** Texts segmented with per-text dictionaries before the full dictionary is loaded instead. */
const PER_TEXT_TEXTS = 64;
/** Longer texts are segmented with the full dictionary (the lookups grow with the length). */
const PER_TEXT_MAX_CHARS = 2000;

/** Leaves per-text dictionaries (closing the dictionary file they read). */
function endPerText(): void {
  perText?.dictionaries.close();
  perText = undefined;
}

const userLines = (words: Iterable<string>) =>
  new TextEncoder().encode([...words].map((w) => `${w} ${USER_WORD_FREQ} nz`).join('\n') + '\n');

function instance(): Jieba {
  if (!jieba) {
    endPerText();
    const { dict } = require('@node-rs/jieba/dict.js') as { dict: Buffer };
    jieba = Jieba.withDict(dict);
    if (userWords.size) jieba.loadDict(userLines(userWords));
  }
  return jieba;
}

/** The segmenter for one (normalised) text: its own small dictionary while those are in use, else the full one. */
function segmenterFor(text: string): Jieba {
  if (jieba || !perText || text.length > PER_TEXT_MAX_CHARS) return instance();
  if (perText.last?.text === text) return perText.last.jieba;
  if (++perText.texts > PER_TEXT_TEXTS) return instance();
  let dict: Uint8Array | undefined;
  try {
    dict = perText.dictionaries.forText(text);
  } catch {
    dict = undefined; // the dictionary file could not be read: the full dictionary says the same
  }
  if (!dict) return instance();
  perText.last = { text, jieba: Jieba.withDict(dict) };
  return perText.last.jieba;
}

/** Adds words (record names) to the segmenter's dictionary. Idempotent. */
export function addUserWords(words: Iterable<string>): void {
  const fresh: string[] = [];
  for (const name of words) {
    const w = userWordOf(name);
    if (w !== undefined && !userWords.has(w)) {
      userWords.add(w);
      fresh.push(w);
    }
  }
  if (!fresh.length) return;
  // Per-text dictionaries are exact only for the words the index's summary counted.
  endPerText();
  if (jieba) jieba.loadDict(userLines(fresh));
}

/**
 * The user words of an opened index, with the dictionary summary its build recorded: in a process
 * that has segmented nothing yet, texts are then segmented with per-text dictionaries until more
 * than a few have been (or the index's summary does not fit the installed dictionary).
 */
export function useIndexWords(words: Iterable<string>, summary: DictionarySummary | undefined): void {
  const fresh = !jieba && !perText && userWords.size === 0;
  addUserWords(words);
  if (fresh && TextDictionaries.usable(summary, userWords)) perText = { dictionaries: new TextDictionaries(summary, userWords), texts: 0 };
  else endPerText();
}

/** Which dictionary segments the next short text (for tests and the benchmark). */
export function dictionaryInUse(): 'full' | 'per-text' | 'not loaded' {
  return jieba ? 'full' : perText ? 'per-text' : 'not loaded';
}

export function resetUserWords(): void {
  jieba = undefined;
  endPerText();
  userWords = new Set();
}

const PUNCT_ONLY = /^[\p{P}\p{S}\s]+$/u;

/** Tokens for lexical search: search-mode cut, lower-cased, without punctuation and stopwords. */
export function tokenize(text: string): string[] {
  const norm = withoutInvisible(text.normalize('NFKC').toLowerCase());
  const out: string[] = [];
  for (const t of segmenterFor(norm).cutForSearch(norm, true)) {
    const w = t.trim();
    if (!w || PUNCT_ONLY.test(w) || STOPWORDS.has(w)) continue;
    out.push(w);
  }
  return out;
}

/** Plain (non-search) cut, used to find the content words of a question. */
export function cutWords(text: string): string[] {
  const norm = withoutInvisible(text.normalize('NFKC').toLowerCase());
  return segmenterFor(norm)
    .cut(norm, true)
    .map((w) => w.trim())
    .filter((w) => w && !PUNCT_ONLY.test(w));
}

/** Where each word of a plain cut lies in the (already normalised) text; undefined when the cut does not cover it exactly. */
export function wordSpans(text: string): [number, number][] | undefined {
  const words = segmenterFor(text).cut(text, true);
  if (words.join('') !== text) return undefined;
  const out: [number, number][] = [];
  let at = 0;
  for (const w of words) {
    out.push([at, at + w.length]);
    at += w.length;
  }
  return out;
}
