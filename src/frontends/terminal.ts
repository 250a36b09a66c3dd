/**
 * Terminal basics shared by the CLI, the REPL and build-index: when to colour, how wide to wrap,
 * CJK-aware wrapping, aligned columns, and a quiet end when the reader of a pipe goes away.
 *
 * Wrapping uses the Unicode line-breaking algorithm (UAX #14, `linebreak`) for where a line may
 * break and `string-width` for how many columns text takes (CJK characters take two). UAX #14
 * already keeps closing punctuation with what precedes it; the kinsoku rule below is enforced on
 * top of it, also where a too-long word (a file name, a URL) has to be cut.
 *
 * Those two libraries take about 50 ms to load, which output into a pipe or a file (not wrapped)
 * does not need: laying text out (wrapping at a finite width, tables, pad, truncate) needs
 * `await loadLayout()` first.
 */
import type LineBreakerClass from 'linebreak';
import type stringWidthFn from 'string-width';

let LineBreaker: typeof LineBreakerClass | undefined;
let measureWidth: typeof stringWidthFn | undefined;
let graphemes: Intl.Segmenter | undefined;

/** Loads the line-breaking and width libraries (once); everything below that lays text out needs them. */
export async function loadLayout(): Promise<void> {
  if (LineBreaker && measureWidth) return;
  const [linebreak, width] = await Promise.all([import('linebreak'), import('string-width')]);
  LineBreaker = linebreak.default;
  measureWidth = width.default;
  graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
}

function layout(): { LineBreaker: typeof LineBreakerClass; stringWidth: typeof stringWidthFn; graphemes: Intl.Segmenter } {
  if (!LineBreaker || !measureWidth || !graphemes) throw new Error('text layout used before loadLayout() was awaited');
  return { LineBreaker, stringWidth: measureWidth, graphemes };
}

const stringWidth = (s: string): number => layout().stringWidth(s);

type Env = Record<string, string | undefined>;
interface Stream {
  isTTY?: boolean;
  columns?: number;
}

/** Colour only on a terminal, never with NO_COLOR (any non-empty value, see no-color.org) or TERM=dumb. */
export function useColor(stream: Stream, env: Env = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.TERM === 'dumb') return false;
  return !!stream.isTTY;
}

