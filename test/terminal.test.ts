import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../src/answer/types.js';
import { localTime, renderAnswer, renderPlan, renderSources, renderStats } from '../src/frontends/render.js';
import { loadLayout, NO_LINE_START, outputWidth, table, truncate, useColor, wrapText } from '../src/frontends/terminal.js';

beforeAll(() => loadLayout());

const TEXT =
  '截至2024年12月31日，全国共有302款生成式人工智能服务在国家网信办完成备案（其中2024年新增238款），' +
  '另有105款生成式人工智能应用或功能完成登记：「文心一言」、「通义千问」等！见 003_7b9ac7543aed0d98.txt。';

const startsWithClosing = (line: string) => NO_LINE_START.has([...line.trimStart()][0] ?? '');

describe('wrapText (CJK-aware, kinsoku)', () => {
  it('keeps every line within the width, loses no character, and never starts a line with closing punctuation', () => {
    for (let width = 10; width <= 80; width++) {
      const lines = wrapText(TEXT, width);
      for (const l of lines) expect(stringWidth(l), `width ${width}: ${l}`).toBeLessThanOrEqual(width);
      for (const l of lines.slice(1)) expect(startsWithClosing(l), `width ${width}: ${l}`).toBe(false);
      expect(lines.join('').replace(/\s/g, '')).toBe(TEXT.replace(/\s/g, ''));
    }
  });

  it('counts CJK characters as two columns', () => {
    expect(wrapText('一二三四五六七八九十', 10)).toEqual(['一二三四五', '六七八九十']);
  });

  it('pulls closing punctuation onto the line before even where UAX #14 alone would allow a break', () => {
    // Five wide characters fill 10 columns; the comma may not open the next line.
    const lines = wrapText('一二三四五，六七', 10);
    expect(lines.slice(1).some(startsWithClosing)).toBe(false);
    expect(lines.join('')).toBe('一二三四五，六七');
  });

  it('keeps a file name whole when it fits on a line of its own, and cuts an over-long one after a separator', () => {
    const lines = wrapText('来源文件是 003_7b9ac7543aed0d98.txt 第62行', 30);
    expect(lines.some((l) => l.includes('003_7b9ac7543aed0d98.txt'))).toBe(true);
    const cut = wrapText('see 003_7b9ac7543aed0d98.txt）。', 22);
    expect(cut[0]).toBe('see');
    expect(cut.slice(1).some(startsWithClosing)).toBe(false);
    expect(cut[1]).toMatch(/[_.]$/);
  });

  it('indents continuation lines and keeps paragraphs', () => {
    const lines = wrapText('第一段文字比较长需要折行\n第二段', 12, { firstIndent: '[1] ', indent: '    ' });
    expect(lines[0]!.startsWith('[1] ')).toBe(true);
    expect(lines.slice(1).every((l) => l.startsWith('    '))).toBe(true);
    expect(lines.at(-1)).toBe('[1] 第二段'.replace('[1] ', '    '));
  });

  it('does not wrap at an infinite width (pipes and files)', () => {
    expect(wrapText(TEXT, Infinity)).toEqual([TEXT]);
  });

  it('is linear: a 200,000-character paragraph wraps quickly', () => {
    const long = '生成式人工智能服务备案，'.repeat(16_000);
    const t0 = performance.now();
    const lines = wrapText(long, 80);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(lines.length).toBeGreaterThan(4000);
  });
});

