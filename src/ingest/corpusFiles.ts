/**
 * Lists and reads corpus files. Only regular files are read: a symbolic link is followed once to
 * what it points at, and dangling links, loops, folders, devices, FIFOs and sockets are skipped and
 * named (a FIFO is never opened, so nothing blocks). Files over the size cap, empty files and files
 * whose first bytes contradict their extension are skipped and named too. Nothing here throws for
 * one bad entry: the rest still indexes, and freshness checks never fail because of it.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
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

export const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

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
    if (st.size > maxBytes) return `${mb(st.size)} is over the ${mb(maxBytes)} per-file cap (MAX_FILE_MB)`;
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

/** One directory entry → a corpus file, or why it is skipped (undefined: silently ignored). */
function readEntry(dir: string, name: string, limits: IngestLimits): CorpusFile | CorpusProblem | undefined {
  if (name.startsWith('.')) return undefined; // .gitkeep, editor files
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
  let bytes: Buffer | string;
  try {
    bytes = readRegularFile(realpathSync(path), limits.maxFileBytes);
  } catch (err) {
    return { name, problem: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}), skipped` };
  }
  if (typeof bytes === 'string') return { name, problem: `${bytes}, skipped` };
  if (bytes.length === 0) return { name, problem: 'empty file, skipped' };
  const wrong = checkMagic(format, bytes);
  if (wrong) return { name, problem: `${wrong}, skipped` };
  return { name, path, format, kind: isRegisterFormat(format) ? 'register' : 'text', hash: sha256(bytes), bytes };
}

/** Reads every corpus file; unreadable ones are reported, not thrown, so the rest still indexes. */
export function readCorpus(dir: string, limits: IngestLimits = DEFAULT_LIMITS): { files: CorpusFile[]; problems: CorpusProblem[] } {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    names = readdirSync(dir).sort();
  } catch {
    throw new CorpusError(`corpus folder ${dir} does not exist or cannot be read (set CORPUS_DIR)`);
  }
  const files: CorpusFile[] = [];
  const problems: CorpusProblem[] = [];
  for (const name of names) {
    const entry = readEntry(dir, name, limits);
    if (!entry) continue;
    if ('problem' in entry) problems.push(entry);
    else files.push(entry);
  }
  return { files, problems };
}

/** Cheap fingerprint of the corpus for staleness checks: name → content hash. */
export function corpusHashes(dir: string, limits: IngestLimits = DEFAULT_LIMITS): Record<string, string> {
  const { files } = readCorpus(dir, limits);
  return Object.fromEntries(files.map((f) => [f.name, f.hash]));
}
