/**
 * `build-index`: corpus → passages, records and vectors under INDEX_DIR.
 * Incremental by content hash (vectors of unchanged files are reused), a no-op when nothing
 * changed, and atomic (built aside, then swapped in).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineConfig } from '../config.js';
import { DEFAULT_CHUNKING, type ChunkOptions } from '../ingest/chunk.js';
import { readCorpus } from '../ingest/corpusFiles.js';
import { ingestFile } from '../ingest/ingestFile.js';
import { ingestLimits } from '../ingest/limits.js';
import { recordNames } from '../records/entityIndex.js';
import type { BatchFact, FilingRecord } from '../records/schema.js';
import { matchKey } from '../text/chars.js';
import { stagingDir, swapInto } from './atomicDir.js';
import { selectEmbedder, type EmbedderInfo, type SelectedEmbedder } from './embeddings/selectEmbedder.js';
import { FILES, FORMAT_VERSION, Manifest, type StoredDocument, type StoredPassage } from './manifest.js';
import { addUserWords, tokenize } from './segmenter.js';

export interface BuildOptions {
  full?: boolean;
  chunking?: ChunkOptions;
  /** Progress callback (embedding is the slow part). */
  onProgress?: (done: number, total: number) => void;
  embedder?: SelectedEmbedder;
}

export interface BuildSummary {
  noop: boolean;
  files: number;
  passages: number;
  records: number;
  unchanged: number;
  updated: number;
  added: number;
  removed: number;
  seconds: number;
  embedder: EmbedderInfo;
  problems: string[];
  /** Every corpus file read from disk, with its format (those skipped at ingest are named in problems). */
  read?: { name: string; format: string }[];
}

function readPreviousManifest(dir: string): Manifest | undefined {
  try {
    return Manifest.parse(JSON.parse(readFileSync(join(dir, FILES.manifest), 'utf8')));
  } catch {
    return undefined;
  }
}

/** Previous vectors by passage id, for files whose bytes did not change. */
function previousVectors(dir: string, dim: number): Map<string, number[]> {
  const out = new Map<string, number[]>();
  try {
    const passages = JSON.parse(readFileSync(join(dir, FILES.passages), 'utf8')) as StoredPassage[];
    const buf = readFileSync(join(dir, FILES.vectors));
    const f32 = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    if (f32.length !== passages.length * dim) return out;
    passages.forEach((p, i) => out.set(p.id + '\u0000' + p.text, Array.from(f32.subarray(i * dim, (i + 1) * dim))));
  } catch {
    /* no usable previous index: embed everything */
  }
  return out;
}

