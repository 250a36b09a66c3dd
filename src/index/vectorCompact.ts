/**
 * The stored vector file: hnswlib's own file with every vector quantised to 8 bits.
 *
 * float32 vectors of 512 dimensions were 3.6× the raw text at 20k files, more than the whole index
 * may take. Here each vector is kept as one float32 scale (its largest |component| / 127) followed by
 * `dim` int8s: 516 bytes instead of 2,048. Everything else is hnswlib's file as written (header,
 * link lists, labels, deleted marks), with the header's element size and label offset adjusted.
 *
 * hnswlib reads only its own layout: a front end that loads the index into hnswlib first expands
 * the file back to float32 (withExpandedFile: a temporary file, unlinked before hnswlib opens it
 * where the system allows). The one-shot searcher (hnswFile.ts) dequantises the nodes it reads the same
 * way, so both search the same numbers. Dequantising and quantising again gives the same bytes, so
 * an incremental build does not drift.
 */
import { closeSync, existsSync, fstatSync, fsyncSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlockCrcs } from './fileCrc.js';
import { BLOCK_BYTES, checkVectorFile, compactVectorBytes, crcOfBlocks, floatVectorBytes, readHnswHeader, type ExpectedFile } from './vectorFile.js';

const f = Math.fround;

/** The expansion could not be written (temporary folder missing, full, read-only): the file itself is fine. */
export class ExpansionError extends Error {}
const HEADER = 96;
/** Elements converted per read: ~2 MB of float32 vectors of 512 dimensions. */
const BATCH = 1024;

/** The vector stored at `at` of `raw` (scale, then int8s), as the float32s every reader uses. */
export function dequantize(raw: Buffer, at: number, dim: number, out = new Float32Array(dim)): Float32Array {
  dequantizeInto(new Int8Array(raw.buffer, raw.byteOffset + at + 4, dim), raw.readFloatLE(at), out);
  return out;
}

function dequantizeInto(q: Int8Array, scale: number, v: Float32Array): void {
  for (let j = 0; j < q.length; j++) v[j] = f(q[j]! * scale);
}

/** Quantises `v` into a scale at `scale[0]` and int8s in `q`. */
function quantizeInto(v: Float32Array, scale: Float32Array, q: Int8Array): void {
  let max = 0;
  for (let i = 0; i < v.length; i++) max = Math.max(max, Math.abs(v[i]!));
  const s = f(max / 127);
  scale[0] = s;
  for (let i = 0; i < v.length; i++) q[i] = s > 0 ? Math.max(-127, Math.min(127, Math.round(v[i]! / s))) : 0;
}

/**
 * Rewrites a vector file into the other form (hnswlib's → stored, or back), element by element
 * through a small buffer. `previous`: a stored file whose quantised vectors are copied, not
 * computed again, for elements that hold the same label at the same place (a label is a passage
 * id, whose vector never changes; quantising a dequantised vector gives the same bytes). `sums`:
 * block checksums of the bytes read and written, taken on the way. Returns the bytes written.
 */
