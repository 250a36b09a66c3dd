/**
 * Commands, from one table: each row is the command, its menu texts (zh, en), whether group menus
 * list it, and its handler. The commands plugin (CommandGroup) registers the menus per language
 * and scope; the handlers are grammY's own `command()` filters, so `/help@bot` and `/start@bot`
 * work in groups whatever the menus list. Also here: the introduction when the bot is added to a
 * group, and the hint for an unknown command.
 */
import { CommandGroup, commandNotFound } from '@grammyjs/commands';
import { Composer, InlineKeyboard, type Context } from 'grammy';
import type { LookupField } from '../../answer/types.js';
import { engineChatBatch } from './sources.js';
import type { Answering } from './answering.js';
import { hasChat, HTML, logSkip, type BotContext, type Shared } from './context.js';
import { fullTitle, toMessages } from './format.js';
import { COMMAND_TEXTS } from './texts.js';

/** Commands that are structured lookups: adding one here is all a new lookup needs. */
const LOOKUPS: Record<string, { field: LookupField; example: string }> = {
  batch: { field: 'batch', example: '/batch 1' },
  model: { field: 'model', example: '/model 文心一言' },
  company: { field: 'company', example: '/company 百度' },
  province: { field: 'province', example: '/province 北京' },
};

/** Decodes a /start payload: base64url of UTF-8 Chinese text, or plain words with _ for spaces. */
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

type Handler = (ctx: BotContext) => Promise<unknown>;

