/**
 * A STAND-IN for bge-small-zh-v1.5, for timing only: a full BERT encoder ONNX graph of the real
 * model's exact shape (vocab 21128, hidden 512, 4 layers, 8 heads, FFN 2048 with erf GELU, 512
 * positions, 2 token types) and op structure as the PyTorch exporter writes it, with RANDOM
 * weights from a fixed seed. Its vectors mean nothing: it measures what embedding costs.
 *
 * Writes, into a git-ignored cache folder (never under MODEL_DIR's default `models/`):
 *   config.json          the real config, plus `stand_in` saying what this is
 *   STAND-IN.txt         the marker the product looks for (selectEmbedder labels the embedder)
 *   tokenizer files      the real bge-small-zh tokenizer (../shared/models)
 *   onnx/model.onnx      fp32
 *   onnx/model_quantized.onnx
 *                        int8, as ONNX Runtime's quantize_dynamic makes it with the settings of
 *                        transformers.js's convert.py (QInt8 weights, per channel, reduce_range,
 *                        MatMulConstBOnly): DynamicQuantizeLinear + MatMulInteger + Cast + scale
 *                        Mul for every weight MatMul, int8 embedding tables gathered then
 *                        DequantizeLinear. transformers.js loads this one by default.
 *
 * CLI: npx tsx scripts/make-standin-bge.ts [outDir] [--seed N]
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { STAND_IN_MARKER } from '../src/index/embeddings/standIn.js';
import { mulberry32 } from './make-tiny-onnx.js';
import { isEntryPoint } from '../src/frontends/args.js';
import {
  byteTensor,
  copyTokenizer,
  FLOAT,
  floatTensor,
  int64Const,
  INT64,
  INT8,
  node,
  SHARED_BGE_DIR,
  tensorInput,
  writeModel,
  type OnnxTypes,
} from './onnx-graph.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
/** Default output: a cache folder inside node_modules (git-ignored, remade after `npm ci`). */
export const STANDIN_DIR = join(ROOT, 'node_modules/.cache/beian-assistant/standin/bge-small-zh-v1.5');
/** Bumped when the graph changes, so an older cached stand-in is rebuilt. */
const GENERATOR_VERSION = 1;
const DEFAULT_SEED = 20240611;

interface BertShape {
  vocab_size: number;
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  intermediate_size: number;
  max_position_embeddings: number;
  type_vocab_size: number;
  layer_norm_eps: number;
  hidden_act: string;
}

type Weights = Map<string, { data: Float32Array; dims: number[] }>;

/** BERT's initialisation scale (std 0.02) from a uniform distribution; LayerNorm gamma 1, beta 0; biases 0. */
function makeWeights(c: BertShape, seed: number): Weights {
  const rand = mulberry32(seed);
  const w: Weights = new Map();
  const a = 0.02 * Math.sqrt(3);
  const random = (name: string, dims: number[]) => {
    const data = new Float32Array(dims.reduce((x, y) => x * y, 1));
    for (let i = 0; i < data.length; i++) data[i] = (rand() * 2 - 1) * a;
    w.set(name, { data, dims });
  };
  const fill = (name: string, n: number, v: number) => w.set(name, { data: new Float32Array(n).fill(v), dims: [n] });
  const H = c.hidden_size;
  const I = c.intermediate_size;
  random('embeddings.word_embeddings.weight', [c.vocab_size, H]);
  random('embeddings.position_embeddings.weight', [c.max_position_embeddings, H]);
  random('embeddings.token_type_embeddings.weight', [c.type_vocab_size, H]);
  fill('embeddings.LayerNorm.weight', H, 1);
  fill('embeddings.LayerNorm.bias', H, 0);
  for (let l = 0; l < c.num_hidden_layers; l++) {
    const p = `encoder.layer.${l}`;
    // MatMul B operands are stored [in, out] (the exporter transposes nn.Linear's weight).
    for (const m of ['query', 'key', 'value']) {
      random(`${p}.attention.self.${m}.weight`, [H, H]);
      fill(`${p}.attention.self.${m}.bias`, H, 0);
    }
    random(`${p}.attention.output.dense.weight`, [H, H]);
    fill(`${p}.attention.output.dense.bias`, H, 0);
    fill(`${p}.attention.output.LayerNorm.weight`, H, 1);
    fill(`${p}.attention.output.LayerNorm.bias`, H, 0);
    random(`${p}.intermediate.dense.weight`, [H, I]);
    fill(`${p}.intermediate.dense.bias`, I, 0);
    random(`${p}.output.dense.weight`, [I, H]);
    fill(`${p}.output.dense.bias`, H, 0);
    fill(`${p}.output.LayerNorm.weight`, H, 1);
    fill(`${p}.output.LayerNorm.bias`, H, 0);
  }
  return w;
}

