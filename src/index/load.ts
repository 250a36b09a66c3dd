/**
 * Loads an index and checks it against the corpus and the embedder in use.
 * Missing, stale and corrupt indexes are told apart so that front ends can say which and rebuild.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineConfig } from '../config.js';
import { corpusHashes } from '../ingest/corpusFiles.js';
import { ingestLimits } from '../ingest/limits.js';
import { log } from '../log.js';
import { recordNames } from '../records/entityIndex.js';
import { Bm25 } from './bm25.js';
import { buildIndex, type BuildSummary } from './build.js';
import { selectEmbedder, type SelectedEmbedder } from './embeddings/selectEmbedder.js';
import { HnswStore, passageDocument } from './hnswStore.js';
import { FILES, FORMAT_VERSION, Manifest, StoredDocument, StoredPassage, StoredRecords } from './manifest.js';
import { addUserWords } from './segmenter.js';
import { z } from 'zod';
import { hybridSearch } from '../retrieve/hybrid.js';
import type { Knowledge, PassageHit } from '../retrieve/knowledge.js';
import { matchKey } from '../text/chars.js';

export class IndexError extends Error {
  override name = 'IndexError';
  constructor(readonly state: 'missing' | 'stale' | 'corrupt', message: string) {
    super(message);
  }
}

/** The in-memory index: everything read at load time. */
export class LoadedIndex implements Knowledge {
  readonly bm25: Bm25;
  private readonly byId: Map<string, number>;
  /** Normalised texts of everything citable, for docFreq. */
  private readonly texts: string[];

  constructor(
    readonly manifest: Manifest,
    readonly documents: StoredDocument[],
    readonly passages: StoredPassage[],
    readonly records: StoredRecords['records'],
    readonly facts: StoredRecords['facts'],
    readonly store: HnswStore,
    readonly embedder: SelectedEmbedder,
  ) {
    this.bm25 = new Bm25(passages.map((p) => p.tokens));
    this.byId = new Map(passages.map((p, i) => [p.id, i]));
    this.texts = [...passages.map((p) => p.text), ...records.map((r) => r.text)].map(matchKey);
  }

  get docCount(): number {
    return this.texts.length;
  }

  docFreq(variants: readonly string[]): number {
    let df = 0;
    for (const t of this.texts) if (variants.some((v) => t.includes(v))) df++;
    return df;
  }

  search(question: string, k: number): Promise<PassageHit[]> {
    return hybridSearch(this, this.byId, question, k);
  }

  passagesOverlapping(source: string, lines: readonly [number, number]): StoredPassage[] {
    return this.passages.filter((p) => p.source === source && p.lines[0] <= lines[1] && lines[0] <= p.lines[1]);
  }
}

function readJson<T>(dir: string, file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  } catch (err) {
    throw new IndexError('corrupt', `index file ${file} cannot be read (${(err as Error).message.split('\n')[0]})`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new IndexError('corrupt', `index file ${file} is not valid (${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

/** Why the index is not usable as it is, or undefined when it is fresh. */
export function checkFreshness(config: EngineConfig, manifest: Manifest, embedderId: string): string | undefined {
  if (manifest.formatVersion !== FORMAT_VERSION) return `index format ${manifest.formatVersion}, this version reads ${FORMAT_VERSION}`;
  if (manifest.embedder.id !== embedderId) return `index was built with embedder ${manifest.embedder.id}, now ${embedderId} is in use`;
  const now = corpusHashes(config.CORPUS_DIR, ingestLimits(config));
  const changed = Object.keys({ ...now, ...manifest.files }).filter((n) => now[n] !== manifest.files[n]);
  if (changed.length) return `corpus changed since the index was built (${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ', …' : ''})`;
  return undefined;
}

export async function loadIndex(config: EngineConfig, embedder?: SelectedEmbedder): Promise<LoadedIndex> {
  const dir = config.INDEX_DIR;
  if (!existsSync(join(dir, FILES.manifest))) throw new IndexError('missing', `no index in ${dir} (run npm run build-index)`);
  const manifest = readJson(dir, FILES.manifest, Manifest);
  const selected = embedder ?? (await selectEmbedder(config));
  const stale = checkFreshness(config, manifest, selected.info.id);
  if (stale) throw new IndexError('stale', `index is stale: ${stale} (run npm run build-index)`);
  const passages = readJson(dir, FILES.passages, z.array(StoredPassage));
  const { records, facts } = readJson(dir, FILES.records, StoredRecords);
  const documents = readJson(dir, FILES.documents, z.array(StoredDocument));
  if (passages.length !== manifest.counts.passages || records.length !== manifest.counts.records)
    throw new IndexError('corrupt', 'index files disagree with the manifest counts');
  let store: HnswStore;
  try {
    store = HnswStore.load(
      selected.embeddings,
      { dim: manifest.embedder.dim },
      join(dir, FILES.hnsw),
      passages.map((p) => passageDocument(p.id, p.text, { source: p.source })),
    );
  } catch (err) {
    throw new IndexError('corrupt', `vector index cannot be read (${(err as Error).message.split('\n')[0]})`);
  }
  addUserWords(recordNames(records));
  return new LoadedIndex(manifest, documents, passages, records, facts, store, selected);
}

/** Loads the index, building it first when it is missing, stale or corrupt (and autoBuild is on). */
export async function ensureIndex(
  config: EngineConfig,
  opts: { autoBuild: boolean; onBuild?: (reason: string) => void; onBuilt?: (s: BuildSummary) => void } = { autoBuild: true },
): Promise<LoadedIndex> {
  const embedder = await selectEmbedder(config);
  try {
    return await loadIndex(config, embedder);
  } catch (err) {
    if (!(err instanceof IndexError) || !opts.autoBuild) throw err;
    const reason = err.message.replace(/ \(run npm run build-index\)$/, '');
    (opts.onBuild ?? ((r: string) => log.info(`${r}; building it now…`)))(reason);
    const summary = await buildIndex(config, { embedder, full: err.state === 'corrupt' });
    opts.onBuilt?.(summary);
    return loadIndex(config, embedder);
  }
}
