/**
 * Asking the engine for a chat and delivering the answer: the chat's conversation (restored in a
 * new engine after a restart or an index reload), a replied-to message as context or as the
 * question itself, the answer laid out with its sources and buttons (sources, paging, 👍 / 👎),
 * a chart for group-by answers, and refused or clarifying answers noted in the feedback log.
 */
import { InlineKeyboard, InputFile } from 'grammy';
import type { Message } from 'grammy/types';
import type { Answer, AnswerEngine, Citation, LookupField, SourceInfo } from '../../answer/types.js';
import { log } from '../../log.js';
import { questionProblem } from '../../understand/text.js';
import { renderChartPng } from './chart.js';
import { HTML, type BotContext, type Shared } from './context.js';
import { answerBlocks, escapeHtml, pageCount, toMessages, type AnswerView, type Block, type Translate } from './format.js';
import { describeApiError } from './polling.js';
import { addTurn, LIMITS, remember, type StoredAnswer, type StoredCitation } from './session.js';
import { textLanguage, type UiLanguage } from './texts.js';

export interface AskOptions {
  /** The earlier answer to a question that was edited: its messages are edited in place. */
  edit?: StoredAnswer;
  /** A line said before the answer (an attachment that was not read). */
  note?: string;
}

export interface Answering {
  ask(ctx: BotContext, raw: string, opts?: AskOptions): Promise<void>;
  lookup(ctx: BotContext, field: LookupField, value: string, replyTo: number | undefined): Promise<void>;
  keyboardFor(s: StoredAnswer, t: Translate): InlineKeyboard | undefined;
  /** The chat's conversation id in the engine (`tg:<chat>:<epoch>`). */
  conversationId(ctx: BotContext): string;
  /** What a source looks like to a reader (title, publisher, date, address), from the engine's sources(). */
  sourceInfo(source: string): SourceInfo | undefined;
  /** A view of an answer for laying out (inline mode uses it without a chat). */
  viewOf(a: Answer): AnswerView;
}

