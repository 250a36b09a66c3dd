/**
 * Real on-device embeddings through @xenova/transformers (default: bge-small-zh-v1.5).
 * bge uses the normalised [CLS] vector; its tokenizer does not lower-case, so we do.
 */
import { Embeddings } from '@langchain/core/embeddings';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface TransformersOptions {
  /** Model id as transformers.js knows it (used for the hub and for the embedder id). */
  modelId: string;
  /** Local folder with config.json, tokenizer.json and onnx/model_quantized.onnx; undefined: hub. */
  localDir?: string;
  /** Where hub downloads are cached. */
  cacheDir: string;
  allowRemote: boolean;
  /** Prefix for queries (bge-zh recommends one for retrieval). */
  queryPrefix?: string;
  batchSize?: number;
  /** Batch texts in order of length (less padding; default true). */
  sortByLength?: boolean;
  /** Appended to the id in brackets (a stand-in model says so). */
  label?: string;
}

/** The ONNX weights file inside a model folder, if present. */
export function findWeights(dir: string): string | undefined {
  for (const f of ['onnx/model_quantized.onnx', 'onnx/model.onnx']) if (existsSync(join(dir, f))) return join(dir, f);
  return undefined;
}

/** Texts per forward pass (bench --model-cost compares 1, 8, 16 and 32). */
export const DEFAULT_BATCH_SIZE = 16;

type Extractor = (texts: string[], opts: { pooling: 'cls' | 'mean'; normalize: boolean }) => Promise<{ tolist(): number[][] }>;

export class TransformersEmbeddings extends Embeddings {
  readonly id: string;
  dim = 0;
  private extractor?: Extractor;

  constructor(private readonly opts: TransformersOptions) {
    super({ maxConcurrency: 1 });
    this.id = `transformers:${opts.modelId}${opts.label ? ` [${opts.label}]` : ''}`;
  }

  /** Loads the model; throws when it cannot (the caller decides whether to fall back). */
  async init(): Promise<this> {
    const tf = await import('@xenova/transformers');
    tf.env.allowLocalModels = true;
    tf.env.allowRemoteModels = this.opts.allowRemote;
    tf.env.cacheDir = this.opts.cacheDir;
    let name = this.opts.modelId;
    if (this.opts.localDir) {
      tf.env.localModelPath = dirname(this.opts.localDir);
      name = basename(this.opts.localDir);
    }
    const quantized = !this.opts.localDir || existsSync(join(this.opts.localDir, 'onnx/model_quantized.onnx'));
    this.extractor = (await tf.pipeline('feature-extraction', name, { quantized })) as unknown as Extractor;
    this.dim = (await this.embed(['维度']))[0]!.length;
    return this;
  }

  /**
   * Batches of texts of similar length: a batch is padded to its longest text, so texts are taken
   * in order of length and the vectors put back in the callers' order (padding is masked: the
   * vectors do not depend on the batching). `npm run bench -- --model-cost` measures the gain.
   */
  private async embed(texts: string[]): Promise<number[][]> {
    if (!this.extractor) throw new Error('embedder not initialised');
    const out = new Array<number[]>(texts.length);
    const size = this.opts.batchSize ?? DEFAULT_BATCH_SIZE;
    const order = texts.map((_, i) => i);
    if (this.opts.sortByLength ?? true) order.sort((a, b) => texts[a]!.length - texts[b]!.length);
    for (let i = 0; i < order.length; i += size) {
      const idx = order.slice(i, i + size);
      const t = await this.extractor(idx.map((k) => texts[k]!.toLowerCase()), { pooling: 'cls', normalize: true });
      (t.tolist() as number[][]).forEach((v, j) => (out[idx[j]!] = v));
    }
    return out;
  }

  embedDocuments(texts: string[]): Promise<number[][]> {
    return this.embed(texts);
  }

  async embedQuery(text: string): Promise<number[]> {
    return (await this.embed([(this.opts.queryPrefix ?? '') + text]))[0]!;
  }
}
