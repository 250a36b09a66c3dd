/** The worker thread of openChecks.ts: lists the corpus and compares it with the generation's file list; checks the store's checksum. */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { Manifest } from './manifest.js';
import { openVerdict, type CorpusCheckJob, type OpenVerdict } from './openChecks.js';

const job = workerData as CorpusCheckJob;
let verdict: OpenVerdict;
try {
  // The caller validated this manifest; a different generation means a build swapped it meanwhile.
  const m = JSON.parse(readFileSync(job.manifestPath, 'utf8')) as Pick<Manifest, 'generation' | 'files'>;
  verdict = m.generation === job.generation ? openVerdict(job, m.files) : { stale: 'the index was replaced while it was being opened' };
} catch (err) {
  verdict = { stale: `index manifest cannot be read again (${(err as Error).message.split('\n')[0]})` };
}
parentPort!.postMessage({ stale: verdict.stale ?? null, damaged: verdict.damaged ?? null });
