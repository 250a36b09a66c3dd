/**
 * The stored vector file (quantised: vectorCompact.ts) searched without hnswlib (hnswFile.ts) must
 * return what hnswlib returns from the same file, bit for bit: same labels, same order, same
 * similarities, on graphs with several levels, deleted and replaced slots, and duplicate vectors
 * (ties). Quantising loses little, does not drift over rebuilds, and leaves no temporary file.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HnswFile } from '../src/index/hnswFile.js';
import { HnswIndex } from '../src/index/hnswIndex.js';
import { tempDir } from './helpers.js';

const PARAMS = { m: 16, efConstruction: 64, ef: 48 };

/** Saves `index` to `path` and loads it back into hnswlib, as a front end does. */
function saveAndLoad(index: HnswIndex, path: string, dim: number) {
  const saved = { ...index.save(path), count: index.size, deleted: index.deleted };
  return { saved, loaded: HnswIndex.load({ dim, ...PARAMS }, path, saved) };
}

function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function graph(dim: number, n: number, seed: number) {
  const rand = rng(seed);
  const vec = () => Array.from({ length: dim }, () => rand() * 2 - 1);
  const index = new HnswIndex({ dim, ...PARAMS }, 64);
  const kept: number[][] = [];
  for (let label = 0; label < n; label++) {
    // Every 7th vector repeats an earlier one: exact ties, which hnswlib orders by its heaps.
    const v = label % 7 === 6 ? kept[Math.floor(rand() * kept.length)]! : vec();
    kept.push(v);
    index.addLabeled(label, v);
  }
  return { index, vec, rand, kept };
}

