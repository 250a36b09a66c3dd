/**
 * npm run eval [-- --set ../shared/eval/dev.jsonl ...] [--json] [--verbose]
 * Without --set, scores the three dev sets in ../shared/eval. Conversation items (with a
 * `conversation` id) are asked in order within their conversation, as `ask --jsonl` would.
 * Scores exactly as ../shared/eval/README.md says: NFKC + no whitespace + lower case, first 400
 * characters of the answer, every expect item present and found=true; citation correct when one of
 * the first three citations names the source; refusals (expect_found false, kind oos…) correct when found=false.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { PROJECT_ROOT } from '../src/config.js';
import { isEntryPoint, runMain, version } from '../src/frontends/args.js';
import { fail, startEngine } from '../src/frontends/startup.js';

const Item = z.object({
  id: z.string(),
  kind: z.string().min(1),
  conversation: z.string().optional(),
  q: z.string(),
  expect: z.array(z.union([z.string(), z.array(z.string())])).optional(),
  source: z.string().optional(),
  expect_found: z.boolean().optional(),
});
type Item = z.infer<typeof Item>;

const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
const pct = (a: number, b: number) => (b ? Math.round((1000 * a) / b) / 10 : 0);
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]! : 0;
};

const USAGE = 'usage: npm run eval -- [--set <questions.jsonl>]... [--json] [--verbose]\n';
type Options = { set?: string[]; json?: boolean; verbose?: boolean; help?: boolean; version?: boolean };
const evalDir = join(PROJECT_ROOT, '..', 'shared', 'eval');

function readSet(setPath: string): Item[] {
  return readFileSync(setPath, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l, i) => {
      const parsed = Item.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${setPath}:${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

/** `beian eval`: every command exports its main (src/frontends/beian.ts runs it with its own arguments). */
export async function main(argv: string[]): Promise<number> {
  let opts: Options;
  try {
    opts = parseArgs({
      args: argv,
      options: {
        set: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    }).values;
  } catch (err) {
    process.stderr.write(`eval: ${(err as Error).message.split('\n')[0]}\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (opts.version) {
    process.stdout.write(version() + '\n');
    return 0;
  }
  const sets = opts.set?.length ? opts.set : ['dev.jsonl', 'dev2.jsonl', 'dev-conversations.jsonl'].map((f) => join(evalDir, f));
  try {
    const { engine } = await startEngine();
    const reports: unknown[] = [];
    for (const setPath of sets) reports.push(await scoreSet(engine, setPath, opts));
    if (opts.json) process.stdout.write(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 1) + '\n');
    return 0;
  } catch (err) {
    return fail(err);
  }
}

async function scoreSet(engine: Awaited<ReturnType<typeof startEngine>>['engine'], setPath: string, opts: Options): Promise<unknown> {
  const items = readSet(setPath);
  // Each run gets its own conversation ids, so a rerun in one process never continues an old one.
  const run = Math.random().toString(36).slice(2, 8);
  const byKind: Record<string, { n: number; correct: number }> = {};
  let citeN = 0,
    citeOk = 0,
    recallN = 0,
    recallOk = 0;
  const latencies: number[] = [];
  const rows: unknown[] = [];
  for (const it of items) {
    const t0 = performance.now();
    const a = await engine.ask(it.q, it.conversation ? { conversation: `${run}:${it.conversation}` } : {});
    latencies.push(performance.now() - t0);
    const head = norm(a.answer).slice(0, 400);
    let correct: boolean;
    // As ../shared/eval/README.md scores: refusals (expect_found false, or a kind starting with oos) are correct when found is false.
    const refusal = it.expect_found === false || it.kind.startsWith('oos');
    if (refusal) correct = !a.found;
    else correct = a.found && (it.expect ?? []).every((e) => (Array.isArray(e) ? e : [e]).some((alt) => head.includes(norm(alt))));
    let cited: boolean | undefined;
    let recall: boolean | undefined;
    if (!refusal && it.source) {
      // A file is named without its folder and extension (registers/cac-genai-2024-08.csv → cac-genai-2024-08).
      const name = (c: { source: string }) => c.source.replace(/^.*\//, '').replace(/\.\w+$/, '');
      cited = a.citations.slice(0, 3).some((c) => name(c) === it.source);
      recall = a.citations.slice(0, 5).some((c) => name(c) === it.source);
      citeN++;
      citeOk += +cited;
      recallN++;
      recallOk += +recall;
    }
    const k = (byKind[it.kind] ??= { n: 0, correct: 0 });
    k.n++;
    k.correct += +correct;
    rows.push({ id: it.id, kind: it.kind, correct, cited, found: a.found, answer: a.answer.slice(0, 160), ms: a.ms });
    if (opts.verbose && (!correct || cited === false))
      process.stderr.write(
        `${correct ? '✗ (citation only)' : '✗'} ${it.id} ${it.q}\n   found=${a.found} kind=${a.kind} cites=${a.citations.map((c) => c.source.slice(0, 3) + ':' + c.lines.join('-')).join(',')}\n   ${a.answer.slice(0, 200).replace(/\n/g, ' ')}\n`,
      );
  }
  const total = items.length;
  const correct = Object.values(byKind).reduce((s, k) => s + k.correct, 0);
  const report = {
    set: setPath,
    total,
    correct: pct(correct, total),
    byKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, { n: v.n, correct: pct(v.correct, v.n) }])),
    citations: pct(citeOk, citeN),
    recallAt5: pct(recallOk, recallN),
    latencyMs: { p50: Math.round(quantile(latencies, 0.5) * 10) / 10, p95: Math.round(quantile(latencies, 0.95) * 10) / 10 },
  };
  if (!opts.json) {
    process.stdout.write(
      [
        `set            ${setPath}`,
        `questions      ${total}`,
        `correct        ${report.correct}%  (${Object.entries(report.byKind)
          .map(([k, v]) => `${k} ${v.correct}% of ${v.n}`)
          .join(', ')})`,
        `citations      ${report.citations}%  (a first-three citation names the supporting file)`,
        `recall@5       ${report.recallAt5}%`,
        `latency        p50 ${report.latencyMs.p50} ms, p95 ${report.latencyMs.p95} ms`,
      ].join('\n') + '\n\n',
    );
  }
  return { ...report, items: rows };
}

if (isEntryPoint(import.meta.url)) await runMain(() => main(process.argv.slice(2)));
