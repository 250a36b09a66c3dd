/**
 * Messages: a text (or a caption) is a question when it is for the bot — any message in a private
 * chat; in a group a mention, or a reply to the bot's message. An edited question edits its
 * answer. An attachment is not read (the documents composer reads an admin's files first): a
 * caption is answered with that said first, a bare attachment gets one line. Everything skipped is
 * logged with the reason.
 */
import { Composer } from 'grammy';
import type { Message } from 'grammy/types';
import type { Answering } from './answering.js';
import { logSkip, type BotContext, type Shared } from './context.js';

export const hasAttachment = (m: Message): boolean =>
  !!(m.document || m.photo || m.video || m.audio || m.voice || m.animation || m.video_note);

export function questionsComposer(shared: Shared, answering: Answering): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  /** In a group: the text if it is for us (a mention, or a reply to our message), else undefined. */
  const addressed = (ctx: BotContext, m: Message, text: string): string | undefined => {
    if (ctx.chat?.type === 'private') return text;
    const mention = new RegExp(`@${shared.botName()}\\b`, 'ig');
    if (mention.test(text)) return text.replace(mention, ' ').trim();
    if (m.reply_to_message?.from?.id === ctx.me.id) return text;
    return undefined;
  };

  composer.on(['message:text', 'message:caption'], async (ctx) => {
    const question = addressed(ctx, ctx.msg, ctx.msg.text ?? ctx.msg.caption ?? '');
    if (question === undefined) return logSkip(ctx, 'not addressed to the bot');
    const note = hasAttachment(ctx.msg) ? shared.tr(shared.uiLanguage(ctx, question))('attachment-not-read') : undefined;
    await answering.ask(ctx, question, { note });
  });

  composer.on(['edited_message:text', 'edited_message:caption'], async (ctx) => {
    const msg = ctx.editedMessage;
    const earlier = ctx.session.answers.find((a) => a.question === msg.message_id);
    const question = addressed(ctx, msg, msg.text ?? msg.caption ?? '');
    if (question === undefined || (!earlier && ctx.chat.type !== 'private'))
      return logSkip(ctx, 'an edit of a message the bot did not answer');
    await answering.ask(ctx, question, { edit: earlier });
  });

  composer.on('message', async (ctx) => {
    if (ctx.chat.type !== 'private' && ctx.msg.reply_to_message?.from?.id !== ctx.me.id)
      return logSkip(ctx, 'no text (and not addressed to the bot)');
    await ctx.reply(ctx.t(hasAttachment(ctx.msg) ? 'attachment-only' : 'non-text'), shared.threadTo(ctx, ctx.msg.message_id));
  });

  return composer;
}
