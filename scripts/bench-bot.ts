/**
 * npm run bench:bot: the real bot process (npm run bot) against the tests' local Bot API server;
 * 50 chats ask two questions each at once. Prints update→reply p50/p95 and the bot's peak RSS.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FakeBotApi, textUpdate } from '../test/bot/fakeBotApi.js';

const ROOT = resolve(import.meta.dirname, '..');
const TOKEN = '555555555:BENCH-token_value-not-a-real-one-00';
const work = mkdtempSync(join(tmpdir(), 'beian-bench-bot-'));
const api = await new FakeBotApi(TOKEN).start();
const rssFile = join(work, 'rss');
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--import', join(ROOT, 'scripts/rss-probe.mjs'), join(ROOT, 'src/frontends/bot/main.ts')],
  {
    cwd: ROOT,
    env: {
      ...process.env,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
      INDEX_DIR: join(work, 'index'),
      BOT_SESSION_DIR: join(work, 'sessions'),
      LOG_LEVEL: 'warn',
      BENCH_RSS_FILE: rssFile,
      RATE_LIMIT_MAX: '10',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  },
);
const exited = new Promise((ok) => child.on('close', ok));
await api.waitFor((calls) => calls.some((c) => c.method === 'deleteWebhook'), 120_000);

const chats = Array.from({ length: 50 }, (_, i) => 2000 + i);
const firstUpdate = new Map<number, number>();
for (const chat of chats) {
  firstUpdate.set(chat, api.push(textUpdate(chat, '第四批有哪些大模型？')));
  api.push(textUpdate(chat, '截至2024年底有多少款生成式人工智能服务完成备案？'));
}
const answers = (chat: number) => api.sent().filter((c) => c.body.chat_id === chat);
await api.waitFor(() => chats.every((c) => answers(c).length >= 2), 120_000);
const lat = chats.map((c) => answers(c)[0]!.at - api.queuedAt.get(firstUpdate.get(c)!)!).sort((a, b) => a - b);
const all = chats.map((c) => answers(c)[1]!.at - api.queuedAt.get(firstUpdate.get(c)!)!).sort((a, b) => a - b);
child.kill('SIGTERM');
await exited;
await api.stop();
const rss = Math.round(Number(readFileSync(rssFile, 'utf8')) / 1024);
process.stdout.write(
  `50 chats × 2 questions against a local Bot API server\n` +
    `update → first reply   p50 ${lat[24]} ms, p95 ${lat[47]} ms\n` +
    `update → second reply  p50 ${all[24]} ms, p95 ${all[47]} ms\n` +
    `bot process peak RSS   ${rss} MiB\n`,
);
