import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openBuiltEngine as openEngine } from '../src/frontends/startup.js';
import type { AnswerEngine } from '../src/answer/types.js';
import { ConfigError, loadBotConfig, loadEngineConfig } from '../src/config.js';
import { buildIndex } from '../src/index/build.js';
import { readCorpus } from '../src/ingest/corpusFiles.js';
import { redact } from '../src/log.js';
import { ROOT, tempDir, tempWorkspace } from './helpers.js';

let engine: AnswerEngine;
beforeAll(async () => {
  engine = await openEngine(tempWorkspace(['003_7b9ac7543aed0d98.txt']).config);
});

describe('bad questions get a clear message and change nothing', () => {
  it.each([
    ['', /空/],
    ['   \n\t ', /空/],
    ['问'.repeat(10_000), /太长/],
    ['😀😀😀🎉', /没有文字/],
    ['？？！！。。', /没有文字/],
  ])('%#', async (q, message) => {
    const a = await engine.ask(q);
    expect(a).toMatchObject({ found: false, kind: 'none', citations: [] });
    expect(a.answer).toMatch(message);
  });

  it('reads through HTML and markdown in a question', async () => {
    const a = await engine.ask('<b>文心一言</b>的**参数量**是多少？');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('2600 亿');
  });
});

describe('bad corpus files are reported and skipped', () => {
  it('skips a file whose encoding cannot be told and an empty file, indexes the rest', async () => {
    const ws = tempWorkspace(['003_7b9ac7543aed0d98.txt']);
    writeFileSync(join(ws.corpus, 'garbled.txt'), Buffer.from([0xb4, 0xf3, 0xc4, 0xa3, 0xd0, 0xcd, 0xff, 0xfe]));
    writeFileSync(join(ws.corpus, 'empty.txt'), '');
    const { files, problems } = readCorpus(ws.corpus);
    expect(files.map((f) => f.name)).toEqual(['003_7b9ac7543aed0d98.txt', 'garbled.txt']);
    expect(problems.map((p) => p.name).sort()).toEqual(['empty.txt']);
    const summary = await buildIndex(ws.config);
    expect(summary.records).toBe(42);
    expect(summary.problems.join('\n')).toMatch(/garbled\.txt: encoding cannot be told/);
    expect(summary.problems.join('\n')).toMatch(/empty\.txt: empty/);
  });

  it('says clearly when the corpus folder is missing', async () => {
    const ws = tempWorkspace([]);
    await expect(buildIndex({ ...ws.config, CORPUS_DIR: join(ws.dir, 'nope') })).rejects.toThrow(/corpus folder .* does not exist/);
  });
});

describe('configuration', () => {
  const cwd = () => tempDir('beian-env-');

  it('names the bad variable', () => {
    expect(() => loadEngineConfig(cwd(), { EMBEDDER: 'gpu' } as NodeJS.ProcessEnv)).toThrow(/EMBEDDER/);
    expect(() => loadEngineConfig(cwd(), { ALLOW_REMOTE_MODELS: 'maybe' } as NodeJS.ProcessEnv)).toThrow(
      /ALLOW_REMOTE_MODELS must be true or false/,
    );
  });

  it('reports a malformed .env line', () => {
    const dir = cwd();
    writeFileSync(join(dir, '.env'), 'CORPUS_DIR=corpus\nthis is not an assignment\n');
    expect(() => loadEngineConfig(dir, {} as NodeJS.ProcessEnv)).toThrow(ConfigError);
    expect(() => loadEngineConfig(dir, {} as NodeJS.ProcessEnv)).toThrow(/\.env line 2/);
  });

  it('never echoes the bot token', () => {
    const token = '123456:not-a-valid-token';
    let message = '';
    try {
      loadBotConfig(cwd(), { TELEGRAM_BOT_TOKEN: token } as NodeJS.ProcessEnv);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/TELEGRAM_BOT_TOKEN is malformed/);
    expect(message).not.toContain('not-a-valid-token');
    expect(() => loadBotConfig(cwd(), {} as NodeJS.ProcessEnv)).toThrow(/TELEGRAM_BOT_TOKEN is required/);
    expect(redact('GET https://api.telegram.org/bot123456789:AAHk-very_secret_token_value_123/getMe')).not.toContain('AAHk');
  });
});

describe('CLI contract', () => {
  const run = (args: string[], input?: string, env: Record<string, string> = {}) => {
    const ws = tempWorkspace(['003_7b9ac7543aed0d98.txt', '001_3287f4c9aebca050.txt']);
    return spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'src/frontends/cli.ts'), ...args], {
      cwd: ws.dir,
      input,
      encoding: 'utf8',
      env: { ...process.env, CORPUS_DIR: ws.corpus, INDEX_DIR: ws.index, EMBEDDER: 'hash', ...env },
      timeout: 60_000,
    });
  };

  it('--jsonl writes exactly one JSON object per non-empty line, in order, and nothing else', () => {
    const r = run(
      ['--jsonl'],
      '第一批有哪些？\n\n   \n今天天气怎么样？\n' + '长'.repeat(10_000) + '\n截至2024年底有多少款生成式人工智能服务完成备案？\n',
    );
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    const objs = lines.map((l) => JSON.parse(l));
    expect(objs.map((o) => o.found)).toEqual([true, false, false, true]);
    expect(objs[3].citations[0]).toMatchObject({
      n: 1,
      source: '001_3287f4c9aebca050.txt',
      lines: [expect.any(Number), expect.any(Number)],
    });
    for (const o of objs)
      expect(Object.keys(o)).toEqual(expect.arrayContaining(['answer', 'citations', 'found', 'kind', 'ms', 'question']));
    expect(r.stderr).toMatch(/building/); // logs go to stderr
  });

  it('--json prints one object; a malformed setting fails with one line and a non-zero exit', () => {
    const ok = run(['--json', '文心一言的参数量是多少？']);
    expect(JSON.parse(ok.stdout)).toMatchObject({ found: true, kind: 'lookup' });
    const bad = run(['--json', '问题'], undefined, { EMBEDDER: 'quantum' });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/EMBEDDER/);
  });
});
