/**
 * `beian repl`: interactive questions in one conversation (`:new` starts another), with history,
 * :help, :sources, :stats. Builds the index first when it is missing or stale.
 * Colour only on a terminal and without NO_COLOR; without a terminal it reads lines and prints answers.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { AnswerEngine } from '../answer/types.js';
import { engineConfig, loadConfig, type AppConfig } from '../config.js';
import { MANIFEST_FILE } from '../index/manifest.js';
import { FollowedEngine, sourceOf, type EngineSource } from './followIndex.js';
import { EXIT, isEntryPoint, parseCommandLine, runMain, version } from './args.js';
import { embedderInWords, renderAnswer, renderSources, renderStats } from './render.js';
import { exitQuietlyOnEpipe, loadLayout, outputWidth, paint, useColor, wrapText } from './terminal.js';
import { redact } from '../log.js';

const COMMAND = 'beian repl';

export const REPL_HELP = `usage: beian repl

Interactive questions about the filings; follow-ups ("它的参数量呢？") refer to earlier
questions of the same conversation. Commands inside: :help, :new, :sources, :stats, :quit.

options:
  -h, --help    this help
  --version     the version`;

/** Items per page when a long list is paged with :more. */
const PAGE = 20;

const HELP = `输入问题后回车，例如：
  第四批有哪些大模型？
  文心一言是哪家公司的？  然后  它的参数量呢？
  截至2024年底有多少款生成式人工智能服务完成备案？
  Which company owns the 云雀 model?
命令：
  :help     帮助
  :new      开始新对话（之后的追问不再指向之前的问题）
  :sources  索引中的文件
  :stats    索引信息
  :more     长列表的下一页（每页 ${PAGE} 条）
  :quit     退出（也可输入 exit、quit 或按 Ctrl-D）`;

const QUIT = new Set([':quit', ':q', ':exit', 'exit', 'quit']);

/** History lines as stored: newest last in the file, newest first in readline. */
export function loadHistory(file: string, size: number): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).reverse().slice(0, size);
  } catch {
    return [];
  }
}

/** Writes the capped history (newest first) whole, through a temporary file, so it never grows without limit. */
export function saveHistory(file: string, history: readonly string[], size: number): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, [...history.slice(0, size)].reverse().join('\n') + '\n', { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // History is a convenience: a read-only home folder must not stop the REPL.
  }
}

/** What one input line does; `reject` keeps it out of the history. */
export interface Outcome {
  output?: string;
  quit?: boolean;
  reject?: boolean;
}

/** The REPL's reaction to one line, without any terminal handling (tested directly). */
export class ReplSession {
  conversation = randomUUID();
  /** The last answer's listed items beyond what was shown, for :more. */
  private pending: { items: { label: string; detail?: string }[]; shown: number } | undefined;
  private readonly source: EngineSource;
  constructor(
    engine: AnswerEngine | EngineSource,
    private readonly opts: { color: boolean; width: () => number; maxQuestionChars: number },
  ) {
    this.source = sourceOf(engine);
  }

  async handle(line: string): Promise<Outcome> {
    const q = line.trim();
    if (!q) return { reject: true };
    if (QUIT.has(q.toLowerCase())) return { quit: true };
    await loadLayout();
    const render = { color: this.opts.color, width: this.opts.width() };
    // The index as it is now: a build since the last line made a new generation current (followIndex.ts).
    const engine = await this.source.engine();
    if (q.startsWith(':')) {
      switch (q) {
        case ':help':
          return { output: HELP };
        case ':new':
          engine.endConversation(this.conversation);
          this.conversation = randomUUID();
          return { output: '已开始新对话。' };
        case ':sources':
          return { output: renderSources(engine.sources(), render) };
        case ':stats':
          return { output: renderStats(engine.stats(), render) };
        case ':more':
          return { output: this.nextPage() };
        default:
          return { output: `未知命令 ${q}，输入 :help 查看帮助。`, reject: true };
      }
    }
    if ([...q].length > this.opts.maxQuestionChars)
      return { output: `问题太长（${[...q].length} 字，上限 ${this.opts.maxQuestionChars} 字）：请缩短后再问。`, reject: true };
    const answer = await engine.ask(q, { conversation: this.conversation });
    // The engine's refusals of unusable input (no text, only emoji …) are not worth recalling either.
    const unusable = !answer.found && answer.kind === 'none' && !answer.citations.length && /^问题/.test(answer.answer);
    // A long list (the answer names 25 and says how many more): the rest page with :more.
    const items = answer.result?.items ?? [];
    this.pending = items.length > 25 ? { items, shown: 25 } : undefined;
    const more = this.pending ? `\n（共 ${items.length} 条，输入 :more 看下一页）` : '';
    return { output: renderAnswer(answer, render) + more, reject: unusable };
  }

  private nextPage(): string {
    const p = this.pending;
    if (!p || p.shown >= p.items.length) return '没有更多了。';
    const page = p.items.slice(p.shown, p.shown + PAGE);
    const from = p.shown + 1;
    p.shown += page.length;
    const lines = page.map((it, i) => `${from + i}. ${it.label}${it.detail ? `（${it.detail}）` : ''}`);
    return [
      ...lines,
      p.shown < p.items.length
        ? `（第 ${from}–${p.shown} 条，共 ${p.items.length} 条；:more 看下一页）`
        : `（第 ${from}–${p.shown} 条，共 ${p.items.length} 条，已到末尾）`,
    ].join('\n');
  }
}

