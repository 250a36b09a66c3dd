/**
 * What the bot's parts share: the context type, the settings, the engine holder, the bot's own
 * words, and small helpers (language, threading, the skip log). Each concern is a Composer in a
 * file of its own (commands, questions, sources and paging, inline, feedback, documents) that
 * gets this one object.
 */
import type { AutoChatActionFlavor } from '@grammyjs/auto-chat-action';
import type { CommandsFlavor } from '@grammyjs/commands';
import type { I18n, I18nFlavor } from '@grammyjs/i18n';
import type { Context, SessionFlavor } from 'grammy';
import type { ReplyParameters, Update } from 'grammy/types';
import type { BotConfig } from '../../config.js';
import { log } from '../../log.js';
import type { EngineHolder } from './engineHolder.js';
import type { FeedbackLog } from './feedbackLog.js';
import type { Translate } from './format.js';
import type { ChatSession } from './session.js';
import { textLanguage, userLanguage, type UiLanguage } from './texts.js';
import type { BatchInfo } from '../../answer/types.js';

export type BotContext = Context & SessionFlavor<ChatSession> & I18nFlavor & CommandsFlavor & AutoChatActionFlavor;

export type BotSettings = Pick<
  BotConfig,
  'TELEGRAM_API_ROOT' | 'ALLOWED_CHAT_IDS' | 'RATE_LIMIT_MAX' | 'RATE_LIMIT_WINDOW_MS' | 'MAX_QUESTION_CHARS'
> &
  Partial<Pick<BotConfig, 'BOT_SESSION_STORAGE' | 'BOT_SESSION_DIR' | 'SESSION_TTL_DAYS' | 'BOT_ADMIN_IDS' | 'MAX_FILE_MB'>>;

export const HTML = { parse_mode: 'HTML' as const, link_preview_options: { is_disabled: true } };

/** The chat has a session (a chat the bot may answer: not a channel, not an inline query). */
export const hasChat = (ctx: Context): boolean => !!ctx.chat && ctx.chat.type !== 'channel';

/** What kind of update this is, for the skip log. */
export function updateKind(u: Update): string {
  return Object.keys(u).find((k) => k !== 'update_id') ?? 'unknown';
}

/**
 * A key for an update that Telegram keeps stable when it delivers the update again: the chat and
 * message id (and the edit time of an edit), the callback query id, the inline query id. Update
 * ids are not used: Telegram may start them afresh, lower, and a new token has its own.
 */
export function updateKey(u: Update): string | undefined {
  if (u.message) return `m:${u.message.chat.id}:${u.message.message_id}`;
  if (u.edited_message) return `e:${u.edited_message.chat.id}:${u.edited_message.message_id}:${u.edited_message.edit_date}`;
  if (u.callback_query) return `c:${u.callback_query.id}`;
  if (u.inline_query) return `i:${u.inline_query.id}`;
  if (u.channel_post) return `p:${u.channel_post.chat.id}:${u.channel_post.message_id}`;
  if (u.my_chat_member) return `k:${u.my_chat_member.chat.id}:${u.my_chat_member.date}:${u.my_chat_member.new_chat_member.status}`;
  return undefined;
}

/** One log line for every update the bot does not act on, with the reason (no ids of people or chats). */
export function logSkip(ctx: Context, reason: string): void {
  log.info(`skipped update ${ctx.update.update_id} (${updateKind(ctx.update)}): ${reason}`);
}

export interface Shared {
  config: BotSettings;
  engines: EngineHolder;
  i18n: I18n;
  feedback?: FeedbackLog;
  tr(lang: UiLanguage): Translate;
  uiLanguage(ctx: BotContext, text?: string): UiLanguage;
  threadTo(ctx: BotContext, messageId: number | undefined): { reply_parameters?: ReplyParameters };
  botName(): string;
  /** The batches and lists the index holds (asked of the engine once per engine). */
  batches(): BatchInfo[];
  /** "1–4" (the table batches) for the help and /batch. */
  batchRange(): string;
  /** What the index holds, in words, for the help. */
  holdings(lang: UiLanguage): string;
}

export function createShared(opts: {
  config: BotSettings;
  engines: EngineHolder;
  i18n: I18n;
  feedback?: FeedbackLog;
  botName: () => string;
}): Shared {
  const { config, engines, i18n } = opts;
  let batchCache: { generation: number; batches: BatchInfo[] } | undefined;
  const batches = (): BatchInfo[] => {
    if (batchCache?.generation !== engines.generation) {
      let list: BatchInfo[] = [];
      try {
        list = engines.current.batches();
      } catch (err) {
        log.warn(`the engine could not list its batches: ${(err as Error).message}`);
      }
      batchCache = { generation: engines.generation, batches: list };
    }
    return batchCache.batches;
  };
  const batchRange = () => {
    const ns = batches()
      .filter((b) => b.kind === 'table')
      .map((b) => Number(b.key))
      .filter((n) => Number.isInteger(n));
    if (!ns.length) return 'N';
    const consecutive = ns.every((n, i) => i === 0 || n === ns[i - 1]! + 1);
    return consecutive && ns.length > 1 ? `${ns[0]}–${ns.at(-1)}` : ns.join(', ');
  };
  return {
    config,
    engines,
    i18n,
    feedback: opts.feedback,
    tr: (lang) => (key, vars) => i18n.t(lang, key, vars),
    uiLanguage(ctx, text) {
      const said = text ? textLanguage(text) : undefined;
      const last = hasChat(ctx) && (ctx as Partial<SessionFlavor<ChatSession>>).session !== undefined ? ctx.session.lang : undefined;
      if (said) return said;
      return userLanguage(ctx.from?.language_code) === 'en' || last === 'en' ? 'en' : 'zh';
    },
    threadTo: (ctx, messageId) =>
      messageId && ctx.chat && ctx.chat.type !== 'private'
        ? { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } }
        : {},
    botName: opts.botName,
    batches,
    batchRange,
    holdings(lang) {
      const all = batches();
      const table = all.filter((b) => b.kind === 'table');
      const lists = all.filter((b) => b.kind === 'list');
      const parts: string[] = [];
      if (table.length) parts.push(lang === 'en' ? `filing batches ${batchRange()} from the texts` : `文本中的第${batchRange()}批`);
      if (lists.length) {
        const span = lists.length > 1 ? `${lists[0]!.key} – ${lists.at(-1)!.key}` : lists[0]!.key;
        parts.push(lang === 'en' ? `${lists.length} published CAC lists (${span})` : `网信办公布的 ${lists.length} 份名单（${span}）`);
      }
      const files = engines.current.stats().files;
      parts.push(lang === 'en' ? `${files} documents in all` : `共 ${files} 个文件`);
      return parts.join(lang === 'en' ? '; ' : '；');
    },
  };
}
