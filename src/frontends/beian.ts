#!/usr/bin/env node
/**
 * The `beian` command (package.json "bin"): one entry point for every program, so that output
 * pipes cleanly (`npx beian ask --json "…" | jq`: no npm banner on stdout).
 *   beian ask | repl | build-index | bot | eval  [arguments of that command]
 */
import { EXIT, runMain, UsageError, version } from './args.js';

const COMMAND = 'beian';

const HELP = `usage: beian <command> [options]

commands:
  ask "问题"          one answer (--json, --jsonl, --explain; see beian ask --help)
  repl               interactive questions in one conversation
  build-index        build or refresh the index (--full)
  bot                the Telegram bot (needs TELEGRAM_BOT_TOKEN)
  eval --set FILE    accuracy on an evaluation set
  feedback           the bot's feedback log summarised (👎 answers, most refused questions)

options:
  -h, --help         this help (or beian <command> --help)
  --version          the version

Settings come from the environment or the project's .env file (see docs/configuration.md).`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      throw new UsageError('no command given', COMMAND);
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(HELP + '\n');
      return EXIT.ok;
    case '--version':
      process.stdout.write(version() + '\n');
      return EXIT.ok;
    case 'ask':
      return (await import('./cli.js')).main(rest);
    case 'repl':
      return (await import('./repl.js')).main(rest);
    case 'feedback':
      return (await import('./feedback.js')).main(rest);
    case 'build-index':
      return (await import('../../scripts/build-index.js')).main(rest);
    case 'bot':
      return (await import('./bot/main.js')).main(rest);
    case 'eval':
      return (await import('../../scripts/eval.js')).main(rest);
    default:
      throw new UsageError(`unknown command "${command}"`, COMMAND);
  }
}

await runMain(() => main(process.argv.slice(2)));
// A one-shot `ask` has written its answers (writeOut waits until the OS has them) and left nothing
// running: end now rather than wait for the garbage collector's pending work and heap teardown.
if (process.argv[2] === 'ask') process.exit();
