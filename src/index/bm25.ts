/** BM25 over pre-tokenised documents (tokens come from segmenter.tokenize). */
export interface Bm25Hit {
  doc: number;
  score: number;
}

export class Bm25 {
  private readonly postings = new Map<string, { doc: number; tf: number }[]>();
  private readonly docLen: number[];
  private readonly avgLen: number;
  readonly docCount: number;

  constructor(docs: readonly (readonly string[])[], private readonly k1 = 1.2, private readonly b = 0.75) {
    this.docCount = docs.length;
    this.docLen = docs.map((d) => d.length);
    this.avgLen = this.docLen.reduce((a, n) => a + n, 0) / Math.max(1, docs.length);
    docs.forEach((tokens, doc) => {
      const tf = new Map<string, number>();
      for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) {
        let list = this.postings.get(t);
        if (!list) this.postings.set(t, (list = []));
        list.push({ doc, tf: n });
      }
    });
  }

  docFreq(term: string): number {
    return this.postings.get(term)?.length ?? 0;
  }

  /** Inverse document frequency (BM25+ style, always positive). */
  idf(term: string): number {
    const df = this.docFreq(term);
    return Math.log(1 + (this.docCount - df + 0.5) / (df + 0.5));
  }

  search(queryTokens: readonly string[], k: number): Bm25Hit[] {
    const scores = new Map<number, number>();
    for (const term of new Set(queryTokens)) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term);
      for (const { doc, tf } of list) {
        const norm = tf + this.k1 * (1 - this.b + (this.b * this.docLen[doc]!) / this.avgLen);
        scores.set(doc, (scores.get(doc) ?? 0) + (idf * tf * (this.k1 + 1)) / norm);
      }
    }
    return [...scores.entries()]
      .map(([doc, score]) => ({ doc, score }))
      .sort((a, b) => b.score - a.score || a.doc - b.doc)
      .slice(0, k);
  }
}
