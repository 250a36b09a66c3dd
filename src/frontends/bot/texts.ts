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

    索引中有：{ $holdings }
    命令：/ask 问题 · /new 开始新话题 · /batch { $batches } · /model 名称 · /company 名称 · /province 省份 · /sources · /stats · /forget 删除本会话存储的数据
    在群里请 @我、回复我的消息或用 /ask；回复别人的问题并 @我 说“这个问题”，我就回答那个问题。也可以在任何聊天里输入 @{ $bot } 问题，把答案分享出去。每条答案下可以点 👍 / 👎。
apology = 抱歉，处理这条消息时出错了，请稍后再试。
non-text = 我只能读文字问题（图片或文件请在说明里写上问题），例如“第四批有哪些大模型？”。
attachment-only = 我不读附件（文件、图片等）的内容，只读文字：请把问题写在消息或说明文字里。
attachment-not-read = （附件没有读取：我只按说明文字回答。）
intro = 大家好！我回答关于中国生成式人工智能服务备案的问题，答案只来自已收录的文本和网信办公布的名单，并附上出处。在群里请 @{ $bot } 提问或回复我的消息；/help 查看示例。
forget-done = 已删除本会话存储的数据：{ $turns } 个最近的问题、{ $answers } 条答案（及其按钮）{ $prompt }。反馈日志不记录会话或用户身份。
forget-prompt = 、一条待回复的反馈
forget-nothing = 本会话没有存储任何数据。
button-invalid = 这个按钮无效或已过期，请重新提问。
taps-too-fast = 点得太快了，请稍等几秒。
no-batch = 索引里没有这一批（{ $value }）。已有：{ $batches }。
feedback-up = 谢谢！已记录 👍。
feedback-ask = 哪里不对？可以回复这条消息说明（可选）。
feedback-noted = 谢谢，已记录。
feedback-already = 这条答案已经评价过了。
feedback-expired = 这条答案已过期（或已被删除），反馈没有记录。
source-page = 第{ $page }页
doc-bad-name = 文件名不能含路径或控制字符，也不能以点开头：{ $name }
doc-bad-type = 不读这种文件（{ $name }）：可以发送 .xlsx .csv .tsv .docx .pdf .txt .md .html。
doc-too-big = 文件太大（{ $size } MB，上限 { $max } MB，MAX_FILE_MB），没有保存。
doc-download-failed = 无法下载这个文件（{ $reason }），没有保存。
doc-wrong-content = 文件内容与扩展名不符（{ $reason }），没有保存。
doc-unchanged = 语料中已有同一份 { $name }，没有变化。
doc-stored = 已保存 { $name }{ $replaced }并更新了索引，现在所有会话都按它回答：
doc-replaced = （替换了旧版本）
doc-not-read = { $name } 无法读取（{ $reason }），已从语料中移除。
doc-failed = 更新索引失败（{ $reason }），语料没有改变。
restricted = 这个机器人只对指定的会话开放。
too-fast = 您提问得太快了：我会隔几秒依次回答刚才的问题。
too-many = 您提问得太快了：接下来的问题已忽略，请 { $seconds } 秒后再问。
unknown-command = 没有 { $command } 这个命令。{ $suggestion ->
    [none] 发送 /help 查看所有命令。
   *[other] 您是不是想用 { $suggestion }？发送 /help 查看所有命令。
}
new-conversation = 好的，开始新话题：之前的问题和答案（及其按钮）已删除。
sources-heading = 来源
source-button = 来源 { $n }
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
sources-counts = { $passages } 段 · { $records } 条记录
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

    The index holds: { $holdings }
    Commands: /ask question · /new new topic · /batch { $batches } · /model name · /company name · /province province · /sources · /stats · /forget delete what this chat stored
    In groups, mention me, reply to my message or use /ask; reply to someone's question with @me "this question" and I answer it. In any chat, type @{ $bot } question to share an answer. Rate any answer with 👍 / 👎.
