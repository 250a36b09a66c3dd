/** Per-file caps of the ingest: no single file can make a build hang or run out of memory. */
export interface IngestLimits {
  /** Files larger than this are skipped and named (MAX_FILE_MB). */
  maxFileBytes: number;
  /** Extraction of one PDF/HTML/Word/Excel file is stopped after this long (FILE_TIMEOUT_S). */
  timeoutMs: number;
  /** PDFs with more pages are skipped (a register or a report is far shorter). */
  maxPdfPages: number;
  /** HTML pages larger than this are skipped (a saved article page is a few MB at most). */
  maxHtmlBytes: number;
  /** .docx/.xlsx packages whose parts unpack to more than this are skipped (zip bombs). */
  maxUnpackedBytes: number;
  /** Heap of the extraction worker, in MB: a file that needs more is skipped, the build goes on. */
  workerHeapMb: number;
}

export const DEFAULT_LIMITS: IngestLimits = {
  maxFileBytes: 100 * 1048576,
  timeoutMs: 60_000,
  maxPdfPages: 1000,
  maxHtmlBytes: 20 * 1048576,
  maxUnpackedBytes: 200 * 1048576,
  workerHeapMb: 1024,
};

/** The limits a configuration sets (MAX_FILE_MB, FILE_TIMEOUT_S); the rest stay at their defaults. */
export function ingestLimits(config: { MAX_FILE_MB?: number; FILE_TIMEOUT_S?: number }): IngestLimits {
  return {
    ...DEFAULT_LIMITS,
    ...(config.MAX_FILE_MB ? { maxFileBytes: config.MAX_FILE_MB * 1048576 } : {}),
    ...(config.FILE_TIMEOUT_S ? { timeoutMs: config.FILE_TIMEOUT_S * 1000 } : {}),
  };
}
