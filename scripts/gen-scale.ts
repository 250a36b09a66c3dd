/**
 * Synthetic scale data from a fixed seed (never for users: every name says 合成 / synthetic):
 *   npx tsx scripts/gen-scale.ts [--rows 20000] [--passages 5000] [--seed N] [--out DIR]
 * writes into DIR (default: a new temp dir) and prints DIR:
 * - synthetic_register.csv: N rows with the CAC columns (序号, 属地, 模型名称, 备案单位, 备案号, 备案时间);
 *   about 80% filings, then a section row "二、已登记的…" and the registrations (numbered apart);
 * - synthetic_text_NNNN.txt: text files of 20 paragraphs each, P paragraphs in all, of synthetic
 *   Chinese sentences about the register's models and companies.
 * Names carry no digits (digits in names would read as years in questions) and are unique.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROVINCES } from '../src/records/provinces.js';
import { mulberry32 } from './make-tiny-onnx.js';

const SYL = '云星海川山河光明智慧数据图文语音视觉知行思远启航天工精灵犀盘古火松竹梅兰青蓝紫金银'.split('');
const LATIN = 'abcdefghijklmnopqrstuvwxyz';
const FIELDS = ['智能客服', '政务问答', '医疗影像', '金融风控', '教育辅导', '代码生成', '视频生成', '电商导购', '法律咨询', '工业质检'];

/** A unique, digit-free code for i: base-|alphabet| digits, at least `width` long. */
function code(i: number, alphabet: readonly string[], width: number): string {
  let s = '';
  for (let n = i, k = 0; k < width || n > 0; k++, n = Math.floor(n / alphabet.length)) s = alphabet[n % alphabet.length]! + s;
  return s;
}

export interface ScaleRow {
  province: string;
  model: string;
  company: string;
  filingNo: string;
  date: string;
  track: 'genai-filing' | 'genai-registration';
}

export function generateScale(opts: { rows: number; passages: number; out?: string; seed?: number }): { dir: string; rows: ScaleRow[] } {
  const rand = mulberry32(opts.seed ?? 20240101);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const dir = opts.out ?? mkdtempSync(join(tmpdir(), 'beian-scale-'));
  mkdirSync(dir, { recursive: true });

  const companies: string[] = [];
  const known = new Set<string>();
  const rows: ScaleRow[] = [];
  for (let i = 0; i < opts.rows; i++) {
    const p = pick(PROVINCES);
    const date = new Date(Date.UTC(2023, 7, 1) + Math.floor(rand() * 700) * 86_400_000).toISOString().slice(0, 10);
    const company = rand() < 0.3 && companies.length ? pick(companies) : `合成${code(companies.length, SYL, 4)}科技有限公司`;
    if (!known.has(company)) {
      known.add(company);
      companies.push(company);
    }
    const track = rand() < 0.2 ? 'genai-registration' : 'genai-filing';
    const latin = code(i, LATIN.split(''), 4);
    rows.push({
      province: p.zh,
      model: `合成${code(i, SYL, 4)}${track === 'genai-registration' ? '应用' : '模型'}`,
      company,
      filingNo: `${p.pinyin}-HeCheng${latin[0]!.toUpperCase()}${latin.slice(1)}-${date.replace(/-/g, '')}${String(i % 10000).padStart(4, '0')}`,
      date,
      track,
    });
  }
  // Filings first, then the registrations under a section row, as the CAC lists them.
  const line = (r: ScaleRow, n: number) => [n, r.province, r.model, r.company, r.filingNo, r.date].join(',');
  const filings = rows.filter((r) => r.track === 'genai-filing');
  const registrations = rows.filter((r) => r.track === 'genai-registration');
  const csv = [
    '序号,属地,模型名称,备案单位,备案号,备案时间',
    ...filings.map((r, k) => line(r, k + 1)),
    '二、已登记的生成式人工智能应用（合成测试数据）,,,,,',
    ...registrations.map((r, k) => line(r, k + 1)),
  ];
  writeFileSync(join(dir, 'synthetic_register.csv'), csv.join('\n') + '\n');

  const perFile = 20;
  for (let f = 0; f * perFile < opts.passages; f++) {
    const paras: string[] = [`# 合成测试文档 ${f + 1}`];
    for (let k = 0; k < perFile && f * perFile + k < opts.passages; k++) {
      const r = rows.length ? pick(rows) : undefined;
      const model = r?.model ?? `合成${code(k, SYL, 4)}模型`;
      paras.push(
        `${model}由${r?.company ?? '合成科技有限公司'}研发，参数量约为${Math.floor(rand() * 2000) + 10}亿，主要用于${pick(FIELDS)}场景。` +
          `据合成数据，该模型已服务${Math.floor(rand() * 900) + 100}家企业，覆盖${Math.floor(rand() * 30) + 1}个省份。` +
          `合成测试文本说明：${pick(FIELDS)}和${pick(FIELDS)}是它在${2023 + Math.floor(rand() * 3)}年重点拓展的两个方向，相关数字均为随机生成。` +
          `该段落由脚本按固定种子生成，仅用于测量索引与问答在大规模数据上的速度和内存。`,
      );
    }
    writeFileSync(join(dir, `synthetic_text_${String(f).padStart(4, '0')}.txt`), paras.join('\n\n') + '\n');
  }
  return { dir, rows };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (k: string, d: number) => (process.argv.includes(k) ? Number(process.argv[process.argv.indexOf(k) + 1]) : d);
  const out = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : undefined;
  const { dir } = generateScale({ rows: arg('--rows', 20000), passages: arg('--passages', 5000), seed: arg('--seed', 20240101), out });
  process.stdout.write(dir + '\n');
}

