/** Splits a cleaned paragraph into sentences at Chinese sentence ends, keeping line provenance. */
import type { Paragraph } from './clean.js';

export interface Sentence {
  text: string;
  lines: [number, number];
}

/** Sentences longer than this (a text without punctuation) are cut, preferably after a comma. */
export const MAX_SENTENCE_CHARS = 400;

/** Sentence end: 。！？； (and ASCII !?; when Chinese uses them), with closing quotes kept attached. */
const END = /[。！？；!?;]+[”’"」』）)]*/g;

export function splitSentences(p: Paragraph): Sentence[] {
  // Character offset → line, from the paragraph's segments.
  const lineAt: number[] = [];
  let text = '';
  for (const seg of p.segments) {
    text += seg.text;
    for (let k = 0; k < seg.text.length; k++) lineAt.push(seg.line);
  }
  const out: Sentence[] = [];
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const s = raw.trim();
    for (let from = 0; from < s.length;) {
      let to = Math.min(s.length, from + MAX_SENTENCE_CHARS);
      if (to < s.length) {
        const comma = Math.max(s.lastIndexOf('，', to - 1), s.lastIndexOf(',', to - 1), s.lastIndexOf('、', to - 1));
        if (comma > from + MAX_SENTENCE_CHARS / 2) to = comma + 1;
      }
      const piece = s.slice(from, to);
      const at = start + lead + from;
      out.push({ text: piece, lines: [lineAt[at]!, lineAt[at + piece.length - 1]!] });
      from = to;
    }
    start = end;
  };
  for (const m of text.matchAll(END)) {
    const end = m.index! + m[0].length;
    // "3.5" or "v1.0;" are not sentence ends; only split when something follows or at the end.
    push(end);
  }
  push(text.length);
  return out;
}
