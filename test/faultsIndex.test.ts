/**
 * Faults of the second round (issue 20), each on a copy of the real corpus and its index: a store
 * damaged at its header, middle or end, a store of another build, stale and live build locks, files
 * in the index folder that no build wrote, an edit whose mtime is set back.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSummary } from '../src/frontends/buildSummary.js';
import { buildIndex } from '../src/index/build.js';
import { IndexError, loadIndex } from '../src/index/load.js';
import { processStart } from '../src/index/lock.js';
import { LOCK_FILE, MANIFEST_FILE, storeFileName } from '../src/index/manifest.js';
import { StoreReader } from '../src/index/store.js';
import { manifestOf, TABLE_FILE, tempWorkspace } from './helpers.js';

const TEXT = '001_3287f4c9aebca050.txt';

/** What opening the index ends in: 'ok', or the IndexError's state and message (anything else fails the test). */
async function opened(p: Promise<{ close(): void }>): Promise<string> {
  try {
    (await p).close();
    return 'ok';
  } catch (err) {
    expect(err).toBeInstanceOf(IndexError);
    return `${(err as IndexError).state}: ${(err as Error).message}`;
  }
}

const storeOf = (index: string) => join(index, storeFileName(manifestOf(index).generation));

/** Overwrites 4 KiB of a file at `at` (same size), as a bad disk or a stray write would. */
function overwrite(path: string, at: number): void {
  const buf = readFileSync(path);
  buf.fill(0x55, at, Math.min(buf.length, at + 4096));
  writeFileSync(path, buf);
}

describe('a damaged store', () => {
  it('damage at the header, the middle or the end: found on open (both ways), rebuilt in full by the next build, never "up to date"', async () => {
    const ws = tempWorkspace([TABLE_FILE]);
    await buildIndex(ws.config);
    const size = statSync(storeOf(ws.index)).size;
    for (const at of [0, Math.floor(size / 2 / 4096) * 4096, size - 4096]) {
      const store = storeOf(ws.index);
      overwrite(store, at);
      expect(statSync(store).size).toBe(size);
      expect(await opened(loadIndex(ws.config))).toMatch(
        /^corrupt: index generation .* is damaged: store-.*sqlite does not match its checksum$/,
      );
      // A one-shot question on a large index checks the store in its worker, off the main thread.
      expect(await opened(loadIndex(ws.config, undefined, { vectors: 'in-background', offThread: true }))).toMatch(
        at === 0
          ? /^corrupt: index store store-.*\.sqlite is damaged \(file is not a database\)/
          : /^corrupt: .*does not match its checksum/,
      );
      // SQLite's own errors, met reading a damaged file, are one line too (IndexError), never a SqliteError.
      const direct = (() => {
        try {
          const r = new StoreReader(store);
          try {
            r.documents();
            for (const t of ['生成式', '人工智能', '备案', '模型']) r.postings(t);
            r.catalogue();
            return 'read';
          } finally {
            r.close();
          }
        } catch (err) {
          return err instanceof IndexError ? `${err.state}: ${err.message}` : `other: ${String(err)}`;
        }
      })();
      if (at === 0) expect(direct).toMatch(/^corrupt: index store store-.*\.sqlite is damaged \(.*\) \(run npm run build-index\)$/);
      const s = await buildIndex(ws.config);
      expect(s).toMatchObject({ noop: false, unchanged: 0 });
      expect(formatSummary(s)).toMatch(/note: the index in use was damaged \(store-.*does not match its checksum\): rebuilt in full/);
      expect(await opened(loadIndex(ws.config))).toBe('ok');
      expect(await buildIndex(ws.config)).toMatchObject({ noop: true });
    }
  });

  it('a same-size store of another build is not this generation: by its checksum, and by the generation it carries', async () => {
    const a = tempWorkspace([TEXT, TABLE_FILE]);
    const b = tempWorkspace([TEXT, TABLE_FILE]);
    await buildIndex(a.config);
    await buildIndex(b.config);
    const store = storeOf(a.index);
    copyFileSync(storeOf(b.index), store);
    expect(statSync(store).size).toBe(manifestOf(a.index).store.bytes);
    expect(await opened(loadIndex(a.config))).toMatch(/^corrupt: .*does not match its checksum/);
    // Even with a checksum that matches (a manifest edited by hand), the store names the build that wrote it.
    const m = manifestOf(a.index);
    writeFileSync(join(a.index, MANIFEST_FILE), JSON.stringify({ ...m, store: { ...m.store, crc32: manifestOf(b.index).store.crc32 } }));
    expect(await opened(loadIndex(a.config))).toMatch(
      new RegExp(`^corrupt: .*damaged \\(the store was written by build ${manifestOf(b.index).generation}`),
    );
    expect(await buildIndex(a.config)).toMatchObject({ noop: false, unchanged: 0 });
    expect(await opened(loadIndex(a.config))).toBe('ok');
  });
});

