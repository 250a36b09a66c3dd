/**
 * The `beian` command as a user runs it (from the sources, through tsx): flags, exit statuses,
 * pipes, colour, configuration errors, and running from another directory.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAskArgs } from '../src/frontends/cli.js';
import { UsageError } from '../src/frontends/args.js';
import { buildIndex } from '../src/index/build.js';
import { ROOT, runChild, tempDir, tempWorkspace, type Run } from './helpers.js';

const BEIAN = join(ROOT, 'src/frontends/beian.ts');
/** tsx's loader by path: the commands run from other directories, where `--import tsx` would not resolve. */
const TSX = join(ROOT, 'node_modules/tsx/dist/loader.mjs');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let ws: ReturnType<typeof tempWorkspace>;
/** The environment of a user with an index already built: no colour settings inherited from the test runner. */
let baseEnv: Record<string, string>;

beforeAll(async () => {
  ws = tempWorkspace(['003_7b9ac7543aed0d98.txt', '001_3287f4c9aebca050.txt']);
  await buildIndex(ws.config);
  baseEnv = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k, v]) => v !== undefined && !/^(NO_COLOR|FORCE_COLOR|COLUMNS|LOG_LEVEL|CORPUS_DIR|INDEX_DIR|EMBEDDER|MAX_QUESTION_CHARS)$/.test(k),
    ),
  ) as Record<string, string>;
  Object.assign(baseEnv, { CORPUS_DIR: ws.corpus, INDEX_DIR: ws.index, EMBEDDER: 'hash' });
});

function run(args: string[], opts: { input?: string; env?: Record<string, string>; cwd?: string } = {}): Promise<Run> {
  return shell(process.execPath, ['--import', TSX, BEIAN, ...args], opts);
}

function shell(cmd: string, args: string[], opts: { input?: string; env?: Record<string, string>; cwd?: string } = {}): Promise<Run> {
  return runChild(cmd, args, {
    cwd: opts.cwd ?? ws.dir,
    env: { ...baseEnv, ...opts.env },
    ...(opts.input !== undefined ? { input: opts.input } : {}),
  });
}

const oneLine = (s: string) => s.trim().split('\n').length === 1 && s.trim().length > 0;

describe('the REPL with piped input', () => {
  it('answers every line, follow-ups included, in order, then exits 0', async () => {
    const r = await run(['repl'], { input: '第四批有哪些大模型？\n它们里参数量最大的是哪个？\n' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('第四批');
    // Both questions answered: two answers, each followed by its sources.
    expect(r.stdout.match(/来源：/g)?.length).toBe(2);
  });
});

describe('help and version', () => {
  it('--help and -h print usage on stdout with status 0; build-index --help builds nothing', async () => {
    const index = join(tempDir(), 'index');
    const cases = [['--help'], ['ask', '-h'], ['repl', '--help'], ['build-index', '--help']];
    const runs = await Promise.all(cases.map((c) => run(c, { env: { INDEX_DIR: index } })));
    runs.forEach((r, i) => {
      expect(r.status, cases[i]!.join(' ')).toBe(0);
      expect(r.stdout, cases[i]!.join(' ')).toMatch(/^usage: beian/);
      expect(r.stderr, cases[i]!.join(' ')).toBe('');
    });
    expect(existsSync(index)).toBe(false);
  });

  it('--version prints the version', async () => {
    const r = await run(['--version']);
    expect(r.stdout.trim()).toBe(VERSION);
    expect(r.status).toBe(0);
  });
});

describe('ask arguments', () => {
  it('reads flags and questions by the conventions', () => {
    expect(parseAskArgs(['-h'])).toEqual({ kind: 'help' });
    expect(parseAskArgs(['--help', '--json'])).toEqual({ kind: 'help' });
    expect(parseAskArgs(['--version'])).toEqual({ kind: 'version' });
    expect(parseAskArgs(['--json', '百度', '在第几批？'])).toEqual({
      kind: 'ask',
      question: '百度 在第几批？',
      json: true,
      explain: false,
    });
    expect(parseAskArgs(['--explain', '问题'])).toMatchObject({ kind: 'ask', explain: true });
    // `--` lets a question start with a dash.
    expect(parseAskArgs(['--json', '--', '-h是什么？'])).toMatchObject({ kind: 'ask', question: '-h是什么？' });
    expect(parseAskArgs(['--jsonl'])).toEqual({ kind: 'jsonl' });
  });

  const bad: [string, string[], RegExp][] = [
    ['unknown flag', ['--bogus', '问题'], /Unknown option '--bogus'/],
    ['unknown short flag', ['-x', '问题'], /Unknown option '-x'/],
    ['a value for a switch', ['--json=yes', '问题'], /--json/],
    ['--jsonl with a question', ['--jsonl', '第一批有哪些？'], /--jsonl reads questions from standard input/],
    ['--json with --jsonl', ['--json', '--jsonl'], /cannot be combined/],
    ['no question', [], /no question given/],
    ['a blank question', ['  '], /no question given/],
  ];
  it.each(bad)('rejects %s', (_name, args, message) => {
    expect(() => parseAskArgs(args)).toThrow(UsageError);
    expect(() => parseAskArgs(args)).toThrow(message);
  });
});

describe('usage errors: one line on stderr, nothing on stdout, status 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown ask flag', ['ask', '--bogus', '问题'], /^beian ask: Unknown option '--bogus' \(see beian ask --help\)$/],
    ['--jsonl with a question', ['ask', '--jsonl', '第一批有哪些？'], /--jsonl reads questions from standard input/],
    ['unknown build-index flag', ['build-index', '--frob'], /^beian build-index: Unknown option '--frob'/],
    ['an argument to repl', ['repl', 'extra'], /^beian repl: Unexpected argument 'extra'/],
    ['unknown command', ['frob'], /^beian: unknown command "frob"/],
    ['no command', [], /^beian: no command given/],
  ];
  it('for each command', async () => {
    const runs = await Promise.all(cases.map(([, args]) => run(args)));
    runs.forEach((r, i) => {
      const [name, , message] = cases[i]!;
      expect(r.status, name).toBe(2);
      expect(r.stdout, name).toBe('');
      expect(oneLine(r.stderr), name).toBe(true);
      expect(r.stderr.trim(), name).toMatch(message);
    });
  });
});

