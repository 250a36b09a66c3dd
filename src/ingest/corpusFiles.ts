/** Lists and reads corpus files, rejecting what cannot be read as UTF-8 text. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

export const TEXT_EXTENSIONS = ['.txt', '.md'];
export const REGISTER_EXTENSIONS = ['.csv', '.tsv', '.xlsx'];

export interface CorpusFile {
  name: string;
  path: string;
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

/** Reads every corpus file; unreadable ones are reported, not thrown, so the rest still indexes. */
export function readCorpus(dir: string): { files: CorpusFile[]; problems: CorpusProblem[] } {
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
    const ext = extname(name).toLowerCase();
    const kind = TEXT_EXTENSIONS.includes(ext) ? 'text' : REGISTER_EXTENSIONS.includes(ext) ? 'register' : undefined;
    if (!kind || name.startsWith('.')) continue;
    const path = join(dir, name);
    const bytes = readFileSync(path);
    if (bytes.length === 0 || (kind === 'text' && bytes.toString('utf8').trim() === '')) {
      problems.push({ name, problem: 'empty file, skipped' });
      continue;
    }
    if (ext !== '.xlsx') {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        problems.push({ name, problem: 'not UTF-8 text, skipped (convert it with iconv -f GB18030 -t UTF-8)' });
        continue;
      }
    }
    files.push({ name, path, kind, hash: sha256(bytes), bytes });
  }
  return { files, problems };
}

/** Cheap fingerprint of the corpus for staleness checks: name → content hash. */
export function corpusHashes(dir: string): Record<string, string> {
  const { files } = readCorpus(dir);
  return Object.fromEntries(files.map((f) => [f.name, f.hash]));
}
