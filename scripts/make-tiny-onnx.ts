/**
 * Builds a tiny, transformers.js-loadable "bert" model folder for tests: the REAL tokenizer of
 * bge-small-zh-v1.5 (copied from ../shared/models) plus a hand-made ONNX graph whose weights are
 * deterministic pseudo-random numbers. It is NOT an embedding model; it only exercises the loading,
 * tokenising, pooling and normalising path with outputs a test can compute exactly:
 *
 *   last_hidden_state[b, t] = E[ids[b, t]] + Σ_{u : mask[b, u] = 1} E[ids[b, u]]
 *
 * so the [CLS] vector is E[cls] + the sum of the embeddings of all unmasked tokens (CLS and SEP
 * included), padding excluded: content-dependent and independent of batching.
 *
 * CLI: npx tsx scripts/make-tiny-onnx.ts <outDir> [dim] [seed]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { copyTokenizer, FLOAT, int64Const, INT64, node, SHARED_BGE_DIR, tensorInput, writeModel, type OnnxTypes } from './onnx-graph.js';
import { isEntryPoint } from '../src/frontends/args.js';

export interface TinyModel {
  /** The model folder (config.json, tokenizer files, onnx/model_quantized.onnx). */
  dir: string;
  dim: number;
  vocabSize: number;
  /** Row `id` of the embedding table E, exactly as stored (float32 values). */
  weights(id: number): number[];
}

/** mulberry32: a small, well-mixed 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeTinyModel(outDir: string, opts: { dim?: number; seed?: number } = {}): TinyModel {
  const dim = opts.dim ?? 16;
  const seed = opts.seed ?? 42;
  const dir = resolve(outDir);
  mkdirSync(join(dir, 'onnx'), { recursive: true });

  copyTokenizer(dir);
  const real = JSON.parse(readFileSync(join(SHARED_BGE_DIR, 'config.json'), 'utf8')) as { vocab_size: number; pad_token_id?: number };
  const vocabSize = real.vocab_size;

  const config = {
    note:
      'TEST MODEL: a tiny hand-built ONNX graph with deterministic pseudo-random weights (mulberry32 seed ' +
      seed +
      '), made by scripts/make-tiny-onnx.ts. It is NOT a real embedding model; only the tokenizer is real (bge-small-zh-v1.5).',
    _name_or_path: 'test/tiny-bert',
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_size: dim,
    num_hidden_layers: 1,
    num_attention_heads: 1,
    intermediate_size: dim,
    hidden_act: 'gelu',
    max_position_embeddings: 512,
    type_vocab_size: 2,
    layer_norm_eps: 1e-12,
    pad_token_id: real.pad_token_id ?? 0,
    vocab_size: vocabSize,
  };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2) + '\n');

  // Embedding table E [vocab, dim], uniform in [-1, 1), stored little-endian float32.
  const rand = mulberry32(seed);
  const table = new Float32Array(vocabSize * dim);
  for (let i = 0; i < table.length; i++) table[i] = rand() * 2 - 1;
  const raw = new Uint8Array(table.buffer.slice(0));

  const graph: OnnxTypes.IGraphProto = {
    name: 'tiny_bert_test',
    input: [tensorInput('input_ids', INT64, ['batch', 'seq']), tensorInput('attention_mask', INT64, ['batch', 'seq'])],
    output: [tensorInput('last_hidden_state', FLOAT, ['batch', 'seq', dim])],
    initializer: [
      { name: 'E', dataType: FLOAT, dims: [vocabSize, dim], rawData: raw },
      int64Const('axes_2', [2]),
      int64Const('axes_1', [1]),
    ],
    node: [
      node('Gather', 'gather', ['E', 'input_ids'], ['emb'], { axis: 0 }),
      node('Cast', 'cast', ['attention_mask'], ['mask_f'], { to: FLOAT }),
      // opset 13: Unsqueeze and ReduceSum take their axes as inputs, not attributes.
      node('Unsqueeze', 'unsqueeze', ['mask_f', 'axes_2'], ['m']),
      node('Mul', 'mul', ['emb', 'm'], ['masked']),
      node('ReduceSum', 'reducesum', ['masked', 'axes_1'], ['s'], { keepdims: 1 }),
      node('Add', 'add', ['emb', 's'], ['last_hidden_state']),
    ],
  };
  const model: OnnxTypes.IModelProto = {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'make-tiny-onnx (test model, not a real embedder)',
    graph,
  };
  writeModel(join(dir, 'onnx/model_quantized.onnx'), model);

  return {
    dir,
    dim,
    vocabSize,
    weights(id: number): number[] {
      if (!Number.isInteger(id) || id < 0 || id >= vocabSize) throw new RangeError(`token id ${id} outside [0, ${vocabSize})`);
      return Array.from(table.subarray(id * dim, (id + 1) * dim));
    },
  };
}

if (isEntryPoint(import.meta.url)) {
  const [out, dimArg, seedArg] = process.argv.slice(2);
  if (!out) {
    console.error('usage: npx tsx scripts/make-tiny-onnx.ts <outDir> [dim] [seed]');
    process.exit(2);
  }
  const m = makeTinyModel(out, { dim: dimArg ? Number(dimArg) : undefined, seed: seedArg ? Number(seedArg) : undefined });
  console.log(`tiny test model (dim ${m.dim}, vocab ${m.vocabSize}, NOT a real embedder) written to ${m.dir}`);
}
