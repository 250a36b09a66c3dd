/** crc32 of a file read through one 4 MiB buffer: a large file is never held whole in memory. */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';

export const CRC_CHUNK = 4 << 20;

export function crc32OfFd(fd: number, size = fstatSync(fd).size): number {
  return checksumsOfFd(fd, size).crc;
}

/** The file's crc32 and, with `blockBytes` (a divisor of CRC_CHUNK), the crc32 of each block of that size. */
export function checksumsOfFd(fd: number, size: number, blockBytes?: number): { crc: number; blocks?: Uint32Array } {
  const buf = Buffer.allocUnsafe(Math.min(CRC_CHUNK, Math.max(1, size)));
  const blocks = blockBytes ? new Uint32Array(Math.ceil(size / blockBytes)) : undefined;
  let crc = 0;
  for (let at = 0; at < size; ) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, size - at), at);
    if (n === 0) break;
    crc = crc32(buf.subarray(0, n), crc);
    if (blocks) for (let b = 0; b < n; b += blockBytes!) blocks[(at + b) / blockBytes!] = crc32(buf.subarray(b, Math.min(n, b + blockBytes!)));
    at += n;
  }
  return { crc, ...(blocks ? { blocks } : {}) };
}

export function crc32OfFile(path: string): number {
  const fd = openSync(path, 'r');
  try {
    return crc32OfFd(fd);
  } finally {
    closeSync(fd);
  }
}
