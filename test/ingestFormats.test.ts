/** PDF, HTML, Word, GBK/UTF-16 ingest on fixtures the tests generate (scripts/make-fixtures.ts, synthetic data). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBuiltEngine as openEngine } from '../src/frontends/startup.js';
import { loadEngineConfig } from '../src/config.js';
import { formatSummary } from '../src/frontends/buildSummary.js';
import { buildIndex } from '../src/index/build.js';
import { readCorpus, type CorpusFile } from '../src/ingest/corpusFiles.js';
import { stopExtractionWorker } from '../src/ingest/extract/runExtraction.js';
import { ingestFile, type IngestedFile } from '../src/ingest/ingestFile.js';
import { formatPageLines, pageOfLine } from '../src/ingest/pageLines.js';
import { citationPlace } from '../src/answer/types.js';
import { renderAnswer } from '../src/frontends/render.js';
import { DOCX_ALGORITHMS, HTML_ARTICLE, PDF_FILINGS, PDF_REGISTRATIONS, writeFixtures } from '../scripts/make-fixtures.js';
import { CORPUS } from './helpers.js';

const SOURCE_TEXT = readFileSync(join(CORPUS, '000_3231838592d045d8.txt'), 'utf8');
let dir: string;
const out = new Map<string, IngestedFile>();
let files: CorpusFile[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'beian-fixtures-'));
  await writeFixtures(join(dir, 'corpus'), SOURCE_TEXT);
  writeFileSync(join(dir, 'corpus', '000_3231838592d045d8.txt'), SOURCE_TEXT);
  files = readCorpus(join(dir, 'corpus')).files;
  for (const f of files) out.set(f.name, await ingestFile(f));
}, 60_000);
afterAll(() => stopExtractionWorker());

const text = (name: string) =>
  out
    .get(name)!
    .passages.map((p) => p.text)
    .join('\n');

describe('PDF', () => {
  it('reads the text in order, drops the running header and page numbers, joins the hard-wrapped paragraph', () => {
    const pdf = out.get('synthetic_report.pdf')!;
    expect(pdf.skipped).toBeUndefined();
    expect(pdf.meta.title).toBe('合成示例备案情况报告');
    const all = text('synthetic_report.pdf');
    expect(all).not.toContain('示例备案情况报告 ·'); // the running header
    expect(all).not.toMatch(/- \d -/);
    const para = pdf.passages.find((p) => p.text.includes('本文件为自动生成的合成测试文档'))!;
    // One passage holds the wrapped sentence whole, over several PDF lines.
    expect(para.text).toContain('覆盖对话生成、文本摘要、图像描述和代码辅助等多个应用方向');
    expect(para.lines[1]).toBeGreaterThan(para.lines[0]);
  });

  it('turns the register table over two pages into records with page and line, tracks kept apart', () => {
    const pdf = out.get('synthetic_report.pdf')!;
    const starts = pdf.meta.pageStarts!;
    expect(starts).toHaveLength(3);
    const filings = pdf.records.filter((r) => r.track === 'genai-filing');
    expect(filings.map((r) => r.model)).toEqual(PDF_FILINGS.map((r) => r[2]));
    expect(pdf.records.filter((r) => r.track === 'genai-registration').map((r) => r.model)).toEqual(PDF_REGISTRATIONS.map((r) => r[2]));
    const first = filings[0]!;
    expect(first).toMatchObject({
      origin: 'register',
      company: '合成示例星河科技有限公司',
      filingNo: PDF_FILINGS[0]![4],
      filingDate: '2024-01-11',
      province: '北京',
    });
    expect(pageOfLine(starts, first.lines[0]).page).toBe(2);
    const last = filings.at(-1)!;
    expect(pageOfLine(starts, last.lines[0]).page).toBe(3); // the table goes on over the page break
    expect(formatPageLines(starts, last.lines)).toMatch(/^p\.3 l\.\d+$/);
    expect(pdf.problems).toEqual([]);
  });

  it('skips a PDF without a text layer, saying OCR is not done', () => {
    const scanned = out.get('synthetic_scanned.pdf')!;
    expect(scanned.skipped).toMatch(/no text layer: OCR is not done/);
    expect(scanned.passages).toEqual([]);
  });
});

describe('page/line helper', () => {
  it('maps file-wide lines to page and line, empty pages included', () => {
    const starts = [1, 10, 10, 25];
    expect(pageOfLine(starts, 1)).toEqual({ page: 1, line: 1 });
    expect(pageOfLine(starts, 9)).toEqual({ page: 1, line: 9 });
    expect(pageOfLine(starts, 10)).toEqual({ page: 3, line: 1 }); // page 2 is empty
    expect(pageOfLine(starts, 30)).toEqual({ page: 4, line: 6 });
    expect(formatPageLines(starts, [12, 14])).toBe('p.3 l.3–5');
    expect(formatPageLines(starts, [24, 26])).toBe('p.3 l.15–p.4 l.2');
  });
});

describe('HTML page', () => {
  it('keeps the article, its title and date; drops navigation, sidebar, footer and scripts', () => {
    const html = out.get('synthetic_news.html')!;
    expect(html.meta).toMatchObject({ format: 'html', title: HTML_ARTICLE[0], date: '2024-05-20' });
    const all = text('synthetic_news.html');
    for (const p of HTML_ARTICLE.slice(1)) expect(all).toContain(p);
    for (const junk of ['科技频道', '登录注册', '侧栏推荐', '版权所有', 'tracker', '页脚脚本', '广告脚本']) expect(all).not.toContain(junk);
  });
});

describe('Word document', () => {
  it('reads paragraphs and turns the algorithm table into deep-synthesis records', () => {
    const docx = out.get('synthetic_algorithms.docx')!;
    expect(text('synthetic_algorithms.docx')).toContain('以上两项均为虚构示例');
    expect(docx.records.map((r) => [r.track, r.model, r.company, r.filingNo])).toEqual(
      DOCX_ALGORITHMS.map((r) => ['deep-synthesis', r[0], r[2], r[5]]),
    );
  });
});

describe('encodings', () => {
  it('reads GBK and UTF-16 (with and without BOM) copies exactly as the UTF-8 original, same lines', () => {
    const original = out.get('000_3231838592d045d8.txt')!;
    for (const name of ['synthetic_gbk.txt', 'synthetic_utf16le.txt', 'synthetic_utf16be.txt']) {
      const copy = out.get(name)!;
      expect(copy.skipped).toBeUndefined();
      expect(copy.passages.map((p) => [p.text, p.lines])).toEqual(original.passages.map((p) => [p.text, p.lines]));
    }
    expect(out.get('synthetic_gbk.txt')!.meta.encoding).toBe('GB18030');
  });
});

describe('the build summary of an archive', () => {
  it('counts files by format and lists only the first problems, skipped files first', () => {
    const read = Array.from({ length: 40 }, (_, i) => ({ name: `a${i}.txt`, format: 'text' }));
    const problems = [
      ...Array.from({ length: 35 }, (_, i) => `a${i}.txt:3: row before any batch label`),
      'b.bin: not a text file, skipped',
    ];
    const shown = formatSummary({
      noop: false,
      files: 41,
      passages: 1,
      records: 0,
      unchanged: 0,
      updated: 0,
      added: 41,
      removed: 0,
      seconds: 1,
      embedder: { id: 'x', mode: 'hash', dim: 1, reason: '' },
      problems,
      read,
    });
    expect(shown).toContain('  read: 40 files (40 text)');
    expect(shown).not.toContain('a39.txt (');
    const lines = shown.split('\n');
    expect(lines[2]).toBe('  skipped: b.bin: not a text file, skipped');
    expect(lines.filter((l) => l.startsWith('  problem:'))).toHaveLength(29);
    expect(lines.at(-1)).toMatch(/… and 6 more .*manifest\.json/);
  });
});

describe('a build over all formats', () => {
  it('names every file in the summary and answers from the PDF register with its page', async () => {
    const config = loadEngineConfig(dir, {
      CORPUS_DIR: join(dir, 'corpus'),
      INDEX_DIR: join(dir, 'index'),
      EMBEDDER: 'hash',
      LOG_LEVEL: 'silent',
    } as NodeJS.ProcessEnv);
    const summary = await buildIndex(config);
    const shown = formatSummary(summary);
    expect(shown).toMatch(/read: .*synthetic_news\.html \(HTML page\).*synthetic_report\.pdf \(PDF\)/);
    expect(shown).toMatch(/synthetic_algorithms\.docx \(Word document\)/);
    expect(shown).toMatch(/skipped: synthetic_scanned\.pdf: no text layer: OCR is not done/);
    const engine = await openEngine(config);
    const a = await engine.ask('测试观澜大模型是哪家公司的？');
    expect(a.answer).toContain('合成示例观澜科技有限公司');
    const c = a.citations.find((x) => x.source === 'synthetic_report.pdf')!;
    const doc = engine.sources().find((s) => s.source === 'synthetic_report.pdf')!;
    expect(doc).toBeDefined();
    expect(c).toBeDefined();
    // The citation says page and line-in-page, and people read it that way.
    expect(c.pages?.from.page).toBe(3);
    expect(citationPlace(c)).toMatch(/^synthetic_report\.pdf p\.3 l\.\d+/);
    expect(renderAnswer(a, { color: false })).toMatch(/synthetic_report\.pdf p\.3 l\.\d+/);
    // A no-op rebuild parses nothing.
    const again = await buildIndex(config);
    expect(again.noop).toBe(true);
  }, 60_000);
});
