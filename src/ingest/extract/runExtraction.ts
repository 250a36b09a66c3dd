/**
 * Runs format extraction in worker threads, one file per worker at a time (a pool of up to one per
 * core), so that no file can hang the build or exhaust its memory: a file over the time cap has its
 * worker terminated, one over the heap cap kills only its worker; either is skipped with a one-line
 * reason, and the next file gets a fresh worker. Idle workers are unreferenced, so they never keep a
 * process alive.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../workerThread.js';
import type { IngestLimits } from '../limits.js';
import type { ExtractFormat } from './extract.js';
import { SkipFile, type Extracted } from './types.js';

/** A worker and the heap cap it was started with. */
interface Slot {
  w: Worker;
  heap: number;
}

/** Files read at once: one worker per core (each capped at its own heap), at most 4. */
export const EXTRACTION_WORKERS = Math.max(1, Math.min(4, availableParallelism()));

const idle: Slot[] = [];
let live = 0;
const waiting: (() => void)[] = [];
let nextId = 1;

function spawn(heapMb: number): Worker {
  const w = startWorker(import.meta.url, 'extract.worker', {
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
    stdout: true,
    stderr: true,
  });
  w.unref();
  return w;
}

/** A free worker with this heap cap: an idle one, a new one while fewer than EXTRACTION_WORKERS run, or the next one freed. */
async function acquire(heapMb: number): Promise<Slot> {
  for (;;) {
    const i = idle.findIndex((s) => s.heap === heapMb);
    if (i >= 0) return idle.splice(i, 1)[0]!;
    if (live >= EXTRACTION_WORKERS && idle.length) {
      // An idle worker with another heap cap makes room.
      void idle.pop()!.w.terminate();
      live--;
    }
    if (live < EXTRACTION_WORKERS) {
      live++;
      return { w: spawn(heapMb), heap: heapMb };
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
}

/** A worker back to the pool, or (stopped, over its caps) gone; the next file waiting gets its turn. */
function release(slot: Slot, usable: boolean): void {
  if (usable) idle.push(slot);
  else {
    live--;
    void slot.w.terminate();
  }
  waiting.shift()?.();
}

/** Stops the idle workers (tests, and the end of a build). */
export async function stopExtractionWorker(): Promise<void> {
  const stopping = idle.splice(0);
  live -= stopping.length;
  await Promise.all(stopping.map((s) => s.w.terminate()));
}

/**
 * Reads one file in a worker of the pool: up to EXTRACTION_WORKERS files at once, each with its own
 * time cap (counted from when its worker starts on it, not while it waits for one) and heap cap.
 */
export async function extractInWorker(format: ExtractFormat, bytes: Buffer, limits: IngestLimits): Promise<Extracted> {
  const slot = await acquire(limits.workerHeapMb);
  const w = slot.w;
  const id = nextId++;
  return new Promise<Extracted>((resolve, reject) => {
    let usable = true;
    const done = (fn: () => void) => {
      clearTimeout(timer);
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
      w.unref();
      release(slot, usable);
      fn();
    };
    const drop = () => {
      usable = false;
    };
    const onMessage = (m: { id: number; result?: Extracted; skip?: string; error?: string }) => {
      if (m.id !== id) return;
      done(() => (m.result ? resolve(m.result) : reject(m.skip !== undefined ? new SkipFile(m.skip) : new Error(m.error))));
    };
    const onError = (err: Error & { code?: string }) => {
      drop();
      done(() =>
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new SkipFile(`needs more than ${limits.workerHeapMb} MB of memory to read`)
            : new Error(err.message.split('\n')[0]),
        ),
      );
    };
    const onExit = () => {
      drop();
      done(() => reject(new Error('the extraction worker stopped')));
    };
    const timer = setTimeout(() => {
      drop();
      done(() =>
        reject(new SkipFile(`reading took longer than ${Math.round(limits.timeoutMs / 1000)} s, the per-file time cap (FILE_TIMEOUT_S)`)),
      );
    }, limits.timeoutMs + 2000);
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
    w.ref(); // a pending job keeps the process alive until it answers
    w.postMessage({ id, format, bytes: new Uint8Array(bytes), limits });
  });
}
