/**
 * The Telegram bot: the answer engine in a chat. Long polling with @grammyjs/runner (concurrent
 * across chats, in order within a chat) or a webhook; 429/5xx retried by @grammyjs/auto-retry.
 * Every handler answers or apologises; nothing a user sends can stop the bot.
 */
import { createServer, type Server } from 'node:http';
import { autoRetry } from '@grammyjs/auto-retry';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { Bot, InlineKeyboard, webhookCallback, type Context } from 'grammy';
import type { BotCommand } from 'grammy/types';
import { questionProblem } from '../../understand/text.js';
import type { Answer, AnswerEngine, Citation, LookupField } from '../../answer/types.js';
import type { BotConfig } from '../../config.js';
import { log, redact } from '../../log.js';
import { answerBlocks, escapeHtml, passageBlocks, toMessages } from './format.js';
import { RateLimiter } from './rateLimit.js';

export const COMMANDS: BotCommand[] = [
  { command: 'start', description: '开始使用' },
  { command: 'help', description: '能回答什么、示例问题' },
  { command: 'ask', description: '提问：/ask 第四批有哪些大模型？' },
  { command: 'batch', description: '按批次查：/batch 1' },
  { command: 'model', description: '按模型查：/model 文心一言' },
  { command: 'company', description: '按公司查：/company 百度' },
  { command: 'province', description: '按属地查（官方登记表）：/province 北京' },
  { command: 'sources', description: '索引中的文档' },
  { command: 'stats', description: '索引信息' },
];

/** Commands that are structured lookups: adding one here is all a new lookup needs. */
const LOOKUP_COMMANDS: Record<string, LookupField> = { batch: 'batch', model: 'model', company: 'company', province: 'province' };

const HELP = [
  '我回答关于中国生成式人工智能服务备案、深度合成服务算法备案的问题：哪些模型在哪一批通过备案、属于哪家公司、参数量多少、截至某日有多少款服务备案、依据哪些规定。答案只来自已收录的文本，并附上出处。',
  '',
  '示例：',
  '• 第四批有哪些大模型？',
  '• 文心一言的参数量是多少？',
  '• 百度在第几批？',
  '• 截至2024年底有多少款生成式人工智能服务完成备案？',
  '• Which company owns the 云雀 model?',
  '',
  '命令：/ask 问题 · /batch 1-4 · /model 名称 · /company 名称 · /province 省份 · /sources · /stats',
  '在群里请 @我、回复我的消息或用 /ask。',
].join('\n');

const APOLOGY = '抱歉，处理这条消息时出错了，请稍后再试。';
const NON_TEXT_HINT = '我只能读文字问题，例如“第四批有哪些大模型？”。';

export interface BotOptions {
  token: string;
  engine: AnswerEngine;
  config: Pick<BotConfig, 'TELEGRAM_API_ROOT' | 'ALLOWED_CHAT_IDS' | 'RATE_LIMIT_MAX' | 'RATE_LIMIT_WINDOW_MS' | 'MAX_QUESTION_CHARS'>;
}

export interface RunningBot {
  bot: Bot;
  startPolling(): Promise<void>;
  startWebhook(opts: { url: string; port: number; host: string; secret: string }): Promise<Server>;
  stop(): Promise<void>;
}

/** Recent answers' citations, for the source buttons (bounded, oldest dropped first). */
class RecentCitations {
  private readonly map = new Map<string, Citation[]>();
  private next = 0;
  constructor(private readonly size = 1000) {}
  put(c: Citation[]): string {
    const key = (this.next++).toString(36);
    this.map.set(key, c);
    if (this.map.size > this.size) this.map.delete(this.map.keys().next().value!);
    return key;
  }
  get(key: string): Citation[] | undefined {
    return this.map.get(key);
  }
}

