/**
 * npm run bench:pdf — build time for 100 synthetic PDFs of 10 pages each (CJK text, a running
 * header, page numbers), then a no-op rebuild (unchanged files are not read: size and mtime compared).
 * The PDFs are made with pdfkit and a font from @embedpdf/fonts-sc (devDependencies).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEngineConfig } from '../src/config.js';
import { buildIndex } from '../src/index/build.js';
import { FONT, pdfBuffer } from './make-fixtures.js';

const FILES = Number(process.env.BENCH_PDFS ?? 100);
const PAGES = 10;

function pdf(n: number): Promise<Buffer> {
  return pdfBuffer((doc) => {
    doc.registerFont('cjk', FONT).font('cjk');
    for (let p = 1; p <= PAGES; p++) {
      if (p > 1) doc.addPage();
      doc.fontSize(8).text(`合成基准文档 ${n}（虚构）`, 50, 30, { lineBreak: false });
      doc
        .fontSize(10)
        .text(
          `合成基准第${n}号文档第${p}页。`.repeat(3) + '这是虚构的测试段落，用来衡量解析速度，内容没有任何真实含义。'.repeat(12),
          50,
          70,
          { width: 480 },
        );
      doc.fontSize(8).text(String(p), 295, 800, { lineBreak: false });
    }
  });
}

const dir = mkdtempSync(join(tmpdir(), 'beian-bench-pdf-'));
try {
  const corpus = join(dir, 'corpus');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(corpus);
  for (let i = 0; i < FILES; i++) writeFileSync(join(corpus, `bench_${String(i).padStart(3, '0')}.pdf`), await pdf(i));
  const config = loadEngineConfig(dir, {
    CORPUS_DIR: corpus,
    INDEX_DIR: join(dir, 'index'),
    EMBEDDER: 'hash',
    LOG_LEVEL: 'silent',
  } as NodeJS.ProcessEnv);
  const full = await buildIndex(config);
  const noop = await buildIndex(config);
  process.stdout.write(
    `${FILES} PDFs × ${PAGES} pages: full build ${full.seconds.toFixed(2)} s (${full.passages} passages, ` +
      `${((full.seconds * 1000) / FILES).toFixed(0)} ms per PDF); no-op rebuild ${noop.seconds.toFixed(2)} s (noop=${noop.noop})\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
