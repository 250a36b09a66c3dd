/**
 * The Telegram bot: the answer engine in a chat (grammY).
 *
 * The guards first (guards.ts: order within a chat, shutdown, allowlist, session, redelivery,
 * language, rate limits), then one Composer per concern: feedback, documents, commands, sources
 * and paging, inline mode, questions. Every handler answers or apologises; an update nothing acts
 * on is logged with the reason.
 */
import { join } from 'node:path';
import { autoRetry } from '@grammyjs/auto-retry';
import { Api, Bot, type StorageAdapter } from 'grammy';
import type { Server } from 'node:http';
import type { AnswerEngine } from '../../answer/types.js';
import { log, redact } from '../../log.js';
import { createAnswering } from './answering.js';
import { commandsComposer } from './commands.js';
import { createShared, logSkip, type BotContext, type BotSettings } from './context.js';
import { documentsComposer, type DocumentIntake } from './documents.js';
import { EngineHolder } from './engineHolder.js';
import { feedbackComposer } from './feedback.js';
import { FeedbackLog } from './feedbackLog.js';
import { inlineComposer } from './inline.js';
import { apiSignal, Gate, startPolling, withRetries, describeApiError, fatalFor, type Backoff, type Poller } from './polling.js';
import { guards } from './guards.js';
import { questionsComposer } from './questions.js';
import { ChatStore, sessionStorage, type ChatSession } from './session.js';
import { sourcesComposer } from './sources.js';
import { createI18n } from './texts.js';
import { serveWebhook, type WebhookServer } from './webhook.js';

export { decodeStartPayload, encodeStartPayload } from './commands.js';
export type { BotContext } from './context.js';

export interface BotOptions {
  token: string;
  /** The engine, or a holder that swaps in a new engine when the index changes. */
  engine: AnswerEngine | EngineHolder;
  config: BotSettings;
  /** Session storage; by default from the config (files in BOT_SESSION_DIR/<bot id>), memory when unset. */
  sessions?: StorageAdapter<ChatSession>;
  /** Where feedback and refused questions are appended (none: not recorded). */
  feedbackLog?: string;
  /** Documents sent by admins are added to this corpus (none: attachments are never read). */
  documents?: DocumentIntake;
  /** Back-off for unreachable Bot API servers. */
  backoff?: Backoff;
}

export interface RunningBot {
  bot: Bot<BotContext>;
  engines: EngineHolder;
  /** Long polling; resolves once polling has begun. */
  startPolling(): Promise<void>;
  startWebhook(opts: { url: string; port: number; host: string; secret: string }): Promise<Server>;
  /** Resolves when the bot stops; rejects with one clear line's worth of error when it cannot go on (401). */
  done(): Promise<void>;
  /** Stops taking updates and finishes the answers in flight. */
  stop(): Promise<void>;
}

/** The bot's id: the digits before the token's colon (the same as getMe's id). */
export const botIdOf = (token: string): string => /^(\d+):/.exec(token)?.[1] ?? 'bot';

