/** Restarts, shutdown, redelivery, a revoked token and an index reload, end to end against the local Bot API server. */
import { cpSync, mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openBuiltEngine as openEngine } from '../../src/frontends/startup.js';
import { EngineHolder } from '../../src/frontends/bot/engineHolder.js';
import { BotFatalError } from '../../src/frontends/bot/polling.js';
import { BoundedCounter } from '../../src/frontends/bot/rateLimit.js';
import { sessionStorage } from '../../src/frontends/bot/session.js';
import { CORPUS, tempWorkspace } from '../helpers.js';
import { buttonTap, textUpdate } from './fakeBotApi.js';
import { Harness, sleep } from './harness.js';
import { listAnswer, StubEngine } from './stubEngine.js';

let h: Harness;
beforeEach(async () => {
  h = new Harness();
  h.sessions = sessionStorage('file', mkdtempSync(join(tmpdir(), 'beian-sessions-')));
  await h.startApi();
});
afterEach(() => h.finish());

const text = (c: { body: Record<string, any> }) => String(c.body.text);

describe('restarts', () => {
  it('a source button works after a restart, and the conversation is restored in the new process', async () => {
    const first = new StubEngine((q) => listAnswer(q, 3));
    const bot1 = h.bot(first);
    await bot1.startPolling();
    h.api.push(textUpdate(41, '文心一言是哪家公司的？'));
    await h.waitMessages(41, 1);
    const data = h.messagesTo(41)[0]!.body.reply_markup.inline_keyboard[0][2].callback_data;
    await bot1.stop();

    const second = new StubEngine((q) => listAnswer(q, 3));
    await h.bot(second).startPolling();
    h.api.push(buttonTap(41, data, 1000, 'after-restart'));
    await h.waitMessages(41, 2);
    expect(text(h.messagesTo(41)[1]!)).toContain('全文 003_7b9ac7543aed0d98.txt 77');
    // Another chat pressing the same button data gets no one else's citation.
    h.api.push(buttonTap(42, data, 1000, 'other-chat'));
    await h.waitCall('answerCallbackQuery', (c) => c.body.callback_query_id === 'other-chat');
    expect(h.messagesTo(42)).toHaveLength(0);
    // A follow-up after the restart: the new engine first hears the earlier question in the same conversation.
    h.api.push(textUpdate(41, '它的参数量呢？'));
    await h.waitMessages(41, 3);
    expect(second.calls.map((c) => c.q)).toEqual(['文心一言是哪家公司的？', '它的参数量呢？']);
    expect(second.calls[0]!.conversation).toBe(first.calls[0]!.conversation);
    expect(second.calls[1]!.conversation).toBe(first.calls[0]!.conversation);
  });

  it('at shutdown finishes the answers in flight and leaves the rest unconfirmed for the next process', async () => {
    let release!: () => void;
    const gate = new Promise<void>((ok) => (release = ok));
    const slow = new StubEngine(undefined, () => gate);
    const bot1 = h.bot(slow);
    await bot1.startPolling();
    for (const chat of [51, 52, 53]) h.api.push(textUpdate(chat, `${chat} 第一个问题`));
    for (const chat of [51, 52, 53]) h.api.push(textUpdate(chat, `${chat} 第二个问题`));
    await h.api.waitFor(() => slow.calls.length >= 3);
    const stopped = bot1.stop();
    await sleep(100);
    release();
    await stopped;
    // The three answers in flight were sent; the three queued questions were not answered…
    expect([51, 52, 53].map((c) => h.messagesTo(c).map(text))).toEqual([51, 52, 53].map((c) => [`答：${c} 第一个问题`]));
    // …nor confirmed: the next process gets them, and does not answer the finished ones again.
    const fresh = new StubEngine();
    await h.bot(fresh).startPolling();
    await h.api.waitFor(() => [51, 52, 53].every((c) => h.messagesTo(c).length >= 2));
    await sleep(300);
    expect([51, 52, 53].map((c) => h.messagesTo(c).map(text))).toEqual(
      [51, 52, 53].map((c) => [`答：${c} 第一个问题`, `答：${c} 第二个问题`]),
    );
    // (The new engine hears each chat's earlier question again only as conversation context.)
    expect(
      fresh.calls
        .map((c) => c.q)
        .filter((q) => q.includes('第二'))
        .sort(),
    ).toEqual(['51 第二个问题', '52 第二个问题', '53 第二个问题']);
  });

  it('webhook: acknowledges at once, answers out of band, ignores a redelivered update', async () => {
    let release!: () => void;
    const gate = new Promise<void>((ok) => (release = ok));
    const slow = new StubEngine(undefined, () => gate);
    const server = await h
      .bot(slow)
      .startWebhook({ url: 'https://example.invalid/hook', port: 0, host: '127.0.0.1', secret: 'hook-secret-123' });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const post = (body: unknown, secret = 'hook-secret-123') =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify(body),
      });
    const update = { update_id: 9001, ...textUpdate(61, '第四批有哪些大模型？') };
    expect((await post(update, 'wrong-secret')).status).toBe(401);
    const t0 = Date.now();
    expect((await post(update)).status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(h.messagesTo(61)).toHaveLength(0); // acknowledged before the answer
    expect((await post(update)).status).toBe(200); // Telegram's redelivery
    release();
    await h.waitMessages(61, 1);
    await sleep(300);
    expect(h.messagesTo(61)).toHaveLength(1);
    expect(slow.calls).toHaveLength(1);
  });

  it('a token revoked in the middle of a run ends the bot with one clear error', async () => {
    const bot = h.bot(new StubEngine());
    await bot.startPolling();
    h.api.revoke();
    const err = await bot.done().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BotFatalError);
    expect((err as Error).message).toMatch(/401/);
    expect((err as Error).message).not.toContain('TEST-token');
  });
});

