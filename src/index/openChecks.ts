/**
 * The corpus listing a one-shot question on a large index needs before it may trust the index,
 * run in a worker thread while the main thread opens the store and reads the question: stat-ing
 * 20k files takes ~0.25 s, which on the second core costs the answer nothing.
 */
import type { IngestLimits } from '../ingest/limits.js';
import { startWorker } from '../workerThread.js';
import { corpusChange } from './corpusScan.js';
import { storeProblem } from './storeCheck.js';
import type { Manifest } from './manifest.js';

/** The corpus to compare with a generation's file list (read again by the worker from `manifestPath`). */
export interface CorpusCheckJob {
  dir: string;
  limits: IngestLimits;
  manifestPath: string;
  generation: string;
  /** The store file and the checksum its manifest gives: checked whole here, off the main thread. */
  store: { path: string; crc32?: number };
}

/** What the worker found: why the index is stale for the corpus, why its store is damaged (each undefined when not). */
export interface OpenVerdict {
  stale?: string;
  damaged?: string;
}

/**
 * Whether the index is stale for the corpus as it is now, and whether its store matches its
 * checksum. A worker that cannot run the checks is replaced by the same checks here.
 */
export function checkCorpusOffThread(job: CorpusCheckJob, files: () => Manifest['files']): Promise<OpenVerdict> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (verdict: OpenVerdict) => {
      if (settled) return;
      settled = true;
      resolve(verdict);
    };
    const here = () => settle(openVerdict(job, files()));
    const worker = startWorker(import.meta.url, 'openChecks.worker', { workerData: job });
    worker.on('message', (r: { stale: string | null; damaged: string | null }) => settle({ stale: r.stale ?? undefined, damaged: r.damaged ?? undefined }));
    worker.on('error', here);
    worker.on('exit', here);
  });
}

/** Both checks, where they run. */
export function openVerdict(job: CorpusCheckJob, files: Manifest['files']): OpenVerdict {
  return { damaged: storeProblem(job.store.path, { store: { bytes: 0, catalogueCrc32: 0, crc32: job.store.crc32 } }), stale: corpusChange(job.dir, files, job.limits) };
}
