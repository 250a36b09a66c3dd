import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadBotConfig, loadConfig, loadEngineConfig, PROJECT_ROOT } from '../src/config.js';
import { ROOT, tempDir } from './helpers.js';

const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;
const TOKEN = '123456789:AAHk-synthetic_test_token_value_12345';

describe('configuration, validated once for every program', () => {
  it('knows the project folder wherever it is started from', () => {
    expect(PROJECT_ROOT).toBe(ROOT);
  });

  it('rejects a bad value of any program’s variable in every program, naming it', () => {
    const root = tempDir();
    for (const [name, value, message] of [
      ['MAX_QUESTION_CHARS', 'abc', /MAX_QUESTION_CHARS must be a positive integer/],
      ['MAX_QUESTION_CHARS', '0', /MAX_QUESTION_CHARS must be a positive integer/],
      ['MAX_QUESTION_CHARS', '100001', /MAX_QUESTION_CHARS must be at most 100,000/],
      ['RATE_LIMIT_MAX', '-1', /RATE_LIMIT_MAX/],
      ['WEBHOOK_PORT', 'http', /WEBHOOK_PORT/],
      ['BOT_MODE', 'push', /BOT_MODE/],
      ['REPL_HISTORY_SIZE', 'many', /REPL_HISTORY_SIZE/],
      ['REPL_TIMING', 'maybe', /REPL_TIMING must be true or false/],
      ['TELEGRAM_BOT_TOKEN', 'not-a-token', /TELEGRAM_BOT_TOKEN is malformed/],
    ] as const) {
      for (const load of [loadEngineConfig, loadConfig, loadBotConfig]) {
        expect(() => load(root, env({ TELEGRAM_BOT_TOKEN: TOKEN, [name]: value })), `${load.name} ${name}=${value}`).toThrow(message);
        expect(() => load(root, env({ TELEGRAM_BOT_TOKEN: TOKEN, [name]: value }))).toThrow(ConfigError);
      }
    }
  });

  it('requires the bot token only for the bot', () => {
    const root = tempDir();
    expect(() => loadEngineConfig(root, env({}))).not.toThrow();
    expect(() => loadBotConfig(root, env({}))).toThrow(/TELEGRAM_BOT_TOKEN is required/);
    expect(loadBotConfig(root, env({ TELEGRAM_BOT_TOKEN: TOKEN })).TELEGRAM_BOT_TOKEN).toBe(TOKEN);
  });

  it('gives the engine MAX_QUESTION_CHARS, above 1,000 too, and keeps the token out of the engine config', () => {
    const root = tempDir();
    expect(loadEngineConfig(root, env({})).MAX_QUESTION_CHARS).toBe(1000);
    const c = loadEngineConfig(root, env({ MAX_QUESTION_CHARS: '5000', TELEGRAM_BOT_TOKEN: TOKEN }));
    expect(c.MAX_QUESTION_CHARS).toBe(5000);
    expect(JSON.stringify(c)).not.toContain(TOKEN.split(':')[1]);
    expect(loadBotConfig(root, env({ MAX_QUESTION_CHARS: '5000', TELEGRAM_BOT_TOKEN: TOKEN })).MAX_QUESTION_CHARS).toBe(5000);
  });

  it('resolves default and .env paths against the project, shell-set relative paths against the working directory', () => {
    const root = tempDir();
    const cwd = tempDir();
    const defaults = loadConfig(root, env({}), cwd);
    expect(defaults.CORPUS_DIR).toBe(join(root, 'corpus'));
    expect(defaults.INDEX_DIR).toBe(join(root, 'index'));
    expect(defaults.MODEL_DIR).toBe(join(root, 'models'));
    writeFileSync(join(root, '.env'), 'CORPUS_DIR=texts\n');
    expect(loadConfig(root, env({}), cwd).CORPUS_DIR).toBe(join(root, 'texts'));
    expect(loadConfig(root, env({ CORPUS_DIR: 'mine' }), cwd).CORPUS_DIR).toBe(join(cwd, 'mine'));
    expect(loadConfig(root, env({ CORPUS_DIR: '/abs/corpus' }), cwd).CORPUS_DIR).toBe('/abs/corpus');
  });
});
