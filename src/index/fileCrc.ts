/** Checksums of a file read through one 4 MiB buffer: a large file is never held whole in memory. */
import { readSync } from 'node:fs';
import { crc32 } from 'node:zlib';

export const CRC_CHUNK = 4 << 20;

/** crc32 of each `blockBytes` block (a divisor of CRC_CHUNK), in one pass. */
export function blockCrcsOfFd(fd: number, size: number, blockBytes: number): Uint32Array {
  const blocks = new Uint32Array(Math.ceil(size / blockBytes));
  forEachChunk(fd, size, (chunk, at) => {
    for (let b = 0; b < chunk.length; b += blockBytes) blocks[(at + b) / blockBytes] = crc32(chunk.subarray(b, Math.min(chunk.length, b + blockBytes)));
  });
  return blocks;
}

function forEachChunk(fd: number, size: number, use: (chunk: Buffer, at: number) => void): void {
  const buf = Buffer.allocUnsafe(Math.min(CRC_CHUNK, Math.max(1, size)));
  for (let at = 0; at < size; ) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, size - at), at);
    if (n === 0) break;
    use(buf.subarray(0, n), at);
    at += n;
  }
}
