/**
 * Opens an index and checks it against the corpus and the embedder in use. Missing, stale and
 * corrupt indexes are told apart so that front ends can say which and rebuild; a stale index whose
 * rebuild fails still answers (with a one-line warning).
 */
import { join } from 'node:path';
import type { EngineConfig } from '../config.js';
import { ingestLimits } from '../ingest/limits.js';
import { log } from '../log.js';
import { EntityIndex, type StoredEntities } from '../records/entityIndex.js';
import type { BatchFact, FilingRecord } from '../records/schema.js';
import { Bm25 } from './bm25.js';
import type { BuildSummary } from './build.js';
import { corpusChange } from './corpusScan.js';
import { selectEmbedder, type SelectedEmbedder } from './embeddings/selectEmbedder.js';
import { IndexError } from './errors.js';
import { verifyFiles } from './generations.js';
import { HnswFile } from './hnswFile.js';
import { HnswIndex, type HnswParams } from './hnswIndex.js';
import { checkCorpusOffThread, type OpenVerdict } from './openChecks.js';
import type { HnswStore } from './hnswStore.js';
import { lockHolder } from './lock.js';
import { FORMAT_VERSION, Manifest, MANIFEST_FILE, storeFileName, vectorsFileName, type StoredCatalogue, type StoredDocument, type StoredPassage } from './manifest.js';
import { crc32 } from 'node:zlib';
import { useIndexWords } from '../text/segmenter.js';
import { StoreReader, unpacked } from './store.js';
import { ExpansionError } from './vectorCompact.js';
import { accessSync, constants, readFileSync } from 'node:fs';

export { IndexError } from './errors.js';

/** What a search needs of the vector index: hnswlib's (HnswIndex) or the file searched in place (HnswFile). */
export type VectorSearch = Pick<HnswIndex, 'searchLabels'>;


interface DfSample {
  joined: string;
  starts: Int32Array;
  n: number;
  scale: number;
  marks: Uint8Array;
}

/**
 * An index opened from its store: passages and postings read on demand, records in memory. It is
 * the `Knowledge` the answer layer reads (retrieve/knowledge.ts); searching it is retrieve/'s
 * business (hybridSearch), which index/ does not call.
 */
export class StoreIndex {
  private allDocuments?: StoredDocument[];
  private readonly documentCache = new Map<string, StoredDocument | undefined>();
  readonly records: FilingRecord[];
  readonly facts: BatchFact[];
  readonly bm25: Bm25;
  private sample?: DfSample;
  /** The vector index, undefined when it is off (or, loaded in the background, could not be read). */
  private readonly vectorsReady: Promise<VectorSearch | undefined>;
  private offReason?: string;

  constructor(
    readonly manifest: Manifest,
    readonly reader: StoreReader,
    vectors: VectorSearch | Promise<VectorSearch> | undefined,
    readonly embedder: SelectedEmbedder,
    vectorsOff?: string,
    /** hnswlib's index of the same file, for LangChain's VectorStore view when `vectors` is the file searcher. */
    private readonly loadHnswlib?: () => HnswIndex,
  ) {
    this.offReason = vectorsOff;
    // A file found damaged while loading in the background (checked before hnswlib reads it) turns vector search off, with one warning.
    this.vectorsReady = Promise.resolve(vectors).then(
      (v) => (v instanceof HnswFile ? this.guarded(v) : v),
      (err: unknown) => {
        if (!this.closed) this.turnVectorsOff(err); // closed before it was used (found stale): nothing to report
        return undefined;
      },
    );
    const bytes = reader.catalogue();
    if (bytes === undefined || crc32(bytes) !== manifest.store.catalogueCrc32) throw new Error('catalogue missing or not matching its checksum');
    const catalogue = unpacked<StoredCatalogue>(bytes); // records and facts: documents are read one by one when cited
    this.records = catalogue.records;
    this.facts = catalogue.facts;
    const lens = reader.meta<Buffer>('doclen');
    const docLen = lens ? new Uint32Array(lens.buffer.slice(lens.byteOffset, lens.byteOffset + lens.byteLength)) : new Uint32Array(0);
    this.bm25 = new Bm25(reader, docLen, reader.meta<number>('passages') ?? 0, reader.meta<number>('tokens') ?? 0);
  }

  private closeFile?: () => void;

  private turnVectorsOff(err: unknown): void {
    this.offReason = `vector index of generation ${this.manifest.generation} cannot be read (${(err as Error).message.split('\n')[0]}); answering lexically — run npm run build-index to rebuild it`;
    log.warn(this.offReason);
  }

