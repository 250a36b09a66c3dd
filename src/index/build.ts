/**
 * `build-index`: corpus → passages, postings, records and vectors under INDEX_DIR.
 *
 * Incremental by file: files are compared by size, mtime, ctime and inode (hashed only when one changed); a
 * changed, added or removed file updates only its own rows, postings and vectors. The new
 * generation is written beside the one in use (a copy of its store, updated in one transaction,
 * and the vector index with deleted slots replaced) and becomes current with one rename of the
 * manifest. One build at a time (a lock); leftovers of killed builds are removed.
 */
import { constants, copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineConfig } from '../config.js';
import { DEFAULT_CHUNKING, type ChunkOptions, type Passage } from '../ingest/chunk.js';
import { readListedFile, type CorpusFile, type CorpusProblem } from '../ingest/corpusFiles.js';
import { EXTRACTION_WORKERS } from '../ingest/extract/runExtraction.js';
import { ingestFile } from '../ingest/ingestFile.js';
import { ingestLimits, type IngestLimits } from '../ingest/limits.js';
import { ALIAS_RULES_VERSION, EntityIndex, recordNames } from '../records/entityIndex.js';
import { crossFileProblems } from '../records/registers.js';
import { BatchFact, FilingRecord } from '../records/schema.js';
import * as z from 'zod';
import { corpusEntry, listCorpus, type CorpusListing } from './corpusScan.js';
import { predictEmbedder, selectEmbedder, type EmbedderInfo, type SelectedEmbedder } from './embeddings/selectEmbedder.js';
import { STAND_IN_LABEL } from './embeddings/standIn.js';
import { describeFsError, IndexError } from './errors.js';
import { cleanLeftovers, currentManifest, namedGeneration, trackBuild, untrackBuild, type BuildInProgress, fsyncFile, newGeneration, removeGeneration, removeLegacyFiles, verifyFiles, writeManifest } from './generations.js';
import { fileCrc32 } from './fileCrc.js';
import { DEFAULT_HNSW } from './hnswIndex.js';
import { VectorBuilder } from './vectorBuilder.js';
import { acquireBuildLock, type HeldLock, type LockOptions } from './lock.js';
import { FORMAT_VERSION, sameStat, StoredDocument, storeFileName, vectorsFileName, type CorpusEntry, type Manifest } from './manifest.js';
import { forEachPosting, PostingWriter, rewritePostings } from './postings.js';
import { addUserWords, tokenize, useIndexWords } from '../text/segmenter.js';
import { dictionaryId, dictionarySummary, type DictionarySummary } from '../text/segmenterDict.js';
import {
  catalogueRecords,
  compactStore,
  createStore,
  DF_SAMPLE,
  dupKey,
  isSqliteError,
  openStoreForUpdate,
  packed,
  packText,
  passageId,
  PassageTexts,
  readMeta,
  sentenceBounds,
  TEXT_BLOCK,
  TEXT_PLACE_COLUMNS,
  writeCatalogue,
  writeDfSample,
  type Db,
  type TextPlace,
} from './store.js';
import { crc32 } from 'node:zlib';


export interface BuildOptions {
  full?: boolean;
  chunking?: ChunkOptions;
  /** Progress: changed files read, embedded and sent to the vector graph so far, of how many. */
  onProgress?: (done: number, total: number) => void;
  embedder?: SelectedEmbedder;
  /** How to behave when another build holds the lock (default: wait for it). */
  lock?: LockOptions;
}

export interface BuildSummary {
  noop: boolean;
  files: number;
  passages: number;
  records: number;
  unchanged: number;
  updated: number;
  added: number;
  removed: number;
  seconds: number;
  embedder: EmbedderInfo;
  problems: string[];
  /** Every corpus file the index holds or skipped at ingest, with its format (those skipped are named in problems). */
  read?: { name: string; format: string }[];
  /** The manifest's notice (embedder.notice), when the index is weight-free or built with a stand-in model. */
  notice?: string;
  /** Set when the previous generation was damaged, so this build was a full one: why, in one line. */
  repaired?: string;
  /** Files in the index folder no build of this index wrote: left as they are, named once in the summary. */
  foreign?: string[];
  /** Every register list the index holds, with its counts (a build that wrote the index; not a no-op). */
  registers?: RegisterSummary[];
}

/** One register list in the build summary: its name, title, period and counts. */
export interface RegisterSummary {
  source: string;
  title: string;
  period?: string;
  /** Records per track. */
  tracks: Record<string, number>;
  /** Rows skipped (header rows repeated inside the data and bad rows). */
  skipped: number;
  repeatedHeaders: number;
  flagged: number;
}

