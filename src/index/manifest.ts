/** What an index directory holds, validated with zod when it is read back. */
import { z } from 'zod';
import { BatchFact, FilingRecord } from '../records/schema.js';

export const FORMAT_VERSION = 3;

export const FILES = {
  manifest: 'manifest.json',
  documents: 'documents.json',
  passages: 'passages.json',
  records: 'records.json',
  vectors: 'vectors.f32',
  hnsw: 'vectors.hnsw',
} as const;

export const Chunking = z.object({ maxChars: z.number().int().positive(), maxSentences: z.number().int().positive() });

export const Manifest = z.object({
  formatVersion: z.number().int(),
  builtAt: z.string(),
  buildSeconds: z.number(),
  embedder: z.object({ id: z.string(), mode: z.enum(['transformers', 'hash']), dim: z.number().int().positive() }),
  chunking: Chunking,
  /** Corpus file name → sha256 of its bytes. */
  files: z.record(z.string(), z.string()),
  counts: z.object({ passages: z.number().int(), records: z.number().int(), facts: z.number().int() }),
  problems: z.array(z.string()),
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
  tokens: z.array(z.string()),
  /** Id of an earlier passage with the same text in another file (kept citable, not returned twice). */
  dupOf: z.string().optional(),
});
export type StoredPassage = z.infer<typeof StoredPassage>;

export const StoredDocument = z.object({
  source: z.string(),
  kind: z.enum(['text', 'register']),
  title: z.string(),
  date: z.string().optional(),
  dateBasis: z.enum(['stamp', 'latest-mentioned']).optional(),
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

export const StoredRecords = z.object({ records: z.array(FilingRecord), facts: z.array(BatchFact) });
export type StoredRecords = z.infer<typeof StoredRecords>;
