/**
 * The Telegram bot: the answer engine in a chat (grammY).
 *
 * Middleware, in order: sequentialize (in order within a chat, concurrent across chats) → the
 * shutdown gate → allowlist → session (per chat, survives restarts) → redelivery check → i18n →
 * commands plugin → typing indicator → rate limit → commands → buttons, inline queries, messages.
 * Every handler answers or apologises; nothing a user sends can stop the bot.
 */
import { autoChatAction, type AutoChatActionFlavor } from '@grammyjs/auto-chat-action';
import { autoRetry } from '@grammyjs/auto-retry';
import { CommandGroup, commandNotFound, commands, type CommandsFlavor } from '@grammyjs/commands';
import type { I18nFlavor } from '@grammyjs/i18n';
import { sequentialize } from '@grammyjs/runner';
import { Api, Bot, InlineKeyboard, session, type Context, type SessionFlavor, type StorageAdapter } from 'grammy';
import type { InlineQueryResultArticle, Message, ReplyParameters } from 'grammy/types';
import type { Server } from 'node:http';
import { questionProblem } from '../../understand/text.js';
import type { Answer, AnswerEngine, LookupField } from '../../answer/types.js';
import type { BotConfig } from '../../config.js';
import { log, redact } from '../../log.js';
import { EngineHolder } from './engineHolder.js';
import { answerBlocks, escapeHtml, pageCount, passageBlocks, shortTitle, toMessages, PAGE_SIZE, type AnswerView, type Translate } from './format.js';
import { apiSignal, Gate, startPolling, withRetries, describeApiError, fatalFor, type Backoff, type Poller } from './polling.js';
import { BoundedCounter, rateLimit } from './rateLimit.js';
import { addTurn, emptySession, LIMITS, markSeen, remember, sessionStorage, wasSeen, type ChatSession, type StoredAnswer } from './session.js';
import { COMMAND_TEXTS, createI18n, textLanguage, userLanguage, type UiLanguage } from './texts.js';
import { serveWebhook, type WebhookServer } from './webhook.js';

type BotContext = Context & SessionFlavor<ChatSession> & I18nFlavor & CommandsFlavor & AutoChatActionFlavor;

/** Commands that are structured lookups: adding one here is all a new lookup needs. */
const LOOKUP_COMMANDS: Record<string, { field: LookupField; example: string }> = {
  batch: { field: 'batch', example: '/batch 1' },
  model: { field: 'model', example: '/model 文心一言' },
  company: { field: 'company', example: '/company 百度' },
  province: { field: 'province', example: '/province 北京' },
};

export interface BotOptions {
  token: string;
  /** The engine, or a holder that swaps in a new engine when the index changes. */
  engine: AnswerEngine | EngineHolder;
  config: Pick<BotConfig, 'TELEGRAM_API_ROOT' | 'ALLOWED_CHAT_IDS' | 'RATE_LIMIT_MAX' | 'RATE_LIMIT_WINDOW_MS' | 'MAX_QUESTION_CHARS'> &
    Partial<Pick<BotConfig, 'BOT_SESSION_STORAGE' | 'BOT_SESSION_DIR'>>;
  /** Session storage; by default from the config (file storage in BOT_SESSION_DIR), memory when unset. */
  sessions?: StorageAdapter<ChatSession>;
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

/** Start payloads carry base64url (Telegram allows only A-Z a-z 0-9 _ -); plain words with _ for spaces also work. */
export function decodeStartPayload(payload: string): string {
  const p = payload.trim();
  if (!p) return '';
  if (/^[A-Za-z0-9_-]+$/.test(p) && p.length % 4 !== 1) {
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(p, 'base64url'));
      if (text && !/[\u0000-\u001f\u007f\ufffd]/.test(text) && /[\u3400-\u9fff]/.test(text)) return text;
    } catch {
      // not base64url of UTF-8: read as words
    }
  }
  return p.replace(/_/g, ' ');
}

export const encodeStartPayload = (question: string): string => Buffer.from(question, 'utf8').toString('base64url');

