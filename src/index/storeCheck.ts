/** The store file checked against its manifest's checksum: no SQLite here (the one-shot worker runs it without loading better-sqlite3). */
import { basename } from 'node:path';
import { fileCrc32 } from './fileCrc.js';
import type { Manifest } from './manifest.js';

/** What is wrong with a store file against its manifest's checksum (read whole: ~0.3 ms a MB), if anything. */
export function storeProblem(path: string, m: Pick<Manifest, 'store'>): string | undefined {
  try {
    if (m.store.crc32 === undefined || fileCrc32(path) !== m.store.crc32) return `${basename(path)} does not match its checksum`;
  } catch (err) {
    return describeFileError(err);
  }
  return undefined;
}

export function describeFileError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'missing file' : code === 'EACCES' || code === 'EPERM' ? 'no permission to read a file' : 'unreadable file';
  return `${why} (${(err as Error).message.split('\n')[0]})`;
}

