/**
 * Chinese word segmentation with jieba (cut-for-search), extended by a user dictionary of the
 * model and company names found in the filing records so that "日日新" or "零一万物" stay whole.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

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

let jieba: Jieba | undefined;
let userWords = new Set<string>();

function instance(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** Adds words (record names) to the segmenter's dictionary. Idempotent. */
export function addUserWords(words: Iterable<string>): void {
  const fresh = [...words].map((w) => w.replace(/\s+/g, '')).filter((w) => w.length >= 2 && !userWords.has(w));
  if (!fresh.length) return;
  for (const w of fresh) userWords.add(w);
  instance().loadDict(new TextEncoder().encode(fresh.map((w) => `${w} 50000 nz`).join('\n') + '\n'));
}

export function resetUserWords(): void {
  jieba = undefined;
  userWords = new Set();
}

const PUNCT_ONLY = /^[\p{P}\p{S}\s]+$/u;

/** Tokens for lexical search: search-mode cut, lower-cased, without punctuation and stopwords. */
export function tokenize(text: string): string[] {
  const norm = text.normalize('NFKC').toLowerCase();
  const out: string[] = [];
  for (const t of instance().cutForSearch(norm, true)) {
    const w = t.trim();
    if (!w || PUNCT_ONLY.test(w) || STOPWORDS.has(w)) continue;
    out.push(w);
  }
  return out;
}

/** Plain (non-search) cut, used to find the content words of a question. */
export function cutWords(text: string): string[] {
  return instance()
    .cut(text.normalize('NFKC').toLowerCase(), true)
    .map((w) => w.trim())
    .filter((w) => w && !PUNCT_ONLY.test(w));
}
