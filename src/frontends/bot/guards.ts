/**
 * What every update passes before any concern sees it, in order: sequentialize (in order within a
 * chat, concurrent across chats) → the shutdown gate → allowlist → channels (never answered) →
 * session (per bot and chat, survives restarts) → redelivery check → i18n → commands plugin →
 * typing indicator → rate limits (per user for questions and taps together; per group chat).
 */
import { autoChatAction } from '@grammyjs/auto-chat-action';
import { commands } from '@grammyjs/commands';
import { sequentialize } from '@grammyjs/runner';
import { Composer, session, type Api, type Context } from 'grammy';
import { hasChat, logSkip, updateKey, type BotContext, type Shared } from './context.js';
import type { Gate } from './polling.js';
import { BoundedCounter, rateLimit } from './rateLimit.js';
import { emptySession, markSeen, wasSeen, type ChatStore } from './session.js';
import { userLanguage } from './texts.js';

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

export function guards(o: { shared: Shared; gate: Gate; stopping: Promise<void>; storage: ChatStore; api: Api }): Composer<BotContext> {
  const { shared, gate } = o;
  const { config, i18n } = shared;
  const c = new Composer<BotContext>();

  c.use(sequentialize((ctx: Context) => (ctx.chat?.id ?? ctx.from?.id)?.toString()));

  // Shutdown: an update whose turn comes now is not answered, and (polling) stays unconfirmed.
  c.use(async (ctx, next) => {
    if (!gate.stopping) return next();
    gate.skipped.add(ctx.update.update_id);
    logSkip(ctx, 'the bot is stopping (left unconfirmed for the next start)');
  });

  if (config.ALLOWED_CHAT_IDS) {
    const allowed = config.ALLOWED_CHAT_IDS;
    c.use(async (ctx, next) => {
      const id = ctx.chat?.id ?? ctx.from?.id;
      if (id !== undefined && allowed.has(id)) return next();
      logSkip(ctx, 'chat not in ALLOWED_CHAT_IDS');
      if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
      else if (ctx.inlineQuery) await ctx.answerInlineQuery([], { cache_time: 0 }).catch(() => undefined);
      else if (ctx.chat?.type === 'private' && ctx.message)
        await ctx.reply(i18n.t(userLanguage(ctx.from?.language_code), 'restricted')).catch(() => undefined);
    });
  }

  // Channels: nothing is answered or stored.
  c.use(async (ctx, next) => (ctx.chat?.type === 'channel' ? logSkip(ctx, 'a channel post') : next()));

  c.use(
    session({
      initial: emptySession,
      storage: o.storage,
      getSessionKey: (ctx) => (hasChat(ctx) ? `${ctx.me.id}_${ctx.chat!.id}` : undefined),
    }),
  );

  // Redelivered updates (after a restart, or a webhook retry) are not answered twice: keyed by what
  // Telegram keeps stable (see updateKey), in memory and in the chat's session.
  const recent = new RecentKeys();
  c.use(async (ctx, next) => {
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

  c.use(i18n.middleware());
  c.use(async (ctx, next) => {
    ctx.i18n.useLocale(shared.uiLanguage(ctx));
    await next();
  });
  c.use(commands());
  c.use(autoChatAction(o.api));

  // Rate limits: per user, questions and button taps together; per group chat on top.
  const notice = (key: string, vars?: Record<string, number>) => (ctx: Context) =>
    ctx.inlineQuery || !ctx.chat
      ? Promise.resolve()
      : ctx
          .reply(
            i18n.t(shared.uiLanguage(ctx as BotContext, ctx.msg?.text ?? ctx.msg?.caption), key, vars),
            shared.threadTo(ctx as BotContext, ctx.msg?.message_id),
          )
          .catch(() => undefined);
  const limits = {
    windowMs: config.RATE_LIMIT_WINDOW_MS,
    store: new BoundedCounter(),
    stopping: o.stopping,
    onSkipped: (ctx: Context) => gate.skipped.add(ctx.update.update_id),
    onDropped: (ctx: Context) => logSkip(ctx, 'rate limited'),
  };
  const tooMany = notice('too-many', { seconds: Math.ceil(config.RATE_LIMIT_WINDOW_MS / 1000) });
  const isQuestion = (ctx: Context) => !!(ctx.message || ctx.editedMessage || ctx.inlineQuery);
  c.filter(isQuestion, rateLimit({ ...limits, max: config.RATE_LIMIT_MAX, tellQueued: notice('too-fast'), tellIgnored: tooMany }));
  c.filter(
    (ctx) => !!ctx.callbackQuery,
    rateLimit({
      ...limits,
      max: config.RATE_LIMIT_MAX * 2,
      queue: false,
      tellQueued: async () => undefined,
      tellIgnored: (ctx) =>
        ctx.answerCallbackQuery({ text: i18n.t(shared.uiLanguage(ctx as BotContext), 'taps-too-fast') }).catch(() => undefined),
    }),
  );
  c.filter(
    (ctx) => isQuestion(ctx) && (ctx.chat?.type === 'group' || ctx.chat?.type === 'supergroup'),
    rateLimit({
      ...limits,
      prefix: 'rlc:',
      key: (ctx) => ctx.chat?.id.toString(),
      max: config.RATE_LIMIT_MAX * 3,
      tellQueued: notice('too-fast'),
      tellIgnored: tooMany,
    }),
  );
  return c;
}
