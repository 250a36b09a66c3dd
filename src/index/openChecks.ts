/**
 * The corpus listing a one-shot question on a large index needs before it may trust the index,
 * run in a worker thread while the main thread opens the store and reads the question: stat-ing
 * 20k files takes ~0.25 s, which on the second core costs the answer nothing.
 */
import type { IngestLimits } from '../ingest/limits.js';
import { startWorker } from '../workerThread.js';
import { corpusChange } from './corpusScan.js';
import type { Manifest } from './manifest.js';

/** The corpus to compare with a generation's file list (read again by the worker from `manifestPath`). */
export interface CorpusCheckJob {
  dir: string;
  limits: IngestLimits;
  manifestPath: string;
  generation: string;
}

/**
 * Why the index is stale for the corpus as it is now, or undefined when it is fresh. A worker that
 * cannot run the check is replaced by the same check here.
 */
export function checkCorpusOffThread(job: CorpusCheckJob, files: () => Manifest['files']): Promise<string | undefined> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (verdict: string | undefined) => {
      if (settled) return;
      settled = true;
      resolve(verdict);
    };
    const worker = startWorker(import.meta.url, 'openChecks.worker', { workerData: job });
    worker.on('message', (r: { corpus: string | null }) => settle(r.corpus ?? undefined));
    worker.on('error', () => settle(corpusChange(job.dir, files(), job.limits)));
    worker.on('exit', () => settle(corpusChange(job.dir, files(), job.limits)));
  });
}
