/** Test helpers: temporary folders (removed after each test file), a corpus copy and an engine config over it, child processes. */
import { spawn } from 'node:child_process';
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
  const config = loadEngineConfig(dir, {
    CORPUS_DIR: corpus,
    INDEX_DIR: index,
    EMBEDDER: 'hash',
    LOG_LEVEL: 'silent',
  } as NodeJS.ProcessEnv);
  return { dir, corpus, index, config };
}

/** The manifest of an index folder, parsed with its schema. */
export const manifestOf = (index: string): Manifest => Manifest.parse(JSON.parse(readFileSync(join(index, MANIFEST_FILE), 'utf8')));

/** What a child process printed, and how it ended. */
export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end with this input (none: stdin closed at once), collecting its output. */
export function runChild(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; input?: string }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}
