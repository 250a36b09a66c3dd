/**
 * Configuration from the environment and an optional `.env` file, validated with zod.
 * Every bad value produces one clear line naming the variable; secret values are never echoed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const bool = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'].includes(v), 'must be true or false')
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const posInt = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${what} must be a positive integer`)
    .transform(Number)
    .refine((n) => n > 0, `${what} must be a positive integer`);

/** Telegram bot tokens look like `123456789:AA...` (digits, colon, 30+ url-safe chars). */
const TOKEN_RE = /^\d{3,}:[A-Za-z0-9_-]{20,}$/;

const EngineEnv = z.object({
  CORPUS_DIR: z.string().trim().min(1).default('corpus'),
  INDEX_DIR: z.string().trim().min(1).default('index'),
  /** transformers.js model id of the embedding model. */
  EMBED_MODEL: z.string().trim().regex(/^[\w.-]+(\/[\w.-]+)?$/, 'must look like owner/name').default('Xenova/bge-small-zh-v1.5'),
  /** Folder holding local models: either the model folder itself or a root with <owner>/<name>/ inside. */
  MODEL_DIR: z.string().trim().min(1).default('models'),
  /** auto: real model when its weights are found, otherwise the weight-free embedder. */
  EMBEDDER: z.enum(['auto', 'transformers', 'hash']).default('auto'),
  /** Allow transformers.js to download from the model hub (off by default: runs stay offline). */
  ALLOW_REMOTE_MODELS: bool.default(false),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

const BotEnv = z.object({
  TELEGRAM_BOT_TOKEN: z
    .string({ error: 'TELEGRAM_BOT_TOKEN is required to run the bot' })
    .trim()
    .min(1, 'TELEGRAM_BOT_TOKEN is required to run the bot')
    // The message deliberately does not include the value.
    .regex(TOKEN_RE, 'TELEGRAM_BOT_TOKEN is malformed (expected <bot id>:<secret> as issued by @BotFather)'),
  TELEGRAM_API_ROOT: z.url({ error: 'must be an http(s) URL' }).default('https://api.telegram.org'),
  ALLOWED_CHAT_IDS: z
    .string()
    .trim()
    .regex(/^(-?\d+)(\s*,\s*-?\d+)*$/, 'must be a comma-separated list of chat ids')
    .transform((s) => new Set(s.split(',').map((x) => Number(x.trim()))))
    .optional(),
  BOT_MODE: z.enum(['polling', 'webhook']).default('polling'),
  WEBHOOK_URL: z.url({ error: 'must be an https URL' }).optional(),
  WEBHOOK_PORT: posInt('WEBHOOK_PORT').default(8443),
  WEBHOOK_HOST: z.string().trim().min(1).default('0.0.0.0'),
  WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,256}$/, 'must be 8-256 characters of A-Z, a-z, 0-9, _ or -')
    .optional(),
  /** Per-user rate limit: at most RATE_LIMIT_MAX questions per RATE_LIMIT_WINDOW_MS. */
  RATE_LIMIT_MAX: posInt('RATE_LIMIT_MAX').default(5),
  RATE_LIMIT_WINDOW_MS: posInt('RATE_LIMIT_WINDOW_MS').default(10_000),
  MAX_QUESTION_CHARS: posInt('MAX_QUESTION_CHARS').default(1000),
  /** Per-chat sessions (conversation, recent answers for buttons): file (survives restarts) or memory. */
  BOT_SESSION_STORAGE: z.enum(['file', 'memory']).default('file'),
  BOT_SESSION_DIR: z.string().trim().min(1).default('bot-sessions'),
});

export type EngineConfig = z.infer<typeof EngineEnv> & { rootDir: string };
export type BotConfig = z.infer<typeof BotEnv>;

/** Reads `.env` (if present) under the environment: real environment variables win. */
export function readEnv(cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const file = resolve(cwd, '.env');
  let fromFile: Record<string, string> = {};
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    fromFile = parseDotenv(text);
    const bad = text
      .split(/\r?\n/)
      .map((l, i) => [l.trim(), i + 1] as const)
      .filter(([l]) => l && !l.startsWith('#') && !/^(export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=/.test(l));
    if (bad.length) throw new ConfigError(`.env line ${bad[0]![1]}: expected NAME=value`);
  }
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) merged[k] = v;
  // An empty value means "unset" so that defaults apply.
  for (const k of Object.keys(merged)) if (merged[k] !== undefined && merged[k]!.trim() === '') delete merged[k];
  return merged;
}

function explain(err: z.ZodError): string {
  return err.issues
    .map((i) => {
      const key = String(i.path[0] ?? 'config');
      return i.message.startsWith(key) ? i.message : `${key} ${i.message}`;
    })
    .join('; ');
}

export function loadEngineConfig(cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): EngineConfig {
  const parsed = EngineEnv.safeParse(readEnv(cwd, env));
  if (!parsed.success) throw new ConfigError(`configuration: ${explain(parsed.error)}`);
  const c = parsed.data;
  return {
    ...c,
    rootDir: cwd,
    CORPUS_DIR: resolve(cwd, c.CORPUS_DIR),
    INDEX_DIR: resolve(cwd, c.INDEX_DIR),
    MODEL_DIR: resolve(cwd, c.MODEL_DIR),
  };
}

export function loadBotConfig(cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): BotConfig {
  const parsed = BotEnv.safeParse(readEnv(cwd, env));
  if (!parsed.success) throw new ConfigError(`configuration: ${explain(parsed.error)}`);
  const c = parsed.data;
  if (c.BOT_MODE === 'webhook' && (!c.WEBHOOK_URL || !c.WEBHOOK_SECRET))
    throw new ConfigError('configuration: BOT_MODE=webhook needs WEBHOOK_URL and WEBHOOK_SECRET');
  return { ...c, BOT_SESSION_DIR: resolve(cwd, c.BOT_SESSION_DIR) };
}
