/**
 * One build at a time per index directory: a lock file naming the builder by pid, the start time
 * of that process (from /proc) and the host. A lock whose process is gone, or whose pid now belongs
 * to another process (pids are reused after a container restart, so a lock left by kill -9 or the
 * OOM killer can name a live, unrelated one), is stale and taken over with one line. A live build is
 * waited for, saying so every few seconds, for a bounded time; then the waiter gives up with one line.
 */
import { closeSync, ftruncateSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { log } from '../log.js';
import { describeFsError, IndexError } from './errors.js';
import { LOCK_FILE } from './manifest.js';

/** How long a build waits for another one by default before it gives up. */
export const LOCK_WAIT_MS = 10 * 60_000;
/** How often a waiting build says it is still waiting. */
export const LOCK_NOTICE_MS = 5_000;

export interface LockOptions {
  /** Wait for a running build to finish (default) or fail at once with state 'busy'. */
  wait?: boolean;
  /** How long to wait before giving up (default LOCK_WAIT_MS). */
  timeoutMs?: number;
  /** How often onWait is called again while waiting (default LOCK_NOTICE_MS). */
  noticeMs?: number;
  /** Called when the lock is held by another live process, and again every noticeMs while waiting. */
  onWait?: (pid: number, waitedMs: number, timeoutMs: number) => void;
  /** Called once when a stale lock is taken over: why it was stale (default: a warning in the log). */
  onTakeOver?: (why: string) => void;
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

/**
 * When a process started, in clock ticks since boot (field 22 of /proc/<pid>/stat): with its pid,
 * what tells one process from a later one given the same pid. Undefined where there is no /proc.
 */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces or parentheses: count from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/**
 * What a lock file says: "pid start host [generations]" (an older build wrote the pid only). The
 * generations are those the build may leave files of if it is killed (the one it writes, the one it
 * replaces): the build that takes over its stale lock removes them, and nothing else.
 */
export interface LockInfo {
  pid: number;
  start?: string;
  host?: string;
  generations?: string[];
}

export function readLock(path: string): LockInfo | undefined {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const [pid, start, host, generations] = raw.trim().split(/\s+/);
  const n = Number(pid);
  if (!(Number.isInteger(n) && n > 0)) return undefined;
  const gens = generations?.split(',').filter((g) => /^[a-z0-9-]+$/.test(g));
  return { pid: n, ...(start && start !== '-' ? { start } : {}), ...(host ? { host } : {}), ...(gens?.length ? { generations: gens } : {}) };
}

const lockLine = (generations: readonly string[] = []) =>
  `${process.pid} ${processStart(process.pid) ?? '-'} ${hostname()}${generations.length ? ` ${generations.join(',')}` : ''}\n`;

/** A held build lock: call it to release it. */
export interface HeldLock {
  (): void;
  /** Generations a killed build named in the stale lock taken over (its files are leftovers to remove). */
  readonly leftovers: string[];
  /** Records in the lock the generations this build may leave files of if it is killed. */
  claim(generations: readonly string[]): void;
}

/**
 * Who holds the lock in `dir`: `{ pid }` of a live holder (-1: being written right now), or
 * `{ stale }` saying why the lock is left over, or undefined when there is no lock.
 */
function inspect(dir: string): { pid: number } | { stale: string; generations: string[] } | undefined {
  const path = join(dir, LOCK_FILE);
  const info = readLock(path);
  if (!info) {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(path).mtimeMs;
    } catch {
      return undefined; // no lock
    }
    // Empty (or unreadable): a build killed between creating and writing it, or one writing it right now.
    return Date.now() - mtimeMs < 5000 ? { pid: -1 } : { stale: 'the lock file names no process', generations: [] };
  }
  const { pid, start, host } = info;
  const stale = (why: string) => ({ stale: why, generations: info.generations ?? [] });
  // Another machine's build (a shared folder): its process cannot be checked from here; it is waited for.
  if (host && host !== hostname()) return { pid };
  if (pid === process.pid) return heldHere.has(path) && (!start || start === processStart(pid)) ? { pid } : stale(`pid ${pid} is this process, which holds no build lock`);
  if (!alive(pid)) return stale(`its process (pid ${pid}) is gone`);
  const now = start ? processStart(pid) : undefined;
  if (start && now !== undefined && now !== start) return stale(`pid ${pid} is now another process, not the build that wrote the lock`);
  return { pid };
}

/** The pid holding the lock in `dir` (-1: one being written), or undefined when there is no live holder. */
export function lockHolder(dir: string): number | undefined {
  const found = inspect(dir);
  return found && 'pid' in found ? found.pid : undefined;
}

/** Takes the build lock of `dir` (which must exist); returns the release function. */
export async function acquireBuildLock(dir: string, opts: LockOptions = {}): Promise<HeldLock> {
  const path = join(dir, LOCK_FILE);
  const timeoutMs = opts.timeoutMs ?? LOCK_WAIT_MS;
  const noticeMs = opts.noticeMs ?? LOCK_NOTICE_MS;
  const started = Date.now();
  let toldAt: number | undefined;
  const leftovers: string[] = [];
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, lockLine());
      } catch (err) {
        unlinkSync(path); // a full disk: leave no empty lock behind
        throw err;
      } finally {
        closeSync(fd);
      }
      heldHere.add(path);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        heldHere.delete(path);
        try {
          unlinkSync(path);
        } catch {
          /* already gone */
        }
      };
      const claim = (generations: readonly string[]) => {
        if (released) return;
        // Rewritten in place (the lock is ours): at worst a crash leaves it empty, which is stale after 5 s.
        const fd = openSync(path, 'r+');
        try {
          const line = Buffer.from(lockLine(generations));
          writeSync(fd, line, 0, line.length, 0);
          ftruncateSync(fd, line.length);
        } finally {
          closeSync(fd);
        }
      };
      return Object.assign(release, { leftovers, claim });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new IndexError('unwritable', `cannot write the index in ${dir} (${describeFsError(err)})`);
      }
    }
    const found = inspect(dir);
    if (found === undefined) continue; // released meanwhile
    if ('stale' in found) {
      // Left by a build that was killed: take it over.
      try {
        unlinkSync(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
          throw new IndexError('unwritable', `cannot take over the build lock of ${dir} (${describeFsError(err)})`);
      }
      leftovers.push(...found.generations);
      (opts.onTakeOver ?? ((why: string) => log.warn(`taking over a stale build lock in ${dir}: ${why}`)))(found.stale);
      continue;
    }
    const holder = found.pid;
    const by = holder > 0 ? ` (pid ${holder})` : '';
    if (!opts.wait && opts.wait !== undefined) throw new IndexError('busy', `another build of ${dir} is running${by}`);
    const waited = Date.now() - started;
    if (waited >= timeoutMs)
      throw new IndexError(
        'busy',
        `gave up waiting for another build of ${dir}${by} after ${Math.round(waited / 1000)} s; if none is running, remove ${path}`,
      );
    if (toldAt === undefined || Date.now() - toldAt >= noticeMs) {
      toldAt = Date.now();
      (opts.onWait ?? ((pid: number, ms: number, max: number) => log.info(waitingLine(dir, pid, ms, max))))(holder, waited, timeoutMs);
    }
    await sleep(Math.min(200, Math.max(10, timeoutMs - waited)));
  }
}

/** The line a waiting build shows every few seconds. */
export function waitingLine(dir: string, pid: number, waitedMs: number, timeoutMs: number): string {
  return `another build${pid > 0 ? ` (pid ${pid})` : ''} is running on ${dir}; waiting for it (${Math.round(waitedMs / 1000)} s so far, giving up after ${Math.round(timeoutMs / 1000)} s)…`;
}