export function createBot(opts: BotOptions): RunningBot {
  const { token, config } = opts;
  const engines = opts.engine instanceof EngineHolder ? opts.engine : new EngineHolder(opts.engine);
  const bot = new Bot<BotContext>(token, { client: { apiRoot: config.TELEGRAM_API_ROOT } });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));
  // getMe and getUpdates retry in our own loop (one log line per retry, growing back-off), not in auto-retry.
  const pollApi = new Api(token, { apiRoot: config.TELEGRAM_API_ROOT });
  const backoff = opts.backoff ?? { firstMs: 1000, maxMs: 60_000 };
  const i18n = createI18n();
  const gate = new Gate();
  let stopSignal!: () => void;
  const stopping = new Promise<void>((ok) => (stopSignal = ok));
  const shared = createShared({
    config,
    engines,
    i18n,
    feedback: opts.feedbackLog ? new FeedbackLog(opts.feedbackLog) : undefined,
    botName: () => bot.botInfo.username,
  });
  const answering = createAnswering(shared);

  const storage = new ChatStore(
    opts.sessions ?? sessionStorage(config.BOT_SESSION_STORAGE ?? 'memory', join(config.BOT_SESSION_DIR ?? 'bot-sessions', botIdOf(token))),
    (config.SESSION_TTL_DAYS ?? 30) * 86_400_000,
  );
  bot.use(guards({ shared, gate, stopping, storage, api: bot.api }));

  // ---- the concerns ---------------------------------------------------------------------------

  const { composer: commandHandlers, menu } = commandsComposer(shared, answering);
  bot.use(feedbackComposer(shared));
  bot.use(documentsComposer(shared, answering, opts.documents, token));
  bot.use(commandHandlers);
  bot.use(sourcesComposer(shared, answering));
  bot.use(inlineComposer(shared, answering));
  bot.use(questionsComposer(shared, answering));
  // Button data that matches no pattern (forged, or from an older version of the bot).
  bot.on('callback_query', (ctx) => ctx.answerCallbackQuery({ text: ctx.t('button-invalid') }));
  bot.use((ctx) => logSkip(ctx, 'nothing to do for this kind of update'));

  bot.catch(async (err) => {
    const fatal = fatalFor(err.error);
    if (fatal) return fail(fatal);
    log.error('update failed:', redact(describeApiError(err.error)));
    const ctx = err.ctx as BotContext;
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: i18n.t('zh', 'apology') }).catch(() => undefined);
    else if (ctx.chat && !ctx.inlineQuery) {
      const text = typeof ctx.t === 'function' ? ctx.t('apology') : i18n.t('zh', 'apology');
      await ctx.reply(text, shared.threadTo(ctx, ctx.msg?.message_id)).catch(() => undefined);
    }
  });

  // ---- life cycle -----------------------------------------------------------------------------

  let poller: Poller | undefined;
  let webhook: WebhookServer | undefined;
  let stopped = false;
  let settle!: { ok: () => void; fail: (e: unknown) => void };
  const finished = new Promise<void>((ok, failed) => (settle = { ok, fail: failed }));
  finished.catch(() => undefined);
  const abortOnStop = new AbortController();

  function fail(err: unknown) {
    settle.fail(err);
    void shutdown();
  }

  async function prepare(): Promise<void> {
    bot.botInfo = await withRetries('connecting to the Bot API (getMe)', (signal) => pollApi.getMe(apiSignal(signal)), {
      ...backoff,
      timeoutMs: 15_000,
      signal: abortOnStop.signal,
    });
    await menu.setCommands({ api: bot.api }).catch((err) => {
      const fatal = fatalFor(err);
      if (fatal) throw fatal;
      log.warn(`could not register the command menu: ${describeApiError(err)}`);
    });
    storage.startSweeping();
  }

  async function shutdown(): Promise<void> {
    if (stopped) return;
    stopped = true;
    abortOnStop.abort();
    stopSignal();
    engines.unwatch();
    storage.stopSweeping();
    if (poller) await poller.stop();
    if (webhook) await webhook.stop();
    gate.stopping = true;
    await gate.drain();
    settle.ok();
  }

  return {
    bot,
    engines,
    async startPolling() {
      await prepare();
      await bot.api.deleteWebhook();
      poller = startPolling(bot, pollApi, gate, backoff);
      poller.done.then(
        () => settle.ok(),
        (err) => fail(err),
      );
      engines.watch();
      log.info(`bot @${bot.botInfo.username} is polling`);
    },
    async startWebhook({ url, port, host, secret }) {
      await prepare();
      webhook = await serveWebhook(bot, gate, { port, host, secret });
      await bot.api.setWebhook(url, { secret_token: secret });
      engines.watch();
      log.info(`bot @${bot.botInfo.username} is serving its webhook on ${host}:${port}`);
      return webhook.server;
    },
    done: () => finished,
    stop: shutdown,
  };
}
