/**
 * Bytes of a text file → a JS string, whatever Chinese encoding it was saved in:
 * UTF-8 (BOM or not), UTF-16 LE/BE (BOM or not), GB18030/GBK and Big5. Decoding is done by
 * TextDecoder (UTF-8/16) and iconv-lite (GB18030, Big5); the legacy encodings are recognised by
 * chardet. A UTF-8 file with a few bad bytes (e.g. cut mid-character) is read with U+FFFD in
 * their place and said so, not dropped whole. Control characters are removed (tabs and line
 * breaks are kept, so line numbers stay those of the file).
 */
import * as chardet from 'chardet';
import iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** One line for the build summary when something was repaired (bad bytes, control characters). */
  notes: string[];
}

export class EncodingError extends Error {
  override name = 'EncodingError';
}

/** C0 controls except tab/LF/CR, DEL, C1 controls. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** Removes control characters; returns the cleaned text and how many were removed. */
export function removeControlChars(text: string): { text: string; removed: number } {
  let removed = 0;
  const out = text.replace(CONTROL, () => {
    removed++;
    return '';
  });
  return { text: out, removed };
}

const lineOf = (text: string, index: number): number => {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) n++;
  return n;
};

const countReplacements = (s: string): number => {
  let n = 0;
  for (let i = s.indexOf('\uFFFD'); i >= 0; i = s.indexOf('\uFFFD', i + 1)) n++;
  return n;
};

/** Share of characters that ordinary Chinese/English text is made of. */
function plausibleShare(s: string): number {
  if (!s.length) return 0;
  const sample = s.slice(0, 20_000);
  const ok = sample.match(/[\p{Script=Han}\p{P}\p{S}\p{N}A-Za-z\s\u3000-\u303f\uff00-\uffef]/gu)?.length ?? 0;
  return ok / [...sample].length;
}

/** UTF-16 without a BOM: every other byte of ASCII characters is zero, and the result reads as text. */
function sniffUtf16(bytes: Buffer): TextEncoding | undefined {
  if (bytes.length < 4 || bytes.length % 2) return undefined;
  const n = Math.min(bytes.length, 8192);
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const candidates: TextEncoding[] = oddZeros > evenZeros ? ['utf-16le', 'utf-16be'] : ['utf-16be', 'utf-16le'];
  if (Math.max(evenZeros, oddZeros) === 0) return undefined; // no ASCII at all: leave it to chardet
  for (const enc of candidates) {
    try {
      const s = new TextDecoder(enc, { fatal: true }).decode(bytes.subarray(0, Math.min(bytes.length, 65_536)));
      if (plausibleShare(s) > 0.95) return enc;
    } catch {
      /* not this one */
    }
  }
  return undefined;
}

function finish(raw: string, encoding: TextEncoding, notes: string[]): DecodedText {
  const { text, removed } = removeControlChars(raw);
  if (removed) notes.push(`${removed} control character${removed > 1 ? 's' : ''} removed`);
  return { text, encoding, notes };
}

/** Decodes a text file's bytes, or throws EncodingError with a one-line reason. */
export function decodeText(bytes: Buffer): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return finish(new TextDecoder('utf-16le').decode(bytes.subarray(2)), 'utf-16le', []);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return finish(new TextDecoder('utf-16be').decode(bytes.subarray(2)), 'utf-16be', []);
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return finish(new TextDecoder('utf-8', { fatal: true }).decode(body), 'utf-8', []);
  } catch {
    /* not clean UTF-8: see below */
  }
  const lossy = new TextDecoder('utf-8').decode(body);
  const bad = countReplacements(lossy);
  // A few bad bytes in an otherwise UTF-8 file (a cut, a stray byte): keep the file, say where.
  if (bad <= 3 || bad / lossy.length < 0.0005) {
    const first = lineOf(lossy, lossy.indexOf('\uFFFD'));
    return finish(lossy, 'utf-8', [`${bad} byte${bad > 1 ? 's' : ''} that are not UTF-8 replaced with U+FFFD (first on line ${first})`]);
  }
  const utf16 = sniffUtf16(body);
  if (utf16) return finish(new TextDecoder(utf16).decode(body), utf16, []);
  const guesses = chardet.analyse(body.subarray(0, 262_144));
  const pick = guesses.find((g) => g.confidence >= 50 && (g.name === 'GB18030' || g.name === 'Big5'));
  if (pick) {
    const encoding: TextEncoding = pick.name === 'Big5' ? 'big5' : 'gb18030';
    const text = iconv.decode(body, encoding);
    if (plausibleShare(text) > 0.9) return finish(text, encoding, []);
  }
  throw new EncodingError('encoding cannot be told (not UTF-8, UTF-16, GB18030/GBK or Big5)');
}
