/** Writes a directory atomically: build it aside, then swap it in with renames. */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function stagingDir(target: string): string {
  const dir = join(dirname(target), `.${basename(target)}.building-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Replaces `target` by `staged`. A reader sees either the old or the new directory, never a mix. */
export function swapInto(staged: string, target: string): void {
  const old = join(dirname(target), `.${basename(target)}.old-${process.pid}-${Date.now()}`);
  const hadOld = existsSync(target);
  if (hadOld) renameSync(target, old);
  try {
    renameSync(staged, target);
  } catch (err) {
    if (hadOld) renameSync(old, target);
    throw err;
  }
  if (hadOld) rmSync(old, { recursive: true, force: true });
}

/** Atomic single-file write (temp file + rename). */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
