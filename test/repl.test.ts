/**
 * The REPL: what each line does (with a recording engine), the history file, and a session on a
 * pseudo-terminal (exit, Ctrl-C twice, rejected input kept out of the history).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer, AnswerEngine, AskOptions } from '../src/answer/types.js';
import { askJsonl } from '../src/frontends/cli.js';
import { loadHistory, ReplSession, saveHistory } from '../src/frontends/repl.js';
import { buildIndex } from '../src/index/build.js';
import { ROOT, tempDir, tempWorkspace } from './helpers.js';

/** An engine that records what it was asked, answering with the question and conversation it got. */
function recordingEngine() {
  const asked: { question: string; conversation?: string }[] = [];
  const ended: string[] = [];
  const engine: AnswerEngine = {
    async ask(question: string, opts: AskOptions = {}): Promise<Answer> {
      asked.push({ question, conversation: opts.conversation });
      if (/^😀+$/u.test(question.trim())) return { question, found: false, kind: 'none', answer: '问题里没有文字', citations: [], ms: 0 };
      return { question, found: true, kind: 'passage', answer: `答：${question}`, citations: [], ms: 0 };
    },
    endConversation: (id) => void ended.push(id),
    lookup: () => Promise.reject(new Error('not used')),
    context: () => undefined,
    sources: () => [{ source: 'a.txt', title: '标题', passages: 3, records: 0 }],
    batches: () => [],
    stats: () => ({
      files: 1,
      passages: 3,
      records: 0,
      embedder: { id: 'hash-ngram-v1-512', mode: 'hash', dim: 512 },
      builtAt: '2025-01-01T00:00:00Z',
      buildSeconds: 0.1,
    }),
  };
  return { engine, asked, ended };
}

describe('ReplSession', () => {
  const session = (max = 50) => {
    const rec = recordingEngine();
    return { ...rec, repl: new ReplSession(rec.engine, { color: false, width: () => 80, maxQuestionChars: max }) };
  };

  it('keeps one conversation per session and :new starts another', async () => {
    const { repl, asked, ended } = session();
    await repl.handle('文心一言是哪家公司的？');
    await repl.handle('它的参数量呢？');
    const first = asked[0]!.conversation;
    expect(first).toBeTruthy();
    expect(asked[1]!.conversation).toBe(first);
    expect((await repl.handle(':new')).output).toMatch(/新对话/);
    expect(ended).toEqual([first]);
    await repl.handle('百度在第几批？');
    expect(asked[2]!.conversation).toBeTruthy();
    expect(asked[2]!.conversation).not.toBe(first);
  });

  it('leaves on exit, quit and :quit, and asks none of them as a question', async () => {
    const { repl, asked } = session();
    for (const word of ['exit', 'quit', 'EXIT', ':quit', ':q']) expect((await repl.handle(word)).quit).toBe(true);
    expect(asked).toHaveLength(0);
  });

  it('rejects (keeps out of the history) empty input, failed commands, too-long and unusable questions', async () => {
    const { repl, asked } = session(10);
    expect((await repl.handle('   ')).reject).toBe(true);
    expect((await repl.handle(':bogus')).reject).toBe(true);
    const long = await repl.handle('长'.repeat(11));
    expect(long.reject).toBe(true);
    expect(long.output).toMatch(/上限 10 字/);
    expect((await repl.handle('😀😀')).reject).toBe(true);
    expect((await repl.handle('百度在第几批？')).reject).toBeFalsy();
    expect(asked.map((a) => a.question)).toEqual(['😀😀', '百度在第几批？']);
  });

  it('honours a limit above 1,000 characters', async () => {
    const { repl, asked } = session(5000);
    expect((await repl.handle('长'.repeat(3000))).reject).toBeFalsy();
    expect(asked).toHaveLength(1);
  });

  it('shows :sources as a table and :stats in words', async () => {
    const { repl } = session();
    expect((await repl.handle(':sources')).output).toMatch(/^文件\s+标题/);
    const stats = (await repl.handle(':stats')).output!;
    expect(stats).toContain('无权重检索模式');
    expect(stats).not.toContain('{');
  });
});

describe('history file', () => {
  it('is capped, newest last, and rewritten whole', () => {
    const file = join(tempDir(), 'sub', 'history');
    saveHistory(file, ['c', 'b', 'a'], 2);
    expect(readFileSync(file, 'utf8')).toBe('b\nc\n');
    expect(loadHistory(file, 5)).toEqual(['c', 'b']);
    expect(loadHistory(join(tempDir(), 'none'), 5)).toEqual([]);
  });
});

