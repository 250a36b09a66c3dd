/**
 * Test fixtures the project makes itself — all SYNTHETIC, clearly labelled, never real filings:
 * a multi-page Chinese PDF (running header, page numbers, a hard-wrapped paragraph, a register
 * table spanning two pages, a section row switching to registrations), a scanned-like PDF without a
 * text layer, a web page with navigation and scripts, a .docx with a deep-synthesis register table
 * and a filing table, and GBK / UTF-16 copies of a corpus text.
 *
 * The tests generate them into a temp folder (about 0.5 s); `npm run fixtures -- DIR` writes them
 * to DIR for a look. The CJK font is Noto Sans Hans from @embedpdf/fonts-sc (OFL-1.1, a
 * devDependency): no system font is assumed.
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, HeadingLevel, WidthType } from 'docx';
import iconv from 'iconv-lite';
import PDFDocument from 'pdfkit';

export const LABEL = '合成测试文档（虚构数据，仅供测试）';

/** Register rows: [序号, 属地, 模型名称, 备案单位, 备案号, 备案时间]. */
export const PDF_FILINGS: string[][] = Array.from({ length: 14 }, (_, i) => {
  const n = i + 1;
  const names = ['星河', '云岫', '青岚', '墨竹', '远帆', '晨曦', '流萤', '松涛', '听雨', '照影', '归鸿', '揽月', '拾光', '观澜'];
  return [
    String(n),
    '北京',
    `测试${names[i]}大模型`,
    `合成示例${names[i]}科技有限公司`,
    `Beijing-CeShi${String.fromCharCode(65 + i)}-2024011500${String(n).padStart(2, '0')}`,
    `2024-01-${String(10 + n).padStart(2, '0')}`,
  ];
});
/** Registration rows after the section row. */
export const PDF_REGISTRATIONS: string[][] = [
  ['1', '上海', '测试问道助手', '合成示例问道网络有限公司', 'Shanghai-WenDao-20240301', '2024-03-01'],
  ['2', '上海', '测试知行助手', '合成示例知行信息有限公司', 'Shanghai-ZhiXing-20240302', '2024-03-02'],
];
export const PARAGRAPH =
  '本文件为自动生成的合成测试文档，其中的企业、模型和编号均为虚构。根据合成示例数据，截至二〇二四年一月底，' +
  '共有十四款测试模型完成了示例备案登记流程，覆盖对话生成、文本摘要、图像描述和代码辅助等多个应用方向，' +
  '其中测试星河大模型是第一款完成示例备案的模型，它的示例参数规模为虚构的三千亿。';

const require = createRequire(import.meta.url);
// The package exports only its font list: the fonts folder sits beside its dist/.
export const FONT = join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts', 'NotoSansHans-Regular.otf');

/** A PDF drawn by `draw`, as bytes (shared by the fixtures, the bad-input tests and bench:pdf). */
export function pdfBuffer(draw: (doc: PDFKit.PDFDocument) => void, opts: Partial<PDFKit.PDFDocumentOptions> = {}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: true, info: { Title: LABEL }, ...opts });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((res) => doc.on('end', () => res(Buffer.concat(chunks))));
  draw(doc);
  doc.end();
  return done;
}

const COLS = [50, 80, 125, 225, 355, 500];

/** The multi-page PDF: page 1 prose, pages 2–3 the register table (it runs over the page break). */
export function makePdf(): Promise<Buffer> {
  return pdfBuffer((doc) => {
    doc.registerFont('cjk', FONT);
    let page = 1;
    const furniture = () => {
      doc.font('cjk').fontSize(8).text(`${LABEL} · 示例备案情况报告`, 50, 30, { lineBreak: false });
      doc.fontSize(8).text(`- ${page} -`, 285, 800, { lineBreak: false });
    };
    furniture();
    doc.fontSize(16).text('合成示例备案情况报告', 50, 70, { lineBreak: false });
    doc.fontSize(10).text(PARAGRAPH, 50, 110, { width: 300, lineGap: 4 });
    doc.text('下表列出全部示例备案信息。', 50, doc.y + 12, { width: 300 });
    const row = (cells: string[], y: number) => cells.forEach((c, i) => doc.fontSize(8).text(c, COLS[i]!, y, { lineBreak: false }));
    const newPage = () => {
      doc.addPage();
      page++;
      furniture();
    };
    newPage();
    let y = 70;
    doc.fontSize(10).text('表1：合成示例生成式人工智能服务备案信息', 50, y, { lineBreak: false });
    y += 24;
    row(['序号', '属地', '模型名称', '备案单位', '备案号', '备案时间'], y);
    for (const r of PDF_FILINGS) {
      y += 18;
      if (y > 330) {
        newPage();
        y = 70;
      }
      row(r, y);
    }
    y += 22;
    doc.fontSize(9).text('二、已登记的生成式人工智能应用', 50, y, { lineBreak: false });
    for (const r of PDF_REGISTRATIONS) {
      y += 18;
      row(r, y);
    }
    doc.fontSize(10).text('以上数据均为虚构，仅用于测试文本提取。', 50, y + 40, { lineBreak: false });
  });
}

