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
  /** Appended to the id in brackets (a stand-in model says so). */
  label?: string;
}

/** The ONNX weights file inside a model folder, if present. */
export function findWeights(dir: string): string | undefined {
  for (const f of ['onnx/model_quantized.onnx', 'onnx/model.onnx']) if (existsSync(join(dir, f))) return join(dir, f);
  return undefined;
}

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

  private async embed(texts: string[]): Promise<number[][]> {
    if (!this.extractor) throw new Error('embedder not initialised');
    const out: number[][] = [];
    const size = this.opts.batchSize ?? 16;
    for (let i = 0; i < texts.length; i += size) {
      const batch = texts.slice(i, i + size).map((t) => t.toLowerCase());
      const t = await this.extractor(batch, { pooling: 'cls', normalize: true });
      for (const v of t.tolist() as number[][]) out.push(v);
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