describe('ask --jsonl plumbing', () => {
  it('passes conversation ids through, keeps the order, and answers after a bad line', async () => {
    const { engine, asked } = recordingEngine();
    const input = new PassThrough();
    input.end(
      [
        '问一',
        '{"question":"问二","conversation":"A"}',
        'not json but a question',
        '{"question":"问三"}',
        '["x"]',
        '{"question":"问四","conversation":"B"}',
        '{"question":"问五","conversation":"A"}',
      ].join('\n'),
    );
    let out = '';
    await askJsonl(engine, input, async (s) => void (out += s));
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.question ?? `error@${l.line}`)).toEqual([
      '问一',
      '问二',
      'not json but a question',
      '问三',
      'error@5',
      '问四',
      '问五',
    ]);
    expect(asked.map((a) => a.conversation)).toEqual([undefined, 'A', undefined, undefined, 'B', 'A']);
    expect(lines[1]).toMatchObject({ conversation: 'A', found: true });
  });
});

describe('on a terminal', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  beforeAll(async () => {
    ws = tempWorkspace(['003_7b9ac7543aed0d98.txt']);
    await buildIndex(ws.config);
  });

  /** Runs the REPL on a pseudo-terminal (util-linux `script`); `until` waits for text in its output. */
  function terminal(env: Record<string, string>) {
    const cmd = `"${process.execPath}" --import "${join(ROOT, 'node_modules/tsx/dist/loader.mjs')}" "${join(ROOT, 'src/frontends/beian.ts')}" repl`;
    const child = spawn('script', ['-qec', cmd, '/dev/null'], {
      cwd: ws.dir,
      env: { ...process.env, CORPUS_DIR: ws.corpus, INDEX_DIR: ws.index, EMBEDDER: 'hash', COLUMNS: '80', ...env },
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const until = async (text: string | RegExp, from = 0) => {
      const seen = () => (typeof text === 'string' ? out.indexOf(text, from) >= 0 : text.test(out.slice(from)));
      for (let i = 0; i < 300 && !seen(); i++) await new Promise((r) => setTimeout(r, 100));
      if (!seen()) throw new Error(`timed out waiting for ${text}; got: ${out.slice(-400)}`);
      return out.length;
    };
    return { child, until, closed, send: (s: string) => child.stdin.write(s), output: () => out };
  }

  it('Ctrl-C on an empty prompt asks for a second one; the second leaves', async () => {
    const t = terminal({ REPL_HISTORY: join(tempDir(), 'h') });
    await t.until('问> ');
    t.send('\u0003');
    const mark = await t.until('再按一次 Ctrl-C');
    expect(t.output()).not.toContain('再见');
    t.send('\u0003');
    await t.until('再见', mark);
    expect(await t.closed).toBe(0);
  });

  it('exit leaves; rejected input stays out of the history; NO_COLOR has no escape colours', async () => {
    const history = join(tempDir(), 'h');
    writeFileSync(history, '旧的问题\n');
    const t = terminal({ REPL_HISTORY: history, REPL_HISTORY_SIZE: '3', NO_COLOR: '1', MAX_QUESTION_CHARS: '20' });
    await t.until('问> ');
    t.send('长'.repeat(30) + '\r');
    let mark = await t.until('问题太长');
    t.send(':bogus\r');
    mark = await t.until('未知命令', mark);
    t.send('百度在第几批？\r');
    mark = await t.until('来源', mark);
    t.send('exit\r');
    await t.until('再见', mark);
    expect(await t.closed).toBe(0);
    expect(readFileSync(history, 'utf8')).toBe('旧的问题\n百度在第几批？\n');
    expect(t.output()).not.toMatch(/\u001b\[(1|2|33|36)m/);
    expect(existsSync(history)).toBe(true);
  });
});

describe('long lists in the REPL', () => {
  it('pages the answer’s items with :more, and says when there are no more', async () => {
    const items = Array.from({ length: 60 }, (_, i) => ({ label: `模型${i + 1}`, detail: '某公司' }));
    const engine: AnswerEngine = {
      ask: async (question: string) => ({
        question,
        found: true,
        kind: 'lookup',
        answer: '共 60 条：…',
        citations: [],
        ms: 0,
        result: { lead: '共 60 条：', items, total: 60, notes: [] },
      }),
      endConversation: () => undefined,
      lookup: () => Promise.reject(new Error('not used')),
      context: () => undefined,
      sources: () => [],
      batches: () => [],
      stats: () => ({
        files: 1,
        passages: 0,
        records: 60,
        embedder: { id: 'hash-ngram-v1-512', mode: 'hash', dim: 512 },
        builtAt: '2025-01-01T00:00:00Z',
        buildSeconds: 0.1,
      }),
    };
    const repl = new ReplSession(engine, { color: false, width: () => 80, maxQuestionChars: 100 });
    expect((await repl.handle('北京有哪些备案？')).output).toContain('输入 :more 看下一页');
    const page2 = (await repl.handle(':more')).output!;
    expect(page2).toContain('26. 模型26');
    expect(page2).toContain('45. 模型45');
    expect(page2).not.toContain('46. ');
    await repl.handle(':more');
    expect((await repl.handle(':more')).output).toBe('没有更多了。');
  });
});
