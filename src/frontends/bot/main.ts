/**
 * npm run bot: the Telegram bot (long polling, or a webhook with BOT_MODE=webhook).
 * SIGTERM/SIGINT: stop taking updates, finish the answers in flight, exit 0 (during the start-up
 * index build: remove the half-built index and exit). SIGHUP: reload the index now (it is also
 * reloaded by itself when build-index swaps in a new one).
 */
import { join } from 'node:path';
import { openEngine } from '../../answer/engine.js';
import { engineConfig, loadBotConfig } from '../../config.js';
import { EXIT, isEntryPoint, parseCommandLine, runMain, UsageError, version } from '../args.js';
import { abandonBuilds } from '../../index/generations.js';
import { MANIFEST_FILE } from '../../index/manifest.js';
import { addSecret, log } from '../../log.js';
import { fail, startEngine } from '../startup.js';
import { createBot, type RunningBot } from './bot.js';
import { EngineHolder } from './engineHolder.js';
import { BotFatalError } from './polling.js';

const BOT_HELP = `usage: beian bot

Runs the Telegram bot (long polling, or a webhook with BOT_MODE=webhook). Configuration comes from
the environment or .env: TELEGRAM_BOT_TOKEN is required; see docs/configuration.md.

options:
  -h, --help    this help
  --version     the version`;

/** `beian bot`: every command exports its main (src/frontends/beian.ts runs it with its own arguments). */
export async function main(argv: string[]): Promise<number> {
  try {
    const { values } = parseCommandLine<object>('beian bot', argv, {}, false);
    if (values.help) {
      process.stdout.write(BOT_HELP + '\n');
      return EXIT.ok;
    }
    if (values.version) {
      process.stdout.write(version() + '\n');
      return EXIT.ok;
    }
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${err.command}: ${err.message} (see ${err.command} --help)\n`);
    return EXIT.usage;
  }

  let running: RunningBot | undefined;
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping`);
    if (!running) {
      // Still starting (maybe building the index): nothing was answered yet; leave nothing behind
      // (the generation being written and the build lock; an index already in use stays).
      abandonBuilds();
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
    const engines = new EngineHolder(engine, {
      manifest: join(config.INDEX_DIR, MANIFEST_FILE),
      // The engine gets the engine's settings only: never the bot token.
      open: () => openEngine(engineConfig(config), { autoBuild: false }),
    });
    process.on('SIGHUP', () => void engines.reload('SIGHUP'));
    running = createBot({
      token: botConfig.TELEGRAM_BOT_TOKEN,
      engine: engines,
      config: botConfig,
      feedbackLog: botConfig.BOT_FEEDBACK_LOG,
      // Admins' documents: into the corpus, then the incremental build as build-index runs it.
      documents: {
        corpusDir: config.CORPUS_DIR,
        build: async () =>
          (await import('../../index/build.js')).buildIndex(engineConfig(config), {
            lock: { onWait: () => log.info('another build is running; the document waits for it') },
          }),
      },
    });
    running.done().catch((err) => {
      if (err instanceof BotFatalError) {
        process.stderr.write(`error: ${err.message}\n`);
        process.exit(2);
      }
      fail(err);
    });
    if (botConfig.BOT_MODE === 'webhook')
      await running.startWebhook({
        url: botConfig.WEBHOOK_URL!,
        port: botConfig.WEBHOOK_PORT,
        host: botConfig.WEBHOOK_HOST,
        secret: botConfig.WEBHOOK_SECRET!,
      });
    else await running.startPolling();
  } catch (err) {
    if (err instanceof BotFatalError) {
      process.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    if (!stopping) fail(err);
  }
  // Running: the bot's connections keep the process alive until a signal stops it.
  return EXIT.ok;
}

if (isEntryPoint(import.meta.url)) await runMain(() => main(process.argv.slice(2)));