apology = Sorry, something went wrong with this message. Please try again later.
non-text = I can only read text questions (for a photo or file, put the question in its caption), e.g. "Which models are in batch 4?".
attachment-only = I do not read attachments (files, photos): put your question in the text or the caption.
attachment-not-read = (The attachment was not read: this answers the caption only.)
intro = Hello everyone! I answer questions about China's generative-AI filings, from the indexed texts and the CAC's published lists, with sources. In groups, mention @{ $bot } or reply to my messages; /help shows examples.
forget-done = Deleted what this chat stored: { $turns } recent questions, { $answers } answers (and their buttons){ $prompt }. The feedback log holds no chat or user identity.
forget-prompt = , a pending feedback prompt
forget-nothing = This chat has nothing stored.
button-invalid = This button is invalid or has expired; please ask again.
taps-too-fast = Too many taps; please wait a few seconds.
no-batch = The index has no such batch ({ $value }). It has: { $batches }.
feedback-up = Thanks! 👍 noted.
feedback-ask = What was wrong? You can reply to this message (optional).
feedback-noted = Thanks, noted.
feedback-already = This answer has been rated already.
feedback-expired = This answer has expired (or was deleted); the feedback was not recorded.
source-page = p. { $page }
doc-bad-name = A file name may not contain a path or control characters, nor start with a dot: { $name }
doc-bad-type = This kind of file is not read ({ $name }): send .xlsx .csv .tsv .docx .pdf .txt .md .html.
doc-too-big = The file is too large ({ $size } MB, the cap is { $max } MB, MAX_FILE_MB); nothing was stored.
doc-download-failed = The file could not be downloaded ({ $reason }); nothing was stored.
doc-wrong-content = The file's content does not match its extension ({ $reason }); nothing was stored.
doc-unchanged = The corpus already has this same { $name }; nothing changed.
doc-stored = Stored { $name }{ $replaced } and updated the index; every chat answers from it now:
doc-replaced = { " " }(replacing the older version)
doc-not-read = { $name } could not be read ({ $reason }) and was removed from the corpus again.
doc-failed = Updating the index failed ({ $reason }); the corpus is unchanged.
restricted = This bot is open to selected chats only.
too-fast = You are asking very quickly: I will answer your last questions one by one in a few seconds.
too-many = You are asking too quickly: further questions are ignored for now. Please ask again in { $seconds } s.
unknown-command = There is no command { $command }. { $suggestion ->
    [none] Send /help to see all commands.
   *[other] Did you mean { $suggestion }? Send /help to see all commands.
}
new-conversation = OK, new topic: earlier questions and answers (and their buttons) are deleted.
sources-heading = Sources
source-button = Source { $n }
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
sources-counts = { $passages } passages · { $records } records
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
  {
    command: 'province',
    zh: '按属地查（官方登记表）：/province 北京',
    en: 'By province (official registers): /province 北京',
    groups: true,
  },
  { command: 'sources', zh: '索引中的文档', en: 'Documents in the index', groups: true },
  { command: 'stats', zh: '索引信息', en: 'About the index', groups: true },
  { command: 'forget', zh: '删除本会话存储的数据', en: 'Delete what this chat stored', groups: true },
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
/** Addresses, e-mail, HTML tags and entities, mentions and commands: Latin letters that say nothing about the language. */
const NOT_WORDS =
  /(?:https?:\/\/|www\.)\S+|\b[\w.-]+\.(?:com|cn|org|net|gov|edu|io)(?:\/\S*)?|[\w.+-]+@[\w-]+\.[\w.]+|<\/?[a-z][^<>]*>|&[a-z]+;|[@/]\w+/gi;

/** English when the text is mostly Latin words (names in Chinese may stand inside an English question); addresses and markup do not count. */
export function textLanguage(raw: string): UiLanguage | undefined {
  // The first 2,000 characters tell the language; longer texts (up to Telegram's 4,096) are not scanned further.
  const text = raw.slice(0, 2000).replace(NOT_WORDS, ' ');
  const latin = (text.match(LATIN_WORD) ?? []).length;
  const cjk = (text.match(CJK) ?? []).length;
  if (!latin && !cjk) return undefined;
  return latin >= 2 && latin * 2 >= cjk ? 'en' : cjk ? 'zh' : latin ? 'en' : undefined;
}

/** A Telegram language_code → the UI language (English for en*, Chinese otherwise). */
export const userLanguage = (code: string | undefined): UiLanguage => (code?.toLowerCase().startsWith('en') ? 'en' : 'zh');
