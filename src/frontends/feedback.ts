/** `beian feedback [--file FILE] [--top N]`: the maintainer's summary of the bot's feedback log (BOT_FEEDBACK_LOG). */
import { existsSync } from 'node:fs';
import { loadConfig } from '../config.js';
import { readFeedback, summarizeFeedback } from './bot/feedbackLog.js';
import { EXIT, parseCommandLine, UsageError, version } from './args.js';
import { writeOut } from './terminal.js';

const COMMAND = 'beian feedback';

export const FEEDBACK_HELP = `usage: beian feedback [--file FILE] [--top N]

Summarises the Telegram bot's feedback log: how many 👍 and 👎, the most refused or unclear
questions, and the 👎 answers with their comments (newest first).

options:
  --file FILE   the log to read (default: BOT_FEEDBACK_LOG, bot-feedback.jsonl in the project folder)
  --top N       how many questions and answers to list (default 10)
  -h, --help    this help
  --version     the version`;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseCommandLine<{ file?: string; top?: string }>(
    COMMAND,
    argv,
    { file: { type: 'string' }, top: { type: 'string' } },
    false,
  );
  if (values.help) {
    await writeOut(FEEDBACK_HELP + '\n');
    return EXIT.ok;
  }
  if (values.version) {
    await writeOut(version() + '\n');
    return EXIT.ok;
  }
  const top = values.top === undefined ? 10 : Number(values.top);
  if (!Number.isInteger(top) || top < 1 || top > 1000) throw new UsageError('--top must be a whole number from 1 to 1000', COMMAND);
  const file = values.file ?? loadConfig().BOT_FEEDBACK_LOG;
  if (!existsSync(file) && !existsSync(`${file}.1`)) {
    await writeOut(`no feedback recorded yet (${file} does not exist)\n`);
    return EXIT.ok;
  }
  const { entries, bad } = readFeedback(file);
  await writeOut(summarizeFeedback(entries, top) + (bad ? `\n\n(${bad} unreadable lines skipped)` : '') + '\n');
  return EXIT.ok;
}
