/**
 * npm run registers:import [-- <lists.json> <out folder>]: the CAC's generative-AI lists
 * (../shared/registers/cac-genai-lists.json, see its README for provenance) → one CSV per list
 * under corpus/registers/ (cac-genai-2024-04.csv …) plus a sidecar <file>.meta.json with the list's
 * title, publisher, period, announcement page and download address (src/ingest/sourceMeta.ts).
 *
 * The CSVs are the lists as published: the CAC's own columns in its order (模型名称/大模型名称,
 * 备案号/备案编号 as each list names them, 适用场景 where a list has it), every row in its order,
 * and every rough edge left in place (the 登记 header rows repeated inside the data, the rows whose
 * name and company are swapped, a cut-off number, 补登 dates, typos in number prefixes). Coping with
 * those is the importer's job (src/records/registers.ts), not this converter's. The third party's
 * `_kind` column is not written: it is not the CAC's.
 *
 * Rerunnable: the output depends only on the JSON; files of lists no longer in the JSON are left
 * alone (named), nothing else in the folder is touched. Stops with a message, writing nothing, when
 * a row has a column its list's header does not name.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as z from 'zod';
import { SourceMeta, sidecarOf } from '../src/ingest/sourceMeta.js';

const ROOT = resolve(import.meta.dirname, '..');
const [input = resolve(ROOT, '../shared/registers/cac-genai-lists.json'), outDir = join(ROOT, 'corpus/registers')] = process.argv.slice(2);

const PUBLISHER = '国家互联网信息办公室';
/** Columns the third party added to the CAC's rows (not written). */
const ADDED = new Set(['_kind']);
/** Columns some rows of a list have beyond the list's header (the 2026-08 list's 适用场景). */
const EXTRA_COLUMNS = ['适用场景'];

const Batch = z.object({
  period: z.string().regex(/^\d{4}-\d{2}$/),
  name: z.string().min(1),
  url: z.string().url(),
  page: z.string().url(),
  count: z.number().int().nonnegative(),
  n_beian: z.number().int().nonnegative(),
  n_dengji: z.number().int().nonnegative(),
  header: z.array(z.string().min(1)).min(2),
  rows: z.array(z.record(z.string(), z.string())),
});
const Lists = z.object({ meta: z.record(z.string(), z.unknown()), batches: z.array(Batch).min(1) });

const fail = (msg: string): never => {
  process.stderr.write(`registers:import: ${msg}\n`);
  process.exit(1);
};

/** One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break. */
const cell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function listCsv(b: z.infer<typeof Batch>): string {
  const extra = EXTRA_COLUMNS.filter((c) => !b.header.includes(c) && b.rows.some((r) => c in r));
  const columns = [...b.header, ...extra];
  const known = new Set([...columns, ...ADDED]);
  const lines = [columns.map(cell).join(',')];
  b.rows.forEach((r, i) => {
    const unknown = Object.keys(r).filter((k) => !known.has(k));
    if (unknown.length) fail(`${b.period} row ${i + 1}: column(s) ${unknown.join(', ')} not in the list's header ${b.header.join(', ')}`);
    lines.push(columns.map((c) => cell(r[c] ?? '')).join(','));
  });
  // A BOM: Excel opens the file as UTF-8 (the importer skips it).
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

export const fileOf = (period: string) => `cac-genai-${period}.csv`;

function main(): void {
  if (!existsSync(input)) fail(`${input} not found (the shared registers folder, ../shared/registers/)`);
  const parsed = Lists.safeParse(JSON.parse(readFileSync(input, 'utf8')));
  if (!parsed.success)
    fail(
      `${input}: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  const { batches } = parsed.data!;
  const periods = batches.map((b) => b.period);
  if (new Set(periods).size !== periods.length) fail(`two lists share a period: ${periods.join(', ')}`);
  // Everything is checked before anything is written.
  const out = batches.map((b) => {
    if (b.rows.length !== b.count) fail(`${b.period}: ${b.rows.length} rows, the list says count ${b.count}`);
    const meta = SourceMeta.parse({ title: b.name, publisher: PUBLISHER, period: b.period, url: b.page, downloadUrl: b.url });
    return { b, csv: listCsv(b), meta };
  });
  mkdirSync(outDir, { recursive: true });
  for (const { b, csv, meta } of out) {
    const name = fileOf(b.period);
    writeFileSync(join(outDir, name), csv);
    writeFileSync(join(outDir, sidecarOf(name)), JSON.stringify(meta, null, 2) + '\n');
    process.stdout.write(`${name}: ${b.rows.length} rows (${b.name})\n`);
  }
  const written = new Set(out.flatMap(({ b }) => [fileOf(b.period), sidecarOf(fileOf(b.period))]));
  const others = readdirSync(outDir).filter((f) => /^cac-genai-.*\.csv(\.meta\.json)?$/.test(f) && !written.has(f));
  if (others.length) process.stdout.write(`left alone (not in ${input}): ${others.join(', ')}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();
