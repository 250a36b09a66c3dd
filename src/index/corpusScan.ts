/**
 * Freshness of the index against the corpus: the corpus is listed by src/ingest/corpusFiles.ts
 * (one stat per entry, bad entries skipped and named, nothing read); a file whose size or mtime
 * differs from the manifest in size, mtime, ctime or inode is hashed, and counts as changed only when its bytes did. Nothing here
 * throws because of one bad entry: a front end with a good index must keep answering.
 */
import { listCorpus, readListedFile } from '../ingest/corpusFiles.js';
import type { IngestLimits } from '../ingest/limits.js';
import { corpusEntry, sameStat, type CorpusEntry, type Manifest } from './manifest.js';

export { corpusEntry, sameStat };

export type CorpusListing = ReturnType<typeof listCorpus>;
export { listCorpus };

/** Which corpus files differ from what the index was built from (size, mtime, ctime and inode first, then the bytes). */
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
