/** What the extraction of a binary/markup format hands back: plain lines (tables as tab-separated cells). */

export interface ExtractedText {
  kind: 'text';
  /** The document as lines of text; a table row is one line of tab-separated cells. */
  lines: string[];
  /** PDFs: the 1-based line each page starts on (page n starts at pageStarts[n-1]). */
  pageStarts?: number[];
  /** Title and date stated by the file itself (HTML meta, PDF info), when it states them. */
  title?: string;
  date?: string;
  notes: string[];
}

export interface SheetRow {
  /** 1-based row number as the spreadsheet shows it. */
  r: number;
  cells: string[];
}

export interface Sheet {
  name: string;
  rows: SheetRow[];
}

export interface ExtractedSheets {
  kind: 'sheets';
  sheets: Sheet[];
  notes: string[];
}

export type Extracted = ExtractedText | ExtractedSheets;

/** A file that is read correctly but cannot be indexed (scanned PDF, encrypted, over a cap): skipped with this reason. */
export class SkipFile extends Error {
  override name = 'SkipFile';
}