/**
 * Passages handed to the embedder per call (progress is reported after each). The real model
 * batches each call's texts in order of length: 256 rather than 32 gave it ~25% more passages/s
 * (bench --model-cost); vectors are still added in passage order.
 */
export const EMBED_BATCH = 256;
/** Past this share of deleted slots the vector graph is rebuilt from the live vectors. */
const MAX_DELETED_SHARE = 0.3;

export async function buildIndex(config: EngineConfig, opts: BuildOptions = {}): Promise<BuildSummary> {
  const t0 = performance.now();
  const dir = config.INDEX_DIR;
  const chunking = opts.chunking ?? DEFAULT_CHUNKING;
  const limits = ingestLimits(config);
  const scan = listCorpus(config.CORPUS_DIR, limits);
  // The model is loaded only when something has to be embedded: a no-op build never loads it.
  let selection: Promise<SelectedEmbedder> | undefined;
  const select = () => (selection ??= opts.embedder ? Promise.resolve(opts.embedder) : selectEmbedder(config, { quiet: true }));
  const info = opts.embedder?.info ?? predictEmbedder(config) ?? (await select()).info;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new IndexError('unwritable', `cannot create the index folder ${dir} (${describeFsError(err)})`);
  }
  const release = await acquireBuildLock(dir, opts.lock);
  const tracked = trackBuild(dir, release);
  try {
    const { foreign, previousFormat } = cleanLeftovers(dir, release.leftovers);
    return await buildLocked(config, opts, { t0, chunking, limits, scan, select, info, tracked, lock: release, foreign, previousFormat });
  } catch (err) {
    if (tracked.abandoned) throw new IndexError('busy', 'build abandoned (the process is stopping)');
    if (err instanceof IndexError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code && ['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_IOERR_WRITE'].includes(code))
      throw new IndexError('unwritable', `cannot write the index in ${dir} (${code === 'SQLITE_FULL' ? 'no space left on the device' : describeFsError(err)}); the previous index is unchanged`);
    // Any other SQLite error: one line, never a stack trace (the index in use is untouched: the build wrote a new generation).
    if (isSqliteError(err)) throw new IndexError('corrupt', `the index could not be built (SQLite: ${(err as Error).message.split('\n')[0]}); the previous index is unchanged — run build-index --full`);
    throw err;
  } finally {
    untrackBuild(tracked);
    release();
  }
}

interface Ctx {
  t0: number;
  chunking: ChunkOptions;
  limits: IngestLimits;
  scan: CorpusListing;
  select: () => Promise<SelectedEmbedder>;
  /** The embedder's info as predicted (dim -1: known once the model is loaded). */
  info: EmbedderInfo;
  /** Which files abandonBuilds() removes if the process is stopped mid-build. */
  tracked: BuildInProgress;
  /** The build lock, which names the generations this build may leave files of if it is killed. */
  lock: HeldLock;
  /** Entries of the index folder that no build of this index wrote (left as they are, named once). */
  foreign: string[];
  /** The format of the index in the folder before this build. */
  previousFormat?: number;
}

