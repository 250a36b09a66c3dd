/**
 * npm run bot: the Telegram bot (long polling, or a webhook with BOT_MODE=webhook).
 * SIGTERM/SIGINT: stop taking updates, finish the answers in flight, exit 0 (during the start-up
 * index build: remove the half-built index and exit). SIGHUP: reload the index now (it is also
 * reloaded by itself when build-index swaps in a new one).
 */
import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { openEngine } from '../../answer/engine.js';
import { loadBotConfig, type EngineConfig } from '../../config.js';
import { addSecret, log } from '../../log.js';
import { fail, startEngine } from '../startup.js';
import { createBot, type RunningBot } from './bot.js';
import { EngineHolder } from './engineHolder.js';
import { BotFatalError } from './polling.js';

/** Removes this process's staging folders beside the index (a build interrupted by a signal). */
function removeOwnStaging(indexDir: string): void {
  const dir = dirname(indexDir);
  const prefix = `.${basename(indexDir)}.`;
  try {
    for (const name of readdirSync(dir))
      if (name.startsWith(prefix) && name.includes(`-${process.pid}-`)) rmSync(join(dir, name), { recursive: true, force: true });
  } catch {
    // nothing to clean
  }
}

let running: RunningBot | undefined;
let engineConfig: EngineConfig | undefined;
let stopping = false;
const onSignal = (signal: string) => {
  if (stopping) return;
  stopping = true;
  log.info(`${signal}: stopping`);
  if (!running) {
    // Still starting (maybe building the index): nothing was answered yet; leave nothing behind.
    if (engineConfig) removeOwnStaging(engineConfig.INDEX_DIR);
    process.exit(0);
  }
  running.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', () => onSignal('SIGINT'));
process.once('SIGTERM', () => onSignal('SIGTERM'));

try {
  const botConfig = loadBotConfig();
  addSecret(botConfig.TELEGRAM_BOT_TOKEN);
  addSecret(botConfig.WEBHOOK_SECRET);
  const started = startEngine();
  const { config, engine } = await started;
  engineConfig = config;
  const engines = new EngineHolder(engine, {
    manifest: join(config.INDEX_DIR, 'manifest.json'),
    open: () => openEngine(config, { autoBuild: false }),
  });
  process.on('SIGHUP', () => void engines.reload('SIGHUP'));
  running = createBot({ token: botConfig.TELEGRAM_BOT_TOKEN, engine: engines, config: botConfig });
  running.done().catch((err) => {
    if (err instanceof BotFatalError) {
      process.stderr.write(`error: ${err.message}\n`);
      process.exit(2);
    }
    fail(err);
  });
  if (botConfig.BOT_MODE === 'webhook')
    await running.startWebhook({ url: botConfig.WEBHOOK_URL!, port: botConfig.WEBHOOK_PORT, host: botConfig.WEBHOOK_HOST, secret: botConfig.WEBHOOK_SECRET! });
  else await running.startPolling();
} catch (err) {
  if (err instanceof BotFatalError) {
    process.stderr.write(`error: ${err.message}\n`);
    process.exit(2);
  }
  if (!stopping) fail(err);
}
