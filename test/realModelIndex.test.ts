/** An index built with a (tiny, test-only) transformers model: no-op builds never load it; losing it keeps the index. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTinyModel } from '../scripts/make-tiny-onnx.js';
import { buildIndex } from '../src/index/build.js';
import { IndexError, loadIndex } from '../src/index/load.js';
import { tempWorkspace } from './helpers.js';
import { hybridSearch } from '../src/retrieve/hybrid.js';

describe('index built with a real-model embedder', () => {
  it('a no-op build does not load the model; a missing model keeps the index (answering lexically) unless --full', async () => {
    const ws = tempWorkspace(['001_3287f4c9aebca050.txt']);
    const tiny = makeTinyModel(join(mkdtempSync(join(tmpdir(), 'tiny-model-')), 'tiny-bert'), { dim: 16, seed: 5 });
    const withModel = { ...ws.config, EMBEDDER: 'auto' as const, MODEL_DIR: tiny.dir };
    const first = await buildIndex(withModel);
    expect(first.embedder).toMatchObject({ mode: 'transformers', dim: 16 });

    // Unloadable weights: a no-op build must not notice, because it never loads them.
    writeFileSync(join(tiny.dir, 'onnx/model_quantized.onnx'), 'not a model');
    expect(await buildIndex(withModel)).toMatchObject({ noop: true, embedder: { mode: 'transformers', dim: 16 } });

    // The model folder gone for one run: the index is kept, not silently rebuilt weight-free.
    const without = { ...ws.config, EMBEDDER: 'auto' as const, MODEL_DIR: join(ws.dir, 'no-models') };
    const err = await buildIndex(without).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IndexError);
    expect((err as Error).message).toMatch(/built with transformers:.*keeping it .* --full/);
    const idx = await loadIndex(without);
    expect(idx.vectorsOff).toMatch(/answering lexically/);
    expect((await hybridSearch(idx, '生成式人工智能', 3)).length).toBe(3);
    idx.close();
    expect(await buildIndex(without, { full: true })).toMatchObject({ noop: false, embedder: { mode: 'hash' } });
  });
});
