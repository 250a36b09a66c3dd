/**
 * Posting lists as compact byte strings: for each passage (ascending id) the gap from the previous
 * id and the term frequency, both as unsigned LEB128 varints. Appending keeps them sorted because
 * passage ids only grow (AUTOINCREMENT).
 */

export class ByteSink {
  private buf: Uint8Array;
  length = 0;
  constructor(capacity = 16) {
    this.buf = new Uint8Array(capacity);
  }
  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  varint(v: number): void {
    this.ensure(10);
    while (v >= 0x80) {
      this.buf[this.length++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.length++] = v;
  }
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

/** A posting list being written: postings must come in ascending id order. */
export class PostingWriter {
  readonly sink: ByteSink;
  last: number;
  count = 0;
  constructor() {
    this.sink = new ByteSink(8);
    this.last = 0;
  }
  add(id: number, tf: number): void {
    if (id <= this.last) throw new Error(`postings out of order (${id} after ${this.last})`);
    this.sink.varint(id - this.last);
    this.sink.varint(tf);
    this.last = id;
    this.count++;
  }
}

/** Calls fn(id, tf) for every posting. */
export function forEachPosting(bytes: Uint8Array, fn: (id: number, tf: number) => void): void {
  let i = 0;
  let id = 0;
  const n = bytes.length;
  while (i < n) {
    let gap = 0;
    let shift = 1;
    let b: number;
    do {
      b = bytes[i++]!;
      gap += (b & 0x7f) * shift;
      shift *= 128;
    } while (b & 0x80);
    let tf = 0;
    shift = 1;
    do {
      b = bytes[i++]!;
      tf += (b & 0x7f) * shift;
      shift *= 128;
    } while (b & 0x80);
    id += gap;
    fn(id, tf);
  }
}

/** Number of postings in a list (its document frequency). */
export function postingCount(bytes: Uint8Array): number {
  let n = 0;
  // Every posting is two varints; a varint ends at a byte without the high bit.
  for (let i = 0; i < bytes.length; i++) if (!(bytes[i]! & 0x80)) n++;
  return n / 2;
}

/** Re-encodes a list, dropping the ids in `remove` and appending `add` (ids above all present). */
export function rewritePostings(bytes: Uint8Array | undefined, remove: ReadonlySet<number>, add: readonly [number, number][]): Uint8Array {
  const out = new ByteSink(Math.max(16, (bytes?.length ?? 0) + add.length * 4));
  let last = 0;
  const put = (id: number, tf: number) => {
    if (id <= last) throw new Error(`postings out of order (${id} after ${last})`);
    out.varint(id - last);
    out.varint(tf);
    last = id;
  };
  if (bytes) forEachPosting(bytes, (id, tf) => !remove.has(id) && put(id, tf));
  for (const [id, tf] of add) put(id, tf);
  return out.bytes();
}