export function createBot({ token, engine, config }: BotOptions): RunningBot {
  const bot = new Bot(token, { client: { apiRoot: config.TELEGRAM_API_ROOT } });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));
  const limiter = new RateLimiter(config.RATE_LIMIT_MAX, config.RATE_LIMIT_WINDOW_MS);
  const recent = new RecentCitations();
  let runner: RunnerHandle | undefined;
  let server: Server | undefined;

  const sendHtml = async (ctx: Context, html: string[], keyboard?: InlineKeyboard) => {
    for (let i = 0; i < html.length; i++) {
      const last = i === html.length - 1;
      await ctx.reply(html[i]!, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(last && keyboard ? { reply_markup: keyboard } : {}),
      });
    }
  };

  const sendAnswer = async (ctx: Context, a: Answer) => {
    let keyboard: InlineKeyboard | undefined;
    if (a.citations.length) {
      const key = recent.put(a.citations);
      keyboard = new InlineKeyboard();
      a.citations.forEach((c, i) => {
        keyboard!.text(`来源 ${c.n}`, `src:${key}:${c.n}`);
        if (i % 4 === 3) keyboard!.row();
      });
    }
    await sendHtml(ctx, toMessages(answerBlocks(a)), keyboard);
  };

  /** Rate limit, then answer; any failure becomes a short apology. */
  const respond = async (ctx: Context, produce: () => Promise<Answer | undefined>) => {
    const user = ctx.from?.id ?? ctx.chat?.id ?? 0;
    const verdict = limiter.check(user);
    if (verdict === 'drop') return;
    if (verdict === 'warn') {
      await ctx.reply('您提问得太快了，请稍等几秒再问。');
      return;
    }
    try {
      void ctx.replyWithChatAction('typing').catch(() => undefined);
      const a = await produce();
      if (a) await sendAnswer(ctx, a);
    } catch (err) {
      log.error('handler failed:', redact(String((err as Error)?.message ?? err)));
      await ctx.reply(APOLOGY).catch(() => undefined);
    }
  };

  const ask = (ctx: Context, raw: string) =>
    respond(ctx, async () => {
      const problem = questionProblem(raw, config.MAX_QUESTION_CHARS);
      if (problem) {
        await ctx.reply(escapeHtml(problem), { parse_mode: 'HTML' });
        return undefined;
      }
      return engine.ask(raw);
    });

  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));

  if (config.ALLOWED_CHAT_IDS) {
    const allowed = config.ALLOWED_CHAT_IDS;
    bot.use(async (ctx, next) => {
      if (!ctx.chat || allowed.has(ctx.chat.id)) return next();
      if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
      else if (ctx.chat.type === 'private' && ctx.message) await ctx.reply('这个机器人只对指定的会话开放。').catch(() => undefined);
    });
  }

  bot.command('start', (ctx) => ctx.reply(`你好！${HELP}`));
  bot.command('help', (ctx) => ctx.reply(HELP));
  bot.command('ask', (ctx) => ask(ctx, ctx.match));
  for (const [command, field] of Object.entries(LOOKUP_COMMANDS))
    bot.command(command, (ctx) => respond(ctx, () => engine.lookup(field, ctx.match)));
  bot.command('sources', (ctx) =>
    respond(ctx, async () => {
      const lines = engine.sources().map((s, i) => `${i + 1}. ${s.title}${s.date ? `（${s.date}）` : ''}\n   ${s.source} · ${s.passages} 段 · ${s.records} 条记录`);
      await sendHtml(ctx, toMessages([{ text: '索引中的文档', tag: 'b' }, { text: lines.join('\n') }]));
      return undefined;
    }),
  );
  bot.command('stats', (ctx) =>
    respond(ctx, async () => {
      const s = engine.stats();
      const mode = s.embedder.mode === 'hash' ? `无权重模式（${s.embedder.id}）` : s.embedder.id;
      const text = `文件 ${s.files} 个 · 文本段落 ${s.passages} · 备案记录 ${s.records}\n向量：${mode}，${s.embedder.dim} 维\n索引构建于 ${s.builtAt}（用时 ${s.buildSeconds} 秒）`;
      await sendHtml(ctx, toMessages([{ text }]));
      return undefined;
    }),
  );

  bot.on('callback_query:data', async (ctx) => {
    let note: string | undefined;
    try {
      const m = /^src:([0-9a-z]+):(\d+)$/.exec(ctx.callbackQuery.data);
      const cite = m ? recent.get(m[1]!)?.[Number(m[2]) - 1] : undefined;
      if (!cite) note = '这条来源已过期，请重新提问。';
      else {
        const full = engine.context(cite.source, cite.lines) ?? cite;
        await sendHtml(ctx, toMessages(passageBlocks({ ...full, n: cite.n })));
      }
    } catch (err) {
      log.error('source button failed:', redact(String((err as Error)?.message ?? err)));
      note = APOLOGY;
    } finally {
      await ctx.answerCallbackQuery(note ? { text: note } : undefined).catch(() => undefined);
    }
  });

  bot.on('message:text', async (ctx) => {
    const text = ctx.message.text;
    if (ctx.chat.type === 'private') return ask(ctx, text);
    const mention = `@${ctx.me.username}`;
    const repliesToBot = ctx.message.reply_to_message?.from?.id === ctx.me.id;
    if (text.toLowerCase().includes(mention.toLowerCase())) return ask(ctx, text.replace(new RegExp(mention, 'ig'), ' ').trim());
    if (repliesToBot) return ask(ctx, text);
    // Other group chatter is not for us.
  });

  bot.on('edited_message', () => undefined);
  bot.on('message', async (ctx) => {
    if (ctx.chat.type === 'private') await ctx.reply(NON_TEXT_HINT);
  });

  bot.catch((err) => {
    log.error('update failed:', redact(String((err.error as Error)?.message ?? err.error)));
    void err.ctx.reply(APOLOGY).catch(() => undefined);
  });

  return {
    bot,
    async startPolling() {
      await bot.init();
      await bot.api.setMyCommands(COMMANDS);
      await bot.api.deleteWebhook();
      runner = run(bot);
      log.info(`bot @${bot.botInfo.username} is polling`);
    },
    async startWebhook({ url, port, host, secret }) {
      await bot.init();
      await bot.api.setMyCommands(COMMANDS);
      await bot.api.setWebhook(url, { secret_token: secret });
      const handle = webhookCallback(bot, 'http', { secretToken: secret });
      server = createServer((req, res) => {
        handle(req, res).catch((err: unknown) => {
          log.error('webhook request failed:', redact(String((err as Error)?.message ?? err)));
          if (!res.headersSent) res.writeHead(500).end();
        });
      });
      await new Promise<void>((ok) => server!.listen(port, host, ok));
      log.info(`bot @${bot.botInfo.username} is serving its webhook on ${host}:${port}`);
      return server;
    },
    async stop() {
      if (runner?.isRunning()) await runner.stop();
      if (server) await new Promise<void>((ok) => server!.close(() => ok()));
    },
  };
}
