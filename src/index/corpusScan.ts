/**
 * Freshness of the index against the corpus: the corpus is listed by src/ingest/corpusFiles.ts
 * (one stat per entry, bad entries skipped and named, nothing read); a file whose size or mtime
 * differs from the manifest is hashed, and counts as changed only when its bytes did. Nothing here
 * throws because of one bad entry: a front end with a good index must keep answering.
 */
import { listCorpus, readListedFile, type ListedFile } from '../ingest/corpusFiles.js';
import type { IngestLimits } from '../ingest/limits.js';
import type { CorpusEntry, Manifest } from './manifest.js';

export type CorpusListing = ReturnType<typeof listCorpus>;
export { listCorpus };

/** Whether a listed file (and its sidecar) has the size and mtime the manifest recorded. */
export function sameStat(was: CorpusEntry, f: ListedFile): boolean {
  if (was.size !== f.size || was.mtimeMs !== f.mtimeMs) return false;
  const a = was.sidecar;
  const b = f.sidecar;
  return a === undefined ? b === undefined : b !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** The manifest's entry of a listed file whose bytes (and sidecar) hash to `hash`. */
export function corpusEntry(f: ListedFile, hash: string): CorpusEntry {
  return { size: f.size, mtimeMs: f.mtimeMs, hash, ...(f.sidecar ? { sidecar: { size: f.sidecar.size, mtimeMs: f.sidecar.mtimeMs } } : {}) };
}

/** Which corpus files differ from what the index was built from (size and mtime first, then the bytes). */
export function changedFiles(listing: CorpusListing, files: Manifest['files'], limits: IngestLimits): string[] {
  const changed: string[] = [];
  const present = new Set<string>();
  for (const f of listing.files) {
    present.add(f.name);
    const was: CorpusEntry | undefined = files[f.name];
    if (!was) changed.push(f.name);
    else if (!sameStat(was, f)) {
      if (readListedFile(f, limits).hash !== was.hash) changed.push(f.name);
    }
  }
  for (const name of Object.keys(files)) if (!present.has(name)) changed.push(name);
  return changed;
}

/** Why the corpus in `dir` no longer matches the files an index was built from, or undefined when it does. Never throws. */
export function corpusChange(dir: string, files: Manifest['files'], limits: IngestLimits): string | undefined {
  let changed: string[];
  try {
    changed = changedFiles(listCorpus(dir, limits), files, limits);
  } catch (err) {
    return (err as Error).message.split('\n')[0];
  }
  if (changed.length) return `corpus changed since the index was built (${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ', …' : ''})`;
  return undefined;
}
