/**
 * npm run bench -- --corpus-scale [--sizes 1000,5000,20000] [--rounds 5] [--keep]
 * A realistic archive: N text files of about 3 KB made of the real corpus's sentences (fixed seed)
 * plus the 20k-row synthetic register, built with the weight-free embedder. For each size:
 * full build, incremental rebuild after one changed file, no-op check, index size against the raw
 * text, build and query peak RSS, one-shot `ask` (a fresh process, as a user runs it) and warm
 * latency p50/p95 over the dev questions; then the growth from the first size to the last.
 * Runs the compiled entry points (run `npm run compile` after editing src/).
 */
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { arg, bundledBeian, child, dirSize, ROOT } from './benchChild.js';
import { generateCorpusScale } from './gen-scale.js';

const questionsOf = (set: string, fallback: string[]): string[] => {
  const p = resolve(ROOT, `../shared/eval/${set}.jsonl`);
  return existsSync(p)
    ? readFileSync(p, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { q: string }).q)
    : fallback;
};

if (process.argv[2] === '--query') {
  // Child mode: open the engine once, warm it up on other questions (dev2), then time the dev
  // questions: their first asking apart (nothing of them remembered yet), then `rounds` repeats.
  const { loadEngineConfig } = await import(join(ROOT, 'dist/src/config.js'));
  const { openEngine } = await import(join(ROOT, 'dist/src/answer/engine.js'));
  const engine = await openEngine(loadEngineConfig(ROOT), { autoBuild: false });
  for (const q of questionsOf('dev2', ['第三批有哪些大模型？', '百度的大模型叫什么？'])) await engine.ask(q);
  const qs = questionsOf('dev', ['第四批有哪些大模型？', '文心一言的参数量是多少？', '截至2024年底有多少款生成式人工智能服务完成备案？']);
  const time = async (q: string) => {
    const t0 = performance.now();
    await engine.ask(q);
    return performance.now() - t0;
  };
  const first: number[] = [];
  for (const q of qs) first.push(await time(q));
  const t: number[] = [];
  for (let i = 0; i < Number(process.env.BENCH_ROUNDS ?? 5); i++) for (const q of qs) t.push(await time(q));
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(xs.length * p) - 1)]!;
  process.stdout.write(
    JSON.stringify({ p50: pct(t, 0.5), p95: pct(t, 0.95), firstP50: pct(first, 0.5), firstP95: pct(first, 0.95), n: t.length }),
  );
  process.exit(0);
}

const BEIAN = bundledBeian();
const sizes = arg('--sizes', '1000,5000,20000').split(',').map(Number);
const registerRows = Number(arg('--register-rows', '20000'));
const f1 = (n: number) => (Math.round(n * 10) / 10).toFixed(1);
const head = [
  'files',
  'passages',
  'raw text',
  'full build',
  'build RSS',
  'one changed file',
  'no-op',
  'index on disk',
  'one-shot ask (lookup / passage)',
  'warm p50 / p95',
  'first asking p50 / p95',
  'query RSS',
];
const table: string[][] = [head];
const figures: Record<string, number>[] = [];
for (const n of sizes) {
  const { dir: corpus, rawBytes } = generateCorpusScale({ files: n, corpus: join(ROOT, 'corpus'), registerRows });
  const index = corpus + '-index';
  const env = { CORPUS_DIR: corpus, INDEX_DIR: index, BENCH_ROUNDS: arg('--rounds', '5') };
  const build = child([BEIAN, 'build-index', '--full'], env);
  const passages = Number(/(\d+) passages/.exec(build.stdout)?.[1] ?? 0);
  appendFileSync(join(corpus, 'archive_00007.txt'), '\n一处改动：这一段是基准测试在增量构建前追加的。\n');
  const incr = child([BEIAN, 'build-index'], env);
  if (!/1 updated/.test(incr.stdout)) throw new Error(`incremental build did not update one file: ${incr.stdout}`);
  const noop = child([BEIAN, 'build-index'], env);
  const size = dirSize(index);
  // One-shot questions: a lookup (the records answer it) and a passage question (the search answers it).
  const oneShot = (q: string) => [0, 1, 2].map(() => child([BEIAN, 'ask', '--json', q], env).ms).sort((a, b) => a - b);
  const asks = oneShot('文心一言的参数量是多少？');
  const passageAsks = oneShot('中国电信构建了多少个专业领域大模型？');
  const q = child([join(ROOT, 'scripts/bench-corpus.ts'), '--query'], { ...env, NODE_OPTIONS: '--import tsx' });
  const lat = JSON.parse(q.stdout) as { p50: number; p95: number; firstP50: number; firstP95: number };
  figures.push({
    n,
    passages,
    build: build.ms,
    incr: incr.ms,
    size,
    raw: rawBytes,
    ask: asks[1]!,
    p50: lat.p50,
    p95: lat.p95,
    buildRss: build.rssMiB,
    queryRss: q.rssMiB,
  });
  table.push([
    String(n),
    String(passages),
    `${f1(rawBytes / 1048576)} MiB`,
    `${f1(build.ms / 1000)} s`,
    `${build.rssMiB} MiB`,
    `${(incr.ms / 1000).toFixed(2)} s`,
    `${f1(noop.ms / 1000)} s`,
    `${f1(size / 1048576)} MiB (${f1(size / rawBytes)}×)`,
    `${(asks[1]! / 1000).toFixed(2)} / ${(passageAsks[1]! / 1000).toFixed(2)} s`,
    `${f1(lat.p50)} / ${f1(lat.p95)} ms`,
    `${f1(lat.firstP50)} / ${f1(lat.firstP95)} ms`,
    `${q.rssMiB} MiB`,
  ]);
  process.stderr.write(`${n} files done\n`);
  if (!process.argv.includes('--keep')) for (const p of [corpus, index, index + '.rss']) rmSync(p, { recursive: true, force: true });
  else process.stderr.write(`kept ${corpus} and ${index}\n`);
}
const widths = head.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
for (const r of table)
  process.stdout.write(
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd() + '\n',
  );
if (figures.length > 1) {
  const a = figures[0]!;
  const b = figures.at(-1)!;
  const g = (k: string) => `${f1(b[k]! / a[k]!)}×`;
  process.stdout.write(
    `growth ${a.n} → ${b.n} files (${f1(b.passages! / a.passages!)}× passages): full build ${g('build')}, one changed file ${g('incr')}, ` +
      `index ${g('size')}, one-shot ask ${g('ask')}, warm p50 ${g('p50')}, p95 ${g('p95')}, build RSS ${g('buildRss')}, query RSS ${g('queryRss')}\n`,
  );
}
process.stdout.write(
  'child processes of the compiled entry points, EMBEDDER=hash; one-shot ask = median of 3 `ask --json` runs of each question (Node start-up included); ' +
    `warm = dev questions × rounds in one process after a first asking of each (timed apart) and a warm-up on dev2; plus a ${registerRows}-row synthetic register in every corpus\n`,
);
