/**
 * Buttons under answers: "来源 n" posts the cited passage or row (once), "更多 › / ‹ 上一页" pages a
 * long list in place, and the batch buttons of /batch. Routed by `callbackQuery` patterns; data
 * that matches no pattern, or names an answer, citation, page or batch that does not exist (forged
 * or stale), gets one line and changes nothing.
 */
import { Composer } from 'grammy';
import { parseSmallNumber } from '../../text/chars.js';
import type { Answering } from './answering.js';
import { HTML, type BotContext, type Shared } from './context.js';
import { answerBlocks, passageBlocks, toMessages, PAGE_SIZE } from './format.js';

/** The batch key the index has for a typed or tapped batch ("3", "三", "第三批"), or undefined. */
export function engineChatBatch(shared: Shared, value: string): string | undefined {
  const m = /^\s*第?\s*([0-9]{1,3}|[一二两三四五六七八九十]{1,3})\s*批?\s*$/.exec(value);
  const n = m ? parseSmallNumber(m[1]!) : undefined;
  if (n === undefined) return undefined;
  return shared.batches().find((b) => b.kind === 'table' && b.key === String(n))?.key;
}

/** Answer ids are short base-36 strings; citation numbers and pages small integers. */
export const SOURCE_DATA = /^s:([0-9a-z]{1,12}):(\d{1,3})$/;
export const PAGE_DATA = /^p:([0-9a-z]{1,12}):(\d{1,4})$/;
export const BATCH_DATA = /^b:(\d{1,3})$/;

export function sourcesComposer(shared: Shared, answering: Answering): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const find = (ctx: BotContext, id: string) => (ctx.chat ? ctx.session.answers.find((a) => a.id === id) : undefined);

  composer.callbackQuery(SOURCE_DATA, async (ctx) => {
    const [, id, num] = ctx.match as RegExpMatchArray;
    const stored = find(ctx, id!);
    const t = shared.tr(stored?.language ?? shared.uiLanguage(ctx));
    const n = Number(num);
    const cite = stored?.citations.find((c) => c.n === n);
    const full = cite && shared.engines.current.context(cite.source, cite.lines);
    if (!stored || !cite || !full) return ctx.answerCallbackQuery({ text: t('source-expired') });
    if (stored.shown.includes(n)) return ctx.answerCallbackQuery({ text: t('source-shown', { n }) });
    stored.shown.push(n);
    await ctx.answerCallbackQuery();
    const message = ctx.callbackQuery.message;
    for (const html of toMessages(passageBlocks({ ...cite, pages: full.pages ?? cite.pages, text: full.text }, t)))
      await ctx.reply(html, {
        ...HTML,
        ...(message ? { reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true } } : {}),
      });
  });

  composer.callbackQuery(PAGE_DATA, async (ctx) => {
    const [, id, num] = ctx.match as RegExpMatchArray;
    const stored = find(ctx, id!);
    const t = shared.tr(stored?.language ?? shared.uiLanguage(ctx));
    const page = Number(num);
    const message = ctx.callbackQuery.message;
    if (!stored?.result || page * PAGE_SIZE >= stored.result.items.length || !message)
      return ctx.answerCallbackQuery({ text: t('list-expired') });
    await ctx.answerCallbackQuery();
    if (page === stored.page) return;
    stored.page = page;
    const html = toMessages(answerBlocks(stored, page, t))[0]!;
    await ctx.api.editMessageText(message.chat.id, message.message_id, html, { ...HTML, reply_markup: answering.keyboardFor(stored, t) });
  });

  composer.callbackQuery(BATCH_DATA, async (ctx) => {
    const key = engineChatBatch(shared, (ctx.match as RegExpMatchArray)[1]!);
    if (!key || !ctx.chat) return ctx.answerCallbackQuery({ text: ctx.t('button-invalid') });
    await ctx.answerCallbackQuery();
    await answering.lookup(ctx, 'batch', key, ctx.callbackQuery.message?.message_id);
  });

  return composer;
}