describe('index reload', () => {
  it('picks up a rebuilt index without a restart and without a failed answer', async () => {
    const ws = tempWorkspace(['003_7b9ac7543aed0d98.txt']);
    const engine = await openEngine(ws.config);
    const holder = new EngineHolder(engine, {
      manifest: join(ws.index, 'manifest.json'),
      open: () => openEngine(ws.config, { autoBuild: false }),
      intervalMs: 100,
    });
    await h.bot(holder).startPolling();
    const question = '截至2024年底完成备案的生成式人工智能服务有多少款？';
    h.api.push(textUpdate(71, question));
    await h.waitMessages(71, 1);
    expect(text(h.messagesTo(71)[0]!)).not.toContain('302');
    // build-index runs beside the bot (here: openEngine, which rebuilds the stale index and swaps it in).
    cpSync(join(CORPUS, '001_3287f4c9aebca050.txt'), join(ws.corpus, '001_3287f4c9aebca050.txt'));
    const asking = (async () => {
      // Questions keep being answered while the index is rebuilt and swapped.
      for (let i = 0; holder.generation === 0 && i < 200; i++) {
        h.api.push(textUpdate(72, '文心一言的参数量是多少？'));
        await sleep(50);
      }
    })();
    await openEngine(ws.config);
    await h.api
      .waitFor(() => holder.generation === 1, 20_000)
      .catch(async () => {
        for (let i = 0; i < 100 && holder.generation === 0; i++) await sleep(100);
      });
    await asking;
    expect(holder.generation).toBe(1);
    h.api.push(textUpdate(71, question));
    await h.waitMessages(71, 2);
    expect(text(h.messagesTo(71)[1]!)).toContain('302');
    await sleep(200);
    const during = h.messagesTo(72).map(text);
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((t) => t.includes('2600'))).toBe(true);
  });
});

describe('rate limiter memory', () => {
  it('stays bounded however many users write in one window', async () => {
    const counter = new BoundedCounter(1000);
    for (let u = 0; u < 100_000; u++) {
      await counter.incr(`u${u}`);
      await counter.pexpire(`u${u}`, 60_000);
    }
    expect(counter.size).toBeLessThanOrEqual(1000);
    expect(counter.peek('u99999')).toBe(1);
  });
});
