/**
 * The embedded store (SQLite through better-sqlite3): passages, posting lists over the jieba
 * tokens, documents, records and facts. Front ends open it read-only and read what a question
 * needs; `build-index` writes a new generation in one transaction.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { createRequire } from 'node:module';
import v8 from 'node:v8';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { matchKey } from '../text/chars.js';
import type { FilingRecord } from '../records/schema.js';
import { IndexError } from './errors.js';
import type { StoredDocument, StoredPassage } from './manifest.js';

const require = createRequire(import.meta.url);
// Required, not imported: importing a CommonJS package from ESM first scans its source for export names.
const Database = require('better-sqlite3') as typeof BetterSqlite3;

export type Db = BetterSqlite3.Database;

export const STORE_SCHEMA_VERSION = 7;

const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE passages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,  -- doc id in the postings, label in the vector index
  ord INTEGER NOT NULL,                  -- its number in its file: citations and dupOf name it "<source>#<ord>"
  source TEXT NOT NULL,
  section TEXT,
  line_from INTEGER NOT NULL,
  line_to INTEGER NOT NULL,
  text_block INTEGER NOT NULL,           -- the text: characters [text_at, text_at + text_len) of this block
  text_at INTEGER NOT NULL,              -- of its file's passage_texts
  text_len INTEGER NOT NULL,
  sentences TEXT NOT NULL,               -- JSON [[chars, fromLine, toLine], ...]: the text is their concatenation
  ntok INTEGER NOT NULL,
  dupkey INTEGER NOT NULL,               -- hash of the normalised text: same paragraph in another file
  dup_of TEXT
);
CREATE INDEX passages_by_source ON passages (source, line_from);
CREATE INDEX passages_by_dupkey ON passages (dupkey);
-- A file's passages' texts end to end, compressed (packText), in blocks of up to TEXT_BLOCK characters
-- (one block for most files). Chinese text deflates to ~60% a block at a time; a passage alone
-- compresses less and costs a call each, and a whole large file would be unpacked to read one passage.
CREATE TABLE passage_texts (id INTEGER PRIMARY KEY, source TEXT NOT NULL, block INTEGER NOT NULL, body BLOB NOT NULL, UNIQUE (source, block));
CREATE TABLE terms (term TEXT PRIMARY KEY, postings BLOB NOT NULL);
-- One row per file: the document as JSON, its records and facts as JSON arrays (validated by the build;
-- records and facts compressed: a register of 20k rows is ~7 MB of JSON).
CREATE TABLE documents (id INTEGER PRIMARY KEY, source TEXT NOT NULL UNIQUE, body TEXT NOT NULL);
CREATE TABLE records (id INTEGER PRIMARY KEY, source TEXT NOT NULL UNIQUE, n INTEGER NOT NULL, body BLOB NOT NULL);
CREATE TABLE facts (id INTEGER PRIMARY KEY, source TEXT NOT NULL UNIQUE, n INTEGER NOT NULL, body BLOB NOT NULL);
CREATE TABLE problems (id INTEGER PRIMARY KEY, source TEXT NOT NULL, text TEXT NOT NULL);
CREATE INDEX problems_by_source ON problems (source);
`;

/** Key under which duplicated paragraphs meet (punctuation and case ignored). */
export function dupKey(text: string): number {
  const key = matchKey(text).replace(/[\p{P}\p{S}]/gu, '');
  // node:crypto is loaded when a build needs it, not by readers.
  return (require('node:crypto') as typeof import('node:crypto')).createHash('sha1').update(key).digest().readUIntBE(0, 6);
}

/** Text as stored compressed: raw deflate of its UTF-8. */
export const packText = (text: string): Buffer => deflateRawSync(Buffer.from(text, 'utf8'));
export const unpackText = (body: Buffer): string => inflateRawSync(body).toString('utf8');

/** Characters of passage text a stored block holds at most (a longer passage is a block of its own). */
export const TEXT_BLOCK = 16_384;

/** Where a passage's text is stored: its file's block, and the characters in it (columns of `passages`). */
export interface TextPlace {
  source: string;
  text_block: number;
  text_at: number;
  text_len: number;
}
export const TEXT_PLACE_COLUMNS = 'source, text_block, text_at, text_len';

/**
 * Passage texts read from their files' compressed blocks; the blocks used last are kept unpacked (up
 * to `budget` characters), since a question reads several passages of a file (overlapping lines,
 * neighbours) and a conversation's next question mostly reads the same files.
 */
export class PassageTexts {
  private readonly cache = new Map<string, string>();
  private cached = 0;
  private readonly bodyOf: BetterSqlite3.Statement<[string, number], Buffer>;
  constructor(
    db: Db,
    private readonly budget = 4_000_000,
  ) {
    this.bodyOf = db.prepare('SELECT body FROM passage_texts WHERE source = ? AND block = ?').pluck() as BetterSqlite3.Statement<[string, number], Buffer>;
  }

