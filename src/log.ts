/**
 * Logging to stderr only (stdout belongs to answers: `ask --jsonl` prints nothing else there).
 * Anything that looks like a Telegram bot token is masked before it is written.
 */
import { escapeControls } from './text/printable.js';

type Level = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };
let threshold: Level = (process.env.LOG_LEVEL as Level) in ORDER ? (process.env.LOG_LEVEL as Level) : 'info';
const secrets = new Set<string>();
/** Where log lines go: stderr, unless a sink is set (tests capture logs this way). */
let sink: ((line: string) => void) | undefined;

const TOKEN_LIKE = /(?<![0-9])\d{3,}:[A-Za-z0-9_-]{20,}/g;

export function setLogLevel(level: Level): void {
  threshold = level;
}

/** Sends log lines (already redacted) to `fn` instead of stderr; `undefined` restores stderr. */
export function setLogSink(fn: ((line: string) => void) | undefined): void {
  sink = fn;
}

/** Register a secret so that it is masked wherever it appears (also inside URLs). */
export function addSecret(secret: string | undefined): void {
  if (secret && secret.length >= 6) secrets.add(secret);
}

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('***');
  return out.replace(TOKEN_LIKE, '***');
}

function write(level: Level, parts: unknown[]): void {
  if (ORDER[level] < ORDER[threshold]) return;
  const text = parts.map((p) => (p instanceof Error ? `${p.name}: ${p.message}` : typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
  // Every line of a multi-line message carries the level, so logs stay greppable line by line.
  // Control characters (a file name's terminal escapes) are shown escaped, never sent to the terminal.
  const line = redact(
    text
      .split('\n')
      .map((l) => `[${level}] ${escapeControls(l)}`)
      .join('\n'),
  );
  if (sink) sink(line);
  else process.stderr.write(line + '\n');
}

export const log = {
  debug: (...p: unknown[]) => write('debug', p),
  info: (...p: unknown[]) => write('info', p),
  warn: (...p: unknown[]) => write('warn', p),
  error: (...p: unknown[]) => write('error', p),
};
