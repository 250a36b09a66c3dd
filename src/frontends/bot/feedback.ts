/**
 * 👍 / 👎 under every answer. A vote is recorded once per answer (a second tap says so); 👎 then
 * asks what was wrong, and a reply to that question is recorded as the comment (and is not asked
 * as a question). A tap on an answer the chat no longer has (expired, /forget, memory sessions
 * after a restart) gets one line and records nothing. Entries go to the feedback log without any
 * user or chat id (feedbackLog.ts).
 */
import { Composer } from 'grammy';
import { HTML, type BotContext, type Shared } from './context.js';
import { escapeHtml } from './format.js';
import type { StoredAnswer } from './session.js';

export const FEEDBACK_DATA = /^f:([0-9a-z]{1,12}):([ud])$/;

const cites = (a: StoredAnswer) => a.citations.map((c) => `${c.source}:${c.lines[0]}-${c.lines[1]}`);

export function feedbackComposer(shared: Shared): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.callbackQuery(FEEDBACK_DATA, async (ctx) => {
    const [, id, vote] = ctx.match as RegExpMatchArray;
    const stored = ctx.chat ? ctx.session.answers.find((a) => a.id === id) : undefined;
    const t = shared.tr(stored?.language ?? shared.uiLanguage(ctx));
    if (!stored) return ctx.answerCallbackQuery({ text: t('feedback-expired') });
    if (stored.vote) return ctx.answerCallbackQuery({ text: t('feedback-already') });
    stored.vote = vote === 'u' ? 'up' : 'down';
    shared.feedback?.append({
      event: stored.vote,
      question: stored.questionText,
      kind: stored.kind,
      answer: stored.result?.lead ?? stored.prose,
      citations: cites(stored),
    });
    if (stored.vote === 'up') return ctx.answerCallbackQuery({ text: t('feedback-up') });
    await ctx.answerCallbackQuery();
    const message = ctx.callbackQuery.message;
    // A private chat opens the reply field at once; in a group that would open it for everyone,
    // so there the member replies to the question by hand.
    const prompt = await ctx.reply(escapeHtml(t('feedback-ask')), {
      ...HTML,
      ...(ctx.chat?.type === 'private'
        ? { reply_markup: { force_reply: true as const, input_field_placeholder: t('feedback-ask').slice(0, 64) } }
        : {}),
      ...(message ? { reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true } } : {}),
    });
    ctx.session.feedbackPrompt = { message: prompt.message_id, answer: stored.id };
  });

  // A reply to "what was wrong?": the comment, recorded; not a question.
  composer.on('message:text').filter(
    (ctx) => !!ctx.session.feedbackPrompt && ctx.msg.reply_to_message?.message_id === ctx.session.feedbackPrompt.message,
    async (ctx) => {
      const prompt = ctx.session.feedbackPrompt!;
      ctx.session.feedbackPrompt = undefined;
      const stored = ctx.session.answers.find((a) => a.id === prompt.answer);
      const t = shared.tr(stored?.language ?? shared.uiLanguage(ctx));
      shared.feedback?.append({
        event: 'comment',
        question: stored?.questionText ?? '',
        kind: stored?.kind,
        comment: ctx.msg.text,
        citations: stored ? cites(stored) : [],
      });
      await ctx.reply(t('feedback-noted'), shared.threadTo(ctx, ctx.msg.message_id));
    },
  );
  return composer;
}