  text({ source, text_block: block, text_at: at, text_len: len }: TextPlace): string {
    const key = `${block}\u0000${source}`;
    let all = this.cache.get(key);
    if (all === undefined) {
      const body = this.bodyOf.get(source, block);
      if (!body) throw new Error(`the store has no passage texts for ${source} (block ${block})`);
      all = unpackText(body);
      this.cached += all.length;
      for (const [k, v] of this.cache) {
        if (this.cached <= this.budget) break;
        this.cache.delete(k);
        this.cached -= v.length;
      }
    } else this.cache.delete(key); // most recently used last
    this.cache.set(key, all);
    return all.slice(at, at + len);
  }
}

/** Creates an empty store (build side): no journal file, nothing synced until the build fsyncs the file. */
export function createStore(path: string): Db {
  const db = new Database(path);
  // 16 KiB pages: a file's compressed passage texts (~1.6 KB a row at 3 KB files) and the posting
  // lists pack with less slack than in 4 KiB pages (the store is ~5% smaller).
  db.pragma('page_size = 16384');
  tuneForBuild(db);
  db.exec(SCHEMA);
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('schema', STORE_SCHEMA_VERSION);
  return db;
}

/** Opens a copy of the previous generation for an incremental update. */
export function openStoreForUpdate(path: string): Db {
  const db = new Database(path, { fileMustExist: true });
  tuneForBuild(db);
  checkSchema(db);
  return db;
}

function tuneForBuild(db: Db): void {
  // The file is a new generation that nobody reads until the manifest names it: a crash leaves an
  // orphan (cleaned by the next build), never a half-written index in use.
  // MEMORY, not OFF: better-sqlite3 opens databases in defensive mode, where OFF is ignored (and a
  // rollback journal file would be written beside the store).
  db.pragma('journal_mode = MEMORY');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -65536');
}

/**
 * Packs the store's pages when a build left much free or slack space: always after a full build
 * (rows inserted out of key order leave B-tree pages part-full: ~8% of the file), and after an
 * incremental one once a tenth of the pages are free.
 */
export function compactStore(db: Db, full: boolean): void {
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  if (full || free * 10 > pages) db.exec('VACUUM');
}

function checkSchema(db: Db): void {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'schema'").get() as { value: number } | undefined;
  if (row?.value !== STORE_SCHEMA_VERSION) throw new Error(`store schema ${row?.value ?? 'unknown'}, expected ${STORE_SCHEMA_VERSION}`);
}

export interface PassageRow extends TextPlace {
  id: number;
  ord: number;
  section: string | null;
  line_from: number;
  line_to: number;
  sentences: string;
  dup_of: string | null;
}

/** A passage's id (what citations and dupOf name), from its file and number. */
export const passageId = (source: string, ord: number): string => `${source}#${ord}`;

export function toStoredPassage(row: PassageRow, texts: PassageTexts): StoredPassage {
  const r = { ...row, text: texts.text(row) };
  const stored = JSON.parse(r.sentences) as [number, number, number][] | StoredPassage['sentences'];
  let at = 0;
  // Bounds when the text is the sentences' concatenation (always, for passages from chunk.ts).
  const bounds = stored.length && !Array.isArray(stored[0]) ? undefined : (stored as [number, number, number][]);
  const sentences = !bounds ? (stored as StoredPassage['sentences']) : bounds.map(([n, from, to]) => {
    const text = r.text.slice(at, at + n);
    at += n;
    return { text, lines: [from, to] as [number, number] };
  });
  return {
    id: passageId(r.source, r.ord),
    source: r.source,
    ...(r.section !== null ? { section: r.section } : {}),
    lines: [r.line_from, r.line_to],
    text: r.text,
    sentences,
    ...(r.dup_of !== null ? { dupOf: r.dup_of } : {}),
  };
}

/** The sentence boundaries of a passage, or undefined when its text is not their concatenation. */
export function sentenceBounds(p: Pick<StoredPassage, 'text' | 'sentences'>): [number, number, number][] | undefined {
  if (p.sentences.map((s) => s.text).join('') !== p.text) return undefined;
  return p.sentences.map((s) => [s.text.length, s.lines[0], s.lines[1]]);
}

const PASSAGE_COLUMNS = `id, ord, section, line_from, line_to, sentences, dup_of, ${TEXT_PLACE_COLUMNS}`;

/** Whether an error comes from SQLite (a damaged or unreadable store file), not from our code. */
export const isSqliteError = (err: unknown): boolean =>
  (err as Error)?.name === 'SqliteError' || /^SQLITE_/.test(String((err as NodeJS.ErrnoException)?.code ?? ''));

