/**
 * What an index directory holds, validated with zod when it is read back.
 *
 * The directory holds one generation of the index at a time: `store-<gen>.sqlite` (passages,
 * postings, records) and `vectors-<gen>.hnsw`, named by `manifest.json`. A build writes a new
 * generation beside the old one and then replaces the manifest with one rename, so a reader sees
 * the old generation or the new one, never a mix and never nothing.
 */
import * as z from 'zod';
import { BatchFact, FilingRecord } from '../records/schema.js';

/** 8: documents carry format, pageStarts and encoding; passages come from the ingest of every format (issue 11).
 *  9: company names get every step of their stripping as aliases (the stored record names change).
 * 10: `segmenter`, the summary of the segmenter's dictionary (src/text/segmenterDict.ts).
 * 11–17: the store's catalogue, entity table and docFreq sample packed for fast reads; documents out of
 *     the catalogue; vector block checksums (`vectors.blocks`), `vectors.crc32` the crc of them.
 * 18: text-table rows whose cells do not fit the columns are skipped (the records change);
 * 19: vectors stored quantised to 8 bits (vectorCompact.ts);
 * 20: passage texts, records and facts stored compressed (store schema 6);
 * 21: passage texts in blocks of up to 16k characters (store schema 7);
 * 22: corpus subfolders and sidecars (names are paths, entries carry the sidecar's stat); register
 *     records carry listPeriod/note/scenario/flags, documents their source metadata and register counts;
 *     the store's checksum (`store.crc32`) and its generation in its meta table; corpus entries
 *     carry ctime and inode (change detection a restored mtime cannot fool); problems capped;
 * 23: name rules of records/entityIndex.ts (ALIAS_RULES_VERSION 4) changed the stored entity table;
 * 24: ALIAS_RULES_VERSION 5 (a bracketed remark is no name);
 * 25: ALIAS_RULES_VERSION 6 (Latin names also without their spaces: WPSAI = WPS AI);
 * 26: ALIAS_RULES_VERSION 7 (short names linked across companies instead of a tail word fitted to one name). */
export const FORMAT_VERSION = 33;

export const MANIFEST_FILE = 'manifest.json';
export const LOCK_FILE = '.build.lock';
export const storeFileName = (generation: string): string => `store-${generation}.sqlite`;
export const vectorsFileName = (generation: string): string => `vectors-${generation}.hnsw`;

/** Files an older format wrote (removed by the next build). */
export const LEGACY_FILES = ['documents.json', 'passages.json', 'records.json', 'vectors.f32', 'vectors.hnsw'];

export const Chunking = z.object({ maxChars: z.number().int().positive(), maxSentences: z.number().int().positive() });

/**
 * What the freshness check compares: size, mtime, ctime and inode first (the file's and its
 * sidecar's), the hash only when one of them differs. ctime cannot be set back (`touch -d` sets mtime,
 * and moves ctime to now), so an edit whose mtime is restored is still hashed; a file replaced by
 * another (a new inode) too. The hash covers the sidecar's bytes too (src/ingest/corpusFiles.ts).
 */
export const CorpusEntry = z.object({
  size: z.number().int().nonnegative(),
  mtimeMs: z.number(),
  ctimeMs: z.number().optional(),
  ino: z.number().optional(),
  hash: z.string(),
  sidecar: z.object({ size: z.number().int().nonnegative(), mtimeMs: z.number(), ctimeMs: z.number().optional(), ino: z.number().optional() }).optional(),
});
export type CorpusEntry = z.infer<typeof CorpusEntry>;

const isEntry = (e: unknown): e is CorpusEntry => {
  const o = e as Partial<CorpusEntry> | null;
  const side = o?.sidecar as Partial<NonNullable<CorpusEntry['sidecar']>> | undefined;
  return (
    typeof o === 'object' && o !== null && Number.isInteger(o.size) && o.size! >= 0 && typeof o.mtimeMs === 'number' && typeof o.hash === 'string' &&
    (o.ctimeMs === undefined || typeof o.ctimeMs === 'number') && (o.ino === undefined || typeof o.ino === 'number') &&
    (side === undefined || (typeof side === 'object' && side !== null && Number.isInteger(side.size) && typeof side.mtimeMs === 'number'))
  );
};

/** A file's stat as the freshness check compares it. */
export interface FileStat {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/** Whether a listed file is the one an entry recorded without reading it: size, mtime, ctime and inode all the same. */
type Stat = { size: number; mtimeMs: number; ctimeMs?: number; ino?: number };
const sameFile = (was: Stat, now: Stat): boolean =>
  was.size === now.size && was.mtimeMs === now.mtimeMs && was.ctimeMs === now.ctimeMs && was.ino === now.ino;

/** …and its sidecar (src/ingest/sourceMeta.ts) likewise, when it has one. */
export const sameStat = (was: CorpusEntry, now: FileStat & { sidecar?: FileStat }): boolean =>
  sameFile(was, now) && (was.sidecar === undefined ? now.sidecar === undefined : now.sidecar !== undefined && sameFile(was.sidecar, now.sidecar));

/** The manifest's entry of a listed file whose bytes (and sidecar's) hash to `hash`. */
export const corpusEntry = (f: FileStat & { sidecar?: FileStat }, hash: string): CorpusEntry => ({
  size: f.size, mtimeMs: f.mtimeMs, ctimeMs: f.ctimeMs, ino: f.ino, hash,
  ...(f.sidecar ? { sidecar: { size: f.sidecar.size, mtimeMs: f.sidecar.mtimeMs, ctimeMs: f.sidecar.ctimeMs, ino: f.sidecar.ino } } : {}),
});

/**
 * The corpus files the index was built from. Checked entry by entry with a plain loop: an archive's
 * manifest lists 20,000 files, and a zod object schema per entry costs ~0.1 s on every question.
 */
const CorpusEntries = z.custom<Record<string, CorpusEntry>>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(isEntry),
  { message: 'files: every entry needs size, mtimeMs and hash' },
);

