/** Test helpers: temporary corpus/index folders and an engine over them (weight-free embedder). */
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadEngineConfig, type EngineConfig } from '../src/config.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const CORPUS = join(ROOT, 'corpus');
export const TABLE_FILE = '003_7b9ac7543aed0d98.txt';

/** A fresh temp dir with a copy of the real corpus (or a subset), plus an empty index dir. */
export function tempWorkspace(files?: string[]): { dir: string; corpus: string; index: string; config: EngineConfig } {
  const dir = mkdtempSync(join(tmpdir(), 'beian-test-'));
  const corpus = join(dir, 'corpus');
  for (const f of files ?? readdirSync(CORPUS).filter((f) => f.endsWith('.txt'))) cpSync(join(CORPUS, f), join(corpus, f));
  const index = join(dir, 'index');
  const config = loadEngineConfig(dir, { CORPUS_DIR: corpus, INDEX_DIR: index, EMBEDDER: 'hash', LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv);
  return { dir, corpus, index, config };
}
