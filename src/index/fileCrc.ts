/** crc32 of a file read through one 4 MiB buffer: a large file is never held whole in memory. */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';

export const CRC_CHUNK = 4 << 20;

export function crc32OfFd(fd: number, size = fstatSync(fd).size): number {
  const buf = Buffer.allocUnsafe(Math.min(CRC_CHUNK, Math.max(1, size)));
  let crc = 0;
  for (let at = 0; at < size; ) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, size - at), at);
    if (n === 0) break;
    crc = crc32(buf.subarray(0, n), crc);
    at += n;
  }
  return crc;
}

export function crc32OfFile(path: string): number {
  const fd = openSync(path, 'r');
  try {
    return crc32OfFd(fd);
  } finally {
    closeSync(fd);
  }
}
