/**
 * Command-line arguments by the usual conventions, on node:util parseArgs: `--help`/`-h` prints
 * help on stdout (exit 0), `--version` the version; an unknown flag or contradictory arguments
 * are a UsageError: one line on stderr and exit status 2.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, PROJECT_ROOT } from '../config.js';

export class UsageError extends Error {
  override name = 'UsageError';
  /** The command whose usage was wrong ("beian ask"), for the message and its --help hint. */
  constructor(
    message: string,
    readonly command = 'beian',
  ) {
    super(message);
  }
}

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

type Options = NonNullable<ParseArgsConfig['options']>;

const COMMON: Options = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
};

export interface Parsed<T> {
  values: T & { help?: boolean; version?: boolean };
  positionals: string[];
}

/** parseArgs with help/version added and its errors turned into one-line UsageErrors. */
export function parseCommandLine<T>(command: string, argv: string[], options: Options, allowPositionals: boolean): Parsed<T> {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { ...COMMON, ...options }, allowPositionals, strict: true });
    return { values: values as Parsed<T>['values'], positionals };
  } catch (err) {
    // parseArgs messages are long and mention `--`; keep the first sentence.
    const msg = (err as Error).message.split(/\. |\n/)[0]!.replace(/\.$/, '');
    throw new UsageError(msg, command);
  }
}

export function version(): string {
  try {
    return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Runs a command's main and exits with its status; usage and configuration errors get one line and status 2. */
export async function runMain(main: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.command}: ${err.message} (see ${err.command} --help)\n`);
      process.exitCode = EXIT.usage;
      return;
    }
    // Configuration is checked before the engine is loaded; its messages never carry a value.
    if (err instanceof ConfigError) {
      process.stderr.write(`error: ${err.message}\n`);
      process.exitCode = EXIT.usage;
      return;
    }
    throw err;
  }
}

/** True when the module at `moduleUrl` is the program node was started with (not imported by the `beian` dispatcher). */
export function isEntryPoint(moduleUrl: string): boolean {
  const started = process.argv[1];
  if (!started) return false;
  try {
    return realpathSync(started) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}
