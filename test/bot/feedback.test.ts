/** 👍 / 👎, the "what was wrong?" comment, refused and clarifying answers in the log, and `beian feedback`. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySessionStorage } from 'grammy';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main as feedbackMain } from '../../src/frontends/feedback.js';
import { FeedbackLog, readFeedback, summarizeFeedback } from '../../src/frontends/bot/feedbackLog.js';
import type { ChatSession } from '../../src/frontends/bot/session.js';
import { buttonTap, textUpdate } from './fakeBotApi.js';
import { Harness } from './harness.js';
import { StubEngine } from './stubEngine.js';

let h: Harness;
let logFile: string;
beforeEach(async () => {
  h = new Harness();
  await h.startApi();
  logFile = join(mkdtempSync(join(tmpdir(), 'beian-feedback-')), 'feedback.jsonl');
});
afterEach(() => h.finish());

const text = (c: { body: Record<string, any> }) => String(c.body.text);
const buttons = (c: { body: Record<string, any> }): { text: string; callback_data: string }[] =>
  (c.body.reply_markup?.inline_keyboard ?? []).flat();
const callbackAnswer = (id: string) =>
  h.api.sent('answerCallbackQuery').find((c) => c.body.callback_query_id === id)?.body.text as string | undefined;
const CHAT = 734_519;

const engine = () =>
  new StubEngine((q) =>
    q.includes('它')
      ? { found: false, kind: 'none', answer: '“它”指的是哪个模型？', clarify: true }
      : q.includes('天气')
        ? { found: false, kind: 'none', answer: '没有在已收录的文本中找到答案。' }
        : { answer: `答：${q}`, citations: [{ n: 1, source: '003_7b9ac7543aed0d98.txt', title: 'T', lines: [62, 62], text: 'x' }] },
  );

describe('feedback', () => {
  it('records 👍 once, asks what was wrong after 👎 and records the reply; refused and clarifying answers are logged; no chat or user ids', async () => {
    await h.bot(engine(), { options: { feedbackLog: logFile } }).startPolling();
    h.api.push(textUpdate(CHAT, '文心一言的参数量是多少？'));
    h.api.push(textUpdate(CHAT, '第四批有哪些？'));
    await h.waitMessages(CHAT, 2);
    const [a1, a2] = h.messagesTo(CHAT);
    const up = buttons(a1!).find((b) => b.text === '👍')!.callback_data;
    h.api.push(buttonTap(CHAT, up, a1!.body.message_id ?? 1000, 'up1'));
    h.api.push(buttonTap(CHAT, up, a1!.body.message_id ?? 1000, 'up2'));
    await h.waitCall('answerCallbackQuery', (c) => c.body.callback_query_id === 'up2');
    expect(callbackAnswer('up1')).toMatch(/谢谢/);
    expect(callbackAnswer('up2')).toMatch(/已经评价过/);
    h.api.push(buttonTap(CHAT, buttons(a2!).find((b) => b.text === '👎')!.callback_data, 1001, 'down1'));
    await h.waitMessages(CHAT, 3);
    const prompt = h.messagesTo(CHAT)[2]!;
    expect(text(prompt)).toMatch(/哪里不对/);
    expect(prompt.body.reply_markup).toMatchObject({ force_reply: true });
    const promptId = 1002; // the fake API numbers messages from 1000
    h.api.push(
      textUpdate(CHAT, '第四批应该有14款', {
        message: {
          reply_to_message: {
            message_id: promptId,
            date: 0,
            chat: { id: CHAT, type: 'private' },
            from: { id: 4242, is_bot: true, first_name: 'B' },
            text: 'x',
          },
        },
      }),
    );
    await h.waitMessages(CHAT, 4);
    expect(text(h.messagesTo(CHAT)[3]!)).toMatch(/已记录/);
    h.api.push(textUpdate(CHAT, '明天天气怎么样？'));
    h.api.push(textUpdate(CHAT, '它的参数量呢？'));
    await h.waitMessages(CHAT, 6);
    for (let i = 0; i < 50 && readFeedback(logFile).entries.length < 5; i++) await new Promise((ok) => setTimeout(ok, 20));
    const { entries } = readFeedback(logFile);
    expect(entries.map((e) => [e.event, e.question])).toEqual([
      ['up', '文心一言的参数量是多少？'],
      ['down', '第四批有哪些？'],
      ['comment', '第四批有哪些？'],
      ['refused', '明天天气怎么样？'],
      ['clarify', '它的参数量呢？'],
    ]);
    expect(entries[2]!.comment).toBe('第四批应该有14款');
    expect(entries[0]!.citations).toEqual(['003_7b9ac7543aed0d98.txt:62-62']);
    const raw = readFileSync(logFile, 'utf8');
    expect(raw).not.toContain(String(CHAT));
    expect(raw).not.toMatch(/"(chat|user|from)/);
  });

  it('a tap on an answer the bot no longer has (memory sessions, a restart) says so and records nothing', async () => {
    await h.bot(engine(), { options: { feedbackLog: logFile } }).startPolling();
    h.api.push(textUpdate(CHAT, '文心一言的参数量是多少？'));
    await h.waitMessages(CHAT, 1);
    const down = buttons(h.messagesTo(CHAT)[0]!).find((b) => b.text === '👎')!.callback_data;
    await h.bots.pop()!.stop();
    h.sessions = new MemorySessionStorage<ChatSession>();
    await h.bot(engine(), { options: { feedbackLog: logFile } }).startPolling();
    h.api.push(buttonTap(CHAT, down, 1000, 'stale'));
    await h.waitCall('answerCallbackQuery', (c) => c.body.callback_query_id === 'stale');
    expect(callbackAnswer('stale')).toMatch(/过期.*没有记录/);
    expect(readFeedback(logFile).entries).toEqual([]);
  });
});

describe('beian feedback', () => {
  it('summarises the log: counts, the most refused questions, the 👎 answers with comments', async () => {
    const log = new FeedbackLog(logFile);
    for (let i = 0; i < 3; i++) log.append({ event: 'refused', question: '明天天气怎么样？', kind: 'none' });
    log.append({ event: 'clarify', question: '它的参数量呢？' });
    log.append({ event: 'down', question: '第四批有哪些？', answer: '第四批共 13 款', citations: ['003.txt:62-62'] });
    log.append({ event: 'comment', question: '第四批有哪些？', comment: '应该是14款' });
    log.append({ event: 'up', question: '文心一言的参数量是多少？' });
    writeFileSync(logFile, readFileSync(logFile, 'utf8') + 'not json\n');
    const summary = summarizeFeedback(readFeedback(logFile).entries);
    expect(summary).toMatch(/^7 entries .*: 1 👍, 1 👎, 1 comments, 3 refused, 1 clarifying questions/);
    expect(summary).toMatch(/most refused or unclear questions:\n +3 {2}明天天气怎么样？\n +1 {2}它的参数量呢？/);
    expect(summary).toMatch(/comment on “第四批有哪些？”: 应该是14款/);
    expect(summary).toMatch(/“第四批有哪些？” → 第四批共 13 款 \[003\.txt:62-62\]/);
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    try {
      expect(await feedbackMain(['--file', logFile, '--top', '1'])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(out.join('')).toContain('(1 unreadable lines skipped)');
    expect(out.join('')).not.toContain('它的参数量呢？'); // --top 1
  });
});