/** A SQLite error met while reading a store: one line for a user, never a stack trace. */
export function storeDamage(err: unknown, path: string): IndexError {
  const file = path.slice(path.lastIndexOf('/') + 1);
  return new IndexError('corrupt', `index store ${file} is damaged (${String((err as Error)?.message ?? err).split('\n')[0]}) (run npm run build-index)`);
}

/** The build that wrote a store, as the store says (undefined: none, or it cannot be read). */
export function storeGeneration(path: string): string | undefined {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return readMeta<string>(db, 'generation');
    } finally {
      db.close();
    }
  } catch {
    return undefined;
  }
}

/** Read side: prepared statements over a read-only connection. Any SQLite error becomes an IndexError('corrupt') of one line. */
export class StoreReader {
  readonly db: Db;
  private readonly byId: BetterSqlite3.Statement<[number], PassageRow>;
  private readonly overlapping: BetterSqlite3.Statement<[string, number, number], PassageRow>;
  private readonly postingsOf: BetterSqlite3.Statement<[string], { postings: Buffer }>;
  private readonly documentOf: BetterSqlite3.Statement<[string], { body: string }>;
  private readonly texts: PassageTexts;

  constructor(private readonly path: string) {
    try {
      this.db = new Database(path, { readonly: true, fileMustExist: true });
      checkSchema(this.db);
      this.texts = new PassageTexts(this.db);
      this.byId = this.db.prepare(`SELECT ${PASSAGE_COLUMNS} FROM passages WHERE id = ?`);
      this.overlapping = this.db.prepare(
        `SELECT ${PASSAGE_COLUMNS} FROM passages WHERE source = ? AND line_from <= ? AND line_to >= ? ORDER BY line_from, id`,
      );
      this.postingsOf = this.db.prepare('SELECT postings FROM terms WHERE term = ?');
      this.documentOf = this.db.prepare('SELECT body FROM documents WHERE source = ?');
    } catch (err) {
      if (isSqliteError(err)) throw storeDamage(err, path);
      throw err;
    }
  }

  /** Runs a read; a SQLite error (the file damaged since it was checked) is told in one line. */
  private read<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (isSqliteError(err) || /incorrect header check|invalid (block type|distance|stored block)|unexpected end of file/.test(String((err as Error)?.message))) throw storeDamage(err, this.path);
      throw err;
    }
  }

  meta<T>(key: string): T | undefined {
    return this.read(() => readMeta<T>(this.db, key));
  }

  passage(id: number): StoredPassage | undefined {
    return this.read(() => {
      const r = this.byId.get(id);
      return r ? toStoredPassage(r, this.texts) : undefined;
    });
  }

  passagesOverlapping(source: string, lines: readonly [number, number]): StoredPassage[] {
    return this.read(() => this.overlapping.all(source, lines[1], lines[0]).map((r) => toStoredPassage(r, this.texts)));
  }

  postings(term: string): Uint8Array | undefined {
    return this.read(() => this.postingsOf.get(term)?.postings);
  }

  /** Every document, in corpus order. */
  documents(): StoredDocument[] {
    return this.read(() => bySource(this.db.prepare('SELECT source, body FROM documents').all() as { source: string; body: string }[]).map((r) => JSON.parse(r.body) as StoredDocument));
  }

  document(source: string): StoredDocument | undefined {
    return this.read(() => {
      const body = this.documentOf.get(source)?.body;
      return body === undefined ? undefined : (JSON.parse(body) as StoredDocument);
    });
  }

  /** The catalogue (records and facts in corpus order), packed; see writeCatalogue. */
  catalogue(): Buffer | undefined {
    return this.meta<Buffer>('catalogue');
  }

  /** The stored docFreq sample (see writeDfSample), or undefined for a store without one. */
  dfSample(): { joined: string; starts: Int32Array; scale: number } | undefined {
    const bytes = this.meta<Buffer>('dfsample');
    const starts = this.meta<Buffer>('dfstarts');
    const scale = this.meta<number>('dfscale');
    if (!Buffer.isBuffer(bytes) || !starts || scale === undefined) return undefined;
    // Stored as UTF-16: read into a string with a copy (decoding 8 MB of UTF-8 took ~70 ms), and
    // searched as the two-byte string it is (7× faster for Chinese than searching UTF-8 bytes).
    return { joined: bytes.toString('utf16le'), starts: new Int32Array(starts.buffer.slice(starts.byteOffset, starts.byteOffset + starts.byteLength)), scale };
  }

  /** Record names for the segmenter's dictionary, as the build computed them. */
  userWords(): string[] {
    return JSON.parse(this.meta<string>('userwords') ?? '[]') as string[];
  }

  close(): void {
    this.db.close();
  }
}

