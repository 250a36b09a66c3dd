/**
 * Generations of the index in one directory: the manifest names the current one; a build writes
 * the next one beside it and renames a new manifest into place (atomic for readers), then removes
 * the old files. A build removes only files builds of this index wrote: the generations a killed
 * build named in its lock (taken over by the next build), temporary files of its own naming; any
 * other file in the folder stays, and the build names it once.
 */
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LEGACY_FILES, LOCK_FILE, Manifest, MANIFEST_FILE, storeFileName, vectorsFileName } from './manifest.js';
import { describeFileError, storeProblem } from './storeCheck.js';
import { storeGeneration } from './store.js';
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
  /** Also that the store is this generation's, as it says itself (a reader checks that as it opens it). */
  storeGeneration?: boolean;
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
    if (opts.storeGeneration) {
      const own = storeGeneration(store);
      if (own !== m.generation) return `${basename(store)} was written by ${own ? `build ${own}` : 'another build'}, not by this generation's`;
    }
    if (opts.vectors !== false && vectorFileCrc(vectors) !== m.vectors.crc32) return `${basename(vectors)} does not match its checksum`;
  } catch (err) {
    return describeFileError(err);
  }
  return undefined;
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

/** The files a generation may leave: its store (and a journal), its vectors (and an expansion). */
const generationFiles = (generation: string): string[] => [storeFileName(generation), `${storeFileName(generation)}-journal`, vectorsFileName(generation), `${vectorsFileName(generation)}.f32`];

export function removeGeneration(dir: string, generation: string): void {
  for (const f of generationFiles(generation)) rmSync(join(dir, f), { force: true });
}

/** The generation the manifest in `dir` names, read leniently (an older format's too), if any. */
export function namedGeneration(dir: string): string | undefined {
  try {
    const g = (JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as { generation?: unknown }).generation;
    return typeof g === 'string' && /^[a-z0-9-]+$/.test(g) ? g : undefined;
  } catch {
    return undefined;
  }
}

/** The format of the manifest in `dir`, read leniently, if any. */
function namedFormat(dir: string): number | undefined {
  try {
    const v = (JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as { formatVersion?: unknown }).formatVersion;
    return typeof v === 'number' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Files of the JSON index format (3 and before), once a current manifest replaced it; never a user's file of the same name otherwise. */
export function removeLegacyFiles(dir: string, previousFormat: number | undefined): void {
  if (previousFormat === undefined || previousFormat > 3) return;
  for (const f of LEGACY_FILES) rmSync(join(dir, f), { force: true });
}

/** Names in an index folder that are not the index's and not a user's business to be told about. */
const QUIET = new Set(['.gitkeep', '.gitignore', '.DS_Store']);

/**
 * Under the build lock: removes what builds of this index left behind and nothing else — the
 * generations a killed build named in the lock taken over (`leftovers`, unless one is current),
 * temporary manifests, expansions of vectors (`.beian-vectors-*`), and the previous format's
 * staging folders. Returns the names of the other entries the folder holds that the index does not
 * use (a user's backups, say): they stay, and the build says so once.
 */
export function cleanLeftovers(dir: string, leftovers: readonly string[] = []): { foreign: string[]; previousFormat?: number } {
  const current = namedGeneration(dir);
  for (const g of leftovers) if (g !== current) removeGeneration(dir, g);
  const keep = new Set([MANIFEST_FILE, LOCK_FILE, ...(current ? generationFiles(current) : [])]);
  const foreign: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name.startsWith(`${MANIFEST_FILE}.tmp-`)) rmSync(join(dir, name), { force: true });
    // A build's expansion of the previous vectors (vectorCompact.ts), left where it could not be unlinked at once.
    else if (name.startsWith('.beian-vectors-')) rmSync(join(dir, name), { recursive: true, force: true });
    else if (!keep.has(name) && !QUIET.has(name)) foreign.push(name);
  }
  // The previous format built aside in sibling folders and swapped them in with two renames.
  const parent = dirname(dir);
  const prefix = `.${basename(dir)}.`;
  if (existsSync(parent))
    for (const name of readdirSync(parent))
      if (name.startsWith(prefix) && /^\.(.+)\.(building|old)-\d+-\d+$/.test(name)) rmSync(join(parent, name), { recursive: true, force: true });
  const previousFormat = namedFormat(dir);
  return { foreign, ...(previousFormat !== undefined ? { previousFormat } : {}) };
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
