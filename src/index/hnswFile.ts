/**
 * Searches the stored vector file (hnswlib's layout, vectors quantised: vectorCompact.ts) without
 * loading it: a one-shot question reads the few thousand nodes its search visits (~3 MB of a 75 MB
 * file at 20k files) instead of expanding the whole file for hnswlib, which costs ~0.35 s of CPU to
 * load, as much again in page faults, and 250 MB of memory. Vectors are dequantised as hnswlib's
 * expanded copy holds them.
 *
 * The search is hnswlib 0.8's `searchKnn`, step for step, with its arithmetic: float32 distances
 * summed as its SSE kernel sums them (hnswlib-node is built without AVX), the query normalised as
 * hnswlib-node normalises it, and both priority queues kept as libstdc++'s heap algorithms keep
 * them, so that equal distances are visited and kept in the same order. It returns what hnswlib
 * returns, bit for bit (test/hnswFile.test.ts compares the two on graphs with deleted slots and
 * duplicate vectors). Only dimensions that are a multiple of 16 are supported (both embedders: 512).
 *
 * Nothing is used unchecked: the file's size must be the manifest's, and every 4 KiB block read is
 * checked against the manifest's block checksums (vectorFile.ts) before it is used, so a damaged
 * file is found as surely as by the whole-file checksum, for the part a question reads.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { dequantize } from './vectorCompact.js';
import { BLOCK_BYTES, compactVectorBytes, decodeBlocks, readHnswHeader, walkLinkLists, type ExpectedFile } from './vectorFile.js';

const f = Math.fround;

/** One node's level-0 data, read once. */
interface Node {
  links: Uint32Array;
  deleted: boolean;
  vector: Float32Array;
  label: number;
}

export class HnswFile {
  private readonly fd: number;
  private readonly count: number;
  private readonly perElement: number;
  private readonly labelOffset: number;
  private readonly dataOffset: number;
  private readonly maxLevel: number;
  private readonly entryPoint: number;
  private readonly maxElements: number;
  /** Byte offset of each element's upper-level link lists (-1: level 0 only). */
  private readonly upperAt: Float64Array;
  private readonly upperLinkBytes: number;
  private readonly nodes = new Map<number, Node>();
  private readonly ef: number;
  private readonly deleted: number;
  private readonly blocks: Uint32Array;
  /** Blocks already checked. */
  private readonly verified: Uint8Array;

  /**
   * @param expect the manifest's description: size, block checksums, and the number of deleted
   *   slots (hnswlib picks its search variant by it; counting the marks here would read the whole file)
   */
  constructor(
    path: string,
    private readonly dim: number,
    expect: Pick<ExpectedFile, 'bytes' | 'deleted' | 'blocks'>,
    ef: number,
  ) {
    if (dim % 16 !== 0) throw new Error(`vectors of ${dim} dimensions: only multiples of 16 are searched from the file`);
    if (expect.blocks === undefined) throw new Error('the manifest has no block checksums for it');
    this.ef = ef;
    this.deleted = expect.deleted;
    this.blocks = decodeBlocks(expect.blocks);
    this.verified = new Uint8Array(this.blocks.length);
    this.fd = openSync(path, 'r');
    try {
      const size = fstatSync(this.fd).size;
      if (size !== expect.bytes) throw new Error(`vector index has ${size} bytes, the manifest says ${expect.bytes}`);
      if (this.blocks.length !== Math.ceil(size / BLOCK_BYTES)) throw new Error('vector index block checksums do not fit its size');
      const h = readHnswHeader(this.read(0, 96));
      ({ maxElements: this.maxElements, count: this.count, perElement: this.perElement, labelOffset: this.labelOffset, dataOffset: this.dataOffset } = h);
      this.maxLevel = h.maxLevel;
      this.entryPoint = h.entryPoint;
      this.upperLinkBytes = h.maxM * 4 + 4;
      if (h.offsetLevel0 !== 0 || this.labelOffset - this.dataOffset !== compactVectorBytes(dim)) throw new Error('not a vector file of this layout');
      const start = 96 + this.count * this.perElement;
      const walked = start <= size ? walkLinkLists(this.read(start, size - start), this.count) : 'the level-0 block is cut';
      if (typeof walked === 'string') throw new Error(`vector index is not valid (${walked})`);
      if (start + walked.end !== size) throw new Error(`vector index is not valid (${size} bytes where ${start + walked.end} were expected)`);
      this.upperAt = walked.starts.map((at) => (at < 0 ? -1 : start + at));
    } catch (err) {
      closeSync(this.fd);
      throw err;
    }
  }

