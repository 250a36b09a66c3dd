/** Inline mode: `@bot 问题` in any chat offers the answer (direct answer and sources) as an article to share. */
import { Composer } from 'grammy';
import type { InlineQueryResultArticle } from 'grammy/types';
import { questionProblem } from '../../understand/text.js';
import type { Answering } from './answering.js';
import { HTML, type BotContext, type Shared } from './context.js';
import { answerBlocks, shortTitle, toMessages } from './format.js';

/** A small stable string hash (inline result ids). */
function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

export function inlineComposer(shared: Shared, answering: Answering): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on('inline_query', async (ctx) => {
    const q = ctx.inlineQuery.query.trim();
    const lang = shared.uiLanguage(ctx, q);
    const t = shared.tr(lang);
    if (!q || questionProblem(q, shared.config.MAX_QUESTION_CHARS)) {
      await ctx.answerInlineQuery([], { cache_time: 0 });
      return;
    }
    const a = await shared.engines.current.ask(q);
    const view = answering.viewOf(a);
    const html = toMessages(answerBlocks(view, 0, shared.tr(a.language === 'en' ? 'en' : lang)))[0]!;
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
  return composer;
}
