/**
 * npm run bench [-- --scale]: performance figures (not a test).
 * - full build and no-op rebuild time (child processes, as a user runs them)
 * - warm answer latency p50/p95 over the dev question set (in process)
 * - REPL cold start to first answer (child process, index already built)
 * - one-shot `beian ask` into a pipe (child processes, median and fastest of 7), a text question and
 *   a register question (the default corpus holds the CAC's 13 lists, corpus/registers/)
 * - warm latency over the register questions apart (counts, lookups over 1,842 records)
 * - peak RSS of each; the issue-18 targets beside the figures (build < 5 s, one-shot < 0.3 s, warm p95 < 20 ms)
 * --scale runs the synthetic 1k–20k scale benchmark (scripts/bench-scale.ts) instead;
 * --corpus-scale the realistic archive of 1k–20k text files (scripts/bench-corpus.ts);
 * --model-cost what the real embedding model costs, timed with a stand-in (scripts/bench-model.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadEngineConfig } from '../src/config.js';
import { openEngine } from '../src/answer/engine.js';
import { setLogLevel } from '../src/log.js';
import { bundledBeian, ROOT } from './benchChild.js';

if (process.argv.includes('--corpus-scale')) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'scripts/bench-corpus.ts'), ...process.argv.slice(2).filter((a) => a !== '--corpus-scale')],
    {
      stdio: 'inherit',
      cwd: ROOT,
    },
  );
  process.exit(r.status ?? 1);
}

if (process.argv.includes('--model-cost')) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'scripts/bench-model.ts'), ...process.argv.slice(2).filter((a) => a !== '--model-cost')],
    {
      stdio: 'inherit',
      cwd: ROOT,
    },
  );
  process.exit(r.status ?? 1);
}

if (process.argv.includes('--scale')) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'scripts/bench-scale.ts'), ...process.argv.slice(2).filter((a) => a !== '--scale')],
    {
      stdio: 'inherit',
      cwd: ROOT,
    },
  );
  process.exit(r.status ?? 1);
}

const work = mkdtempSync(join(tmpdir(), 'beian-bench-'));
const env = { ...process.env, INDEX_DIR: join(work, 'index'), LOG_LEVEL: 'warn' };
const rssFile = join(work, 'rss');
const probe = join(ROOT, 'scripts/rss-probe.mjs');
const BEIAN = bundledBeian();

/** Runs `beian <args>` in a child, returns wall time and the child's peak RSS. */
function timed(args: string[], input?: string, waitFor?: RegExp): Promise<{ ms: number; rssMiB: number; firstMs?: number }> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    let firstMs: number | undefined;
    // What users run: the bundled command (npm ci compiles and bundles it).
    const child = spawn(process.execPath, ['--import', probe, BEIAN, ...args], {
      cwd: ROOT,
      env: { ...env, BENCH_RSS_FILE: rssFile },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (waitFor && firstMs === undefined && waitFor.test(out)) firstMs = performance.now() - t0;
    });
    child.stdin.end(input ?? '');
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) return fail(new Error(`beian ${args[0]} exited ${code}`));
      const rssKiB = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : 0;
      done({ ms: performance.now() - t0, rssMiB: Math.round(rssKiB / 1024), firstMs });
    });
  });
}

const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? 0;
};
const f1 = (n: number) => Math.round(n * 10) / 10;

const full = await timed(['build-index', '--full']);
const noop = await timed(['build-index']);
const cold = await timed(['repl'], '文心一言的参数量是多少？\n:quit\n', /来源/);
const oneShot: { ms: number; rssMiB: number }[] = [];
for (let i = 0; i < 7; i++) oneShot.push(await timed(['ask', '第一批有哪些？']));
const oneShotMs = oneShot.map((r) => r.ms);
/** Questions over the registers (issue 18's examples and their kinds). */
const REGISTER_QUESTIONS = [
  '北京有多少款完成备案？',
  '联想登记了几款？',
  'DeepSeek的备案号？',
  '哪个省最多？',
  'MiniMax是哪一期公布的？',
  '国资委有哪些备案？',
  '2025年上半年有哪些生成式人工智能服务登记？',
  'Beijing-WenXinYiYan-20230821是什么？',
  '最新的备案有哪些？',
  '上海有多少款登记？',
];
const oneShotReg: { ms: number; rssMiB: number }[] = [];
for (let i = 0; i < 7; i++) oneShotReg.push(await timed(['ask', REGISTER_QUESTIONS[0]!]));
const oneShotRegMs = oneShotReg.map((r) => r.ms);

