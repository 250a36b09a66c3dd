/** A model folder marked as a stand-in (random weights, for timing only) is never presented as the real model. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTinyModel } from '../scripts/make-tiny-onnx.js';
import { openEngine } from '../src/answer/engine.js';
import { banner } from '../src/frontends/repl.js';
import { summaryText } from '../src/frontends/startup.js';
import { buildIndex } from '../src/index/build.js';
import { predictEmbedder, selectEmbedder } from '../src/index/embeddings/selectEmbedder.js';
import { STAND_IN_LABEL, STAND_IN_MARKER } from '../src/index/embeddings/standIn.js';
import { manifestOf, tempDir, tempWorkspace } from './helpers.js';

describe('stand-in model folder', () => {
  it('labels the embedder id, reason, manifest notice, build summary and REPL banner; the real folder gets none of it', async () => {
    const ws = tempWorkspace(['001_3287f4c9aebca050.txt']);
    const model = makeTinyModel(join(tempDir(), 'bge-small-zh-v1.5'), { dim: 8, seed: 11 });
    const config = { ...ws.config, EMBEDDER: 'auto' as const, MODEL_DIR: model.dir };

    // Unmarked: the plain id, no notice.
    expect(predictEmbedder(config)).toMatchObject({ id: `transformers:${config.EMBED_MODEL}`, mode: 'transformers' });
    const plain = await buildIndex(config);
    expect(plain.notice).toBeUndefined();
    expect(manifestOf(ws.index).embedder.notice).toBeUndefined();

    writeFileSync(join(model.dir, STAND_IN_MARKER), 'stand-in for a test\n');
    const predicted = predictEmbedder(config)!;
    expect(predicted.id).toContain(STAND_IN_LABEL);
    expect(predicted.reason).toContain(STAND_IN_LABEL);
    const { info } = await selectEmbedder(config, { quiet: true });
    expect(info).toMatchObject({ mode: 'transformers', dim: 8, standIn: true, id: predicted.id });
    expect(info.reason).toContain(STAND_IN_LABEL);

    // Another embedder id: the index built with the real folder is rebuilt, and says what it is.
    const built = await buildIndex(config);
    expect(built.noop).toBe(false);
    expect(manifestOf(ws.index).embedder.id).toContain(STAND_IN_LABEL);
    expect(manifestOf(ws.index).embedder.notice).toContain(STAND_IN_LABEL);
    expect(summaryText(built)).toContain(`note: the vectors come from a ${STAND_IN_LABEL}`);
    const engine = await openEngine(config, { autoBuild: false });
    expect(banner(engine)).toContain('随机权重的替身');
    expect(banner(engine)).not.toContain('无权重检索模式');
    engine.close?.();

    // Marked by its config.json alone (the marker file lost in a copy): still labelled.
    rmSync(join(model.dir, STAND_IN_MARKER));
    const cfg = JSON.parse(readFileSync(join(model.dir, 'config.json'), 'utf8'));
    writeFileSync(join(model.dir, 'config.json'), JSON.stringify({ ...cfg, stand_in: 'random weights' }));
    expect(predictEmbedder(config)!.id).toContain(STAND_IN_LABEL);
  });
});
