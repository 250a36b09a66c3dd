import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractBatchFacts } from '../src/records/batchFacts.js';
import { EntityIndex } from '../src/records/entityIndex.js';
import { extractFilingTables } from '../src/records/filingTable.js';
import { parseParams } from '../src/records/params.js';
import { FilingRecord } from '../src/records/schema.js';
import { cleanText } from '../src/ingest/clean.js';
import { splitSentences } from '../src/ingest/sentences.js';
import { CORPUS, TABLE_FILE } from './helpers.js';

const raw = readFileSync(join(CORPUS, TABLE_FILE), 'utf8');
const { records, problems } = extractFilingTables(TABLE_FILE, raw);
const byModel = (m: string) => records.find((r) => r.model === m)!;

describe('filing table extraction', () => {
  it('extracts every row of the four batches, validated', () => {
    expect(problems).toEqual([]);
    const perBatch = [1, 2, 3, 4].map((b) => records.filter((r) => r.batch === b).length);
    expect(perBatch).toEqual([8, 11, 9, 14]);
    for (const r of records) expect(FilingRecord.safeParse(r).success).toBe(true);
  });

  it('continues the batch above for rows whose leading cells are empty', () => {
    expect(byModel('云雀大模型')).toMatchObject({
      batch: 1,
      batchDate: { text: '2023 年 8 月', ym: '2023-08' },
      company: '抖音',
      lines: [63, 63],
    });
    expect(byModel('山海大模型')).toMatchObject({ batch: 3, company: '云知声' });
  });

  it('reads shifted rows: a batch label in the second cell, a model in the batch column', () => {
    expect(byModel('未对外公布名称')).toMatchObject({ batch: 2, company: '美团', lines: [70, 70] });
    expect(byModel('百灵大模型')).toMatchObject({ batch: 2, company: '蚂蚁集团', params: { text: '万亿级', scale: '万亿级' } });
  });

  it('joins a row continued after a page break', () => {
    const r = byModel('九章大模型(MathGPT)');
    expect(r.lines).toEqual([78, 80]);
    expect(r.uses).toContain('覆盖口语训练、作文批改、习题解答等六大领域');
  });

  it('keeps rows with missing cells', () => {
    expect(byModel('品商大模型').company).toBeUndefined();
    expect(byModel('福禄瓜视觉大模型').params).toBeUndefined();
    expect(byModel('微步情报智脑大模型')).toMatchObject({ company: '微步在线', params: undefined });
  });

  it('skips and names rows whose cells do not fit the columns (a row run together with prose)', () => {
    const text = [
      '批次\t模型名称\t参数量\t公司\t应用场景',
      '第一批（2023年8月）\t示例大模型\t千亿级\t示例科技有限公司\t文本生成',
      '截至2024年底共302款服务完成备案。ABAB 大模型\t千亿级\tMiniMax\t适用于大多数文本处理相关的场景，如逻辑推理、文本续写等。',
      '批次\t模型名称\t参数量\t公司\t应用场景', // the header repeated after a page break
      '\t样例大模型\t百亿级\t样例智能科技有限公司\t问答',
      '\t理想的大模型产品要实现价格、私密安全性和能力的平衡。序列猴子大模型\t百亿级\t出门问问\t问答',
    ].join('\n');
    const { records: rows, problems: found } = extractFilingTables('mixed.txt', text);
    expect(rows.map((r) => [r.model, r.company])).toEqual([
      ['示例大模型', '示例科技有限公司'],
      ['样例大模型', '样例智能科技有限公司'],
    ]);
    expect(found).toContainEqual({
      line: 3,
      problem: 'the model cell "千亿级" is a parameter count: the row does not fit the table\'s columns, skipped',
    });
    expect(found).toContainEqual({ line: 6, problem: "the model cell reads as prose: the row does not fit the table's columns, skipped" });
  });

  it('parses parameter counts as written', () => {
    expect(parseParams('2600 亿')).toMatchObject({ value: 2600, approx: false, scale: '千亿级' });
    expect(parseParams('60 亿、340 亿')).toMatchObject({ value: 340, scale: '百亿级' });
    expect(parseParams('双千亿级')).toMatchObject({ value: 2000, approx: true, scale: '千亿级' });
    expect(parseParams('多种参数规模')).toEqual({ text: '多种参数规模', approx: true });
    expect(byModel('文心一言').params?.text).toBe('2600 亿');
  });

  it('extracts the batch facts stated in prose', () => {
    const sentences = cleanText(raw)
      .paragraphs.filter((p) => !p.table)
      .flatMap(splitSentences);
    const facts = extractBatchFacts(TABLE_FILE, sentences);
    expect(facts.find((f) => f.batch === 1)).toMatchObject({ companies: 8, date: { ym: '2023-08' } });
    expect(facts.find((f) => f.batch === 2)).toMatchObject({ companies: 10, date: { ym: '2023-11' } });
    expect(facts.find((f) => f.batch === 4)).toMatchObject({ companies: 13, models: 14, lines: [15, 15] });
  });
});

describe('entity matching', () => {
  const entities = new EntityIndex(records);
  const names = (q: string) => entities.find(q).flatMap((m) => m.records.map((i) => `${m.kind}:${records[i]!.model}`));

  it('is tolerant: a core name finds the full model name', () => {
    expect(names('云雀是谁的')).toContain('model:云雀大模型');
    expect(names('Who made the 书生 model?')).toContain('model:书生通用大模型');
    expect(names('GLM大模型的参数量')).toContain('model:GLM 大模型');
    expect(names('九章大模型（MathGPT）')).toContain('model:九章大模型(MathGPT)');
  });

  it('matches the longest name and Latin names as whole words', () => {
    const hits = names('CharacterGLM是哪家公司的？');
    expect(hits).toContain('model:CharacterGLM');
    expect(hits).not.toContain('model:GLM 大模型');
  });

  it('finds companies with and without suffixes, and English names', () => {
    expect(names('蚂蚁的模型')).toContain('company:百灵大模型');
    expect(names('智谱的大模型')).toContain('company:GLM 大模型');
    expect(names('Which batch was Baidu approved in?')).toContain('company:文心一言');
    expect(names('特斯拉的大模型')).toEqual([]);
  });
});