describe('build locks', () => {
  it('a lock naming a live process that is not its builder (a reused pid) is stale: taken over with one line', async () => {
    const ws = tempWorkspace([TEXT]);
    await buildIndex(ws.config);
    const tookOver: string[] = [];
    // pid 1 is alive; its start time is not the one the lock recorded.
    writeFileSync(join(ws.index, LOCK_FILE), `1 99999999999 ${hostname()} zzzz-1-0\n`);
    writeFileSync(join(ws.corpus, 'new.txt'), '新增的文件：锁被接管后构建照常进行。\n');
    const s = await buildIndex(ws.config, { lock: { timeoutMs: 2000, onTakeOver: (why) => tookOver.push(why) } });
    expect(s).toMatchObject({ noop: false, added: 1 });
    expect(tookOver).toEqual(['pid 1 is now another process, not the build that wrote the lock']);
    // A lock whose process is gone: the same.
    writeFileSync(join(ws.index, LOCK_FILE), `4194000 123 ${hostname()}\n`);
    await buildIndex(ws.config, { lock: { timeoutMs: 2000, onTakeOver: (why) => tookOver.push(why) } });
    expect(tookOver[1]).toBe('its process (pid 4194000) is gone');
    expect(readdirSync(ws.index)).not.toContain(LOCK_FILE);
  });

  it('a live build is waited for, said every few seconds, and given up on after a bounded time with one line', async () => {
    const ws = tempWorkspace([TEXT]);
    await buildIndex(ws.config);
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const pid = sleeper.pid!;
      writeFileSync(join(ws.index, LOCK_FILE), `${pid} ${processStart(pid)} ${hostname()}\n`);
      const waits: number[] = [];
      const err = await buildIndex(ws.config, {
        lock: { timeoutMs: 1000, noticeMs: 300, onWait: (p, waited) => waits.push(waited) },
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IndexError);
      expect((err as IndexError).state).toBe('busy');
      expect((err as Error).message).toMatch(
        new RegExp(`^gave up waiting for another build of .* \\(pid ${pid}\\) after 1 s; if none is running, remove .*\\.build\\.lock$`),
      );
      expect(waits.length).toBeGreaterThanOrEqual(3);
      expect(readFileSync(join(ws.index, LOCK_FILE), 'utf8')).toMatch(new RegExp(`^${pid} `)); // not taken over
    } finally {
      sleeper.kill('SIGKILL');
    }
  });
});

describe('the index folder', () => {
  it('a build removes only files it wrote; others stay and are named once', async () => {
    const ws = tempWorkspace([TEXT]);
    await buildIndex(ws.config);
    writeFileSync(join(ws.index, 'store-backup.sqlite'), 'a backup');
    writeFileSync(join(ws.index, 'vectors-old.hnsw'), 'an old copy');
    writeFileSync(join(ws.corpus, 'new.txt'), '新增的文件：索引目录里的其他文件要保留。\n');
    const s = await buildIndex(ws.config);
    expect(s.noop).toBe(false);
    expect(readdirSync(ws.index)).toEqual(expect.arrayContaining(['store-backup.sqlite', 'vectors-old.hnsw']));
    expect(s.foreign).toEqual(['store-backup.sqlite', 'vectors-old.hnsw']);
    expect(
      formatSummary(s)
        .split('\n')
        .filter((l) => l.includes('store-backup')),
    ).toEqual(['  note: the index folder also holds 2 files no build wrote, left as they are: store-backup.sqlite, vectors-old.hnsw']);
    const m = manifestOf(ws.index);
    expect(
      readdirSync(ws.index)
        .filter((n) => /^(store|vectors)-/.test(n))
        .sort(),
    ).toEqual([`store-${m.generation}.sqlite`, 'store-backup.sqlite', `vectors-${m.generation}.hnsw`, 'vectors-old.hnsw'].sort());
  });
});

describe('change detection', () => {
  it('an edit whose mtime is set back is still seen (ctime and inode are compared too)', async () => {
    const ws = tempWorkspace([TABLE_FILE]);
    await buildIndex(ws.config);
    const f = join(ws.corpus, TABLE_FILE);
    const before = statSync(f, { bigint: true });
    writeFileSync(f, readFileSync(f, 'utf8').replace('2600 亿', '9999 亿'));
    execFileSync('touch', ['-d', `@${before.mtimeNs / 1_000_000_000n}.${String(before.mtimeNs % 1_000_000_000n).padStart(9, '0')}`, f]); // the mtime restored
    expect(statSync(f, { bigint: true })).toMatchObject({ size: before.size, mtimeNs: before.mtimeNs });
    expect(await opened(loadIndex(ws.config))).toMatch(/^stale: index is stale: corpus changed since the index was built \(003_/);
    expect(await buildIndex(ws.config)).toMatchObject({ noop: false, updated: 1 });
    const idx = await loadIndex(ws.config);
    expect(
      idx.records.find((r) => r.model === '文心一言')?.params?.text ?? JSON.stringify(idx.records.find((r) => r.model === '文心一言')),
    ).toContain('9999');
    idx.close();
  });
});
