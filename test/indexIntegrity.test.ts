/**
 * Index integrity: damaged files caught before native code, kill -9 at a build, two builds at once,
 * a full disk and a read-only index folder (the last two in a user namespace with a tmpfs; skipped
 * where `unshare` is not allowed).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HASH_DIM } from '../src/index/embeddings/hashEmbeddings.js';
import { describe, expect, it } from 'vitest';
import { buildIndex } from '../src/index/build.js';
import { hnswFileProblem } from '../src/index/vectorFile.js';
import { ensureIndex, IndexError, loadIndex } from '../src/index/load.js';
import { LOCK_FILE, MANIFEST_FILE, storeFileName, vectorsFileName } from '../src/index/manifest.js';
import { abandonBuilds } from '../src/index/generations.js';
import { CORPUS, manifestOf, ROOT, TABLE_FILE, tempWorkspace } from './helpers.js';
import { hybridSearch } from '../src/retrieve/hybrid.js';

const CHILD = join(ROOT, 'test/fixtures/indexChild.ts');

/** Starts a build that hangs at its first embedding batch; resolves once it got there. */
function hangingBuild(corpus: string, index: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'slow-build', corpus, index], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('embedding') && resolve(child));
    child.on('exit', (code) => reject(new Error(`child exited ${code}: ${err}`)));
  });
}
const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

