/**
 * Answers from the structured filing records: by model, company, batch, batch date, parameter
 * scale, largest/smallest, counts. Returns the rows and prose facts it rests on for citation.
 */
import { chineseOrdinal } from '../text/chars.js';
import type { BatchFact, FilingRecord } from '../records/schema.js';
import type { Analysis } from './question.js';
import { batchLabel, describeRecord, nameWithCompany } from './recordText.js';
import { answerRegister } from './registerLookup.js';

export interface LookupResult {
  found: boolean;
  answer: string;
  rows: FilingRecord[];
  facts: BatchFact[];
  /** The question asked for a field the records hold directly (company, batch, params…). */
  direct: boolean;
}

const FIELD_INTENTS = ['company', 'params', 'batch', 'date', 'name', 'list', 'largest', 'smallest', 'province', 'filingNo'] as const;

const uniq = <T>(xs: T[]) => [...new Set(xs)];
const join = (xs: string[]) => xs.join('、');

function leadFields(a: Analysis): string[] {
  const lead: string[] = [];
  if (a.intents.has('name') && a.mentions.every((m) => m.kind === 'company')) lead.push('name');
  if (a.intents.has('company')) lead.push('company');
  if (a.intents.has('batch') || a.intents.has('date')) lead.push('batch');
  if (a.intents.has('params') || a.intents.has('largest') || a.intents.has('smallest')) lead.push('params');
  if (a.intents.has('province')) lead.push('province');
  if (a.intents.has('filingNo')) lead.push('filingNo');
  if (!lead.length && a.intents.has('uses')) lead.push('uses');
  return lead;
}

/** Records about the named models/companies. */
function aboutMentions(a: Analysis, records: readonly FilingRecord[], focus: string[]): LookupResult {
  const pick = (kind: 'model' | 'company') => uniq(a.mentions.filter((m) => m.kind === kind).flatMap((m) => m.records));
  const models = pick('model');
  const companies = pick('company');
  let ids = models.length ? models : companies;
  if (models.length && companies.length) {
    const both = models.filter((i) => companies.includes(i));
    ids = both.length ? both : uniq([...models, ...companies]);
  }
  let rows = ids.map((i) => records[i]!);
  if (a.batches.length) {
    const inBatch = rows.filter((r) => r.batch && a.batches.includes(r.batch));
    if (inBatch.length) rows = inBatch;
  }
  rows = rows.sort((x, y) => (x.batch ?? 99) - (y.batch ?? 99) || x.lines[0] - y.lines[0]);
  const lead = leadFields(a);
  const wantsUses = a.intents.has('uses') || lead.length === 0 || lead[0] === 'uses';
  let answer: string;
  if (rows.length === 1) {
    answer = describeRecord(rows[0]!, { usesMax: wantsUses ? 160 : 70, focus, lead });
  } else if (rows.length <= 4) {
    const subject = a.mentions.find((m) => m.kind === 'company') ? rows[0]!.company ?? '' : '';
    answer = (subject ? `${subject}共有 ${rows.length} 条备案记录：` : '') + rows.map((r) => describeRecord(r, { usesMax: wantsUses ? 50 : 0, focus, lead })).join('\n');
  } else {
    answer = `共 ${rows.length} 条记录：` + join(rows.slice(0, 25).map((r) => `${nameWithCompany(r)}${r.batch ? ' ' + batchLabel(r) : r.filingDate ? ' ' + r.filingDate : ''}`)) + (rows.length > 25 ? ` 等（另有 ${rows.length - 25} 条）` : '');
  }
  return { found: true, answer, rows, facts: [], direct: FIELD_INTENTS.some((i) => a.intents.has(i)) };
}

/** Words of the question that single out some (not all) of a batch's rows: "新功能", "视觉", "小程序". */
function narrowing(a: Analysis, rows: FilingRecord[]): FilingRecord[] | undefined {
  const q = a.text.normalize('NFKC').toLowerCase().replace(/第\s*[一二三四五六七八九十\d]+\s*批|首批/g, ' ');
  const generic = /^(大模型|模型|大模|公司|备案|通过|哪些|什么)$/;
  let best: FilingRecord[] | undefined;
  let bestLen = 0;
  for (let len = 6; len >= 2; len--) {
    for (let i = 0; i + len <= q.length; i++) {
      const sub = q.slice(i, i + len);
      if (/\s/.test(sub) || generic.test(sub) || !/[\u3400-\u9fff]{2}|[a-z]{3}/.test(sub)) continue;
      const hit = rows.filter((r) => r.model.toLowerCase().replace(/\s+/g, '').includes(sub));
      if (hit.length && hit.length < rows.length && len > bestLen) {
        best = hit;
        bestLen = len;
      }
    }
    if (best) break;
  }
  return best;
}

function extremes(rows: FilingRecord[], largest: boolean): FilingRecord[] {
  const valued = rows.filter((r) => r.params?.value !== undefined);
  if (!valued.length) return [];
  const target = largest ? Math.max(...valued.map((r) => r.params!.value!)) : Math.min(...valued.map((r) => r.params!.value!));
  return valued.filter((r) => r.params!.value === target);
}