/**
 * A realistic archive for `bench --corpus-scale`: `files` text files of about `bytes` bytes each,
 * made of the real corpus's sentences shuffled from a fixed seed (paragraphs of 2–4 sentences),
 * plus, when `registerRows` > 0, the synthetic register of `generateScale`.
 */
export function generateCorpusScale(opts: {
  files: number;
  corpus: string;
  out?: string;
  seed?: number;
  bytes?: number;
  registerRows?: number;
}): { dir: string; rawBytes: number } {
  const rand = mulberry32(opts.seed ?? 20240611);
  const target = opts.bytes ?? 3000;
  const sentences: string[] = [];
  for (const f of readdirSync(opts.corpus)
    .filter((n) => n.endsWith('.txt'))
    .sort()) {
    const text = readFileSync(join(opts.corpus, f), 'utf8').replace(/\s*\n\s*/g, '');
    for (const s of text.split(/(?<=[。！？])/)) if ([...s].length >= 12 && [...s].length <= 200) sentences.push(s.trim());
  }
  if (!sentences.length) throw new Error(`no sentences in ${opts.corpus}`);
  const dir = opts.out ?? mkdtempSync(join(tmpdir(), 'beian-corpus-scale-'));
  mkdirSync(dir, { recursive: true });
  let rawBytes = 0;
  for (let i = 0; i < opts.files; i++) {
    const paras: string[] = [];
    let size = 0;
    while (size < target) {
      const n = 2 + Math.floor(rand() * 3);
      const p = Array.from({ length: n }, () => sentences[Math.floor(rand() * sentences.length)]!).join('');
      paras.push(p);
      size += Buffer.byteLength(p) + 2;
    }
    const body = paras.join('\n\n') + '\n';
    rawBytes += Buffer.byteLength(body);
    writeFileSync(join(dir, `archive_${String(i).padStart(5, '0')}.txt`), body);
  }
  if (opts.registerRows) {
    const reg = generateScale({ rows: opts.registerRows, passages: 0, out: join(dir, '.register-tmp') });
    const csv = readFileSync(join(reg.dir, 'synthetic_register.csv'));
    rawBytes += csv.length;
    writeFileSync(join(dir, 'synthetic_register.csv'), csv);
    rmSync(reg.dir, { recursive: true, force: true });
  }
  return { dir, rawBytes };
}
