/**
 * Faults of the second round (issue 20), each on a copy of the real corpus and its index: a store
 * damaged at its header, middle or end, a store of another build, stale and live build locks, files
 * in the index folder that no build wrote, an edit whose mtime is set back.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { openEngine } from '../src/answer/engine.js';
import type { AnswerEngine } from '../src/answer/types.js';
import { formatSummary } from '../src/frontends/buildSummary.js';
import { askJsonl } from '../src/frontends/cli.js';
import { FollowedEngine } from '../src/frontends/followIndex.js';
import { renderAnswer, renderSources } from '../src/frontends/render.js';
import { ReplSession } from '../src/frontends/repl.js';
import { loadLayout } from '../src/frontends/terminal.js';
import { capProblems, MAX_PROBLEMS_LISTED } from '../src/ingest/caps.js';
import { flattenDeepHtml, MAX_HTML_DEPTH } from '../src/ingest/extract/htmlDepth.js';
import { stopExtractionWorker } from '../src/ingest/extract/runExtraction.js';
import { matchKey } from '../src/text/chars.js';
import { jsonLine } from '../src/text/printable.js';
import { buildIndex } from '../src/index/build.js';
import { IndexError, loadIndex } from '../src/index/load.js';
import { processStart } from '../src/index/lock.js';
import { LOCK_FILE, MANIFEST_FILE, storeFileName } from '../src/index/manifest.js';
import { StoreReader } from '../src/index/store.js';
import { manifestOf, TABLE_FILE, tempWorkspace } from './helpers.js';

const TEXT = '001_3287f4c9aebca050.txt';

afterAll(() => stopExtractionWorker());

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
      expect(await opened(loadIndex(ws.config))).toMatch(/^corrupt: index generation .* is damaged: store-.*sqlite does not match its checksum$/);
      // A one-shot question on a large index checks the store in its worker, off the main thread.
      expect(await opened(loadIndex(ws.config, undefined, { vectors: 'in-background', offThread: true }))).toMatch(
        at === 0 ? /^corrupt: index store store-.*\.sqlite is damaged \(file is not a database\)/ : /^corrupt: .*does not match its checksum/,
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
    expect(await opened(loadIndex(a.config))).toMatch(new RegExp(`^corrupt: .*damaged \\(the store was written by build ${manifestOf(b.index).generation}`));
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
      const err = await buildIndex(ws.config, { lock: { timeoutMs: 1000, noticeMs: 300, onWait: (p, waited) => waits.push(waited) } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IndexError);
      expect((err as IndexError).state).toBe('busy');
      expect((err as Error).message).toMatch(new RegExp(`^gave up waiting for another build of .* \\(pid ${pid}\\) after 1 s; if none is running, remove .*\\.build\\.lock$`));
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
    expect(formatSummary(s).split('\n').filter((l) => l.includes('store-backup'))).toEqual([
      '  note: the index folder also holds 2 files no build wrote, left as they are: store-backup.sqlite, vectors-old.hnsw',
    ]);
    const m = manifestOf(ws.index);
    expect(readdirSync(ws.index).filter((n) => /^(store|vectors)-/.test(n)).sort()).toEqual(
      [`store-${m.generation}.sqlite`, 'store-backup.sqlite', `vectors-${m.generation}.hnsw`, 'vectors-old.hnsw'].sort(),
    );
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
    expect(idx.records.find((r) => r.model === '文心一言')?.params?.text ?? JSON.stringify(idx.records.find((r) => r.model === '文心一言'))).toContain('9999');
    idx.close();
  });
});

describe('readers follow the index', () => {
  it('the REPL and ask --jsonl switch to a rebuilt index between questions; :sources shows the current one', async () => {
    const ws = tempWorkspace([TEXT]);
    await buildIndex(ws.config);
    const open = () => openEngine(ws.config, { autoBuild: false });
    const manifest = join(ws.index, MANIFEST_FILE);
    const notices: string[] = [];
    const repl = new ReplSession(new FollowedEngine(await open(), { manifest, open, notice: (l) => notices.push(l) }), { color: false, width: () => Infinity, maxQuestionChars: 1000 });
    const q = '青鸟湾数据中心共有多少台服务器？';
    const added = join(ws.corpus, 'added.txt');
    expect((await repl.handle(q)).output).not.toContain('4200');
    writeFileSync(added, '青鸟湾数据中心共有 4200 台服务器，于2024年投入使用。\n');
    await buildIndex(ws.config);
    expect((await repl.handle(q)).output).toContain('4200');
    expect((await repl.handle(':sources')).output).toContain('added.txt');
    rmSync(added);
    await buildIndex(ws.config);
    expect((await repl.handle(':sources')).output).not.toContain('added.txt');
    expect((await repl.handle(':stats')).output).toContain('1 个文件');
    expect(notices).toEqual([expect.stringMatching(/^the index was rebuilt: now 2 files/), expect.stringMatching(/^the index was rebuilt: now 1 files/)]);

    // ask --jsonl: the index is rebuilt after the first answer is written; the second line is answered from the new one.
    const input = new PassThrough();
    input.end(`${q}\n${q}\n`);
    const lines: string[] = [];
    const followed = new FollowedEngine(await open(), { manifest, open });
    await askJsonl(followed, input, async (s) => {
      lines.push(s);
      if (lines.length === 1) {
        writeFileSync(added, '青鸟湾数据中心共有 4200 台服务器，于2024年投入使用。\n');
        await buildIndex(ws.config);
      }
    });
    const answers = lines.map((l) => JSON.parse(l) as { found: boolean; answer: string });
    expect(answers[0]!.answer).not.toContain('4200');
    expect(answers[1]!.answer).toContain('4200');
  });

  it('ask --jsonl answers every line when a question fails (a damaged store): that line gets one error line', async () => {
    let n = 0;
    const engine = {
      ask: async (question: string) => {
        if (++n === 2) throw new IndexError('corrupt', 'index store store-x.sqlite is damaged (database disk image is malformed) (run npm run build-index)');
        return { question, found: true, kind: 'passage' as const, answer: 'ok', citations: [], ms: 0 };
      },
    } as unknown as AnswerEngine;
    const input = new PassThrough();
    input.end('一\n二\n三\n');
    const out: string[] = [];
    await askJsonl(engine, input, async (s) => void out.push(s));
    expect(out.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ question: '一' }),
      { line: 2, error: 'index store store-x.sqlite is damaged (database disk image is malformed) (run npm run build-index)' },
      expect.objectContaining({ question: '三' }),
    ]);
  });
});

describe('text hygiene', () => {
  it('escape codes and newlines in file names are shown escaped: build summary, citations, :sources, JSON; never a raw ESC or a split line', async () => {
    const ws = tempWorkspace([]);
    mkdirSync(ws.corpus);
    const esc = 'esc\u001b[2J\u001b[31mRED.txt';
    const nl = 'new\nline.txt';
    writeFileSync(join(ws.corpus, esc), '紫荆花测试模型的参数量为 77 亿，由红杉湾科技研发。\n');
    writeFileSync(join(ws.corpus, nl), '白鹭洲测试模型的参数量为 33 亿，由青松岭科技研发。\n');
    const s = await buildIndex(ws.config);
    const summary = formatSummary(s);
    expect(summary).not.toMatch(/\u001b/);
    expect(summary).toContain('esc\\e[2J\\e[31mRED.txt');
    expect(summary).toContain('new\\nline.txt');
    expect(summary.split('\n')).toHaveLength(2); // the head and the read: line
    const engine = await openEngine(ws.config, { autoBuild: false });
    try {
      const a = await engine.ask('紫荆花测试模型的参数量是多少？');
      expect(a.citations[0]?.source).toBe(esc); // the data keeps the real name
      const text = renderAnswer(a, { color: false });
      expect(text).not.toMatch(/\u001b/);
      expect(text).toContain('esc\\e[2J\\e[31mRED.txt');
      const b = await engine.ask('白鹭洲测试模型的参数量是多少？');
      const cited = renderAnswer(b, { color: false }).split('\n').filter((l) => l.includes('line.txt'));
      expect(cited).toEqual([expect.stringContaining('new\\nline.txt')]);
      const json = jsonLine(a);
      expect(json).not.toMatch(/\u001b/);
      expect(json.trimEnd().split('\n')).toHaveLength(1);
      expect((JSON.parse(json) as typeof a).citations[0]!.source).toBe(esc);
      await loadLayout();
      const sources = renderSources(engine.sources(), { color: false });
      expect(sources).not.toMatch(/\u001b/);
      expect(sources.split('\n')).toHaveLength(3);
    } finally {
      engine.close?.();
    }
  });

  it('zero-width characters and soft hyphens in a question change nothing; lone surrogates are replaced; a rejected question is echoed cut to 100 characters', async () => {
    const ws = tempWorkspace([TABLE_FILE]);
    await buildIndex(ws.config);
    const engine = await openEngine(ws.config, { autoBuild: false });
    try {
      const plain = await engine.ask('文心一言的参数量是多少？');
      expect(plain).toMatchObject({ found: true, answer: expect.stringContaining('2600') });
      for (const c of ['\u200b', '\u200c', '\u200d', '\u00ad', '\u2060', '\ufeff']) {
        const a = await engine.ask(`文心${c}一言的参数量是多少？`);
        expect({ c, found: a.found, answer: a.answer }).toEqual({ c, found: true, answer: plain.answer });
      }
      // In the corpus text, for matching: the same key.
      expect(matchKey('文心\u200b一\u00ad言')).toBe(matchKey('文心一言'));
      const long = await engine.ask('问'.repeat(1_000_000));
      expect(long.found).toBe(false);
      expect([...long.question].length).toBeLessThanOrEqual(100);
      // A lone surrogate in a JSON question: replaced, and the line stays valid for jq.
      const input = new PassThrough();
      input.end('{"question": "\\ud800文心一言的参数量是多少？"}\n百度在第几批？\n');
      const out: string[] = [];
      await askJsonl(engine, input, async (s) => void out.push(s));
      expect(out).toHaveLength(2);
      const first = JSON.parse(out[0]!) as { question: string; found: boolean };
      expect(first.question).toBe('\ufffd文心一言的参数量是多少？');
      expect(out[0]).not.toMatch(/\\ud800/);
    } finally {
      engine.close?.();
    }
  });
});

describe('linear, capped extraction', () => {
  const deepPage = (n: number, what: string) =>
    `<html><head><title>${what}</title></head><body>${'<div>'.repeat(n)}<p>${what}：深层嵌套的网页，正文在两千层 div 之内。这一段文字足够长，可以作为文章正文被读出来，用于测试抽取的时间。</p>${'</div>'.repeat(n)}</body></html>`;

  it('2,000-deep HTML is flattened before Readability: three such pages build in seconds, their text indexed', async () => {
    const ws = tempWorkspace([]);
    mkdirSync(ws.corpus);
    for (const w of ['甲页', '乙页', '丙页']) writeFileSync(join(ws.corpus, `${w}.html`), deepPage(2000, w));
    expect(flattenDeepHtml(deepPage(2000, 'x')).match(/<div>/g)).toHaveLength(MAX_HTML_DEPTH - 2); // html and body count
    const t0 = performance.now();
    const s = await buildIndex(ws.config);
    expect(performance.now() - t0).toBeLessThan(10_000); // was 62 s a page
    expect(s).toMatchObject({ files: 3, passages: 3, problems: [] });
  });

  it('a 10 MB cell is cut before parsing and its row skipped and named; the answers stay small', async () => {
    const ws = tempWorkspace([]);
    mkdirSync(ws.corpus);
    const rows = ['序号,属地,模型名称,备案单位,备案号,备案时间', `1,上海,${'巨'.repeat(10 * 1048576)},某科技公司,Shanghai-Big-1,2024-01-01`, '2,上海,小巧测试模型,某科技公司,Shanghai-Small-2,2024-01-01'];
    writeFileSync(join(ws.corpus, 'register.csv'), rows.join('\n'));
    const s = await buildIndex(ws.config);
    expect(s.records).toBe(1);
    expect(s.problems).toEqual([
      'register.csv:2: a cell of 10,485,760 characters, cut to 2,000',
      'register.csv:2: a model of 2,001 characters (over the 1000-character cap), skipped',
    ]);
    const engine = await openEngine(ws.config, { autoBuild: false });
    const a = await engine.ask('上海有哪些备案？');
    engine.close?.();
    expect(a.answer).toContain('小巧测试模型');
    expect(JSON.stringify(a).length).toBeLessThan(5000);
  });

  it('800k problems are summarised by kind with the first few examples; the manifest stays small', async () => {
    const many = Array.from({ length: 800_000 }, (_, i) => `big.xlsx:${i + 3}: duplicate filing number Beijing-Test-${i % 7}`);
    const capped = capProblems('big.xlsx', many);
    expect(capped).toHaveLength(MAX_PROBLEMS_LISTED + 1);
    expect(capped.at(-1)).toBe('big.xlsx: … and 799,980 more problems: 799,980 like “big.xlsx:23: duplicate filing number Beijing-Test-6”');
    // Through a build: 5,000 duplicate rows.
    const ws = tempWorkspace([]);
    mkdirSync(ws.corpus);
    const rows = ['序号,属地,模型名称,备案单位,备案号,备案时间'];
    for (let i = 1; i <= 5000; i++) rows.push(`${i},北京,重复测试模型${i},测试公司,Beijing-Dup-20240101,2024-01-01`);
    writeFileSync(join(ws.corpus, 'dup.csv'), rows.join('\n'));
    const s = await buildIndex(ws.config);
    expect(s.problems).toHaveLength(MAX_PROBLEMS_LISTED + 1);
    expect(s.problems.at(-1)).toMatch(/^dup\.csv: … and 4,979 more problems: 4,979 like “dup\.csv:23: duplicate filing number/);
    expect(statSync(join(ws.index, MANIFEST_FILE)).size).toBeLessThan(10_000);
  });
});
