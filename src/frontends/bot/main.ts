/** npm run bot: the Telegram bot (long polling, or a webhook with BOT_MODE=webhook). */
import { loadBotConfig } from '../../config.js';
import { addSecret, log } from '../../log.js';
import { fail, startEngine } from '../startup.js';
import { createBot } from './bot.js';

try {
  const botConfig = loadBotConfig();
  addSecret(botConfig.TELEGRAM_BOT_TOKEN);
  const { engine } = await startEngine();
  const running = createBot({ token: botConfig.TELEGRAM_BOT_TOKEN, engine, config: botConfig });
  // Signal handlers first: a stop during start-up is clean too.
  const shutdown = (signal: string) => {
    log.info(`${signal}: stopping`);
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  if (botConfig.BOT_MODE === 'webhook')
    await running.startWebhook({ url: botConfig.WEBHOOK_URL!, port: botConfig.WEBHOOK_PORT, host: botConfig.WEBHOOK_HOST, secret: botConfig.WEBHOOK_SECRET! });
  else await running.startPolling();
} catch (err) {
  fail(err);
}