describe('colour and width decisions', () => {
  it('colours only a terminal without NO_COLOR or TERM=dumb', () => {
    expect(useColor({ isTTY: true }, {})).toBe(true);
    expect(useColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColor({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(useColor({ isTTY: false }, {})).toBe(false);
    expect(useColor({}, {})).toBe(false);
  });

  it('wraps at COLUMNS, else the terminal width, else not at all', () => {
    expect(outputWidth({ isTTY: true, columns: 100 }, {})).toBe(100);
    expect(outputWidth({ isTTY: true, columns: 100 }, { COLUMNS: '60' })).toBe(60);
    expect(outputWidth({ isTTY: false }, {})).toBe(Infinity);
    expect(outputWidth({ isTTY: false }, { COLUMNS: 'abc' })).toBe(Infinity);
  });
});

describe('tables', () => {
  it('aligns CJK columns by display width and shortens the shrinkable column to fit', () => {
    const lines = table(
      [{ header: '文件' }, { header: '标题', shrink: true }, { header: '段落', align: 'right' }],
      [
        ['a.txt', '生成式人工智能服务已备案信息公告', '12'],
        ['bb.txt', 'short', '3'],
      ],
      30,
    );
    for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(30);
    // The right-aligned column ends at the same column on every row.
    const ends = lines.map((l) => stringWidth(l));
    expect(new Set(ends).size).toBe(1);
    expect(lines[1]).toContain('…');
    expect(truncate('一二三四五', 6)).toBe('一二…');
  });
});

const ANSWER: Answer = {
  question: '文心一言的参数量是多少？',
  found: true,
  kind: 'lookup',
  answer: '文心一言的参数量为2600亿（公司：百度；第一批（2023年8月）通过备案），应用于智能问答场景，服务于对话问答类企业端客户。',
  citations: [
    {
      n: 1,
      source: '003_7b9ac7543aed0d98.txt',
      title: '新一批国产大模型通过备案，垂直领域大模型商业化加速',
      lines: [62, 62],
      text: '第一批（2023 年 8 月） | 文心一言 | 2600 亿 | 百度\n应用于智能问答场景',
    },
    { n: 12, source: 'x.csv', title: '登记', lines: [3, 5], text: '一行\u001b[31m红\u0007' },
  ],
  ms: 1,
};

describe('renderAnswer', () => {
  it('indents citations under their number and wraps them within the width', () => {
    const out = renderAnswer(ANSWER, { color: false, width: 40 }).split('\n');
    for (const l of out) expect(stringWidth(l)).toBeLessThanOrEqual(40);
    const first = out.findIndex((l) => l.startsWith('[1] '));
    const second = out.findIndex((l) => l.startsWith('[12] '));
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    for (const l of out.slice(first + 1, second)) expect(l.startsWith('    ')).toBe(true);
    for (const l of out.slice(second + 1)) expect(l.startsWith('     ')).toBe(true);
    for (const l of out.slice(1)) if (l.trim()) expect(startsWithClosing(l)).toBe(false);
  });

  it('prints no escape codes without colour, and never passes control characters from the texts through', () => {
    const plain = renderAnswer(ANSWER, { color: false, width: 60 });
    expect(plain).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    const coloured = renderAnswer(ANSWER, { color: true, width: 60 });
    expect(coloured).toContain('\u001b[');
    expect(coloured).not.toContain('\u0007');
  });
});

describe('plan, sources and stats', () => {
  it('prints the query plan readably, or says there is none', () => {
    const out = renderPlan(
      { intent: 'field', field: 'params', subjects: [{ kind: 'model', name: '文心一言' }], batches: [1, 3] },
      { color: false },
    );
    expect(out).toContain('查询计划');
    expect(out).toContain('intent: field');
    expect(out).toContain('batches: 1、3');
    expect(out).toContain('name: 文心一言');
    expect(out).not.toContain('{');
    expect(renderPlan(undefined, { color: false })).toContain('没有给出查询计划');
  });

  it('shows :sources as an aligned table and :stats in words with local time', () => {
    const table = renderSources(
      [
        { source: '003_7b9ac7543aed0d98.txt', title: '新一批国产大模型通过备案', date: '2024-01', passages: 12, records: 42 },
        { source: 'a.csv', title: 'a', passages: 0, records: 7 },
      ],
      { color: false },
    ).split('\n');
    expect(table).toHaveLength(3);
    expect(new Set(table.map((l) => stringWidth(l))).size).toBe(1);
    const stats = renderStats(
      {
        files: 5,
        passages: 102,
        records: 42,
        embedder: { id: 'hash-ngram-v1-512', mode: 'hash', dim: 512 },
        builtAt: '2025-03-04T06:05:00.000Z',
        buildSeconds: 0.33,
      },
      { color: false },
    );
    expect(stats).toContain('无权重检索模式');
    expect(stats).not.toContain('hash-ngram');
    expect(stats).toContain(localTime('2025-03-04T06:05:00.000Z'));
    expect(stats).not.toContain('{');
    expect(localTime('2025-03-04T06:05:00.000Z')).toMatch(/^2025-03-0[34] \d\d:\d5$/);
  });
});
