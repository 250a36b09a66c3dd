/**
 * jieba's dictionary file (`dict.txt` of @node-rs/jieba, 349k words, 5 MB) read without loading it
 * into jieba, which takes 100–200 ms: a one-shot question needs only the entries that occur in it.
 *
 * jieba segments a text by the most probable route through the words of its dictionary that occur
 * in the text, each scored log(freq / total), where total is the sum of all frequencies; search mode
 * adds the dictionary's 2- and 3-character words inside long words; HMM needs no dictionary. So a
 * dictionary of just the entries that occur in the text (with the user words' frequency), plus
 * one entry that cannot occur in any text carrying the rest of the total, segments that text
 * exactly as the full dictionary does (test/segmenter.test.ts checks this on the corpus).
 *
 * `dict.txt` is sorted by bytes, so entries are found by binary search in the file, read in small
 * blocks as the search goes (a question touches a few dozen KiB of it); the total and the longest
 * word are computed at build time (dictionarySummary) and kept in the manifest.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { lowerBound } from './sortedStrings.js';
import { dirname, join } from 'node:path';

/** The frequency user words (record names) get in the segmenter's dictionary. */
export const USER_WORD_FREQ = 50000;

/** What the build records about the dictionary it segmented with (manifest `segmenter`). */
export interface DictionarySummary {
  /** Which dictionary file: package version and size (see dictionaryId). */
  dict: string;
  /** Sum of all frequencies, user words included. */
  total: number;
  /** The longest word in characters (code points), user words included. */
  maxChars: number;
}

const packageDir = (): string => dirname(createRequire(import.meta.url).resolve('@node-rs/jieba/package.json'));

/** The installed dictionary file's path. */
export function dictionaryPath(): string {
  return join(packageDir(), 'dict.txt');
}

/** Names the installed dictionary file: @node-rs/jieba's version and the file's size (a stat, no read). */
export function dictionaryId(): string {
  const dir = packageDir();
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  return `@node-rs/jieba@${version} dict.txt ${statSync(join(dir, 'dict.txt')).size} bytes`;
}

const WHITE_SPACE = /\p{White_Space}/u;

/** Record names as the segmenter's dictionary takes them: no whitespace, at least two characters. */
export function userWordOf(name: string): string | undefined {
  const w = name.replace(/\s+/g, '');
  return w.length >= 2 ? w : undefined;
}

/** Bytes jieba (Rust's split_whitespace) treats as whitespace: ASCII and the multi-byte White_Space characters. */
function isWhitespaceAt(b: Uint8Array, i: number): boolean {
  const c = b[i]!;
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c === 0xc2) return b[i + 1] === 0x85 || b[i + 1] === 0xa0;
  if (c === 0xe1) return b[i + 1] === 0x9a && b[i + 2] === 0x80;
  if (c === 0xe2) {
    const d = b[i + 1];
    const e = b[i + 2]!;
    return (d === 0x80 && ((e >= 0x80 && e <= 0x8a) || e === 0xa8 || e === 0xa9 || e === 0xaf)) || (d === 0x81 && e === 0x9f);
  }
  if (c === 0xe3) return b[i + 1] === 0x80 && b[i + 2] === 0x80;
  return false;
}

/** Longest line (bytes) the lookup handles; dict.txt's are under 70. */
const MAX_LINE = 256;

/**
 * Total frequency and longest word of a dictionary file, or undefined when the file is not in the
 * shape the lookup relies on: lines `word freq tag` (single spaces, a decimal frequency) shorter
 * than MAX_LINE bytes, words strictly ascending by bytes.
 */
export function scanDictionary(buf: Uint8Array): { total: number; maxChars: number } | undefined {
  let total = 0;
  let maxChars = 0;
  let prevStart = -1;
  let prevEnd = -1;
  for (let at = 0; at < buf.length;) {
    let nl = buf.indexOf(0x0a, at);
    if (nl < 0) nl = buf.length;
    let sp = at;
    while (sp < nl && buf[sp] !== 0x20) {
      if (isWhitespaceAt(buf, sp)) return undefined;
      sp++;
    }
    if (sp === at || sp >= nl || nl - at >= MAX_LINE) return undefined;
    let i = sp + 1;
    let freq = 0;
    while (i < nl && buf[i]! >= 0x30 && buf[i]! <= 0x39) freq = freq * 10 + buf[i++]! - 0x30;
    if (i === sp + 1 || buf[i] !== 0x20 || i + 1 >= nl) return undefined;
    for (let j = i + 1; j < nl; j++) if (isWhitespaceAt(buf, j)) return undefined;
    if (prevStart >= 0 && compareBytes(buf, prevStart, prevEnd, buf, at, sp) >= 0) return undefined;
    let chars = 0;
    for (let j = at; j < sp; j++) if ((buf[j]! & 0xc0) !== 0x80) chars++;
    if (chars > maxChars) maxChars = chars;
    total += freq;
    prevStart = at;
    prevEnd = sp;
    at = nl + 1;
  }
  return { total, maxChars };
}

