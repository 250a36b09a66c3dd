import { describe, expect, it } from 'vitest';
import { answerBlocks, escapeHtml, fullTitle, shortTitle, sourceLines, toMessages } from '../../src/frontends/bot/format.js';
import { createI18n } from '../../src/frontends/bot/texts.js';
import { telegramHtmlProblem } from './fakeBotApi.js';

const i18n = createI18n();
const zh = (k: string, v?: Record<string, string | number>) => i18n.t('zh', k, v);
const en = (k: string, v?: Record<string, string | number>) => i18n.t('en', k, v);

describe('telegram formatting', () => {
  it('escapes everything that comes from texts or users', () => {
    expect(escapeHtml('<b>&"x"</b>')).toBe('&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;');
    const msgs = toMessages(
      answerBlocks(
        { found: true, prose: 'a < b & c > d <script>', citations: [{ n: 1, source: 'f.txt', title: '<i>title</i>', lines: [1, 2] }] },
        0,
        zh,
      ),
    );
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
    const plain = msgs
      .join('')
      .replace(/<[^>]+>/g, '')
      .replace(/\n/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    expect(plain).toBe(long + '尾注');
  });

  it('shows sources by document: full title (a link when known), publisher, date, then page and quote per citation', () => {
    expect(shortTitle('新一批国产大模型通过备案，涵盖通用与行业应用')).toBe('新一批国产大模型通过备案…');
    expect(fullTitle('短标题')).toBe('短标题');
    const long = `${'国产大模型 '.repeat(50)}结尾`;
    expect(fullTitle(long).length).toBeLessThanOrEqual(200);
    expect(fullTitle(long)).toMatch(/国产大模型…$/); // cut at a word boundary
    const cites = [
      {
        n: 1,
        source: 'a',
        title: 'A',
        lines: [62, 62] as [number, number],
        publisher: '中国银河证券研究院',
        date: '2024-01',
        quote: '近日，第四批国产大模型通过备案',
      },
      { n: 2, source: 'b', title: 'B', lines: [3, 4] as [number, number] },
      { n: 3, source: 'a', title: 'A', lines: [73, 75] as [number, number], quote: '此批共有13家企业' },
    ];
    expect(sourceLines(cites, zh)).toEqual([
      '1, 3. A · 中国银河证券研究院 · 2024-01',
      '   [1] “近日，第四批国产大模型通过备案”',
      '   [3] “此批共有13家企业”',
      '2. B',
    ]);
    // A PDF is cited by page; a known address makes the title a link.
    const pdf = {
      n: 4,
      source: 'r.pdf',
      title: 'R & D',
      lines: [40, 42] as [number, number],
      pages: { from: { page: 3, line: 2 }, to: { page: 3, line: 4 } },
      url: 'https://www.cac.gov.cn/x.htm?a=1&b=2',
      quote: 'x',
    };
    expect(sourceLines([pdf], en)).toEqual(['4. R & D', '   p. 3 “x”']);
    const html = toMessages(answerBlocks({ found: true, prose: 'p', citations: [pdf] }, 0, zh))[0]!;
    expect(html).toContain('4. <a href="https://www.cac.gov.cn/x.htm?a=1&amp;b=2">R &amp; D</a>\n   第3页 “x”');
    expect(telegramHtmlProblem(html)).toBeUndefined();
    // Anything but http(s) is not made a link.
    expect(
      toMessages(answerBlocks({ found: true, prose: 'p', citations: [{ ...pdf, url: 'javascript:alert(1)' }] }, 0, zh))[0],
    ).not.toContain('<a ');
  });
});
