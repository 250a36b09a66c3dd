/**
 * Builds a generation's vector index in a worker thread (vectorBuilder.worker.ts) while the build
 * goes on ingesting and tokenising: labels are passage ids the build assigns before it writes the
 * rows, so vectors can be sent as soon as a file's passages are embedded.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../workerThread.js';
import type { HnswSettings } from './manifest.js';

export interface VectorJob {
  dim: number;
  settings: HnswSettings;
  capacity: number;
  /** The previous generation's vector file (checked against the manifest before hnswlib reads it). */
  base?: { path: string; expect: { bytes: number; crc32: number; count: number; deleted: number } };
  /** Past this share of deleted slots the graph is rebuilt from the live vectors. */
  maxDeletedShare: number;
}

export type VectorMessage =
  | { op: 'drop'; labels: number[]; keep: boolean[] }
  | { op: 'add'; labels: number[]; data: Float32Array }
  | { op: 'reuse'; pairs: [old: number, label: number][] }
  | { op: 'finish'; path: string; live?: number[] };

export interface SavedVectors {
  bytes: number;
  crc32: number;
  blocks: string;
  count: number;
  deleted: number;
}

export type VectorReply = { saved: SavedVectors } | { error: { message: string; code?: string } } | { added: number };

/** Vectors sent but not yet in the graph, at most (bytes): the build waits for the worker past it. */
const MAX_QUEUED_BYTES = 128 << 20;

export class VectorBuilder {
  private readonly worker: Worker;
  private crashed?: Error;
  private pending?: { resolve: (s: SavedVectors) => void; reject: (e: Error) => void };
  private queuedBytes = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(job: VectorJob) {
    this.worker = startWorker(import.meta.url, 'vectorBuilder.worker', { workerData: job });
    this.worker.on('message', (r: VectorReply) => {
      if ('added' in r) {
        this.queuedBytes -= r.added;
        if (this.queuedBytes <= MAX_QUEUED_BYTES) for (const wake of this.waiting.splice(0)) wake();
        return;
      }
      const p = this.pending;
      this.pending = undefined;
      const failed = 'error' in r ? Object.assign(new Error(r.error.message), r.error.code ? { code: r.error.code } : {}) : undefined;
      if (!p) {
        // A failure while vectors are still coming: the build stops at its next batch, not at the end.
        if (failed) this.crashed ??= failed;
        return;
      }
      if ('saved' in r) p.resolve(r.saved);
      else p.reject(failed!);
    });
    const died = (err: Error) => {
      this.crashed = err;
      for (const wake of this.waiting.splice(0)) wake();
      this.pending?.reject(err);
      this.pending = undefined;
    };
    this.worker.on('error', died);
    this.worker.on('exit', (code) => died(new Error(`vector worker stopped (exit code ${code})`)));
  }

  /** Marks these passages' vectors deleted; those with `keep` set are kept aside for `reuse`. */
  drop(labels: number[], keep: boolean[]): void {
    if (labels.length) this.send({ op: 'drop', labels, keep });
  }

  add(labels: number[], vectors: readonly (readonly number[])[], dim: number): void {
    if (!labels.length) return;
    if (vectors.length !== labels.length) throw new Error(`the embedder returned ${vectors.length} vectors for ${labels.length} passages`);
    const data = new Float32Array(labels.length * dim);
    vectors.forEach((v, i) => {
      if (v.length !== dim) throw new Error(`vector has ${v.length} dimensions, index has ${dim}`);
      data.set(v, i * dim);
    });
    this.queuedBytes += data.byteLength;
    this.send({ op: 'add', labels, data }, [data.buffer]);
  }

  /** Resolves once the worker's queue is under its cap (memory stays bounded when embedding outpaces the graph). */
  room(): Promise<void> {
    if (this.crashed) return Promise.reject(this.crashed);
    if (this.queuedBytes <= MAX_QUEUED_BYTES) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** New passages whose text a dropped one had: its vector, not a new embedding. */
  reuse(pairs: [old: number, label: number][]): void {
    if (pairs.length) this.send({ op: 'reuse', pairs });
  }

  /** Waits for every vector, writes and checks the file; `live` (all passage ids) lets a graph with many holes be rebuilt. */
  finish(path: string, live?: number[]): Promise<SavedVectors> {
    return new Promise((resolve, reject) => {
      if (this.crashed) return reject(this.crashed);
      this.pending = { resolve, reject };
      this.send({ op: 'finish', path, ...(live ? { live } : {}) });
    });
  }

  /** Stops the worker (always called, after finish or on failure). */
  async stop(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private send(m: VectorMessage, transfer: ArrayBuffer[] = []): void {
    if (this.crashed) throw this.crashed;
    this.worker.postMessage(m, transfer);
  }
}
