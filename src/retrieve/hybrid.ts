/** Lexical (BM25 over jieba tokens) and vector (hnswlib) retrieval, fused by reciprocal rank. */
import type { Bm25 } from '../index/bm25.js';
import type { SelectedEmbedder } from '../index/embeddings/selectEmbedder.js';
import type { HnswIndex } from '../index/hnswIndex.js';
import type { StoredPassage } from '../index/manifest.js';
import { tokenize } from '../text/segmenter.js';
import type { PassageHit } from './knowledge.js';

const RRF_K = 60;

/** What hybrid search reads of an index (implemented by StoreIndex in index/load.ts; no import back). */
export interface SearchableIndex {
  readonly bm25: Pick<Bm25, 'search'>;
  /** Undefined when vector search is off (index built with a model that is not available now, damaged file). */
  vectorIndex(): Promise<Pick<HnswIndex, 'searchLabels'> | undefined>;
  readonly embedder: SelectedEmbedder;
  /** A passage by its store id. */
  passage(id: number): StoredPassage | undefined;
}

export async function hybridSearch(index: SearchableIndex, question: string, k = 8): Promise<PassageHit[]> {
  const depth = Math.max(k * 3, 20);
  const lexical = index.bm25.search(tokenize(question), depth);
  const vectors = await index.vectorIndex();
  const vector = vectors ? vectors.searchLabels(await index.embedder.embeddings.embedQuery(question), depth).map((h) => h.label) : [];
  const fused = new Map<number, { doc: number; score: number; lexicalRank?: number; vectorRank?: number }>();
  const add = (doc: number, rank: number, which: 'lexicalRank' | 'vectorRank') => {
    const c = fused.get(doc) ?? { doc, score: 0 };
    c.score += 1 / (RRF_K + rank + 1);
    c[which] = rank;
    fused.set(doc, c);
  };
  lexical.forEach((h, r) => add(h.doc, r, 'lexicalRank'));
  vector.forEach((doc, r) => add(doc, r, 'vectorRank'));
  // The same paragraph in two files is returned once (the first copy stands for both).
  const out: PassageHit[] = [];
  const seen = new Set<string>();
  for (const c of [...fused.values()].sort((a, b) => b.score - a.score || a.doc - b.doc)) {
    const p = index.passage(c.doc);
    if (!p) continue;
    const key = p.dupOf ?? p.id;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ passage: p, score: c.score, lexicalRank: c.lexicalRank, vectorRank: c.vectorRank });
    if (out.length >= k) break;
  }
  return out;
}