setLogLevel('warn');
const config = loadEngineConfig(ROOT, env);
const engine = await openEngine(config, { autoBuild: false });
const devPath = resolve(ROOT, '../shared/eval/dev.jsonl');
const questions = existsSync(devPath)
  ? readFileSync(devPath, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { q: string }).q)
  : ['第四批有哪些大模型？', '文心一言的参数量是多少？', '截至2024年底有多少款生成式人工智能服务完成备案？'];
for (const x of questions) await engine.ask(x); // warm-up
const lat: number[] = [];
for (let round = 0; round < 5; round++)
  for (const x of questions) {
    const t0 = performance.now();
    await engine.ask(x);
    lat.push(performance.now() - t0);
  }
for (const x of REGISTER_QUESTIONS) await engine.ask(x); // warm-up
const latReg: number[] = [];
for (let round = 0; round < 5; round++)
  for (const x of REGISTER_QUESTIONS) {
    const t0 = performance.now();
    await engine.ask(x);
    latReg.push(performance.now() - t0);
  }
const inProcessRss = Math.round(process.resourceUsage().maxRSS / 1024);

const rows = [
  ['full build (child process)', `${f1(full.ms / 1000)} s`, `${full.rssMiB} MiB`],
  ['no-op rebuild (child process)', `${f1(noop.ms / 1000)} s`, `${noop.rssMiB} MiB`],
  ['REPL cold start → first answer', `${f1((cold.firstMs ?? cold.ms) / 1000)} s`, `${cold.rssMiB} MiB`],
  [
    'one-shot ask (7 runs)',
    `median ${(q(oneShotMs, 0.5) / 1000).toFixed(2)} s, best ${(Math.min(...oneShotMs) / 1000).toFixed(2)} s`,
    `${Math.max(...oneShot.map((r) => r.rssMiB))} MiB`,
  ],
  [
    'one-shot ask, register question (7)',
    `median ${(q(oneShotRegMs, 0.5) / 1000).toFixed(2)} s, best ${(Math.min(...oneShotRegMs) / 1000).toFixed(2)} s`,
    `${Math.max(...oneShotReg.map((r) => r.rssMiB))} MiB`,
  ],
  [`warm answer latency (${lat.length} asks)`, `p50 ${f1(q(lat, 0.5))} ms, p95 ${f1(q(lat, 0.95))} ms`, `${inProcessRss} MiB`],
  [
    `warm, register questions (${latReg.length} asks)`,
    `p50 ${f1(q(latReg, 0.5))} ms, p95 ${f1(q(latReg, 0.95))} ms`,
    `${inProcessRss} MiB`,
  ],
];
process.stdout.write(`embedder: ${engine.stats().embedder.id}; node ${process.version}\n`);
for (const [a, b, c] of rows) process.stdout.write(`${a!.padEnd(38)} ${b!.padEnd(28)} peak RSS ${c}\n`);
const stats = engine.stats();
const allLat = [...lat, ...latReg];
const target = (what: string, value: number, limit: number, unit: string) =>
  `  ${what.padEnd(28)} ${value.toFixed(unit === 's' ? 2 : 1)} ${unit} (target < ${limit} ${unit}): ${value < limit ? 'met' : 'NOT met'}\n`;
process.stdout.write(`corpus: ${stats.files} files, ${stats.records} records (the CAC lists in corpus/registers included)\n`);
process.stdout.write('issue 18 targets:\n');
process.stdout.write(target('full build', full.ms / 1000, 5, 's'));
process.stdout.write(target('one-shot ask (median, worst)', Math.max(q(oneShotMs, 0.5), q(oneShotRegMs, 0.5)) / 1000, 0.3, 's'));
process.stdout.write(target('warm p95 (all questions)', q(allLat, 0.95), 20, 'ms'));
rmSync(work, { recursive: true, force: true });