const viewOf = (a: Answer): AnswerView => ({
  found: a.found,
  prose: a.answer,
  result: a.result ? { lead: a.result.lead, items: a.result.items, total: a.result.total, notes: a.result.notes ?? [] } : undefined,
  citations: a.citations.map(({ n, source, title, lines }) => ({ n, source, title, lines })),
});

const HTML = { parse_mode: 'HTML' as const, link_preview_options: { is_disabled: true } };

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
  let poller: Poller | undefined;
  let webhook: WebhookServer | undefined;
  let stopped = false;
  let settle!: { ok: () => void; fail: (e: unknown) => void };
  const finished = new Promise<void>((ok, fail) => (settle = { ok, fail }));
  finished.catch(() => undefined);

  /** Conversations the current engine already knows (restored after a restart or an index reload). */
  const primed = new Set<string>();
  const conversationId = (ctx: BotContext) => `tg:${ctx.chat!.id}:${ctx.session.epoch}`;

  const tr = (lang: UiLanguage): Translate => (key, vars) => i18n.t(lang, key, vars);
  /** English for an English question, a user whose Telegram speaks English, or a chat whose last question was English. */
  const uiLanguage = (ctx: BotContext, text?: string): UiLanguage => {
    const said = text ? textLanguage(text) : undefined;
    const last = ctx.chat && (ctx as Partial<SessionFlavor<ChatSession>>).session !== undefined ? ctx.session.lang : undefined;
    return said === 'en' || userLanguage(ctx.from?.language_code) === 'en' || (!said && last === 'en') ? 'en' : 'zh';
  };
  const threadTo = (ctx: BotContext, messageId: number | undefined): { reply_parameters?: ReplyParameters } =>
    messageId && ctx.chat && ctx.chat.type !== 'private' ? { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } } : {};

  // ---- asking ---------------------------------------------------------------------------------

  /** Makes sure the current engine knows this chat's conversation (replaying recent questions if not). */
  async function conversation(ctx: BotContext, engine: AnswerEngine): Promise<string> {
    const id = conversationId(ctx);
    const key = `${engines.generation}|${id}`;
    if (!primed.has(key)) {
      const now = Date.now();
      for (const t of ctx.session.turns) if (now - t.at < LIMITS.turnMaxAgeMs) await engine.ask(t.q, { conversation: id });
      primed.add(key);
      if (primed.size > 10_000) primed.delete(primed.values().next().value!);
    }
    return id;
  }

  /** The replied-to message as context: another's message is asked first, our own answer's question if it is not the last. */
  async function seedFromReply(ctx: BotContext, engine: AnswerEngine, conv: string): Promise<void> {
    const to = ctx.msg?.reply_to_message;
    if (!to) return;
    let seed: string | undefined;
    if (to.from?.id === ctx.me.id) {
      const stored = ctx.session.answers.find((a) => a.messages.includes(to.message_id));
      if (stored && ctx.session.turns.at(-1)?.q !== stored.questionText) seed = stored.questionText;
    } else seed = (to.text ?? to.caption)?.slice(0, config.MAX_QUESTION_CHARS);
    if (!seed || questionProblem(seed, config.MAX_QUESTION_CHARS)) return;
    await engine.ask(seed, { conversation: conv });
    addTurn(ctx.session, seed);
  }

  async function ask(ctx: BotContext, raw: string, edit?: StoredAnswer): Promise<void> {
    let lang = uiLanguage(ctx, raw);
    ctx.session.lang = textLanguage(raw) ?? ctx.session.lang;
    const problem = questionProblem(raw, config.MAX_QUESTION_CHARS);
    const questionMessage = ctx.msg?.message_id ?? 0;
    if (problem) {
      await ctx.reply(escapeHtml(problem), { ...HTML, ...threadTo(ctx, questionMessage) });
      return;
    }
    ctx.chatAction = 'typing';
    const engine = engines.current;
    const conv = await conversation(ctx, engine);
    await seedFromReply(ctx, engine, conv);
    const a = await engine.ask(raw, { conversation: conv });
    addTurn(ctx.session, raw);
    if (a.language === 'en') lang = 'en';
    await deliver(ctx, a, lang, questionMessage, raw, edit);
  }

  async function lookup(ctx: BotContext, field: LookupField, value: string, replyTo: number | undefined): Promise<void> {
    ctx.chatAction = 'typing';
    const a = await engines.current.lookup(field, value);
    await deliver(ctx, a, uiLanguage(ctx, value), replyTo ?? 0, `/${field} ${value}`);
  }

  /** Keyboard under an answer: source buttons, then paging. */
  function keyboardFor(s: StoredAnswer, t: Translate): InlineKeyboard | undefined {
    const kb = new InlineKeyboard();
    let any = false;
    s.citations.forEach((c, i) => {
      kb.text(t('source-button', { n: c.n }), `s:${s.id}:${c.n}`);
      any = true;
      if (i % 4 === 3) kb.row();
    });
    const pages = pageCount(s);
    if (pages > 1) {
      kb.row();
      if (s.page > 0) kb.text(t('previous'), `p:${s.id}:${s.page - 1}`);
      if (s.page < pages - 1) kb.text(t('more'), `p:${s.id}:${s.page + 1}`);
      any = true;
    }
    return any ? kb : undefined;
  }

  /** Sends (or, for an edited question, edits) the answer and remembers it for buttons and edits. */
  async function deliver(ctx: BotContext, a: Answer, lang: UiLanguage, questionMessage: number, questionText: string, edit?: StoredAnswer): Promise<void> {
    const t = tr(lang);
    const stored = remember(ctx.session, { question: questionMessage, questionText, messages: [], language: lang, page: 0, shown: [], ...viewOf(a) });
    const html = toMessages(answerBlocks(stored, 0, t));
    const keyboard = keyboardFor(stored, t);
    const chat = ctx.chat!.id;
    const old = edit?.messages ?? [];
    for (let i = 0; i < html.length; i++) {
      const markup = i === html.length - 1 && keyboard ? { reply_markup: keyboard } : {};
      if (i < old.length) {
        await ctx.api.editMessageText(chat, old[i]!, html[i]!, { ...HTML, ...markup }).catch((err) => {
          if (!/not modified/.test(describeApiError(err))) throw err;
        });
        stored.messages.push(old[i]!);
      } else {
        const sent: Message = await ctx.api.sendMessage(chat, html[i]!, { ...HTML, ...markup, ...threadTo(ctx, questionMessage) });
        stored.messages.push(sent.message_id);
      }
    }
    for (const extra of old.slice(html.length)) await ctx.api.deleteMessage(chat, extra).catch(() => undefined);
  }

  // ---- middleware -----------------------------------------------------------------------------

  bot.use(sequentialize((ctx: Context) => (ctx.chat?.id ?? ctx.from?.id)?.toString()));

  // Shutdown: an update whose turn comes now is not answered, and (polling) stays unconfirmed.
  bot.use(async (ctx, next) => {
    if (gate.stopping) {
      gate.skipped.add(ctx.update.update_id);
      return;
    }
    await next();
  });

  if (config.ALLOWED_CHAT_IDS) {
    const allowed = config.ALLOWED_CHAT_IDS;
    bot.use(async (ctx, next) => {
      const id = ctx.chat?.id ?? ctx.from?.id;
      if (id !== undefined && allowed.has(id)) return next();
      if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
      else if (ctx.inlineQuery) await ctx.answerInlineQuery([], { cache_time: 0 }).catch(() => undefined);
      else if (ctx.chat?.type === 'private' && ctx.message)
        await ctx.reply(i18n.t(userLanguage(ctx.from?.language_code), 'restricted')).catch(() => undefined);
    });
  }

  const storage = opts.sessions ?? sessionStorage(config.BOT_SESSION_STORAGE ?? 'memory', config.BOT_SESSION_DIR ?? 'bot-sessions');
  bot.use(session({ initial: emptySession, storage, getSessionKey: (ctx) => ctx.chat?.id.toString() }));

  // Redelivered updates (after a restart, or a webhook retry) are not answered twice.
  bot.use(async (ctx, next) => {
    if (!ctx.chat) return next();
    const id = ctx.update.update_id;
    if (wasSeen(ctx.session, id)) return;
    await next();
    if (!gate.skipped.has(id)) markSeen(ctx.session, id);
  });

  bot.use(i18n.middleware());
  bot.use(async (ctx, next) => {
    ctx.i18n.useLocale(uiLanguage(ctx));
    await next();
  });
  bot.use(commands());
  bot.use(autoChatAction(bot.api));
  const notice = (key: string, vars?: Record<string, number>) => (ctx: Context) =>
    ctx.inlineQuery || !ctx.chat
      ? Promise.resolve()
      : ctx.reply(i18n.t(uiLanguage(ctx as BotContext, ctx.msg?.text ?? ctx.msg?.caption), key, vars), threadTo(ctx as BotContext, ctx.msg?.message_id)).catch(() => undefined);
  bot.filter(
    (ctx) => !!(ctx.message || ctx.editedMessage || ctx.inlineQuery),
    rateLimit({
      max: config.RATE_LIMIT_MAX,
      windowMs: config.RATE_LIMIT_WINDOW_MS,
      store: new BoundedCounter(),
      stopping,
      onSkipped: (ctx) => gate.skipped.add(ctx.update.update_id),
      tellQueued: notice('too-fast'),
      tellIgnored: notice('too-many', { seconds: Math.ceil(config.RATE_LIMIT_WINDOW_MS / 1000) }),
    }),
  );

  // ---- commands -------------------------------------------------------------------------------

  const botName = () => bot.botInfo.username;
  const group = new CommandGroup<BotContext>();
  const handlers: Record<string, (ctx: BotContext) => Promise<unknown>> = {
    start: async (ctx) => {
      const question = decodeStartPayload(typeof ctx.match === 'string' ? ctx.match : '');
      if (question) return ask(ctx, question);
      await ctx.reply(`${ctx.t('greeting')}\n${ctx.t('help', { bot: botName() })}`);
    },
    help: (ctx) => ctx.reply(ctx.t('help', { bot: botName() }), threadTo(ctx, ctx.msg?.message_id)),
    ask: (ctx) => ask(ctx, String(ctx.match ?? '')),
    new: async (ctx) => {
      engines.current.endConversation(conversationId(ctx));
      ctx.session.epoch++;
      ctx.session.turns = [];
      await ctx.reply(ctx.t('new-conversation'), threadTo(ctx, ctx.msg?.message_id));
    },
    sources: async (ctx) => {
      const lines = engines.current
        .sources()
        .map((s, i) => ctx.t('sources-line', { i: i + 1, title: shortTitle(s.title, 40), date: s.date ? ` (${s.date})` : '', passages: s.passages, records: s.records }));
      for (const html of toMessages([{ text: ctx.t('sources-title'), tag: 'b' }, { text: lines.join('\n') }])) await ctx.reply(html, { ...HTML, ...threadTo(ctx, ctx.msg?.message_id) });
    },
    stats: async (ctx) => {
      const s = engines.current.stats();
      const lang = uiLanguage(ctx);
      const builtAt = new Date(s.builtAt).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZoneName: 'short' });
      const mode = s.embedder.mode === 'hash' ? ctx.t('mode-hash') : ctx.t('mode-model', { model: s.embedder.id });
      await ctx.reply(ctx.t('stats', { files: s.files, passages: s.passages, records: s.records, mode, builtAt, seconds: s.buildSeconds }), threadTo(ctx, ctx.msg?.message_id));
    },
  };
  for (const [command, { field, example }] of Object.entries(LOOKUP_COMMANDS)) {
    handlers[command] = async (ctx) => {
      const value = String(ctx.match ?? '').trim();
      if (value) return lookup(ctx, field, value, ctx.msg?.message_id);
      if (field === 'batch') {
        const kb = new InlineKeyboard();
        for (const n of await batchChoices()) kb.text(ctx.t('batch-button', { n }), `b:${n}`);
        return ctx.reply(ctx.t('pick-batch'), { reply_markup: kb, ...threadTo(ctx, ctx.msg?.message_id) });
      }
      return ctx.reply(ctx.t('lookup-needs-value', { example }), threadTo(ctx, ctx.msg?.message_id));
    };
  }
  for (const c of COMMAND_TEXTS) {
    const handler = handlers[c.command]!;
    const cmd = group.command(c.command, c.zh).localize('en', c.command, c.en);
    cmd.addToScope({ type: 'all_private_chats' }, handler);
    if (c.groups) cmd.addToScope({ type: 'all_group_chats' }, handler);
  }
  bot.use(group);

  /** Batches the index knows (asked of the engine, once per engine). */
  let batchCache: { generation: number; batches: number[] } | undefined;
  async function batchChoices(): Promise<number[]> {
    if (batchCache?.generation === engines.generation) return batchCache.batches;
    const batches: number[] = [];
    for (let n = 1; n <= 12; n++) if ((await engines.current.lookup('batch', String(n))).found) batches.push(n);
    batchCache = { generation: engines.generation, batches };
    return batches;
  }

  // ---- buttons --------------------------------------------------------------------------------

  bot.on('callback_query:data', async (ctx) => {
    const data = ctx.callbackQuery.data;
    const message = ctx.callbackQuery.message;
    const find = (id: string) => (ctx.chat ? ctx.session.answers.find((a) => a.id === id) : undefined);
    let note: string | undefined;
    try {
      let m: RegExpExecArray | null;
      if ((m = /^s:([0-9a-z]+):(\d+)$/.exec(data))) {
        const stored = find(m[1]!);
        const t = tr(stored?.language ?? uiLanguage(ctx));
        const n = Number(m[2]);
        const cite = stored?.citations.find((c) => c.n === n);
        const full = cite && engines.current.context(cite.source, cite.lines);
        if (!stored || !cite || !full) note = t('source-expired');
        else if (stored.shown.includes(n)) note = t('source-shown', { n });
        else {
          stored.shown.push(n);
          for (const html of toMessages(passageBlocks({ ...full, n, title: cite.title }, t)))
            await ctx.reply(html, { ...HTML, ...(message ? { reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true } } : {}) });
        }
      } else if ((m = /^p:([0-9a-z]+):(\d+)$/.exec(data))) {
        const stored = find(m[1]!);
        const t = tr(stored?.language ?? uiLanguage(ctx));
        const page = Number(m[2]);
        if (!stored?.result || page * PAGE_SIZE >= stored.result.items.length || !message) note = t('list-expired');
        else if (page !== stored.page) {
          stored.page = page;
          const html = toMessages(answerBlocks(stored, page, t))[0]!;
          await ctx.api.editMessageText(message.chat.id, message.message_id, html, { ...HTML, reply_markup: keyboardFor(stored, t) });
        }
      } else if ((m = /^b:(\d+)$/.exec(data))) {
        await ctx.answerCallbackQuery().catch(() => undefined);
        if (ctx.chat) await lookup(ctx, 'batch', m[1]!, message?.message_id);
        return;
      } else note = ctx.t('source-expired');
    } catch (err) {
      log.error('button failed:', describeApiError(err));
      note = ctx.t('apology');
    }
    await ctx.answerCallbackQuery(note ? { text: note } : undefined).catch(() => undefined);
  });

  // ---- inline mode ----------------------------------------------------------------------------

  bot.on('inline_query', async (ctx) => {
    const q = ctx.inlineQuery.query.trim();
    const lang = uiLanguage(ctx, q);
    const t = tr(lang);
    if (!q || questionProblem(q, config.MAX_QUESTION_CHARS)) {
      await ctx.answerInlineQuery([], { cache_time: 0 });
      return;
    }
    const a = await engines.current.ask(q);
    const view = viewOf(a);
    const html = toMessages(answerBlocks(view, 0, tr(a.language === 'en' ? 'en' : lang)))[0]!;
    const lead = (a.result?.lead ?? a.answer).replace(/\s+/g, ' ').trim();
    const article: InlineQueryResultArticle = {
      type: 'article',
      id: String(Math.abs(hash(q))).slice(0, 60),
      title: a.found ? shortTitle(lead, 60) : t('inline-no-answer'),
      description: shortTitle(a.result?.items.map((i) => i.label).join('、') || (a.found ? q : lead), 120),
      input_message_content: { message_text: html, ...HTML },
    };
    await ctx.answerInlineQuery([article], { cache_time: 30, is_personal: false });
  });

  // ---- messages -------------------------------------------------------------------------------

  /** In a group: the text if it is for us (a mention, or a reply to our message), else undefined. */
  const addressed = (ctx: BotContext, text: string): string | undefined => {
    if (ctx.chat?.type === 'private') return text;
    const mention = new RegExp(`@${botName()}\\b`, 'ig');
    if (mention.test(text)) return text.replace(mention, ' ').trim();
    if (ctx.msg?.reply_to_message?.from?.id === ctx.me.id) return text;
    return undefined;
  };

  // Unknown commands: a hint with the closest command (private chats, or addressed to us in groups).
  const unknownCommand = commandNotFound(group as unknown as CommandGroup<Context>);
  bot.on('message:text').filter((ctx) => unknownCommand(ctx), async (ctx) => {
    const suggestion = (ctx as unknown as { commandSuggestion: string | null }).commandSuggestion;
    const command = ctx.msg.text.split(/\s/)[0]!;
    if (ctx.chat.type !== 'private' && !command.toLowerCase().endsWith(`@${botName()}`.toLowerCase())) return;
    await ctx.reply(ctx.t('unknown-command', { command: command.split('@')[0]!, suggestion: suggestion ?? 'none' }), threadTo(ctx, ctx.msg.message_id));
  });

  bot.on(['message:text', 'message:caption'], async (ctx) => {
    const question = addressed(ctx, ctx.msg.text ?? ctx.msg.caption ?? '');
    if (question !== undefined) await ask(ctx, question);
  });

  bot.on(['edited_message:text', 'edited_message:caption'], async (ctx) => {
    const msg = ctx.editedMessage;
    const earlier = ctx.session.answers.find((a) => a.question === msg.message_id);
    const question = addressed(ctx, msg.text ?? msg.caption ?? '');
    if (question === undefined || (!earlier && ctx.chat.type !== 'private')) return;
    await ask(ctx, question, earlier);
  });

  bot.on('message', async (ctx) => {
    if (ctx.chat.type === 'private' || ctx.msg.reply_to_message?.from?.id === ctx.me.id) await ctx.reply(ctx.t('non-text'), threadTo(ctx, ctx.msg.message_id));
  });

  bot.catch(async (err) => {
    const fatal = fatalFor(err.error);
    if (fatal) return fail(fatal);
    log.error('update failed:', redact(describeApiError(err.error)));
    const ctx = err.ctx as BotContext;
    if (ctx.chat && !ctx.inlineQuery) {
      const text = typeof ctx.t === 'function' ? ctx.t('apology') : i18n.t('zh', 'apology');
      await ctx.reply(text, threadTo(ctx, ctx.msg?.message_id)).catch(() => undefined);
    }
  });

  // ---- life cycle -----------------------------------------------------------------------------

  function fail(err: unknown) {
    settle.fail(err);
    void shutdown();
  }

  async function prepare(): Promise<void> {
    await withRetries('connecting to the Bot API (getMe)', (signal) => pollApi.getMe(apiSignal(signal)), { ...backoff, timeoutMs: 15_000, signal: abortOnStop.signal }).then((me) => {
      bot.botInfo = me;
    });
    await group.setCommands({ api: bot.api }).catch((err) => {
      const fatal = fatalFor(err);
      if (fatal) throw fatal;
      log.warn(`could not register the command menu: ${describeApiError(err)}`);
    });
  }
  const abortOnStop = new AbortController();

  async function shutdown(): Promise<void> {
    if (stopped) return;
    stopped = true;
    abortOnStop.abort();
    stopSignal();
    engines.unwatch();
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
      log.info(`bot @${botName()} is polling`);
    },
    async startWebhook({ url, port, host, secret }) {
      await prepare();
      webhook = await serveWebhook(bot, gate, { port, host, secret });
      await bot.api.setWebhook(url, { secret_token: secret });
      engines.watch();
      log.info(`bot @${botName()} is serving its webhook on ${host}:${port}`);
      return webhook.server;
    },
    done: () => finished,
    stop: shutdown,
  };
}

/** A small stable string hash (inline result ids). */
function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}
