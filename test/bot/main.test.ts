import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempWorkspace } from '../helpers.js';
import { FakeBotApi } from './fakeBotApi.js';

const TOKEN = '987654321:MAIN-test_token-that-must-never-be-logged';

function runMain(env: Record<string, string>) {
  const ws = tempWorkspace(['003_7b9ac7543aed0d98.txt']);
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/frontends/bot/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, CORPUS_DIR: ws.corpus, INDEX_DIR: ws.index, EMBEDDER: 'hash', LOG_LEVEL: 'info', ...env },
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exit = new Promise<number | null>((ok) => child.on('close', ok));
  return { child, exit, stderr: () => stderr };
}

describe('npm run bot', () => {
  it('refuses a malformed token with one line that does not echo it', async () => {
    const r = runMain({ TELEGRAM_BOT_TOKEN: 'secret-but-malformed-token' });
    expect(await r.exit).not.toBe(0);
    expect(r.stderr()).toMatch(/TELEGRAM_BOT_TOKEN is malformed/);
    expect(r.stderr()).not.toContain('secret-but-malformed');
  });

  it('polls, and stops cleanly on SIGTERM without logging the token', async () => {
    const api = await new FakeBotApi(TOKEN).start();
    const r = runMain({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.apiRoot });
    await api.waitFor((calls) => calls.some((c) => c.method === 'deleteWebhook'), 30_000);
    r.child.kill('SIGTERM');
    expect(await r.exit).toBe(0);
    expect(r.stderr()).not.toContain(TOKEN.split(':')[1]);
    await api.stop();
  });
});
