/**
 * A vector file checked without hnswlib: size and checksum against the manifest, and the layout
 * (header, level-0 block, link lists), so that a damaged file is reported instead of reaching
 * native code. The stored file is hnswlib's layout with quantised vectors (vectorCompact.ts); the
 * same walk checks hnswlib's own file after a write. Kept apart from hnswIndex.ts so a check needs
 * no native addon.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { blockCrcsOfFd } from './fileCrc.js';

/** What the manifest says of a vector file. */
export interface ExpectedFile {
  bytes: number;
  /** crc32 of its block checksums (one pass over the file gives both). */
  crc32: number;
  count: number;
  deleted: number;
  /** crc32 of each BLOCK_BYTES block, little-endian u32s in base64: a reader of part of the file checks what it reads. */
  blocks?: string;
}

/** Bytes of one stored (quantised) vector: a float32 scale, then one int8 per dimension (padded to 4 bytes). */
export const compactVectorBytes = (dim: number): number => 4 + Math.ceil(dim / 4) * 4;
/** Bytes of one vector in hnswlib's own file. */
export const floatVectorBytes = (dim: number): number => 4 * dim;

/** The two forms of the file: as stored (quantised vectors) and as hnswlib writes and reads it. */
export type VectorForm = 'stored' | 'hnswlib';
const VECTOR_BYTES: Record<VectorForm, { bytes: (dim: number) => number; dims: (bytes: number) => number }> = {
  stored: { bytes: compactVectorBytes, dims: (b) => b - 4 }, // (a multiple of 4 apart)
  hnswlib: { bytes: floatVectorBytes, dims: (b) => b / 4 },
};

/** The block size of a vector file's block checksums: a stored node of 512-d vectors (656 bytes) lies in one or two. */
export const BLOCK_BYTES = 4096;

/** The manifest's checksum of a vector file: the crc32 of its block checksums. */
export const crcOfBlocks = (blocks: Uint32Array): number => crc32(Buffer.from(blocks.buffer, blocks.byteOffset, blocks.byteLength));

/** The manifest's checksum of the vector file at `path`. */
export function vectorFileCrc(path: string): number {
  const fd = openSync(path, 'r');
  try {
    return crcOfBlocks(blockCrcsOfFd(fd, fstatSync(fd).size, BLOCK_BYTES));
  } finally {
    closeSync(fd);
  }
}

export const encodeBlocks = (blocks: Uint32Array): string => Buffer.from(blocks.buffer, blocks.byteOffset, blocks.byteLength).toString('base64');

export function decodeBlocks(text: string): Uint32Array {
  const bytes = Buffer.from(text, 'base64');
  const out = new Uint32Array(bytes.length >> 2);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readUInt32LE(i * 4);
  return out;
}

/**
 * Throws, saying what is wrong, unless the (stored) vector file open at `fd` is the one the manifest
 * describes: its size, then its checksums (`blocks`, when the caller took them while reading it for
 * another purpose; otherwise read here through one small buffer), then its layout (header and link lists).
 */
export function checkVectorFile(fd: number, dim: number, expect: ExpectedFile, blocks?: Uint32Array): void {
  const size = fstatSync(fd).size;
  if (size !== expect.bytes) throw new Error(`vector index has ${size} bytes, the manifest says ${expect.bytes}`);
  if (crcOfBlocks(blocks ?? blockCrcsOfFd(fd, size, BLOCK_BYTES)) !== expect.crc32) throw new Error('vector index checksum does not match the manifest');
  const problem = fileLayoutProblem(fd, dim, 'stored');
  if (problem) throw new Error(`vector index is not valid (${problem})`);
}


/**
 * Walks an hnswlib file's layout (header, level-0 block, one link list per element) and says what
 * is wrong with its length, or undefined when it is whole. hnswlib 0.8 writes a 96-byte header.
 */
export function hnswFileProblem(buf: Buffer, form: VectorForm, dim?: number): string | undefined {
  return layoutProblem(buf.length, (at, n) => buf.subarray(at, at + n), form, dim);
}

/** The fields of hnswlib 0.8's 96-byte header that checks and readers use. */
export interface HnswHeader {
  offsetLevel0: number;
  maxElements: number;
  count: number;
  perElement: number;
  labelOffset: number;
  dataOffset: number;
  maxLevel: number;
  entryPoint: number;
  maxM: number;
}

export function readHnswHeader(header: Buffer): HnswHeader {
  const u64 = (at: number) => Number(header.readBigUInt64LE(at));
  return {
    offsetLevel0: u64(0),
    maxElements: u64(8),
    count: u64(16),
    perElement: u64(24),
    labelOffset: u64(32),
    dataOffset: u64(40),
    maxLevel: header.readInt32LE(48),
    entryPoint: header.readUInt32LE(52),
    maxM: u64(56),
  };
}

/**
 * Walks the upper-level link lists that follow the level-0 block (a 4-byte size per element, then
 * its lists): where each element's lists start, relative to the tail (-1: level 0 only), and where
 * the walk ended; or what cut it short.
 */
export function walkLinkLists(tail: Buffer, count: number): { starts: Float64Array; end: number } | string {
  const starts = new Float64Array(count).fill(-1);
  let pos = 0;
  for (let i = 0; i < count; i++) {
    if (pos + 4 > tail.length) return `cut at element ${i} of ${count}`;
    const bytes = tail.readUInt32LE(pos);
    if (bytes) starts[i] = pos + 4;
    pos += 4 + bytes;
  }
  return { starts, end: pos };
}

/** What is wrong with the layout of the file open at `fd` (header and link lists only: no checksums). */
export function fileLayoutProblem(fd: number, dim: number, form: VectorForm): string | undefined {
  const read = (at: number, n: number) => {
    const b = Buffer.alloc(Math.max(0, n));
    readSync(fd, b, 0, b.length, at);
    return b;
  };
  return layoutProblem(fstatSync(fd).size, read, form, dim);
}

/** hnswFileProblem over a reader of byte ranges: only the header and the link lists at the end are read. */
function layoutProblem(size: number, read: (at: number, n: number) => Buffer, form: VectorForm, dim?: number): string | undefined {
  if (size < 96) return `${size} bytes, shorter than the header`;
  const { count, perElement, labelOffset, dataOffset, entryPoint } = readHnswHeader(read(0, 96));
  const { bytes, dims } = VECTOR_BYTES[form];
  if (dim !== undefined && labelOffset - dataOffset !== bytes(dim)) return `vectors of ${dims(labelOffset - dataOffset)} dimensions, expected ${dim}`;
  if (count > 0 && entryPoint >= count) return 'entry point out of range';
  if (count * perElement > size) return `${count} elements do not fit in ${size} bytes`;
  const start = 96 + count * perElement;
  const walked = walkLinkLists(read(start, size - start), count);
  if (typeof walked === 'string') return walked;
  return start + walked.end === size ? undefined : `${size} bytes where ${start + walked.end} were expected`;
}
