/**
 * The vector index: hnswlib-node with labels that are passage ids of the store, so vectors can be
 * deleted and replaced one file at a time. Files are stored with quantised vectors
 * (vectorCompact.ts) and checked (size, checksum, layout: vectorFile.ts) before hnswlib reads them.
 * LangChain's VectorStore view of it is `HnswStore` (hnswStore.ts), kept out of
 * the query path because @langchain/core/vectorstores takes ~0.4 s to import.
 */
import type HnswlibNode from 'hnswlib-node';
import { closeSync, openSync, rmSync } from 'node:fs';
import { encodeBlocks, fileLayoutProblem, type ExpectedFile, type VectorForm } from './vectorFile.js';
import { compactVectorFile, withExpandedFile, withExpandedFileSync } from './vectorCompact.js';
import { createRequire } from 'node:module';
import type { HnswSettings } from './manifest.js';

// Required, not imported: importing a CommonJS package from ESM first scans its source for export names.
const { HierarchicalNSW } = createRequire(import.meta.url)('hnswlib-node') as typeof HnswlibNode;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

/**
 * hnsw settings, chosen by measurement (scripts/bench-hnsw.ts, weight-free vectors of the
 * realistic archive, tie-aware recall@10 against exact search, 300 queries). At 113k passages
 * (20k files) efConstruction 64 inserts in 44 s where 100 took ~30% longer, and ef 256 keeps recall@10
 * at 0.985 (~1 ms a query), 0.984 searched as stored (8-bit vectors); at 57k passages: 0.987
 * (efConstruction 100: 0.993; 48: 0.982).
 * Recorded in the manifest; a change rebuilds the vectors.
 */
export const DEFAULT_HNSW: HnswSettings = { m: 16, efConstruction: 64, ef: 256 };

export interface HnswParams extends Partial<HnswSettings> {
  dim: number;
}

export class HnswIndex {
  private index: Hnsw;
  private readonly settings: HnswSettings;
  constructor(
    private readonly params: HnswParams,
    capacity = 1024,
  ) {
    this.settings = { ...DEFAULT_HNSW, ...stripUndefined(params) };
    this.index = new HierarchicalNSW('cosine', params.dim);
    this.index.initIndex(Math.max(16, capacity), this.settings.m, this.settings.efConstruction, 100, true);
    this.index.setEf(this.settings.ef);
  }

  /** Slots marked deleted (hnswlib-node does not count them: this store does, the manifest keeps it). */
  private deletedCount = 0;

  /** Live vectors. */
  get size(): number {
    return this.index.getCurrentCount() - this.deletedCount;
  }

  get deleted(): number {
    return this.deletedCount;
  }

  /** Adds (or, in a deleted slot, replaces) the vector of `label`. */
  addLabeled(label: number, vector: readonly number[]): void {
    if (vector.length !== this.params.dim) throw new Error(`vector has ${vector.length} dimensions, index has ${this.params.dim}`);
    if (vector.some((x) => !Number.isFinite(x))) throw new Error(`vector for ${label} is not finite`);
    const replace = this.deletedCount > 0;
    if (!replace && this.index.getCurrentCount() >= this.index.getMaxElements()) this.index.resizeIndex(Math.max(16, this.index.getMaxElements() * 2));
    this.index.addPoint(vector as number[], label, replace);
    if (replace) this.deletedCount--;
  }

  remove(label: number): void {
    this.index.markDelete(label);
    this.deletedCount++;
  }

  vector(label: number): number[] {
    return this.index.getPoint(label);
  }

  /** Labels of all slots, deleted ones included. */
  labels(): number[] {
    return this.index.getIdsList();
  }

  /** The k nearest labels with their cosine similarity, best first. */
  searchLabels(query: readonly number[], k: number): { label: number; similarity: number }[] {
    const n = Math.min(this.size, k);
    if (n <= 0) return [];
    this.index.setEf(Math.max(this.settings.ef, n));
    const { neighbors, distances } = this.index.searchKnn(query as number[], n);
    return neighbors.map((label, i) => ({ label, similarity: 1 - distances[i]! }));
  }

  /**
   * Writes the index as stored: hnswlib writes its own file beside `path` (`.f32`, removed after),
   * whose layout is checked (hnswlib does not notice a short write) and which is quantised into
   * `path` (fsynced). `previous`: the stored file this index was loaded from, whose quantised
   * vectors are reused for the elements that did not change.
   */
  save(path: string, previous?: string): { bytes: number; crc32: number; blocks: string } {
    const raw = `${path}.f32`;
    let stored: ReturnType<typeof compactVectorFile>;
    try {
      this.index.writeIndexSync(raw);
      this.writtenWhole(raw, 'hnswlib');
      stored = compactVectorFile(raw, path, this.params.dim, previous);
    } finally {
      rmSync(raw, { force: true });
    }
    this.writtenWhole(path, 'stored');
    return { bytes: stored.bytes, crc32: stored.crc, blocks: encodeBlocks(stored.blocks) };
  }

  /** Throws (as a full disk) unless the file's layout is whole: hnswlib does not notice a short write. */
  private writtenWhole(path: string, form: VectorForm): void {
    const fd = openSync(path, 'r');
    try {
      const problem = fileLayoutProblem(fd, this.params.dim, form);
      if (problem) throw Object.assign(new Error(`vector index was not written completely (${problem})`), { code: 'ENOSPC' });
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Loads an index written by save(): the file is checked (size, checksum, layout) as it is expanded
   * for hnswlib, so that a damaged file is reported instead of reaching native code.
   */
  static load(params: HnswParams, path: string, expect: ExpectedFile, tempParent?: string): HnswIndex {
    const store = HnswIndex.empty(params);
    withExpandedFileSync(path, params.dim, expect, (floatPath) => store.index.readIndexSync(floatPath, true), tempParent);
    return store.loaded(expect);
  }

  /** load(), with hnswlib's reading and parsing off the main thread (the expansion and its checks run on the caller's). */
  static async loadAsync(params: HnswParams, path: string, expect: ExpectedFile): Promise<HnswIndex> {
    const store = HnswIndex.empty(params);
    await withExpandedFile(path, params.dim, expect, (floatPath) => store.index.readIndex(floatPath, true));
    return store.loaded(expect);
  }

  /** An empty index ready to read a file. */
  private static empty(params: HnswParams): HnswIndex {
    const store = new HnswIndex(params, 16);
    store.index = new HierarchicalNSW('cosine', params.dim);
    return store;
  }

  private loaded(expect: ExpectedFile): HnswIndex {
    this.deletedCount = expect.deleted;
    this.index.setEf(this.settings.ef);
    if (this.size !== expect.count) throw new Error(`vector index holds ${this.size} vectors, the manifest says ${expect.count}`);
    return this;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