async function buildLocked(config: EngineConfig, opts: BuildOptions, ctx: Ctx): Promise<BuildSummary> {
  const dir = config.INDEX_DIR;
  const { scan, info, chunking } = ctx;
  const prev = currentManifest(dir);
  // The generation this build replaces (also one of an older format, whose manifest no longer parses).
  const replaced = prev?.generation ?? namedGeneration(dir);
  if (prev && !opts.full && prev.embedder.mode === 'transformers' && info.mode === 'hash')
    throw new IndexError(
      'stale',
      `the index was built with ${prev.embedder.id}, which is not available now (${info.reason}); keeping it (questions are answered lexically) — run build-index --full to rebuild it weight-free`,
    );
  // A damaged generation (sizes or checksums not those of its manifest) is never built on: the build is a full one, and says why.
  let damaged: string | undefined;
  const sameSetup =
    !!prev &&
    !opts.full &&
    prev.formatVersion === FORMAT_VERSION &&
    prev.embedder.id === info.id &&
    (info.dim < 0 || prev.embedder.dim === info.dim) &&
    JSON.stringify(prev.chunking) === JSON.stringify(chunking) &&
    JSON.stringify(prev.vectors.hnsw) === JSON.stringify(DEFAULT_HNSW) &&
    !(damaged = verifyFiles(dir, prev, { storeGeneration: true }));
  const base = sameSetup ? prev : undefined;

  // 1. Which files changed: size, mtime, ctime and inode first, bytes hashed only when one of those differs.
  const files: Record<string, CorpusEntry> = {};
  const skipped: Record<string, string> = Object.fromEntries(scan.problems.map((p) => [p.name, p.problem]));
  const todo: ChangedFile[] = [];
  let touched = false;
  for (const f of scan.files) {
    const was = base?.files[f.name];
    if (was && sameStat(was, f)) {
      files[f.name] = was;
      continue;
    }
    const got = readListedFile(f, ctx.limits);
    if (got.hash === undefined) {
      // Not readable now (gone, replaced by a FIFO, grown over the cap): named, and looked at again next time.
      skipped[f.name] = 'problem' in got ? got.problem : 'cannot be read, skipped';
      continue;
    }
    files[f.name] = corpusEntry(f, got.hash);
    if (was?.hash === got.hash) touched = true;
    else todo.push(got as ChangedFile);
  }
  const removed = base ? Object.keys(base.files).filter((n) => !(n in files)) : [];
  const updated = todo.filter((t) => base && t.name in base.files).length;
  const added = todo.length - updated;
  const unchanged = Object.keys(files).length - todo.length;
  // Every file the index holds or skipped at ingest, with its format (for the summary).
  const read = scan.files.filter((f) => f.name in files).map((f) => ({ name: f.name, format: f.format }));
  const summary = (noop: boolean, m: Pick<Manifest, 'counts' | 'problems' | 'embedder'>, registers?: RegisterSummary[]): BuildSummary => ({
    noop, files: Object.keys(files).length, passages: m.counts.passages, records: m.counts.records,
    unchanged: base ? unchanged : 0, updated, added: base ? added : todo.length, removed: removed.length,
    seconds: (performance.now() - ctx.t0) / 1000, embedder: info.dim < 0 && base ? { ...info, dim: base.embedder.dim } : info, problems: m.problems,
    read, ...(m.embedder.notice ? { notice: m.embedder.notice } : {}), ...(registers?.length ? { registers } : {}),
    ...(damaged ? { repaired: `the index in use was damaged (${damaged}): rebuilt in full` } : {}),
    ...(ctx.foreign.length ? { foreign: ctx.foreign } : {}),
  });
  const skippedProblems = Object.entries(skipped).map(([n, why]) => `${n}: ${why}`);

  if (base && !todo.length && !removed.length) {
    const problems = capTotal([...skippedProblems, ...base.problems.filter((p) => !isSkipProblem(p, base))]);
    if (touched || JSON.stringify(skipped) !== JSON.stringify(base.skipped)) {
      // Only mtimes (or skipped entries) changed: record them so the next check need not hash again
      // (best effort: on a read-only index folder the index is still up to date).
      try {
        writeManifest(dir, { ...base, files, skipped, problems });
      } catch {
        /* kept as it is */
      }
    }
    return summary(true, { counts: base.counts, problems, embedder: base.embedder });
  }

  // Something must be embedded: load the embedder; if it is not the one predicted, start over with it.
  const selected = await ctx.select();
  if (selected.info.id !== info.id || selected.info.mode !== info.mode || selected.info.dim !== info.dim)
    return buildLocked(config, opts, { ...ctx, info: selected.info });

  // The new generation: a copy of the store updated in one transaction, and a new vector file.
  const generation = newGeneration();
  const storePath = join(dir, storeFileName(generation));
  const vectorsPath = join(dir, vectorsFileName(generation));
  ctx.tracked.files = [storePath, vectorsPath];
  // Killed from here on, this build leaves files of its generation (and, once it is current, of the one it replaces): the lock names them for the next build to remove.
  ctx.lock.claim(replaced ? [generation, replaced] : [generation]);
  let db: Db | undefined;
  let vectors: VectorBuilder | undefined;
  try {
    // The vector graph is built in a worker thread, on the other core, while files are ingested and
    // tokenised; started first, so that it loads the previous graph while the store is copied.
    vectors = new VectorBuilder({
      dim: info.dim,
      settings: DEFAULT_HNSW,
      // About one passage per 500 bytes of text (the graph grows by doubling past it).
      capacity: Math.max(16, todo.reduce((n, t) => n + ('bytes' in t ? Math.ceil(t.bytes.length / 500) : 0), 0)),
      maxDeletedShare: MAX_DELETED_SHARE,
      ...(base ? { base: { path: join(dir, vectorsFileName(base.generation)), expect: base.vectors } } : {}),
    });
    if (base) copyFileSync(join(dir, storeFileName(base.generation)), storePath, constants.COPYFILE_FICLONE); // a reflink where the file system has them
    db = base ? openStoreForUpdate(storePath) : createStore(storePath);
    const w = new Writer(db);
    // Rows of changed and removed files go; their vectors are kept aside for passages whose text did not change.
    const gone = w.removeSources([...todo.map((t) => t.name), ...removed]);
    // Only passages of files read again can come back with the same text: only their vectors are kept aside.
    const removedFiles = new Set(removed);
    const keep = gone.map((g) => !removedFiles.has(g.source));
    vectors.drop(gone.map((g) => g.id), keep);
    const reusable = new Map<string, number>();
    gone.forEach((g, i) => keep[i] && reusable.set(g.text, g.id));

    // 2. Ingest the changed files one at a time: rows written, passages numbered and embedded (or
    // their old vector reused) as they come, so the worker is busy from the first file on.
    let nextId = w.nextPassageId();
    const passages: { id: number; passage: Passage }[] = [];
    let pending: { id: number; text: string }[] = [];
    const embed = async (all: boolean) => {
      while (pending.length >= EMBED_BATCH || (all && pending.length)) {
        const batch = pending.slice(0, EMBED_BATCH);
        pending = pending.slice(EMBED_BATCH);
        const embedded = await selected.embeddings.embedDocuments(batch.map((b) => b.text));
        vectors!.add(batch.map((b) => b.id), embedded, info.dim);
        await vectors!.room();
      }
    };
    let filesDone = 0;
    // Files are read ahead, up to one per extraction worker (PDF, HTML, Word and Excel files are read
    // in parallel); their rows are written in corpus order.
    const ahead: Promise<IngestedFile>[] = [];
    let next = 0;
    const readAhead = () => {
      while (ahead.length < EXTRACTION_WORKERS && next < todo.length) {
        const reading = ingestOne(todo[next++]!, chunking, ctx.limits);
        reading.catch(() => {}); // awaited in order below
        ahead.push(reading);
      }
    };
    for (const t of todo) {
      if (ctx.tracked.abandoned) throw new Error('abandoned');
      readAhead();
      const result = await ahead.shift()!;
      w.insertFile(t.name, result);
      const reused: [number, number][] = [];
      for (const p of result.passages) {
        const id = nextId++;
        passages.push({ id, passage: p });
        const old = reusable.get(p.text);
        if (old !== undefined) {
          reused.push([old, id]);
          reusable.delete(p.text);
        } else pending.push({ id, text: p.text });
      }
      vectors.reuse(reused);
      await embed(false);
      opts.onProgress?.(++filesDone, todo.length);
    }
    await embed(true);
    // Every vector is sent: the worker writes the file while the rows and postings are written here.
    // Each new vector fills a deleted slot while there is one; past a share of holes the graph is rebuilt from the live ids.
    const holes = base ? Math.max(0, base.vectors.deleted + gone.length - passages.length) : 0;
    const live = base && holes > MAX_DELETED_SHARE * Math.max(1, base.vectors.count - gone.length + passages.length) ? [...w.passageIds(), ...passages.map((p) => p.id)] : undefined;
    const saving = vectors.finish(vectorsPath, live);
    saving.catch(() => {}); // awaited below; a failure meanwhile must not count as unhandled

    // 3. Rows and postings: the segmenter knows every record name before any new passage is tokenised.
    // What is derived from the records (their names, the dictionary's summary, the entity table) is
    // the previous build's while no file with records changed and the rules deriving it are the same.
    let records: FilingRecord[] | undefined;
    const allRecords = () => (records ??= w.allRecords());
    const sameWords = base && !w.recordsTouched ? w.storedUserWords() : undefined;
    const userWords = sameWords ?? recordNames(allRecords());
    // Record names unchanged: the previous dictionary summary holds, so the few texts an incremental
    // build segments use per-text dictionaries instead of loading jieba's (~0.25 s with 100k names).
    const keptSummary = sameWords && base!.segmenter?.dict === dictionaryId() ? base!.segmenter : undefined;
    if (keptSummary) useIndexWords(userWords, keptSummary);
    else addUserWords(userWords);
    // Which dictionary every passage was tokenised with ('mixed' once an incremental build changed it):
    // only then do the removed passages' own tokens name every list that holds them.
    const dictionary = `${dictionaryId()} ${crc32(JSON.stringify([...new Set(userWords)].sort()))}`;
    const sameDictionary = !!base && w.meta('tokenised') === dictionary;
    const fresh = w.insertPassages(passages);
    // Written: the passages (their texts) and the new postings need not stay in memory through the rest
    // of the build, which peaks at its end (the worker saving the graph while the store is packed).
    const added = passages.length;
    passages.length = 0;
    w.updatePostings(gone, fresh.postings, sameDictionary);
    fresh.postings.clear();
    w.updateDuplicates([...gone.map((g) => g.dupkey), ...fresh.dupkeys]);
    // The docFreq sample of a large index is an estimate: kept until the passages changed since it was taken reach 1%.
    const drift = (Number(w.meta('dfdrift')) || 0) + gone.length + added;
    const keepSample = !!sameWords && base!.counts.passages > DF_SAMPLE && drift * 100 < (Number(w.meta('dfbase')) || 0);
    const registers = w.registerSummaries();
    const counts = w.finish({
      generation,
      userWords,
      tokenised: !base || sameDictionary ? dictionary : 'mixed',
      sample: keepSample ? { drift } : allRecords(),
      entities: sameWords ? 'keep' : allRecords(),
      catalogue: base && !w.recordsTouched ? 'keep' : allRecords(),
    });
    compactStore(db, !base);
    db.close();
    db = undefined;
    fsyncFile(storePath);
    const storeCrc32 = fileCrc32(storePath);

    // 4. The vector file, written and checked by the worker.
    const written = await saving;
    if (written.count !== counts.passages) throw new Error(`vector index holds ${written.count} vectors for ${counts.passages} passages`);
    const problems = capTotal([...skippedProblems, ...w.problems]);
    const manifest: Manifest = {
      formatVersion: FORMAT_VERSION,
      generation,
      builtAt: new Date().toISOString(),
      buildSeconds: Math.round(((performance.now() - ctx.t0) / 1000) * 1000) / 1000,
      embedder: {
        id: info.id, mode: info.mode, dim: info.dim,
        ...(info.mode === 'hash' ? { notice: weightFreeNotice(info) } : info.standIn ? { notice: standInNotice(info) } : {}),
      },
      chunking,
      files,
      skipped,
      counts,
      problems,
      store: { bytes: statSync(storePath).size, crc32: storeCrc32, catalogueCrc32: w.catalogueCrc32, ...optional('entitiesCrc32', w.entitiesCrc32) },
      vectors: { bytes: written.bytes, crc32: written.crc32, blocks: written.blocks, count: written.count, deleted: written.deleted, hnsw: DEFAULT_HNSW },
      ...optional('segmenter', keptSummary ?? segmenterSummary(userWords)),
    };
    // The rename of the manifest is the moment the new generation becomes the index.
    if (ctx.tracked.abandoned) throw new Error('abandoned');
    writeManifest(dir, manifest);
    ctx.tracked.files = []; // now the index: never removed by abandonBuilds()
    if (replaced && replaced !== generation) removeGeneration(dir, replaced);
    removeLegacyFiles(dir, ctx.previousFormat);
    return summary(false, manifest, registers);
  } catch (err) {
    db?.close();
    // The worker first: it must not write the vector file after it is removed.
    await vectors?.stop();
    vectors = undefined;
    rmSync(storePath, { force: true });
    rmSync(vectorsPath, { force: true });
    throw err;
  } finally {
    await vectors?.stop();
  }
}

