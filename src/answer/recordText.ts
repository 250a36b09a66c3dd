/** How filing records read in an answer and in a citation. */
import { chineseOrdinal } from '../text/chars.js';
import type { FilingRecord } from '../records/schema.js';
import { TRACK_LABEL } from '../records/schema.js';

export const batchLabel = (r: Pick<FilingRecord, 'batch' | 'batchDate'>): string =>
  r.batch ? `第${chineseOrdinal(r.batch)}批${r.batchDate ? `（${r.batchDate.text}）` : ''}` : '';

/** "2024-08" → "2024年8月". */
export const listMonth = (ym: string): string => `${ym.slice(0, 4)}年${Number(ym.slice(5, 7))}月`;

/** The model's name for prose: the table's placeholder "未对外公布名称" reads as what it means. */
export const modelName = (r: Pick<FilingRecord, 'model'>): string =>
  /^未(对外)?公布(名称)?$/.test(r.model.trim()) ? '名称未对外公布的模型' : r.model;

/** "云雀大模型（抖音）". */
export const nameWithCompany = (r: FilingRecord): string => (r.company ? `${modelName(r)}（${r.company}）` : r.model);

/** Shortens a long text to the sentence(s) or clauses that share the most words with `focus`. */
export function snippet(text: string, max: number, focus: string[] = []): string {
  if ([...text].length <= max) return text;
  const parts = text.split(/(?<=[。；;！？])/).filter(Boolean);
  const score = (p: string) => focus.reduce((n, f) => n + (f && p.toLowerCase().includes(f) ? f.length : 0), 0);
  const ranked = parts.map((p, i) => ({ p, i, s: score(p) })).sort((a, b) => b.s - a.s || a.i - b.i);
  const keep = new Set<number>();
  let len = 0;
  for (const { p, i } of ranked) {
    if (len + [...p].length > max && keep.size) continue;
    keep.add(i);
    len += [...p].length;
  }
  const out = parts.filter((_, i) => keep.has(i)).join('');
  return [...out].length > max ? [...out].slice(0, max - 1).join('') + '…' : out;
}

/** A direct sentence for the field asked about first. */
function leadSentence(r: FilingRecord, field: string | undefined): string | undefined {
  switch (field) {
    case 'name':
      return r.company ? `${r.company}备案的是${modelName(r)}` : undefined;
    case 'company':
      return r.company ? `${modelName(r)}属于${r.company}` : `表中未列出${modelName(r)}所属的公司`;
    case 'batch':
      if (r.batch) return `${r.company ? `${r.company}的` : ''}${modelName(r)}在${batchLabel(r)}通过备案`;
      return r.filingDate ? `${modelName(r)}的备案时间是${r.filingDate}` : undefined;
    case 'params':
      if (r.origin !== 'text-table') return undefined;
      return r.params ? `${modelName(r)}的参数量为${r.params.text}` : `表中未列出${modelName(r)}的参数量`;
    case 'date':
      if (r.filingDate)
        return `${modelName(r)}的${r.track === 'genai-registration' ? '登记' : '备案'}时间是${r.filingDate}${r.note ? `（${r.note}）` : ''}`;
      return r.batch ? `${modelName(r)}在${batchLabel(r)}通过备案` : undefined;
    case 'list':
      return r.listPeriod ? `${modelName(r)}收录于${listMonth(r.listPeriod)}公布的清单` : undefined;
    case 'province':
      return r.province ? `${modelName(r)}的属地是${r.province}` : undefined;
    case 'filingNo':
      return r.filingNo ? `${modelName(r)}的${r.track === 'genai-registration' ? '登记编号' : '备案号'}是${r.filingNo}` : undefined;
    default:
      return undefined;
  }
}

/** All the facts of one record: the asked field first as a sentence, then the rest compactly. */
export function describeRecord(r: FilingRecord, opts: { usesMax: number; focus: string[]; lead?: string[] }): string {
  const facts: Record<string, string | undefined> = {
    company: r.company ? `公司：${r.company}` : '公司：表中未列出',
    batch: r.batch ? `${batchLabel(r)}通过备案` : r.filingDate ? `备案时间：${r.filingDate}` : undefined,
    params: r.origin === 'text-table' ? (r.params ? `参数量：${r.params.text}` : '参数量：表中未列出') : undefined,
    province: r.province ? `属地：${r.province}` : undefined,
    filingNo: r.filingNo ? `${r.track === 'genai-registration' ? '登记编号' : '备案号'}：${r.filingNo}` : undefined,
    track: r.origin === 'register' ? `类别：${TRACK_LABEL[r.track]}` : undefined,
    role: r.role ? `角色：${r.role}` : undefined,
    product: r.product ? `产品：${r.product}` : undefined,
    list: r.listPeriod ? `清单：${listMonth(r.listPeriod)}` : undefined,
    note: r.note ? `备注：${r.note}` : undefined,
  };
  if (opts.lead?.[0] === 'uses' && r.uses) {
    // "能做什么 / 用于什么": the uses answer the question; the other facts follow in brackets.
    const other = ['batch', 'params'].filter((k) => facts[k]).map((k) => facts[k]!);
    return `${nameWithCompany(r)}：${snippet(r.uses, opts.usesMax, opts.focus)}${other.length ? `（${other.join('；')}）` : ''}`;
  }
  const leads = (opts.lead ?? []).filter((f) => leadSentence(r, f));
  const head = leads.map((f) => leadSentence(r, f)).join('，');
  const rest = ['company', 'batch', 'params', 'province', 'filingNo', 'track', 'role', 'product', 'list', 'note']
    .filter((k) => !leads.includes(k) && facts[k])
    .map((k) => facts[k]!);
  let s = head ? `${head}${rest.length ? `（${rest.join('；')}）` : ''}。` : `${modelName(r)}：${rest.join('；')}。`;
  if (r.uses && opts.usesMax > 0) s += `应用场景：${snippet(r.uses, opts.usesMax, opts.focus)}`;
  return s;
}