/**
 * Large derived values (catalogue, entity table) are stored in V8's serialisation format: unpacking
 * 16 MB of catalogue takes ~65 ms where decoding and parsing it as JSON took ~180 ms, a fifth of a
 * one-shot question at 20k files. They are checksummed (in the manifest), not schema-checked.
 */
export const packed = (value: unknown): Buffer => v8.serialize(value);
export const unpacked = <T>(bytes: Buffer): T => v8.deserialize(bytes) as T;

/** A value of the store's meta table. */
export function readMeta<T>(db: Db, key: string): T | undefined {
  return (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: T } | undefined)?.value;
}

/** Every record, in the catalogue's order (the order readers index them by). */
export function catalogueRecords(db: Db): FilingRecord[] {
  return catalogueRows<FilingRecord>(db, 'records');
}

/** The rows of a per-file table of JSON arrays (records, facts), in corpus order. */
function catalogueRows<T>(db: Db, table: 'records' | 'facts'): T[] {
  const out: T[] = [];
  for (const { body } of bySource(db.prepare(`SELECT source, body FROM ${table}`).all() as { source: string; body: Buffer }[]))
    for (const r of JSON.parse(unpackText(body)) as T[]) out.push(r);
  return out;
}

/** Corpus order: by file name as JavaScript sorts it (the build's order), then as stored. */
function bySource<T extends { source: string }>(rows: T[]): T[] {
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.source < b.r.source ? -1 : a.r.source > b.r.source ? 1 : a.i - b.i))
    .map((x) => x.r);
}

/**
 * docFreq counts exactly over up to this many citable texts; a larger index counts over an even
 * sample of its passages and records and scales the count up.
 */
export const DF_SAMPLE = 20_000;

/** Up to `limit` passage texts of a store, evenly spread over the ids (all of them when there are fewer). */
function samplePassageTexts(db: Db, limit: number): string[] {
  const { n, lo, hi } = db.prepare('SELECT count(*) n, min(id) lo, max(id) hi FROM passages').get() as { n: number; lo: number; hi: number };
  const texts = new PassageTexts(db);
  if (n <= limit) return (db.prepare(`SELECT ${TEXT_PLACE_COLUMNS} FROM passages ORDER BY id`).all() as TextPlace[]).map((p) => texts.text(p));
  // Ids are dense but for the holes of removed files: look ids up directly, stepping over holes.
  const stride = (hi - lo + 1) / limit;
  const stmt = db.prepare(`SELECT ${TEXT_PLACE_COLUMNS} FROM passages WHERE id = ?`);
  const out: string[] = [];
  for (let i = 0; i < limit; i++) {
    const from = Math.floor(lo + i * stride);
    const to = Math.min(hi, Math.floor(lo + (i + 1) * stride) - 1);
    for (let id = from; id <= Math.max(from, to); id++) {
      const place = stmt.get(id) as TextPlace | undefined;
      if (place !== undefined) {
        out.push(texts.text(place));
        break;
      }
    }
  }
  return out;
}

/**
 * The texts docFreq counts over, computed at build time: all passages and record rows when there
 * are at most DF_SAMPLE, else an even sample of both; normalised (matchKey) and joined with NUL
 * separators so that a reader finds a word with native indexOf jumps, not one test per text. Stored
 * as UTF-16 (offsets in UTF-16 code units), which a reader turns into a string with one copy.
 */
export function writeDfSample(db: Db, records: readonly { text: string }[]): void {
  const passages = (db.prepare('SELECT count(*) FROM passages').pluck().get() as number);
  const total = passages + records.length;
  const share = Math.min(1, DF_SAMPLE / Math.max(1, total));
  const texts = samplePassageTexts(db, Math.ceil(passages * share));
  for (let i = 0; i < records.length; i += 1 / share) texts.push(records[Math.floor(i)]!.text);
  const norm = texts.map((t) => matchKey(t).replaceAll('\u0000', ''));
  const starts = new Int32Array(norm.length + 1);
  let at = 0;
  norm.forEach((t, i) => {
    starts[i] = at;
    at += t.length + 1;
  });
  starts[norm.length] = at;
  const set = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  set.run('dfsample', Buffer.from(norm.join('\u0000'), 'utf16le'));
  set.run('dfstarts', Buffer.from(starts.buffer));
  set.run('dfscale', norm.length ? total / norm.length : 1);
}

/**
 * Stores the catalogue, records (in corpus order, as catalogueRecords reads them) and facts, as
 * one packed value; returns its checksum (for the manifest). Readers read it in one piece instead
 * of 20k rows, check it and unpack it once. Documents stay in their rows: an answer needs a few.
 */
export function writeCatalogue(db: Db, records: readonly FilingRecord[]): number {
  const bytes = packed({ records, facts: catalogueRows(db, 'facts') });
  db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run('catalogue', bytes);
  return crc32(bytes);
}
