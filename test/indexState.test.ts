import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Embeddings } from '@langchain/core/embeddings';
import { buildIndex } from '../src/index/build.js';
import { ensureIndex, IndexError, loadIndex } from '../src/index/load.js';
import { FILES, Manifest } from '../src/index/manifest.js';
import { HashEmbeddings } from '../src/index/embeddings/hashEmbeddings.js';
import { tempWorkspace } from './helpers.js';

const state = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (err) {
    expect(err).toBeInstanceOf(IndexError);
    return (err as IndexError).state;
  }
};

describe('index lifecycle', () => {
  it('builds with a manifest, is a no-op when nothing changed, and is incremental by content hash', async () => {
    const ws = tempWorkspace();
    const first = await buildIndex(ws.config);
    expect(first).toMatchObject({ noop: false, files: 5, added: 5, records: 42 });
    const manifest = Manifest.parse(JSON.parse(readFileSync(join(ws.index, FILES.manifest), 'utf8')));
    expect(manifest.embedder).toMatchObject({ id: 'hash-ngram-v1-512', mode: 'hash', dim: 512 });
    expect(Object.keys(manifest.files)).toHaveLength(5);
    expect(manifest.chunking.maxChars).toBeGreaterThan(0);

    const again = await buildIndex(ws.config);
    expect(again).toMatchObject({ noop: true, unchanged: 5 });

    appendFileSync(join(ws.corpus, '000_3231838592d045d8.txt'), '\n新增的一段话：联通元景再次通过备案。\n');
    const incr = await buildIndex(ws.config);
    expect(incr).toMatchObject({ noop: false, unchanged: 4, updated: 1, added: 0 });

    rmSync(join(ws.corpus, '002_56c9f30deb580117.txt'));
    expect(await buildIndex(ws.config)).toMatchObject({ removed: 1, files: 4 });
    expect((await buildIndex(ws.config, { full: true })).added).toBe(4);
  });

  it('tells missing, stale and corrupt indexes apart', async () => {
    const ws = tempWorkspace();
    expect(await state(loadIndex(ws.config))).toBe('missing');
    await buildIndex(ws.config);
    expect(await state(loadIndex(ws.config))).toBe('ok');

    appendFileSync(join(ws.corpus, '004_76e1edfe392830a9.txt'), '\n更多内容。\n');
    expect(await state(loadIndex(ws.config))).toBe('stale');
    await buildIndex(ws.config);

    const passages = join(ws.index, FILES.passages);
    writeFileSync(passages, readFileSync(passages, 'utf8').slice(0, 1000));
    expect(await state(loadIndex(ws.config))).toBe('corrupt');
    await buildIndex(ws.config, { full: true });

    writeFileSync(join(ws.index, FILES.hnsw), 'not an index');
    expect(await state(loadIndex(ws.config))).toBe('corrupt');

    writeFileSync(join(ws.index, FILES.manifest), '{"formatVersion": 1');
    expect(await state(loadIndex(ws.config))).toBe('corrupt');
  });

  it('rebuilds a missing, stale or corrupt index on demand', async () => {
    const ws = tempWorkspace(['003_7b9ac7543aed0d98.txt']);
    const reasons: string[] = [];
    const idx = await ensureIndex(ws.config, { autoBuild: true, onBuild: (r) => reasons.push(r) });
    expect(idx.records).toHaveLength(42);
    writeFileSync(join(ws.index, FILES.records), '[]');
    await ensureIndex(ws.config, { autoBuild: true, onBuild: (r) => reasons.push(r) });
    expect(reasons).toEqual([expect.stringContaining('no index'), expect.stringContaining('records.json')]);
    await expect(ensureIndex({ ...ws.config, INDEX_DIR: join(ws.dir, 'nothing') }, { autoBuild: false })).rejects.toThrow(/no index/);
  });

  it('never leaves a half-written index: a failed build keeps the old one', async () => {
    const ws = tempWorkspace(['001_3287f4c9aebca050.txt']);
    await buildIndex(ws.config);
    const before = readFileSync(join(ws.index, FILES.manifest), 'utf8');
    appendFileSync(join(ws.corpus, '001_3287f4c9aebca050.txt'), '\n新的段落，用来触发重建。\n');
    class Failing extends Embeddings {
      constructor() {
        super({});
      }
      async embedDocuments(): Promise<number[][]> {
        throw new Error('disk full');
      }
      async embedQuery(): Promise<number[]> {
        return [];
      }
    }
    const hash = new HashEmbeddings();
    await expect(
      buildIndex(ws.config, { embedder: { embeddings: new Failing(), info: { id: hash.id, mode: 'hash', dim: 512, reason: 'test' } } }),
    ).rejects.toThrow('disk full');
    expect(readFileSync(join(ws.index, FILES.manifest), 'utf8')).toBe(before);
    expect(readdirSync(dirname(ws.index)).filter((n) => n.includes('building') || n.includes('.old-'))).toEqual([]);
    expect(existsSync(join(ws.index, FILES.hnsw))).toBe(true);
  });
});