  /** The vector file searched in place: damage found in a block it reads turns vector search off, with one warning. */
  private guarded(file: HnswFile): VectorSearch {
    if (this.closed) file.close();
    else this.closeFile = () => file.close();
    return {
      searchLabels: (query, k) => {
        if (this.offReason) return [];
        try {
          return file.searchLabels(query, k);
        } catch (err) {
          this.turnVectorsOff(err);
          return [];
        }
      },
    };
  }

  get documents(): StoredDocument[] {
    return (this.allDocuments ??= this.reader.documents());
  }

  /** One document, read from the store when first asked for (a question cites a few of 20k). */
  document(source: string): StoredDocument | undefined {
    if (!this.documentCache.has(source)) this.documentCache.set(source, this.reader.document(source));
    return this.documentCache.get(source);
  }

  /** Why vector search is off (index built with a model that is not available now, or a damaged vector file), if it is. */
  get vectorsOff(): string | undefined {
    return this.offReason;
  }

  /** The vector index once it is loaded (at once, unless opened with `vectors: 'in-background'`). */
  vectorIndex(): Promise<VectorSearch | undefined> {
    return this.vectorsReady;
  }

  /** The stored entity index, if the store has one whose checksum matches (undefined: the engine works it out). Read once. */
  entityIndex(): EntityIndex | undefined {
    if (this.entities === undefined) this.entities = { index: this.readEntityIndex() };
    return this.entities.index;
  }

  private entities?: { index: EntityIndex | undefined };

  private readEntityIndex(): EntityIndex | undefined {
    const bytes = this.reader.meta<Buffer>('entities');
    if (!Buffer.isBuffer(bytes) || this.manifest.store.entitiesCrc32 === undefined || crc32(bytes) !== this.manifest.store.entitiesCrc32) return undefined;
    try {
      return EntityIndex.fromStored(unpacked<StoredEntities>(bytes));
    } catch {
      return undefined;
    }
  }

  get docCount(): number {
    return this.manifest.counts.passages + this.records.length;
  }

  /** The docFreq sample the build stored (see writeDfSample), read on first use. */
  private dfSample(): DfSample {
    if (this.sample) return this.sample;
    const stored = this.reader.dfSample();
    if (!stored) throw new IndexError('corrupt', 'index store has no document-frequency sample');
    const n = stored.starts.length - 1;
    this.sample = { ...stored, n, marks: new Uint8Array(n) };
    return this.sample;
  }

  /** docFreq answers, remembered: the index does not change under a reader, and questions share words. */
  private readonly dfCache = new Map<string, number>();

  docFreq(variants: readonly string[]): number {
    const key = variants.join('\u0001');
    let df = this.dfCache.get(key);
    if (df === undefined) {
      df = this.countDocs(variants);
      if (this.dfCache.size >= 50_000) this.dfCache.clear();
      this.dfCache.set(key, df);
    }
    return df;
  }

  private countDocs(variants: readonly string[]): number {
    const { joined, starts, n, scale, marks } = this.dfSample();
    if (variants.some((v) => v === '')) return Math.round(n * scale);
    const touched: number[] = [];
    for (const v of variants) {
      let at = joined.indexOf(v);
      while (at !== -1) {
        // The text holding offset `at`: the last start ≤ at.
        let lo = 0;
        let hi = n - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (starts[mid]! <= at) lo = mid;
          else hi = mid - 1;
        }
        if (!marks[lo]) {
          marks[lo] = 1;
          touched.push(lo);
        }
        at = lo + 1 < n ? joined.indexOf(v, starts[lo + 1]!) : -1;
      }
    }
    for (const i of touched) marks[i] = 0;
    return scale === 1 ? touched.length : Math.round(touched.length * scale);
  }

  /** LangChain's VectorStore over this index's vectors (loads @langchain/core/vectorstores on first use). */
  async vectorStore(): Promise<HnswStore | undefined> {
    const found = await this.vectorIndex();
    if (!found) return undefined;
    const vectors = found instanceof HnswIndex ? found : this.loadHnswlib?.();
    if (!vectors) return undefined;
    const { HnswStore, passageDocument } = await import('./hnswStore.js');
    return new HnswStore(this.embedder.embeddings, vectors, (label) => {
      const p = this.reader.passage(label);
      return p && passageDocument(p.id, p.text, { source: p.source, label });
    });
  }

  passage(id: number): StoredPassage | undefined {
    return this.reader.passage(id);
  }

  passagesOverlapping(source: string, lines: readonly [number, number]): StoredPassage[] {
    return this.reader.passagesOverlapping(source, lines);
  }

  private closed = false;

  close(): void {
    this.closed = true;
    this.reader.close();
    this.closeFile?.();
  }
}

