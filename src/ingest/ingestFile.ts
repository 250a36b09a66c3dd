/**
 * The one ingest entry point: one corpus file, whatever its format → its document meta, passages,
 * records, batch facts and problems. build.ts calls it once per new or changed file.
 *
 * - .txt/.md: decoded (UTF-8, UTF-16, GB18030 …), control characters removed; line numbers are
 *   the file's own.
 * - .pdf, .html, .docx: extracted to lines in a worker (time and memory caps), then read exactly
 *   as a text file is; PDF lines are numbered through the file, with `pageStarts` for pages.
 * - .csv/.tsv/.xlsx: registers → records only; a CSV/TSV with no register header is kept as text
 *   passages instead (its rows, one line each), and the summary says so.
 * Tables in any document become records: a register table (序号/属地/模型名称/备案单位/…) through
 * the register importer, a filing table (批次/模型/参数/公司/…) through the text-table extractor.
 * A file's sidecar (src/ingest/sourceMeta.ts) gives its title, publisher, date, address and, for a
 * register, the list's period (each record's listPeriod).
 */
import { capCells, capProblems, capRecords, capSheetCells } from './caps.js';
import { importDocumentTables, type RegisterCounts, type RegisterImport, type RegisterOptions } from '../records/registers.js';
import type { BatchFact, FilingRecord } from '../records/schema.js';
import { DEFAULT_CHUNKING, type ChunkOptions, type Passage } from './chunk.js';
import type { CorpusFile } from './corpusFiles.js';
import { decodeText, EncodingError } from './decodeText.js';
import type { DocumentMeta } from './documentMeta.js';
import { needsExtraction } from './extract/extract.js';
import { extractInWorker } from './extract/runExtraction.js';
import { SkipFile, type Extracted } from './extract/types.js';
import type { Format } from './formats.js';
import { ingestText } from './ingestText.js';
import { DEFAULT_LIMITS, type IngestLimits } from './limits.js';
import { importCsvText, importSheets, rowsAsText } from './registerFile.js';

export interface IngestedMeta extends Omit<DocumentMeta, 'dateBasis'> {
  kind: 'text' | 'register';
  format: Format;
  dateBasis?: DocumentMeta['dateBasis'] | 'sidecar';
  /** PDFs: the file-wide line each page starts on (see pageLines.ts). */
  pageStarts?: number[];
  /** Text files not in UTF-8: the encoding they were read in (for the build summary). */
  encoding?: string;
  /** From the sidecar: who published it, where to read it; for registers the list's period. */
  publisher?: string;
  url?: string;
  period?: string;
  /** Registers: records per track, rows skipped and flagged (for the build summary). */
  registerCounts?: RegisterCounts;
}

export interface IngestedFile {
  format: Format;
  /** Set when the whole file is skipped (the reason is also the one problem); nothing else is filled. */
  skipped?: string;
  meta: IngestedMeta;
  passages: Passage[];
  records: FilingRecord[];
  facts: BatchFact[];
  /** One line each: "name: reason" for the file, "name:line: reason" for a row. */
  problems: string[];
}

export interface IngestOptions {
  chunking?: ChunkOptions;
  limits?: IngestLimits;
}

const baseTitle = (name: string) => name.replace(/\.[^.]+$/, '');

/** What the sidecar tells the register importer. */
const registerOptions = (file: CorpusFile): RegisterOptions => ({
  ...(file.source?.title ? { title: file.source.title } : {}),
  ...(file.source?.period ? { period: file.source.period } : {}),
});

/** The sidecar's metadata over what the file says of itself. */
function withSource(meta: IngestedMeta, file: CorpusFile): IngestedMeta {
  const s = file.source;
  if (!s) return meta;
  const out: IngestedMeta = { ...meta };
  if (s.title) out.title = s.title;
  if (s.date) {
    out.date = s.date;
    out.dateBasis = 'sidecar';
  }
  if (s.publisher) out.publisher = s.publisher;
  if (s.url) out.url = s.url;
  if (s.period) out.period = s.period;
  return out;
}

/** A register import → the ingested file (a CSV/TSV without a register header: its rows as text passages). */
function fromRegister(
  file: CorpusFile,
  reg: RegisterImport,
  notes: string[],
  extra: Partial<IngestedMeta>,
  text: string | undefined,
  chunking: ChunkOptions,
): IngestedFile {
  const problems = [...notes.map((n) => `${file.name}: ${n}`), ...reg.problems];
  if (reg.noHeader && text !== undefined) {
    const doc = ingestText(file.name, rowsAsText(file.name, text), chunking);
    return {
      format: file.format,
      meta: withSource({ kind: 'text', format: file.format, ...doc.meta, title: reg.title, ...extra }, file),
      passages: doc.passages,
      records: [],
      facts: doc.facts,
      problems: problems.map((p) =>
        p.startsWith(`${file.name}: no register header found`) ? `${p}; its ${doc.passages.length} passage(s) are kept as text` : p,
      ),
    };
  }
  return {
    format: file.format,
    meta: withSource(
      {
        kind: 'register',
        format: file.format,
        title: reg.title,
        ...(reg.date ? { date: reg.date } : {}),
        ...(reg.period ? { period: reg.period } : {}),
        registerCounts: reg.counts,
        ...extra,
      },
      file,
    ),
    passages: [],
    records: reg.records,
    facts: [],
    problems,
  };
}

