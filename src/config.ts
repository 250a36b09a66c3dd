/**
 * Configuration from the environment and an optional `.env` file, validated with zod.
 * Every bad value produces one clear line naming the variable; secret values are never echoed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseDotenv } from 'dotenv';
import * as z from 'zod';

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

/** 100000 → "100,000" (as toLocaleString('en') writes it, without loading the locale data at start-up). */
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ',');

const bounded = (what: string, max: number) => posInt(what).refine((n) => n <= max, `${what} must be at most ${thousands(max)}`);

/**
 * The project folder (the one with package.json), found from this file's own location so that the
 * tools work from any directory: src/config.ts when run from source, dist/src/config.js when compiled.
 */
function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(resolve(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}
export const PROJECT_ROOT = findProjectRoot();

/** Telegram bot tokens look like `123456789:AA...` (digits, colon, 30+ url-safe chars). */
const TOKEN_RE = /^\d{3,}:[A-Za-z0-9_-]{20,}$/;

const EngineEnv = z.object({
  CORPUS_DIR: z.string().trim().min(1).default('corpus'),
  INDEX_DIR: z.string().trim().min(1).default('index'),
  /** transformers.js model id of the embedding model. */
  EMBED_MODEL: z
    .string()
    .trim()
    .regex(/^[\w.-]+(\/[\w.-]+)?$/, 'must look like owner/name')
    .default('Xenova/bge-small-zh-v1.5'),
  /** Folder holding local models: either the model folder itself or a root with <owner>/<name>/ inside. */
  MODEL_DIR: z.string().trim().min(1).default('models'),
  /** auto: real model when its weights are found, otherwise the weight-free embedder. */
  EMBEDDER: z.enum(['auto', 'transformers', 'hash']).default('auto'),
  /** Allow transformers.js to download from the model hub (off by default: runs stay offline). */
  ALLOW_REMOTE_MODELS: bool.default(false),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Corpus files larger than this many MB are skipped and named. */
  MAX_FILE_MB: posInt('MAX_FILE_MB').default(100),
  /** Reading one PDF/HTML/Word/Excel file stops after this many seconds (the file is skipped). */
  FILE_TIMEOUT_S: posInt('FILE_TIMEOUT_S').default(60),
  /** Longest question any front end accepts (characters); the engine's refusal names this limit. */
  MAX_QUESTION_CHARS: bounded('MAX_QUESTION_CHARS', 100_000).default(1000),
});

/** Settings only the REPL reads (validated with everything else). */
const ReplEnv = z.object({
  REPL_HISTORY: z.string().trim().min(1).optional(),
  REPL_HISTORY_SIZE: bounded('REPL_HISTORY_SIZE', 100_000).default(500),
  /** Prints start-up and first-answer timings to stderr (used by the benchmark). */
  REPL_TIMING: bool.default(false),
});

const BotEnv = z.object({
  // Optional here so that every program validates it; loadBotConfig requires it.
  TELEGRAM_BOT_TOKEN: z
    .string()
    .trim()
    // The message deliberately does not include the value.
    .regex(TOKEN_RE, 'TELEGRAM_BOT_TOKEN is malformed (expected <bot id>:<secret> as issued by @BotFather)')
    .optional(),
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
  /** Per-chat sessions (conversation, recent answers for buttons): file (survives restarts) or memory. */
  BOT_SESSION_STORAGE: z.enum(['file', 'memory']).default('file'),
  BOT_SESSION_DIR: z.string().trim().min(1).default('bot-sessions'),
  /** Stored chat state is deleted after this many days without a message. */
  SESSION_TTL_DAYS: bounded('SESSION_TTL_DAYS', 3650).default(30),
  /** Telegram user ids whose documents are added to the corpus (comma-separated numbers). */
  BOT_ADMIN_IDS: z
    .string()
    .trim()
    .regex(/^\d+(\s*,\s*\d+)*$/, 'must be a comma-separated list of numeric Telegram user ids')
    .transform((s) => new Set(s.split(',').map((x) => Number(x.trim()))))
    .optional(),
  /** Append-only log of feedback and of refused or clarifying answers (`beian feedback` reads it). */
  BOT_FEEDBACK_LOG: z.string().trim().min(1).default('bot-feedback.jsonl'),
});

/** Every variable any program reads: validated together, once, whichever program starts. */
const AppEnv = EngineEnv.extend(ReplEnv.shape).extend(BotEnv.shape);

export type EngineConfig = z.infer<typeof EngineEnv> & { rootDir: string };
export type ReplConfig = z.infer<typeof ReplEnv> & { REPL_HISTORY: string };
export type BotConfig = Omit<z.infer<typeof BotEnv>, 'TELEGRAM_BOT_TOKEN'> & {
  TELEGRAM_BOT_TOKEN: string;
  MAX_QUESTION_CHARS: number;
  MAX_FILE_MB: number;
};
export type AppConfig = EngineConfig & ReplConfig & Omit<BotConfig, 'TELEGRAM_BOT_TOKEN'> & { TELEGRAM_BOT_TOKEN?: string };

const ENGINE_KEYS = Object.keys(EngineEnv.shape) as (keyof z.infer<typeof EngineEnv>)[];
const PATH_KEYS = ['CORPUS_DIR', 'INDEX_DIR', 'MODEL_DIR', 'REPL_HISTORY', 'BOT_SESSION_DIR', 'BOT_FEEDBACK_LOG'] as const;

/** Reads `.env` (if present) under the environment: real environment variables win. */
export function readEnv(cwd = PROJECT_ROOT, env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
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

/**
 * Validates every variable (engine, REPL and bot alike) and resolves paths. Relative paths from
 * the defaults and from the project's `.env` resolve against the project folder (`rootDir`);
 * relative paths set in the real environment resolve against the working directory, as a shell
 * user expects (`CORPUS_DIR=./mine beian build-index`).
 */
export function loadConfig(rootDir = PROJECT_ROOT, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const merged = readEnv(rootDir, env);
  const parsed = AppEnv.safeParse(merged);
  if (!parsed.success) throw new ConfigError(`configuration: ${explain(parsed.error)}`);
  const c = parsed.data;
  if (c.BOT_MODE === 'webhook' && (!c.WEBHOOK_URL || !c.WEBHOOK_SECRET))
    throw new ConfigError('configuration: BOT_MODE=webhook needs WEBHOOK_URL and WEBHOOK_SECRET');
  const fromShell = (k: string) => env[k] !== undefined && env[k]!.trim() !== '';
  const path = (k: (typeof PATH_KEYS)[number], value: string) => (isAbsolute(value) ? value : resolve(fromShell(k) ? cwd : rootDir, value));
  return {
    ...c,
    rootDir,
    CORPUS_DIR: path('CORPUS_DIR', c.CORPUS_DIR),
    INDEX_DIR: path('INDEX_DIR', c.INDEX_DIR),
    MODEL_DIR: path('MODEL_DIR', c.MODEL_DIR),
    BOT_SESSION_DIR: path('BOT_SESSION_DIR', c.BOT_SESSION_DIR),
    BOT_FEEDBACK_LOG: path('BOT_FEEDBACK_LOG', c.BOT_FEEDBACK_LOG),
    REPL_HISTORY: c.REPL_HISTORY ? path('REPL_HISTORY', c.REPL_HISTORY) : resolve(homedir(), '.beian_repl_history'),
  };
}

/** The engine's part of the configuration (all variables are still validated). */
export function loadEngineConfig(rootDir = PROJECT_ROOT, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): EngineConfig {
  return engineConfig(loadConfig(rootDir, env, cwd));
}

export function engineConfig(c: AppConfig): EngineConfig {
  const out = { rootDir: c.rootDir } as EngineConfig;
  for (const k of ENGINE_KEYS) (out as Record<string, unknown>)[k] = c[k];
  return out;
}

/** The bot's configuration: everything validated, and the token required. */
export function loadBotConfig(rootDir = PROJECT_ROOT, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): BotConfig {
  const c = loadConfig(rootDir, env, cwd);
  if (!c.TELEGRAM_BOT_TOKEN) throw new ConfigError('configuration: TELEGRAM_BOT_TOKEN is required to run the bot');
  return {
    TELEGRAM_BOT_TOKEN: c.TELEGRAM_BOT_TOKEN,
    TELEGRAM_API_ROOT: c.TELEGRAM_API_ROOT,
    ALLOWED_CHAT_IDS: c.ALLOWED_CHAT_IDS,
    BOT_MODE: c.BOT_MODE,
    WEBHOOK_URL: c.WEBHOOK_URL,
    WEBHOOK_PORT: c.WEBHOOK_PORT,
    WEBHOOK_HOST: c.WEBHOOK_HOST,
    WEBHOOK_SECRET: c.WEBHOOK_SECRET,
    RATE_LIMIT_MAX: c.RATE_LIMIT_MAX,
    RATE_LIMIT_WINDOW_MS: c.RATE_LIMIT_WINDOW_MS,
    MAX_QUESTION_CHARS: c.MAX_QUESTION_CHARS,
    BOT_SESSION_STORAGE: c.BOT_SESSION_STORAGE,
    BOT_SESSION_DIR: c.BOT_SESSION_DIR,
    SESSION_TTL_DAYS: c.SESSION_TTL_DAYS,
    BOT_ADMIN_IDS: c.BOT_ADMIN_IDS,
    BOT_FEEDBACK_LOG: c.BOT_FEEDBACK_LOG,
    MAX_FILE_MB: c.MAX_FILE_MB,
  };
}