/** A new or changed file: its bytes, or (read but unusable: empty, wrong first bytes) why it is skipped. */
type ChangedFile = CorpusFile | (CorpusProblem & { hash: string });

interface IngestedFile {
  /** Absent when the file is skipped whole (its reason is in problems). */
  document?: StoredDocument;
  passages: Passage[];
  records: FilingRecord[];
  facts: BatchFact[];
  problems: string[];
}

/** One changed file → its rows, through the ingest's one call per file (`ingestFile`). */
async function ingestOne(f: ChangedFile, chunking: ChunkOptions, limits: IngestLimits): Promise<IngestedFile> {
  if ('problem' in f) return { passages: [], records: [], facts: [], problems: [`${f.name}: ${f.problem}`] };
  const doc = await ingestFile(f, { chunking, limits });
  if (doc.skipped) return { passages: [], records: [], facts: [], problems: doc.problems };
  return {
    document: { source: f.name, ...doc.meta, passages: doc.passages.length, records: doc.records.length },
    passages: doc.passages,
    records: doc.records,
    facts: doc.facts,
    problems: doc.problems,
  };
}

/** Problems the manifest lists at most (each file's are capped too, src/ingest/caps.ts): the manifest stays small, and so does every question's read of it. */
const MAX_MANIFEST_PROBLEMS = 2000;