function skipped(file: CorpusFile, reason: string): IngestedFile {
  return {
    format: file.format,
    skipped: reason,
    meta: { kind: file.kind, format: file.format, title: baseTitle(file.name.replace(/^.*\//, '')) },
    passages: [],
    records: [],
    facts: [],
    problems: [`${file.name}: ${reason}`],
  };
}

/** A document's text → passages and records (text tables and register tables kept apart). */
function ingestDocument(
  file: CorpusFile,
  text: string,
  chunking: ChunkOptions,
  extra: Partial<IngestedMeta>,
  notes: string[],
): IngestedFile {
  const doc = ingestText(file.name, text, chunking);
  const registers = importDocumentTables(file.name, text.split(/\r\n|\r|\n/), {
    ...registerOptions(file),
    ...(!file.source?.title && extra.title ? { title: extra.title } : {}),
  });
  const records = registers.records.length
    ? [...registers.records, ...doc.records.filter((r) => !registers.lines.has(r.lines[0]))]
    : doc.records;
  const meta: IngestedMeta = { kind: 'text', format: file.format, ...doc.meta };
  if (extra.title) meta.title = extra.title;
  if (extra.date) {
    meta.date = extra.date;
    meta.dateBasis = 'stamp';
  }
  if (extra.pageStarts) meta.pageStarts = extra.pageStarts;
  if (extra.encoding) meta.encoding = extra.encoding;
  if (registers.counts && registers.records.length) meta.registerCounts = registers.counts;
  return {
    format: file.format,
    meta: withSource(meta, file),
    passages: doc.passages,
    records,
    facts: doc.facts,
    problems: [...notes.map((n) => `${file.name}: ${n}`), ...doc.problems, ...registers.problems],
  };
}

/** The file's ingest with its sidecar's problem (if any) named first. */
function withSidecarProblem(file: CorpusFile, r: IngestedFile): IngestedFile {
  return file.sourceProblem ? { ...r, problems: [file.sourceProblem, ...r.problems] } : r;
}

/**
 * One file of any format → its document, passages, records, facts and problems; no record field
 * over MAX_FIELD_CHARS and no more than a capped list of problems (src/ingest/caps.ts).
 */
export async function ingestFile(file: CorpusFile, opts: IngestOptions = {}): Promise<IngestedFile> {
  const got = withSidecarProblem(file, await ingestUncapped(file, opts));
  const capped = capRecords(file.name, got.records);
  const problems = capped.problems.length ? [...got.problems, ...capped.problems] : got.problems;
  return { ...got, records: capped.records, problems: capProblems(file.name, problems) };
}

async function ingestUncapped(file: CorpusFile, opts: IngestOptions): Promise<IngestedFile> {
  const chunking = opts.chunking ?? DEFAULT_CHUNKING;
  const limits = opts.limits ?? DEFAULT_LIMITS;
  try {
    if (needsExtraction(file.format)) {
      const out: Extracted = await extractInWorker(file.format, file.bytes, limits);
      if (out.kind === 'sheets') {
        const cut = capSheetCells(file.name, out.sheets);
        const got = fromRegister(file, importSheets(file.name, cut.sheets, registerOptions(file)), out.notes, {}, undefined, chunking);
        return cut.problems.length ? { ...got, problems: [...cut.problems, ...got.problems] } : got;
      }
      return ingestDocument(
        file,
        out.lines.join('\n'),
        chunking,
        { title: out.title, date: out.date, pageStarts: out.pageStarts },
        out.notes,
      );
    }
    const { text, notes, encoding } = decodeText(file.bytes);
    if (!text.trim()) return skipped(file, 'empty file, skipped');
    const encodingMeta = encoding === 'utf-8' ? {} : { encoding: encoding.toUpperCase() };
    if (file.format === 'csv' || file.format === 'tsv') {
      const cut = capCells(file.name, text);
      const got = fromRegister(file, importCsvText(file.name, cut.text, registerOptions(file)), notes, encodingMeta, cut.text, chunking);
      return cut.problems.length ? { ...got, problems: [...cut.problems, ...got.problems] } : got;
    }
    return ingestDocument(file, text, chunking, encodingMeta, notes);
  } catch (err) {
    if (err instanceof SkipFile || err instanceof EncodingError) return skipped(file, `${err.message}, skipped`);
    return skipped(file, `cannot be read (${(err as Error).message.split('\n')[0]}), skipped`);
  }
}
