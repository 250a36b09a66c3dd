/**
 * The build's single call into ingestion: one corpus file's bytes → its document, passages,
 * records, facts and problems. (The ingest helper's `ingestFile` in src/ingest takes this place;
 * this adapter keeps today's behaviour: the checks of readCorpus, then ingestText/importRegister.)
 */
import { extname } from 'node:path';
import type { ChunkOptions, Passage } from '../ingest/chunk.js';
import { REGISTER_EXTENSIONS } from '../ingest/corpusFiles.js';
import { ingestText } from '../ingest/ingestText.js';
import { importRegister } from '../records/registers.js';
import type { BatchFact, FilingRecord } from '../records/schema.js';
import type { StoredDocument } from './manifest.js';

export interface IngestedFile {
  /** Absent when the file is skipped whole (its reason is in problems). */
  document?: StoredDocument;
  passages: Passage[];
  records: FilingRecord[];
  facts: BatchFact[];
  problems: string[];
}

export async function ingestOne(name: string, bytes: Buffer, chunking: ChunkOptions): Promise<IngestedFile> {
  const ext = extname(name).toLowerCase();
  const kind = REGISTER_EXTENSIONS.includes(ext) ? 'register' : 'text';
  const skip = (problem: string): IngestedFile => ({ passages: [], records: [], facts: [], problems: [`${name}: ${problem}`] });
  if (bytes.length === 0 || (kind === 'text' && bytes.toString('utf8').trim() === '')) return skip('empty file, skipped');
  if (ext !== '.xlsx') {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return skip('not UTF-8 text, skipped (convert it with iconv -f GB18030 -t UTF-8)');
    }
  }
  if (kind === 'register') {
    const reg = await importRegister(name, bytes);
    return {
      document: { source: name, kind: 'register', title: reg.title, date: reg.date, passages: 0, records: reg.records.length },
      passages: [],
      records: reg.records,
      facts: [],
      problems: reg.problems,
    };
  }
  const doc = ingestText(name, bytes.toString('utf8'), chunking);
  return {
    document: { source: name, kind: 'text', ...doc.meta, passages: doc.passages.length, records: doc.records.length },
    passages: doc.passages,
    records: doc.records,
    facts: doc.facts,
    problems: doc.problems,
  };
}
