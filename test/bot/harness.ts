/** Starts the real bot against the fake Bot API server; checks every shown text after each test. */
import { MemorySessionStorage, type StorageAdapter } from 'grammy';
import { expect } from 'vitest';
import type { AnswerEngine } from '../../src/answer/types.js';
import { createBot, type BotOptions, type RunningBot } from '../../src/frontends/bot/bot.js';
import type { BotSettings } from '../../src/frontends/bot/context.js';
import type { EngineHolder } from '../../src/frontends/bot/engineHolder.js';
import type { ChatSession } from '../../src/frontends/bot/session.js';
import { FakeBotApi, shownTexts, telegramHtmlProblem, type Call } from './fakeBotApi.js';

export const TOKEN = '123456789:TEST-token_for-the-fake-api-000000';

export class Harness {
  api!: FakeBotApi;
  readonly bots: RunningBot[] = [];
  sessions: StorageAdapter<ChatSession> = new MemorySessionStorage<ChatSession>();

  async startApi(): Promise<FakeBotApi> {
    this.api = await new FakeBotApi(TOKEN).start();
    return this.api;
  }

  bot(
    engine: AnswerEngine | EngineHolder,
    opts: {
      rateMax?: number;
      windowMs?: number;
      allowed?: Set<number>;
      config?: Partial<BotSettings>;
      options?: Partial<BotOptions>;
      api?: FakeBotApi;
    } = {},
  ): RunningBot {
    const api = opts.api ?? this.api;
    const running = createBot({
      token: api.token,
      engine,
      sessions: this.sessions,
      backoff: { firstMs: 50, maxMs: 200 },
      ...opts.options,
      config: {
        TELEGRAM_API_ROOT: api.apiRoot,
        ALLOWED_CHAT_IDS: opts.allowed,
        RATE_LIMIT_MAX: opts.rateMax ?? 20,
        RATE_LIMIT_WINDOW_MS: opts.windowMs ?? 10_000,
        MAX_QUESTION_CHARS: 1000,
        ...opts.config,
      },
    });
    this.bots.push(running);
    return running;
  }

  messagesTo(chat: number): Call[] {
    return this.api.sent().filter((c) => c.body.chat_id === chat && !c.body.failedWith);
  }

  waitMessages(chat: number, n: number, timeoutMs?: number): Promise<void> {
    return this.api.waitFor(() => this.messagesTo(chat).length >= n, timeoutMs);
  }

  async waitCall(method: string, pred: (c: Call) => boolean = () => true): Promise<Call> {
    await this.api.waitFor((calls) => calls.some((c) => c.method === method && pred(c)));
    return this.api.calls.find((c) => c.method === method && pred(c))!;
  }

  /** Stops everything, then checks that every text shown was valid Telegram HTML of at most 4,096 characters. */
  async finish(): Promise<void> {
    for (const b of this.bots.splice(0)) await b.stop();
    if (!this.api) return;
    for (const { text, html } of shownTexts(this.api.calls)) {
      expect(text.length).toBeLessThanOrEqual(4096);
      expect(text.trim().length).toBeGreaterThan(0);
      if (html) expect(telegramHtmlProblem(text), text.slice(0, 200)).toBeUndefined();
    }
    await this.api.stop();
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
