/**
 * The worker thread of VectorBuilder: owns the hnsw graph while a build runs, so that inserting
 * vectors (most of a build's CPU time) runs on the second core beside ingesting and tokenising.
 * Messages are handled in order; the first failure is kept and reported at `finish`.
 */
import { dirname } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { HnswIndex } from './hnswIndex.js';
import type { VectorJob, VectorMessage, VectorReply } from './vectorBuilder.js';

const job = workerData as VectorJob;
const params = { dim: job.dim, ...job.settings };
let failure: { message: string; code?: string } | undefined;
let index: HnswIndex | undefined;
try {
  // The previous graph is expanded for hnswlib in the index folder, which the build writes anyway.
  index = job.base ? HnswIndex.load(params, job.base.path, job.base.expect, dirname(job.base.path)) : new HnswIndex(params, job.capacity);
} catch (err) {
  failure = { message: (err as Error).message, code: (err as NodeJS.ErrnoException).code };
}
const reply = (r: VectorReply) => parentPort!.postMessage(r);
if (failure) reply({ error: failure });

/** Vectors of dropped passages, kept for new passages with the same text (each used once). */
const kept = new Map<number, Float32Array>();

parentPort!.on('message', (m: VectorMessage) => {
  // Every batch sent is acknowledged, failed or not: the build waits on those acknowledgements.
  const ack = () => m.op === 'add' && reply({ added: m.data.byteLength });
  if (failure || !index) {
    if (m.op === 'finish') reply({ error: failure! });
    ack();
    return;
  }
  try {
    if (m.op === 'drop') {
      m.labels.forEach((label, i) => {
        if (m.keep[i]) kept.set(label, Float32Array.from(index!.vector(label)));
        index!.remove(label);
      });
    } else if (m.op === 'add') {
      m.labels.forEach((label, i) => index!.addLabeled(label, Array.from(m.data.subarray(i * job.dim, (i + 1) * job.dim))));
      ack();
    } else if (m.op === 'reuse') {
      for (const [old, label] of m.pairs) {
        index.addLabeled(label, Array.from(kept.get(old)!));
        kept.delete(old);
      }
    } else {
      kept.clear();
      if (m.live && index.deleted > job.maxDeletedShare * Math.max(1, index.size)) {
        // Too many holes: the graph is rebuilt from the live vectors.
        const rebuilt = new HnswIndex(params, index.size);
        for (const id of m.live) rebuilt.addLabeled(id, index.vector(id));
        index = rebuilt;
      }
      const saved = index.save(m.path, job.base?.path);
      reply({ saved: { ...saved, count: index.size, deleted: index.deleted } });
    }
  } catch (err) {
    failure = { message: (err as Error).message, code: (err as NodeJS.ErrnoException).code };
    // Said at once (the build stops at its next batch), and again at finish.
    reply({ error: failure });
    ack();
  }
});