export const HnswSettings = z.object({ m: z.number().int().positive(), efConstruction: z.number().int().positive(), ef: z.number().int().positive() });
export type HnswSettings = z.infer<typeof HnswSettings>;

export const Manifest = z.object({
  formatVersion: z.number().int(),
  generation: z.string().regex(/^[a-z0-9-]+$/),
  builtAt: z.string(),
  buildSeconds: z.number(),
  embedder: z.object({
    id: z.string(),
    mode: z.enum(['transformers', 'hash']),
    dim: z.number().int().positive(),
    /**
     * Set when the index was built weight-free because no model weights were found, or with a
     * stand-in model (random weights, for timing only): the one line front ends show once (REPL
     * banner, build summary, start-up log) instead of logging it on every call.
     */
    notice: z.string().optional(),
  }),
  chunking: Chunking,
  /** Every regular corpus file the build looked at (indexed or skipped with a problem). */
  files: CorpusEntries,
  /** Corpus entries that are not regular files (broken links, folders, FIFOs…): name → why skipped. */
  skipped: z.record(z.string(), z.string()),
  counts: z.object({ passages: z.number().int(), records: z.number().int(), facts: z.number().int() }),
  /** What the build found wrong, capped (src/ingest/problems.ts): many alike are summarised by kind with a few examples. */
  problems: z.array(z.string()),
  /** Sizes and checksums, checked before the files reach native code. */
  store: z.object({
    bytes: z.number().int().nonnegative(),
    /**
     * crc32 of the whole store file, taken once the build closed it (format 22; absent only in an
     * older manifest, which is stale anyway). Checked on open: ~0.3 ms a MB, ~1 ms on the real corpus.
     */
    crc32: z.number().int().nonnegative().optional(),
    /** crc32 of the catalogue (records and facts; validated by the build), checked before it is unpacked. */
    catalogueCrc32: z.number().int().nonnegative(),
    /** crc32 of the stored entity index (names and aliases of the records), when there is one. */
    entitiesCrc32: z.number().int().nonnegative().optional(),
  }),
  vectors: z.object({
    bytes: z.number().int().nonnegative(),
    /** crc32 of the block checksums below (one pass over the file gives both). */
    crc32: z.number().int().nonnegative(),
    /** crc32 of each 4 KiB block (base64 of little-endian u32s): a one-shot question checks the blocks it reads. */
    blocks: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/),
    /** Live vectors (deleted slots excluded). */
    count: z.number().int().nonnegative(),
    /** Slots marked deleted (replaced by the next vectors added). */
    deleted: z.number().int().nonnegative(),
    hnsw: HnswSettings,
  }),
  /**
   * The segmenter's dictionary with the user words, summed up (src/text/segmenterDict.ts): lets a
   * one-shot question be segmented without loading the whole dictionary. Absent: it is loaded.
   */
  segmenter: z
    .object({ dict: z.string(), total: z.number().int().nonnegative(), maxChars: z.number().int().positive() })
    .optional(),
});
export type Manifest = z.infer<typeof Manifest>;

const LineRange = z.tuple([z.number().int().positive(), z.number().int().positive()]);

export const StoredPassage = z.object({
  id: z.string(),
  source: z.string(),
  section: z.string().optional(),
  lines: LineRange,
  text: z.string(),
  sentences: z.array(z.object({ text: z.string(), lines: LineRange })),
  /** Id of an earlier passage with the same text in another file (kept citable, not returned twice). */
  dupOf: z.string().optional(),
});
export type StoredPassage = z.infer<typeof StoredPassage>;

export const StoredDocument = z.object({
  source: z.string(),
  kind: z.enum(['text', 'register']),
  title: z.string(),
  date: z.string().optional(),
  dateBasis: z.enum(['stamp', 'latest-mentioned', 'sidecar']).optional(),
  /** From the sidecar (src/ingest/sourceMeta.ts) or the document: who published it, where to read it. */
  publisher: z.string().optional(),
  url: z.string().optional(),
  /** Registers: the list's period (YYYY-MM). */
  period: z.string().optional(),
  /** Registers: records per track, rows skipped (of which header rows repeated inside the data), records flagged. */
  registerCounts: z
    .object({
      tracks: z.record(z.string(), z.number().int().nonnegative()),
      skipped: z.number().int().nonnegative(),
      repeatedHeaders: z.number().int().nonnegative(),
      flagged: z.number().int().nonnegative(),
    })
    .optional(),
  passages: z.number().int(),
  records: z.number().int(),
  /** The file's format (text, pdf, html, docx, csv, tsv, xlsx). */
  format: z.string().optional(),
  /** PDFs: the file-wide line each page starts on, for "p.3 l.12" citations (src/ingest/pageLines.ts). */
  pageStarts: z.array(z.number().int().positive()).optional(),
  /** Text read in an encoding other than UTF-8 (GB18030, UTF-16LE, …). */
  encoding: z.string().optional(),
});
export type StoredDocument = z.infer<typeof StoredDocument>;

export const StoredCatalogue = z.object({ records: z.array(FilingRecord), facts: z.array(BatchFact) });
export type StoredCatalogue = z.infer<typeof StoredCatalogue>;
