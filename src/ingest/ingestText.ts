/** One text file → passages, filing records, batch facts and document meta. */
import { extractBatchFacts } from '../records/batchFacts.js';
import { extractFilingTables } from '../records/filingTable.js';
import type { BatchFact, FilingRecord } from '../records/schema.js';
import { chunkParagraphs, type ChunkOptions, type Passage } from './chunk.js';
import { cleanText } from './clean.js';
import { deriveMeta, type DocumentMeta } from './documentMeta.js';

export interface IngestedText {
  meta: DocumentMeta;
  passages: Passage[];
  records: FilingRecord[];
  facts: BatchFact[];
  problems: string[];
}

export function ingestText(source: string, raw: string, chunking: ChunkOptions): IngestedText {
  const { paragraphs } = cleanText(raw);
  const passages = chunkParagraphs(source, paragraphs, chunking);
  const tables = extractFilingTables(source, raw);
  const facts = extractBatchFacts(
    source,
    passages.flatMap((p) => p.sentences),
  );
  const meta = deriveMeta(raw, paragraphs, source.replace(/\.\w+$/, ''));
  return {
    meta,
    passages,
    records: tables.records,
    facts,
    problems: tables.problems.map((p) => `${source}:${p.line}: ${p.problem}`),
  };
}
