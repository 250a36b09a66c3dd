import { describe, expect, it } from 'vitest';
import { answerBlocks, escapeHtml, shortTitle, sourceLines, toMessages } from '../../src/frontends/bot/format.js';
import { createI18n } from '../../src/frontends/bot/texts.js';
import { telegramHtmlProblem } from './fakeBotApi.js';

const i18n = createI18n();
const zh = (k: string, v?: Record<string, string | number>) => i18n.t('zh', k, v);
const en = (k: string, v?: Record<string, string | number>) => i18n.t('en', k, v);

describe('telegram formatting', () => {
  it('escapes everything that comes from texts or users', () => {
    expect(escapeHtml('<b>&"x"</b>')).toBe('&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;');
    const msgs = toMessages(answerBlocks({ found: true, prose: 'a < b & c > d <script>', citations: [{ n: 1, source: 'f.txt', title: '<i>title</i>', lines: [1, 2] }] }, 0, zh));
    expect(msgs).toHaveLength(1);
    expect(telegramHtmlProblem(msgs[0]!)).toBeUndefined();
    expect(msgs[0]).toContain('&lt;script&gt;');
  });

  it('splits a long reply into valid messages without losing text', () => {
    const sentence = '截至2024年12月31日,共302款生成式人工智能服务完成备案<&>。';
    const long = sentence.repeat(300); // ~12k characters before escaping
    const msgs = toMessages([{ text: long, tag: 'blockquote expandable' }, { text: '尾注' }]);
    expect(msgs.length).toBeGreaterThan(2);
    for (const m of msgs) {
      expect(m.length).toBeLessThanOrEqual(4096);
      expect(telegramHtmlProblem(m)).toBeUndefined();
    }
    const plain = msgs.join('').replace(/<[^>]+>/g, '').replace(/\n/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(plain).toBe(long + '尾注');
  });

  it('shortens titles at a clause mark and groups sources by document', () => {
    expect(shortTitle('新一批国产大模型通过备案，涵盖通用与行业应用')).toBe('新一批国产大模型通过备案…');
    expect(shortTitle('短标题')).toBe('短标题');
    const cites = [
      { n: 1, source: 'a', title: 'A', lines: [62, 62] as [number, number] },
      { n: 2, source: 'b', title: 'B', lines: [3, 4] as [number, number] },
      { n: 3, source: 'a', title: 'A', lines: [73, 75] as [number, number] },
    ];
    expect(sourceLines(cites, zh)).toEqual(['1, 3. A 第62、73–75行', '2. B 第3–4行']);
    expect(sourceLines(cites.slice(0, 1), en)).toEqual(['1. A line 62']);
    // A PDF is cited by page and line within the page.
    const pdf = { n: 4, source: 'r.pdf', title: 'R', lines: [40, 42] as [number, number], pages: { from: { page: 3, line: 2 }, to: { page: 3, line: 4 } } };
    expect(sourceLines([pdf], zh)).toEqual(['4. R p.3 l.2–4']);
  });
});