function capTotal(problems: string[]): string[] {
  if (problems.length <= MAX_MANIFEST_PROBLEMS) return problems;
  return [...problems.slice(0, MAX_MANIFEST_PROBLEMS), `… and ${(problems.length - MAX_MANIFEST_PROBLEMS).toLocaleString('en')} more problems, not listed`];
}

/** Problems of skipped entries are recomputed on every build (they are not tied to indexed rows). */
function isSkipProblem(p: string, m: Manifest): boolean {
  return Object.entries(m.skipped).some(([n, why]) => p === `${n}: ${why}`);
}

/** The segmenter's dictionary as the readers will hold it (lets a one-shot question skip loading it); undefined if it cannot be told. */
function segmenterSummary(userWords: readonly string[]): DictionarySummary | undefined {
  try {
    return dictionarySummary(userWords);
  } catch {
    return undefined;
  }
}

const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));

/** The one notice about weight-free mode, recorded in the manifest; front ends show it once (build summary, REPL banner). */
export function weightFreeNotice(info: Pick<EmbedderInfo, 'id' | 'reason'>): string {
  return (
    `weight-free mode (${info.reason}): vectors come from ${info.id}, hashed character n-grams. ` +
    `Answers still work; semantic matching is weaker. See docs/model.md for the real model.`
  );
}

