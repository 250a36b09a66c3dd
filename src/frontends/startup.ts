/** Shared start-up for the terminal front ends: config, then the engine (building the index if needed). */
import { ConfigError, loadEngineConfig, type EngineConfig } from '../config.js';
import { openEngine } from '../answer/engine.js';
import type { AnswerEngine } from '../answer/types.js';
import { CorpusError } from '../ingest/corpusFiles.js';
import { IndexError } from '../index/load.js';
import { EmbedderError } from '../index/embeddings/selectEmbedder.js';
import { log, redact, setLogLevel } from '../log.js';
import { formatSummary } from './buildSummary.js';

/** Errors that deserve one clear line and a non-zero exit, not a stack trace. */
export function isUserFacing(err: unknown): err is Error {
  return err instanceof ConfigError || err instanceof IndexError || err instanceof CorpusError || err instanceof EmbedderError;
}

export function fail(err: unknown): never {
  // redact: a library error could carry a bot-API URL with the token in it.
  if (isUserFacing(err)) process.stderr.write(redact(`error: ${err.message}`) + '\n');
  else process.stderr.write(redact(`error: ${(err as Error)?.stack ?? String(err)}`) + '\n');
  process.exit(isUserFacing(err) ? 2 : 1);
}

export async function startEngine(): Promise<{ config: EngineConfig; engine: AnswerEngine }> {
  const config = loadEngineConfig();
  setLogLevel(config.LOG_LEVEL);
  const engine = await openEngine(config, {
    autoBuild: true,
    onBuild: (reason) => log.info(`${reason}; building the index…`),
    onBuilt: (s) => log.info(formatSummary(s)),
  });
  return { config, engine };
}
