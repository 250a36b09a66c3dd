import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN } from './harness.js';
import { openBuiltEngine as openEngine } from '../../src/frontends/startup.js';
import type { AnswerEngine } from '../../src/answer/types.js';
import type { RunningBot } from '../../src/frontends/bot/bot.js';
import { tempWorkspace } from '../helpers.js';
import { BOT_USER, type FakeBotApi, textUpdate } from './fakeBotApi.js';
import { Harness } from './harness.js';

let engine: AnswerEngine;
let h: Harness;
let api: FakeBotApi;

beforeAll(async () => {
  engine = await openEngine(tempWorkspace().config);
});

async function startBot(opts: { engine?: AnswerEngine; rateMax?: number } = {}): Promise<RunningBot> {
  h = new Harness();
  api = await h.startApi();
  return h.bot(opts.engine ?? engine, { rateMax: opts.rateMax ?? 5 });
}

const messagesTo = (chat: number) => h.messagesTo(chat);
const waitMessages = (chat: number, n: number) => h.waitMessages(chat, n);

// Every text shown is checked as valid Telegram HTML of at most 4,096 characters.
afterEach(() => h.finish());

describe('telegram bot, end to end against a local Bot API server', () => {
  it('registers its commands and greets on /start', async () => {
    await (await startBot()).startPolling();
    expect(api.sent('setMyCommands')[0]!.body.commands.map((c: { command: string }) => c.command)).toContain('batch');
    api.push(textUpdate(11, '/start'));
    await waitMessages(11, 1);
    expect(messagesTo(11)[0]!.body.text).toContain('第四批有哪些大模型');
  });

  it('answers a question with sources and buttons; a source button shows the passage', async () => {
    await (await startBot()).startPolling();
    api.push(textUpdate(12, '文心一言的参数量是多少？'));
    await waitMessages(12, 1);
    const reply = messagesTo(12).at(-1)!;
    expect(reply.body.text).toContain('2600');
    expect(reply.body.text).toMatch(/<b>来源<\/b>\n1\. .+\n   .*“.+”/);
    expect(reply.body.text).not.toContain('003_7b9ac7543aed0d98');
    const button = reply.body.reply_markup.inline_keyboard[0][0];
    expect(button.text).toBe('来源 1');

    api.push({
      callback_query: {
        id: 'cb1',
        from: { id: 12, is_bot: false, first_name: 'u' },
        chat_instance: 'x',
        data: button.callback_data,
        message: { message_id: 1, date: 0, chat: { id: 12, type: 'private' }, from: BOT_USER, text: 'x' },
      },
    });
    await waitMessages(12, 2);
    await api.waitFor((calls) => calls.some((c) => c.method === 'answerCallbackQuery' && c.body.callback_query_id === 'cb1'));
    expect(messagesTo(12).at(-1)!.body.text).toMatch(/<blockquote expandable>.*文心一言/s);

    api.push({ callback_query: { id: 'cb2', from: { id: 12, is_bot: false, first_name: 'u' }, chat_instance: 'x', data: 'src:zzzz:9' } });
    await api.waitFor((calls) => calls.some((c) => c.method === 'answerCallbackQuery' && c.body.callback_query_id === 'cb2'));
    expect(api.sent('answerCallbackQuery').find((c) => c.body.callback_query_id === 'cb2')!.body.text).toMatch(/过期/);
  });

  it('in a group, answers when mentioned and ignores other chatter', async () => {
    await (await startBot()).startPolling();
    api.push(textUpdate(-500, '今天中午吃什么'));
    api.push(textUpdate(-500, '@beian_test_bot 百度在第几批？'));
    await waitMessages(-500, 1);
    await new Promise((r) => setTimeout(r, 300));
    const sent = messagesTo(-500);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body.text).toContain('第一批');
  });

  it('follows up with the real engine, in a private chat and in a group; /new forgets', async () => {
    await (await startBot({ rateMax: 20 })).startPolling();
    api.push(textUpdate(14, '紫东太初是哪家机构备案的？'));
    await waitMessages(14, 1);
    api.push(textUpdate(14, '它的参数量呢？'));
    await waitMessages(14, 2);
    expect(messagesTo(14)[1]!.body.text).toContain('1000 亿');
    api.push(textUpdate(-501, '@beian_test_bot 第三批有哪些模型？'));
    await waitMessages(-501, 1);
    api.push(textUpdate(-501, '@beian_test_bot 其中百亿级的有哪几个？'));
    await waitMessages(-501, 2);
    const group = messagesTo(-501)[1]!.body.text;
    expect(group).toContain('CharacterGLM');
    expect(group).not.toContain('言犀');
    api.push(textUpdate(14, '/new'));
    await waitMessages(14, 3);
    api.push(textUpdate(14, '它的参数量呢？'));
    await waitMessages(14, 4);
    expect(messagesTo(14)[3]!.body.text).toMatch(/指的是哪个/);
  });

  it('hints on stickers and rejects an overlong question, without failing', async () => {
    await (await startBot()).startPolling();
    api.push({
      message: {
        message_id: 5,
        date: 0,
        chat: { id: 13, type: 'private', first_name: 'u' },
        from: { id: 13, is_bot: false, first_name: 'u' },
        sticker: { file_id: 's', file_unique_id: 's', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false },
      },
    });
    await waitMessages(13, 1);
    expect(messagesTo(13)[0]!.body.text).toContain('文字');
    api.push(textUpdate(13, '问'.repeat(1500)));
    await waitMessages(13, 2);
    expect(messagesTo(13)[1]!.body.text).toContain('太长');
  });

  it('retries after a 429 with retry_after and after a 500', async () => {
    await (await startBot()).startPolling();
    api.fail('sendMessage', 429, 1, 1);
    api.fail('sendMessage', 500, 1);
    api.push(textUpdate(14, '第三批有哪些大模型？'));
    await waitMessages(14, 1);
    const attempts = api.calls.filter((c) => c.method === 'sendMessage' && c.body.chat_id === 14);
    expect(attempts.map((c) => c.body.failedWith)).toEqual([429, 500, undefined]);
    expect(messagesTo(14)[0]!.body.text).toContain('言犀');
  });

  it('apologises when a handler fails and keeps answering', async () => {
    let failures = 1;
    const flaky: AnswerEngine = {
      ...engine,
      ask: (q, o) => (failures-- > 0 ? Promise.reject(new Error(`engine exploded near ${TOKEN}`)) : engine.ask(q, o)),
      endConversation: engine.endConversation.bind(engine),
      lookup: engine.lookup.bind(engine),
      context: engine.context.bind(engine),
      sources: engine.sources.bind(engine),
      stats: engine.stats.bind(engine),
    };
    await (await startBot({ engine: flaky })).startPolling();
    api.push(textUpdate(15, '文心一言的参数量是多少？'));
    api.push(textUpdate(15, '文心一言的参数量是多少？'));
    await waitMessages(15, 2);
    expect(messagesTo(15)[0]!.body.text).toContain('抱歉');
    expect(messagesTo(15)[1]!.body.text).toContain('2600');
  });

  it('answers 50 chats at once, in order within each chat', async () => {
    await (await startBot()).startPolling();
    const chats = Array.from({ length: 50 }, (_, i) => 1000 + i);
    const firstIds = new Map<number, number>();
    for (const chat of chats) {
      firstIds.set(chat, api.push(textUpdate(chat, '第一批有哪些大模型？')));
      api.push(textUpdate(chat, '第二批有哪些大模型？'));
    }
    await api.waitFor(() => chats.every((c) => messagesTo(c).length >= 2), 60_000);
    const latencies: number[] = [];
    for (const chat of chats) {
      const [a, b] = messagesTo(chat);
      expect(a!.body.text).toContain('第一批');
      expect(b!.body.text).toContain('第二批');
      latencies.push(a!.at - api.queuedAt.get(firstIds.get(chat)!)!);
    }
    latencies.sort((x, y) => x - y);
    console.error(`update→reply over 50 chats: p50 ${latencies[24]} ms, p95 ${latencies[47]} ms`);
  });

  it('serves a webhook that rejects requests without the secret', async () => {
    const bot = await startBot();
    const server = await bot.startWebhook({ url: 'https://example.invalid/hook', port: 0, host: '127.0.0.1', secret: 'hook-secret-123' });
    expect(api.sent('setWebhook')[0]!.body).toMatchObject({ url: 'https://example.invalid/hook', secret_token: 'hook-secret-123' });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const update = { update_id: 1, ...textUpdate(17, '第四批有哪些大模型？') };
    const denied = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(update) });
    expect(denied.status).toBe(401);
    const wrong = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'nope' },
      body: JSON.stringify(update),
    });
    expect(wrong.status).toBe(401);
    expect(messagesTo(17)).toHaveLength(0);
    const ok = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'hook-secret-123' },
      body: JSON.stringify(update),
    });
    expect(ok.status).toBe(200);
    await waitMessages(17, 1);
    expect(messagesTo(17)[0]!.body.text).toContain('零一万物');
  });
});
