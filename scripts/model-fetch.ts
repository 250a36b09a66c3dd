/**
 * npm run model:fetch — for machines that are online: downloads the configured EMBED_MODEL
 * (default Xenova/bge-small-zh-v1.5) from the model hub into MODEL_DIR/<owner>/<name>/ (with
 * onnx/model_quantized.onnx) through transformers.js, then checks that it loads and embeds offline
 * through TransformersEmbeddings, the way the engine will use it.
 * On any failure it prints one line and exits 1.
 */
import { join } from 'node:path';
import { ConfigError, loadEngineConfig } from '../src/config.js';
import { localModelDir } from '../src/index/embeddings/selectEmbedder.js';
import { findWeights, TransformersEmbeddings } from '../src/index/embeddings/transformersEmbeddings.js';

function fail(msg: string): never {
  console.error(`model:fetch: ${msg}`);
  process.exit(1);
}

const firstLine = (err: unknown) => ((err as Error)?.message ?? String(err)).split('\n')[0]!.trim();

async function main(): Promise<void> {
  let config;
  try {
    config = loadEngineConfig();
  } catch (err) {
    fail(err instanceof ConfigError ? err.message : firstLine(err));
  }
  const model = config.EMBED_MODEL;
  const target = join(config.MODEL_DIR, model);

  if (findWeights(target)) {
    console.error(`model:fetch: ${model} is already in ${target}; verifying it`);
  } else {
    console.error(`model:fetch: downloading ${model} from the model hub into ${target} ...`);
    try {
      const tf = await import('@xenova/transformers');
      tf.env.allowRemoteModels = true;
      tf.env.allowLocalModels = false; // fetch from the hub, not from some other local copy
      tf.env.useFSCache = true;
      tf.env.cacheDir = config.MODEL_DIR; // files land at MODEL_DIR/<owner>/<name>/...
      await tf.pipeline('feature-extraction', model, {
        quantized: true,
        progress_callback: (p: { status?: string; file?: string }) => {
          if (p.status === 'done' && p.file) console.error(`  ${p.file}`);
        },
      });
    } catch (err) {
      fail(
        `could not download ${model} into ${target} (${firstLine(err)}); this needs internet access to the Hugging Face hub` +
          ' — offline, copy the model folder there by hand, or keep using the weight-free embedder',
      );
    }
    if (!findWeights(target)) fail(`download finished but no onnx/model_quantized.onnx appeared in ${target}`);
  }

  // Verify offline, exactly as selectEmbedder will load it.
  const dir = localModelDir(config);
  if (!dir || !findWeights(dir)) fail(`${model} was not found under ${config.MODEL_DIR} after the download`);
  try {
    const e = await new TransformersEmbeddings({ modelId: model, localDir: dir, cacheDir: config.MODEL_DIR, allowRemote: false }).init();
    const [a, b] = await e.embedDocuments(['生成式人工智能服务备案', '深度合成算法']);
    const unit = (v: number[]) => Math.abs(Math.hypot(...v) - 1) < 1e-3;
    if (!a || !b || !unit(a) || !unit(b) || a.every((x, i) => Math.abs(x - b[i]!) < 1e-6))
      fail(`${model} in ${dir} loads but does not produce sensible embeddings`);
    console.log(`model:fetch: ok — ${model} in ${dir} loads offline (${e.dim} dimensions); EMBEDDER=auto will use it`);
  } catch (err) {
    fail(`${model} in ${dir} does not load (${firstLine(err)})`);
  }
}

main().then(
  () => process.exit(0),
  (err) => fail(firstLine(err)),
);