/** The notice of an index built with a stand-in model (random weights): never presented as the real model. */
export function standInNotice(info: Pick<EmbedderInfo, 'id' | 'reason'>): string {
  return (
    `the vectors come from a ${STAND_IN_LABEL} (${info.id}), not the real model: ` +
    `semantic matching is meaningless; answers rest on the lexical search. Put the real model under MODEL_DIR (npm run model:fetch) and run build-index.`
  );
}


interface GonePassage {
  id: number;
  source: string;
  section: string | null;
  text: string;
  dupkey: number;
  ntok: number;
}

/** All writes of one build, inside one transaction. */
class Writer {
  readonly problems: string[] = [];
  catalogueCrc32 = 0;
  entitiesCrc32: number | undefined;
  constructor(private readonly db: Db) {
    db.exec('BEGIN');
  }

  /** Whether a file with records or facts was removed or (re)written: then the record names are worked out again. */
  recordsTouched = false;

  /** Deletes every row of these files; returns their passages. */
  removeSources(names: string[]): GonePassage[] {
    const gone: GonePassage[] = [];
    const sel = this.db.prepare(`SELECT id, section, dupkey, ntok, ${TEXT_PLACE_COLUMNS} FROM passages WHERE source = ?`);
    const texts = new PassageTexts(this.db);
    const dels = ['passages', 'passage_texts', 'records', 'facts', 'documents', 'problems'].map((t) => [t, this.db.prepare(`DELETE FROM ${t} WHERE source = ?`)] as const);
    for (const n of names) {
      for (const r of sel.all(n) as (Omit<GonePassage, 'text'> & TextPlace)[]) gone.push({ id: r.id, source: r.source, section: r.section, dupkey: r.dupkey, ntok: r.ntok, text: texts.text(r) });
      for (const [table, d] of dels) if (d.run(n).changes && (table === 'records' || table === 'facts')) this.recordsTouched = true;
    }
    return gone;
  }

  /** crc32 of a packed value the previous build stored (undefined: none). */
  private storedCrc32(key: 'entities' | 'catalogue'): number | undefined {
    const bytes = this.meta(key);
    return Buffer.isBuffer(bytes) ? crc32(bytes) : undefined;
  }

  /** The record names the previous build gave the segmenter. */
  storedUserWords(): string[] | undefined {
    if (this.meta('aliasrules') !== ALIAS_RULES_VERSION) return undefined;
    const json = this.meta('userwords');
    return typeof json === 'string' ? (JSON.parse(json) as string[]) : undefined;
  }

  meta(key: string): unknown {
    return readMeta(this.db, key);
  }

  /** The file's document, records and facts (validated here, once) and its problems. */
  insertFile(name: string, r: IngestedFile): void {
    if (r.document) this.db.prepare('INSERT INTO documents (source, body) VALUES (?, ?)').run(name, JSON.stringify(StoredDocument.parse(r.document)));
    if (r.records.length || r.facts.length) this.recordsTouched = true;
    if (r.records.length)
      this.db.prepare('INSERT INTO records (source, n, body) VALUES (?, ?, ?)').run(name, r.records.length, packText(JSON.stringify(z.array(FilingRecord).parse(r.records))));
    if (r.facts.length) this.db.prepare('INSERT INTO facts (source, n, body) VALUES (?, ?, ?)').run(name, r.facts.length, packText(JSON.stringify(z.array(BatchFact).parse(r.facts))));
    const prob = this.db.prepare('INSERT INTO problems (source, text) VALUES (?, ?)');
    for (const p of r.problems) prob.run(name, p);
  }

  /** Every record, in the catalogue's order (the stored entity table indexes them so). */
  allRecords(): FilingRecord[] {
    return catalogueRecords(this.db);
  }

  /** The next passage id (AUTOINCREMENT: ids are never reused, so postings stay in ascending order). */
  nextPassageId(): number {
    const seq = this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'passages'").pluck().get() as number | undefined;
    return (seq ?? 0) + 1;
  }

