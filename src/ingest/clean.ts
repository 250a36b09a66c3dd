/**
 * Turns a raw corpus text into clean paragraphs without losing meaning or line provenance:
 * - drops page furniture (see furniture.ts) and markdown markup;
 * - removes stray spaces inside Chinese text ("企 业" → "企业");
 * - joins hard-wrapped lines ("…内置了200多个模" + "型") and sentences broken across a
 *   blank line, a photo caption or a sidebar ("…甚至包" … "括触觉。");
 * - keeps, for every character, the original line it came from.
 */
import { displayWidth } from '../text/chars.js';
import { markFurniture } from './furniture.js';

/** A run of text from one original line. */
export interface Segment {
  text: string;
  line: number;
}

export interface Paragraph {
  segments: Segment[];
  /** Markdown heading or a short title-like line. */
  heading: boolean;
  /** A line with tab-separated cells (handled by the record extractor, not the passage index). */
  table: boolean;
  /** Started as a list item. */
  bullet?: boolean;
}

export const paragraphText = (p: Paragraph): string => p.segments.map((s) => s.text).join('');
export const paragraphLines = (p: Paragraph): [number, number] => [p.segments[0]!.line, p.segments.at(-1)!.line];

const SPACE_INSIDE_CJK =
  /(?<=[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’—…·、，。！？；：（）《》【】「」,;:!?()])[ \t\u3000\u00a0]+(?=[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’—…·、，。！？；：（）《》【】「」,;:!?()])/g;

/** Removes spaces between two Chinese characters or punctuation marks; keeps "AI 眼镜", "2600 亿". */
export function removeStraySpaces(s: string): string {
  return s.replace(SPACE_INSIDE_CJK, '');
}

/** Strips markdown markup that is not content: heading hashes, bullets, bold markers. */
function stripMarkup(s: string): string {
  return s
    .replace(/^#{1,6}\s*/, '')
    .replace(/^[-*+]\s+(◆\s*)?/, '')
    .replace(/^◆\s*/, '')
    .replace(/\*\*/g, '')
    .replace(/\[([^\]]*)\]\(#?\)/g, '$1');
}

const TERMINAL = /[。！？!?；;：:”」』"'）)\]】》…]$/;

/** The text of a line ends mid-sentence (so the next content belongs to the same sentence). */
function endsMidSentence(text: string): boolean {
  const t = text.trimEnd();
  if (!t || TERMINAL.test(t)) return false;
  return /[\p{L}\p{N}、，,\-–—]$/u.test(t);
}

export interface CleanResult {
  paragraphs: Paragraph[];
  /** 1-based line numbers dropped as furniture. */
  furnitureLines: number[];
}

export function cleanText(raw: string): CleanResult {
  const rawLines = raw.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  // Tabs are kept (they separate table cells); other whitespace at the ends is noise.
  const lines = rawLines.map((l) => {
    const isTable = l.includes('\t') && l.trim() !== '';
    return isTable ? l.replace(/[ \u00a0\u3000]+$/, '') : removeStraySpaces(l.trim());
  });
  const furniture = markFurniture(lines.map((l) => (l.includes('\t') ? l : l)));
  const furnitureLines: number[] = [];

  // Hard-wrapped files (PDF text) have most lines at the same display width.
  const widths = lines.filter((l, i) => l && !furniture[i] && !l.includes('\t')).map((l) => displayWidth(l));
  const sorted = [...widths].sort((a, b) => a - b);
  const wrapWidth = sorted[Math.floor(sorted.length * 0.9)] ?? 0;
  const fullLines = widths.filter((w) => w >= wrapWidth * 0.85).length;
  const hardWrapped = widths.length >= 10 && wrapWidth >= 40 && fullLines / widths.length >= 0.5;

  const paragraphs: Paragraph[] = [];
  let current: Paragraph | undefined;
  // Running width and last text of the current paragraph, so that joining stays linear in the lines.
  let currentWidth = 0;
  let currentTail = '';
  let prevLineFull = false;
  /** A blank or furniture line was skipped since the last content line. */
  let gap = true;

  const pushSegment = (p: Paragraph, text: string, line: number) => {
    const last = p.segments.at(-1);
    // Two Latin words broken across lines need their space back.
    const sep = last && /[A-Za-z0-9]$/.test(last.text) && /^[A-Za-z0-9]/.test(text) ? ' ' : '';
    p.segments.push({ text: sep + text, line });
    currentWidth += displayWidth(sep + text);
    if ((sep + text).trim()) currentTail = sep + text;
  };

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i]!;
    if (furniture[i]) {
      furnitureLines.push(lineNo);
      gap = true;
      prevLineFull = false;
      continue; // furniture is transparent: a sentence continues across it
    }
    if (!line.trim()) {
      gap = true;
      prevLineFull = false;
      continue;
    }
    const table = line.includes('\t');
    const isHeading = !table && /^#{1,6}\s/.test(line);
    const isBullet = !table && /^([-*+]\s|◆)/.test(line);
    const text = table ? line : stripMarkup(line);
    if (!text.trim()) continue;

    const joinWrapped = hardWrapped && !gap && prevLineFull && current && !current.table && !isHeading && !isBullet;
    // In a hard-wrapped file consecutive lines are handled by joinWrapped alone (titles end without punctuation).
    const joinBroken =
      (!hardWrapped || gap) &&
      current &&
      !current.table &&
      !table &&
      !isHeading &&
      !isBullet &&
      endsMidSentence(currentTail) &&
      // Titles only continue when they end in a dash ("…快速发展-" + "国产大模型成为…");
      // short list items end without punctuation by nature, long ones are prose cut by a page break.
      (current.heading ? /[-–—]$/.test(currentTail) : currentWidth >= (current.bullet ? 120 : 30));
    if (current && (joinWrapped || joinBroken)) {
      pushSegment(current, text.trim(), lineNo);
    } else {
      // The first content line of a file is its title.
      const heading = isHeading || paragraphs.length === 0;
      current = { segments: [], heading, table, bullet: isBullet };
      currentWidth = 0;
      currentTail = '';
      pushSegment(current, table ? text : text.trim(), lineNo);
      paragraphs.push(current);
    }
    prevLineFull = hardWrapped && displayWidth(line) >= wrapWidth * 0.85;
    gap = false;
  }
  // Joining may have created new stray spaces at segment borders ("，" + " 中国").
  for (const p of paragraphs) {
    if (p.table) continue;
    for (const s of p.segments) s.text = s.text.replace(/^\s+(?=[\u3400-\u9fff])/, '');
  }
  return { paragraphs, furnitureLines };
}
