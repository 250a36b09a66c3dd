/**
 * Runs format extraction in a worker thread, one file at a time, so that no file can hang the
 * build or exhaust its memory: a file over the time cap has its worker terminated, one over the
 * heap cap kills only the worker; either is skipped with a one-line reason, and the next file gets
 * a fresh worker. The worker is idle-unreferenced, so it never keeps a process alive.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../workerThread.js';
import type { IngestLimits } from '../limits.js';
import type { ExtractFormat } from './extract.js';
import { SkipFile, type Extracted } from './types.js';

let worker: Worker | undefined;
let workerHeap = 0;
let nextId = 1;

function spawn(heapMb: number): Worker {
  const w = startWorker(import.meta.url, 'extract.worker', { resourceLimits: { maxOldGenerationSizeMb: heapMb }, stdout: true, stderr: true });
  w.unref();
  return w;
}

/** Stops the worker (tests, and the end of a build). */
export async function stopExtractionWorker(): Promise<void> {
  const w = worker;
  worker = undefined;
  if (w) await w.terminate();
}

export function extractInWorker(format: ExtractFormat, bytes: Buffer, limits: IngestLimits): Promise<Extracted> {
  if (!worker || workerHeap !== limits.workerHeapMb) {
    void worker?.terminate();
    worker = spawn(limits.workerHeapMb);
    workerHeap = limits.workerHeapMb;
  }
  const w = worker;
  const id = nextId++;
  return new Promise<Extracted>((resolve, reject) => {
    const done = (fn: () => void) => {
      clearTimeout(timer);
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
      w.unref();
      fn();
    };
    const drop = () => {
      if (worker === w) worker = undefined;
      void w.terminate();
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
      done(() => reject(new SkipFile(`reading took longer than ${Math.round(limits.timeoutMs / 1000)} s, the per-file time cap (FILE_TIMEOUT_S)`)));
    }, limits.timeoutMs + 2000);
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
    w.ref(); // a pending job keeps the process alive until it answers
    w.postMessage({ id, format, bytes: new Uint8Array(bytes), limits });
  });
}