/** Symmetric int8 quantisation of a MatMul weight [K, N] per output column, 7-bit range (reduce_range): q in [-64, 64]. */
function quantizePerColumn(t: { data: Float32Array; dims: number[] }): { q: Int8Array; scale: Float32Array } {
  const [K, N] = t.dims as [number, number];
  const scale = new Float32Array(N);
  for (let k = 0; k < K; k++) for (let n = 0; n < N; n++) scale[n] = Math.max(scale[n]!, Math.abs(t.data[k * N + n]!));
  for (let n = 0; n < N; n++) scale[n] = scale[n]! / 64 || 1;
  const q = new Int8Array(K * N);
  for (let k = 0; k < K; k++)
    for (let n = 0; n < N; n++) q[k * N + n] = Math.max(-64, Math.min(64, Math.round(t.data[k * N + n]! / scale[n]!)));
  return { q, scale };
}

/** Symmetric int8 quantisation of a whole table (Gather data: per tensor, full range). */
function quantizePerTensor(t: { data: Float32Array }): { q: Int8Array; scale: number } {
  let max = 0;
  for (const x of t.data) max = Math.max(max, Math.abs(x));
  const scale = max / 127 || 1;
  const q = new Int8Array(t.data.length);
  for (let i = 0; i < q.length; i++) q[i] = Math.max(-127, Math.min(127, Math.round(t.data[i]! / scale)));
  return { q, scale };
}

