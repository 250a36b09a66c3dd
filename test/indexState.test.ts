import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Embeddings } from '@langchain/core/embeddings';
import { buildIndex } from '../src/index/build.js';
import { ensureIndex, IndexError, loadIndex } from '../src/index/load.js';
import { MANIFEST_FILE, storeFileName, vectorsFileName } from '../src/index/manifest.js';
import { HASH_DIM, HashEmbeddings } from '../src/index/embeddings/hashEmbeddings.js';
import { CORPUS, manifestOf, tempWorkspace } from './helpers.js';
import Database from 'better-sqlite3';
import { postingCount } from '../src/index/postings.js';
import { EntityIndex } from '../src/records/entityIndex.js';
import { DEFAULT_CHUNKING } from '../src/ingest/chunk.js';
import { ingestText } from '../src/ingest/ingestText.js';
import { TEXT_BLOCK } from '../src/index/store.js';
import { fileCrc32 } from '../src/index/fileCrc.js';
import { hybridSearch } from '../src/retrieve/hybrid.js';

const state = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (err) {
    expect(err).toBeInstanceOf(IndexError);
    return (err as IndexError).state;
  }
};
/**
 * How a one-shot question opens a large index (forced here on small ones): vector file and corpus
 * checked in workers (openChecks.ts), the vector file searched in place (hnswFile.ts).
 */
const ONE_SHOT = { vectors: 'in-background' as const, offThread: true };

/** term → number of passages holding it, from an index's store. */
function documentFrequencies(index: string): Record<string, number> {
  const db = new Database(join(index, storeFileName(manifestOf(index).generation)), { readonly: true });
  const rows = db.prepare('SELECT term, postings FROM terms ORDER BY term').raw().all() as [string, Buffer][];
  db.close();
  return Object.fromEntries(rows.map(([t, p]) => [t, postingCount(p)]));
}

