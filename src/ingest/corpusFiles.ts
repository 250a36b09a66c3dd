/**
 * Lists and reads corpus files. Only regular files are read: a symbolic link is followed once to
 * what it points at, and dangling links, loops, folders, devices, FIFOs and sockets are skipped and
 * named (a FIFO is never opened, so nothing blocks). Files over the size cap, empty files and files
 * whose first bytes contradict their extension are skipped and named too. Nothing here throws for
 * one bad entry: the rest still indexes, and freshness checks never fail because of it.
 *
 * Listing (`listCorpus`: one stat per entry) and reading (`readListedFile`) are apart, so that the
 * index's freshness check and incremental build (src/index/corpusScan.ts) read only what changed.
 */
import { accessSync, closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { checkMagic, formatOfName, isRegisterFormat, unsupportedReason, type Format } from './formats.js';
import { DEFAULT_LIMITS, type IngestLimits } from './limits.js';

export interface CorpusFile {
  name: string;
  path: string;
  format: Format;
  /** What the stored document is: a register (records only) or a text (passages, and records from its tables). */
  kind: 'text' | 'register';
  hash: string;
  bytes: Buffer;
}

export interface CorpusProblem {
  name: string;
  problem: string;
}

/** node:crypto is loaded on the first hash: checking an unchanged corpus (every one-shot question) hashes nothing. */
const crypto = (): typeof import('node:crypto') => createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');

export const sha256 = (b: Buffer | string): string => crypto().createHash('sha256').update(b).digest('hex');

export class CorpusError extends Error {
  override name = 'CorpusError';
}

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

function kindOfEntry(s: Stats): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** Reads a regular file without ever blocking on a FIFO or device (O_NONBLOCK, then fstat). */
function readRegularFile(path: string, maxBytes: number): Buffer | string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return `${kindOfEntry(st)}, not a regular file`;
    if (st.size > maxBytes) return overCap(st.size, maxBytes);
    const buf = Buffer.allocUnsafe(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return off === st.size ? buf : buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

/** A corpus file as listed: one stat, nothing read. */
export interface ListedFile {
  name: string;
  path: string;
  format: Format;
  kind: 'text' | 'register';
  size: number;
  mtimeMs: number;
  /** Set by the system on every change (a restored mtime does not restore it). */
  ctimeMs: number;
  ino: number;
}

/**
 * One directory entry → a listed file, or why it is skipped (undefined: silently ignored). Only a
 * stat (links followed) and an access check: everything decided here is decided again, cheaply,
 * on every listing, so fixing the entry is noticed without reading any file.
 */
function listEntry(dir: string, name: string, limits: IngestLimits): ListedFile | CorpusProblem | undefined {
  if (QUIET.has(name)) return undefined;
  // Hidden files (editor swap files, .env copies) are not read, but named: a file left out is never silent.
  if (name.startsWith('.')) return { name, problem: 'hidden file (its name starts with a dot), skipped' };
  const path = join(dir, name);
  let st: Stats;
  try {
    st = statSync(path); // follows a link (and its chain): a loop or a dangling link throws here
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const problem =
      code === 'ELOOP' ? 'symbolic link loop, skipped'
        : code === 'ENOENT' ? 'symbolic link to a missing file, skipped'
          : code === 'EACCES' ? 'no permission to read it, skipped'
            : `cannot be read (${code ?? (err as Error).message}), skipped`;
    return { name, problem };
  }
  if (!st.isFile()) return { name, problem: `${kindOfEntry(st)}, skipped` };
  const format = formatOfName(name);
  if (!format) return { name, problem: `${unsupportedReason(name)}, skipped` };
  if (st.size > limits.maxFileBytes) return { name, problem: `${overCap(st.size, limits.maxFileBytes)}, skipped` };
  if (st.size === 0) return { name, problem: 'empty file, skipped' };
  try {
    accessSync(path, constants.R_OK);
  } catch {
    return { name, problem: 'no permission to read it, skipped' };
  }
  return { name, path, format, kind: isRegisterFormat(format) ? 'register' : 'text', size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino };
}

/** Entries nobody needs to be told about. */
const QUIET = new Set(['.gitkeep', '.gitignore', '.DS_Store']);

const overCap = (size: number, maxBytes: number) => `${mb(size)} is over the ${mb(maxBytes)} per-file cap (MAX_FILE_MB)`;

/** Lists the corpus without reading it: regular files of a known format, and every other entry with why it is skipped. */
export function listCorpus(dir: string, limits: IngestLimits = DEFAULT_LIMITS): { files: ListedFile[]; problems: CorpusProblem[] } {
  let raw: Buffer[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    raw = readdirSync(dir, { encoding: 'buffer' });
  } catch {
    throw new CorpusError(`corpus folder ${dir} does not exist or cannot be read (set CORPUS_DIR)`);
  }
  const files: ListedFile[] = [];
  const problems: CorpusProblem[] = [];
  const names: string[] = [];
  for (const b of raw) {
    const name = b.toString('utf8');
    // A name that is not UTF-8 cannot be opened by the name it decodes to: named as such (not as a dangling link).
    if (Buffer.compare(Buffer.from(name, 'utf8'), b) !== 0) problems.push({ name, problem: 'file name is not valid UTF-8 (rename it), skipped' });
    else names.push(name);
  }
  names.sort();
  for (const name of names) {
    const entry = listEntry(dir, name, limits);
    if (!entry) continue;
    if ('problem' in entry) problems.push(entry);
    else files.push(entry);
  }
  problems.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { files, problems };
}

/**
 * Reads a listed file (it may have changed since it was listed). A file whose bytes were read but
 * are not usable (empty, first bytes contradicting the extension) comes back as a problem with the
 * bytes' hash, so that an unchanged bad file is not read again; one that cannot be read at all
 * (gone, replaced by a FIFO, grown over the cap) comes back without a hash.
 */
export function readListedFile(f: ListedFile, limits: IngestLimits = DEFAULT_LIMITS): CorpusFile | (CorpusProblem & { hash?: string }) {
  const { name } = f;
  let bytes: Buffer | string;
  try {
    bytes = readRegularFile(realpathSync(f.path), limits.maxFileBytes);
  } catch (err) {
    return { name, problem: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}), skipped` };
  }
  if (typeof bytes === 'string') return { name, problem: `${bytes}, skipped` };
  const hash = sha256(bytes);
  if (bytes.length === 0) return { name, problem: 'empty file, skipped', hash };
  const wrong = checkMagic(f.format, bytes);
  if (wrong) return { name, problem: `${wrong}, skipped`, hash };
  return { name, path: f.path, format: f.format, kind: f.kind, hash, bytes };
}

/** Lists and reads every corpus file; unreadable ones are reported, not thrown, so the rest still indexes. */
export function readCorpus(dir: string, limits: IngestLimits = DEFAULT_LIMITS): { files: CorpusFile[]; problems: CorpusProblem[] } {
  const listed = listCorpus(dir, limits);
  const files: CorpusFile[] = [];
  const problems = [...listed.problems];
  for (const f of listed.files) {
    const r = readListedFile(f, limits);
    if ('problem' in r) problems.push({ name: r.name, problem: r.problem });
    else files.push(r);
  }
  problems.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { files, problems };
}
