/** Test helpers: temporary folders (removed after each test file), a corpus copy and an engine config over it. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadEngineConfig, type EngineConfig } from '../src/config.js';
import { Manifest, MANIFEST_FILE } from '../src/index/manifest.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const CORPUS = join(ROOT, 'corpus');
export const TABLE_FILE = '003_7b9ac7543aed0d98.txt';

const created: string[] = [];

/** A fresh temporary folder, removed when the test file ends (test/setup/quietLogs.ts). */
export function tempDir(prefix = 'beian-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A fresh temp dir with a copy of the real corpus (or a subset), plus an empty index dir. */
export function tempWorkspace(files?: string[]): { dir: string; corpus: string; index: string; config: EngineConfig } {
  const dir = tempDir();
  const corpus = join(dir, 'corpus');
  for (const f of files ?? readdirSync(CORPUS).filter((f) => f.endsWith('.txt'))) cpSync(join(CORPUS, f), join(corpus, f));
  const index = join(dir, 'index');
  const config = loadEngineConfig(dir, { CORPUS_DIR: corpus, INDEX_DIR: index, EMBEDDER: 'hash', LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv);
  return { dir, corpus, index, config };
}

/** The manifest of an index folder, parsed with its schema. */
export const manifestOf = (index: string): Manifest => Manifest.parse(JSON.parse(readFileSync(join(index, MANIFEST_FILE), 'utf8')));
