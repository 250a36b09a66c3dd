/**
 * Things named as the sources name them, the same in a Chinese and an English answer: a batch of
 * the texts' table (第四批, 第四批（2024 年 1 月）), a published list's month (2024年8月), the table's
 * placeholder for an unpublished name, amounts in 亿. English answers keep these labels as written
 * ("the 4th batch (第四批, 2024 年 1 月)"), so both phrasebooks use them.
 */
import { chineseOrdinal } from '../../text/chars.js';
import type { FilingRecord } from '../../records/schema.js';

/** "第四批". */
export const batchName = (n: number): string => `第${chineseOrdinal(n)}批`;

/** "第四批、第五批": the batches a question named that the records lack. */
export const batchNames = (ns: readonly number[]): string => ns.map(batchName).join('、');

/** "第一批 2023 年 8 月": when a batch of the table passed. */
export const batchMonth = (n: number, date: string): string => `${batchName(n)} ${date}`;

/** "第四批（2024 年 1 月）", or '' for a record of no batch. */
export const batchLabel = (r: Pick<FilingRecord, 'batch' | 'batchDate'>): string =>
  r.batch ? `${batchName(r.batch)}${r.batchDate ? `（${r.batchDate.text}）` : ''}` : '';

/** "2024-08" → "2024年8月". */
export const listMonth = (ym: string): string => `${ym.slice(0, 4)}年${Number(ym.slice(5, 7))}月`;

/** The model's name for prose: the table's placeholder "未对外公布名称" reads as what it means. */
export const modelName = (r: Pick<FilingRecord, 'model'>): string =>
  /^未(对外)?公布(名称)?$/.test(r.model.trim()) ? '名称未对外公布的模型' : r.model;

/** An amount in 亿 as the table writes it: 60亿, 1.5万亿. */
export const amount = (v: number): string => (v >= 10000 ? `${v / 10000}万亿` : `${v}亿`);