  get size(): number {
    return this.count - this.deleted;
  }

  close(): void {
    closeSync(this.fd);
  }

  /** The k nearest labels with their cosine similarity, best first: HnswIndex.searchLabels over the file. */
  searchLabels(query: readonly number[], k: number): { label: number; similarity: number }[] {
    const n = Math.min(this.size, k);
    if (n <= 0) return [];
    const ef = Math.max(this.ef, n);
    return this.searchKnn(normalised(query), n, ef).map(([dist, label]) => ({ label, similarity: 1 - dist }));
  }

  /** hnswlib's searchKnn: greedy descent through the upper levels, then the level-0 search with ef. */
  private searchKnn(q: Float32Array, k: number, ef: number): [dist: number, label: number][] {
    let curr = this.entryPoint;
    let currDist = this.distance(q, this.node(curr).vector);
    for (let level = this.maxLevel; level > 0; level--) {
      let changed = true;
      while (changed) {
        changed = false;
        for (const cand of this.upperLinks(curr, level)) {
          if (cand > this.maxElements) throw new Error('vector file link out of range');
          const d = this.distance(q, this.node(cand).vector);
          if (d < currDist) {
            currDist = d;
            curr = cand;
            changed = true;
          }
        }
      }
    }
    const top = this.searchBaseLayer(curr, q, ef, this.deleted === 0);
    while (top.size() > k) top.pop();
    // hnswlib's result queue orders (distance, label) pairs; hnswlib-node lists them best first.
    const out: [number, number][] = [];
    while (top.size()) {
      const [d, id] = top.pop();
      out.push([d, this.node(id).label]);
    }
    return out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  }

  private searchBaseLayer(ep: number, q: Float32Array, ef: number, bareBone: boolean): Heap {
    const visited = new Set<number>();
    const top = new Heap(); // max-heap of (distance, id)
    const candidates = new Heap(); // max-heap of (-distance, id)
    let lowerBound: number;
    const epNode = this.node(ep);
    if (bareBone || !epNode.deleted) {
      const d = this.distance(q, epNode.vector);
      lowerBound = d;
      top.push([d, ep]);
      candidates.push([-d, ep]);
    } else {
      lowerBound = 3.4028234663852886e38; // numeric_limits<float>::max()
      candidates.push([-lowerBound, ep]);
    }
    visited.add(ep);
    while (candidates.size()) {
      const [negDist, current] = candidates.peek();
      const candDist = -negDist;
      if (bareBone ? candDist > lowerBound : candDist > lowerBound && top.size() === ef) break;
      candidates.pop();
      for (const cand of this.node(current).links) {
        if (visited.has(cand)) continue;
        visited.add(cand);
        const node = this.node(cand);
        const d = this.distance(q, node.vector);
        if (top.size() < ef || lowerBound > d) {
          candidates.push([-d, cand]);
          if (bareBone || !node.deleted) top.push([d, cand]);
          while (top.size() > ef) top.pop();
          if (top.size()) lowerBound = top.peek()[0];
        }
      }
    }
    return top;
  }

  /** 1 − the inner product, in float32 and in the order of hnswlib's SSE kernel (4 lanes, then their sum). */
  private distance(q: Float32Array, v: Float32Array): number {
    let l0 = 0;
    let l1 = 0;
    let l2 = 0;
    let l3 = 0;
    for (let i = 0; i < this.dim; i += 4) {
      l0 = f(l0 + f(q[i]! * v[i]!));
      l1 = f(l1 + f(q[i + 1]! * v[i + 1]!));
      l2 = f(l2 + f(q[i + 2]! * v[i + 2]!));
      l3 = f(l3 + f(q[i + 3]! * v[i + 3]!));
    }
    return f(1 - f(f(f(l0 + l1) + l2) + l3));
  }

