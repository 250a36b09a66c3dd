/**
 * The bot as deployed (issue 19): nothing dropped silently, state per bot, privacy (/forget, /new,
 * TTL, no state for chats it does not answer), rough edges (forged buttons, /cmd@bot, joining a
 * group, language, help from the index), reply context and charts. Stub engine, local Bot API server.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySessionStorage } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chartSpec } from '../../src/frontends/bot/chart.js';
import { UpdateLedger } from '../../src/frontends/bot/polling.js';
import { ChatStore, emptySession, FileSessions, sessionStorage, type ChatSession } from '../../src/frontends/bot/session.js';
import { capturedLogs } from '../setup/quietLogs.js';
import { BOT_USER, buttonTap, FakeBotApi, textUpdate } from './fakeBotApi.js';
import { Harness, sleep } from './harness.js';
import { StubEngine } from './stubEngine.js';

let h: Harness;
beforeEach(async () => {
  h = new Harness();
  await h.startApi();
});
afterEach(() => h.finish());

const text = (c: { body: Record<string, any> }) => String(c.body.text);
const buttons = (c: { body: Record<string, any> }): { text: string; callback_data: string }[] =>
  (c.body.reply_markup?.inline_keyboard ?? []).flat();
const callbackAnswer = (id: string) =>
  h.api.sent('answerCallbackQuery').find((c) => c.body.callback_query_id === id)?.body.text as string | undefined;
const logsSince = (n: number) => capturedLogs().slice(n).join('\n');
const group = (id: number, text: string, extra: Record<string, any> = {}) => textUpdate(id, text, extra);

describe('nothing dropped silently', () => {
  it('after a restart with lower update ids (a new token or a week idle) a busy chat is still answered; a redelivered message is not', async () => {
    h.sessions = sessionStorage('file', mkdtempSync(join(tmpdir(), 'beian-sessions-')));
    const bot1 = h.bot(new StubEngine(), { rateMax: 500 });
    await bot1.startPolling();
    // 70 questions: more than the 64 keys a chat keeps.
    for (let i = 0; i < 70; i++) h.api.push(textUpdate(81, `问题${i}`, { messageId: 5000 + i }));
    await h.waitMessages(81, 70);
    await bot1.stop();
    // Telegram starts update ids afresh (lower); a new message is answered, a redelivered one is not.
    const api2 = await new FakeBotApi(h.api.token).start();
    const logsAt = capturedLogs().length;
    await h.bot(new StubEngine(), { api: api2 }).startPolling();
    api2.push(textUpdate(81, '问题69', { messageId: 5069 }));
    api2.push(textUpdate(81, '新问题', { messageId: 6000 }));
    await api2.waitFor(() => api2.sent().some((c) => c.body.chat_id === 81));
    await sleep(200);
    expect(
      api2
        .sent()
        .filter((c) => c.body.chat_id === 81)
        .map(text),
    ).toEqual(['答：新问题']);
    expect(logsSince(logsAt)).toMatch(/skipped update 1 \(message\): duplicate/);
    await h.bots.pop()!.stop();
    await api2.stop();
  });

  it('polling follows update ids that start afresh, lower (after a week without updates), instead of confirming from the old ids', () => {
    const ledger = new UpdateLedger();
    const u = (update_id: number) => ({ update_id }) as never;
    expect(ledger.admit([u(727334707)])).toHaveLength(1);
    ledger.finish(727334707);
    expect(ledger.offset()).toBe(727334708);
    // The next update comes with a random, lower id: admitted, and confirmed in its own sequence.
    expect(ledger.admit([u(117314199)])).toHaveLength(1);
    expect(ledger.offset()).toBe(117314199);
    ledger.finish(117314199);
    expect(ledger.offset()).toBe(117314200);
    expect(ledger.admit([u(117314200)])).toHaveLength(1);
    expect(ledger.offset()).toBe(117314200);
  });

  it('logs every update it skips, with the reason', async () => {
    const logsAt = capturedLogs().length;
    await h.bot(new StubEngine()).startPolling();
    h.api.push(group(-900, '今天中午吃什么'));
    h.api.push(
      textUpdate(-900, '', {
        message: {
          text: undefined,
          sticker: { file_id: 's', file_unique_id: 's', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false },
        },
      }),
    );
    h.api.push({ channel_post: { message_id: 1, date: 0, chat: { id: -1001, type: 'channel', title: 'c' }, text: '第一批有哪些？' } });
    h.api.push({
      poll: {
        id: 'p',
        question: 'q',
        options: [],
        total_voter_count: 0,
        is_closed: false,
        is_anonymous: true,
        type: 'regular',
        allows_multiple_answers: false,
      },
    });
    for (let i = 0; i < 200 && !/skipped update 4 /.test(logsSince(logsAt)); i++) await sleep(20);
    const logs = logsSince(logsAt);
    expect(logs).toMatch(/skipped update 1 \(message\): not addressed to the bot/);
    expect(logs).toMatch(/skipped update 2 \(message\): no text/);
    expect(logs).toMatch(/skipped update 3 \(channel_post\): a channel post/);
    expect(logs).toMatch(/skipped update 4 \(poll\): nothing to do/);
    expect(h.api.sent()).toHaveLength(0);
  });

  it('two bots (two tokens) sharing the default state folder never share a conversation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'beian-two-bots-'));
    const config = { BOT_SESSION_STORAGE: 'file' as const, BOT_SESSION_DIR: dir };
    const a = new StubEngine();
    await h.bot(a, { config, options: { sessions: undefined } }).startPolling();
    h.api.push(textUpdate(82, '文心一言是哪家公司的？'));
    await h.waitMessages(82, 1);
    await h.bots.pop()!.stop();
    const apiB = await new FakeBotApi('555555555:SECOND-token_for-the-fake-api-0000', {
      ...BOT_USER,
      id: 555555555,
      username: 'other_bot',
    }).start();
    const b = new StubEngine();
    await h.bot(b, { api: apiB, config, options: { sessions: undefined } }).startPolling();
    apiB.push(textUpdate(82, '它的参数量呢？'));
    await apiB.waitFor(() => apiB.sent().some((c) => c.body.chat_id === 82));
    // Bot B heard nothing of bot A's conversation (no replayed question), and keeps its own folder.
    expect(b.calls.map((c) => c.q)).toEqual(['它的参数量呢？']);
    expect(readdirSync(dir).sort()).toEqual(['123456789', '555555555']);
    await h.bots.pop()!.stop();
    await apiB.stop();
  });
});

describe('privacy', () => {
  it('/forget deletes the chat state and says what; /new clears stored answers; unanswered chats get no state file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'beian-forget-'));
    h.sessions = new FileSessions(dir);
    await h
      .bot(new StubEngine((q) => ({ answer: `答：${q}`, citations: [{ n: 1, source: 'a.txt', title: 'A', lines: [1, 1], text: 't' }] })))
      .startPolling();
    h.api.push(group(-901, '今天中午吃什么'));
    h.api.push({
      my_chat_member: {
        chat: { id: -902, type: 'group', title: 'g' },
        from: { id: 7, is_bot: false, first_name: 'u' },
        date: 1,
        old_chat_member: { status: 'left', user: BOT_USER },
        new_chat_member: { status: 'member', user: BOT_USER },
      },
    });
    await h.waitMessages(-902, 1);
    expect(text(h.messagesTo(-902)[0]!)).toMatch(/大家好/);
    h.api.push(textUpdate(83, '第一批有哪些？'));
    await h.waitMessages(83, 1);
    for (let i = 0; i < 50 && readdirSync(dir).join() !== `${BOT_USER.id}_83.json`; i++) await sleep(20);
    expect(readdirSync(dir)).toEqual([`${BOT_USER.id}_83.json`]); // none for the group chatter or the introduction
    const oldButton = buttons(h.messagesTo(83)[0]!)[0]!.callback_data;
    h.api.push(textUpdate(83, '/new'));
    await h.waitMessages(83, 2);
    h.api.push(buttonTap(83, oldButton, 1000, 'after-new'));
    await h.waitCall('answerCallbackQuery', (c) => c.body.callback_query_id === 'after-new');
    expect(callbackAnswer('after-new')).toMatch(/过期/);
    h.api.push(textUpdate(83, '第二批有哪些？'));
    await h.waitMessages(83, 3);
    h.api.push(textUpdate(83, '/forget'));
    await h.waitMessages(83, 4);
    expect(text(h.messagesTo(83)[3]!)).toMatch(/已删除本会话存储的数据：1 个最近的问题、1 条答案/);
    for (let i = 0; i < 50 && readdirSync(dir).length; i++) await sleep(20);
    expect(readdirSync(dir)).toEqual([]);
    h.api.push(textUpdate(83, '/forget'));
    await h.waitMessages(83, 5);
    expect(text(h.messagesTo(83)[4]!)).toMatch(/没有存储任何数据/);
  });

  it('stored state expires after SESSION_TTL_DAYS idle (on read, and by the sweep of files)', async () => {
    let now = 1_000_000;
    const dir = mkdtempSync(join(tmpdir(), 'beian-ttl-'));
    const files = new FileSessions(dir);
    const store = new ChatStore(files, 86_400_000, () => now);
    const s: ChatSession = { ...emptySession(), turns: [{ q: 'x', at: now }] };
    await store.write('k', s);
    now += 86_400_000 - 1;
    expect((await store.read('k'))?.turns).toHaveLength(1);
    now += 2;
    expect(await store.read('k')).toBeUndefined();
    expect(existsSync(join(dir, 'k.json'))).toBe(false);
    // The sweep goes by the file's age.
    await files.write('old', s);
    expect(files.sweep(60_000, Date.now() + 120_000)).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
    // An empty session is never written.
    const mem = new MemorySessionStorage<ChatSession>();
    await new ChatStore(mem, 1000).write('e', emptySession());
    expect(mem.readAllKeys()).toEqual([]);
  });
});

describe('rough edges', () => {
  it('forged or stale button data gets one line; /batch only offers and accepts batches the index has', async () => {
    const engine = new StubEngine();
    await h.bot(engine).startPolling();
    for (const [id, data] of [
      ['f1', 'b:99999999999999999999'],
      ['f2', 'b:7'],
      ['f3', 'x:1'],
      ['f4', 's:zz:1'],
      ['f5', 'p:zz:99999'],
    ] as const)
      h.api.push(buttonTap(84, data, 1000, id));
    await h.waitCall('answerCallbackQuery', (c) => c.body.callback_query_id === 'f5');
    for (const id of ['f1', 'f2', 'f3', 'f4', 'f5']) expect(callbackAnswer(id)).toMatch(/过期|无效/);
    h.api.push(textUpdate(84, '/batch 100'));
    h.api.push(textUpdate(84, '/batch 三'));
    await h.waitMessages(84, 2);
    expect(text(h.messagesTo(84)[0]!)).toBe('索引里没有这一批（100）。已有：1–4。');
    expect(text(h.messagesTo(84)[1]!)).toBe('答：batch=3');
    expect(engine.calls.map((c) => c.q)).toEqual(['batch=3']);
  });

  it('/start@bot and /help@bot work in groups; the help names the batches the index has; a URL does not switch to English', async () => {
    const engine = new StubEngine();
    engine.batches = () => [
      { kind: 'table', key: '1', label: '第一批', records: 8 },
      { kind: 'table', key: '2', label: '第二批', records: 10 },
      { kind: 'list', key: '2024-04', label: '生成式人工智能服务已备案信息（2024年4月）', records: 117 },
      { kind: 'list', key: '2025-01', label: '…', records: 60 },
    ];
    await h.bot(engine).startPolling();
    h.api.push(group(-903, '/start@beian_test_bot'));
    h.api.push(group(-903, '/help@beian_test_bot'));
    await h.waitMessages(-903, 2);
    const [start, help] = h.messagesTo(-903).map(text);
    expect(start).toMatch(/^你好！/);
    expect(help).toContain('/batch 1–2');
    expect(help).toContain('网信办公布的 2 份名单（2024-04 – 2025-01）');
    expect(help).not.toContain('1-4');
    h.api.push(textUpdate(85, '看这个 https://www.cac.gov.cn/2024-04/02/c_1713729983803145.htm?from=timeline 里面第一批有哪些？'));
    await h.waitMessages(85, 1);
    h.api.push(textUpdate(85, '/help'));
    await h.waitMessages(85, 2);
    expect(text(h.messagesTo(85)[1]!)).toMatch(/^我回答/);
  });

  it('limits button taps with the questions: a burst of taps gets a short line each, and the bot keeps answering', async () => {
    await h.bot(new StubEngine(), { rateMax: 3, windowMs: 60_000 }).startPolling();
    h.api.push(textUpdate(86, '第一批有哪些？'));
    await h.waitMessages(86, 1);
    const fb = buttons(h.messagesTo(86)[0]!).find((b) => b.text === '👍')!.callback_data;
    for (let i = 0; i < 30; i++) h.api.push(buttonTap(86, fb, 1000, `tap${i}`));
    await h.waitCall('answerCallbackQuery', (c) => c.body.callback_query_id === 'tap29');
    const answers = Array.from({ length: 30 }, (_, i) => callbackAnswer(`tap${i}`));
    expect(answers.filter((a) => a && /太快/.test(a)).length).toBeGreaterThanOrEqual(24);
    h.api.push(textUpdate(87, '第二批有哪些？'));
    await h.waitMessages(87, 1);
  });
});

describe('limits and listings', () => {
  it('limits a busy group per chat, on top of the per-user limit, and says so', async () => {
    await h.bot(new StubEngine(), { rateMax: 2, windowMs: 60_000 }).startPolling();
    // Six members, one question each: within every member's own limit, over the group's (3 × 2).
    for (let i = 0; i < 8; i++) h.api.push(group(-905, `@beian_test_bot 问题${i}`, { fromOffset: i + 1 }));
    await h.api.waitFor(() => h.messagesTo(-905).some((c) => /太快/.test(text(c))));
    const answered = h.messagesTo(-905).filter((c) => text(c).startsWith('答：'));
    expect(answered.length).toBeLessThanOrEqual(6);
  });

  it('/sources shows each document with its full title, publisher, date and address', async () => {
    const engine = new StubEngine();
    engine.sources = () => [
      {
        source: 'cac-2024-04.csv',
        title: '生成式人工智能服务已备案信息（2024年4月）',
        publisher: '国家互联网信息办公室',
        date: '2024-04',
        url: 'https://www.cac.gov.cn/x.htm',
        passages: 0,
        records: 117,
      },
    ];
    await h.bot(engine).startPolling();
    h.api.push(textUpdate(89, '/sources'));
    await h.waitMessages(89, 1);
    expect(text(h.messagesTo(89)[0]!)).toBe(
      '<b>索引中的文档</b>\n1. 生成式人工智能服务已备案信息（2024年4月）\n   国家互联网信息办公室 · 2024-04\n   https://www.cac.gov.cn/x.htm\n   0 段 · 117 条记录',
    );
  });
});

describe('reply context', () => {
  it('"这个问题" / "the answer to this question" / a bare "?" in reply to a member\'s question answers that question itself', async () => {
    const engine = new StubEngine();
    await h.bot(engine).startPolling();
    const theirs = (id: number, q: string) => ({
      reply_to_message: {
        message_id: id,
        date: 0,
        chat: { id: -904, type: 'group' },
        from: { id: 9, is_bot: false, first_name: 'X' },
        text: q,
      },
    });
    h.api.push(group(-904, '@beian_test_bot 这个问题', { message: theirs(300, '文心一言的参数量是多少？') }));
    h.api.push(group(-904, '@beian_test_bot the answer to this question?', { message: theirs(301, 'Which company owns 云雀?') }));
    h.api.push(group(-904, '@beian_test_bot ？', { message: theirs(302, '第四批有哪些？') }));
    await h.waitMessages(-904, 3);
    expect(h.messagesTo(-904).map(text)).toEqual(['答：文心一言的参数量是多少？', '答：Which company owns 云雀?', '答：第四批有哪些？']);
    expect(engine.calls.map((c) => c.q)).toEqual(['文心一言的参数量是多少？', 'Which company owns 云雀?', '第四批有哪些？']);
  });
});

describe('charts', () => {
  it("sends a group-by answer's chart as a PNG after the answer", async () => {
    const chart = {
      title: '各省备案数',
      bars: [
        { label: '北京', value: 120 },
        { label: '上海', value: 80 },
        { label: '广东', value: 60 },
      ],
    };
    await h
      .bot(
        new StubEngine(() => ({
          answer: '北京最多',
          result: {
            lead: '北京最多：',
            items: chart.bars.map((b) => ({ label: b.label, detail: `${b.value} 款` })),
            total: 3,
            notes: [],
            chart,
          },
        })),
      )
      .startPolling();
    h.api.push(textUpdate(88, '哪个省最多？'));
    const photo = await h.waitCall('sendPhoto');
    expect(photo.body.chat_id).toBe(88);
    expect(photo.body.caption).toBe('各省备案数');
    expect(photo.body.photo).toMatchObject({ upload: true, head: '\x89PNG\r\n\x1a\n' });
    expect(photo.body.photo.size).toBeGreaterThan(2000);
    expect(h.messagesTo(88)).toHaveLength(1);
    // At most 20 bars, largest first, long labels cut (the answer's text lists every item).
    const many = { title: 't', bars: Array.from({ length: 30 }, (_, i) => ({ label: `${'很长的属地名称'.repeat(3)}${i}`, value: i })) };
    const values = (chartSpec(many) as { data: { values: { label: string; value: number }[] } }).data.values;
    expect(values.map((v) => v.value)).toEqual(Array.from({ length: 20 }, (_, i) => 29 - i));
    expect(values.every((v) => v.label.length <= 16)).toBe(true);
  });
});
