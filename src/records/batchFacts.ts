/** Batch facts stated in prose: "2023年11月，第二批10家企业通过了大模型备案". */
import { parseSmallNumber } from '../text/chars.js';
import type { Sentence } from '../ingest/sentences.js';
import { BatchFact } from './schema.js';

const BATCH = /(?:第\s*([一二三四五六七八九十\d]+)\s*批|(首)批)/g;

export function extractBatchFacts(source: string, sentences: Sentence[]): BatchFact[] {
  const facts: BatchFact[] = [];
  for (const s of sentences) {
    const mentions = [...s.text.matchAll(BATCH)];
    if (mentions.length !== 1) continue; // "第三批、第四批…" talks about several batches at once
    const m = mentions[0]!;
    const batch = parseSmallNumber(m[1] ?? m[2]!);
    if (!batch) continue;
    const after = s.text.slice(m.index!);
    const companies = /^[^。；]*?(\d+)\s*家/.exec(after)?.[1];
    const models = /^[^。；]*?(\d+)\s*款/.exec(after)?.[1];
    if (!companies && !models) continue;
    // The date of the event is written just before the batch ("2023年8月，首批…").
    const before = s.text.slice(0, m.index!);
    const d = /(\d{4})\s*年\s*(\d{1,2})\s*月[^。]{0,6}$/.exec(before);
    const parsed = BatchFact.safeParse({
      batch,
      date: d ? { text: d[0].replace(/[，,、\s]+$/, '').replace(/月.*$/, '月'), ym: `${d[1]}-${d[2]!.padStart(2, '0')}` } : undefined,
      companies: companies ? Number(companies) : undefined,
      models: models ? Number(models) : undefined,
      source,
      lines: s.lines,
      text: s.text,
    });
    if (parsed.success) facts.push(parsed.data);
  }
  return facts;
}
