/**
 * Bundles the `beian` command into dist/bin/ (run by `npm run compile` and `prepare`, after tsc).
 *
 * Why: a one-shot `beian ask` on the five texts spent a third of its time loading modules. Node
 * resolves, reads and compiles every file of every package one by one, and zod alone is ~95
 * files (all its locales included); opencc-js and @langchain/core add more. One bundle of our
 * code and those pure-JS packages, with the unused parts left out, cut the median one-shot time
 * by ~70 ms (measured: `npm run bench`, one-shot ask).
 *
 * Every other package stays an ordinary import from node_modules: native addons (their .node
 * files), packages that read their own files at run time (jieba's dictionary, cedict, pdf.js,
 * transformers.js) and anything loaded only on demand. A package is bundled only when it is in
 * INLINE, so a new dependency is never bundled by accident.
 *
 * Worker threads are entry points of their own: startWorker() finds `<name>.js` beside the code
 * that starts it, and every chunk lands in the same folder.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../src/config.js';
import { isEntryPoint, runMain } from '../src/frontends/args.js';

/** Pure-JS packages loaded on every start, bundled for the start-up time they cost as files. */
const INLINE = new Set(['zod', '@langchain/core', 'opencc-js', 'dotenv', 'p-queue', 'p-retry', 'eventemitter3']);

const packageName = (spec: string): string =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

export async function bundle(root: string, outdir: string): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: {
      beian: 'src/frontends/beian.ts',
      'openChecks.worker': 'src/index/openChecks.worker.ts',
      'vectorBuilder.worker': 'src/index/vectorBuilder.worker.ts',
      'extract.worker': 'src/ingest/extract/extract.worker.ts',
    },
    outdir,
    bundle: true,
    splitting: true, // each command's code loads only when that command runs
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    // Bundled CommonJS packages (dotenv) call require(): give the ES module one.
    banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
    plugins: [
      {
        name: 'only-inline-listed-packages',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => (INLINE.has(packageName(args.path)) ? undefined : { external: true }));
        },
      },
    ],
  });
}

if (isEntryPoint(import.meta.url)) {
  await runMain(async () => {
    await bundle(PROJECT_ROOT, join(PROJECT_ROOT, 'dist', 'bin'));
    return 0;
  });
}