  /**
   * Writes the passages under the ids given at ingest and gathers their postings as it goes (the
   * tokens are not kept: at 100k passages they would be most of a build's memory).
   */
  insertPassages(passages: readonly { id: number; passage: Passage }[]): { postings: Map<string, PostingWriter>; dupkeys: number[] } {
    const ins = this.db.prepare(
      'INSERT INTO passages (id, ord, source, section, line_from, line_to, text_block, text_at, text_len, sentences, ntok, dupkey) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insTexts = this.db.prepare('INSERT INTO passage_texts (source, block, body) VALUES (?, ?, ?)');
    const postings = new Map<string, PostingWriter>();
    const dupkeys: number[] = [];
    const tf = new Map<string, number>();
    // Each file's passages come together (ingest order): their texts are stored end to end, in blocks.
    let file: { source: string; block: number; texts: string[]; at: number } | undefined;
    const flush = () => file?.texts.length && insTexts.run(file.source, file.block, packText(file.texts.join('')));
    for (const { id, passage: p } of passages) {
      if (file?.source !== p.source) {
        flush();
        file = { source: p.source, block: 0, texts: [], at: 0 };
      } else if (file.at > 0 && file.at + p.text.length > TEXT_BLOCK) {
        flush();
        file = { source: p.source, block: file.block + 1, texts: [], at: 0 };
      }
      const ord = Number(p.id.slice(p.source.length + 1));
      if (passageId(p.source, ord) !== p.id) throw new Error(`passage id ${p.id} is not "<source>#<n>"`);
      const tokens = tokenize((p.section ? p.section + ' ' : '') + p.text);
      const dupkey = dupKey(p.text);
      const sentences = JSON.stringify(sentenceBounds(p) ?? p.sentences);
      ins.run(id, ord, p.source, p.section ?? null, p.lines[0], p.lines[1], file.block, file.at, p.text.length, sentences, tokens.length, dupkey);
      file.texts.push(p.text);
      file.at += p.text.length;
      dupkeys.push(dupkey);
      tf.clear();
      for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) {
        let wr = postings.get(t);
        if (!wr) postings.set(t, (wr = new PostingWriter()));
        wr.add(id, n);
      }
    }
    flush();
    return { postings, dupkeys };
  }

  /**
   * Postings: the lists of removed passages' terms are rewritten without them (every list is read
   * once: no per-passage term list is stored), new passages are appended to their terms' lists.
   */
  updatePostings(gone: readonly GonePassage[], addByTerm: ReadonlyMap<string, PostingWriter>, sameDictionary: boolean): void {
    const put = this.db.prepare('INSERT OR REPLACE INTO terms (term, postings) VALUES (?, ?)');
    const del = this.db.prepare('DELETE FROM terms WHERE term = ?');
    const list = this.db.prepare('SELECT postings FROM terms WHERE term = ?').pluck();
    const removedIds = new Set(gone.map((g) => g.id));
    // Lists that lose postings: tokenised as when they were indexed, the removed passages name them;
    // after a dictionary change, every list is read to find them.
    const losing = new Set<string>();
    let retokenised = removedIds.size > 0 && sameDictionary;
    for (const g of retokenised ? gone : []) {
      const tokens = tokenize((g.section ? g.section + ' ' : '') + g.text);
      // Not the tokens it was indexed with after all: read every list instead.
      if (tokens.length !== g.ntok) {
        retokenised = false;
        losing.clear();
        break;
      }
      for (const t of tokens) losing.add(t);
    }
    if (removedIds.size && !retokenised) {
      for (const [term, bytes] of this.db.prepare('SELECT term, postings FROM terms').raw().iterate() as Iterable<[string, Buffer]>) {
        let hit = false;
        forEachPosting(bytes, (id) => {
          if (removedIds.has(id)) hit = true;
        });
        if (hit) losing.add(term);
      }
    }
    // Each list touched is read and written once: postings of removed passages out, new ones appended.
    const noRemoval = new Set<number>();
    for (const term of new Set([...losing, ...addByTerm.keys()])) {
      const old = list.get(term) as Buffer | undefined;
      const wr = addByTerm.get(term);
      if (!old && !wr) continue;
      if (!old) {
        put.run(term, wr!.sink.bytes());
        continue;
      }
      const adds: [number, number][] = [];
      if (wr) forEachPosting(wr.sink.bytes(), (id, tf) => adds.push([id, tf]));
      const bytes = rewritePostings(old, losing.has(term) ? removedIds : noRemoval, adds);
      if (bytes.length) put.run(term, bytes);
      else del.run(term);
    }
  }