/** Columns to wrap at: COLUMNS if set, the terminal's width on a TTY, no wrapping into a pipe or file. */
export function outputWidth(stream: Stream, env: Env = process.env): number {
  const fromEnv = Number(env.COLUMNS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return Math.max(fromEnv, 20);
  if (stream.isTTY && stream.columns) return Math.max(stream.columns, 20);
  return Infinity;
}

export const paint = (on: boolean, code: string, s: string): string => (on && s ? `\u001b[${code}m${s}\u001b[0m` : s);

/** Characters that may not start a line (closing brackets and quotes, commas, stops, colons …). */
export const NO_LINE_START = new Set([...'）」』】〕〉》〗〙〛｝］,.:;!?)]}、。，．：；！？…‥・ー〜～’”％‰℃']);

/** string-width, memoised for the short pieces wrapping measures over and over (single characters, words). */
const widths = new Map<string, number>();
function width(s: string): number {
  if (s.length > 24) return stringWidth(s);
  let w = widths.get(s);
  if (w === undefined) {
    if (widths.size > 20_000) widths.clear();
    w = stringWidth(s);
    widths.set(s, w);
  }
  return w;
}

const splitGraphemes = (s: string) => Array.from(layout().graphemes.segment(s), (g) => g.segment);
// Every character in NO_LINE_START is one code point: looking at the first is enough.
const startsBadly = (s: string) => s.length > 0 && NO_LINE_START.has(String.fromCodePoint(s.codePointAt(0)!));

/** UAX #14 segments of one paragraph: each ends where a line may break (trailing spaces included). */
function segments(paragraph: string): string[] {
  const out: string[] = [];
  const breaker = new (layout().LineBreaker)(paragraph);
  let last = 0;
  for (let b = breaker.nextBreak(); b; b = breaker.nextBreak()) {
    const seg = paragraph.slice(last, b.position);
    last = b.position;
    // Belt and braces for the kinsoku rule: a segment that starts with closing punctuation stays on the line before.
    if (out.length && startsBadly(seg)) out[out.length - 1] += seg;
    else out.push(seg);
  }
  return out;
}

/** Cuts a segment wider than a line into pieces by grapheme; closing punctuation stays with the character before it. */
function cutLong(seg: string, max: number): string[] {
  const units: string[] = [];
  for (const g of splitGraphemes(seg)) {
    if (units.length && NO_LINE_START.has(g)) units[units.length - 1] += g;
    else units.push(g);
  }
  const pieces: string[] = [];
  let cur: string[] = [];
  let curWidth = 0;
  for (const u of units) {
    const w = width(u);
    if (cur.length && curWidth + w > max) {
      // Prefer to cut a file name or URL after a separator in the second half of the line.
      let after = cur.length;
      while (after > 0 && !SEPARATORS.has(cur[after - 1]!.at(-1)!)) after--;
      const keep = after > cur.length / 2 && after < cur.length ? after : cur.length;
      pieces.push(cur.slice(0, keep).join(''));
      cur = cur.slice(keep);
      curWidth = cur.reduce((sum, g) => sum + width(g), 0);
    }
    cur.push(u);
    curWidth += w;
  }
  if (cur.length) pieces.push(cur.join(''));
  return pieces;
}
const SEPARATORS = new Set([...'_./-\\']);

export interface WrapOptions {
  /** Prefix of every line but the first (default: none). */
  indent?: string;
  /** Prefix of the first line (default: `indent`), e.g. a citation's number. */
  firstIndent?: string;
}

/**
 * Wraps plain text (no escape codes: colour is applied per line afterwards) to `columns` columns.
 * Newlines in the text start new paragraphs. Time is linear in the text's length.
 */
export function wrapText(text: string, columns: number, opts: WrapOptions = {}): string[] {
  const indent = opts.indent ?? '';
  let prefix = opts.firstIndent ?? indent;
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    if (!Number.isFinite(columns)) {
      lines.push(prefix + paragraph);
      prefix = indent;
      continue;
    }
    let line = '';
    let lineWidth = 0;
    const room = () => Math.max(columns - width(prefix), 8);
    const flush = () => {
      lines.push(line.trim() ? prefix + line.trimEnd() : '');
      prefix = indent;
      line = '';
      lineWidth = 0;
    };
    for (const seg of segments(paragraph)) {
      const trimmed = seg.trimEnd();
      const segWidth = width(trimmed);
      if (line && lineWidth + segWidth > room()) flush();
      if (!line && segWidth > room()) {
        const pieces = cutLong(seg, room());
        for (const piece of pieces.slice(0, -1)) {
          line = piece;
          flush();
        }
        line = pieces.at(-1) ?? '';
        lineWidth = width(line);
        continue;
      }
      line += seg;
      // Trailing spaces count only once something follows them on the same line.
      lineWidth += segWidth + (seg.length - trimmed.length);
    }
    flush();
  }
  return lines;
}

/** Shortens text to at most `width` columns, ending with “…” when cut. */
export function truncate(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = '';
  for (const g of splitGraphemes(text)) {
    if (stringWidth(out + g) > width - 1) break;
    out += g;
  }
  return out + '…';
}

/** Pads to a display width (CJK-aware), on the right or, for numbers, on the left. */
export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - stringWidth(text)));
  return align === 'left' ? text + fill : fill + text;
}

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** Cells of this column are shortened to keep the table within the width (one column at most). */
  shrink?: boolean;
}

/** An aligned, borderless table (columns two spaces apart), shortened to fit `width` when it has a shrinkable column. */
export function table(columns: Column[], rows: string[][], width = Infinity): string[] {
  const widths = columns.map((c, i) => Math.max(stringWidth(c.header), ...rows.map((r) => stringWidth(r[i] ?? ''))));
  const gap = 2;
  const total = widths.reduce((a, b) => a + b, 0) + gap * (columns.length - 1);
  const s = columns.findIndex((c) => c.shrink);
  if (s >= 0 && total > width) widths[s] = Math.max(stringWidth(columns[s]!.header), widths[s]! - (total - width), 6);
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => pad(columns[i]!.shrink ? truncate(cell, widths[i]!) : cell, widths[i]!, columns[i]!.align))
      .join(' '.repeat(gap))
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...rows.map(line)];
}

/**
 * When the reader of a pipe goes away (`beian ask --jsonl < q.txt | head -1`), stop quietly:
 * an EPIPE on stdout ends the process with status 0 and no stack trace.
 */
export function exitQuietlyOnEpipe(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

/** Writes and waits until the data is handed to the OS (so that a following exit loses nothing). */
export function writeOut(text: string, stream: NodeJS.WriteStream = process.stdout): Promise<void> {
  return new Promise((resolve) => {
    if (stream.write(text)) resolve();
    else stream.once('drain', resolve);
  });
}
