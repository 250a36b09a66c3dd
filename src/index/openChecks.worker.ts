/** The worker thread of openChecks.ts: the vector file first (hnswlib waits on it), then the corpus. */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { corpusChange } from './corpusScan.js';
import { checkVectorFile } from './vectorFile.js';
import type { Manifest } from './manifest.js';
import type { OpenCheckJob, OpenCheckReply } from './openChecks.js';

const job = workerData as OpenCheckJob;
const reply = (r: OpenCheckReply) => parentPort!.postMessage(r);
const firstLine = (err: unknown) => (err as Error).message.split('\n')[0] ?? String(err);

if (job.vectors) {
  const { path, dim, expect } = job.vectors;
  try {
    checkVectorFile(path, dim, expect);
    reply({ vectors: null });
  } catch (err) {
    reply({ vectors: firstLine(err) });
  }
}

if (job.corpus) {
  const { dir, limits, manifestPath, generation } = job.corpus;
  let verdict: string | undefined;
  try {
    // The caller validated this manifest; a different generation means a build swapped it meanwhile.
    const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Pick<Manifest, 'generation' | 'files'>;
    verdict = m.generation === generation ? corpusChange(dir, m.files, limits) : 'the index was replaced while it was being opened';
  } catch (err) {
    verdict = `index manifest cannot be read again (${firstLine(err)})`;
  }
  reply({ corpus: verdict ?? null });
}