describe('index integrity', () => {
  it('a vector file damaged at offset 52 is reported and rebuilt, never handed to hnswlib', async () => {
    const ws = tempWorkspace(['001_3287f4c9aebca050.txt']);
    await buildIndex(ws.config);
    const vectors = join(ws.index, vectorsFileName(manifestOf(ws.index).generation));
    const buf = readFileSync(vectors);
    buf.writeUInt32LE(0xdeadbeef, 52);
    writeFileSync(vectors, buf);
    await expect(loadIndex(ws.config)).rejects.toThrow(/checksum/);
    // A one-shot question reads the vectors in the background: the damage then turns vector search off, with a reason.
    for (const offThread of [false, true]) {
      // (offThread: on a large index the file is checked in a worker and then searched in place, never loaded into hnswlib.)
      const lazy = await loadIndex(ws.config, undefined, { vectors: 'in-background', offThread });
      expect((await hybridSearch(lazy, '生成式人工智能', 3)).map((h) => h.vectorRank)).toEqual([undefined, undefined, undefined]);
      expect(lazy.vectorsOff).toMatch(/checksum.*answering lexically.*build-index/);
      lazy.close();
    }
    // build-index does not call it up to date: it rebuilds.
    const s = await buildIndex(ws.config);
    expect(s.noop).toBe(false);
    const idx = await loadIndex(ws.config);
    expect((await hybridSearch(idx, '生成式人工智能', 3)).length).toBe(3);
    idx.close();
  });

  it('a one-shot question that reads a damaged vector block turns vector search off, with one warning', async () => {
    const ws = tempWorkspace(['001_3287f4c9aebca050.txt']);
    await buildIndex(ws.config);
    const vectors = join(ws.index, vectorsFileName(manifestOf(ws.index).generation));
    const buf = readFileSync(vectors);
    // A byte inside the vector of the first element past the header's block, in a block apart from
    // the header and the link lists read on opening, so the file opens; a search over this small
    // graph reads every element.
    const perElement = Number(buf.readBigUInt64LE(24));
    const at = 96 + Math.ceil(4096 / perElement) * perElement + Number(buf.readBigUInt64LE(40)) + 3;
    const count = Number(buf.readBigUInt64LE(16));
    expect(Math.floor(at / 4096)).toBeGreaterThan(0);
    expect(Math.floor(at / 4096)).toBeLessThan(Math.floor((96 + count * perElement) / 4096));
    buf[at]! ^= 0x10;
    writeFileSync(vectors, buf);
    const idx = await loadIndex(ws.config, undefined, { vectors: 'in-background', offThread: true });
    expect(idx.vectorsOff).toBeUndefined();
    expect((await hybridSearch(idx, '生成式人工智能', 3)).map((h) => h.vectorRank)).toEqual([undefined, undefined, undefined]);
    expect(idx.vectorsOff).toMatch(
      new RegExp(`checksum does not match the manifest \\(block ${Math.floor(at / 4096)}\\).*answering lexically.*build-index`),
    );
    expect((await hybridSearch(idx, '大模型', 3)).length).toBe(3); // and keeps answering
    idx.close();
  });

  it('without a usable temporary folder the vectors are searched in place: same results, no rebuild; builds do not need it', async () => {
    const ws = tempWorkspace(['001_3287f4c9aebca050.txt', TABLE_FILE]);
    await buildIndex(ws.config);
    const generation = manifestOf(ws.index).generation;
    const hits = async (idx: Awaited<ReturnType<typeof loadIndex>>) =>
      (await hybridSearch(idx, '生成式人工智能服务备案', 5)).map((h) => [h.passage.id, h.vectorRank]);
    const normal = await loadIndex(ws.config);
    const want = await hits(normal);
    normal.close();
    expect(want.some(([, rank]) => rank !== undefined)).toBe(true);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = join(ws.dir, 'no-such-folder'); // where hnswlib's expansion of the vector file would go
    try {
      const builds: string[] = [];
      const idx = await ensureIndex(ws.config, { autoBuild: true, onBuild: (r) => builds.push(r) });
      expect(idx.vectorsOff).toBeUndefined();
      expect(await hits(idx)).toEqual(want);
      idx.close();
      expect(builds).toEqual([]);
      expect(manifestOf(ws.index).generation).toBe(generation);
      // An incremental build expands the previous vectors in the index folder, not the temporary one.
      appendFileSync(join(ws.corpus, '001_3287f4c9aebca050.txt'), '\n补充说明：临时文件夹不可用时的增量构建。\n');
      const s = await buildIndex(ws.config);
      expect(s.noop).toBe(false);
      expect(readdirSync(ws.index).filter((n) => n.startsWith('.beian-vectors-'))).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });

  it('a vector file cut short (hnswlib does not notice on a full disk) is recognised by its layout', async () => {
    const ws = tempWorkspace(['001_3287f4c9aebca050.txt']);
    await buildIndex(ws.config);
    const buf = readFileSync(join(ws.index, vectorsFileName(manifestOf(ws.index).generation)));
    expect(hnswFileProblem(buf, 'stored', HASH_DIM)).toBeUndefined();
    expect(hnswFileProblem(buf.subarray(0, buf.length - 10), 'stored', HASH_DIM)).toMatch(/expected|cut/);
    expect(hnswFileProblem(buf.subarray(0, 50), 'stored', HASH_DIM)).toMatch(/shorter than the header/);
    expect(hnswFileProblem(buf, 'stored', 100)).toMatch(new RegExp(`${HASH_DIM} dimensions, expected 100`));
  });

  it('a manifest whose dimension disagrees is one clear line, not a stack trace on every question', async () => {
    const ws = tempWorkspace(['001_3287f4c9aebca050.txt']);
    await buildIndex(ws.config);
    const m = manifestOf(ws.index);
    writeFileSync(join(ws.index, MANIFEST_FILE), JSON.stringify({ ...m, embedder: { ...m.embedder, dim: HASH_DIM * 2 } }));
    const err = await loadIndex(ws.config).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IndexError);
    expect((err as IndexError).state).toBe('corrupt');
    expect((err as Error).message).not.toContain('\n');
    const idx = await ensureIndex(ws.config, { autoBuild: true, onBuild: () => {} });
    expect(idx.manifest.embedder.dim).toBe(HASH_DIM);
    idx.close();
  });

  it('kill -9 during a build leaves the previous index usable; the next build takes over the lock and cleans up', async () => {
    const ws = tempWorkspace(['001_3287f4c9aebca050.txt', '003_7b9ac7543aed0d98.txt']);
    await buildIndex(ws.config);
    const before = readFileSync(join(ws.index, MANIFEST_FILE), 'utf8');
    appendFileSync(join(ws.corpus, '001_3287f4c9aebca050.txt'), '\n新的段落：构建被强行中止。\n');
    const child = await hangingBuild(ws.corpus, ws.index);
    await killed(child);
    expect(readFileSync(join(ws.index, MANIFEST_FILE), 'utf8')).toBe(before);
    expect(existsSync(join(ws.index, LOCK_FILE))).toBe(true);
    expect(readdirSync(ws.index).filter((n) => n.startsWith('store-'))).toHaveLength(2); // the killed build's leftover
    const old = await loadIndex(ws.config, undefined, { allowStale: true });
    expect(old.records).toHaveLength(42);
    old.close();
    // Leftovers of the earlier format's swap, too.
    mkdirSync(join(ws.dir, '.index.building-123-456'));
    const s = await buildIndex(ws.config);
    expect(s).toMatchObject({ noop: false, updated: 1 });
    const m = manifestOf(ws.index);
    expect(readdirSync(ws.index).sort()).toEqual([MANIFEST_FILE, storeFileName(m.generation), vectorsFileName(m.generation)].sort());
    expect(readdirSync(ws.dir).filter((n) => n.includes('building'))).toEqual([]);
  });

  it('a build stopped by a signal (abandonBuilds) leaves neither its generation nor the lock; the index in use stays', async () => {
    const ws = tempWorkspace(['001_3287f4c9aebca050.txt']);
    await buildIndex(ws.config);
    const before = readdirSync(ws.index).sort();
    cpSync(join(CORPUS, TABLE_FILE), join(ws.corpus, TABLE_FILE));
    let during: string[] = [];
    const stopped = buildIndex(ws.config, {
      onProgress: () => {
        if (during.length) return;
        during = readdirSync(ws.index);
        abandonBuilds(); // what the bot's SIGTERM handler calls before it exits
      },
    });
    await expect(stopped).rejects.toThrow(/build abandoned/);
    // It was caught writing the next generation, and nothing of it is left.
    expect(during.filter((n) => n.startsWith('store-'))).toHaveLength(2);
    expect(during).toContain(LOCK_FILE);
    expect(readdirSync(ws.index).sort()).toEqual(before);
    const idx = await loadIndex(ws.config, undefined, { allowStale: true });
    expect(idx.documents.map((d) => d.source)).toEqual(['001_3287f4c9aebca050.txt']);
    idx.close();
  });

  it('two builds at once: a second process is told or waits, never interleaves; a stale index still answers meanwhile', async () => {
    const ws = tempWorkspace(['001_3287f4c9aebca050.txt']);
    await buildIndex(ws.config);
    appendFileSync(join(ws.corpus, '001_3287f4c9aebca050.txt'), '\n新的段落：另一个构建正在进行。\n');
    const child = await hangingBuild(ws.corpus, ws.index);
    try {
      const err = await buildIndex(ws.config, { lock: { wait: false } }).catch((e: unknown) => e);
      expect((err as IndexError).state).toBe('busy');
      expect((err as Error).message).toMatch(new RegExp(`another build of .* is running \\(pid ${child.pid}\\)`));
      const waits: number[] = [];
      await expect(buildIndex(ws.config, { lock: { wait: true, timeoutMs: 600, onWait: (pid) => waits.push(pid) } })).rejects.toThrow(
        /gave up waiting/,
      );
      expect(waits).toEqual([child.pid]);
      const warnings: string[] = [];
      const idx = await ensureIndex(ws.config, { autoBuild: true, onStale: (w) => warnings.push(w) });
      expect(warnings).toEqual([expect.stringMatching(/another build \(pid \d+\) is updating it/)]);
      expect((await hybridSearch(idx, '生成式人工智能', 2)).length).toBe(2);
      idx.close();
    } finally {
      await killed(child);
    }
    // In one process: the second build waits for the first, then has nothing to do.
    const [a, b] = await Promise.all([buildIndex(ws.config), buildIndex(ws.config)]);
    expect([a.noop, b.noop]).toEqual([false, true]);
  });

  it('a reader keeps answering from its generation while a build swaps in the next one', async () => {
    const ws = tempWorkspace(['001_3287f4c9aebca050.txt']);
    await buildIndex(ws.config);
    const reader = await loadIndex(ws.config);
    appendFileSync(join(ws.corpus, '001_3287f4c9aebca050.txt'), '\n新的段落：读者仍在使用旧的一代。\n');
    await buildIndex(ws.config);
    expect((await hybridSearch(reader, '生成式人工智能', 2)).length).toBe(2);
    reader.close();
    const next = await loadIndex(ws.config);
    expect((await hybridSearch(next, '读者仍在使用旧的一代', 1))[0]!.passage.text).toContain('读者仍在使用旧的一代');
    next.close();
  });

  const canUnshare = spawnSync('unshare', ['-rm', 'sh', '-c', 'mount -t tmpfs tmpfs /tmp && true'], { stdio: 'ignore' }).status === 0;
  const inTmpfs = (mode: string, sizeKiB: number) => {
    const ws = tempWorkspace(['001_3287f4c9aebca050.txt']);
    const index = join(ws.dir, 'index');
    mkdirSync(index, { recursive: true });
    const script = `mount -t tmpfs -o size=${sizeKiB}k tmpfs "$0" && exec "$1" --import tsx "$2" "$3" "$4" "$0"`;
    const r = spawnSync('unshare', ['-rm', 'sh', '-c', script, index, process.execPath, CHILD, mode, ws.corpus], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
  };

  it.runIf(canUnshare)('a full disk during a build: one clear line, the previous index intact and answering', () => {
    const r = inTmpfs('full-disk', 1024);
    expect(r.filled).toBeGreaterThan(0);
    expect(r.state).toBe('unwritable');
    expect(r.error).toMatch(/^cannot write the index in .*(no space left on the device|not written completely)/);
    expect(r.error).not.toContain('\n');
    expect(r.manifestKept).toBe(true);
    expect(r.hits).toBe(3);
    expect(r.warnings).toEqual([expect.stringMatching(/could not be rebuilt .* answering from the stale index/)]);
  });

  it.runIf(canUnshare)('a read-only index folder still answers, stale or not', () => {
    const r = inTmpfs('read-only', 4096);
    expect(r.writable).toBe(false);
    expect(r.freshHits).toBe(3);
    expect(r.hits).toBe(3);
    expect(r.warnings).toEqual([
      expect.stringMatching(/could not be rebuilt \(cannot .*read-only file system.*answering from the stale index/),
    ]);
  });
});
