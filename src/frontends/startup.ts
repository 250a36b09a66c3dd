/** Shared start-up for the terminal front ends: config, then the engine (building the index if needed). */
import { ConfigError, engineConfig, loadConfig, type AppConfig } from '../config.js';
import { Engine } from '../answer/engine.js';
import type { AnswerEngine } from '../answer/types.js';
import { CorpusError } from '../ingest/corpusFiles.js';
import { ensureIndex, IndexError, loadIndex, type LoadOptions } from '../index/load.js';
import type { EngineConfig } from '../config.js';
import type { BuildSummary } from '../index/build.js';
import { EmbedderError } from '../index/embeddings/selectEmbedder.js';
import { log, redact, setLogLevel } from '../log.js';
import { UsageError } from './args.js';
import { escapeControls } from '../text/printable.js';
import { formatSummary } from './buildSummary.js';

/** Errors that deserve one clear line and a non-zero exit, not a stack trace. */
export function isUserFacing(err: unknown): err is Error {
  return (
    err instanceof ConfigError ||
    err instanceof IndexError ||
    err instanceof CorpusError ||
    err instanceof EmbedderError ||
    err instanceof UsageError
  );
}

export function fail(err: unknown): never {
  // redact: a library error could carry a bot-API URL with the token in it.
  if (isUserFacing(err)) process.stderr.write(redact(`error: ${escapeControls(err.message)}`) + '\n');
  else process.stderr.write(redact(`error: ${(err as Error)?.stack ?? String(err)}`) + '\n');
  process.exit(isUserFacing(err) ? 2 : 1);
}

/** The build summary, with the index's weight-free notice (manifest embedder.notice) after a build that wrote it. */
export function summaryText(s: BuildSummary): string {
  const text = formatSummary(s);
  return !s.noop && s.notice ? `${text}\nnote: ${s.notice}` : text;
}

export interface BuiltEngineOptions {
  /** Build the index first when it is missing, stale or damaged (default); false: open it as it is. */
  autoBuild?: boolean;
  onBuild?: (reason: string) => void;
  onBuilt?: (summary: BuildSummary) => void;
  vectors?: LoadOptions['vectors'];
}

/**
 * What every front end does to answer: ask for a build of the index when it needs one (ensureIndex),
 * then open the engine over it. The engine itself never builds.
 */
export async function openBuiltEngine(
  config: EngineConfig & { MAX_QUESTION_CHARS?: number },
  opts: BuiltEngineOptions = {},
): Promise<AnswerEngine> {
  const index =
    opts.autoBuild === false
      ? await loadIndex(config, undefined, { vectors: opts.vectors })
      : await ensureIndex(config, { autoBuild: true, onBuild: opts.onBuild, onBuilt: opts.onBuilt, vectors: opts.vectors });
  return new Engine(index, { maxQuestionChars: config.MAX_QUESTION_CHARS });
}

export interface StartOptions {
  /** Already validated configuration (otherwise it is read and validated here). */
  config?: AppConfig;
  /** Log the weight-free notice once at start (the bot, eval); the CLI and the REPL show it themselves. */
  announceEmbedder?: boolean;
  /** One question and out: the vector index is loaded off the main thread while the engine gets ready (see LoadOptions). */
  oneShot?: boolean;
}

export async function startEngine(opts: StartOptions = {}): Promise<{ config: AppConfig; engine: AnswerEngine }> {
  const config = opts.config ?? loadConfig();
  setLogLevel(config.LOG_LEVEL);
  let built = false;
  const engine = await openBuiltEngine(engineConfig(config), {
    ...(opts.oneShot ? { vectors: 'in-background' as const } : {}),
    onBuild: (reason) => log.info(`${reason}; building the index…`),
    onBuilt: (s) => {
      built = true;
      log.info(summaryText(s));
    },
  });
  const { embedder } = engine.stats();
  if ((opts.announceEmbedder ?? true) && !built && embedder.notice) log.info(`note: ${embedder.notice}`);
  return { config, engine };
}