/** The encoder graph, node for node as torch.onnx exports BertModel (LayerNorm and GELU decomposed). */
function encoderGraph(c: BertShape, w: Weights, quantized: boolean): OnnxTypes.IGraphProto {
  const nodes: OnnxTypes.INodeProto[] = [];
  const inits: OnnxTypes.ITensorProto[] = [];
  let n = 0;
  const out = (hint: string) => `${hint}_${n++}`;
  const op = (type: string, inputs: string[], attrs: Parameters<typeof node>[4] = {}, hint = type): string => {
    const o = out(hint);
    nodes.push(node(type, `${type}_${n}`, inputs, [o], attrs));
    return o;
  };
  const scalar = (name: string, v: number) => {
    inits.push(floatTensor(name, [v], []));
    return name;
  };
  const weight = (name: string) => {
    const t = w.get(name)!;
    inits.push(floatTensor(name, t.data, t.dims));
    return name;
  };
  const H = c.hidden_size;
  const heads = c.num_attention_heads;

  // quantize_dynamic quantises each activation once, however many MatMuls read it (Q, K and V share one).
  const dynq = new Map<string, [string, string, string]>();
  const quantizedInput = (x: string): [string, string, string] => {
    let q = dynq.get(x);
    if (!q) {
      q = [`${x}_quantized`, `${x}_scale`, `${x}_zero_point`];
      nodes.push(node('DynamicQuantizeLinear', `${x}_QuantizeLinear`, [x], q));
      dynq.set(x, q);
    }
    return q;
  };
  const matmul = (x: string, wName: string): string => {
    if (!quantized) return op('MatMul', [x, weight(wName)]);
    const t = w.get(wName)!;
    const { q, scale } = quantizePerColumn(t);
    inits.push(byteTensor(`${wName}_quantized`, INT8, q, t.dims));
    inits.push(floatTensor(`${wName}_scale`, scale, [scale.length]));
    inits.push(byteTensor(`${wName}_zero_point`, INT8, new Int8Array(scale.length), [scale.length]));
    const [xq, xs, xz] = quantizedInput(x);
    const mmi = op('MatMulInteger', [xq, `${wName}_quantized`, xz, `${wName}_zero_point`], {}, 'MatMulInteger');
    const cast = op('Cast', [mmi], { to: FLOAT });
    const scales = op('Mul', [xs, `${wName}_scale`], {}, 'scales_mul');
    return op('Mul', [cast, scales], {}, 'output_scale_mul');
  };
  const linear = (x: string, prefix: string) => op('Add', [weight(`${prefix}.bias`), matmul(x, `${prefix}.weight`)]);
  const gather = (table: string, ids: string): string => {
    if (!quantized) return op('Gather', [weight(table), ids], { axis: 0 });
    const { q, scale } = quantizePerTensor(w.get(table)!);
    inits.push(byteTensor(`${table}_quantized`, INT8, q, w.get(table)!.dims));
    inits.push(floatTensor(`${table}_scale`, [scale], []));
    inits.push(byteTensor(`${table}_zero_point`, INT8, new Int8Array(1), []));
    const g = op('Gather', [`${table}_quantized`, ids], { axis: 0 });
    return op('DequantizeLinear', [g, `${table}_scale`, `${table}_zero_point`]);
  };
  const layerNorm = (x: string, prefix: string): string => {
    const mean = op('ReduceMean', [x], { axes: [-1] });
    const d = op('Sub', [x, mean]);
    const variance = op('ReduceMean', [op('Pow', [d, 'two'])], { axes: [-1] });
    const std = op('Sqrt', [op('Add', [variance, 'layer_norm_eps'])]);
    return op('Add', [op('Mul', [op('Div', [d, std]), weight(`${prefix}.weight`)]), weight(`${prefix}.bias`)]);
  };
  scalar('two', 2);
  scalar('one', 1);
  scalar('half', 0.5);
  scalar('sqrt2', Math.SQRT2);
  scalar('layer_norm_eps', c.layer_norm_eps);
  scalar('head_scale', Math.sqrt(H / heads));
  scalar('mask_min', -3.4028234663852886e38); // torch.finfo(float32).min
  inits.push(int64Const('heads_shape', [0, 0, heads, H / heads]));
  inits.push(int64Const('hidden_shape', [0, 0, H]));
  inits.push(int64Const('axes_0', [0]));
  inits.push(int64Const('axes_1', [1]));
  inits.push(int64Const('axes_1_2', [1, 2]));
  inits.push(int64Const('starts_0', [0]));
  inits.push(int64Const('index_1', [1], []));
  inits.push(
    int64Const(
      'embeddings.position_ids',
      Array.from({ length: c.max_position_embeddings }, (_, i) => i),
      [1, c.max_position_embeddings],
    ),
  );

  // Embeddings: word + token type + position (position ids sliced to the sequence length), LayerNorm.
  const seqLen = op('Unsqueeze', [op('Gather', [op('Shape', ['input_ids']), 'index_1'], { axis: 0 }), 'axes_0']);
  const positionIds = op('Slice', ['embeddings.position_ids', 'starts_0', seqLen, 'axes_1']);
  const words = gather('embeddings.word_embeddings.weight', 'input_ids');
  const types = gather('embeddings.token_type_embeddings.weight', 'token_type_ids');
  const positions = gather('embeddings.position_embeddings.weight', positionIds);
  let h = layerNorm(op('Add', [op('Add', [words, types]), positions]), 'embeddings.LayerNorm');

  // Extended attention mask: (1 - mask) * finfo.min, shape [batch, 1, 1, seq].
  const maskF = op('Cast', [op('Unsqueeze', ['attention_mask', 'axes_1_2'])], { to: FLOAT });
  const maskAdd = op('Mul', [op('Sub', ['one', maskF]), 'mask_min']);

  for (let l = 0; l < c.num_hidden_layers; l++) {
    const p = `encoder.layer.${l}`;
    const split = (x: string, perm: number[]) => op('Transpose', [op('Reshape', [x, 'heads_shape'])], { perm });
    const q = split(linear(h, `${p}.attention.self.query`), [0, 2, 1, 3]);
    const k = split(linear(h, `${p}.attention.self.key`), [0, 2, 3, 1]);
    const v = split(linear(h, `${p}.attention.self.value`), [0, 2, 1, 3]);
    const scores = op('Add', [op('Div', [op('MatMul', [q, k]), 'head_scale']), maskAdd]);
    const probs = op('Softmax', [scores], { axis: -1 });
    const context = op('Reshape', [op('Transpose', [op('MatMul', [probs, v])], { perm: [0, 2, 1, 3] }), 'hidden_shape']);
    const attn = layerNorm(op('Add', [linear(context, `${p}.attention.output.dense`), h]), `${p}.attention.output.LayerNorm`);
    // GELU (erf): x * 0.5 * (1 + erf(x / √2)).
    const x = linear(attn, `${p}.intermediate.dense`);
    const gelu = op('Mul', [op('Mul', [x, op('Add', [op('Erf', [op('Div', [x, 'sqrt2'])]), 'one'])]), 'half']);
    h = layerNorm(op('Add', [linear(gelu, `${p}.output.dense`), attn]), `${p}.output.LayerNorm`);
  }
  nodes.push(node('Identity', 'output', [h], ['last_hidden_state']));

  return {
    name: quantized ? 'standin_bge_small_zh_int8' : 'standin_bge_small_zh',
    input: ['input_ids', 'attention_mask', 'token_type_ids'].map((name) => tensorInput(name, INT64, ['batch_size', 'sequence_length'])),
    output: [tensorInput('last_hidden_state', FLOAT, ['batch_size', 'sequence_length', H])],
    initializer: inits,
    node: nodes,
  };
}

