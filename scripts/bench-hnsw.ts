/**
 * Chooses the hnsw settings by measurement: recall@10 against exact (brute-force cosine) search
 * and build time, on the passages of the realistic archive (weight-free embedder); recall also as
 * served, from the stored file (vectors quantised to 8 bits, vectorCompact.ts) loaded back.
 *   npx tsx scripts/bench-hnsw.ts [--files 5000] [--queries 300] [--settings 16x200,16x100,…]   (M x efConstruction)
 * Queries: the dev questions plus one sentence of randomly chosen passages (fixed seed).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_CHUNKING } from '../src/ingest/chunk.js';
import { ingestText } from '../src/ingest/ingestText.js';
import { HashEmbeddings } from '../src/index/embeddings/hashEmbeddings.js';
import { HnswIndex } from '../src/index/hnswIndex.js';
import { arg } from './benchChild.js';
import { generateCorpusScale } from './gen-scale.js';
import { mulberry32 } from './make-tiny-onnx.js';

const ROOT = resolve(import.meta.dirname, '..');
const files = Number(arg('--files', '5000'));
const nq = Number(arg('--queries', '300'));

const { dir } = generateCorpusScale({ files, corpus: join(ROOT, 'corpus'), registerRows: 0 });
const texts: string[] = [];
for (const f of readdirSync(dir).sort())
  for (const p of ingestText(f, readFileSync(join(dir, f), 'utf8'), DEFAULT_CHUNKING).passages) texts.push(p.text);
rmSync(dir, { recursive: true, force: true });
const emb = new HashEmbeddings();
const vectors = texts.map((t) => emb.embedOne(t));
const dim = emb.dim;
const flat = new Float32Array(vectors.length * dim);
vectors.forEach((v, i) => flat.set(v, i * dim));

const rand = mulberry32(7);
const dev = resolve(ROOT, '../shared/eval/dev.jsonl');
const queryTexts = existsSync(dev)
  ? readFileSync(dev, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { q: string }).q)
  : [];
while (queryTexts.length < nq) {
  const t = texts[Math.floor(rand() * texts.length)]!;
  queryTexts.push(t.split(/(?<=[。！？])/)[0]!);
}
const queries = queryTexts.map((q) => emb.embedOne(q));

/** Exact top 10 by cosine (vectors are normalised: dot product). */
const exact = queries.map((q) => {
  const scores = new Float32Array(vectors.length);
  for (let i = 0; i < vectors.length; i++) {
    let s = 0;
    const o = i * dim;
    for (let d = 0; d < dim; d++) s += q[d]! * flat[o + d]!;
    scores[i] = s;
  }
  const top = [...scores.keys()].sort((a, b) => scores[b]! - scores[a]!).slice(0, 10);
  // Ties at the 10th place (duplicated paragraphs) count as right answers.
  return { scores, tenth: scores[top[9]!]! - 1e-6 };
});

const settings = arg('--settings', '16x200,16x100,24x100,16x64,8x64')
  .split(',')
  .map((x) => x.split('x').map(Number) as [number, number])
  .map(([m, efConstruction]) => ({ m, efConstruction }));
const EFS = [64, 128, 256];
process.stdout.write(`${vectors.length} passages from ${files} files, ${queries.length} queries, dim ${dim}\n`);
process.stdout.write(
  `M   efC  build s  | recall@10 (tie-aware) at ef=${EFS.join(', ')} | the same as stored (8-bit) | query ms at each ef\n`,
);
const work = mkdtempSync(join(tmpdir(), 'bench-hnsw-'));
for (const s of settings) {
  const t0 = performance.now();
  const idx = new HnswIndex({ dim, m: s.m, efConstruction: s.efConstruction, ef: 64 }, vectors.length);
  vectors.forEach((v, i) => idx.addLabeled(i, v));
  const build = (performance.now() - t0) / 1000;
  const path = join(work, 'vectors.hnsw');
  const params = { dim, m: s.m, efConstruction: s.efConstruction, ef: 64 };
  const stored = HnswIndex.load(params, path, { ...idx.save(path), count: idx.size, deleted: 0 });
  const recall = (index: HnswIndex, ef: number) => {
    (index as unknown as { settings: { ef: number } }).settings.ef = ef;
    let hit = 0;
    const t1 = performance.now();
    queries.forEach((q, i) => {
      const { scores, tenth } = exact[i]!;
      for (const h of index.searchLabels(q, 10)) if (scores[h.label]! >= tenth) hit++;
    });
    return { recall: (hit / (queries.length * 10)).toFixed(3), ms: ((performance.now() - t1) / queries.length).toFixed(2) };
  };
  const inMemory = EFS.map((ef) => recall(idx, ef));
  const asStored = EFS.map((ef) => recall(stored, ef));
  const row = `${String(s.m).padEnd(3)} ${String(s.efConstruction).padEnd(4)} ${build.toFixed(1).padStart(7)}  | ${inMemory.map((r) => r.recall).join('  ')} | ${asStored.map((r) => r.recall).join('  ')} | ${inMemory.map((r) => r.ms).join('  ')}`;
  process.stdout.write(row + '\n');
}
rmSync(work, { recursive: true, force: true });
