/**
 * Lists and reads corpus files. Only regular files are read: a symbolic link is followed once to
 * what it points at, and dangling links, loops, folders, devices, FIFOs and sockets are skipped and
 * named (a FIFO is never opened, so nothing blocks). Files over the size cap, empty files and files
 * whose first bytes contradict their extension are skipped and named too. Nothing here throws for
 * one bad entry: the rest still indexes, and freshness checks never fail because of it.
 *
 * Listing (`listCorpus`: one stat per entry) and reading (`readListedFile`) are apart, so that the
 * index's freshness check and incremental build (src/index/corpusScan.ts) read only what changed.
 *
 * Subfolders are read (`registers/cac-genai-2024-04.csv`: a file's name is its path under the corpus
 * folder, with "/"), up to MAX_DEPTH levels; a folder reached twice (a link to a folder above) is
 * named and skipped. A sidecar `<file name>.meta.json` (src/ingest/sourceMeta.ts) is not a document:
 * it is listed with its file (`sidecar`), read with it, and its bytes are part of the file's hash,
 * so a changed sidecar re-reads its file. A sidecar whose file is missing is named.
 */
import { accessSync, closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { checkMagic, formatOfName, isRegisterFormat, unsupportedReason, type Format } from './formats.js';
import { DEFAULT_LIMITS, type IngestLimits } from './limits.js';
import { isSidecar, SIDECAR_SUFFIX, sidecarOf, SourceMeta } from './sourceMeta.js';

/** Folders are read this many levels deep. */
export const MAX_DEPTH = 8;
/** A sidecar is a few hundred bytes; past this it is not read. */
const MAX_SIDECAR_BYTES = 64 * 1024;

export interface CorpusFile {
  name: string;
  path: string;
  format: Format;
  /** What the stored document is: a register (records only) or a text (passages, and records from its tables). */
  kind: 'text' | 'register';
  hash: string;
  bytes: Buffer;
  /** The file's sidecar, when it has one and it reads (title, publisher, date, url, period). */
  source?: SourceMeta;
  /** Why the file's sidecar was not used ("x.meta.json: …, read without it"). */
  sourceProblem?: string;
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
  /** Its sidecar `<name>.meta.json`, when there is one (stat only). */
  sidecar?: { path: string; size: number; mtimeMs: number; ctimeMs: number; ino: number };
}

/**
 * One directory entry → a listed file, or why it is skipped (undefined: silently ignored). Only a
 * stat (links followed) and an access check: everything decided here is decided again, cheaply,
 * on every listing, so fixing the entry is noticed without reading any file.
 */
function listEntry(
  dir: string,
  entry: string,
  name: string,
  limits: IngestLimits,
): ListedFile | CorpusProblem | { folder: string; path: string; st: Stats } | undefined {
  if (QUIET.has(entry)) return undefined;
  // Hidden files (editor swap files, .env copies) are not read, but named: a file left out is never silent.
  if (entry.startsWith('.')) return { name, problem: 'hidden file (its name starts with a dot), skipped' };
  const path = join(dir, entry);
  let st: Stats;
  try {
    st = statSync(path); // follows a link (and its chain): a loop or a dangling link throws here
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const problem =
      code === 'ELOOP'
        ? 'symbolic link loop, skipped'
        : code === 'ENOENT'
          ? 'symbolic link to a missing file, skipped'
          : code === 'EACCES'
            ? 'no permission to read it, skipped'
            : `cannot be read (${code ?? (err as Error).message}), skipped`;
    return { name, problem };
  }
  if (st.isDirectory()) return { folder: name, path, st };
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
  return {
    name,
    path,
    format,
    kind: isRegisterFormat(format) ? 'register' : 'text',
    size: st.size,
    mtimeMs: st.mtimeMs,
    ctimeMs: st.ctimeMs,
    ino: st.ino,
  };
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
  /** A folder's entry names; a name that is not UTF-8 cannot be opened by the name it decodes to: named as such (not as a dangling link). */
  const utf8Names = (entries: Buffer[], prefix: string): string[] => {
    const out: string[] = [];
    for (const b of entries) {
      const name = b.toString('utf8');
      if (Buffer.compare(Buffer.from(name, 'utf8'), b) !== 0)
        problems.push({ name: prefix + name, problem: 'file name is not valid UTF-8 (rename it), skipped' });
      else out.push(name);
    }
    return out.sort();
  };
  const sidecars = new Map<string, ListedFile['sidecar'] & {}>();
  const seenFolders = new Set<string>();
  try {
    seenFolders.add(realpathSync(dir));
  } catch {
    /* listed by path only */
  }
  const walk = (folder: string, prefix: string, entries: string[], depth: number) => {
    for (const entry of entries) {
      const name = prefix + entry;
      const got = listEntry(folder, entry, name, limits);
      if (!got) continue;
      if ('folder' in got) {
        let real = got.path;
        let inner: string[];
        try {
          real = realpathSync(got.path);
          inner = utf8Names(readdirSync(got.path, { encoding: 'buffer' }), name + '/');
        } catch (err) {
          problems.push({
            name,
            problem: `a folder that cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}), skipped`,
          });
          continue;
        }
        if (seenFolders.has(real)) problems.push({ name, problem: 'a folder already read (a link to a folder above it), skipped' });
        else if (depth >= MAX_DEPTH) problems.push({ name, problem: `a folder nested more than ${MAX_DEPTH} levels deep, skipped` });
        else {
          seenFolders.add(real);
          walk(got.path, name + '/', inner, depth + 1);
        }
      } else if ('problem' in got) {
        // A sidecar is not a document: its "unsupported format" is not a problem.
        if (isSidecar(entry) && got.problem.startsWith('not a supported format')) {
          const st = statSync(join(folder, entry));
          sidecars.set(name, { path: join(folder, entry), size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino });
        } else problems.push(got);
      } else files.push(got);
    }
  };
  walk(dir, '', utf8Names(raw, ''), 0);
  const listed = new Set(files.map((f) => f.name));
  for (const f of files) {
    const side = sidecars.get(sidecarOf(f.name));
    if (side) f.sidecar = side;
  }
  for (const name of sidecars.keys())
    if (!listed.has(name.slice(0, -SIDECAR_SUFFIX.length)))
      problems.push({ name, problem: `sidecar of ${name.slice(0, -SIDECAR_SUFFIX.length)}, which is not a corpus file here; ignored` });
  const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  files.sort(byName);
  problems.sort(byName);
  return { files, problems };
}

/** A file's sidecar read and checked: its metadata, or why it is not used. Never throws. */
function readSidecar(f: ListedFile): { bytes?: Buffer; source?: SourceMeta; problem?: string } {
  const side = f.sidecar;
  if (!side) return {};
  const label = sidecarOf(f.name);
  let bytes: Buffer | string;
  try {
    bytes = readRegularFile(realpathSync(side.path), MAX_SIDECAR_BYTES);
  } catch (err) {
    return {
      problem: `${label}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); ${f.name} is read without it`,
    };
  }
  if (typeof bytes === 'string') return { problem: `${label}: ${bytes}; ${f.name} is read without it` };
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    return { bytes, problem: `${label}: not valid JSON (${(err as Error).message.split('\n')[0]}); ${f.name} is read without it` };
  }
  const parsed = SourceMeta.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const what = issue ? `${issue.path.join('.') || 'the object'}: ${issue.message}` : 'not a sidecar';
    return { bytes, problem: `${label}: ${what} (fields: title, publisher, date, url, downloadUrl, period); ${f.name} is read without it` };
  }
  return { bytes, source: parsed.data };
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
  const side = readSidecar(f);
  // The sidecar's bytes are part of the hash: a changed sidecar re-reads its file.
  const hash = side.bytes ? `${sha256(bytes)}+${sha256(side.bytes).slice(0, 16)}` : sha256(bytes);
  if (bytes.length === 0) return { name, problem: 'empty file, skipped', hash };
  const wrong = checkMagic(f.format, bytes);
  if (wrong) return { name, problem: `${wrong}, skipped`, hash };
  return {
    name,
    path: f.path,
    format: f.format,
    kind: f.kind,
    hash,
    bytes,
    ...(side.source ? { source: side.source } : {}),
    ...(side.problem ? { sourceProblem: side.problem } : {}),
  };
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
