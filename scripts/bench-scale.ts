/**
 * npm run bench -- --scale: synthetic registers of 1k, 5k and 20k rows (with 250, 1,250 and 5,000
 * passages of synthetic text), each built with the weight-free embedder into a temp INDEX_DIR in a
 * child process; reports build time, index size on disk, peak RSS of the build and of the query
 * process, and latency p50/p95 of register lookups (province, company, filing number, count as of
 * a date, range, newest) and of passage questions.
 *   npx tsx scripts/bench-scale.ts [--sizes 1000,5000,20000] [--rounds 10] [--keep]
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { arg, child as runChild, dirSize, ROOT } from './benchChild.js';
import { generateScale, type ScaleRow } from './gen-scale.js';

const child = (args: string[], env: Record<string, string>) => runChild(args, env, { tsx: true });

interface Probe {
  q: string;
  /** Text the answer must contain (a sanity check that the lookup answered, not just ran). */
  expect?: string;
}

/** Register lookups about rows that exist in the generated register. */
function lookupProbes(rows: ScaleRow[]): Probe[] {
  const at = (k: number) => rows[Math.floor((k * rows.length) / 7)]!;
  const asOf = (p: string) => rows.filter((r) => r.track === 'genai-filing' && r.province === p && r.date <= '2024-06-30').length;
  const out: Probe[] = [];
  for (const k of [1, 3, 5]) {
    const r = at(k);
    out.push({ q: `${r.filingNo}是哪家公司的？`, expect: r.company });
    out.push({ q: `截至2024年6月${r.province}有多少款生成式人工智能服务备案？`, expect: `备案共 ${asOf(r.province)} 条` });
    out.push({ q: `${r.company.replace(/有限公司$/, '')}有哪些备案？`, expect: r.company });
  }
  out.push({ q: '广东有哪些备案？', expect: '广东' });
  out.push({ q: 'How many filings does Beijing have?', expect: '北京' });
  out.push({ q: '2024年上半年有多少款生成式人工智能服务备案？', expect: '2024年上半年' });
  out.push({ q: '最新的备案有哪些？', expect: '最新的' });
  out.push({ q: `${at(2).model}是哪家公司的？`, expect: at(2).company });
  return out;
}

const QUESTIONS: Probe[] = [
  { q: '哪个模型用于医疗影像场景？' },
  { q: '该模型已服务多少家企业？' },
  { q: '合成测试文本说明了哪些重点拓展方向？' },
  { q: '参数量约为多少亿？' },
  { q: '覆盖多少个省份？' },
  { q: '今天天气怎么样？' },
];

if (process.argv[2] === '--query') {
  // Child mode: load the engine once, time lookups and questions.
  const { loadEngineConfig } = await import('../src/config.js');
  const { openEngine } = await import('../src/answer/engine.js');
  const rows = JSON.parse(readFileSync(process.argv[3]!, 'utf8')) as ScaleRow[];
  const engine = await openEngine(loadEngineConfig(ROOT), { autoBuild: false });
  const rounds = Number(process.env.BENCH_ROUNDS ?? 10);
  const time = async (probes: Probe[]) => {
    let ok = 0;
    for (const p of probes) {
      const a = await engine.ask(p.q);
      if (!p.expect || a.answer.includes(p.expect)) ok++;
      else process.stderr.write(`unexpected answer to ${p.q}: ${a.answer.slice(0, 160)}\n`);
    }
    const t: number[] = [];
    for (let i = 0; i < rounds; i++)
      for (const p of probes) {
        const t0 = performance.now();
        await engine.ask(p.q);
        t.push(performance.now() - t0);
      }
    t.sort((a, b) => a - b);
    return { p50: t[Math.floor(t.length * 0.5)]!, p95: t[Math.ceil(t.length * 0.95) - 1]!, ok, n: probes.length };
  };
  process.stdout.write(JSON.stringify({ lookup: await time(lookupProbes(rows)), question: await time(QUESTIONS) }));
  process.exit(0);
}

const sizes = arg('--sizes', '1000,5000,20000').split(',').map(Number);
const f1 = (n: number) => (Math.round(n * 10) / 10).toFixed(1);
const table: string[][] = [
  [
    'rows',
    'passages',
    'build',
    'index size',
    'build peak RSS',
    'lookup p50 / p95',
    'question p50 / p95',
    'query peak RSS',
    'lookups right',
  ],
];
for (const n of sizes) {
  const { dir: corpus, rows } = generateScale({ rows: n, passages: Math.round(n / 4) });
  const index = corpus + '-index';
  const rowsFile = corpus + '-rows.json';
  (await import('node:fs')).writeFileSync(rowsFile, JSON.stringify(rows));
  const env = { CORPUS_DIR: corpus, INDEX_DIR: index, BENCH_ROUNDS: arg('--rounds', '10') };
  const build = child([join(ROOT, 'scripts/build-index.ts'), '--full'], env);
  const passages = Number(/(\d+) passages/.exec(build.stdout)?.[1] ?? 0);
  const q = child([join(ROOT, 'scripts/bench-scale.ts'), '--query', rowsFile], env);
  const lat = JSON.parse(q.stdout) as Record<'lookup' | 'question', { p50: number; p95: number; ok: number; n: number }>;
  table.push([
    String(n),
    String(passages),
    `${f1(build.ms / 1000)} s`,
    `${f1(dirSize(index) / 1048576)} MiB`,
    `${build.rssMiB} MiB`,
    `${f1(lat.lookup.p50)} / ${f1(lat.lookup.p95)} ms`,
    `${f1(lat.question.p50)} / ${f1(lat.question.p95)} ms`,
    `${q.rssMiB} MiB`,
    `${lat.lookup.ok}/${lat.lookup.n}`,
  ]);
  if (!process.argv.includes('--keep'))
    for (const p of [corpus, index, rowsFile, index + '.rss']) rmSync(p, { recursive: true, force: true });
  else process.stderr.write(`kept ${corpus} and ${index}\n`);
}
const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
for (const r of table)
  process.stdout.write(
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd() + '\n',
  );
process.stdout.write('build = wall time of `build-index --full` in a child process (EMBEDDER=hash), incl. Node start-up\n');