  private node(id: number): Node {
    let node = this.nodes.get(id);
    if (!node) {
      if (id >= this.count) throw new Error('vector file link out of range');
      const raw = this.read(96 + id * this.perElement, this.perElement);
      const size = raw.readUInt16LE(0);
      if (size > (this.dataOffset - 4) / 4) throw new Error('vector file link list out of range');
      node = {
        links: new Uint32Array(raw.buffer, raw.byteOffset + 4, size),
        deleted: (raw[2]! & 1) !== 0,
        vector: dequantize(raw, this.dataOffset, this.dim),
        label: Number(raw.readBigUInt64LE(this.labelOffset)),
      };
      this.nodes.set(id, node);
    }
    return node;
  }

  private upperLinks(id: number, level: number): Uint32Array {
    const at = this.upperAt[id]!;
    if (at < 0) throw new Error('vector file has no upper levels for a node the graph links there');
    const raw = this.read(at + (level - 1) * this.upperLinkBytes, this.upperLinkBytes);
    return new Uint32Array(raw.buffer, raw.byteOffset + 4, raw.readUInt16LE(0));
  }

  /**
   * Bytes [at, at + n) of the file, in a buffer of their own (4-byte aligned for the typed views),
   * read as whole blocks and checked against their checksums (each block once).
   */
  private read(at: number, n: number): Buffer {
    const first = Math.floor(at / BLOCK_BYTES);
    const last = Math.floor((at + n - 1) / BLOCK_BYTES);
    const from = first * BLOCK_BYTES;
    const buf = Buffer.from(new ArrayBuffer((last - first + 1) * BLOCK_BYTES));
    const got = n > 0 ? readSync(this.fd, buf, 0, buf.length, from) : 0;
    if (got < at + n - from) throw new Error('vector index is shorter than its layout');
    for (let b = first; b <= last; b++) {
      if (this.verified[b]) continue;
      const off = (b - first) * BLOCK_BYTES;
      if (crc32(buf.subarray(off, Math.min(got, off + BLOCK_BYTES))) !== this.blocks[b]) throw new Error(`vector index checksum does not match the manifest (block ${b})`);
      this.verified[b] = 1;
    }
    return buf.subarray(at - from, at - from + n);
  }
}

/** The query as hnswlib-node normalises it: float32, divided by its float32 norm. */
function normalised(query: readonly number[]): Float32Array {
  const v = Float32Array.from(query);
  let sum = 0;
  for (const x of v) sum = f(sum + f(x * x));
  const norm = f(Math.sqrt(Math.abs(sum)));
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] = f(v[i]! / norm);
  return v;
}

/**
 * std::priority_queue<pair<float, id>, vector, CompareByFirst> as libstdc++ keeps it: a max-heap on
 * the first element only, with libstdc++'s push_heap and pop_heap, so that ties leave in its order.
 */
class Heap {
  private readonly c: [number, number][] = [];

  size(): number {
    return this.c.length;
  }

  peek(): [number, number] {
    return this.c[0]!;
  }

  push(value: [number, number]): void {
    this.c.push(value);
    this.pushHeap(this.c.length - 1, 0, value);
  }

  pop(): [number, number] {
    const c = this.c;
    const first = c[0]!;
    const len = c.length - 1;
    if (len > 0) {
      // __pop_heap: the last value is sifted in from the root over the first len elements.
      const value = c[len]!;
      c[len] = first;
      this.adjustHeap(0, len, value);
    }
    c.pop();
    return first;
  }

  private pushHeap(hole: number, top: number, value: [number, number]): void {
    const c = this.c;
    let parent = Math.trunc((hole - 1) / 2); // C++ integer division
    while (hole > top && c[parent]![0] < value[0]) {
      c[hole] = c[parent]!;
      hole = parent;
      parent = Math.trunc((hole - 1) / 2);
    }
    c[hole] = value;
  }

  private adjustHeap(hole: number, len: number, value: [number, number]): void {
    const c = this.c;
    const top = hole;
    let second = hole;
    while (second < Math.trunc((len - 1) / 2)) {
      second = 2 * (second + 1);
      if (c[second]![0] < c[second - 1]![0]) second--;
      c[hole] = c[second]!;
      hole = second;
    }
    if ((len & 1) === 0 && second === Math.trunc((len - 2) / 2)) {
      second = 2 * (second + 1);
      c[hole] = c[second - 1]!;
      hole = second - 1;
    }
    this.pushHeap(hole, top, value);
  }
}