describe('ask', () => {
  it('answers in text, without the weight-free notice or any log line when the index exists; --explain adds the plan', async () => {
    const [r, explained] = await Promise.all([run(['ask', '文心一言的参数量是多少？']), run(['ask', '--explain', '百度在第几批？'])]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('2600');
    expect(r.stdout).toMatch(/\n\[1\] /);
    expect(r.stdout).not.toContain('查询计划');
    expect(r.stderr).toBe('');
    expect(explained.status).toBe(0);
    expect(explained.stdout).toMatch(/查询计划：/);
    expect(explained.stdout.indexOf('查询计划')).toBeGreaterThan(explained.stdout.indexOf('[1]'));
  });

  it('--json prints one JSON object and nothing else', async () => {
    const r = await run(['ask', '--json', '百度在第几批？']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ question: '百度在第几批？', found: true });
  });

  it('an unusable question gets the engine’s one-line reason and status 2', async () => {
    const r = await run(['ask', '😀😀']);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/没有文字/);
  });

  it('--jsonl answers plain and JSON-object lines in order; bad JSON lines get {line, error} and the rest is answered', async () => {
    const input = [
      '第一批有哪些？',
      '',
      '{"question": "文心一言是哪家公司的？", "conversation": "c-1"}',
      '[1, 2]',
      '{"question": "百度在第几批？"',
      '{"conversation": "c-1"}',
      `{"question": "文心一言是哪家公司的？", "conversation": "${'x'.repeat(201)}"}`,
      '{"question": "文心一言是哪家公司的？", "conversation": "bad\\u0007id"}',
      '{"question": 42}',
      '{"question": "百度在第几批？", "conversation": "c-2"}',
      '   ',
    ].join('\n');
    const r = await run(['ask', '--jsonl'], { input });
    expect(r.status).toBe(0);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out).toHaveLength(9);
    expect(out[0]).toMatchObject({ question: '第一批有哪些？', found: true });
    expect(out[0]).not.toHaveProperty('conversation');
    expect(out[1]).toMatchObject({ question: '文心一言是哪家公司的？', conversation: 'c-1', found: true });
    expect(out[2]).toEqual({ line: 4, error: expect.stringMatching(/JSON object/) });
    expect(out[3]).toEqual({ line: 5, error: expect.stringMatching(/not valid JSON/) });
    expect(out[4]).toEqual({ line: 6, error: expect.stringMatching(/missing "question"/) });
    expect(out[5]).toEqual({ line: 7, error: expect.stringMatching(/at most 200 characters/) });
    expect(out[6]).toEqual({ line: 8, error: expect.stringMatching(/control characters/) });
    expect(out[7]).toEqual({ line: 9, error: expect.stringMatching(/"question" must be a string/) });
    expect(out[8]).toMatchObject({ question: '百度在第几批？', conversation: 'c-2' });
    for (const o of out) expect(JSON.stringify(o)).not.toContain('x'.repeat(201));
  });

  it('ends quietly, with status 0, when piped into head', async () => {
    const errFile = join(tempDir(), 'stderr.txt');
    const questions = Array.from({ length: 400 }, () => '第四批有哪些大模型？').join('\n');
    const script = `printf '%s\\n' "$QUESTIONS" | "${process.execPath}" --import "${TSX}" "${BEIAN}" ask --jsonl 2>"${errFile}" | head -n 1; exit \${PIPESTATUS[1]}`;
    const r = await shell('bash', ['-c', script], { env: { QUESTIONS: questions } });
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ found: true });
    expect(readFileSync(errFile, 'utf8')).toBe('');
  });
});

