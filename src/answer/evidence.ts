/**
 * How much of a question a piece of text covers: the question's content words, weighted by how
 * rare they are in the corpus (a word the corpus never uses weighs most). This is what keeps the
 * assistant from quoting something loosely related when the texts do not answer.
 */
import { matchKey } from '../text/chars.js';
import type { Knowledge } from '../retrieve/knowledge.js';

/** Variants that the texts use for the same notion. */
const VARIANTS: Record<string, string[]> = {
  年底: ['年底', '12月31日', '12月底', '年末'],
  年末: ['年底', '12月31日', '12月底', '年末'],
  年初: ['年初', '1月'],
  上半年: ['上半年', '6月底', '6月30日'],
  公司: ['公司', '企业', '集团'],
  企业: ['企业', '公司'],
  国内: ['国内', '中国', '我国'],
  中国: ['中国', '我国', '国内'],
  降到: ['降到', '降至', '下降到', '降低到', '降低至'],
  降至: ['降至', '降到', '下降到'],
  提高到: ['提高到', '提升至', '提高至', '提升到'],
  我国: ['我国', '中国', '国内'],
  多少款: ['款'],
  价格: ['价格', '元'],
};

export interface Term {
  term: string;
  variants: string[];
  weight: number;
}

/** The one match key (NFKC, lower case, no whitespace): the index's stored statistics use it too. */
const norm = matchKey;

/**
 * Weighs each content word by its rarity in the index (a word the corpus never uses weighs most).
 * A word's variants are its glosses (English questions) or the texts' other ways of saying it.
 */
export function weighTerms(words: { term: string; variants: string[] }[], index: Pick<Knowledge, 'docFreq' | 'docCount'>): Term[] {
  const n = index.docCount;
  return words.map(({ term, variants: given }) => {
    const key = norm(term);
    const own = given.length === 1 && norm(given[0]!) === key;
    const variants = (own ? (VARIANTS[key] ?? [key]) : given).map(norm);
    const df = index.docFreq(variants);
    return { term: key, variants, weight: Math.log(1 + (n - df + 0.5) / (df + 0.5)) };
  });
}

/** Coverage in [0, 1]: full weight for a word in `text`, partial weight for a word only in `context`. */
export function coverage(
  terms: readonly Term[],
  text: string,
  context = '',
  contextWeight = 0.6,
  document = '',
  documentWeight = 0.35,
): number {
  const total = terms.reduce((s, t) => s + t.weight, 0);
  if (!total) return 0;
  const t = norm(text);
  const c = norm(context);
  let got = 0;
  for (const term of terms) {
    if (term.variants.some((v) => t.includes(v))) got += term.weight;
    else if (c && term.variants.some((v) => c.includes(v))) got += term.weight * contextWeight;
    // A word only elsewhere in the same document (its author, "银河证券"; its subject) counts for less.
    else if (document && term.variants.some((v) => document.includes(v))) got += term.weight * documentWeight;
  }
  return got / total;
}

export const normalizeForMatch = norm;