function aboutBatch(a: Analysis, records: readonly FilingRecord[], facts: readonly BatchFact[]): LookupResult {
  const parts: string[] = [];
  const allRows: FilingRecord[] = [];
  const usedFacts: BatchFact[] = [];
  for (const b of a.batches) {
    const rows = records.filter((r) => r.batch === b);
    const bFacts = facts.filter((f) => f.batch === b);
    const name = `第${chineseOrdinal(b)}批`;
    if (!rows.length && !bFacts.length) {
      parts.push(`文本中没有${name}的备案记录。`);
      continue;
    }
    const date = rows.find((r) => r.batchDate)?.batchDate?.text ?? bFacts.find((f) => f.date)?.date?.text;
    const label = `${name}${date ? `（${date}）` : ''}`;
    const companies = uniq(rows.map((r) => r.company).filter((c): c is string => !!c));
    const I = a.intents;
    if (I.has('largest') || I.has('smallest')) {
      const largest = I.has('largest');
      const top = extremes(rows, largest);
      const missing = rows.filter((r) => r.params?.value === undefined).length;
      parts.push(
        top.length
          ? `${label}中参数量${largest ? '最大' : '最小'}的是${join(top.map((r) => `${nameWithCompany(r)}，${r.params!.text}`))}。` +
              (missing ? `（另有 ${missing} 条未写明参数量。）` : '')
          : `${label}的记录都没有写明参数量。`,
      );
      allRows.push(...top);
      continue;
    }
    let subset = rows;
    let what = '';
    if (a.scale) {
      subset = rows.filter((r) => r.params?.scale === a.scale);
      what = `参数量为${a.scale}的`;
    } else {
      const narrowed = narrowing(a, rows);
      if (narrowed) subset = narrowed;
    }
    if (I.has('count') && !I.has('list')) {
      const stated = bFacts.filter((f) => f.companies || f.models);
      for (const f of stated) {
        parts.push(`${label}共有${f.companies ? `${f.companies}家企业` : ''}${f.companies && f.models ? '共计' : ''}${f.models ? `${f.models}款大模型` : ''}通过备案（正文）。`);
        usedFacts.push(f);
      }
      if (rows.length) parts.push(`备案表列出${label}${what} ${subset.length} 条记录、${uniq(subset.map((r) => r.company).filter(Boolean)).length} 家公司。`);
      allRows.push(...subset);
      continue;
    }
    if ((I.has('date') || I.has('batch')) && !I.has('list') && !I.has('name') && !I.has('company')) {
      parts.push(date ? `${name}于${date}通过备案。` : `文本没有写明${name}的通过日期。`);
      const dated = bFacts.filter((f) => f.date);
      usedFacts.push(...dated);
      allRows.push(...rows.slice(0, 1));
      continue;
    }
    if (subset !== rows && I.has('company') && !I.has('name')) {
      parts.push(`${label}中${join(subset.map((r) => `${r.company ?? '（未列公司）'}（${r.model}）`))}。`);
    } else {
      parts.push(`${label}通过备案的${what}共 ${subset.length} 条：${join(subset.map(nameWithCompany))}。` + (subset === rows && companies.length ? `涉及 ${companies.length} 家公司。` : ''));
    }
    allRows.push(...subset);
    usedFacts.push(...bFacts.filter((f) => f.companies || f.models).slice(0, 1));
  }
  return { found: allRows.length > 0 || usedFacts.length > 0, answer: parts.join('\n'), rows: allRows, facts: usedFacts, direct: true };
}

/** Across all records: "哪些大模型是万亿级的", "参数量最大的大模型是哪个". */
function acrossRecords(a: Analysis, records: readonly FilingRecord[]): LookupResult | undefined {
  const I = a.intents;
  const tableRows = records.filter((r) => r.origin === 'text-table');
  if ((I.has('largest') || I.has('smallest')) && I.has('params')) {
    const top = extremes(tableRows, I.has('largest'));
    if (!top.length) return undefined;
    return {
      found: true,
      answer: `备案表中参数量${I.has('largest') ? '最大' : '最小'}的是${join(top.map((r) => `${nameWithCompany(r)}，${r.params!.text}，${batchLabel(r)}`))}。`,
      rows: top, facts: [], direct: true,
    };
  }
  if (a.scale && (I.has('list') || I.has('name') || I.has('count') || I.has('params'))) {
    const rows = tableRows.filter((r) => r.params?.scale === a.scale);
    if (!rows.length) return { found: false, answer: `记录中没有参数量为${a.scale}的大模型。`, rows: [], facts: [], direct: true };
    return {
      found: true,
      answer: `参数量为${a.scale}的共 ${rows.length} 款：${join(rows.map((r) => `${nameWithCompany(r)}（${r.params!.text}，${batchLabel(r)}）`))}。`,
      rows, facts: [], direct: true,
    };
  }
  return undefined;
}

/** "2023年12月通过备案的有哪些" names a batch by its date. */
function batchesByDate(text: string, records: readonly FilingRecord[]): number[] {
  const out = new Set<number>();
  for (const m of text.matchAll(/(\d{4})\s*年\s*(\d{1,2})\s*月/g)) {
    const ym = `${m[1]}-${m[2]!.padStart(2, '0')}`;
    for (const r of records) if (r.batch && r.batchDate?.ym === ym) out.add(r.batch);
  }
  return [...out];
}

export function answerLookup(a: Analysis, records: readonly FilingRecord[], facts: readonly BatchFact[], focus: string[]): LookupResult | undefined {
  const fromRegister = answerRegister(a, records, focus);
  if (fromRegister) return fromRegister;
  if (a.mentions.length) return aboutMentions(a, records, focus);
  if (a.batches.length) return aboutBatch(a, records, facts);
  const byDate = batchesByDate(a.text, records);
  if (byDate.length) return aboutBatch({ ...a, batches: byDate, intents: new Set([...a.intents, 'list']) }, records, facts);
  return acrossRecords(a, records);
}
