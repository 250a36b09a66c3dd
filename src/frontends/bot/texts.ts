/**
 * The bot's own words in Chinese and English, as Fluent messages for @grammyjs/i18n. Answers keep
 * the engine's words; only the framing (help, errors, buttons, headings, command menu) is here.
 */
import { I18n } from '@grammyjs/i18n';

export type UiLanguage = 'zh' | 'en';

const ZH = `
greeting = 你好！
help =
    我回答关于中国生成式人工智能服务备案、深度合成服务算法备案的问题：哪些模型在哪一批通过备案、属于哪家公司、参数量多少、截至某日有多少款服务备案、依据哪些规定。答案只来自已收录的文本，并附上出处。

    示例：
    • 第四批有哪些大模型？
    • 文心一言的参数量是多少？（接着问：它是哪家公司的？）
    • 截至2024年底有多少款生成式人工智能服务完成备案？
    • Which company owns the 云雀 model?

    命令：/ask 问题 · /new 开始新话题 · /batch 1-4 · /model 名称 · /company 名称 · /province 省份 · /sources · /stats
    在群里请 @我、回复我的消息或用 /ask。也可以在任何聊天里输入 @{ $bot } 问题，把答案分享出去。
apology = 抱歉，处理这条消息时出错了，请稍后再试。
non-text = 我只能读文字问题（图片或文件请在说明里写上问题），例如“第四批有哪些大模型？”。
restricted = 这个机器人只对指定的会话开放。
too-fast = 您提问得太快了：我会隔几秒依次回答刚才的问题。
too-many = 您提问得太快了：接下来的问题已忽略，请 { $seconds } 秒后再问。
unknown-command = 没有 { $command } 这个命令。{ $suggestion ->
    [none] 发送 /help 查看所有命令。
   *[other] 您是不是想用 { $suggestion }？发送 /help 查看所有命令。
}
new-conversation = 好的，开始新话题：之前的问题不再作为上下文。
sources-heading = 来源
source-button = 来源 { $n }
source-lines = 第{ $lines }行
list-sep = 、
more = 更多 ›
previous = ‹ 上一页
page-range = 第 { $from }–{ $to } 条，共 { $total } 条
source-expired = 这条来源已过期，请重新提问。
source-shown = 来源 { $n } 已在上方显示。
list-expired = 这个列表已过期，请重新提问。
pick-batch = 查哪一批？
batch-button = 第{ $n }批
lookup-needs-value = 请在命令后写上要查的名称，例如 { $example }。
sources-title = 索引中的文档
sources-line = { $i }. { $title }{ $date } · { $passages } 段 · { $records } 条记录
stats =
    文件 { $files } 个 · 文本段落 { $passages } · 备案记录 { $records }
    检索方式：{ $mode }
    索引构建于 { $builtAt }（用时 { $seconds } 秒）
mode-hash = 无权重检索模式（字符 n-gram 向量 + 关键词）
mode-model = 语义向量模型 { $model } + 关键词
inline-hint-title = 输入一个问题
inline-hint = 例如：@{ $bot } 文心一言的参数量是多少？
inline-no-answer = 没有找到答案
`;