function readManifest(dir: string): Manifest {
  let raw: string;
  try {
    raw = readFileSync(join(dir, MANIFEST_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new IndexError('missing', `no index in ${dir} (run npm run build-index)`);
    throw new IndexError('corrupt', `index file ${MANIFEST_FILE} cannot be read (${(err as Error).message.split('\n')[0]})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new IndexError('corrupt', `index file ${MANIFEST_FILE} cannot be read (${(err as Error).message.split('\n')[0]})`);
  }
  const version = (json as { formatVersion?: unknown })?.formatVersion;
  if (typeof version === 'number' && version !== FORMAT_VERSION)
    throw new IndexError('stale', `index is stale: index format ${version}, this version reads ${FORMAT_VERSION} (run npm run build-index)`);
  const parsed = Manifest.safeParse(json);
  if (!parsed.success) throw new IndexError('corrupt', `index file ${MANIFEST_FILE} is not valid (${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

/** Why the index is not fresh for this corpus and embedder, or undefined when it is. Never throws. */
export function checkFreshness(config: EngineConfig, manifest: Manifest, embedder: SelectedEmbedder['info']): string | undefined {
  return embedderChange(manifest, embedder) ?? corpusChange(config.CORPUS_DIR, manifest.files, ingestLimits(config));
}

function embedderChange(manifest: Manifest, embedder: SelectedEmbedder['info']): string | undefined {
  if (manifest.embedder.id !== embedder.id && !keepsRealModelIndex(manifest, embedder))
    return `index was built with embedder ${manifest.embedder.id}, now ${embedder.id} is in use`;
  return undefined;
}

/** An index built with the real model stays in use (lexically) when only the hashed embedder is available now. */
function keepsRealModelIndex(manifest: Manifest, embedder: SelectedEmbedder['info']): boolean {
  return manifest.embedder.mode === 'transformers' && embedder.mode === 'hash';
}

export interface LoadOptions {
  /** Open a stale index anyway (after a failed rebuild). */
  allowStale?: boolean;
  /**
   * When the vector index is read: 'now' (default: a damaged file is found at open, so a long-running
   * front end rebuilds it) or 'in-background' (a one-shot question: read off the main thread while the
   * engine gets ready, awaited by the first search; a damaged file then turns vector search off).
   */
  vectors?: 'now' | 'in-background';
  /**
   * With 'in-background': whether the corpus is listed in a worker thread and the vector file is
   * searched in place (default: when the index is large enough for that to pay, see largeIndex).
   */
  offThread?: boolean;
}

export async function loadIndex(config: EngineConfig, embedder?: SelectedEmbedder, opts: LoadOptions = {}): Promise<StoreIndex> {
  const selected = embedder ?? (await selectEmbedder(config, { quiet: true }));
  // A build may swap generations between reading the manifest and opening its files: read again.
  for (let attempt = 0; ; attempt++) {
    try {
      const { index, corpusChange } = openIndex(config, selected, opts);
      // While the corpus is listed and the store checked (in a worker), read what the engine reads first anyway.
      if (corpusChange) index.entityIndex();
      const verdict = await corpusChange;
      if (verdict?.damaged) {
        index.close();
        throw new IndexError('corrupt', `index generation ${index.manifest.generation} is damaged: ${verdict.damaged}`);
      }
      if (verdict?.stale) {
        index.close();
        throw staleError(verdict.stale);
      }
      return index;
    } catch (err) {
      if (!(err instanceof IndexError && err.state === 'corrupt' && attempt < 3)) throw err;
      const again = safeManifest(config.INDEX_DIR);
      if (!again || err.message.includes(again.generation)) throw err;
    }
  }
}

function safeManifest(dir: string): Manifest | undefined {
  try {
    return readManifest(dir);
  } catch {
    return undefined;
  }
}

/** The vector file searched where it lies (hnswFile.ts: hnswlib's search, same results), after its size and layout are checked. */
function searchFile(path: string, params: HnswParams & { ef: number }, expect: Manifest['vectors']): HnswFile {
  const file = new HnswFile(path, params.dim, expect, params.ef);
  if (file.size !== expect.count) {
    file.close();
    throw new Error(`vector index holds ${file.size} vectors, the manifest says ${expect.count}`);
  }
  return file;
}

/**
 * When the vector file's expansion for hnswlib cannot be written (vectorCompact.ts: the temporary
 * folder is missing, full or read-only) the file is searched where it lies instead: the same
 * results (hnswFile.ts), said in one line. Any other error is passed on; so is the expansion's
 * when hnswFile cannot search this dimension, and the StoreIndex then answers lexically with a warning.
 */
function searchFileInstead(err: unknown, path: string, params: HnswParams & { ef: number }, expect: Manifest['vectors']): HnswFile {
  if (!(err instanceof ExpansionError) || params.dim % 16 !== 0) throw err;
  log.warn(`${err.message.split('\n')[0]}: the vector file is searched in place instead (same results)`);
  return searchFile(path, params, expect);
}

/** HnswIndex.load, or searchFileInstead; a file that is fine but cannot be used either way is a rejection (vector search off), not damage. */
function loadVectors(path: string, params: HnswParams & { ef: number }, expect: Manifest['vectors']): VectorSearch | Promise<never> {
  try {
    return HnswIndex.load(params, path, expect);
  } catch (err) {
    try {
      return searchFileInstead(err, path, params, expect);
    } catch (again) {
      if (again instanceof ExpansionError) return Promise.reject(again);
      throw again;
    }
  }
}

/**
 * Whether a one-shot question should list the corpus in a worker (which takes ~40 ms to start) and
 * search the vector file in place: on this 2-core VM a corpus file's stat costs ~10 µs, and checking
 * and loading vectors ~2 ms a MB (20k files and 250 MB: ~0.7 s of CPU). The five texts' index is
 * checked and loaded in ~5 ms, where a worker would add ~50 ms to a 0.3 s answer.
 */
function largeIndex(manifest: Manifest): boolean {
  const ms = Object.keys(manifest.files).length * 0.01 + (manifest.vectors.bytes / 1048576) * 2;
  return ms > 50;
}

const staleError = (why: string) => new IndexError('stale', `index is stale: ${why} (run npm run build-index)`);

/** The index opened; `corpusChange` (a one-shot open) settles once the corpus was compared with it and its store checked, off the main thread. */
function openIndex(config: EngineConfig, selected: SelectedEmbedder, opts: LoadOptions): { index: StoreIndex; corpusChange?: Promise<OpenVerdict> } {
  const dir = config.INDEX_DIR;
  const manifest = readManifest(dir);
  const vectorsOff = keepsRealModelIndex(manifest, selected.info)
    ? `the index was built with ${manifest.embedder.id}, which is not available now (${selected.info.reason}); answering lexically`
    : undefined;
  const params = { dim: manifest.embedder.dim, ...manifest.vectors.hnsw };
  const vectorFile = join(dir, vectorsFileName(manifest.generation));
  const background = opts.vectors === 'in-background';
  // A one-shot question on a large index: the corpus is listed in a worker while the store is opened here,
  // and the vector file is searched where it lies (hnswFile.ts, checking each block it reads) instead of
  // being checked whole and loaded into hnswlib.
  const offThread = background && (opts.offThread ?? largeIndex(manifest));
  const inPlace = offThread && !vectorsOff && params.dim % 16 === 0;
  if (!opts.allowStale) {
    const stale = offThread ? embedderChange(manifest, selected.info) : checkFreshness(config, manifest, selected.info);
    if (stale) throw staleError(stale);
  }
  const storePath = join(dir, storeFileName(manifest.generation));
  const corpusChange =
    offThread && !opts.allowStale
      ? checkCorpusOffThread(
          { dir: config.CORPUS_DIR, limits: ingestLimits(config), manifestPath: join(dir, MANIFEST_FILE), generation: manifest.generation, store: { path: storePath, crc32: manifest.store.crc32 } },
          () => manifest.files,
        )
      : undefined;
  const early = !background || vectorsOff
    ? undefined
    : inPlace
      ? Promise.resolve().then(() => searchFile(vectorFile, params, manifest.vectors))
      : HnswIndex.loadAsync(params, vectorFile, manifest.vectors).catch((err: unknown) => searchFileInstead(err, vectorFile, params, manifest.vectors));
  early?.catch(() => {}); // its failure is reported by the StoreIndex, or not at all if the index is not opened
  if (manifest.embedder.id === selected.info.id && manifest.embedder.dim !== selected.info.dim)
    throw new IndexError('corrupt', `index manifest says ${manifest.embedder.dim} dimensions for ${manifest.embedder.id}, which has ${selected.info.dim}`);
  // Files this process may not read: a matter of permissions, which a rebuild would not mend.
  for (const f of [storePath, vectorFile]) {
    try {
      accessSync(f, constants.R_OK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM')
        throw new IndexError('unreadable', `cannot read the index file ${f} (permission denied): check the permissions of ${dir}`);
    }
  }
  const bad = verifyFiles(dir, manifest, { vectors: false, store: !corpusChange }); // the vector checksum is checked as it is loaded; a large one-shot's store by the worker
  if (bad) throw new IndexError('corrupt', `index generation ${manifest.generation} is damaged: ${bad}`);
  let reader: StoreReader | undefined;
  try {
    reader = new StoreReader(storePath);
    // A store copied in from another build (same size, even) is not this generation's.
    const own = reader.meta<string>('generation');
    if (own !== manifest.generation) throw new Error(`the store was written by ${own ? `build ${own}` : 'another build'}, not by this generation's`);
    if (reader.meta<number>('passages') !== manifest.counts.passages) throw new Error('passage count disagrees with the manifest');
  } catch (err) {
    reader?.close();
    if (err instanceof IndexError) throw err;
    throw new IndexError('corrupt', `index store of generation ${manifest.generation} is damaged (${(err as Error).message.split('\n')[0]})`);
  }
  let vectors: VectorSearch | Promise<VectorSearch> | undefined = early;
  if (vectorsOff) log.warn(vectorsOff);
  else if (!early) {
    try {
      vectors = loadVectors(vectorFile, params, manifest.vectors);
    } catch (err) {
      reader.close();
      throw new IndexError('corrupt', `vector index of generation ${manifest.generation} cannot be read (${(err as Error).message.split('\n')[0]})`);
    }
  }
  let index: StoreIndex;
  try {
    index = new StoreIndex(manifest, reader, vectors, selected, vectorsOff, () => HnswIndex.load(params, vectorFile, manifest.vectors));
  } catch (err) {
    reader.close();
    if (err instanceof IndexError) throw err;
    throw new IndexError('corrupt', `index store of generation ${manifest.generation} is damaged (${(err as Error).message.split('\n')[0]})`);
  }
  try {
    useIndexWords(reader.userWords(), manifest.segmenter);
  } catch (err) {
    index.close();
    throw err;
  }
  return { index, corpusChange };
}

export interface EnsureOptions {
  autoBuild: boolean;
  onBuild?: (reason: string) => void;
  onBuilt?: (s: BuildSummary) => void;
  /** One line when the index in use is stale because its rebuild failed. */
  onStale?: (warning: string) => void;
  vectors?: LoadOptions['vectors'];
}

/**
 * Loads the index, building it first when it is missing, stale or corrupt (and autoBuild is on).
 * A stale index whose rebuild fails (read-only or full disk, another build running, a corpus
 * problem) is used as it is, with a one-line warning.
 */
export async function ensureIndex(config: EngineConfig, opts: EnsureOptions = { autoBuild: true }): Promise<StoreIndex> {
  const embedder = await selectEmbedder(config, { quiet: true });
  try {
    return await loadIndex(config, embedder, { vectors: opts.vectors });
  } catch (err) {
    if (!(err instanceof IndexError) || !opts.autoBuild || err.state === 'unreadable') throw err;
    const reason = err.message.replace(/ \(run npm run build-index\)$/, '');
    const warn = opts.onStale ?? ((w: string) => log.warn(w));
    if (err.state === 'stale') {
      // Do not wait behind another build: answer from the index as it is.
      const holder = lockHolder(config.INDEX_DIR);
      if (holder !== undefined) {
        const idx = await loadIndex(config, embedder, { allowStale: true, vectors: opts.vectors }).catch(() => undefined);
        if (idx) {
          warn(`${reason}; another build${holder > 0 ? ` (pid ${holder})` : ''} is updating it — answering from the index as it is`);
          return idx;
        }
      }
    }
    (opts.onBuild ?? ((r: string) => log.info(`${r}; building it now…`)))(reason);
    const { buildIndex } = await import('./build.js');
    try {
      const summary = await buildIndex(config, { embedder, full: err.state === 'corrupt' });
      opts.onBuilt?.(summary);
    } catch (buildErr) {
      if (err.state !== 'stale') throw buildErr;
      const idx = await loadIndex(config, embedder, { allowStale: true, vectors: opts.vectors }).catch(() => undefined);
      if (!idx) throw buildErr;
      warn(`${reason}; it could not be rebuilt (${(buildErr as Error).message.split('\n')[0]}) — answering from the stale index`);
      return idx;
    }
    return loadIndex(config, embedder, { vectors: opts.vectors });
  }
}
