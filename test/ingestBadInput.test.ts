/** Hostile and broken corpus files: each is skipped or repaired with a one-line reason, in linear time, never hanging. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { listCorpus, readCorpus, sha256, type CorpusFile } from '../src/ingest/corpusFiles.js';
import { changedFiles } from '../src/index/corpusScan.js';
import { stopExtractionWorker } from '../src/ingest/extract/runExtraction.js';
import { formatOfName } from '../src/ingest/formats.js';
import { ingestFile } from '../src/ingest/ingestFile.js';
import { DEFAULT_LIMITS } from '../src/ingest/limits.js';
import { importCsvText } from '../src/ingest/registerFile.js';
import { FONT, makeDocx, makePdf, pdfBuffer } from '../scripts/make-fixtures.js';

afterAll(() => stopExtractionWorker());

const file = (name: string, bytes: Buffer): CorpusFile => {
  const format = formatOfName(name)!;
  return { name, path: name, format, kind: ['csv', 'tsv', 'xlsx'].includes(format) ? 'register' : 'text', hash: sha256(bytes), bytes };
};

function pdfOf(pages: number, opts: Partial<PDFKit.PDFDocumentOptions> = {}): Promise<Buffer> {
  return pdfBuffer(
    (doc) => {
      doc.registerFont('cjk', FONT).font('cjk');
      for (let p = 1; p <= pages; p++) {
        if (p > 1) doc.addPage();
        doc.text(`合成测试第${p}页。`);
      }
    },
    { size: 'A6', margin: 20, ...opts },
  );
}

describe('bad PDFs, packages and pages (issue 11)', () => {
  it('skips corrupt, truncated and encrypted PDFs with a reason', async () => {
    const good = await makePdf();
    const corrupt = await ingestFile(file('corrupt.pdf', Buffer.from('%PDF-1.7\n1 0 obj <<>> garbage garbage\n%%EOF\n')));
    expect(corrupt.skipped).toMatch(/damaged PDF|no text layer/);
    const truncated = await ingestFile(file('cut.pdf', good.subarray(0, Math.floor(good.length / 2))));
    expect(truncated.skipped).toMatch(/^truncated or damaged PDF/);
    const locked = await ingestFile(file('locked.pdf', await pdfOf(1, { userPassword: 'secret', ownerPassword: 'owner' })));
    expect(locked.skipped).toMatch(/^encrypted PDF/);
    for (const r of [corrupt, truncated, locked]) expect(r.problems).toHaveLength(1);
  }, 30_000);

  it('skips a PDF over the page cap (2,000 pages) and a file over the time cap', async () => {
    const big = await pdfOf(2000);
    const t0 = performance.now();
    const r = await ingestFile(file('big.pdf', big));
    expect(r.skipped).toMatch(/^2000 pages, over the 1000-page cap/);
    expect(performance.now() - t0).toBeLessThan(20_000);
    const slow = await ingestFile(file('slow.pdf', await makePdf()), { limits: { ...DEFAULT_LIMITS, timeoutMs: 0 } });
    expect(slow.skipped).toMatch(/time cap \(FILE_TIMEOUT_S\)/);
  }, 60_000);

  it('refuses a zip bomb posing as .docx or .xlsx by its unpacked size', async () => {
    const bomb = Buffer.from(
      zipSync({ 'word/document.xml': new Uint8Array(8 * 1048576), 'xl/workbook.xml': new Uint8Array(8 * 1048576) }, { level: 9 }),
    );
    expect(bomb.length).toBeLessThan(200_000);
    const limits = { ...DEFAULT_LIMITS, maxUnpackedBytes: 4 * 1048576 };
    for (const name of ['bomb.docx', 'bomb.xlsx']) {
      const r = await ingestFile(file(name, bomb), { limits });
      expect(r.skipped).toMatch(/unpacks to 16 MB .* over the 4 MB cap \(a zip bomb\?\)/);
    }
  });

  it('skips an HTML file of 50 MB', async () => {
    const huge = Buffer.alloc(50 * 1048576, 'a');
    const r = await ingestFile(file('huge.html', huge));
    expect(r.skipped).toMatch(/^HTML page of 50\.0 MB is over the 20 MB cap/);
  });

  it('names files with a wrong extension and old Office formats at listing time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'beian-bad-'));
    writeFileSync(join(dir, 'report.docx'), await makePdf());
    writeFileSync(join(dir, 'notes.txt'), await makeDocx());
    writeFileSync(join(dir, 'fake.pdf'), '这不是PDF');
    writeFileSync(join(dir, 'old.doc'), 'x');
    writeFileSync(join(dir, 'photo.png'), 'x');
    writeFileSync(join(dir, 'ok.txt'), '合成测试文本。');
    const { files, problems } = readCorpus(dir);
    expect(files.map((f) => f.name)).toEqual(['ok.txt']);
    const why = Object.fromEntries(problems.map((p) => [p.name, p.problem]));
    expect(why['report.docx']).toMatch(/not a \.docx file: its content is a PDF \(wrong extension\?\), skipped/);
    expect(why['notes.txt']).toMatch(/looks like a ZIP package .* not text \(wrong extension\?\)/);
    expect(why['fake.pdf']).toMatch(/not a PDF/);
    expect(why['old.doc']).toMatch(/old binary Office format \(\.doc\).*\.docx/);
    expect(why['photo.png']).toMatch(/not a supported format \(\.png\)/);
  }, 30_000);
});

describe('corpus entries that are not regular files (issue 9)', () => {
  it('skips and names dangling links, loops, folders, FIFOs and devices without blocking; freshness never throws', () => {
    const dir = mkdtempSync(join(tmpdir(), 'beian-entries-'));
    writeFileSync(join(dir, 'real.txt'), '合成测试文本。');
    symlinkSync(join(dir, 'real.txt'), join(dir, 'link.txt'));
    symlinkSync(join(dir, 'missing.txt'), join(dir, 'dangling.txt'));
    symlinkSync(join(dir, 'loop-b.txt'), join(dir, 'loop-a.txt'));
    symlinkSync(join(dir, 'loop-a.txt'), join(dir, 'loop-b.txt'));
    // Subfolders are read; a link back to a folder above is named and skipped (no endless walk).
    symlinkSync(dir, join(dir, 'folder.txt'));
    execFileSync('mkfifo', [join(dir, 'pipe.txt')]);
    symlinkSync('/dev/zero', join(dir, 'zero.txt'));
    const t0 = performance.now();
    const { files, problems } = readCorpus(dir);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(files.map((f) => f.name)).toEqual(['link.txt', 'real.txt']);
    const why = Object.fromEntries(problems.map((p) => [p.name, p.problem]));
    expect(why).toEqual({
      'dangling.txt': 'symbolic link to a missing file, skipped',
      'folder.txt': 'a folder already read (a link to a folder above it), skipped',
      'loop-a.txt': 'symbolic link loop, skipped',
      'loop-b.txt': 'symbolic link loop, skipped',
      'pipe.txt': 'a FIFO (named pipe), skipped',
      'zero.txt': 'a device, skipped',
    });
    // The index's freshness check lists the same way: against an empty index, only the two files are new.
    expect(changedFiles(listCorpus(dir), {}, DEFAULT_LIMITS)).toEqual(['link.txt', 'real.txt']);
  });

  it('skips a file over the per-file size cap with a message naming MAX_FILE_MB', () => {
    const dir = mkdtempSync(join(tmpdir(), 'beian-cap-'));
    writeFileSync(join(dir, 'big.txt'), Buffer.alloc(3 * 1048576, 'a'));
    const { problems } = readCorpus(dir, { ...DEFAULT_LIMITS, maxFileBytes: 1048576 });
    expect(problems).toEqual([{ name: 'big.txt', problem: '3.0 MB is over the 1.0 MB per-file cap (MAX_FILE_MB), skipped' }]);
  });
});

describe('linear time on hostile texts (issue 9)', () => {
  it('a 512 KB one-paragraph file: short section, never copied whole into passages', async () => {
    const para = '合成测试长段落没有任何句末标点而且一直延续下去，'.repeat(22_000); // ≈ 512 KB of UTF-8
    const t0 = performance.now();
    const r = await ingestFile(file('long.txt', Buffer.from(para)));
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(r.passages.length).toBeGreaterThan(100);
    expect(Math.max(...r.passages.map((p) => [...(p.section ?? '')].length))).toBeLessThanOrEqual(40);
    expect(Math.max(...r.passages.map((p) => p.text.length))).toBeLessThan(1000);
    expect([...r.meta.title].length).toBeLessThanOrEqual(60);
  });

  it('20,000 lines that each end mid-sentence join in linear time', async () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `合成测试第${i}行的内容没有结束而是继续到下一行`).join('\n');
    const t0 = performance.now();
    const r = await ingestFile(file('lines.txt', Buffer.from(text)));
    // The quadratic join took 23 s for 10,000 such lines.
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(r.passages.at(-1)!.lines[1]).toBe(20_000);
  });

  it('a large file (16 MB) ingests within a generous bound', async () => {
    const block = '合成测试段落，用于检验大文件的处理时间。第二句话也在这里。\n\n';
    const text = block.repeat(Math.ceil((16 * 1048576) / Buffer.byteLength(block)));
    const t0 = performance.now();
    const r = await ingestFile(file('large.txt', Buffer.from(text)));
    expect(performance.now() - t0).toBeLessThan(60_000);
    expect(r.passages.length).toBeGreaterThan(50_000);
  }, 90_000);
});

describe('bad bytes, control characters and CSV quotes (issue 9)', () => {
  it('reads a UTF-8 file with one bad byte, replacing it and saying where', async () => {
    const bytes = Buffer.concat([Buffer.from('合成测试第一行。\n第二行'), Buffer.from([0xff]), Buffer.from('继续。\n')]);
    const r = await ingestFile(file('bad-byte.txt', bytes));
    expect(r.skipped).toBeUndefined();
    expect(r.passages.map((p) => p.text).join('')).toContain('第二行\uFFFD继续');
    expect(r.problems).toEqual(['bad-byte.txt: 1 byte that are not UTF-8 replaced with U+FFFD (first on line 2)']);
  });

  it('reads a UTF-8 file cut mid-character', async () => {
    const whole = Buffer.from('合成测试。'.repeat(1000));
    const r = await ingestFile(file('cut.txt', whole.subarray(0, whole.length - 1)));
    expect(r.skipped).toBeUndefined();
    expect(r.problems[0]).toMatch(/replaced with U\+FFFD/);
  });

  it('removes NUL and other control characters, keeping line numbers', async () => {
    const r = await ingestFile(file('ctl.txt', Buffer.from('合成测试标题\n\n合成\u0000测试\u001b[31m第一行。\n第二\u0007行。\n')));
    const all = r.passages.map((p) => p.text).join('');
    expect(all).toBe('合成测试[31m第一行。第二行。');
    expect(r.passages.at(-1)!.lines[1]).toBe(4);
    expect(r.problems).toEqual(['ctl.txt: 3 control characters removed']);
  });

  it('reports every row a broken CSV quote affects, and imports the rest', () => {
    const csv = [
      '序号,模型名称,备案单位,备案号,备案时间',
      '1,合成甲模型,合成甲公司,Beijing-HeChengJia-202401010001,2024-01-01',
      '2,"合成乙模型,合成乙公司,Beijing-HeChengYi-202401010002,2024-01-01',
      '3,合成丙模型,合成丙公司,Beijing-HeChengBing-202401010003,2024-01-01',
      '4,合成丁模型,合成丁公司,Beijing-HeChengDing-202401010004,2024-01-01',
    ].join('\n');
    const r = importCsvText('quotes.csv', csv);
    expect(r.records.map((x) => x.model)).toEqual(['合成甲模型', '合成丙模型', '合成丁模型']);
    expect(r.problems).toEqual(['quotes.csv:3: a quote (") opened here is never closed; row skipped']);
    // A quote closed rows later swallows them: each swallowed row is named.
    const csv2 = csv.replace('4,合成丁模型', '4,合成丁模型"');
    const r2 = importCsvText('quotes2.csv', csv2);
    expect(r2.problems.length).toBeGreaterThanOrEqual(2);
    expect(r2.problems.join('\n')).toMatch(/quotes2\.csv:3/);
    expect(r2.problems.join('\n')).toMatch(/quotes2\.csv:4/);
  });
});