/** A PDF whose pages carry only drawings (as a scan carries only images): no text layer. */
export function makeScannedPdf(): Promise<Buffer> {
  return pdfBuffer((doc) => {
    doc.rect(50, 50, 400, 300).fill('#888888');
    doc.addPage();
    doc.rect(60, 60, 300, 200).fill('#444444');
  });
}

export const HTML_ARTICLE = [
  '合成示例新闻：测试云岫大模型完成示例备案',
  '本页面为自动生成的合成测试网页，内容均为虚构。合成示例云岫科技有限公司今日宣布，其测试云岫大模型已完成示例备案流程。',
  '该公司表示，测试云岫大模型将首先用于示例客服和示例写作场景，并计划在下半年开放更多虚构功能。',
  '业内人士认为，这一合成示例说明测试模型的备案流程正在逐步规范，更多虚构企业也将陆续完成示例登记。',
];

export function makeHtml(): Buffer {
  const [title, ...paras] = HTML_ARTICLE;
  return Buffer.from(`<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${title} - 合成示例新闻网</title>
<meta property="article:published_time" content="2024-05-20T08:00:00+08:00">
<script>window.tracker = function () { console.log('广告脚本不应出现在正文中'); };</script>
<style>.nav { color: red }</style></head>
<body>
<header><div class="logo">合成示例新闻网</div>
<nav class="nav"><ul><li><a href="/">首页</a></li><li><a href="/tech">科技频道</a></li><li><a href="/finance">财经频道</a></li><li><a href="/login">登录注册</a></li></ul></nav></header>
<main><article><h1>${title}</h1><p class="byline">2024-05-20 08:00 合成示例新闻网</p>
${paras.map((p) => `<p>${p}</p>`).join('\n')}
</article></main>
<aside><h3>热门推荐</h3><ul><li><a href="/x">侧栏推荐链接一则不应进入正文</a></li><li><a href="/y">侧栏推荐链接二则</a></li></ul></aside>
<footer>版权所有 © 合成示例新闻网 · 京ICP备00000000号 · 联系我们</footer>
<script>document.write('页脚脚本');</script>
</body></html>`);
}

export const DOCX_ALGORITHMS: string[][] = [
  [
    '测试合成语音算法',
    '服务提供者',
    '合成示例声学科技有限公司',
    '示例语音助手',
    '应用于示例语音合成场景',
    '网信算备110108000000001240001号',
  ],
  [
    '测试图像生成算法',
    '服务技术支持者',
    '合成示例图像科技有限公司',
    '示例画图应用',
    '应用于示例图像生成场景',
    '网信算备310104000000002240002号',
  ],
];

export async function makeDocx(): Promise<Buffer> {
  const cell = (t: string) => new TableCell({ children: [new Paragraph(t)], width: { size: 1500, type: WidthType.DXA } });
  const table = (rows: string[][]) => new Table({ rows: rows.map((r) => new TableRow({ children: r.map(cell) })) });
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: '合成示例深度合成算法备案清单说明', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ children: [new TextRun(`${LABEL}。本文件列出两项虚构的深度合成服务算法备案信息，供测试使用。`)] }),
          table([['算法名称', '角色', '主体名称', '应用产品', '主要用途', '备案编号'], ...DOCX_ALGORITHMS]),
          new Paragraph('以上两项均为虚构示例，不对应任何真实算法。'),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** GBK and UTF-16 (LE with BOM, BE without) copies of a corpus text. */
export function encodedCopies(text: string): { gbk: Buffer; utf16le: Buffer; utf16be: Buffer } {
  return {
    gbk: iconv.encode(text, 'gbk'),
    utf16le: Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]),
    utf16be: iconv.encode(text, 'utf16be'),
  };
}

/** Writes every fixture into dir; returns the file names. */
export async function writeFixtures(dir: string, corpusText: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const enc = encodedCopies(corpusText);
  const files: [string, Buffer][] = [
    ['synthetic_report.pdf', await makePdf()],
    ['synthetic_scanned.pdf', await makeScannedPdf()],
    ['synthetic_news.html', makeHtml()],
    ['synthetic_algorithms.docx', await makeDocx()],
    ['synthetic_gbk.txt', enc.gbk],
    ['synthetic_utf16le.txt', enc.utf16le],
    ['synthetic_utf16be.txt', enc.utf16be],
  ];
  for (const [name, bytes] of files) writeFileSync(join(dir, name), bytes);
  return files.map(([n]) => n);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const dir = resolve(process.argv[2] ?? 'fixtures-out');
  const text = readFileSync(new URL('../corpus/000_3231838592d045d8.txt', import.meta.url), 'utf8');
  const names = await writeFixtures(dir, text);
  process.stdout.write(`wrote ${names.length} synthetic fixtures to ${dir}: ${names.join(', ')}\n`);
}
