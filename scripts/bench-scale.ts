/**
 * npm run bench -- --scale: builds indexes from synthetic data of 1k, 5k and 20k register rows
 * (with 250, 1,250 and 5,000 passages) with the weight-free embedder, in child processes, and
 * reports build time, index size, peak RSS, and lookup/question latency p50/p95.
 *   node --import tsx scripts/bench-scale.ts [--sizes 1000,5000,20000]
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateScale } from './gen-scale.js';

const ROOT = resolve(import.meta.dirname, '..');
const PROBE = join(ROOT, 'scripts/rss-probe.mjs');

const dirSize = (d: string): number => readdirSync(d).reduce((n, f) => n + statSync(join(d, f)).size, 0);

function child(args: string[], env: Record<string, string>): { ms: number; rssMiB: number; stdout: string } {
  const rssFile = join(env.INDEX_DIR! + '.rss');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', PROBE, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, EMBEDDER: 'hash', LOG_LEVEL: 'warn', BENCH_RSS_FILE: rssFile },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return { ms: performance.now() - t0, rssMiB: Math.round(Number(readFileSync(rssFile, 'utf8')) / 1024), stdout: r.stdout };
}

if (process.argv[2] === '--query') {
  // Child mode: load the engine once, time register lookups and passage questions.
  const { loadEngineConfig } = await import('../src/config.js');
  const { openEngine } = await import('../src/answer/engine.js');
  const engine = await openEngine(loadEngineConfig(ROOT), { autoBuild: false });
  const lookups = ['截至2024年6月北京有多少款生成式人工智能服务备案？', '广东有哪些备案？', 'Beijing-HeCheng2-202505150002是哪家公司的？', '最新的备案有哪些？', '2024年上半年有多少款服务备案？', '第一批有哪些大模型？'];
  const questions = ['合成模型主要用于哪些场景？', '该模型已服务多少家企业？', '哪个模型用于医疗影像场景？', '今天天气怎么样？', '参数量约为多少亿？', '覆盖多少个省份？'];
  const time = async (qs: string[]) => {
    for (const q of qs) await engine.ask(q);
    const t: number[] = [];
    for (let i = 0; i < 10; i++)
      for (const q of qs) {
        const t0 = performance.now();
        await engine.ask(q);
        t.push(performance.now() - t0);
      }
    t.sort((a, b) => a - b);
    return { p50: t[Math.floor(t.length * 0.5)]!, p95: t[Math.ceil(t.length * 0.95) - 1]! };
  };
  process.stdout.write(JSON.stringify({ lookup: await time(lookups), question: await time(questions) }));
  process.exit(0);
}

const sizes = (process.argv.includes('--sizes') ? process.argv[process.argv.indexOf('--sizes') + 1]! : '1000,5000,20000').split(',').map(Number);
const f1 = (n: number) => Math.round(n * 10) / 10;
const rows: string[][] = [['rows', 'passages', 'build', 'index size', 'build peak RSS', 'lookup p50/p95', 'question p50/p95', 'query peak RSS']];
for (const n of sizes) {
  const corpus = generateScale({ rows: n, passages: n / 4 });
  const index = corpus + '-index';
  const env = { CORPUS_DIR: corpus, INDEX_DIR: index };
  const build = child([join(ROOT, 'scripts/build-index.ts'), '--full'], env);
  const passages = Number(/(\d+) passages/.exec(build.stdout)?.[1] ?? 0);
  const q = child([join(ROOT, 'scripts/bench-scale.ts'), '--query'], env);
  const lat = JSON.parse(q.stdout) as { lookup: { p50: number; p95: number }; question: { p50: number; p95: number } };
  rows.push([
    String(n), String(passages), `${f1(build.ms / 1000)} s`, `${f1(dirSize(index) / 1048576)} MiB`, `${build.rssMiB} MiB`,
    `${f1(lat.lookup.p50)} / ${f1(lat.lookup.p95)} ms`, `${f1(lat.question.p50)} / ${f1(lat.question.p95)} ms`, `${q.rssMiB} MiB`,
  ]);
  rmSync(corpus, { recursive: true, force: true });
  rmSync(index, { recursive: true, force: true });
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) process.stdout.write(r.map((c, i) => c.padEnd(widths[i]!)).join('  ') + '\n');