describe('vector file search without hnswlib', () => {
  it('returns exactly what hnswlib returns, with deleted and replaced slots and ties', () => {
    const dir = tempDir();
    const { index, vec, rand, kept } = graph(32, 3000, 7);
    const path = join(dir, 'a.hnsw');
    const compare = (label: string) => {
      const { saved, loaded } = saveAndLoad(index, path, 32);
      const file = new HnswFile(path, 32, saved, 48);
      let differing = 0;
      for (let i = 0; i < 300; i++) {
        const q = i % 5 === 0 ? kept[Math.floor(rand() * kept.length)]! : vec(); // a stored vector: ties at distance 0
        for (const k of [1, 10, 60]) {
          const want = loaded.searchLabels(q, k);
          const got = file.searchLabels(q, k);
          if (JSON.stringify(got) !== JSON.stringify(want)) differing++;
        }
      }
      file.close();
      expect(differing, label).toBe(0);
    };
    compare('whole graph');
    // Deleted slots change hnswlib's search (deleted nodes lead the way but are never returned).
    for (let label = 0; label < 3000; label += 11) index.remove(label);
    compare('with deleted slots');
    // New vectors fill deleted slots under new labels.
    for (let label = 5000; label < 5150; label++) index.addLabeled(label, vec());
    compare('with replaced slots');
  });

  it('checks every block it reads: damage in a vector it visits is reported, never used', () => {
    const dir = tempDir();
    const { index, vec } = graph(32, 500, 3);
    const path = join(dir, 'c.hnsw');
    const { saved, loaded } = saveAndLoad(index, path, 32);
    const q = vec();
    const clean = new HnswFile(path, 32, saved, 48);
    expect(clean.searchLabels(q, 5)).toEqual(loaded.searchLabels(q, 5));
    clean.close();
    // One byte of a vector in the level-0 block (element 250's data), changed: the search reads it.
    const buf = readFileSync(path);
    const perElement = Number(buf.readBigUInt64LE(24));
    const dataOffset = Number(buf.readBigUInt64LE(40));
    buf[96 + 250 * perElement + dataOffset + 5]! ^= 0x40;
    writeFileSync(path, buf);
    const damaged = new HnswFile(path, 32, saved, 48);
    expect(() => {
      for (let i = 0; i < 50; i++) damaged.searchLabels(i === 0 ? index.vector(250) : vec(), 500);
    }).toThrow(/checksum does not match the manifest \(block \d+\)/);
    damaged.close();
    // Damage in the header (the entry point) is found on opening.
    buf.writeUInt32LE(0xdeadbeef, 52);
    writeFileSync(path, buf);
    expect(() => new HnswFile(path, 32, saved, 48)).toThrow(/checksum/);
  });

  it("searches 512-dimension vectors (the embedders' size) as hnswlib does, and refuses other layouts", () => {
    const dir = tempDir();
    const { index, vec } = graph(512, 600, 11);
    const path = join(dir, 'b.hnsw');
    const { saved, loaded } = saveAndLoad(index, path, 512);
    const file = new HnswFile(path, 512, saved, 48);
    for (let i = 0; i < 50; i++) {
      const q = vec();
      expect(file.searchLabels(q, 10)).toEqual(loaded.searchLabels(q, 10));
    }
    file.close();
    expect(() => new HnswFile(path, 100, saved, 48)).toThrow(/multiples of 16/);
    expect(() => new HnswFile(path, 256, saved, 48)).toThrow(/layout/);
    expect(() => new HnswFile(path, 512, { ...saved, bytes: saved.bytes + 1 }, 48)).toThrow(/bytes, the manifest says/);
  });

  it('stores vectors in a quarter of the space, close to the originals, the same after every rebuild', () => {
    const dir = tempDir();
    const dim = 512;
    const rand = rng(5);
    const index = new HnswIndex({ dim, ...PARAMS }, 64);
    for (let label = 0; label < 400; label++)
      index.addLabeled(
        label,
        Array.from({ length: dim }, () => rand() * 2 - 1),
      );
    const first = join(dir, 'first.hnsw');
    const { saved, loaded } = saveAndLoad(index, first, dim);
    // 4 + 512 bytes a vector instead of 2,048 (links and labels as they were).
    const floatBytes = 96 + 400 * (132 + 4 * dim + 8);
    expect(saved.bytes).toBeLessThan(floatBytes * 0.35);
    // Each vector within a small angle of the original (cosine similarity of the pair).
    for (let label = 0; label < 400; label += 7) {
      const a = index.vector(label);
      const b = loaded.vector(label);
      const dot = a.reduce((s, x, i) => s + x * b[i]!, 0);
      const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
      expect(dot / (norm(a) * norm(b))).toBeGreaterThan(0.9999);
    }
    // A query near a stored vector (a paraphrase, say) finds it first, quantised or not.
    let found = 0;
    const targets = Array.from({ length: 100 }, (_, i) => i * 4);
    for (const label of targets) {
      const q = index.vector(label).map((x) => x + (rand() - 0.5) * 0.02);
      if (index.searchLabels(q, 1)[0]!.label === label && loaded.searchLabels(q, 1)[0]!.label === label) found++;
    }
    expect(found).toBe(targets.length);
    // Loaded and saved again (an incremental build with no change): the same bytes, no drift.
    const second = join(dir, 'second.hnsw');
    loaded.save(second);
    expect(readFileSync(second).equals(readFileSync(first))).toBe(true);
    expect(statSync(second).size).toBe(saved.bytes);
    // Changed (slots deleted, replaced, added), then saved reusing the unchanged vectors of the file
    // it was loaded from: the same bytes as quantising every vector again.
    for (let label = 0; label < 400; label += 9) loaded.remove(label);
    for (let label = 1000; label < 1080; label++)
      loaded.addLabeled(
        label,
        Array.from({ length: dim }, () => rand() * 2 - 1),
      );
    const reused = join(dir, 'reused.hnsw');
    const fresh = join(dir, 'fresh.hnsw');
    loaded.save(reused, first);
    loaded.save(fresh);
    expect(readFileSync(reused).equals(readFileSync(fresh))).toBe(true);
    // Nothing of hnswlib's own file is left beside the stored one, nor in the temporary folder.
    expect(readdirSync(dir).sort()).toEqual(['first.hnsw', 'fresh.hnsw', 'reused.hnsw', 'second.hnsw']);
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('.beian-vectors-'))).toEqual([]);
  });
});
