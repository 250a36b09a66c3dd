/**
 * The stored vector file: hnswlib's own file with every vector quantised to 8 bits.
 *
 * float32 vectors of 512 dimensions were 3.6× the raw text at 20k files, more than the whole index
 * may take. Here each vector is kept as one float32 scale (its largest |component| / 127) followed by
 * `dim` int8s: 516 bytes instead of 2,048. Everything else is hnswlib's file as written (header,
 * link lists, labels, deleted marks), with the header's element size and label offset adjusted.
 *
 * hnswlib reads only its own layout: a front end that loads the index into hnswlib first expands
 * the file back to float32 (expandedFile: a temporary file, unlinked before hnswlib opens it where
 * the system allows). The one-shot searcher (hnswFile.ts) dequantises the nodes it reads the same
 * way, so both search the same numbers. Dequantising and quantising again gives the same bytes, so
 * an incremental build does not drift.
 */
import { closeSync, existsSync, fstatSync, fsyncSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactVectorBytes, floatVectorBytes, readHnswHeader } from './vectorFile.js';

const f = Math.fround;
const HEADER = 96;
/** Elements converted per read: ~2 MB of float32 vectors of 512 dimensions. */
const BATCH = 1024;

/** The vector stored at `at` of `raw` (scale, then int8s), as the float32s every reader uses. */
export function dequantize(raw: Buffer, at: number, dim: number, out = new Float32Array(dim)): Float32Array {
  const scale = raw.readFloatLE(at);
  const q = new Int8Array(raw.buffer, raw.byteOffset + at + 4, dim);
  for (let i = 0; i < dim; i++) out[i] = f(q[i]! * scale);
  return out;
}

function quantizeInto(v: Float32Array, out: Buffer, at: number): void {
  let max = 0;
  for (let i = 0; i < v.length; i++) max = Math.max(max, Math.abs(v[i]!));
  const scale = f(max / 127);
  out.writeFloatLE(scale, at);
  const q = new Int8Array(out.buffer, out.byteOffset + at + 4, v.length);
  for (let i = 0; i < v.length; i++) q[i] = scale > 0 ? Math.max(-127, Math.min(127, Math.round(v[i]! / scale))) : 0;
}

/**
 * Rewrites hnswlib's file at `from` into `to` with vectors of `toBytes` each (one of the two forms),
 * element by element through a small buffer, and fsyncs it.
 */
function convert(from: string, to: string, dim: number, toCompact: boolean): void {
  const src = openSync(from, 'r');
  let dst: number | undefined;
  try {
    dst = openSync(to, 'w');
    convertFd(src, dst, dim, toCompact);
    fsyncSync(dst);
  } finally {
    if (dst !== undefined) closeSync(dst);
    closeSync(src);
  }
}

function convertFd(src: number, dst: number, dim: number, toCompact: boolean): void {
  const size = fstatSync(src).size;
  const read = (at: number, n: number) => {
    const b = Buffer.alloc(n);
    if (readSync(src, b, 0, n, at) !== n) throw new Error('vector file is shorter than its layout');
    return b;
  };
  let out = 0;
  const write = (b: Buffer) => {
    let done = 0;
    while (done < b.length) done += writeSync(dst, b, done, b.length - done, out + done);
    out += b.length;
  };
  const header = read(0, HEADER);
  const h = readHnswHeader(header);
  const fromBytes = toCompact ? floatVectorBytes(dim) : compactVectorBytes(dim);
  const toBytes = toCompact ? compactVectorBytes(dim) : floatVectorBytes(dim);
  if (h.labelOffset - h.dataOffset !== fromBytes) throw new Error(`vector file does not hold vectors of ${dim} dimensions`);
  const perElement = h.perElement - fromBytes + toBytes;
  header.writeBigUInt64LE(BigInt(perElement), 24);
  header.writeBigUInt64LE(BigInt(h.dataOffset + toBytes), 32);
  write(header);
  const vector = new Float32Array(dim);
  for (let first = 0; first < h.count; first += BATCH) {
    const n = Math.min(BATCH, h.count - first);
    const raw = read(HEADER + first * h.perElement, n * h.perElement);
    const rawView = new DataView(raw.buffer, raw.byteOffset, raw.length);
    const conv = Buffer.alloc(n * perElement);
    const convView = new DataView(conv.buffer, conv.byteOffset, conv.length);
    for (let i = 0; i < n; i++) {
      const a = i * h.perElement;
      const b = i * perElement;
      raw.copy(conv, b, a, a + h.dataOffset); // level-0 links
      if (toCompact) {
        for (let j = 0; j < dim; j++) vector[j] = rawView.getFloat32(a + h.dataOffset + 4 * j, true);
        quantizeInto(vector, conv, b + h.dataOffset);
      } else {
        dequantize(raw, a + h.dataOffset, dim, vector);
        for (let j = 0; j < dim; j++) convView.setFloat32(b + h.dataOffset + 4 * j, vector[j]!, true);
      }
      raw.copy(conv, b + h.dataOffset + toBytes, a + h.labelOffset, a + h.perElement); // label
    }
    write(conv);
  }
  // The upper-level link lists, as they are.
  for (let at = HEADER + h.count * h.perElement; at < size; ) {
    const n = Math.min(1 << 21, size - at);
    write(read(at, n));
    at += n;
  }
}

/** hnswlib's file at `floatPath` stored quantised at `path` (fsynced). */
export function compactVectorFile(floatPath: string, path: string, dim: number): void {
  convert(floatPath, path, dim, true);
}

/**
 * The stored vector file at `path` expanded back to hnswlib's own layout, in a temporary file under
 * the system's temporary folder. Where /proc/self/fd exists the file is unlinked before hnswlib
 * opens it (through its descriptor), so a process killed while loading leaves nothing behind;
 * elsewhere it is removed by dispose().
 */
function expandToTemp(path: string, dim: number): { floatPath: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'beian-vectors-'));
  const file = join(dir, 'vectors.hnsw');
  let fd: number | undefined;
  const dispose = () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    fd = openSync(file, 'w+', 0o600);
    const viaFd = `/proc/self/fd/${fd}`;
    const anonymous = existsSync(viaFd);
    if (anonymous) rmSync(dir, { recursive: true, force: true });
    const src = openSync(path, 'r');
    try {
      convertFd(src, fd, dim, false);
    } finally {
      closeSync(src);
    }
    return { floatPath: anonymous ? viaFd : file, dispose };
  } catch (err) {
    dispose();
    throw err;
  }
}

/** Runs `use` with a path to the stored vector file expanded back to hnswlib's own layout. */
export async function withExpandedFile<T>(path: string, dim: number, use: (floatPath: string) => Promise<T>): Promise<T> {
  const t = expandToTemp(path, dim);
  try {
    return await use(t.floatPath);
  } finally {
    t.dispose();
  }
}

/** withExpandedFile, synchronously. */
export function withExpandedFileSync<T>(path: string, dim: number, use: (floatPath: string) => T): T {
  const t = expandToTemp(path, dim);
  try {
    return use(t.floatPath);
  } finally {
    t.dispose();
  }
}