function convertFd(src: number, dst: number, dim: number, toCompact: boolean, previous?: number, sums: { read?: BlockCrcs; written?: BlockCrcs } = {}): number {
  const size = fstatSync(src).size;
  // One reading buffer for the whole file, grown as needed: a buffer per batch would leave ~250 MB of
  // dead buffers at 20k files for the garbage collector, which a build's peak memory cannot spare.
  let inBuf = Buffer.allocUnsafeSlow(0);
  const read = (at: number, n: number) => {
    if (inBuf.length < n) inBuf = Buffer.allocUnsafeSlow(n); // unpooled, so aligned for typed views
    const b = inBuf.subarray(0, n);
    if (readSync(src, b, 0, n, at) !== n) throw new Error('vector file is shorter than its layout'); // every byte read into
    sums.read?.add(b); // the file is read in order, start to end
    return b;
  };
  let out = 0;
  const write = (b: Buffer) => {
    let done = 0;
    try {
      while (done < b.length) done += writeSync(dst, b, done, b.length - done, out + done);
    } catch (err) {
      throw toCompact ? err : new ExpansionError(`cannot write the expanded vectors (${(err as Error).message})`);
    }
    sums.written?.add(b);
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
  // Typed views need 4-byte alignment: hnswlib's sizes are multiples of 4, and so are ours.
  if (h.dataOffset % 4 || h.perElement % 4 || perElement % 4) throw new Error('vector file has an unexpected layout');
  const prev = previous === undefined ? undefined : previousFile(previous, h.dataOffset, perElement, toBytes);
  // The output buffer, reused batch after batch. Expanded elements are written whole (links, vector,
  // label); a stored vector's padding bytes are never written, so they stay zero.
  const outBuf = Buffer.alloc(Math.min(BATCH, h.count) * perElement);
  for (let first = 0; first < h.count; first += BATCH) {
    const n = Math.min(BATCH, h.count - first);
    const raw = read(HEADER + first * h.perElement, n * h.perElement);
    const conv = outBuf.subarray(0, n * perElement);
    // Typed views in the machine's byte order, which is hnswlib's (it writes its memory as it is); a
    // view per vector, indexed from 0, runs about twice as fast as offsets into one view of the batch.
    const rb = raw.buffer;
    const cb = conv.buffer;
    const before = prev && first < prev.count ? prev.read(first, Math.min(n, prev.count - first)) : undefined;
    for (let i = 0; i < n; i++) {
      const a = i * h.perElement;
      const b = i * perElement;
      raw.copy(conv, b, a, a + h.dataOffset); // level-0 links
      // The previous file's element at the same place (same layout: same offset as in `conv`).
      if (toCompact && before && b < before.length && raw.compare(before, b + h.dataOffset + toBytes, b + perElement, a + h.labelOffset, a + h.perElement) === 0)
        before.copy(conv, b + h.dataOffset, b + h.dataOffset, b + h.dataOffset + toBytes);
      else if (toCompact) {
        const at = conv.byteOffset + b + h.dataOffset;
        quantizeInto(new Float32Array(rb, raw.byteOffset + a + h.dataOffset, dim), new Float32Array(cb, at, 1), new Int8Array(cb, at + 4, dim));
      } else dequantizeInto(new Int8Array(rb, raw.byteOffset + a + h.dataOffset + 4, dim), new Float32Array(rb, raw.byteOffset + a + h.dataOffset, 1)[0]!, new Float32Array(cb, conv.byteOffset + b + h.dataOffset, dim));
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
  return out;
}

/** The elements of a stored file with this layout, read by ranges (or undefined: another layout). */
function previousFile(fd: number, dataOffset: number, perElement: number, vectorBytes: number) {
  const header = Buffer.alloc(HEADER);
  if (readSync(fd, header, 0, HEADER, 0) !== HEADER) return undefined;
  const h = readHnswHeader(header);
  if (h.dataOffset !== dataOffset || h.perElement !== perElement || h.labelOffset !== dataOffset + vectorBytes) return undefined;
  const buf = Buffer.allocUnsafeSlow(BATCH * perElement);
  return {
    count: h.count,
    read(first: number, n: number): Buffer {
      const b = buf.subarray(0, n * perElement);
      return b.subarray(0, readSync(fd, b, 0, b.length, HEADER + first * perElement));
    },
  };
}

/**
 * hnswlib's file at `floatPath` stored quantised at `path` (fsynced), with its size and checksums
 * (taken as it is written). With `previousPath` (the stored file this index was loaded from)
 * unchanged vectors are copied from it.
 */
export function compactVectorFile(floatPath: string, path: string, dim: number, previousPath?: string): { bytes: number; crc: number; blocks: Uint32Array } {
  const src = openSync(floatPath, 'r');
  const prev = previousPath === undefined ? undefined : openSync(previousPath, 'r');
  let dst: number | undefined;
  try {
    dst = openSync(path, 'w');
    const written = new BlockCrcs(BLOCK_BYTES);
    const bytes = convertFd(src, dst, dim, true, prev, { written });
    fsyncSync(dst);
    const blocks = written.finish();
    return { bytes, crc: crcOfBlocks(blocks), blocks };
  } finally {
    if (dst !== undefined) closeSync(dst);
    if (prev !== undefined) closeSync(prev);
    closeSync(src);
  }
}

/**
 * The stored vector file at `path` expanded back to hnswlib's own layout, in a temporary file under
 * `parent` (the system's temporary folder for readers; a build uses its index folder). Where
 * /proc/self/fd exists the file is unlinked before hnswlib opens it (through its descriptor), so a
 * process killed while loading leaves nothing behind; elsewhere it is removed by dispose().
 *
 * The stored file is checked against the manifest (size, checksums taken while expanding it, layout)
 * before the expansion is handed on, so a damaged file never reaches hnswlib; when expanding fails
 * on the way, the whole check names the damage.
 */
function expandToTemp(path: string, dim: number, expect: ExpectedFile, parent: string): { floatPath: string; dispose: () => void } {
  // No room for the expansion: the file is still checked whole (the caller may search it in place).
  const noRoom = (err: unknown) => {
    const fd = openSync(path, 'r');
    try {
      checkVectorFile(fd, dim, expect);
    } finally {
      closeSync(fd);
    }
    return new ExpansionError(`no room for the expanded vectors (${(err as Error).message})`);
  };
  let dir: string;
  try {
    dir = mkdtempSync(join(parent, '.beian-vectors-'));
  } catch (err) {
    throw noRoom(err);
  }
  const file = join(dir, 'vectors.hnsw');
  let fd: number | undefined;
  const dispose = () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    try {
      fd = openSync(file, 'w+', 0o600);
    } catch (err) {
      throw noRoom(err);
    }
    const viaFd = `/proc/self/fd/${fd}`;
    const anonymous = existsSync(viaFd);
    if (anonymous) rmSync(dir, { recursive: true, force: true });
    const src = openSync(path, 'r');
    try {
      const read = new BlockCrcs(BLOCK_BYTES);
      try {
        convertFd(src, fd, dim, false, undefined, { read });
      } catch (err) {
        if (!(err instanceof ExpansionError)) checkVectorFile(src, dim, expect);
        throw err;
      }
      checkVectorFile(src, dim, expect, read.finish());
    } finally {
      closeSync(src);
    }
    return { floatPath: anonymous ? viaFd : file, dispose };
  } catch (err) {
    dispose();
    throw err;
  }
}

/** Runs `use` with a path to the stored vector file, checked, expanded back to hnswlib's own layout. */
export async function withExpandedFile<T>(path: string, dim: number, expect: ExpectedFile, use: (floatPath: string) => Promise<T>, parent = tmpdir()): Promise<T> {
  const t = expandToTemp(path, dim, expect, parent);
  try {
    return await use(t.floatPath);
  } finally {
    t.dispose();
  }
}

/** withExpandedFile, synchronously. */
export function withExpandedFileSync<T>(path: string, dim: number, expect: ExpectedFile, use: (floatPath: string) => T, parent = tmpdir()): T {
  const t = expandToTemp(path, dim, expect, parent);
  try {
    return use(t.floatPath);
  } finally {
    t.dispose();
  }
}
