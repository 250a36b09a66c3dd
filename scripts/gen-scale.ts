/**
 * Synthetic scale data from a fixed seed (never for users: every name says 合成 / synthetic):
 *   node --import tsx scripts/gen-scale.ts [--rows 20000] [--passages 5000] [--out DIR]
 * writes a register of N rows (filings and a separate registration track) and text files holding
 * about P passages into DIR (default: a new temp dir), and prints DIR.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROVINCES } from '../src/records/provinces.js';
import { mulberry32 } from './make-tiny-onnx.js';

const SYL = '云星海川山河光明智慧数据图文语音视觉知行思远启航天工精灵灵犀盘古星火'.split('');
const FIELDS = ['智能客服', '政务问答', '医疗影像', '金融风控', '教育辅导', '代码生成', '视频生成', '电商导购', '法律咨询', '工业质检'];

export function generateScale(opts: { rows: number; passages: number; out?: string; seed?: number }): string {
  const rand = mulberry32(opts.seed ?? 20240101);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const word = () => pick(SYL) + pick(SYL);
  const dir = opts.out ?? mkdtempSync(join(tmpdir(), 'beian-scale-'));
  mkdirSync(dir, { recursive: true });

  const lines = ['序号,属地,模型名称,备案单位,备案号,备案时间,类型'];
  const companies: string[] = [];
  for (let i = 1; i <= opts.rows; i++) {
    const p = pick(PROVINCES);
    const d = new Date(Date.UTC(2023, 7, 1) + Math.floor(rand() * 700) * 86_400_000);
    const ymd = d.toISOString().slice(0, 10);
    const company = rand() < 0.3 && companies.length ? pick(companies) : `合成${word()}${word()}科技有限公司`;
    companies.push(company);
    const model = `合成${word()}模型${i}`;
    const track = rand() < 0.2 ? '登记' : '备案';
    lines.push(`${i},${p.zh},${model},${company},${p.pinyin}-HeCheng${i}-${ymd.replace(/-/g, '')}${String(i).padStart(4, '0')},${ymd},${track}`);
  }
  writeFileSync(join(dir, 'synthetic_register.csv'), lines.join('\n') + '\n');

  const perFile = 20;
  for (let f = 0; f * perFile < opts.passages; f++) {
    const paras: string[] = [`# 合成测试文档 ${f + 1}`];
    for (let k = 0; k < perFile && f * perFile + k < opts.passages; k++) {
      const n = Math.floor(rand() * opts.rows) + 1;
      paras.push(
        `合成${word()}模型${n}由${pick(companies)}研发，参数量约为${Math.floor(rand() * 2000) + 10}亿，主要用于${pick(FIELDS)}场景。` +
          `据合成数据，该模型已服务${Math.floor(rand() * 900) + 100}家企业，覆盖${Math.floor(rand() * 30) + 1}个省份。` +
          `合成测试文本说明：${pick(FIELDS)}和${pick(FIELDS)}是它在${2023 + Math.floor(rand() * 3)}年重点拓展的两个方向，相关数字均为随机生成。` +
          `该段落由脚本按固定种子生成，仅用于测量索引与问答在大规模数据上的速度和内存。`,
      );
    }
    writeFileSync(join(dir, `synthetic_text_${String(f).padStart(4, '0')}.txt`), paras.join('\n\n') + '\n');
  }
  return dir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (k: string, d: number) => (process.argv.includes(k) ? Number(process.argv[process.argv.indexOf(k) + 1]) : d);
  const out = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : undefined;
  process.stdout.write(generateScale({ rows: arg('--rows', 20000), passages: arg('--passages', 5000), out }) + '\n');
}