  /** The first copy (lowest id) of a duplicated paragraph stands for the others. */
  updateDuplicates(keys: number[]): void {
    const sel = this.db.prepare('SELECT id, source, ord FROM passages WHERE dupkey = ? ORDER BY id');
    const set = this.db.prepare('UPDATE passages SET dup_of = ? WHERE id = ?');
    for (const key of new Set(keys)) {
      const rows = sel.all(key) as { id: number; source: string; ord: number }[];
      rows.forEach((r, i) => set.run(i === 0 ? null : passageId(rows[0]!.source, rows[0]!.ord), r.id));
    }
  }

  /** The register lists the store holds (documents with register counts), in corpus order. */
  registerSummaries(): RegisterSummary[] {
    const out: RegisterSummary[] = [];
    for (const [source, body] of this.db.prepare('SELECT source, body FROM documents ORDER BY source').raw().iterate() as Iterable<[string, string]>) {
      if (!body.includes('"registerCounts"')) continue;
      const d = StoredDocument.parse(JSON.parse(body));
      const c = d.registerCounts!;
      out.push({ source, title: d.title, ...(d.period ? { period: d.period } : {}), tracks: c.tracks, skipped: c.skipped, repeatedHeaders: c.repeatedHeaders, flagged: c.flagged });
    }
    return out;
  }

  passageIds(): number[] {
    return this.db.prepare('SELECT id FROM passages ORDER BY id').pluck().all() as number[];
  }

  /**
   * Statistics the readers need without scanning (document lengths, the docFreq sample: taken from
   * these records and the passages, or kept with the drift since), what the records give the readers
   * (the entity table: derived again or kept), then commit.
   */
  finish(o: { generation: string; userWords: readonly string[]; tokenised: string; sample: readonly FilingRecord[] | { drift: number }; entities: readonly FilingRecord[] | 'keep'; catalogue: readonly FilingRecord[] | 'keep' }): Manifest['counts'] {
    const rows = this.db.prepare('SELECT id, ntok FROM passages ORDER BY id').raw().all() as [number, number][];
    const maxId = rows.length ? rows.at(-1)![0] : 0;
    const lens = new Uint32Array(maxId + 1);
    let total = 0;
    for (const [id, n] of rows) {
      lens[id] = n;
      total += n;
    }
    const setMeta = this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    setMeta.run('generation', o.generation); // a store knows which build wrote it (a copy from another build is told apart)
    setMeta.run('doclen', Buffer.from(lens.buffer));
    setMeta.run('passages', rows.length);
    setMeta.run('tokens', total);
    setMeta.run('userwords', JSON.stringify([...o.userWords].sort())); // sorted: readers search them as they are
    setMeta.run('aliasrules', ALIAS_RULES_VERSION);
    setMeta.run('tokenised', o.tokenised);
    if ('drift' in o.sample) setMeta.run('dfdrift', o.sample.drift);
    else {
      writeDfSample(this.db, o.sample);
      setMeta.run('dfbase', rows.length);
      setMeta.run('dfdrift', 0);
    }
    // No file with records or facts changed: the stored catalogue (records and facts in corpus order) is still right.
    const keptCatalogue = o.catalogue === 'keep' ? this.storedCrc32('catalogue') : undefined;
    // What the registers say about each other (copies of a list, a number with two names): worked
    // out with the catalogue, kept with it.
    if (keptCatalogue === undefined) setMeta.run('crossproblems', JSON.stringify(crossFileProblems(o.catalogue === 'keep' ? this.allRecords() : o.catalogue)));
    this.catalogueCrc32 = keptCatalogue ?? writeCatalogue(this.db, o.catalogue === 'keep' ? this.allRecords() : o.catalogue);
    const kept = o.entities === 'keep' ? this.storedCrc32('entities') : undefined;
    if (kept === undefined) {
      // Readers find names with the aliases worked out here, indexes into the catalogue's records.
      const entities = packed(new EntityIndex(o.entities === 'keep' ? this.allRecords() : o.entities).toStored());
      setMeta.run('entities', entities);
      this.entitiesCrc32 = crc32(entities);
    } else this.entitiesCrc32 = kept;
    const count = (t: string) => (this.db.prepare(`SELECT coalesce(sum(n), 0) FROM ${t}`).pluck().get() as number);
    // No spread push: a register with 100k bad rows must not overflow the call stack.
    for (const p of this.db.prepare('SELECT text FROM problems ORDER BY source, id').pluck().iterate() as Iterable<string>) this.problems.push(p);
    const cross = this.meta('crossproblems');
    if (typeof cross === 'string') for (const p of JSON.parse(cross) as string[]) this.problems.push(p);
    const counts = { passages: rows.length, records: count('records'), facts: count('facts') };
    this.db.exec('COMMIT');
    return counts;
  }
}
