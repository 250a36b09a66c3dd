/**
 * What the answer layer may ask of an index: the only door between `answer/` and `index/`.
 * Implementations may keep everything in memory or read a store on demand; callers must not
 * assume either.
 */
import type { Manifest, StoredDocument, StoredPassage } from '../index/manifest.js';
import type { SelectedEmbedder } from '../index/embeddings/selectEmbedder.js';
import type { EntityIndex } from '../records/entityIndex.js';
import type { BatchFact, FilingRecord } from '../records/schema.js';
import type { SearchableIndex } from './hybrid.js';

export interface PassageHit {
  passage: StoredPassage;
  /** Fused score (higher is better). */
  score: number;
  lexicalRank?: number;
  vectorRank?: number;
}

/** An index as the answer layer reads it; searched with hybridSearch (retrieve/hybrid.ts). */
export interface Knowledge extends SearchableIndex {
  readonly manifest: Manifest;
  /** Every document, in corpus order (read in full: for listings, not for answering). */
  readonly documents: readonly StoredDocument[];
  /** One document (title, date, PDF page starts) by its file name. */
  document(source: string): StoredDocument | undefined;
  /** Every structured record (texts' tables and imported registers). */
  readonly records: readonly FilingRecord[];
  /** The records' names and aliases as the build worked them out, if it stored them (else the engine works them out). */
  entityIndex?(): EntityIndex | undefined;
  readonly facts: readonly BatchFact[];
  readonly embedder: SelectedEmbedder;
  /** Passages of `source` whose line range overlaps `lines`, in file order. */
  passagesOverlapping(source: string, lines: readonly [number, number]): StoredPassage[];
  /**
   * In how many citable texts (passages and record rows) any of the normalised variants occurs as a
   * substring. Exact up to 20,000 citable texts; beyond, counted over an even sample stored by the
   * build and scaled to docCount (an estimate, for rarity weights).
   */
  docFreq(variants: readonly string[]): number;
  /** The number of citable texts docFreq counts over. */
  readonly docCount: number;
  /** Releases what the index holds open (the store's file handle). */
  close?(): void;
}
