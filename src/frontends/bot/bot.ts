/**
 * The Telegram bot: the answer engine in a chat (grammY).
 *
 * Middleware, in order: sequentialize (in order within a chat, concurrent across chats) → the
 * shutdown gate → allowlist → session (per bot and chat, survives restarts) → redelivery check →
 * i18n → commands plugin → typing indicator → rate limits; then one Composer per concern:
 * feedback, documents, commands, sources and paging, inline mode, questions. Every handler answers
 * or apologises; an update nothing acts on is logged with the reason.
 */
import { join } from 'node:path';
import { autoChatAction } from '@grammyjs/auto-chat-action';
import { autoRetry } from '@grammyjs/auto-retry';
import { commands } from '@grammyjs/commands';
import { sequentialize } from '@grammyjs/runner';
import { Api, Bot, session, type Context, type StorageAdapter } from 'grammy';
import type { Server } from 'node:http';
import type { AnswerEngine } from '../../answer/types.js';
import { log, redact } from '../../log.js';
import { createAnswering } from './answering.js';
import { commandsComposer } from './commands.js';
import { createShared, hasChat, logSkip, updateKey, type BotContext, type BotSettings } from './context.js';
import { documentsComposer, type DocumentIntake } from './documents.js';
import { EngineHolder } from './engineHolder.js';
import { feedbackComposer } from './feedback.js';
import { FeedbackLog } from './feedbackLog.js';
import { inlineComposer } from './inline.js';
import { apiSignal, Gate, startPolling, withRetries, describeApiError, fatalFor, type Backoff, type Poller } from './polling.js';
import { questionsComposer } from './questions.js';
import { BoundedCounter, rateLimit } from './rateLimit.js';
import { ChatStore, emptySession, markSeen, sessionStorage, wasSeen, type ChatSession } from './session.js';
import { sourcesComposer } from './sources.js';
import { createI18n, userLanguage } from './texts.js';
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