describe('index lifecycle', () => {
  it('an incremental build after the record names changed still equals a build from scratch', async () => {
    // The dictionary changes with the register; passages indexed under the old one must still lose all their postings.
    const ws = tempWorkspace([]);
    mkdirSync(ws.corpus, { recursive: true });
    const register = (model: string, company: string) =>
      writeFileSync(
        join(ws.corpus, 'reg.csv'),
        `序号,属地,模型名称,备案单位,备案号,备案时间\n1,北京,${model},${company},Beijing-CeShi-202403150001,2024-03-15\n`,
      );
    register('星辰智脑', '示例智能科技有限公司');
    writeFileSync(join(ws.corpus, 'a.txt'), '# 星辰智脑\n\n示例智能科技有限公司发布了星辰智脑，星辰智脑已经通过备案。\n');
    writeFileSync(join(ws.corpus, 'b.txt'), '# 其他材料\n\n这是一份关于其他主题的说明文件，讲的是天气和旅游。\n');
    // Each build in a process of its own, as users run them: the segmenter's words do not carry over.
    const build = () =>
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-index.ts'], {
        env: { ...process.env, CORPUS_DIR: ws.corpus, INDEX_DIR: ws.index, EMBEDDER: 'hash', LOG_LEVEL: 'warn' },
        encoding: 'utf8',
      });
    build();
    register('测试模型甲', '样例网络技术有限公司');
    build();
    rmSync(join(ws.corpus, 'a.txt'));
    expect(build()).toMatch(/1 removed/);
    const fromScratch = tempWorkspace([]);
    cpSync(ws.corpus, fromScratch.corpus, { recursive: true });
    await buildIndex(fromScratch.config);
    expect(documentFrequencies(ws.index)).toEqual(documentFrequencies(fromScratch.index));
  });

  it("stores the records' entity index; readers use it only while its checksum holds", async () => {
    const ws = tempWorkspace();
    await buildIndex(ws.config);
    const idx = await loadIndex(ws.config);
    const stored = idx.entityIndex();
    expect(stored).toBeDefined();
    const computed = new EntityIndex(idx.records);
    for (const q of ['文心一言和通义千问的参数量', '智谱AI的GLM大模型是第几批', 'Baidu 的模型', '北京的公司'])
      expect(stored!.find(q)).toEqual(computed.find(q));
    idx.close();
    // A store whose entity table does not match the manifest's checksum: worked out again, not trusted.
    const db = new Database(join(ws.index, storeFileName(manifestOf(ws.index).generation)));
    db.prepare('UPDATE meta SET value = \'{"rows":[],"maxLen":0}\' WHERE key = \'entities\'').run();
    db.close();
    // (The whole store's checksum would catch the change first: the manifest is given the changed file's, so the entity table's own check is what is tested.)
    const m = manifestOf(ws.index);
    const storePath = join(ws.index, storeFileName(m.generation));
    writeFileSync(
      join(ws.index, MANIFEST_FILE),
      JSON.stringify({ ...m, store: { ...m.store, bytes: statSync(storePath).size, crc32: fileCrc32(storePath) } }),
    );
    const again = await loadIndex(ws.config);
    expect(again.entityIndex()).toBeUndefined();
    again.close();
  });

  it('builds with a manifest, is a no-op when nothing changed, and is incremental by file', async () => {
    const ws = tempWorkspace();
    const first = await buildIndex(ws.config);
    expect(first).toMatchObject({ noop: false, files: 5, added: 5, records: 42 });
    const manifest = manifestOf(ws.index);
    expect(manifest.embedder).toMatchObject({ id: `hash-ngram-v1-${HASH_DIM}`, mode: 'hash', dim: HASH_DIM });
    expect(Object.keys(manifest.files)).toHaveLength(5);
    expect(manifest.chunking.maxChars).toBeGreaterThan(0);

    const again = await buildIndex(ws.config);
    expect(again).toMatchObject({ noop: true, unchanged: 5 });

    appendFileSync(join(ws.corpus, '000_3231838592d045d8.txt'), '\n新增的一段话：联通元景再次通过备案。\n');
    const incr = await buildIndex(ws.config);
    expect(incr).toMatchObject({ noop: false, unchanged: 4, updated: 1, added: 0, passages: first.passages + 1 });
    // The incremental postings are those of a build from scratch (every term, every document frequency).
    const fromScratch = tempWorkspace();
    cpSync(ws.corpus, fromScratch.corpus, { recursive: true });
    await buildIndex(fromScratch.config);
    expect(documentFrequencies(ws.index)).toEqual(documentFrequencies(fromScratch.index));
    const idx = await loadIndex(ws.config);
    expect((await hybridSearch(idx, '联通元景再次通过备案', 3))[0]!.passage.text).toContain('联通元景再次通过备案');
    // The vectors through LangChain's VectorStore interface.
    const docs = await (await idx.vectorStore())!.similaritySearch('联通元景再次通过备案', 2);
    expect(docs).toHaveLength(2);
    expect(docs[0]!.pageContent).toContain('联通元景再次通过备案');
    expect(docs[0]!.metadata.id).toMatch(/^000_3231838592d045d8\.txt#\d+$/);
    idx.close();

    rmSync(join(ws.corpus, '002_56c9f30deb580117.txt'));
    const after = await buildIndex(ws.config);
    expect(after).toMatchObject({ removed: 1, files: 4 });
    const idx2 = await loadIndex(ws.config);
    expect(idx2.documents.map((d) => d.source)).not.toContain('002_56c9f30deb580117.txt');
    expect(idx2.passagesOverlapping('002_56c9f30deb580117.txt', [1, 10_000])).toEqual([]);
    idx2.close();
    expect(manifestOf(ws.index).vectors).toMatchObject({ count: after.passages });
    // Most of the corpus gone: the graph is rebuilt from the live vectors rather than kept full of holes.
    for (const f of ['000_3231838592d045d8.txt', '003_7b9ac7543aed0d98.txt']) rmSync(join(ws.corpus, f));
    const fewer = await buildIndex(ws.config);
    expect(manifestOf(ws.index).vectors).toMatchObject({ count: fewer.passages, deleted: 0 });
    const idx3 = await loadIndex(ws.config);
    const hit = (await hybridSearch(idx3, '生成式人工智能服务', 3))[0]!;
    expect(hit.vectorRank).toBeDefined();
    idx3.close();
    for (const f of ['000_3231838592d045d8.txt', '003_7b9ac7543aed0d98.txt']) cpSync(join(CORPUS, f), join(ws.corpus, f));
    expect((await buildIndex(ws.config, { full: true })).added).toBe(4);
    // Only the current generation is left.
    const m = manifestOf(ws.index);
    expect(readdirSync(ws.index).sort()).toEqual([MANIFEST_FILE, storeFileName(m.generation), vectorsFileName(m.generation)].sort());
  });

  it('an incremental build answers like a full one', async () => {
    const ws = tempWorkspace();
    await buildIndex(ws.config);
    appendFileSync(join(ws.corpus, '001_3287f4c9aebca050.txt'), '\n补充说明：本段用于检验增量更新。\n');
    rmSync(join(ws.corpus, '004_76e1edfe392830a9.txt'));
    await buildIndex(ws.config);
    const incr = await loadIndex(ws.config);
    const questions = ['第四批有哪些大模型？', '本段用于检验增量更新', '生成式人工智能服务备案'];
    // The passages found, with their texts (stored compressed, file by file) and sentences.
    const hits = async (i: typeof incr) =>
      Promise.all(
        questions.map(async (q) =>
          (await hybridSearch(i, q, 5)).map((h) => [h.passage.id, h.passage.text, JSON.stringify(h.passage.sentences)]),
        ),
      );
    const incrHits = await hits(incr);
    expect(incrHits.flat().some(([, text]) => text!.includes('本段用于检验增量更新'))).toBe(true);
    const incrDf = incr.docFreq(['备案']);
    incr.close();
    await buildIndex(ws.config, { full: true });
    const full = await loadIndex(ws.config);
    expect(incrHits).toEqual(await hits(full));
    expect(incrDf).toBe(full.docFreq(['备案']));
    full.close();
  });

  it('stores passage texts compressed in blocks, and reads every passage back exactly, in a large file too', async () => {
    const ws = tempWorkspace(['001_3287f4c9aebca050.txt']);
    // A file of ~10 blocks' worth of text (lines of the corpus, each made unique: repeated lines are dropped as page furniture).
    const lines = readdirSync(CORPUS)
      .filter((f) => f.endsWith('.txt'))
      .flatMap((f) => readFileSync(join(CORPUS, f), 'utf8').split('\n'))
      .filter((l) => l.trim().length > 20);
    let big = '';
    for (let i = 0; big.length < TEXT_BLOCK * 10; i++) big += lines.map((l, j) => `${l}（第${i}轮第${j}句）`).join('\n\n') + '\n\n';
    writeFileSync(join(ws.corpus, 'big.txt'), big);
    await buildIndex(ws.config);
    const db = new Database(join(ws.index, storeFileName(manifestOf(ws.index).generation)), { readonly: true });
    const blocks = db.prepare("SELECT count(*) FROM passage_texts WHERE source = 'big.txt'").pluck().get() as number;
    db.close();
    expect(blocks).toBeGreaterThanOrEqual(7);
    const idx = await loadIndex(ws.config);
    for (const f of ['big.txt', '001_3287f4c9aebca050.txt']) {
      const want = ingestText(f, readFileSync(join(ws.corpus, f), 'utf8'), DEFAULT_CHUNKING).passages;
      const got = idx.passagesOverlapping(f, [1, 1e9]);
      expect(got.map((p) => [p.id, p.text])).toEqual(want.map((p) => [p.id, p.text]));
    }
    idx.close();
  });

  it('docFreq counts exactly what a substring scan of every passage and record counts', async () => {
    const ws = tempWorkspace();
    await buildIndex(ws.config);
    const idx = await loadIndex(ws.config);
    const texts = [
      ...idx.documents.flatMap((d) => idx.passagesOverlapping(d.source, [1, 1_000_000]).map((p) => p.text)),
      ...idx.records.map((r) => r.text),
    ].map((t) => t.normalize('NFKC').toLowerCase().replace(/\s+/g, ''));
    expect(idx.docCount).toBe(texts.length);
    for (const variants of [['备案'], ['大模型'], ['年底', '12月31日', '12月底', '年末'], ['glm'], ['从未出现过的词'], ['款'], ['4']]) {
      expect(idx.docFreq(variants)).toBe(texts.filter((t) => variants.some((v) => t.includes(v))).length);
    }
    idx.close();
  });

  it('checks freshness by size and mtime, hashing only files whose stat changed', async () => {
    const ws = tempWorkspace(['001_3287f4c9aebca050.txt']);
    await buildIndex(ws.config);
    const f = join(ws.corpus, '001_3287f4c9aebca050.txt');
    const later = new Date(Date.now() + 60_000);
    utimesSync(f, later, later); // touched, same bytes
    expect(await state(loadIndex(ws.config))).toBe('ok');
    expect(await state(loadIndex(ws.config, undefined, ONE_SHOT))).toBe('ok');
    expect(await buildIndex(ws.config)).toMatchObject({ noop: true });
    expect(manifestOf(ws.index).files['001_3287f4c9aebca050.txt']!.mtimeMs).toBe(statSync(f).mtimeMs);
  });

  it('bad corpus entries never fail the front ends and never block: broken link, link loop, folder, FIFO', async () => {
    const ws = tempWorkspace(['001_3287f4c9aebca050.txt']);
    await buildIndex(ws.config);
    symlinkSync(join(ws.dir, 'nowhere.txt'), join(ws.corpus, 'dangling.txt'));
    symlinkSync(join(ws.corpus, 'loop-b.txt'), join(ws.corpus, 'loop-a.txt'));
    symlinkSync(join(ws.corpus, 'loop-a.txt'), join(ws.corpus, 'loop-b.txt'));
    symlinkSync(ws.corpus, join(ws.corpus, 'folder.txt')); // a link back to the corpus folder
    execFileSync('mkfifo', [join(ws.corpus, 'pipe.txt')]);
    // The index is still fresh: none of these is a corpus file.
    expect(await state(loadIndex(ws.config))).toBe('ok');
    const s = await buildIndex(ws.config);
    expect(s.noop).toBe(true);
    expect(s.problems.join('\n')).toMatch(/dangling\.txt: symbolic link to a missing file/);
    expect(s.problems.join('\n')).toMatch(/loop-a\.txt: symbolic link loop/);
    expect(s.problems.join('\n')).toMatch(/folder\.txt: a folder already read/);
    expect(s.problems.join('\n')).toMatch(/pipe\.txt: a FIFO/);
    expect((await buildIndex(ws.config, { full: true })).files).toBe(1);
  });

  it('files skipped when listed or when read are named in every summary and never make the index stale', async () => {
    const ws = tempWorkspace(['001_3287f4c9aebca050.txt']);
    writeFileSync(join(ws.corpus, 'empty.txt'), '');
    writeFileSync(join(ws.corpus, 'photo.png'), 'x');
    writeFileSync(join(ws.corpus, 'fake.pdf'), '这不是PDF'); // listed as a PDF, skipped once its first bytes are read
    const first = await buildIndex(ws.config);
    const named = (p: string[]) => p.filter((x) => /^(empty\.txt|photo\.png|fake\.pdf): .*skipped$/.test(x)).length;
    expect(named(first.problems)).toBe(3);
    expect(await state(loadIndex(ws.config))).toBe('ok');
    const again = await buildIndex(ws.config);
    expect(again.noop).toBe(true);
    expect(named(again.problems)).toBe(3);
    // The bad PDF is replaced by a good text under another name: only that changes.
    rmSync(join(ws.corpus, 'fake.pdf'));
    writeFileSync(join(ws.corpus, 'empty.txt'), '合成测试文本：第一批备案。');
    expect(await state(loadIndex(ws.config))).toBe('stale');
    expect(await state(loadIndex(ws.config, undefined, ONE_SHOT))).toBe('stale');
    const third = await buildIndex(ws.config);
    expect(third).toMatchObject({ noop: false, added: 1, removed: 1 });
    expect(named(third.problems)).toBe(1);
  });

  it('records the weight-free notice in the manifest instead of logging it on every call', async () => {
    const ws = tempWorkspace(['001_3287f4c9aebca050.txt']);
    const config = { ...ws.config, EMBEDDER: 'auto' as const, MODEL_DIR: join(ws.dir, 'no-models') };
    await buildIndex(config);
    expect(manifestOf(ws.index).embedder.notice).toMatch(/^weight-free mode \(no local copy .*\): vectors come from hash-ngram-v1-512/);
    // Chosen on purpose: the notice says so.
    await buildIndex(ws.config, { full: true });
    expect(manifestOf(ws.index).embedder.notice).toMatch(/^weight-free mode \(EMBEDDER=hash\)/);
  });

  it('tells missing, stale and corrupt indexes apart', async () => {
    const ws = tempWorkspace();
    expect(await state(loadIndex(ws.config))).toBe('missing');
    expect(await state(loadIndex(ws.config, undefined, ONE_SHOT))).toBe('missing');
    await buildIndex(ws.config);
    expect(await state(loadIndex(ws.config))).toBe('ok');
    const oneShot = await loadIndex(ws.config, undefined, ONE_SHOT);
    const resident = await loadIndex(ws.config);
    for (const q of ['生成式人工智能', '第三批有哪些大模型', '百度的文心一言'])
      expect(await hybridSearch(oneShot, q, 8)).toEqual(await hybridSearch(resident, q, 8)); // the file searched in place ranks as hnswlib does
    expect((await hybridSearch(oneShot, '生成式人工智能', 3)).some((h) => h.vectorRank !== undefined)).toBe(true);
    expect(oneShot.vectorsOff).toBeUndefined();
    oneShot.close();
    resident.close();

    appendFileSync(join(ws.corpus, '004_76e1edfe392830a9.txt'), '\n更多内容。\n');
    expect(await state(loadIndex(ws.config))).toBe('stale');
    // A one-shot question finds it stale too: the corpus is listed in its worker, and its answer waits for the verdict.
    await expect(loadIndex(ws.config, undefined, ONE_SHOT)).rejects.toThrow(
      /stale: corpus changed since the index was built \(004_76e1edfe392830a9\.txt\)/,
    );
    await buildIndex(ws.config);

    const m = manifestOf(ws.index);
    const store = join(ws.index, storeFileName(m.generation));
    writeFileSync(store, readFileSync(store).subarray(0, 4096));
    expect(await state(loadIndex(ws.config))).toBe('corrupt');
    await buildIndex(ws.config, { full: true });

    writeFileSync(join(ws.index, vectorsFileName(manifestOf(ws.index).generation)), 'not an index');
    expect(await state(loadIndex(ws.config))).toBe('corrupt');

    writeFileSync(join(ws.index, MANIFEST_FILE), '{"formatVersion": 7');
    expect(await state(loadIndex(ws.config))).toBe('corrupt');
    writeFileSync(join(ws.index, MANIFEST_FILE), '{"formatVersion": 3, "files": {}}');
    expect(await state(loadIndex(ws.config))).toBe('stale');
  });

  it('rebuilds a missing, stale or corrupt index on demand', async () => {
    const ws = tempWorkspace(['003_7b9ac7543aed0d98.txt']);
    const reasons: string[] = [];
    const idx = await ensureIndex(ws.config, { autoBuild: true, onBuild: (r) => reasons.push(r) });
    expect(idx.records).toHaveLength(42);
    idx.close();
    const m = manifestOf(ws.index);
    writeFileSync(join(ws.index, MANIFEST_FILE), JSON.stringify({ ...m, store: { ...m.store, bytes: m.store.bytes + 1 } }));
    const again = await ensureIndex(ws.config, { autoBuild: true, onBuild: (r) => reasons.push(r) });
    expect(again.records).toHaveLength(42);
    again.close();
    expect(reasons).toEqual([expect.stringContaining('no index'), expect.stringContaining('damaged')]);
    await expect(ensureIndex({ ...ws.config, INDEX_DIR: join(ws.dir, 'nothing') }, { autoBuild: false })).rejects.toThrow(/no index/);
  });

  it('never leaves a half-written index: a failed build keeps the old one', async () => {
    const ws = tempWorkspace(['001_3287f4c9aebca050.txt']);
    await buildIndex(ws.config);
    const before = readFileSync(join(ws.index, MANIFEST_FILE), 'utf8');
    const filesBefore = readdirSync(ws.index).sort();
    appendFileSync(join(ws.corpus, '001_3287f4c9aebca050.txt'), '\n新的段落，用来触发重建。\n');
    class Failing extends Embeddings {
      constructor() {
        super({});
      }
      async embedDocuments(): Promise<number[][]> {
        throw new Error('embedding failed');
      }
      async embedQuery(): Promise<number[]> {
        return [];
      }
    }
    const hash = new HashEmbeddings();
    await expect(
      buildIndex(ws.config, {
        embedder: { embeddings: new Failing(), info: { id: hash.id, mode: 'hash', dim: HASH_DIM, reason: 'test' } },
      }),
    ).rejects.toThrow('embedding failed');
    expect(readFileSync(join(ws.index, MANIFEST_FILE), 'utf8')).toBe(before);
    expect(readdirSync(ws.index).sort()).toEqual(filesBefore);
    expect(existsSync(join(ws.index, '.build.lock'))).toBe(false);
    // A failure inside the vector worker (a model giving NaN) is reported the same way, not hung on.
    class NotFinite extends Failing {
      override async embedDocuments(texts: string[] = []): Promise<number[][]> {
        return texts.map(() => new Array<number>(HASH_DIM).fill(Number.NaN));
      }
    }
    await expect(
      buildIndex(ws.config, {
        embedder: { embeddings: new NotFinite(), info: { id: hash.id, mode: 'hash', dim: HASH_DIM, reason: 'test' } },
      }),
    ).rejects.toThrow(/not finite/);
    expect(readFileSync(join(ws.index, MANIFEST_FILE), 'utf8')).toBe(before);
    expect(readdirSync(ws.index).sort()).toEqual(filesBefore);
  });
});