export interface StandinModel {
  dir: string;
  /** Bytes of onnx/model.onnx and onnx/model_quantized.onnx. */
  bytes: { fp32: number; int8: number };
  seconds: number;
}

export function makeStandinBge(outDir = STANDIN_DIR, opts: { seed?: number } = {}): StandinModel {
  const t0 = performance.now();
  const seed = opts.seed ?? DEFAULT_SEED;
  const dir = resolve(outDir);
  const real = JSON.parse(readFileSync(join(SHARED_BGE_DIR, 'config.json'), 'utf8')) as BertShape & Record<string, unknown>;
  if (real.model_type !== 'bert' || real.hidden_act !== 'gelu') throw new Error(`unexpected model config in ${SHARED_BGE_DIR}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  copyTokenizer(dir);

  const w = makeWeights(real, seed);
  const opset = [{ domain: '', version: 14 }];
  const producerName = 'make-standin-bge (STAND-IN with random weights, for timing only)';
  const fp32 = writeModel(join(dir, 'onnx/model.onnx'), {
    irVersion: 8,
    opsetImport: opset,
    producerName,
    graph: encoderGraph(real, w, false),
  });
  const int8 = writeModel(join(dir, 'onnx/model_quantized.onnx'), {
    irVersion: 8,
    opsetImport: opset,
    producerName,
    graph: encoderGraph(real, w, true),
  });

  const what = `STAND-IN for bge-small-zh-v1.5 with random weights, for timing only: the real model's shape and op structure, random weights (mulberry32 seed ${seed}), made by scripts/make-standin-bge.ts. Its vectors mean nothing.`;
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify(
      { ...real, _name_or_path: 'stand-in/bge-small-zh-v1.5', stand_in: what, stand_in_generator: GENERATOR_VERSION },
      null,
      2,
    ) + '\n',
  );
  // The marker last: a folder without it is incomplete and is made again.
  writeFileSync(join(dir, STAND_IN_MARKER), what + '\n');
  return { dir, bytes: { fp32, int8 }, seconds: (performance.now() - t0) / 1000 };
}

/** The stand-in folder, made if missing, incomplete or from an older generator. */
export function ensureStandinBge(outDir = STANDIN_DIR): { dir: string; made?: StandinModel } {
  const dir = resolve(outDir);
  try {
    const cfg = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { stand_in_generator?: number };
    const complete = ['onnx/model.onnx', 'onnx/model_quantized.onnx', STAND_IN_MARKER, 'tokenizer.json'].every((f) =>
      existsSync(join(dir, f)),
    );
    if (complete && cfg.stand_in_generator === GENERATOR_VERSION) return { dir };
  } catch {
    /* missing or unreadable: made below */
  }
  return { dir, made: makeStandinBge(dir) };
}

if (isEntryPoint(import.meta.url)) {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { seed: { type: 'string' } } });
  } catch (err) {
    parsed = undefined;
    console.error((err as Error).message);
  }
  const seed = parsed?.values.seed === undefined ? undefined : Number(parsed.values.seed);
  if (!parsed || parsed.positionals.length > 1 || (seed !== undefined && !Number.isInteger(seed))) {
    console.error('usage: npx tsx scripts/make-standin-bge.ts [outDir] [--seed N]');
    process.exit(2);
  }
  const m = makeStandinBge(parsed.positionals[0], { seed });
  const mb = (b: number) => (b / 1048576).toFixed(1);
  console.log(
    `stand-in bge-small-zh (random weights, for timing only) written to ${m.dir}: model.onnx ${mb(m.bytes.fp32)} MiB, model_quantized.onnx ${mb(m.bytes.int8)} MiB, ${m.seconds.toFixed(1)} s`,
  );
}