/** Replies that point at the replied-to question: "这个问题", "答案呢", a bare "?", "the answer to this question". */
export function pointsAtRepliedQuestion(text: string): boolean {
  const zh = text.replace(/[?？!！。.,，、~～…\s]+/g, '').toLowerCase();
  if (/^(请|麻烦)?你?(帮我|帮忙)?(回答|解答|答)?(一下)?(这个|这|该|上面这个|上面的|上面)?(问题)?的?(答案)?(是什么|是啥|呢|是)?$/.test(zh))
    return true;
  const en = text
    .toLowerCase()
    .replace(/[?!.,]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return /^(please )?(what is |what's )?(the )?(answer|reply)?( to| for)?( this| that)?( one| question)?( please)?$/.test(en);
}

const QUOTE_KEEP = 80;

export function createAnswering(shared: Shared): Answering {
  const { engines, config } = shared;
  /** Conversations the current engine already knows (restored after a restart or an index reload). */
  const primed = new Set<string>();
  const conversationId = (ctx: BotContext) => `tg:${ctx.chat!.id}:${ctx.session.epoch}`;

  let infoCache: { generation: number; map: Map<string, SourceInfo> } | undefined;
  const sourceInfo = (source: string): SourceInfo | undefined => {
    if (infoCache?.generation !== engines.generation) {
      let list: SourceInfo[] = [];
      try {
        list = engines.current.sources();
      } catch {
        // an engine without sources: titles from the citations only
      }
      infoCache = { generation: engines.generation, map: new Map(list.map((s) => [s.source, s])) };
    }
    return infoCache.map.get(source);
  };

  const citeOf = (c: Citation): StoredCitation => {
    const info = sourceInfo(c.source);
    return {
      n: c.n,
      source: c.source,
      title: c.title || info?.title || c.source,
      lines: c.lines,
      ...(c.pages ? { pages: c.pages } : {}),
      ...(info?.publisher ? { publisher: info.publisher } : {}),
      ...(info?.date ? { date: info.date } : {}),
      ...(info?.url ? { url: info.url } : {}),
      ...(c.text ? { quote: c.text.replace(/\s+/g, ' ').trim().slice(0, QUOTE_KEEP) } : {}),
    };
  };

  const viewOf = (a: Answer): AnswerView => ({
    found: a.found,
    prose: a.answer,
    result: a.result ? { lead: a.result.lead, items: a.result.items, total: a.result.total, notes: a.result.notes ?? [] } : undefined,
    citations: a.citations.map(citeOf),
  });

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

  /**
   * A question sent as a reply: "这个问题" / "答案呢" / "?" to someone's question asks that question
   * itself; anything else reads the replied message first, as context (our own answer's question
   * when it is not the last one asked).
   */
  async function fromReply(ctx: BotContext, engine: AnswerEngine, conv: string, raw: string): Promise<string> {
    const to = ctx.msg?.reply_to_message;
    if (!to) return raw;
    const theirs = to.from?.id !== ctx.me.id ? (to.text ?? to.caption)?.slice(0, config.MAX_QUESTION_CHARS) : undefined;
    if (theirs && !questionProblem(theirs, config.MAX_QUESTION_CHARS) && pointsAtRepliedQuestion(raw)) return theirs;
    let seed: string | undefined;
    if (to.from?.id === ctx.me.id) {
      const stored = ctx.session.answers.find((a) => a.messages.includes(to.message_id));
      if (stored && ctx.session.turns.at(-1)?.q !== stored.questionText) seed = stored.questionText;
    } else seed = theirs;
    if (seed && !questionProblem(seed, config.MAX_QUESTION_CHARS)) {
      await engine.ask(seed, { conversation: conv });
      addTurn(ctx.session, seed);
    }
    return raw;
  }

  async function ask(ctx: BotContext, raw: string, opts: AskOptions = {}): Promise<void> {
    const questionMessage = ctx.msg?.message_id ?? 0;
    const engine = engines.current;
    const conv = conversationId(ctx);
    const question = ctx.msg?.reply_to_message ? await fromReply(ctx, engine, await conversation(ctx, engine), raw.trim()) : raw;
    let lang = shared.uiLanguage(ctx, question);
    ctx.session.lang = textLanguage(question) ?? ctx.session.lang;
    const problem = questionProblem(question, config.MAX_QUESTION_CHARS);
    if (problem) {
      await ctx.reply(escapeHtml(problem), { ...HTML, ...shared.threadTo(ctx, questionMessage) });
      return;
    }
    ctx.chatAction = 'typing';
    await conversation(ctx, engine);
    const a = await engine.ask(question, { conversation: conv });
    addTurn(ctx.session, question);
    if (a.language === 'en') lang = 'en';
    await deliver(ctx, a, lang, questionMessage, question, opts);
  }

  async function lookup(ctx: BotContext, field: LookupField, value: string, replyTo: number | undefined): Promise<void> {
    ctx.chatAction = 'typing';
    const a = await engines.current.lookup(field, value);
    await deliver(ctx, a, shared.uiLanguage(ctx, value), replyTo ?? 0, `/${field} ${value}`, {});
  }

  /** Keyboard under an answer: source buttons, paging, then 👍 / 👎. */
  function keyboardFor(s: StoredAnswer, t: Translate): InlineKeyboard {
    const kb = new InlineKeyboard();
    s.citations.forEach((c, i) => {
      kb.text(t('source-button', { n: c.n }), `s:${s.id}:${c.n}`);
      if (i % 4 === 3) kb.row();
    });
    const pages = pageCount(s);
    if (pages > 1) {
      kb.row();
      if (s.page > 0) kb.text(t('previous'), `p:${s.id}:${s.page - 1}`);
      if (s.page < pages - 1) kb.text(t('more'), `p:${s.id}:${s.page + 1}`);
    }
    kb.row().text('👍', `f:${s.id}:u`).text('👎', `f:${s.id}:d`);
    return kb;
  }

  /** Sends (or, for an edited question, edits) the answer and remembers it for buttons and edits. */
  async function deliver(
    ctx: BotContext,
    a: Answer,
    lang: UiLanguage,
    questionMessage: number,
    questionText: string,
    opts: AskOptions,
  ): Promise<void> {
    const t = shared.tr(lang);
    const view = viewOf(a);
    const stored = remember(ctx.session, {
      question: questionMessage,
      questionText,
      messages: [],
      language: lang,
      page: 0,
      shown: [],
      kind: a.kind,
      ...view,
    });
    const blocks: Block[] = [...(opts.note ? [{ text: opts.note, tag: 'i' as const }] : []), ...answerBlocks(stored, 0, t)];
    const html = toMessages(blocks);
    const keyboard = keyboardFor(stored, t);
    const chat = ctx.chat!.id;
    const old = opts.edit?.messages ?? [];
    for (let i = 0; i < html.length; i++) {
      const markup = i === html.length - 1 ? { reply_markup: keyboard } : {};
      if (i < old.length) {
        await ctx.api.editMessageText(chat, old[i]!, html[i]!, { ...HTML, ...markup }).catch((err) => {
          if (!/not modified/.test(describeApiError(err))) throw err;
        });
        stored.messages.push(old[i]!);
      } else {
        const sent: Message = await ctx.api.sendMessage(chat, html[i]!, { ...HTML, ...markup, ...shared.threadTo(ctx, questionMessage) });
        stored.messages.push(sent.message_id);
      }
    }
    for (const extra of old.slice(html.length)) await ctx.api.deleteMessage(chat, extra).catch(() => undefined);
    if (!a.found || a.clarify)
      shared.feedback?.append({
        event: a.clarify ? 'clarify' : 'refused',
        question: questionText,
        kind: a.kind,
        answer: a.result?.lead ?? a.answer,
        citations: a.citations.map((c) => `${c.source}:${c.lines[0]}-${c.lines[1]}`),
      });
    const chart = a.result?.chart;
    if (chart && chart.bars.length >= 2 && !opts.edit) {
      try {
        const png = await renderChartPng(chart);
        await ctx.api.sendPhoto(chat, new InputFile(png, 'chart.png'), {
          caption: chart.title.slice(0, 1000),
          ...shared.threadTo(ctx, stored.messages.at(-1)),
        });
      } catch (err) {
        log.warn(`chart not sent: ${describeApiError(err)}`);
      }
    }
  }

  return { ask, lookup, keyboardFor, conversationId, sourceInfo, viewOf };
}
