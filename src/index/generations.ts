/**
 * Generations of the index in one directory: the manifest names the current one; a build writes
 * the next one beside it and renames a new manifest into place (atomic for readers), then removes
 * the old files. Files no manifest names are leftovers of killed builds and are removed under the
 * build lock.
 */
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LEGACY_FILES, Manifest, MANIFEST_FILE, storeFileName, vectorsFileName } from './manifest.js';
import { fileCrc32 } from './fileCrc.js';
import { vectorFileCrc } from './vectorFile.js';

let generations = 0;
export function newGeneration(): string {
  return `${Date.now().toString(36)}-${process.pid.toString(36)}-${(generations++).toString(36)}`;
}

/** The manifest in `dir` if it reads and validates, else undefined (no throw). */
export function currentManifest(dir: string): Manifest | undefined {
  try {
    const parsed = Manifest.safeParse(JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Which checksums verifyFiles takes besides the sizes (both by default). */
export interface VerifyOptions {
  /** The vector file's (a reader checks it as it loads the file instead). */
  vectors?: boolean;
  /** The store's (a one-shot question on a large index checks it off the main thread instead). */
  store?: boolean;
}

/** What is wrong with the files a manifest names (sizes, and the checksums asked for), if anything. */
export function verifyFiles(dir: string, m: Manifest, opts: VerifyOptions = {}): string | undefined {
  const store = join(dir, storeFileName(m.generation));
  const vectors = join(dir, vectorsFileName(m.generation));
  try {
    const s = statSync(store).size;
    if (s !== m.store.bytes) return `${basename(store)} has ${s} bytes, the manifest says ${m.store.bytes}`;
    const v = statSync(vectors).size;
    if (v !== m.vectors.bytes) return `${basename(vectors)} has ${v} bytes, the manifest says ${m.vectors.bytes}`;
    if (opts.store !== false) {
      const bad = storeProblem(store, m);
      if (bad) return bad;
    }
    if (opts.vectors !== false && vectorFileCrc(vectors) !== m.vectors.crc32) return `${basename(vectors)} does not match its checksum`;
  } catch (err) {
    return describeFileError(err);
  }
  return undefined;
}

/** What is wrong with a store file against its manifest's checksum (read whole: ~0.3 ms a MB), if anything. */
export function storeProblem(path: string, m: Pick<Manifest, 'store'>): string | undefined {
  try {
    if (m.store.crc32 === undefined || fileCrc32(path) !== m.store.crc32) return `${basename(path)} does not match its checksum`;
  } catch (err) {
    return describeFileError(err);
  }
  return undefined;
}

function describeFileError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'missing file' : code === 'EACCES' || code === 'EPERM' ? 'no permission to read a file' : 'unreadable file';
  return `${why} (${(err as Error).message.split('\n')[0]})`;
}

export function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function fsyncDir(dir: string): void {
  try {
    fsyncFile(dir);
  } catch {
    /* not supported on every file system */
  }
}

/** Replaces the manifest atomically and durably (temp file, fsync, rename, fsync of the folder). */
export function writeManifest(dir: string, m: Manifest): void {
  const path = join(dir, MANIFEST_FILE);
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, JSON.stringify(m, null, 1));
    fsyncFile(tmp);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDir(dir);
}

export function removeGeneration(dir: string, generation: string): void {
  for (const f of [storeFileName(generation), vectorsFileName(generation)]) rmSync(join(dir, f), { force: true });
}

/** Files of the JSON index format (3), once a current manifest replaced it. */
export function removeLegacyFiles(dir: string): void {
  for (const f of LEGACY_FILES) rmSync(join(dir, f), { force: true });
}

/** Under the build lock: removes generations no manifest names, temp manifests and old staging folders. */
export function cleanLeftovers(dir: string): void {
  const current = currentManifest(dir)?.generation;
  const keep = current ? new Set([storeFileName(current), vectorsFileName(current)]) : new Set<string>();
  for (const name of readdirSync(dir)) {
    if ((/^(store-.+\.sqlite(-journal)?|vectors-.+\.hnsw(\.f32)?)$/.test(name) && !keep.has(name)) || name.startsWith(`${MANIFEST_FILE}.tmp-`))
      rmSync(join(dir, name), { force: true });
    // A build's expansion of the previous vectors (vectorCompact.ts), left where it could not be unlinked at once.
    else if (name.startsWith('.beian-vectors-')) rmSync(join(dir, name), { recursive: true, force: true });
  }
  // The previous format built aside in sibling folders and swapped them in with two renames.
  const parent = dirname(dir);
  const prefix = `.${basename(dir)}.`;
  if (existsSync(parent))
    for (const name of readdirSync(parent))
      if (name.startsWith(prefix) && /^\.(.+)\.(building|old)-\d+-\d+$/.test(name)) rmSync(join(parent, name), { recursive: true, force: true });
}

/** A build in progress in this process: the files of the generation it is writing, and its lock. */
export interface BuildInProgress {
  dir: string;
  /** Files of the generation being written; emptied once it is current (then they are the index). */
  files: string[];
  release: () => void;
  /** Set by abandonBuilds(): the build must not make its generation current. */
  abandoned?: boolean;
}

const inProgress = new Set<BuildInProgress>();

export function trackBuild(dir: string, release: () => void): BuildInProgress {
  const b: BuildInProgress = { dir, files: [], release };
  inProgress.add(b);
  return b;
}

export function untrackBuild(b: BuildInProgress): void {
  inProgress.delete(b);
}

/**
 * For a signal handler that exits the process during a build (the bot's start-up build): removes
 * the files of every generation this process is still writing and releases their locks, so that no
 * half-built index and no lock is left behind. The current generation (if any) is not touched.
 * Synchronous: JavaScript runs it between two steps of a build, never inside the manifest's swap;
 * a build that goes on after it fails instead of making its generation current.
 */
export function abandonBuilds(): void {
  for (const b of inProgress) {
    b.abandoned = true;
    for (const f of b.files) rmSync(f, { force: true });
    rmSync(join(b.dir, `${MANIFEST_FILE}.tmp-${process.pid}`), { force: true });
    b.release();
  }
  inProgress.clear();
}
