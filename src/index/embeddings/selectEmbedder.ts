/**
 * Picks the embedder: the real model when its weights are available (local folder, or the hub when
 * ALLOW_REMOTE_MODELS=true), otherwise the declared weight-free embedder, saying so once.
 */
import type { Embeddings } from '@langchain/core/embeddings';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { EngineConfig } from '../../config.js';
import { log } from '../../log.js';
import { HashEmbeddings } from './hashEmbeddings.js';
import { isStandIn, STAND_IN_LABEL } from './standIn.js';
import { findWeights, TransformersEmbeddings } from './transformersEmbeddings.js';

export interface EmbedderInfo {
  id: string;
  mode: 'transformers' | 'hash';
  dim: number;
  /** Why this mode was chosen, in one line. */
  reason: string;
  /** The model folder is a stand-in (random weights, for timing only): id and reason say so. */
  standIn?: true;
}

export interface SelectedEmbedder {
  embeddings: Embeddings;
  info: EmbedderInfo;
}

export class EmbedderError extends Error {
  override name = 'EmbedderError';
}

const BGE_QUERY_PREFIX = '为这个句子生成表示以用于检索相关文章：';

/** The local model folder for the configured model, if one exists (with or without weights). */
export function localModelDir(config: Pick<EngineConfig, 'MODEL_DIR' | 'EMBED_MODEL'>): string | undefined {
  const candidates = [config.MODEL_DIR, join(config.MODEL_DIR, config.EMBED_MODEL), join(config.MODEL_DIR, basename(config.EMBED_MODEL))];
  return candidates.find((d) => existsSync(join(d, 'config.json')) && findWeights(d)) ?? candidates.find((d) => existsSync(join(d, 'config.json')));
}

/**
 * Debug level only: the weight-free notice is recorded in the manifest (embedder.notice) and shown
 * once by the front ends (build summary, REPL banner), not logged on every call.
 */
let announced = false;
function announce(info: EmbedderInfo): void {
  if (announced) return;
  announced = true;
  if (info.mode === 'hash') log.debug(`embedder: ${info.id} (weight-free: ${info.reason})`);
  else log.debug(`embedder: ${info.id} (${info.dim} dimensions, ${info.reason})`);
}

/** What the configuration and the model folder decide before any model is loaded. */
type Choice =
  | { kind: 'hash'; reason: string; /** EMBEDDER=transformers asked for a model that is not there. */ required: boolean }
  | { kind: 'model'; dir?: string; weights?: string; standIn: boolean };

function choose(config: EngineConfig): Choice {
  if (config.EMBEDDER === 'hash') return { kind: 'hash', reason: 'EMBEDDER=hash', required: false };
  const dir = localModelDir(config);
  const weights = dir ? findWeights(dir) : undefined;
  if (!weights && !config.ALLOW_REMOTE_MODELS) {
    const why = dir ? `no ONNX weights in ${dir}` : `no local copy of ${config.EMBED_MODEL} under ${config.MODEL_DIR}`;
    if (config.EMBEDDER === 'transformers') return { kind: 'hash', reason: `EMBEDDER=transformers but ${why} (run npm run model:fetch on a machine that is online)`, required: true };
    return { kind: 'hash', reason: `${why} and ALLOW_REMOTE_MODELS is off`, required: false };
  }
  return { kind: 'model', dir, weights, standIn: !!weights && isStandIn(dir!) };
}

/**
 * What selectEmbedder would choose, told without loading a model (dim -1 when only the model can
 * tell): lets a no-op build finish without loading the model. Undefined when only loading can tell.
 */
export function predictEmbedder(config: EngineConfig): EmbedderInfo | undefined {
  const c = choose(config);
  if (c.kind === 'hash') {
    if (c.required) return undefined;
    const hash = new HashEmbeddings();
    return { id: hash.id, mode: 'hash', dim: hash.dim, reason: c.reason };
  }
  if (!c.weights) return undefined;
  return { id: transformersId(config.EMBED_MODEL, c.standIn), mode: 'transformers', dim: -1, reason: weightsReason(c.dir!, c.standIn), ...(c.standIn ? { standIn: true } : {}) };
}

/** The embedder id: a stand-in's says what it is, so an index built with it is never taken for the real model's. */
function transformersId(modelId: string, standIn: boolean): string {
  return `transformers:${modelId}${standIn ? ` [${STAND_IN_LABEL}]` : ''}`;
}

function weightsReason(dir: string, standIn: boolean): string {
  return standIn ? `${STAND_IN_LABEL}: weights from ${dir}` : `weights from ${dir}`;
}

export async function selectEmbedder(config: EngineConfig, opts: { quiet?: boolean } = {}): Promise<SelectedEmbedder> {
  const hash = (reason: string): SelectedEmbedder => {
    const e = new HashEmbeddings();
    const info: EmbedderInfo = { id: e.id, mode: 'hash', dim: e.dim, reason };
    if (!opts.quiet) announce(info);
    return { embeddings: e, info };
  };
  const c = choose(config);
  if (c.kind === 'hash') {
    if (c.required) throw new EmbedderError(c.reason);
    return hash(c.reason);
  }
  const { dir, weights, standIn } = c;
  const prefix = /bge-.*zh/i.test(config.EMBED_MODEL) ? BGE_QUERY_PREFIX : '';
  const e = new TransformersEmbeddings({
    modelId: config.EMBED_MODEL,
    localDir: weights ? dir : undefined,
    cacheDir: config.MODEL_DIR,
    allowRemote: config.ALLOW_REMOTE_MODELS,
    queryPrefix: prefix,
    ...(standIn ? { label: STAND_IN_LABEL } : {}),
  });
  try {
    await e.init();
  } catch (err) {
    const why = `could not load ${config.EMBED_MODEL} (${(err as Error).message.split('\n')[0]})`;
    if (config.EMBEDDER === 'transformers') throw new EmbedderError(why);
    return hash(why);
  }
  const info: EmbedderInfo = {
    id: e.id, mode: 'transformers', dim: e.dim, reason: weights ? weightsReason(dir!, standIn) : 'weights from the model hub', ...(standIn ? { standIn } : {}),
  };
  if (!opts.quiet) announce(info);
  return { embeddings: e, info };
}