export async function buildIndex(config: EngineConfig, opts: BuildOptions = {}): Promise<BuildSummary> {
  const t0 = performance.now();
  const chunking = opts.chunking ?? DEFAULT_CHUNKING;
  const limits = ingestLimits(config);
  const { files, problems: corpusProblems } = readCorpus(config.CORPUS_DIR, limits);
  const read = files.map((f) => ({ name: f.name, format: f.format }));
  const problems = corpusProblems.map((p) => `${p.name}: ${p.problem}`);
  const selected = opts.embedder ?? (await selectEmbedder(config));
  const { info } = selected;
  const prev = opts.full ? undefined : readPreviousManifest(config.INDEX_DIR);
  const sameSetup =
    !!prev &&
    prev.formatVersion === FORMAT_VERSION &&
    prev.embedder.id === info.id &&
    prev.embedder.dim === info.dim &&
    JSON.stringify(prev.chunking) === JSON.stringify(chunking);
  const hashes = Object.fromEntries(files.map((f) => [f.name, f.hash]));
  const prevFiles = sameSetup ? prev!.files : {};
  const unchanged = files.filter((f) => prevFiles[f.name] === f.hash).length;
  const added = files.filter((f) => !(f.name in prevFiles)).length;
  const updated = files.length - unchanged - added;
  const removed = Object.keys(prevFiles).filter((n) => !(n in hashes)).length;

  // Problems about files that were read come from ingesting them (unchanged with their bytes);
  // only the listing's own problems (skipped entries) can change without a file changing.
  const listed = new Set(files.map((f) => f.name));
  const listingProblems = (ps: string[]) => ps.filter((p) => !listed.has(p.split(':')[0]!));
  if (sameSetup && updated === 0 && added === 0 && removed === 0 && JSON.stringify(listingProblems(prev!.problems)) === JSON.stringify(problems)) {
    return {
      noop: true, files: files.length, passages: prev!.counts.passages, records: prev!.counts.records,
      unchanged, updated, added, removed, seconds: (performance.now() - t0) / 1000, embedder: info, problems: prev!.problems, read,
    };
  }

  // 1. Ingest every file (cheap); registers become records only.
  const documents: StoredDocument[] = [];
  const records: FilingRecord[] = [];
  const facts: BatchFact[] = [];
  const rawPassages: Omit<StoredPassage, 'tokens'>[] = [];
  for (const f of files) {
    const doc = await ingestFile(f, { chunking, limits });
    for (const p of doc.problems) problems.push(p);
    if (doc.skipped) continue;
    for (const r of doc.records) records.push(r);
    for (const x of doc.facts) facts.push(x);
    for (const p of doc.passages) rawPassages.push(p);
    documents.push({ source: f.name, ...doc.meta, passages: doc.passages.length, records: doc.records.length });
  }

  // 2. Lexical tokens, with the record names known to the segmenter.
  addUserWords(recordNames(records));
  const seen = new Map<string, string>();
  const passages: StoredPassage[] = rawPassages.map((p) => {
    const key = matchKey(p.text).replace(/[\p{P}\p{S}]/gu, '');
    const dupOf = seen.get(key);
    if (!dupOf) seen.set(key, p.id);
    return { ...p, tokens: tokenize((p.section ? p.section + ' ' : '') + p.text), ...(dupOf ? { dupOf } : {}) };
  });

  // 3. Vectors: reuse those of unchanged passages, embed the rest.
  const reuse = sameSetup ? previousVectors(config.INDEX_DIR, info.dim) : new Map<string, number[]>();
  const vectors: number[][] = new Array(passages.length);
  const todo: number[] = [];
  passages.forEach((p, i) => {
    const v = reuse.get(p.id + '\u0000' + p.text);
    if (v) vectors[i] = v;
    else todo.push(i);
  });
  const BATCH = 32;
  for (let k = 0; k < todo.length; k += BATCH) {
    const idx = todo.slice(k, k + BATCH);
    const embedded = await selected.embeddings.embedDocuments(idx.map((i) => passages[i]!.text));
    idx.forEach((i, j) => (vectors[i] = embedded[j]!));
    opts.onProgress?.(Math.min(k + BATCH, todo.length), todo.length);
  }

  // 4. Write everything aside, then swap in. (hnswStore pulls in LangChain's vector store module,
  // which a no-op rebuild does not need: it is loaded here.)
  const { HnswStore, passageDocument } = await import('./hnswStore.js');
  const staged = stagingDir(config.INDEX_DIR);
  try {
    const store = new HnswStore(selected.embeddings, { dim: info.dim }, passages.length);
    await store.addVectors(vectors, passages.map((p) => passageDocument(p.id, p.text, { source: p.source })));
    store.save(join(staged, FILES.hnsw));
    const f32 = new Float32Array(passages.length * info.dim);
    vectors.forEach((v, i) => f32.set(v, i * info.dim));
    writeFileSync(join(staged, FILES.vectors), Buffer.from(f32.buffer));
    writeFileSync(join(staged, FILES.passages), JSON.stringify(passages));
    writeFileSync(join(staged, FILES.records), JSON.stringify({ records, facts }));
    writeFileSync(join(staged, FILES.documents), JSON.stringify(documents, null, 1));
    if (existsSync(join(config.INDEX_DIR, '.gitkeep'))) writeFileSync(join(staged, '.gitkeep'), '');
    const seconds = (performance.now() - t0) / 1000;
    const manifest: Manifest = {
      formatVersion: FORMAT_VERSION,
      builtAt: new Date().toISOString(),
      buildSeconds: Math.round(seconds * 1000) / 1000,
      embedder: { id: info.id, mode: info.mode, dim: info.dim },
      chunking,
      files: hashes,
      counts: { passages: passages.length, records: records.length, facts: facts.length },
      problems,
    };
    // The manifest is written last: a directory without one is never taken for an index.
    writeFileSync(join(staged, FILES.manifest), JSON.stringify(manifest, null, 1));
    swapInto(staged, config.INDEX_DIR);
    return {
      noop: false, files: files.length, passages: passages.length, records: records.length,
      unchanged: sameSetup ? unchanged : 0, updated: sameSetup ? updated : 0, added: sameSetup ? added : files.length,
      removed, seconds, embedder: info, problems, read,
    };
  } catch (err) {
    const { rmSync } = await import('node:fs');
    rmSync(staged, { recursive: true, force: true });
    throw err;
  }
}
