/**
 * The checks a one-shot question needs before it may trust an index, run in a worker thread while
 * the main thread opens the store and reads the question: the vector file's size, checksum and
 * layout (before hnswlib may read it), then the corpus listing against the manifest's file list.
 * At 20k files these are a third of a one-shot `ask`; on the second core they cost it nothing.
 */
import type { IngestLimits } from '../ingest/limits.js';
import { startWorker } from '../workerThread.js';
import { corpusChange } from './corpusScan.js';
import type { ExpectedFile } from './vectorFile.js';
import type { Manifest } from './manifest.js';

export interface OpenCheckJob {
  /** The vector file to check, when vector search is on. */
  vectors?: { path: string; dim: number; expect: ExpectedFile };
  /** The corpus to compare with the generation's file list (read again by the worker from `manifestPath`). */
  corpus?: { dir: string; limits: IngestLimits; manifestPath: string; generation: string };
}

export type OpenCheckReply = { vectors: string | null } | { corpus: string | null };

export interface OpenChecks {
  /** Resolves once the vector file is found whole; rejects saying what is wrong with it. */
  vectorsChecked?: Promise<void>;
  /** Why the index is stale for the corpus as it is now, or undefined when it is fresh. */
  corpusChange?: Promise<string | undefined>;
}

export function startOpenChecks(job: OpenCheckJob, files: () => Manifest['files']): OpenChecks {
  let vectors: { resolve: () => void; reject: (e: Error) => void } | undefined;
  let corpus: { resolve: (s: string | undefined) => void } | undefined;
  const checks: OpenChecks = {
    ...(job.vectors ? { vectorsChecked: new Promise<void>((resolve, reject) => (vectors = { resolve, reject })) } : {}),
    ...(job.corpus ? { corpusChange: new Promise<string | undefined>((resolve) => (corpus = { resolve })) } : {}),
  };
  const onReply = (r: OpenCheckReply) => {
    if ('vectors' in r) {
      if (r.vectors === null) vectors?.resolve();
      else vectors?.reject(new Error(r.vectors));
      vectors = undefined;
    } else {
      corpus?.resolve(r.corpus ?? undefined);
      corpus = undefined;
    }
  };
  // A worker that could not run its check: the vector file counts as unchecked, the corpus is compared here.
  const failed = (part: keyof OpenCheckJob, err: Error) => {
    if (part === 'vectors') {
      vectors?.reject(new Error(`it could not be checked (${err.message.split('\n')[0]})`));
      vectors = undefined;
    } else if (corpus && job.corpus) {
      corpus.resolve(corpusChange(job.corpus.dir, files(), job.corpus.limits));
      corpus = undefined;
    }
  };
  // One worker per check: the two run side by side (~0.15 s and ~0.25 s at 20k files) while the main thread reads the store.
  for (const part of ['vectors', 'corpus'] as const) {
    if (!job[part]) continue;
    const worker = startWorker(import.meta.url, 'openChecks.worker', { workerData: { [part]: job[part] } });
    worker.on('message', onReply);
    worker.on('error', (err) => failed(part, err));
    worker.on('exit', (code) => failed(part, new Error(`the check worker stopped (exit code ${code})`)));
  }
  return checks;
}
