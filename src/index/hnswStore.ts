/**
 * A LangChain VectorStore backed by hnswlib-node. Labels are positions in `docs`, so the
 * index file and the documents file are saved side by side and must be loaded together.
 */
import { Document, type DocumentInterface } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { VectorStore } from '@langchain/core/vectorstores';
import hnswlib from 'hnswlib-node';

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

export interface HnswParams {
  dim: number;
  /** Search breadth; hnswlib's default of 10 loses recall. */
  ef?: number;
  m?: number;
  efConstruction?: number;
}

export class HnswStore extends VectorStore {
  declare FilterType: (doc: DocumentInterface) => boolean;
  private index: Hnsw;
  private docs: DocumentInterface[] = [];
  private readonly ef: number;

  constructor(embeddings: EmbeddingsInterface, private readonly params: HnswParams, capacity = 1024) {
    super(embeddings, {});
    this.ef = params.ef ?? 64;
    this.index = new HierarchicalNSW('cosine', params.dim);
    this.index.initIndex(Math.max(16, capacity), params.m ?? 16, params.efConstruction ?? 200, 100);
    this.index.setEf(this.ef);
  }

  _vectorstoreType(): string {
    return 'hnswlib-node';
  }

  get size(): number {
    return this.docs.length;
  }

  async addVectors(vectors: number[][], documents: DocumentInterface[]): Promise<string[]> {
    if (vectors.length !== documents.length) throw new Error('vectors and documents differ in length');
    const needed = this.docs.length + vectors.length;
    if (needed > this.index.getMaxElements()) this.index.resizeIndex(Math.max(needed, this.index.getMaxElements() * 2));
    const ids: string[] = [];
    vectors.forEach((v, i) => {
      if (v.length !== this.params.dim) throw new Error(`vector has ${v.length} dimensions, index has ${this.params.dim}`);
      const label = this.docs.length;
      this.index.addPoint(Array.from(v), label);
      this.docs.push(documents[i]!);
      ids.push(String(label));
    });
    return ids;
  }

  async addDocuments(documents: DocumentInterface[]): Promise<string[]> {
    return this.addVectors(await this.embeddings.embedDocuments(documents.map((d) => d.pageContent)), documents);
  }

  async similaritySearchVectorWithScore(query: number[], k: number, filter?: this['FilterType']): Promise<[DocumentInterface, number][]> {
    const n = Math.min(this.docs.length, filter ? Math.max(k * 4, k) : k);
    if (n === 0) return [];
    this.index.setEf(Math.max(this.ef, n));
    const { neighbors, distances } = this.index.searchKnn(Array.from(query), n);
    const out: [DocumentInterface, number][] = [];
    neighbors.forEach((label, i) => {
      const doc = this.docs[label]!;
      if (!filter || filter(doc)) out.push([doc, 1 - distances[i]!]);
    });
    return out.slice(0, k);
  }

  save(indexPath: string): void {
    this.index.writeIndexSync(indexPath);
  }

  /** Loads an index written by save(); `docs` must be the same documents in the same order. */
  static load(embeddings: EmbeddingsInterface, params: HnswParams, indexPath: string, docs: DocumentInterface[]): HnswStore {
    const store = new HnswStore(embeddings, params, 16);
    store.index = new HierarchicalNSW('cosine', params.dim);
    store.index.readIndexSync(indexPath, true);
    if (store.index.getCurrentCount() !== docs.length)
      throw new Error(`vector index holds ${store.index.getCurrentCount()} vectors for ${docs.length} passages`);
    store.index.setEf(store.ef);
    store.docs = docs;
    return store;
  }
}

export const passageDocument = (id: string, text: string, metadata: Record<string, unknown>): Document =>
  new Document({ pageContent: text, metadata: { id, ...metadata }, id });