function compareBytes(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): number {
  for (; aStart < aEnd && bStart < bEnd; aStart++, bStart++) if (a[aStart] !== b[bStart]) return a[aStart]! - b[bStart]!;
  return aEnd - aStart - (bEnd - bStart);
}

/** A dictionary file's lines: all of it in memory, or read in blocks on demand (BlockFile). */
export interface ByteSource {
  readonly size: number;
  /** The line holding byte `pos`: where it starts, and its bytes up to (not including) the newline. */
  lineAt(pos: number): { start: number; line: Uint8Array };
}

/** The line holding `pos` within `buf` (which holds the file from byte `base`), unless it starts before `buf`. */
function lineIn(buf: Uint8Array, base: number, pos: number): { start: number; line: Uint8Array } | undefined {
  const rel = pos - base;
  const before = rel === 0 ? -1 : buf.lastIndexOf(0x0a, rel - 1);
  if (before < 0 && base > 0) return undefined;
  const nl = buf.indexOf(0x0a, rel);
  return { start: base + before + 1, line: buf.subarray(before + 1, nl < 0 ? buf.length : nl) };
}

export const wholeBuffer = (buf: Uint8Array): ByteSource => ({ size: buf.length, lineAt: (pos) => lineIn(buf, 0, pos)! });

/** A file read in 16 KiB blocks, each once, as a binary search asks for them. */
export class BlockFile implements ByteSource {
  static readonly BLOCK = 16384;
  private readonly blocks = new Map<number, Buffer>();
  private constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}

  static open(path: string): BlockFile {
    const fd = openSync(path, 'r');
    try {
      return new BlockFile(fd, statSync(path).size);
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  private block(k: number): Buffer {
    let b = this.blocks.get(k);
    if (!b) {
      const from = k * BlockFile.BLOCK;
      b = Buffer.allocUnsafe(Math.min(BlockFile.BLOCK, this.size - from));
      if (readSync(this.fd, b, 0, b.length, from) !== b.length) throw new Error('dictionary file changed while it was read');
      this.blocks.set(k, b);
    }
    return b;
  }

  lineAt(pos: number): { start: number; line: Uint8Array } {
    const k = Math.floor(pos / BlockFile.BLOCK);
    const block = this.block(k);
    const inBlock = lineIn(block, k * BlockFile.BLOCK, pos);
    // Whole within its block: it ends with a newline inside it, or the block is the file's last.
    const end = inBlock ? inBlock.start - k * BlockFile.BLOCK + inBlock.line.length : 0;
    if (inBlock && (end < block.length || (k + 1) * BlockFile.BLOCK >= this.size)) return inBlock;
    // A line across a block boundary: the neighbours joined (lines are much shorter than a block).
    const first = Math.max(0, k - 1);
    const parts = [...(first < k ? [this.block(first)] : []), block, ...((k + 1) * BlockFile.BLOCK < this.size ? [this.block(k + 1)] : [])];
    return lineIn(Buffer.concat(parts), first * BlockFile.BLOCK, pos)!;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * A word of a sorted dictionary file: its frequency if present, whether some word starts with it,
 * and `at`, where the first line not before it starts. `from` (the `at` of a prefix of the word)
 * starts the search there, galloping forward instead of halving the whole file.
 */
export function lookupWord(src: ByteSource, word: Uint8Array, from = 0): { freq?: number; prefix: boolean; at: number } {
  // lo and hi are line starts: lines before lo sort before the word, the line at hi does not.
  let lo = from;
  let hi = src.size;
  const before = (line: Uint8Array) => {
    const sp = line.indexOf(0x20);
    return compareBytes(line, 0, sp < 0 ? line.length : sp, word, 0, word.length) < 0;
  };
  if (from > 0)
    for (let step = 64; lo + step < hi; step *= 2) {
      const { start, line } = src.lineAt(lo + step);
      if (!before(line)) {
        hi = start;
        break;
      }
      lo = start + line.length + 1;
    }
  while (lo < hi) {
    const { start, line } = src.lineAt((lo + hi) >>> 1); // starts in [lo, mid]: lo is a line start
    if (before(line)) lo = Math.min(start + line.length + 1, hi);
    else hi = start;
  }
  if (lo >= src.size) return { prefix: false, at: lo };
  const { line } = src.lineAt(lo);
  let end = line.indexOf(0x20);
  if (end < 0) end = line.length;
  if (end < word.length || compareBytes(line, 0, word.length, word, 0, word.length) !== 0) return { prefix: false, at: lo };
  if (end > word.length) return { prefix: true, at: lo };
  let freq = 0;
  for (let i = end + 1; line[i]! >= 0x30 && line[i]! <= 0x39; i++) freq = freq * 10 + line[i]! - 0x30;
  return { freq, prefix: true, at: lo };
}

const encoder = new TextEncoder();

/**
 * What the build records (manifest `segmenter`): the dictionary as jieba holds it after the user
 * words were added. Undefined when the installed file cannot be looked up that way (then questions
 * are segmented with the full dictionary).
 */
export function dictionarySummary(userWords: Iterable<string>): DictionarySummary | undefined {
  const base = baseSummary();
  if (!base) return undefined;
  let { total, maxChars } = base.scan;
  const words = new Set<string>();
  for (const name of userWords) {
    const w = userWordOf(name);
    if (w === undefined) continue;
    // A character jieba splits on but JavaScript's \s does not remove (U+0085) would change the entry.
    if (/\p{White_Space}/u.test(w)) return undefined;
    words.add(w);
  }
  // In the file's (byte) order, each search gallops on from where the previous one ended.
  const sorted = [...words].map((w) => ({ w, bytes: encoder.encode(w) })).sort((a, b) => Buffer.compare(a.bytes, b.bytes));
  const src = wholeBuffer(base.buf);
  let at = 0;
  for (const { w, bytes } of sorted) {
    const hit = lookupWord(src, bytes, at);
    at = hit.at;
    total += USER_WORD_FREQ - (hit.freq ?? 0);
    maxChars = Math.max(maxChars, [...w].length);
  }
  return { dict: base.id, total, maxChars };
}

let scanned: { id: string; buf: Buffer; scan: { total: number; maxChars: number } } | undefined;

/** The installed dictionary file and its scan, once per process (about 0.1 s). */
function baseSummary(): typeof scanned {
  const id = dictionaryId();
  if (scanned?.id !== id) {
    const buf = readFileSync(dictionaryPath());
    const scan = scanDictionary(buf);
    scanned = scan ? { id, buf, scan } : undefined;
  }
  return scanned;
}

function isSorted(words: readonly string[]): boolean {
  for (let i = 1; i < words.length; i++) if (words[i - 1]! > words[i]!) return false;
  return true;
}

/** Dictionaries for single texts from the installed file and the user words, exact for the summary the build recorded. */
export class TextDictionaries {
  private file?: BlockFile;
  /** Lookups done, for the next texts (a question's texts share most of their words). */
  private readonly seen = new Map<string, { freq?: number; prefix: boolean; at: number }>();
  /**
   * User words sorted, for "is this a user word?" and "does any user word start with this?" (binary
   * search; no Map: a 20k-row register has ~100k names, which a Map and a sort took 0.1 s to set up).
   */
  private readonly sortedUsers: string[];

  constructor(
    private readonly summary: DictionarySummary,
    userWords: Iterable<string>,
  ) {
    const words = [...new Set(userWords)];
    this.sortedUsers = isSorted(words) ? words : words.sort(); // the build stores them sorted
  }

  /** Can this summary be used with the installed dictionary and these user words? */
  static usable(summary: DictionarySummary | undefined, userWords: Iterable<string>): summary is DictionarySummary {
    if (!summary) return false;
    try {
      if (summary.dict !== dictionaryId()) return false;
    } catch {
      return false; // the installed dictionary cannot be told: the full one is loaded as usual
    }
    // One test over all the words (a register's thousands of names: one regex per word cost ~4 ms per question).
    return !WHITE_SPACE.test([...userWords].join('\u0001'));
  }

  private userPrefix(s: string): boolean {
    return this.sortedUsers[lowerBound(this.sortedUsers, s)]?.startsWith(s) ?? false;
  }

  private isUserWord(s: string): boolean {
    return this.sortedUsers[lowerBound(this.sortedUsers, s)] === s;
  }

  close(): void {
    this.file?.close();
    this.file = undefined;
  }

  /** The dictionary for one text, as jieba reads it (`word freq` lines); undefined if it does not add up. */
  forText(text: string): Uint8Array | undefined {
    this.file ??= BlockFile.open(dictionaryPath());
    const chars = Array.from(text);
    const found = new Map<string, number>();
    for (let i = 0; i < chars.length; i++) {
      let word = '';
      let at = 0;
      for (let n = 1; n <= this.summary.maxChars && i + n <= chars.length; n++) {
        word += chars[i + n - 1];
        let hit = this.seen.get(word);
        if (!hit) {
          hit = lookupWord(this.file, encoder.encode(word), at);
          this.seen.set(word, hit);
        }
        at = hit.at;
        if (this.isUserWord(word)) found.set(word, USER_WORD_FREQ);
        else if (hit.freq !== undefined) found.set(word, hit.freq);
        if (!hit.prefix && !this.userPrefix(word)) break;
      }
    }
    let sum = 0;
    const lines: string[] = [];
    for (const [w, f] of found) {
      lines.push(`${w} ${f}`);
      sum += f;
    }
    const rest = this.summary.total - sum;
    if (!(rest >= 0)) return undefined;
    // The rest of the total, on a word no text segment can hold (jieba segments runs of CJK, ASCII letters and digits, +#&._%-).
    lines.push(`§ ${rest}`);
    return encoder.encode(lines.join('\n') + '\n');
  }
}
