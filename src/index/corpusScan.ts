/**
 * The corpus as the index sees it: which regular files there are, with size and mtime, and which
 * entries are skipped (broken links, link loops, folders, FIFOs, devices). Nothing here blocks or
 * throws because of one bad entry: a front end with a good index must keep answering.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync, type Stats } from 'node:fs';
import { extname, join } from 'node:path';
import { CorpusError, REGISTER_EXTENSIONS, TEXT_EXTENSIONS } from '../ingest/corpusFiles.js';
import type { CorpusEntry, Manifest } from './manifest.js';

export interface ScannedFile {
  name: string;
  path: string;
  size: number;
  mtimeMs: number;
}

export interface CorpusScan {
  files: ScannedFile[];
  /** name → why it is not read. */
  skipped: Record<string, string>;
}

const isCandidate = (name: string) => {
  const ext = extname(name).toLowerCase();
  return !name.startsWith('.') && (TEXT_EXTENSIONS.includes(ext) || REGISTER_EXTENSIONS.includes(ext));
};

function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a FIFO';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** Lists the corpus: one stat per entry (links followed once), nothing read. */
export function scanCorpus(dir: string): CorpusScan {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    names = readdirSync(dir).filter(isCandidate).sort();
  } catch {
    throw new CorpusError(`corpus folder ${dir} does not exist or cannot be read (set CORPUS_DIR)`);
  }
  const files: ScannedFile[] = [];
  const skipped: Record<string, string> = {};
  for (const name of names) {
    const path = join(dir, name);
    try {
      const s = statSync(path);
      if (!s.isFile()) skipped[name] = `${kindOf(s)}, skipped`;
      else files.push({ name, path, size: s.size, mtimeMs: s.mtimeMs });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      skipped[name] = code === 'ENOENT' ? 'broken link, skipped' : code === 'ELOOP' ? 'link loop, skipped' : `cannot be read (${code ?? 'error'}), skipped`;
    }
  }
  return { files, skipped };
}

/**
 * Reads a regular file without ever blocking on a FIFO or device that replaced it since the scan
 * (opened non-blocking, checked again with fstat). Returns undefined when it is not a regular file.
 */
export function readRegularFile(path: string): Buffer | undefined {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const s = fstatSync(fd);
    if (!s.isFile()) return undefined;
    const buf = Buffer.allocUnsafe(s.size);
    let off = 0;
    while (off < s.size) {
      const n = readSync(fd, buf, off, s.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return off === s.size ? buf : buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** The hash of a file, or undefined when it cannot be read as a regular file. */
export function hashFile(path: string): string | undefined {
  try {
    const b = readRegularFile(path);
    return b ? sha256(b) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Which corpus files differ from what the index was built from: size and mtime first; a file whose
 * size or mtime changed is hashed, and counts as changed only when its bytes did.
 */
export function changedFiles(scan: CorpusScan, files: Manifest['files']): string[] {
  const changed: string[] = [];
  const present = new Set<string>();
  for (const f of scan.files) {
    present.add(f.name);
    const was: CorpusEntry | undefined = files[f.name];
    if (!was) changed.push(f.name);
    else if (was.size !== f.size || was.mtimeMs !== f.mtimeMs) {
      if (hashFile(f.path) !== was.hash) changed.push(f.name);
    }
  }
  for (const name of Object.keys(files)) if (!present.has(name)) changed.push(name);
  return changed;
}
