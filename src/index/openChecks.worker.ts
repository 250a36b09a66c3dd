/** The worker thread of openChecks.ts: lists the corpus and compares it with the generation's file list. */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { corpusChange } from './corpusScan.js';
import type { Manifest } from './manifest.js';
import type { CorpusCheckJob } from './openChecks.js';

const { dir, limits, manifestPath, generation } = workerData as CorpusCheckJob;
let verdict: string | undefined;
try {
  // The caller validated this manifest; a different generation means a build swapped it meanwhile.
  const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Pick<Manifest, 'generation' | 'files'>;
  verdict = m.generation === generation ? corpusChange(dir, m.files, limits) : 'the index was replaced while it was being opened';
} catch (err) {
  verdict = `index manifest cannot be read again (${(err as Error).message.split('\n')[0]})`;
}
parentPort!.postMessage({ corpus: verdict ?? null });