const EN = `
greeting = Hello!
help =
    I answer questions about China's generative-AI service filings and deep-synthesis algorithm filings: which models were filed in which batch, by which company, with how many parameters, how many services were filed by a date, under which rules. Answers come only from the indexed texts, with their sources.

    Examples:
    • Which models are in batch 4?
    • How many parameters does 文心一言 have? (then: which company owns it?)
    • Which company owns the 云雀 model?
    • 第四批有哪些大模型？

    Commands: /ask question · /new new topic · /batch 1-4 · /model name · /company name · /province province · /sources · /stats
    In groups, mention me, reply to my message or use /ask. In any chat, type @{ $bot } question to share an answer.
apology = Sorry, something went wrong with this message. Please try again later.
non-text = I can only read text questions (for a photo or file, put the question in its caption), e.g. "Which models are in batch 4?".
restricted = This bot is open to selected chats only.
too-fast = You are asking very quickly: I will answer your last questions one by one in a few seconds.
too-many = You are asking too quickly: further questions are ignored for now. Please ask again in { $seconds } s.
unknown-command = There is no command { $command }. { $suggestion ->
    [none] Send /help to see all commands.
   *[other] Did you mean { $suggestion }? Send /help to see all commands.
}
new-conversation = OK, new topic: earlier questions are no longer used as context.
sources-heading = Sources
source-button = Source { $n }
source-lines = { $count ->
    [one] line { $lines }
   *[other] lines { $lines }
}
list-sep = {", "}
more = More ›
previous = ‹ Previous
page-range = { $from }–{ $to } of { $total }
source-expired = This source has expired; please ask again.
source-shown = Source { $n } is shown above.
list-expired = This list has expired; please ask again.
pick-batch = Which batch?
batch-button = Batch { $n }
lookup-needs-value = Please put a name after the command, e.g. { $example }.
sources-title = Documents in the index
sources-line = { $i }. { $title }{ $date } · { $passages } passages · { $records } records
stats =
    { $files } files · { $passages } text passages · { $records } filing records
    Retrieval: { $mode }
    Index built { $builtAt } (took { $seconds } s)
mode-hash = weight-free mode (character n-gram vectors + keywords)
mode-model = semantic vector model { $model } + keywords
inline-hint-title = Type a question
inline-hint = e.g. @{ $bot } How many parameters does 文心一言 have?
inline-no-answer = No answer found
`;

/** The bot's own command menu; descriptions per language. `scopes`: where the menu lists it. */
export const COMMAND_TEXTS: { command: string; zh: string; en: string; groups: boolean }[] = [
  { command: 'start', zh: '开始使用', en: 'Start', groups: false },
  { command: 'help', zh: '能回答什么、示例问题', en: 'What I can answer, examples', groups: true },
  { command: 'ask', zh: '提问：/ask 第四批有哪些大模型？', en: 'Ask: /ask Which models are in batch 4?', groups: true },
  { command: 'new', zh: '开始新话题（清除上下文）', en: 'New topic (clear the context)', groups: true },
  { command: 'batch', zh: '按批次查：/batch 1', en: 'By batch: /batch 1', groups: true },
  { command: 'model', zh: '按模型查：/model 文心一言', en: 'By model: /model 文心一言', groups: true },
  { command: 'company', zh: '按公司查：/company 百度', en: 'By company: /company 百度', groups: true },
  { command: 'province', zh: '按属地查（官方登记表）：/province 北京', en: 'By province (official registers): /province 北京', groups: true },
  { command: 'sources', zh: '索引中的文档', en: 'Documents in the index', groups: true },
  { command: 'stats', zh: '索引信息', en: 'About the index', groups: true },
];

export function createI18n(): I18n {
  // useIsolating off: Telegram shows Unicode isolation marks as stray characters.
  const i18n = new I18n({ defaultLocale: 'zh', fluentBundleOptions: { useIsolating: false } });
  i18n.loadLocaleSync('zh', { source: ZH });
  i18n.loadLocaleSync('en', { source: EN });
  return i18n;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/g;
const LATIN_WORD = /[A-Za-z]{2,}/g;

/** English when the text is mostly Latin words (names in Chinese may stand inside an English question). */
export function textLanguage(text: string): UiLanguage | undefined {
  const latin = (text.match(LATIN_WORD) ?? []).length;
  const cjk = (text.match(CJK) ?? []).length;
  if (!latin && !cjk) return undefined;
  return latin >= 2 && latin * 2 >= cjk ? 'en' : cjk ? 'zh' : latin ? 'en' : undefined;
}

/** A Telegram language_code → the UI language (English for en*, Chinese otherwise). */
export const userLanguage = (code: string | undefined): UiLanguage => (code?.toLowerCase().startsWith('en') ? 'en' : 'zh');
