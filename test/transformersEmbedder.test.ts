/**
 * The transformers.js embedding path, end to end, without the real weights: a tiny hand-built ONNX
 * "bert" (scripts/make-tiny-onnx.ts) with the REAL bge-small-zh-v1.5 tokenizer. Its [CLS] output is
 * E[cls] + Σ E[unmasked ids], so the expected vector can be computed exactly here.
 * Nothing is downloaded: ALLOW_REMOTE_MODELS stays false.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTinyModel, type TinyModel } from '../scripts/make-tiny-onnx.js';
import { loadEngineConfig } from '../src/config.js';
import { EmbedderError, selectEmbedder } from '../src/index/embeddings/selectEmbedder.js';
import { TransformersEmbeddings } from '../src/index/embeddings/transformersEmbeddings.js';

const projectRoot = resolve(import.meta.dirname, '..');
const SHARED_BGE = resolve(projectRoot, '../shared/models/bge-small-zh-v1.5');
const UNK = 100; // [UNK] in the bge-zh / bert-base-chinese vocabulary

let tmp: string;
let tiny: TinyModel;
let emb: TransformersEmbeddings;
let encode: (text: string) => number[];

const norm = (v: number[]) => Math.hypot(...v);
const normalize = (v: number[]) => {
  const n = norm(v);
  return v.map((x) => x / n);
};
/** What the tiny model + CLS pooling + L2 normalisation must produce for these token ids. */
function expected(ids: number[]): number[] {
  const acc = tiny.weights(ids[0]!).slice();
  for (const id of ids) tiny.weights(id).forEach((x, i) => (acc[i]! += x));
  return normalize(acc);
}
function expectClose(a: number[], b: number[], tol = 1e-4): void {
  expect(a.length).toBe(b.length);
  const worst = Math.max(...a.map((x, i) => Math.abs(x - b[i]!)));
  expect(worst).toBeLessThan(tol);
}
function config(env: Record<string, string>) {
  // An empty temp dir as cwd: no .env gets merged in.
  return loadEngineConfig(join(tmp, 'cwd'), { LOG_LEVEL: 'silent', ALLOW_REMOTE_MODELS: 'false', ...env } as NodeJS.ProcessEnv);
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'tiny-bert-'));
  mkdirSync(join(tmp, 'cwd'));
  tiny = makeTinyModel(join(tmp, 'tiny-bert'), { dim: 16, seed: 7 });
  emb = await new TransformersEmbeddings({
    modelId: 'test/tiny-bert',
    localDir: tiny.dir,
    cacheDir: join(tmp, 'cache'),
    allowRemote: false,
    batchSize: 2,
  }).init();

  const tf = await import('@xenova/transformers');
  tf.env.allowRemoteModels = false;
  tf.env.allowLocalModels = true;
  tf.env.localModelPath = dirname(tiny.dir);
  const tok = await tf.AutoTokenizer.from_pretrained(basename(tiny.dir));
  encode = (text) => tok.encode(text);
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('tiny ONNX test model', () => {
  it('is a loadable folder with the real tokenizer and a labelled test config', () => {
    for (const f of [
      'config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'special_tokens_map.json',
      'vocab.txt',
      'onnx/model_quantized.onnx',
    ])
      expect(existsSync(join(tiny.dir, f)), f).toBe(true);
    const cfg = JSON.parse(readFileSync(join(tiny.dir, 'config.json'), 'utf8'));
    expect(cfg).toMatchObject({ model_type: 'bert', hidden_size: 16, vocab_size: 21128 });
    expect(cfg.note).toMatch(/NOT a real embedding model/);
    // Deterministic: same seed, same weights; another seed, other weights.
    const again = makeTinyModel(join(tmp, 'tiny-again'), { dim: 16, seed: 7 });
    const other = makeTinyModel(join(tmp, 'tiny-other'), { dim: 16, seed: 8 });
    expect(again.weights(101)).toEqual(tiny.weights(101));
    expect(other.weights(101)).not.toEqual(tiny.weights(101));
  });
});

