/**
 * The declared weight-free embedder: signed feature hashing of character uni/bi-grams (CJK) and
 * words (Latin, numbers), log-scaled and L2-normalised. It is not a semantic model: it is what the
 * vector path runs on when no model weights are available, and says so in its id.
 */
import { Embeddings } from '@langchain/core/embeddings';

export const HASH_EMBEDDER_ID = 'hash-ngram-v1';
/**
 * 512 dimensions. 256 would halve the vector index and its build, and the dev sets' answers were the
 * same, but fewer dimensions mean more colliding n-grams: a passage question of the engine tests lost
 * its answer to a worse-ranked passage. Answers first.
 */
export const HASH_DIM = 512;

function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function hashFeatures(text: string): string[] {
  const norm = text.normalize('NFKC').toLowerCase();
  const feats: string[] = [];
  for (const m of norm.matchAll(/[a-z0-9]+(?:[.-][a-z0-9]+)*|[\u3400-\u9fff]+/g)) {
    const run = m[0];
    if (/^[a-z0-9]/.test(run)) {
      feats.push('w:' + run);
      continue;
    }
    const chars = [...run];
    for (let i = 0; i < chars.length; i++) {
      feats.push('u:' + chars[i]);
      if (i + 1 < chars.length) feats.push('b:' + chars[i] + chars[i + 1]);
    }
  }
  return feats;
}

export class HashEmbeddings extends Embeddings {
  readonly id: string;
  constructor(readonly dim = HASH_DIM) {
    super({});
    this.id = `${HASH_EMBEDDER_ID}-${dim}`;
  }

  embedOne(text: string): number[] {
    const counts = new Map<number, number>();
    for (const f of hashFeatures(text)) {
      const h = fnv1a(f);
      const idx = h % this.dim;
      const sign = fnv1a(f, 0x9747b28c) & 1 ? 1 : -1;
      counts.set(idx, (counts.get(idx) ?? 0) + sign);
    }
    const v = new Array<number>(this.dim).fill(0);
    for (const [i, c] of counts) v[i] = Math.sign(c) * (1 + Math.log(Math.abs(c) || 1)) * (c === 0 ? 0 : 1);
    const norm = Math.hypot(...v) || 1;
    return v.map((x) => x / norm);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embedOne(t));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embedOne(text);
  }
}
