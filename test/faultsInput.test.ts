/**
 * Faults of the second round (issue 20), on copies of the real corpus and its index: readers that
 * follow a rebuilt index, escape codes and newlines in file names, invisible characters and lone
 * surrogates in questions, 2,000-deep HTML, a 10 MB cell, 800k problems.
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
import { IndexError } from '../src/index/load.js';
import { MANIFEST_FILE } from '../src/index/manifest.js';
import { TABLE_FILE, tempWorkspace } from './helpers.js';

const TEXT = '001_3287f4c9aebca050.txt';

afterAll(() => stopExtractionWorker());

describe('readers follow the index', () => {
  it('the REPL and ask --jsonl switch to a rebuilt index between questions; :sources shows the current one', async () => {
    const ws = tempWorkspace([TEXT]);
    await buildIndex(ws.config);
    const open = () => openEngine(ws.config, { autoBuild: false });
    const manifest = join(ws.index, MANIFEST_FILE);
    const notices: string[] = [];
    const repl = new ReplSession(new FollowedEngine(await open(), { manifest, open, notice: (l) => notices.push(l) }), {
      color: false,
      width: () => Infinity,
      maxQuestionChars: 1000,
    });
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
    expect(notices).toEqual([
      expect.stringMatching(/^the index was rebuilt: now 2 files/),
      expect.stringMatching(/^the index was rebuilt: now 1 files/),
    ]);

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
        if (++n === 2)
          throw new IndexError(
            'corrupt',
            'index store store-x.sqlite is damaged (database disk image is malformed) (run npm run build-index)',
          );
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
      const cited = renderAnswer(b, { color: false })
        .split('\n')
        .filter((l) => l.includes('line.txt'));
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
    // Was 62 s a page: the test's own time limit is the guard (timings are the benches' job).
    const s = await buildIndex(ws.config);
    expect(s).toMatchObject({ files: 3, passages: 3, problems: [] });
  });

  it('a 10 MB cell is cut before parsing, then to the register cap, and named; the answers stay small', async () => {
    const ws = tempWorkspace([]);
    mkdirSync(ws.corpus);
    const rows = [
      '序号,属地,模型名称,备案单位,备案号,备案时间',
      `1,上海,${'巨'.repeat(10 * 1048576)},某科技公司,Shanghai-Big-1,2024-01-01`,
      '2,上海,小巧测试模型,某科技公司,Shanghai-Small-2,2024-01-01',
    ];
    writeFileSync(join(ws.corpus, 'register.csv'), rows.join('\n'));
    const s = await buildIndex(ws.config);
    // The row is kept with its name cut (the register's cap), and both cuts are named.
    expect(s.records).toBe(2);
    expect(s.problems).toEqual([
      'register.csv:2: a cell of 10,485,760 characters, cut to 2,000',
      'register.csv: 1 cell over 1,000 characters cut to 1,000 (first on row 2)',
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
    // Through a build: 2,000 duplicate rows.
    const ws = tempWorkspace([]);
    mkdirSync(ws.corpus);
    const rows = ['序号,属地,模型名称,备案单位,备案号,备案时间'];
    for (let i = 1; i <= 2000; i++) rows.push(`${i},北京,重复测试模型${i},测试公司,Beijing-Dup-20240101,2024-01-01`);
    writeFileSync(join(ws.corpus, 'dup.csv'), rows.join('\n'));
    const s = await buildIndex(ws.config);
    expect(s.problems).toHaveLength(MAX_PROBLEMS_LISTED + 1);
    expect(s.problems.at(-1)).toMatch(/^dup\.csv: … and 1,979 more problems: 1,979 like “dup\.csv:23: duplicate filing number/);
    expect(statSync(join(ws.index, MANIFEST_FILE)).size).toBeLessThan(10_000);
  });
});