export function commandsComposer(shared: Shared, answering: Answering): { composer: Composer<BotContext>; menu: CommandGroup<BotContext> } {
  const { engines } = shared;
  const thread = (ctx: BotContext) => shared.threadTo(ctx, ctx.msg?.message_id);
  const help = (ctx: BotContext) =>
    ctx.t('help', { bot: shared.botName(), batches: shared.batchRange(), holdings: shared.holdings(shared.uiLanguage(ctx)) });

  const handlers: Record<string, Handler> = {
    start: async (ctx) => {
      const question = decodeStartPayload(typeof ctx.match === 'string' ? ctx.match : '');
      if (question) return answering.ask(ctx, question);
      await ctx.reply(`${ctx.t('greeting')}\n${help(ctx)}`, thread(ctx));
    },
    help: (ctx) => ctx.reply(help(ctx), thread(ctx)),
    ask: (ctx) => answering.ask(ctx, String(ctx.match ?? '')),
    new: async (ctx) => {
      engines.current.endConversation(answering.conversationId(ctx));
      ctx.session.epoch++;
      ctx.session.turns = [];
      ctx.session.answers = [];
      ctx.session.feedbackPrompt = undefined;
      await ctx.reply(ctx.t('new-conversation'), thread(ctx));
    },
    forget: async (ctx) => {
      const s = ctx.session;
      const had = { turns: s.turns.length, answers: s.answers.length, prompt: s.feedbackPrompt ? ctx.t('forget-prompt') : '' };
      engines.current.endConversation(answering.conversationId(ctx));
      const lang = shared.uiLanguage(ctx);
      // null deletes the stored session (its file) when this update ends.
      (ctx as { session: unknown }).session = null;
      const t = shared.tr(lang);
      await ctx.reply(had.turns || had.answers || had.prompt ? t('forget-done', had) : t('forget-nothing'), thread(ctx));
    },
    sources: async (ctx) => {
      const lines = engines.current
        .sources()
        .map((s, i) =>
          [
            `${i + 1}. ${fullTitle(s.title)}`,
            [s.publisher, s.date].filter(Boolean).join(' · '),
            s.url ?? '',
            ctx.t('sources-counts', { passages: s.passages, records: s.records }),
          ]
            .filter(Boolean)
            .join('\n   '),
        );
      for (const html of toMessages([{ text: ctx.t('sources-title'), tag: 'b' }, { text: lines.join('\n') }]))
        await ctx.reply(html, { ...HTML, ...thread(ctx) });
    },
    stats: async (ctx) => {
      const s = engines.current.stats();
      const lang = shared.uiLanguage(ctx);
      const builtAt = new Date(s.builtAt).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', {
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
        timeZoneName: 'short',
      });
      const mode = s.embedder.mode === 'hash' ? ctx.t('mode-hash') : ctx.t('mode-model', { model: s.embedder.id });
      await ctx.reply(
        ctx.t('stats', { files: s.files, passages: s.passages, records: s.records, mode, builtAt, seconds: s.buildSeconds }),
        thread(ctx),
      );
    },
  };
  for (const [command, { field, example }] of Object.entries(LOOKUPS)) {
    handlers[command] = async (ctx) => {
      const value = String(ctx.match ?? '').trim();
      if (field === 'batch') {
        if (!value) {
          const table = shared.batches().filter((x) => x.kind === 'table');
          if (!table.length) return ctx.reply(ctx.t('lookup-needs-value', { example }), thread(ctx));
          const kb = new InlineKeyboard();
          table.forEach((b, i) => {
            kb.text(ctx.t('batch-button', { n: b.key }), `b:${b.key}`);
            if (i % 5 === 4) kb.row();
          });
          return ctx.reply(ctx.t('pick-batch'), { reply_markup: kb, ...thread(ctx) });
        }
        const known = engineChatBatch(shared, value);
        if (!known) return ctx.reply(ctx.t('no-batch', { value: value.slice(0, 20), batches: shared.batchRange() }), thread(ctx));
        return answering.lookup(ctx, 'batch', known, ctx.msg?.message_id);
      }
      if (value) return answering.lookup(ctx, field, value, ctx.msg?.message_id);
      return ctx.reply(ctx.t('lookup-needs-value', { example }), thread(ctx));
    };
  }

  const composer = new Composer<BotContext>();
  const menu = new CommandGroup<BotContext>();
  for (const c of COMMAND_TEXTS) {
    const handler = handlers[c.command];
    if (!handler) throw new Error(`command /${c.command} has menu texts but no handler`);
    const cmd = menu.command(c.command, c.zh).localize('en', c.command, c.en);
    cmd.addToScope({ type: 'all_private_chats' });
    if (c.groups) cmd.addToScope({ type: 'all_group_chats' });
    composer.filter(hasChat).command(c.command, handler);
  }

  // Added to a group: a short introduction (no state is stored for it).
  composer.on('my_chat_member', async (ctx) => {
    const { chat, old_chat_member: was, new_chat_member: now } = ctx.myChatMember;
    const joined = ['left', 'kicked'].includes(was.status) && ['member', 'administrator'].includes(now.status);
    if (!joined || (chat.type !== 'group' && chat.type !== 'supergroup'))
      return logSkip(ctx, `membership change (${was.status} → ${now.status}) in a ${chat.type}`);
    const lang = shared.uiLanguage(ctx);
    await ctx.reply(shared.tr(lang)('intro', { bot: shared.botName() }));
  });

  // Unknown commands: a hint with the closest command (private chats, or addressed to us in groups).
  const unknownCommand = commandNotFound(menu as unknown as CommandGroup<Context>);
  composer.on('message:text').filter(
    (ctx) => unknownCommand(ctx),
    async (ctx) => {
      const suggestion = (ctx as unknown as { commandSuggestion: string | null }).commandSuggestion;
      const command = ctx.msg.text.split(/\s/)[0]!;
      if (ctx.chat.type !== 'private' && !command.toLowerCase().endsWith(`@${shared.botName()}`.toLowerCase()))
        return logSkip(ctx, 'a command not addressed to this bot');
      await ctx.reply(ctx.t('unknown-command', { command: command.split('@')[0]!, suggestion: suggestion ?? 'none' }), thread(ctx));
    },
  );
  return { composer, menu };
}
