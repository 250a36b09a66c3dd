import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANIFEST_FILE, storeFileName, vectorsFileName } from '../../src/index/manifest.js';
import { ROOT, tempWorkspace } from '../helpers.js';
import { FakeBotApi } from './fakeBotApi.js';

const TOKEN = '987654321:MAIN-test_token-that-must-never-be-logged';

function runMain(env: Record<string, string>, files: string[] | undefined = ['003_7b9ac7543aed0d98.txt']) {
  const ws = tempWorkspace(files);
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/frontends/bot/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      CORPUS_DIR: ws.corpus,
      INDEX_DIR: ws.index,
      BOT_SESSION_DIR: join(ws.dir, 'sessions'),
      EMBEDDER: 'hash',
      LOG_LEVEL: 'info',
      ...env,
    },
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exit = new Promise<number | null>((ok) => child.on('close', ok));
  return { child, exit, stderr: () => stderr, ws };
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

  it('says in one line, without the token, that a wrong token was rejected', async () => {
    const api = await new FakeBotApi('111111111:some-other-token-the-server-knows-000').start();
    const r = runMain({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.apiRoot });
    expect(await r.exit).toBe(2);
    const lines = r
      .stderr()
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('[info]'));
    expect(lines).toEqual(['error: the Bot API rejected the token (401 Unauthorized): check TELEGRAM_BOT_TOKEN']);
    expect(r.stderr()).not.toContain(TOKEN.split(':')[1]);
    await api.stop();
  });

  it('logs each retry with a growing delay while the Bot API server is unreachable', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((ok) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => ok(p));
      });
    });
    const r = runMain({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: `http://127.0.0.1:${port}` });
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && (r.stderr().match(/retrying in/g) ?? []).length < 3) await new Promise((ok) => setTimeout(ok, 100));
    r.child.kill('SIGTERM');
    expect(await r.exit).toBe(0);
    const delays = [...r.stderr().matchAll(/getMe\) failed: .*; retrying in (\d+) s/g)].map((m) => Number(m[1]));
    expect(delays.slice(0, 3)).toEqual([1, 2, 4]);
    expect(r.stderr()).not.toContain(TOKEN.split(':')[1]);
  });

  it('SIGTERM during the start-up index build exits and leaves no half-built index behind', async () => {
    const r = runMain({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: 'http://127.0.0.1:9' }, undefined);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && !/building the index/.test(r.stderr())) await new Promise((ok) => setTimeout(ok, 20));
    r.child.kill('SIGTERM');
    expect(await r.exit).toBe(0);
    const left = readdirSync(dirname(r.ws.index)).filter((n) => n.startsWith('.index.'));
    expect(left).toEqual([]);
    // No half-built index: nothing, or (when the build's last steps ran before the signal was
    // handled) a complete one: the manifest and exactly the generation it names; never a lock.
    // (test/indexIntegrity.test.ts stops a build midway with the same abandonBuilds().)
    const files = existsSync(r.ws.index) ? readdirSync(r.ws.index).sort() : [];
    if (files.length) {
      const { generation } = JSON.parse(readFileSync(join(r.ws.index, MANIFEST_FILE), 'utf8')) as { generation: string };
      expect(files).toEqual([MANIFEST_FILE, storeFileName(generation), vectorsFileName(generation)].sort());
    }
  });
});
