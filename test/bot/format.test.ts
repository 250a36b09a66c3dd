import { describe, expect, it } from 'vitest';
import { answerBlocks, escapeHtml, toMessages } from '../../src/frontends/bot/format.js';
import { telegramHtmlProblem } from './fakeBotApi.js';

describe('telegram formatting', () => {
  it('escapes everything that comes from texts or users', () => {
    expect(escapeHtml('<b>&"x"</b>')).toBe('&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;');
    const msgs = toMessages(answerBlocks({ question: 'q', found: true, kind: 'passage', answer: 'a < b & c > d <script>', ms: 1, citations: [{ n: 1, source: 'f.txt', title: '<i>title</i>', lines: [1, 2], text: 't' }] }));
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
});
