/**
 * LangChain's VectorStore view of the vector index (HnswIndex): documents are the store's
 * passages, looked up by label when a search returns them. Loaded only by callers that want the
 * LangChain interface (importing @langchain/core/vectorstores costs ~0.4 s, too much for `ask`).
 */
import { Document, type DocumentInterface } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { VectorStore } from '@langchain/core/vectorstores';
import type { HnswIndex } from './hnswIndex.js';

/** Turns a label into the document it stands for (the store's passage). */
export type Resolver = (label: number) => DocumentInterface | undefined;

export class HnswStore extends VectorStore {
  declare FilterType: (doc: DocumentInterface) => boolean;
  private nextLabel?: number;
  private readonly added = new Map<number, DocumentInterface>();

  constructor(
    embeddings: EmbeddingsInterface,
    readonly index: HnswIndex,
    private readonly resolve: Resolver = () => undefined,
  ) {
    super(embeddings, {});
  }

  _vectorstoreType(): string {
    return 'hnswlib-node';
  }

  async addVectors(vectors: number[][], documents: DocumentInterface[]): Promise<string[]> {
    if (vectors.length !== documents.length) throw new Error('vectors and documents differ in length');
    if (this.nextLabel === undefined) {
      let max = -1;
      for (const l of this.index.labels()) if (l > max) max = l;
      this.nextLabel = max + 1;
    }
    return vectors.map((v, i) => {
      const label = this.nextLabel!++;
      this.index.addLabeled(label, v);
      this.added.set(label, documents[i]!);
      return String(label);
    });
  }

  async addDocuments(documents: DocumentInterface[]): Promise<string[]> {
    return this.addVectors(await this.embeddings.embedDocuments(documents.map((d) => d.pageContent)), documents);
  }

  async similaritySearchVectorWithScore(query: number[], k: number, filter?: this['FilterType']): Promise<[DocumentInterface, number][]> {
    const out: [DocumentInterface, number][] = [];
    for (const { label, similarity } of this.index.searchLabels(query, filter ? k * 4 : k)) {
      const doc = this.added.get(label) ?? this.resolve(label);
      if (doc && (!filter || filter(doc))) out.push([doc, similarity]);
    }
    return out.slice(0, k);
  }
}

export const passageDocument = (id: string, text: string, metadata: Record<string, unknown>): Document =>
  new Document({ pageContent: text, metadata: { id, ...metadata }, id });
