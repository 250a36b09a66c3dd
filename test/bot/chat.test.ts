/** The bot as a chat partner, end to end against the local Bot API server, with a stub engine. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeStartPayload } from '../../src/frontends/bot/bot.js';
import { buttonTap, textUpdate } from './fakeBotApi.js';
import { Harness, sleep } from './harness.js';
import { LONG_TITLE, listAnswer, StubEngine } from './stubEngine.js';

let h: Harness;
beforeEach(async () => {
  h = new Harness();
  await h.startApi();
});
afterEach(() => h.finish());

const text = (c: { body: Record<string, any> }) => String(c.body.text);
const buttons = (c: { body: Record<string, any> }): { text: string; callback_data: string }[] =>
  (c.body.reply_markup?.inline_keyboard ?? []).flat();

describe('conversations', () => {
  it('keeps one conversation per private chat; /new ends it and starts another', async () => {
    const engine = new StubEngine();
    await h.bot(engine).startPolling();
    h.api.push(textUpdate(21, '文心一言是哪家公司的？'));
    h.api.push(textUpdate(21, '它的参数量呢？'));
    await h.waitMessages(21, 2);
    const [a, b] = engine.calls;
    expect(a!.conversation).toBeTruthy();
    expect(b).toEqual({ q: '它的参数量呢？', conversation: a!.conversation });
    h.api.push(textUpdate(21, '/new'));
    h.api.push(textUpdate(21, '第四批有哪些？'));
    await h.waitMessages(21, 4);
    expect(engine.ended).toEqual([a!.conversation]);
    expect(engine.calls.at(-1)!.conversation).not.toBe(a!.conversation);
    // Another chat has its own conversation.
    h.api.push(textUpdate(22, '它的参数量呢？'));
    await h.waitMessages(22, 1);
    expect(engine.calls.at(-1)!.conversation).not.toBe(a!.conversation);
  });

  it('in a group: threads every answer, follows up across members, and reads a replied-to message as context', async () => {
    const engine = new StubEngine();
    await h.bot(engine).startPolling();
    const q1 = h.api.push(textUpdate(-700, '@beian_test_bot 文心一言是哪家公司的？', { messageId: 501 }));
    await h.waitMessages(-700, 1);
    const first = h.messagesTo(-700)[0]!;
    expect(first.body.reply_parameters).toMatchObject({ message_id: 501 });
    expect(q1).toBeGreaterThan(0);
    // Another member replies to the bot's answer with a follow-up.
    h.api.push(
      textUpdate(-700, '它的参数量呢？', {
        messageId: 502,
        fromOffset: 1,
        message: {
          reply_to_message: {
            message_id: 1000,
            date: 0,
            chat: { id: -700, type: 'group' },
            from: { id: 4242, is_bot: true, first_name: 'B' },
            text: 'x',
          },
        },
      }),
    );
    await h.waitMessages(-700, 2);
    expect(h.messagesTo(-700)[1]!.body.reply_parameters).toMatchObject({ message_id: 502 });
    expect(engine.calls[1]).toEqual({ q: '它的参数量呢？', conversation: engine.calls[0]!.conversation });
    // A question that replies to someone else's message: that message is read first, in the same conversation.
    h.api.push(
      textUpdate(-700, '@beian_test_bot 它在第几批？', {
        messageId: 503,
        message: {
          reply_to_message: {
            message_id: 400,
            date: 0,
            chat: { id: -700, type: 'group' },
            from: { id: 9, is_bot: false, first_name: 'X' },
            text: '豆包大模型上线了',
          },
        },
      }),
    );
    await h.waitMessages(-700, 3);
    expect(engine.calls.slice(-2).map((c) => c.q)).toEqual(['豆包大模型上线了', '它在第几批？']);
    expect(new Set(engine.calls.map((c) => c.conversation)).size).toBe(1);
    // Chatter that is not for the bot gets nothing.
    h.api.push(textUpdate(-700, '今天中午吃什么'));
    await sleep(200);
    expect(h.messagesTo(-700)).toHaveLength(3);
  });
});

describe('structured rendering and buttons', () => {
  it('renders one bullet per item, the direct answer first, sources grouped by document without file names; pages in place', async () => {
    const engine = new StubEngine((q) => listAnswer(q, 25));
    await h.bot(engine).startPolling();
    h.api.push(textUpdate(23, '列出所有百亿级的模型'));
    await h.waitMessages(23, 1);
    const reply = h.messagesTo(23)[0]!;
    const body = text(reply);
    expect(body.startsWith('“列出所有百亿级的模型”共 25 款：')).toBe(true);
    const bullets = body.split('\n').filter((l) => l.startsWith('• '));
    expect(bullets).toHaveLength(10);
    expect(bullets[0]).toBe('• 模型1&lt;b&gt; — 公司1，第一批（60 亿、340 亿）');
    expect(body).toContain('第 1–10 条，共 25 条');
    // Sources: the full title with its date (from engine.sources()), then the start of each quoted passage; no file names or line numbers.
    expect(body).toContain(`1–3. ${LONG_TITLE} · 2024-04\n   [1] “a”\n   [2] “b”\n   [3] “c”`);
    expect(body).toContain('4. 生成式人工智能服务备案\n   “d”');
    expect(body).not.toMatch(/\.txt|[0-9a-f]{16}|第\d+行/);
    expect(body.split(LONG_TITLE).length).toBe(2); // the title once, whole
    const kb = buttons(reply);
    expect(kb.map((b) => b.text)).toEqual(['来源 1', '来源 2', '来源 3', '来源 4', '更多 ›', '👍', '👎']);

    h.api.push(buttonTap(23, kb.find((b) => b.text === '更多 ›')!.callback_data, reply.body.message_id ?? 1000));
    const edit = await h.waitCall('editMessageText');
    expect(text(edit)).toContain('• 模型11&lt;b&gt;');
    expect(text(edit)).toContain('第 11–20 条，共 25 条');
    expect(
      buttons(edit)
        .map((b) => b.text)
        .slice(-4),
    ).toEqual(['‹ 上一页', '更多 ›', '👍', '👎']);
    const last = buttons(edit).find((b) => b.text === '更多 ›')!.callback_data;
    h.api.push(buttonTap(23, last, 1000));
    await h.api.waitFor(() => h.api.sent('editMessageText').length >= 2);
    const page3 = h.api.sent('editMessageText')[1]!;
    expect(text(page3)).toContain('第 21–25 条，共 25 条');
    expect(
      buttons(page3)
        .map((b) => b.text)
        .slice(-3),
    ).toEqual(['‹ 上一页', '👍', '👎']);
    expect(h.messagesTo(23)).toHaveLength(1); // paging edits, never posts
  });

  it('falls back to the prose as one block when there is no structured result', async () => {
    const prose = '第四批：零一万物大模型（60 亿、340 亿）、南北阁大模型（百亿级）、言犀大模型';
    await h.bot(new StubEngine(() => ({ answer: prose }))).startPolling();
    h.api.push(textUpdate(24, '第四批有哪些？'));
    await h.waitMessages(24, 1);
    expect(text(h.messagesTo(24)[0]!)).toBe(prose);
  });

  it('a source button posts the passage once, as a reply to the answer; a second tap does not post again', async () => {
    await h.bot(new StubEngine((q) => listAnswer(q, 3))).startPolling();
    h.api.push(textUpdate(25, '第一批有哪些？'));
    await h.waitMessages(25, 1);
    const reply = h.messagesTo(25)[0]!;
    const data = buttons(reply)[1]!.callback_data;
    h.api.push(buttonTap(25, data, 1000, 'tap1'));
    h.api.push(buttonTap(25, data, 1000, 'tap2'));
    await h.waitCall('answerCallbackQuery', (c) => c.body.callback_query_id === 'tap2');
    const posted = h.messagesTo(25).slice(1);
    expect(posted).toHaveLength(1);
    expect(text(posted[0]!)).toMatch(/<blockquote expandable>全文 003_7b9ac7543aed0d98\.txt 73<\/blockquote>/);
    expect(posted[0]!.body.reply_parameters).toMatchObject({ message_id: 1000 });
    expect(h.api.sent('answerCallbackQuery').find((c) => c.body.callback_query_id === 'tap2')!.body.text).toMatch(/已在上方/);
    // A button of an answer this chat never had (another chat's, or forged) has expired.
    h.api.push(buttonTap(26, data, 1000, 'tap3'));
    await h.waitCall('answerCallbackQuery', (c) => c.body.callback_query_id === 'tap3');
    expect(h.api.sent('answerCallbackQuery').find((c) => c.body.callback_query_id === 'tap3')!.body.text).toMatch(/过期/);
    expect(h.messagesTo(26)).toHaveLength(0);
  });

  it('/batch without an argument offers the batches as buttons; a tap answers', async () => {
    const engine = new StubEngine();
    await h.bot(engine).startPolling();
    h.api.push(textUpdate(27, '/batch'));
    await h.waitMessages(27, 1);
    const kb = buttons(h.messagesTo(27)[0]!);
    expect(kb.map((b) => b.text)).toEqual(['第1批', '第2批', '第3批', '第4批']);
    h.api.push(buttonTap(27, kb[2]!.callback_data, 1000));
    await h.waitMessages(27, 2);
    expect(text(h.messagesTo(27)[1]!)).toBe('答：batch=3');
  });
});

describe('every message gets a fitting reply', () => {
  it('edits the earlier answer when a question is edited', async () => {
    await h.bot(new StubEngine()).startPolling();
    h.api.push(textUpdate(28, '第一批有哪些', { messageId: 801 }));
    await h.waitMessages(28, 1);
    h.api.push(textUpdate(28, '第二批有哪些', { messageId: 801, kind: 'edited_message' }));
    const edit = await h.waitCall('editMessageText');
    expect(edit.body.message_id).toBe(h.messagesTo(28)[0]!.body.message_id ?? edit.body.message_id);
    expect(text(edit)).toBe('答：第二批有哪些');
    expect(h.messagesTo(28)).toHaveLength(1);
  });

  it('answers a photo caption, saying first that the photo was not read; hints on a bare photo or a sticker', async () => {
    const engine = new StubEngine();
    await h.bot(engine).startPolling();
    const photo = [{ file_id: 'p', file_unique_id: 'p', width: 1, height: 1 }];
    h.api.push(textUpdate(29, '', { message: { text: undefined, caption: '这张表里是第几批？', photo } }));
    await h.waitMessages(29, 1);
    expect(text(h.messagesTo(29)[0]!)).toBe('<i>（附件没有读取：我只按说明文字回答。）</i>\n答：这张表里是第几批？');
    h.api.push(textUpdate(29, '', { message: { text: undefined, photo } }));
    h.api.push(
      textUpdate(29, '', {
        message: {
          text: undefined,
          sticker: { file_id: 's', file_unique_id: 's', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false },
        },
      }),
    );
    await h.waitMessages(29, 3);
    expect(h.messagesTo(29).slice(1).map(text)).toEqual([expect.stringContaining('说明'), expect.stringContaining('说明')]);
  });

  it('answers an unknown command with the closest command and /help, not as a question', async () => {
    const engine = new StubEngine();
    await h.bot(engine).startPolling();
    h.api.push(textUpdate(30, '/bach 3'));
    h.api.push(textUpdate(30, '/cancel'));
    await h.waitMessages(30, 2);
    const [a, b] = h.messagesTo(30).map(text);
    expect(a).toMatch(/没有 \/bach 这个命令.*\/batch.*\/help/);
    expect(b).toMatch(/没有 \/cancel 这个命令.*\/help/);
    expect(engine.calls).toHaveLength(0);
  });

  it('asks the question a /start deep link carries', async () => {
    await h.bot(new StubEngine()).startPolling();
    h.api.push(textUpdate(31, `/start ${encodeStartPayload('文心一言的参数量')}`));
    await h.waitMessages(31, 1);
    h.api.push(textUpdate(31, '/start Who_owns_Yunque'));
    await h.waitMessages(31, 2);
    expect(h.messagesTo(31).map(text)).toEqual(['答：文心一言的参数量', '答：Who owns Yunque']);
  });

  it('answers an inline query with an article carrying the direct answer and sources', async () => {
    await h.bot(new StubEngine((q) => listAnswer(q, 3))).startPolling();
    h.api.push({ inline_query: { id: 'iq1', from: { id: 32, is_bot: false, first_name: 'u' }, query: '文心一言', offset: '' } });
    const call = await h.waitCall('answerInlineQuery');
    const [article] = call.body.results;
    expect(article.type).toBe('article');
    expect(article.title).toContain('文心一言');
    expect(article.input_message_content.parse_mode).toBe('HTML');
    expect(article.input_message_content.message_text).toMatch(/^“文心一言”共 3 款：\n• 模型1/);
    expect(article.input_message_content.message_text).toContain('<b>来源</b>');
  });
});

describe('operations', () => {
  it('/stats speaks plainly (local time, the retrieval mode in words) and the typing indicator runs while answering', async () => {
    await h.bot(new StubEngine(undefined, () => sleep(50))).startPolling();
    h.api.push(textUpdate(36, '/stats'));
    h.api.push(textUpdate(36, '第一批有哪些'));
    await h.waitMessages(36, 2);
    const stats = text(h.messagesTo(36)[0]!);
    expect(stats).toContain('无权重检索模式');
    expect(stats).not.toContain('hash-ngram');
    expect(stats).not.toContain('2025-01-02T03:04:05');
    expect(stats).toMatch(/2025/);
    expect(h.api.sent('sendChatAction').some((c) => c.body.chat_id === 36 && c.body.action === 'typing')).toBe(true);
  });
});

describe('languages', () => {
  it('registers the command menu per language and per scope', async () => {
    await h.bot(new StubEngine()).startPolling();
    const regs = h.api.sent('setMyCommands').map((c) => ({
      scope: c.body.scope?.type,
      lang: c.body.language_code ?? 'default',
      commands: c.body.commands.map((x: any) => x.command),
    }));
    const en = h.api.sent('setMyCommands').find((c) => c.body.language_code === 'en' && c.body.scope?.type === 'all_private_chats')!;
    expect(en.body.commands.find((c: any) => c.command === 'help').description).toBe('What I can answer, examples');
    const zhGroups = regs.find((r) => r.scope === 'all_group_chats' && r.lang === 'default')!;
    expect(zhGroups.commands).toContain('ask');
    expect(zhGroups.commands).not.toContain('start');
    expect(regs.find((r) => r.scope === 'all_private_chats' && r.lang === 'default')!.commands).toContain('start');
  });

  it('speaks English to an English user or an English question', async () => {
    await h.bot(new StubEngine((q) => listAnswer(q, 12))).startPolling();
    h.api.push(textUpdate(33, '/help', { lang: 'en-US' }));
    await h.waitMessages(33, 1);
    expect(text(h.messagesTo(33)[0]!)).toMatch(/^I answer questions/);
    h.api.push(textUpdate(34, 'Which company owns the 云雀 model?'));
    await h.waitMessages(34, 1);
    const reply = h.messagesTo(34)[0]!;
    expect(text(reply)).toContain('<b>Sources</b>');
    expect(text(reply)).toContain(`1–3. ${LONG_TITLE} · 2024-04\n   [1] “a”`);
    expect(text(reply)).toContain('1–10 of 12');
    expect(buttons(reply).map((b) => b.text)).toEqual(['Source 1', 'Source 2', 'Source 3', 'Source 4', 'More ›', '👍', '👎']);
    h.api.push(textUpdate(34, '/frobnicate'));
    await h.waitMessages(34, 2);
    expect(text(h.messagesTo(34)[1]!)).toMatch(/There is no command \/frobnicate/);
  });
});

describe('bursts', () => {
  it('queues a burst beyond the limit, says so once, and answers every question in order', async () => {
    const engine = new StubEngine();
    await h.bot(engine, { rateMax: 3, windowMs: 600 }).startPolling();
    const t0 = Date.now();
    for (let i = 1; i <= 7; i++) h.api.push(textUpdate(35, `第${i}个问题`));
    await h.api.waitFor(() => h.messagesTo(35).filter((c) => text(c).startsWith('答：')).length >= 7, 15_000);
    const texts = h.messagesTo(35).map(text);
    expect(texts.filter((t) => t.startsWith('答：'))).toEqual([1, 2, 3, 4, 5, 6, 7].map((i) => `答：第${i}个问题`));
    // One notice for the window in which the burst overflowed, placed right after the allowed three.
    expect(texts[3]).toMatch(/太快/);
    expect(texts.filter((t) => t.includes('太快')).length).toBeLessThanOrEqual(2);
    // The queue was paced (200 ms per queued answer until the window turned).
    expect(Date.now() - t0).toBeGreaterThanOrEqual(500);
  });
});