export function banner(engine: AnswerEngine, width = Infinity): string {
  const s = engine.stats();
  const lines = [
    `大模型备案问答 — ${s.files} 个文件，${s.passages} 段文本，${s.records} 条备案记录；检索：${s.embedder.mode === 'hash' ? '无权重检索模式' : embedderInWords(s.embedder)}。`,
  ];
  // The index's notice (manifest embedder.notice: weight-free, or a stand-in model), in the banner's language.
  if (s.embedder.notice && s.embedder.mode === 'hash')
    lines.push('无权重检索模式：向量来自字符 n-gram 散列，答案照常，语义匹配较弱（见 docs/model.md）。');
  else if (s.embedder.notice)
    lines.push(
      '注意：向量模型是随机权重的替身（stand-in with random weights, for timing only），只用于计时，不是真实模型；语义匹配无意义，答案依靠词语检索。',
    );
  lines.push('输入 :help 查看帮助，:quit 退出。');
  return lines.flatMap((l) => wrapText(l, width)).join('\n');
}

/** Ctrl-C on an empty prompt asks for a second one (as Node's REPL does); on typed text it clears the line. */
function onInterrupt(rl: Interface, out: (s: string) => void, prompt: () => void): void {
  let armed = false;
  process.stdin.on('keypress', (_s, key: { name?: string; ctrl?: boolean } | undefined) => {
    if (!(key?.ctrl && key.name === 'c')) armed = false;
  });
  rl.on('SIGINT', () => {
    if (rl.line) {
      armed = false;
      out('^C');
      const editable = rl as unknown as { line: string; cursor: number };
      editable.line = '';
      editable.cursor = 0;
      prompt();
    } else if (armed) rl.close();
    else {
      armed = true;
      out('\n（再按一次 Ctrl-C 退出，或输入 :quit）');
      prompt();
    }
  });
}

async function run(config: AppConfig, engine: AnswerEngine, started: number): Promise<void> {
  const tty = !!process.stdout.isTTY && !!process.stdin.isTTY;
  const color = useColor(process.stdout) && tty;
  const size = config.REPL_HISTORY_SIZE;
  // Before the interface exists: readline reads at once, and lines piped in while this awaited were lost.
  await loadLayout();
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: tty,
    history: tty ? loadHistory(config.REPL_HISTORY, size) : [],
    historySize: size,
    removeHistoryDuplicates: true,
  });
  const out = (s: string) => process.stdout.write(s + '\n');
  const followed = new FollowedEngine(engine, {
    manifest: join(config.INDEX_DIR, MANIFEST_FILE),
    open: async () => (await import('../answer/engine.js')).openEngine(engineConfig(config), { autoBuild: false }),
    notice: (line) => process.stderr.write(`${line}\n`),
  });
  const session = new ReplSession(followed, {
    color,
    width: () => outputWidth(process.stdout),
    maxQuestionChars: config.MAX_QUESTION_CHARS,
  });
  out(banner(engine, outputWidth(process.stdout)));
  if (config.REPL_TIMING) process.stderr.write(`ready in ${Math.round(performance.now() - started)} ms\n`);
  const prompt = () => tty && rl.prompt();
  rl.setPrompt(paint(color, '1', '问> '));
  prompt();
  let firstAnswer = true;
  let busy = Promise.resolve();
  let quitting = false;
  rl.on('line', (line) => {
    busy = busy
      .then(async () => {
        // Lines typed (or piped) after exit are not questions any more.
        if (quitting) return;
        const outcome = await session.handle(line);
        if (outcome.quit) {
          quitting = true;
          rl.close();
          return;
        }
        // readline has already put the line into its history: take it out again when rejected.
        const history = (rl as unknown as { history: string[] }).history;
        if (tty && outcome.reject && history[0] === line) history.shift();
        else if (tty && !outcome.reject) saveHistory(config.REPL_HISTORY, history, size);
        if (outcome.output !== undefined) {
          out(outcome.output);
          out('');
        }
        if (config.REPL_TIMING && firstAnswer && outcome.output) {
          firstAnswer = false;
          process.stderr.write(`first answer after ${Math.round(performance.now() - started)} ms\n`);
        }
        prompt();
      })
      .catch((err: unknown) => {
        // One failed line must not stop the session: say so in one line and go on.
        process.stderr.write(redact(`error: ${(err as Error)?.message?.split('\n')[0] ?? String(err)}`) + '\n');
        prompt();
      });
  });
  if (tty) onInterrupt(rl, out, prompt);
  rl.on('close', () => {
    void busy.then(() => {
      if (tty) out('再见。');
      process.exit(0);
    });
  });
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseCommandLine<object>(COMMAND, argv, {}, false);
  if (values.help) {
    process.stdout.write(REPL_HELP + '\n');
    return EXIT.ok;
  }
  if (values.version) {
    process.stdout.write(version() + '\n');
    return EXIT.ok;
  }
  exitQuietlyOnEpipe();
  const started = performance.now();
  const config = loadConfig();
  // Loaded only now: --help, usage and configuration errors answer at once, without loading the engine.
  const { fail, startEngine } = await import('./startup.js');
  try {
    const { engine } = await startEngine({ config, announceEmbedder: false });
    await run(config, engine, started);
  } catch (err) {
    return fail(err);
  }
  // Readline keeps the process alive; it exits when the input closes (see run).
  return EXIT.ok;
}

if (isEntryPoint(import.meta.url)) await runMain(() => main(process.argv.slice(2)));
