/**
 * PDF provenance: passages and records keep file-wide line numbers (as text files do); the
 * document's `pageStarts` (the line each page starts on) turns one into page and line-in-page,
 * for citations such as `report.pdf p.3 l.12–14`.
 */

export interface PageLine {
  /** 1-based page number. */
  page: number;
  /** 1-based line within that page. */
  line: number;
}

/** The page and line-in-page of a file-wide line; pageStarts is ascending, pageStarts[0] = 1. */
export function pageOfLine(pageStarts: readonly number[], line: number): PageLine {
  // The last page starting at or before the line (an empty page starts where the next one does).
  let lo = 0;
  let hi = pageStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pageStarts[mid]! <= line) lo = mid;
    else hi = mid - 1;
  }
  return { page: lo + 1, line: line - (pageStarts[lo] ?? 1) + 1 };
}

/** "p.3 l.12–14", or "p.3 l.40–p.4 l.2" across a page break. */
export function formatPageLines(pageStarts: readonly number[], lines: readonly [number, number]): string {
  const a = pageOfLine(pageStarts, lines[0]);
  const b = pageOfLine(pageStarts, lines[1]);
  if (a.page !== b.page) return `p.${a.page} l.${a.line}–p.${b.page} l.${b.line}`;
  return a.line === b.line ? `p.${a.page} l.${a.line}` : `p.${a.page} l.${a.line}–${b.line}`;
}
