/**
 * npm run repl: interactive questions with history, :help, :sources, :quit.
 * Builds the index first when it is missing or stale. Colour only on a TTY.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { renderAnswer } from './render.js';
import { fail, startEngine } from './startup.js';

const HELP = `输入问题后回车，例如：
  第四批有哪些大模型？
  文心一言的参数量是多少？
  截至2024年底有多少款生成式人工智能服务完成备案？
  Which company owns the 云雀 model?
命令：:help 帮助  :sources 索引中的文档  :stats 索引信息  :quit 退出（也可 Ctrl-D）`;

const HISTORY_FILE = process.env.REPL_HISTORY ?? join(homedir(), '.beian_repl_history');

function loadHistory(): string[] {
  try {
    return readFileSync(HISTORY_FILE, 'utf8').split('\n').filter(Boolean).reverse().slice(0, 500);
  } catch {
    return [];
  }
}

try {
  const started = performance.now();
  const { engine } = await startEngine();
  const tty = !!process.stdout.isTTY && !!process.stdin.isTTY;
  const color = tty && !process.env.NO_COLOR;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: tty, history: tty ? loadHistory() : [], historySize: 500 });
  const out = (s: string) => process.stdout.write(s + '\n');
  const stats = engine.stats();
  out(`大模型备案问答 — ${stats.files} 个文件，${stats.passages} 段文本，${stats.records} 条备案记录（${stats.embedder.mode === 'hash' ? '无权重检索模式' : stats.embedder.id}）。输入 :help 查看帮助。`);
  if (process.env.REPL_TIMING) process.stderr.write(`ready in ${Math.round(performance.now() - started)} ms\n`);
  const prompt = () => tty && rl.prompt();
  rl.setPrompt(color ? '\u001b[1m问> \u001b[0m' : '问> ');
  prompt();
  let busy = Promise.resolve();
  rl.on('line', (line) => {
    busy = busy.then(async () => {
      const q = line.trim();
      if (!q) {
        prompt();
        return;
      }
      if (q === ':quit' || q === ':q' || q === ':exit') {
        rl.close();
        return;
      }
      if (q === ':help') out(HELP);
      else if (q === ':sources')
        for (const s of engine.sources()) out(`${s.source}  ${s.title}${s.date ? `（${s.date}）` : ''}  ${s.passages} 段 / ${s.records} 条记录`);
      else if (q === ':stats') out(JSON.stringify(engine.stats(), null, 2));
      else if (q.startsWith(':')) out(`未知命令 ${q}，输入 :help 查看帮助。`);
      else {
        if (tty) {
          mkdirSync(dirname(HISTORY_FILE), { recursive: true });
          await appendFile(HISTORY_FILE, q.replace(/\n/g, ' ') + '\n').catch(() => undefined);
        }
        const answer = await engine.ask(q);
        out(renderAnswer(answer, { color }));
        if (process.env.REPL_TIMING) process.stderr.write(`first answer after ${Math.round(performance.now() - started)} ms\n`);
      }
      out('');
      prompt();
    });
  });
  // Ctrl-C on an empty line exits; on a typed line it clears it (readline's usual behaviour).
  rl.on('SIGINT', () => {
    if ((rl as unknown as { line: string }).line) {
      process.stdout.write('^C\n');
      (rl as unknown as { line: string }).line = '';
      prompt();
    } else rl.close();
  });
  rl.on('close', () => {
    void busy.then(() => {
      if (tty) out('再见。');
      process.exit(0);
    });
  });
} catch (err) {
  fail(err);
}