describe('colour and width', () => {
  // `script` runs the command on a pseudo-terminal, as a user's terminal would.
  const onTerminal = (env: Record<string, string>) =>
    shell('script', ['-qec', `"${process.execPath}" --import "${TSX}" "${BEIAN}" ask 文心一言的参数量是多少？`, '/dev/null'], {
      env: { COLUMNS: '60', ...env },
    });

  it('colours on a terminal, not with NO_COLOR, not into a pipe; wraps at the terminal width', async () => {
    const [tty, noColor, piped] = await Promise.all([
      onTerminal({}),
      onTerminal({ NO_COLOR: '1' }),
      run(['ask', '文心一言的参数量是多少？']),
    ]);
    expect(tty.stdout).toContain('\u001b[');
    expect(noColor.stdout).not.toContain('\u001b[');
    expect(noColor.stdout).toContain('2600');
    expect(piped.stdout).not.toContain('\u001b[');
    // On the terminal the answer is wrapped at 60 columns; into a pipe it is not wrapped.
    const longest = (s: string) => Math.max(...s.split(/\r?\n/).map((l) => [...l].length));
    expect(longest(noColor.stdout)).toBeLessThanOrEqual(60);
    expect(longest(piped.stdout)).toBeGreaterThan(60);
  });
});

describe('configuration for every program', () => {
  it('rejects MAX_QUESTION_CHARS=abc in ask, repl, build-index and bot, with one line and status 2', async () => {
    const env = { MAX_QUESTION_CHARS: 'abc' };
    const runs = await Promise.all([
      run(['ask', '问题'], { env }),
      run(['repl'], { env }),
      run(['build-index'], { env }),
      run(['bot'], { env: { ...env, TELEGRAM_BOT_TOKEN: '123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } }),
    ]);
    for (const r of runs) {
      expect(r.status).toBe(2);
      expect(oneLine(r.stderr)).toBe(true);
      expect(r.stderr).toMatch(/MAX_QUESTION_CHARS must be a positive integer/);
      expect(r.stdout).toBe('');
    }
  });

  it('finds the project’s corpus from any directory (default paths resolve against the project)', async () => {
    const elsewhere = tempDir();
    const index = join(elsewhere, 'index');
    // An empty value means unset: the default corpus folder applies.
    const r = await run(['build-index'], { cwd: elsewhere, env: { INDEX_DIR: index, CORPUS_DIR: '' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // Subfolders too (corpus/registers/); sidecars (.meta.json) are not documents.
    const files = readdirSync(join(ROOT, 'corpus'), { recursive: true, encoding: 'utf8' }).filter((f) =>
      /\.(txt|md|csv|tsv)$/.test(f),
    ).length;
    expect(r.stdout).toMatch(new RegExp(`index built: ${files} files`));
    // The weight-free notice is in the build summary, once.
    expect(r.stdout.match(/weight-free mode/g)).toHaveLength(1);
    expect(existsSync(join(index, 'manifest.json'))).toBe(true);
  });

  it('says so, with status 2, when the corpus folder holds nothing to index', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'corpus'));
    writeFileSync(join(dir, 'corpus', 'empty.txt'), '');
    const r = await run(['build-index'], { env: { CORPUS_DIR: join(dir, 'corpus'), INDEX_DIR: join(dir, 'index') } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: no file in .* could be indexed/m);
  });

  it('reads .env from the project folder, not from the working directory', async () => {
    const elsewhere = tempDir();
    writeFileSync(join(elsewhere, '.env'), 'this line is not an assignment\n');
    const r = await run(['ask', '--json', '百度在第几批？'], { cwd: elsewhere });
    expect(r.status).toBe(0);
  });
});
