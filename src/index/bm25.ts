/**
 * BM25 over the stored posting lists (jieba tokens). Nothing is rebuilt per question: the score
 * array is allocated once and cleared after use, document lengths come from the store, and the
 * top k are selected with a small heap instead of sorting every match.
 */
import { forEachPosting, postingCount } from './postings.js';

export interface Bm25Hit {
  /** Passage id in the store. */
  doc: number;
  score: number;
}

export interface PostingSource {
  postings(term: string): Uint8Array | undefined;
}

export class Bm25 {
  private readonly scores: Float64Array;
  private readonly seen: Uint8Array;
  private readonly touched: Int32Array;
  private readonly avgLen: number;

  constructor(
    private readonly source: PostingSource,
    /** Token count by passage id (0 for ids that are not passages). */
    private readonly docLen: Uint32Array,
    readonly docCount: number,
    totalTokens: number,
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    this.avgLen = totalTokens / Math.max(1, docCount);
    this.scores = new Float64Array(docLen.length);
    this.seen = new Uint8Array(docLen.length);
    this.touched = new Int32Array(docLen.length);
  }

  /** Inverse document frequency (BM25+ style, always positive). */
  idf(df: number): number {
    return Math.log(1 + (this.docCount - df + 0.5) / (df + 0.5));
  }

  search(queryTokens: readonly string[], k: number): Bm25Hit[] {
    const { scores, seen, touched, docLen, k1, b, avgLen } = this;
    let nTouched = 0;
    for (const term of new Set(queryTokens)) {
      const list = this.source.postings(term);
      if (!list) continue;
      const idf = this.idf(postingCount(list));
      forEachPosting(list, (doc, tf) => {
        if (doc >= scores.length) return;
        if (!seen[doc]) {
          seen[doc] = 1;
          touched[nTouched++] = doc;
        }
        const norm = tf + k1 * (1 - b + (b * docLen[doc]!) / avgLen);
        scores[doc] = scores[doc]! + (idf * tf * (k1 + 1)) / norm;
      });
    }
    const heap = new TopK(k);
    for (let i = 0; i < nTouched; i++) {
      const doc = touched[i]!;
      heap.offer(doc, scores[doc]!);
      scores[doc] = 0;
      seen[doc] = 0;
    }
    return heap.sorted();
  }
}

/** The k best (score desc, then id asc) of a stream, in a binary min-heap of the k kept. */
export class TopK {
  private readonly docs: number[] = [];
  private readonly scores: number[] = [];
  constructor(private readonly k: number) {}

  /** a ranks below b. */
  private worse(i: number, j: number): boolean {
    const d = this.scores[i]! - this.scores[j]!;
    return d < 0 || (d === 0 && this.docs[i]! > this.docs[j]!);
  }

  private swap(i: number, j: number): void {
    [this.docs[i], this.docs[j]] = [this.docs[j]!, this.docs[i]!];
    [this.scores[i], this.scores[j]] = [this.scores[j]!, this.scores[i]!];
  }

  offer(doc: number, score: number): void {
    if (this.k <= 0) return;
    const n = this.docs.length;
    if (n < this.k) {
      this.docs.push(doc);
      this.scores.push(score);
      for (let i = n; i > 0; ) {
        const p = (i - 1) >> 1;
        if (!this.worse(i, p)) break;
        this.swap(i, p);
        i = p;
      }
      return;
    }
    // Replace the worst kept one when the newcomer ranks above it.
    if (score < this.scores[0]! || (score === this.scores[0]! && doc > this.docs[0]!)) return;
    this.docs[0] = doc;
    this.scores[0] = score;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.worse(l, m)) m = l;
      if (r < n && this.worse(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }

  sorted(): Bm25Hit[] {
    return this.docs
      .map((doc, i) => ({ doc, score: this.scores[i]! }))
      .sort((a, b) => b.score - a.score || a.doc - b.doc);
  }
}
