/** The text bar chart of a group-by answer (StructuredResult.chart) in the terminal front ends. */
import { describe, expect, it } from 'vitest';
import type { Answer } from '../src/answer/types.js';
import { renderAnswer, renderBarChart } from '../src/frontends/render.js';
import { displayWidth } from '../src/text/chars.js';

const chart = {
  title: '各省完成备案的服务数',
  bars: [
    { label: '北京', value: 120 },
    { label: '上海', value: 60 },
    { label: '国务院国有资产监督管理委员会', value: 3 },
    { label: 'x', value: 0 },
  ],
};

describe('text bar chart', () => {
  it('draws one bar per label, in order, proportional to the value, within the width', () => {
    const lines = renderBarChart(chart, { color: false, width: 50 });
    expect(lines[0]).toBe('各省完成备案的服务数：');
    expect(lines).toHaveLength(5);
    const bars = lines.slice(1).map((l) => (l.match(/[█▏▎▍▌▋▊▉]+/)?.[0] ?? '').length);
    expect(bars[0]).toBeGreaterThan(bars[1]!);
    expect(Math.abs(bars[0]! / 2 - bars[1]!)).toBeLessThanOrEqual(1);
    expect(bars[3]).toBe(0);
    expect(lines[1]).toMatch(/^ {2}北京 +█+ 120$/);
    expect(lines[3]).toContain('国务院国有资产…'); // 16 columns at most
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(50);
    // Labels line up: every bar starts in the same column.
    const starts = lines.slice(1, 4).map((l) => displayWidth(l.slice(0, l.search(/[█▏▎▍▌▋▊▉]/))));
    expect(new Set(starts).size).toBe(1);
  });

  it('follows the answer, before the sources, only when the answer carries a chart', () => {
    const a: Answer = {
      question: 'q',
      found: true,
      kind: 'lookup',
      answer: '北京最多。',
      citations: [],
      ms: 1,
      result: { lead: '北京最多：', items: [], total: 0, notes: [], chart },
    };
    expect(renderAnswer(a, { color: false })).toMatch(/^北京最多。\n\n各省完成备案的服务数：\n {2}北京/);
    expect(renderAnswer({ ...a, result: { ...a.result!, chart: undefined } }, { color: false })).toBe('北京最多。');
  });
});
