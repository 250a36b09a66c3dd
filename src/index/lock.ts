/**
 * One build at a time per index directory: a lock file holding the builder's pid. A lock left by a
 * killed build (its pid gone) is taken over; a live one is waited for or reported.
 */
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeFsError, IndexError } from './errors.js';
import { LOCK_FILE } from './manifest.js';

export interface LockOptions {
  /** Wait for a running build to finish (default) or fail at once with state 'busy'. */
  wait?: boolean;
  timeoutMs?: number;
  /** Called once when the lock is held by another live process. */
  onWait?: (pid: number) => void;
}

/** Lock files this process holds (a second build in the same process must wait too). */
const heldHere = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid holding the lock in `dir`, or undefined when there is no live holder. */
export function lockHolder(dir: string): number | undefined {
  const path = join(dir, LOCK_FILE);
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(/^\d+/.exec(raw)?.[0]);
  if (pid === process.pid) return heldHere.has(path) ? pid : undefined;
  if (pid > 0) return alive(pid) ? pid : undefined;
  // Empty: a build killed between creating and writing it, or one that is writing it right now.
  try {
    return Date.now() - statSync(path).mtimeMs < 5000 ? -1 : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the build lock of `dir` (which must exist); returns the release function. */
export async function acquireBuildLock(dir: string, opts: LockOptions = {}): Promise<() => void> {
  const path = join(dir, LOCK_FILE);
  const deadline = Date.now() + (opts.timeoutMs ?? 30 * 60_000);
  let told = false;
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, `${process.pid}\n`);
      } catch (err) {
        unlinkSync(path); // a full disk: leave no empty lock behind
        throw err;
      } finally {
        closeSync(fd);
      }
      heldHere.add(path);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        heldHere.delete(path);
        try {
          unlinkSync(path);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new IndexError('unwritable', `cannot write the index in ${dir} (${describeFsError(err)})`);
      }
    }
    const holder = lockHolder(dir);
    if (holder === undefined) {
      // Left by a build that was killed: take it over.
      try {
        unlinkSync(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
          throw new IndexError('unwritable', `cannot take over the build lock of ${dir} (${describeFsError(err)})`);
      }
      continue;
    }
    if (!opts.wait && opts.wait !== undefined) {
      throw new IndexError('busy', `another build of ${dir} is running${holder > 0 ? ` (pid ${holder})` : ''}`);
    }
    if (Date.now() > deadline) throw new IndexError('busy', `gave up waiting for the build of ${dir} by pid ${holder}`);
    if (!told) {
      told = true;
      opts.onWait?.(holder);
    }
    await sleep(200);
  }
}