/** Recently handled update keys of the whole process (inline queries and taps have no chat file). */
class RecentKeys {
  private readonly keys = new Set<string>();
  constructor(private readonly max = 20_000) {}
  has = (k: string) => this.keys.has(k);
  add(k: string) {
    this.keys.add(k);
    if (this.keys.size > this.max) this.keys.delete(this.keys.values().next().value!);
  }
  delete = (k: string) => this.keys.delete(k);
}

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
  const shared = createShared({ config, engines, i18n, feedback: opts.feedbackLog ? new FeedbackLog(opts.feedbackLog) : undefined, botName: () => bot.botInfo.username });
  const answering = createAnswering(shared);

  // ---- middleware -----------------------------------------------------------------------------

  bot.use(sequentialize((ctx: Context) => (ctx.chat?.id ?? ctx.from?.id)?.toString()));

  // Shutdown: an update whose turn comes now is not answered, and (polling) stays unconfirmed.
  bot.use(async (ctx, next) => {
    if (!gate.stopping) return next();
    gate.skipped.add(ctx.update.update_id);
    logSkip(ctx, 'the bot is stopping (left unconfirmed for the next start)');
  });

  if (config.ALLOWED_CHAT_IDS) {
    const allowed = config.ALLOWED_CHAT_IDS;
    bot.use(async (ctx, next) => {
      const id = ctx.chat?.id ?? ctx.from?.id;
      if (id !== undefined && allowed.has(id)) return next();
      logSkip(ctx, 'chat not in ALLOWED_CHAT_IDS');
      if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
      else if (ctx.inlineQuery) await ctx.answerInlineQuery([], { cache_time: 0 }).catch(() => undefined);
      else if (ctx.chat?.type === 'private' && ctx.message) await ctx.reply(i18n.t(userLanguage(ctx.from?.language_code), 'restricted')).catch(() => undefined);
    });
  }

  // Channels: nothing is answered or stored.
  bot.use(async (ctx, next) => (ctx.chat?.type === 'channel' ? logSkip(ctx, 'a channel post') : next()));

  const storage = new ChatStore(
    opts.sessions ?? sessionStorage(config.BOT_SESSION_STORAGE ?? 'memory', join(config.BOT_SESSION_DIR ?? 'bot-sessions', botIdOf(token))),
    (config.SESSION_TTL_DAYS ?? 30) * 86_400_000,
  );
  bot.use(session({ initial: emptySession, storage, getSessionKey: (ctx) => (hasChat(ctx) ? `${ctx.me.id}_${ctx.chat!.id}` : undefined) }));

  // Redelivered updates (after a restart, or a webhook retry) are not answered twice: keyed by what
  // Telegram keeps stable (see updateKey), in memory and in the chat's session.
  const recent = new RecentKeys();
  bot.use(async (ctx, next) => {
    const key = updateKey(ctx.update);
    if (!key) return next();
    if (recent.has(key) || (hasChat(ctx) && wasSeen(ctx.session, key))) return logSkip(ctx, 'duplicate (handled before)');
    recent.add(key);
    try {
      await next();
    } finally {
      if (gate.skipped.has(ctx.update.update_id)) recent.delete(key);
      // (a session set to null by /forget has nothing to mark)
      else if (hasChat(ctx) && ctx.session) markSeen(ctx.session, key);
    }
  });

  bot.use(i18n.middleware());
  bot.use(async (ctx, next) => {
    ctx.i18n.useLocale(shared.uiLanguage(ctx));
    await next();
  });
  bot.use(commands());
  bot.use(autoChatAction(bot.api));

  // Rate limits: per user, questions and button taps together; per group chat on top.
  const notice = (key: string, vars?: Record<string, number>) => (ctx: Context) =>
    ctx.inlineQuery || !ctx.chat
      ? Promise.resolve()
      : ctx.reply(i18n.t(shared.uiLanguage(ctx as BotContext, ctx.msg?.text ?? ctx.msg?.caption), key, vars), shared.threadTo(ctx as BotContext, ctx.msg?.message_id)).catch(() => undefined);
  const counts = new BoundedCounter();
  const limits = { windowMs: config.RATE_LIMIT_WINDOW_MS, store: counts, stopping, onSkipped: (ctx: Context) => gate.skipped.add(ctx.update.update_id), onDropped: (ctx: Context) => logSkip(ctx, 'rate limited') };
  const tooMany = notice('too-many', { seconds: Math.ceil(config.RATE_LIMIT_WINDOW_MS / 1000) });
  const isQuestion = (ctx: Context) => !!(ctx.message || ctx.editedMessage || ctx.inlineQuery);
  bot.filter(isQuestion, rateLimit({ ...limits, max: config.RATE_LIMIT_MAX, tellQueued: notice('too-fast'), tellIgnored: tooMany }));
  bot.filter(
    (ctx) => !!ctx.callbackQuery,
    rateLimit({ ...limits, max: config.RATE_LIMIT_MAX * 2, queue: false, tellQueued: async () => undefined, tellIgnored: (ctx) => ctx.answerCallbackQuery({ text: i18n.t(shared.uiLanguage(ctx as BotContext), 'taps-too-fast') }).catch(() => undefined) }),
  );
  bot.filter(
    (ctx) => isQuestion(ctx) && (ctx.chat?.type === 'group' || ctx.chat?.type === 'supergroup'),
    rateLimit({ ...limits, prefix: 'rlc:', key: (ctx) => ctx.chat?.id.toString(), max: config.RATE_LIMIT_MAX * 3, tellQueued: notice('too-fast'), tellIgnored: tooMany }),
  );

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
    bot.botInfo = await withRetries('connecting to the Bot API (getMe)', (signal) => pollApi.getMe(apiSignal(signal)), { ...backoff, timeoutMs: 15_000, signal: abortOnStop.signal });
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
