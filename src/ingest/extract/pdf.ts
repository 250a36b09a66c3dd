/**
 * PDF → lines in reading order, page by page (Mozilla's pdf.js, run in-process: no worker
 * script, no network; CMaps and standard fonts come from the pdfjs-dist package).
 *
 * Text items are grouped into lines by their baseline and ordered left to right; a wide gap
 * between two items on a line is a table cell border (a tab). Running headers and footers (the
 * same first or last line on most pages, digits aside) and page numbers are blanked, not removed,
 * so that "line n of page p" counts the lines a reader sees. Hard wraps are joined later by
 * clean.ts, as for text files.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SkipFile, type ExtractedText } from './types.js';

interface Item {
  str: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

const pdfjsDir = () => dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** Lines of one page, top to bottom, cells of a table row separated by tabs. */
export function itemsToLines(items: Item[]): string[] {
  const sorted = items.filter((i) => i.str.trim() !== '').sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: Item[][] = [];
  for (const it of sorted) {
    const row = rows.at(-1);
    const tol = Math.max(1, Math.min(it.h, row?.[0]?.h ?? it.h) * 0.5);
    if (row && Math.abs(row[0]!.y - it.y) <= tol) row.push(it);
    else rows.push([it]);
  }
  return rows.map((row) => {
    row.sort((a, b) => a.x - b.x);
    let s = row[0]!.str;
    for (let k = 1; k < row.length; k++) {
      const prev = row[k - 1]!;
      const it = row[k]!;
      const gap = it.x - (prev.x + prev.w);
      const size = Math.max(1, it.h || prev.h);
      const sep = gap > size * 1.5 ? '\t' : gap > size * 0.2 && /[A-Za-z0-9]$/.test(s) && /^[A-Za-z0-9]/.test(it.str) ? ' ' : '';
      s += sep + it.str;
    }
    return s.replace(/[ \u00a0]+$/, '');
  });
}

const PAGE_NUMBER =
  /^[-–—\s]*(第\s*)?\d{1,4}\s*(页)?\s*([/／]\s*\d{1,4}|共\s*\d{1,4}\s*页)?[-–—\s]*$|^(page\s*)?\d{1,4}(\s*of\s*\d{1,4})?$/i;
const furnitureKey = (l: string) => l.replace(/\d+/g, '#').replace(/\s+/g, '');

/** Blanks running headers/footers and page numbers (first/last two lines of each page). */
export function blankRunningLines(pages: string[][]): void {
  if (!pages.length) return;
  const edge = (p: string[]) => [...new Set([0, 1, p.length - 2, p.length - 1].filter((i) => i >= 0 && i < p.length))];
  const counts = new Map<string, number>();
  for (const p of pages) for (const key of new Set(edge(p).map((i) => furnitureKey(p[i]!)))) counts.set(key, (counts.get(key) ?? 0) + 1);
  const running = (l: string) => pages.length >= 2 && (counts.get(furnitureKey(l)) ?? 0) >= Math.max(2, pages.length * 0.5);
  for (const p of pages) for (const i of edge(p)) if (PAGE_NUMBER.test(p[i]!) || running(p[i]!)) p[i] = '';
}

export async function extractPdf(bytes: Buffer, opts: { maxPages: number; deadline: number }): Promise<ExtractedText> {
  const tail = bytes.subarray(Math.max(0, bytes.length - 2048)).toString('latin1');
  if (!tail.includes('%%EOF')) throw new SkipFile('truncated or damaged PDF (no %%EOF end marker)');
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const base = pdfjsDir();
  let doc;
  try {
    doc = await pdfjs.getDocument({
      data: new Uint8Array(bytes),
      cMapUrl: join(base, 'cmaps') + '/',
      cMapPacked: true,
      standardFontDataUrl: join(base, 'standard_fonts') + '/',
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: false,
      verbosity: 0,
    }).promise;
  } catch (err) {
    const e = err as Error;
    if (e.name === 'PasswordException') throw new SkipFile('encrypted PDF (a password is needed to open it)');
    throw new SkipFile(`damaged PDF (${e.message.split('\n')[0]})`);
  }
  try {
    if (doc.numPages > opts.maxPages) throw new SkipFile(`${doc.numPages} pages, over the ${opts.maxPages}-page cap for one PDF`);
    const pages: string[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      if (Date.now() > opts.deadline)
        throw new SkipFile(`reading stopped at page ${n} of ${doc.numPages}: over the time cap (FILE_TIMEOUT_S)`);
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const items: Item[] = [];
      for (const it of content.items) {
        if (!('str' in it)) continue;
        items.push({ str: it.str, x: it.transform[4], y: it.transform[5], w: it.width, h: it.height || Math.abs(it.transform[3]) });
      }
      pages.push(itemsToLines(items));
      page.cleanup();
    }
    if (!pages.some((p) => p.some((l) => l.trim()))) throw new SkipFile('no text layer: OCR is not done (a scanned PDF?)');
    blankRunningLines(pages);
    const lines: string[] = [];
    const pageStarts: number[] = [];
    for (const p of pages) {
      pageStarts.push(lines.length + 1);
      for (const l of p) lines.push(l);
    }
    // The info dictionary's Title is often a file name ("Microsoft Word - x.doc") and its
    // CreationDate the day of export: the title and date come from the text, as for .txt files.
    const empty = pages.filter((p) => !p.some((l) => l.trim())).length;
    const notes = empty ? [`${empty} of ${pages.length} pages have no text layer (not OCRed)`] : [];
    return { kind: 'text', lines, pageStarts, notes };
  } finally {
    await doc.destroy();
  }
}
