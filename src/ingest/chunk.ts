/**
 * Chunks cleaned paragraphs into passages of a few sentences. Passages never cross a heading;
 * table paragraphs are left to the record extractor.
 */
import type { Paragraph } from './clean.js';
import { paragraphText } from './clean.js';
import { splitSentences, type Sentence } from './sentences.js';

export interface ChunkOptions {
  /** Soft maximum passage length in characters. */
  maxChars: number;
  /** Maximum sentences per passage. */
  maxSentences: number;
}

export const DEFAULT_CHUNKING: ChunkOptions = { maxChars: 280, maxSentences: 4 };

/** A section title is searched with every passage under it: it is kept short (a long first paragraph is no title). */
export const MAX_SECTION_CHARS = 40;

export function shortSection(text: string): string {
  const chars = [...text];
  return chars.length <= MAX_SECTION_CHARS ? text : chars.slice(0, MAX_SECTION_CHARS - 1).join('') + '…';
}

export interface Passage {
  id: string;
  source: string;
  /** Nearest heading above the passage (section title), if any. */
  section?: string;
  lines: [number, number];
  text: string;
  sentences: Sentence[];
}

export function chunkParagraphs(source: string, paragraphs: Paragraph[], opts: ChunkOptions = DEFAULT_CHUNKING): Passage[] {
  const passages: Passage[] = [];
  let section: string | undefined;
  let buf: Sentence[] = [];
  let bufSection: string | undefined;

  const flush = () => {
    if (!buf.length) return;
    const text = buf.map((s) => s.text).join('');
    const lines: [number, number] = [buf[0]!.lines[0], buf.at(-1)!.lines[1]];
    passages.push({ id: `${source}#${passages.length}`, source, section: bufSection, lines, text, sentences: buf });
    buf = [];
    bufLen = 0;
  };
  let bufLen = 0;

  for (const p of paragraphs) {
    if (p.table) {
      flush();
      continue;
    }
    if (p.heading) {
      flush();
      const full = paragraphText(p);
      section = shortSection(full);
      // Long titles carry facts ("截至2024年12月31日,共302款…完成备案"): keep them citable.
      if ([...full].length < 16) continue;
    }
    for (const s of splitSentences(p)) {
      if (buf.length && (buf.length >= opts.maxSentences || bufLen + s.text.length > opts.maxChars)) flush();
      if (!buf.length) bufSection = section;
      buf.push(s);
      bufLen += s.text.length;
    }
    // Short paragraphs may share a passage with the next one; long ones end their passage.
    if (bufLen > opts.maxChars / 2) flush();
  }
  flush();
  return passages;
}