describe('TransformersEmbeddings over the tiny model', () => {
  it('(a) loads through @xenova/transformers and returns unit vectors of the model dimension', async () => {
    expect(emb.dim).toBe(16);
    expect(emb.id).toBe('transformers:test/tiny-bert');
    const q = await emb.embedQuery('生成式人工智能服务备案');
    expect(q).toHaveLength(16);
    expect(norm(q)).toBeCloseTo(1, 5);
    const docs = await emb.embedDocuments(['深度合成', '大模型备案公告', '第三批']);
    expect(docs).toHaveLength(3);
    for (const d of docs) {
      expect(d).toHaveLength(16);
      expect(norm(d)).toBeCloseTo(1, 5);
    }
  });

  it('(b) equals normalize(E[cls] + Σ E[ids]) of the lower-cased text: lower-casing, CLS pooling, normalisation', async () => {
    const text = '百度的ERNIE Bot和OpenAI的GPT都是生成式AI服务';
    const lowerIds = encode(text.toLowerCase());
    const upperIds = encode(text);
    expect(lowerIds[0]).toBe(101); // [CLS]
    expect(lowerIds.at(-1)).toBe(102); // [SEP]
    expect(lowerIds).not.toContain(UNK); // lower-case Latin is in the vocabulary...
    expect(upperIds).toContain(UNK); // ...upper-case is not (do_lower_case is false)

    const [got] = await emb.embedDocuments([text]);
    expectClose(got!, expected(lowerIds));
    // Not what the un-lower-cased ids would give, nor mean pooling of the lower-cased ones.
    expect(Math.max(...got!.map((x, i) => Math.abs(x - expected(upperIds)[i]!)))).toBeGreaterThan(1e-2);
    const hidden = (t: number) => {
      const s = expected(lowerIds).map(() => 0);
      for (const id of lowerIds) tiny.weights(id).forEach((x, i) => (s[i]! += x));
      return tiny.weights(lowerIds[t]!).map((x, i) => x + s[i]!);
    };
    const mean = normalize(lowerIds.map((_, t) => hidden(t)).reduce((a, r) => a.map((x, i) => x + r[i]!)));
    expect(Math.max(...got!.map((x, i) => Math.abs(x - mean[i]!)))).toBeGreaterThan(1e-2);
  });

  it('(b) embedQuery prepends the query prefix', async () => {
    const prefixed = await new TransformersEmbeddings({
      modelId: 'test/tiny-bert',
      localDir: tiny.dir,
      cacheDir: join(tmp, 'cache'),
      allowRemote: false,
      queryPrefix: '查询：',
    }).init();
    const q = await prefixed.embedQuery('备案AI');
    expectClose(q, expected(encode('查询：备案ai')));
    expectClose(await emb.embedQuery('备案AI'), expected(encode('备案ai')));
  });

  it('(c) different texts differ; batching (with padding) equals one-by-one', async () => {
    const texts = ['备案', '生成式人工智能服务已备案信息', '深度合成服务算法备案清单（2024年第三批）', 'Chat机器人', '模型'];
    const batched = await emb.embedDocuments(texts); // batchSize 2: padded batches of unequal lengths
    const single = await Promise.all(texts.map((t) => emb.embedQuery(t)));
    for (let i = 0; i < texts.length; i++) {
      expectClose(batched[i]!, single[i]!, 1e-5);
      expectClose(batched[i]!, expected(encode(texts[i]!.toLowerCase())));
    }
    for (let i = 0; i < texts.length; i++)
      for (let j = i + 1; j < texts.length; j++)
        expect(Math.max(...batched[i]!.map((x, k) => Math.abs(x - batched[j]![k]!)))).toBeGreaterThan(1e-3);
  });
});

describe('selectEmbedder', () => {
  it('(d) EMBEDDER=auto with MODEL_DIR at the tiny model picks transformers', async () => {
    const { info, embeddings } = await selectEmbedder(config({ EMBEDDER: 'auto', MODEL_DIR: tiny.dir }), { quiet: true });
    expect(info.mode).toBe('transformers');
    expect(info.dim).toBe(16);
    expect(info.reason).toContain(tiny.dir);
    const v = await embeddings.embedDocuments(['备案AI']);
    expectClose(v[0]!, expected(encode('备案ai')));
  });

  it('(d) finds MODEL_DIR/<owner>/<name>/ (the model:fetch layout)', async () => {
    const root = join(tmp, 'models-root');
    makeTinyModel(join(root, 'Xenova', 'bge-small-zh-v1.5'), { dim: 8, seed: 3 });
    const { info } = await selectEmbedder(config({ EMBEDDER: 'auto', MODEL_DIR: root }), { quiet: true });
    expect(info).toMatchObject({ mode: 'transformers', dim: 8, id: 'transformers:Xenova/bge-small-zh-v1.5' });
  });

  it('(d) EMBEDDER=auto with the real tokenizer but no weights falls back to hash, saying why', async () => {
    const { info } = await selectEmbedder(config({ EMBEDDER: 'auto', MODEL_DIR: SHARED_BGE }), { quiet: true });
    expect(info.mode).toBe('hash');
    expect(info.reason).toMatch(/no ONNX weights/);
    expect(info.reason).toContain(SHARED_BGE);
  });

  it('(d) EMBEDDER=auto with no model at all falls back to hash', async () => {
    const { info } = await selectEmbedder(config({ EMBEDDER: 'auto', MODEL_DIR: join(tmp, 'nothing-here') }), { quiet: true });
    expect(info.mode).toBe('hash');
    expect(info.reason).toMatch(/no local copy/);
  });

  it('(d) EMBEDDER=transformers without weights throws EmbedderError', async () => {
    await expect(selectEmbedder(config({ EMBEDDER: 'transformers', MODEL_DIR: SHARED_BGE }), { quiet: true })).rejects.toBeInstanceOf(
      EmbedderError,
    );
    await expect(selectEmbedder(config({ EMBEDDER: 'transformers', MODEL_DIR: SHARED_BGE }), { quiet: true })).rejects.toThrow(
      /no ONNX weights/,
    );
  });

  it('EMBEDDER=hash never touches the model', async () => {
    const { info } = await selectEmbedder(config({ EMBEDDER: 'hash', MODEL_DIR: tiny.dir }), { quiet: true });
    expect(info.mode).toBe('hash');
  });
});
