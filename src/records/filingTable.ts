/**
 * Extracts filing records from tab-separated tables in the texts (e.g. "表 1：四批通过备案的大模型基本情况").
 * The tables come out of PDF conversion, so rows are irregular:
 * - a row whose leading cells are empty continues the batch above;
 * - a row may be shifted one cell right ("\t第二批（…）\t未对外公布名称\t\t美团") or have its model in
 *   the batch column ("百灵大模型\t\t万亿级\t蚂蚁集团\t…");
 * - a line with only the last cell filled continues the previous row's text (a page break);
 * - cells may be missing (no company, no parameter count).
 */
import { parseSmallNumber } from '../text/chars.js';
import { parseParams } from './params.js';
import { FilingRecord, type FilingRecord as Rec } from './schema.js';

type Column = 'batch' | 'model' | 'params' | 'company' | 'uses';
const HEADER_PATTERNS: [Column, RegExp][] = [
  ['batch', /批次|批/],
  ['model', /模型|名称|产品/],
  ['params', /参数/],
  ['company', /公司|企业|单位|厂商/],
  ['uses', /应用|场景|用途|功能|简介/],
];

const BATCH_LABEL = /^(?:第\s*([一二三四五六七八九十\d]+)\s*批|(首)批)\s*(?:[（(]\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*[)）])?/;

export function parseBatchLabel(cell: string): { batch: number; date?: { text: string; ym: string } } | undefined {
  const m = BATCH_LABEL.exec(cell.trim());
  if (!m) return undefined;
  const batch = parseSmallNumber(m[1] ?? m[2]!);
  if (!batch) return undefined;
  if (!m[3]) return { batch };
  const dateText = /\d{4}\s*年\s*\d{1,2}\s*月/.exec(cell)![0];
  return { batch, date: { text: dateText, ym: `${m[3]}-${m[4]!.padStart(2, '0')}` } };
}

/** Column role of each header cell, or undefined when the line is not a filing-table header. */
export function headerColumns(cells: string[]): (Column | undefined)[] | undefined {
  const cols = cells.map((c) => HEADER_PATTERNS.find(([, re]) => re.test(c))?.[0]);
  return cols.includes('model') && cols.includes('company') && cols.filter(Boolean).length >= 3 ? cols : undefined;
}

/**
 * Why a row's cells cannot be what its columns say, or undefined. A row run together with prose, or
 * cut differently from its header, puts a parameter count where the model belongs or a sentence
 * where the company belongs: such a row would answer questions wrongly, so it is skipped and named.
 */
function misplaced(model: string, company: string): string | undefined {
  if (/^[\d.\s]*(超|双|近)?(万亿|千亿|百亿|十亿|亿)(级|以上|规模|左右)?$/.test(model))
    return `the model cell "${model}" is a parameter count`;
  if (model.length > 40 || /[。，；！？]/.test(model)) return 'the model cell reads as prose';
  if (company.length > 40 || /[，。；;]/.test(company)) return 'the company cell reads as prose';
  return undefined;
}

export interface TableProblem {
  line: number;
  problem: string;
}

export function extractFilingTables(source: string, text: string): { records: Rec[]; problems: TableProblem[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const records: Rec[] = [];
  const problems: TableProblem[] = [];
  let cols: (Column | undefined)[] | undefined;
  let batch: ReturnType<typeof parseBatchLabel>;
  let last: Rec | undefined;

  const finish = (r: Rec | undefined) => {
    if (!r) return;
    const parsed = FilingRecord.safeParse(r);
    if (parsed.success) records.push(parsed.data);
    else problems.push({ line: r.lines[0], problem: parsed.error.issues.map((i) => i.message).join('; ') });
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const lineNo = i + 1;
    if (!line.includes('\t')) {
      if (line.trim() === '') continue; // blank lines occur inside tables (page breaks)
      finish(last);
      last = undefined;
      cols = undefined;
      continue;
    }
    const cells = line.split('\t').map((c) => c.trim());
    if (!cols) {
      cols = headerColumns(cells);
      batch = undefined;
      continue;
    }
    // The header again (PDF tables repeat it after a page break): not a row.
    if (headerColumns(cells)?.every((c, k) => c === cols![k])) continue;
    const at = (c: Column, row: string[]) => {
      const k = cols!.indexOf(c);
      return k >= 0 ? (row[k] ?? '') : '';
    };
    const firstFilled = cells.findIndex((c) => c !== '');
    if (firstFilled < 0) continue;
    const usesCol = cols.indexOf('uses');
    // Continuation of the previous row's last cell after a page break.
    if (last && usesCol >= 0 && firstFilled >= usesCol && cells.slice(firstFilled + 1).every((c) => !c)) {
      last.uses = (last.uses ?? '') + cells[firstFilled];
      last.text += cells[firstFilled];
      last.lines = [last.lines[0], lineNo];
      continue;
    }
    let row = cells;
    const batchCol = cols.indexOf('batch');
    const modelCol = cols.indexOf('model');
    if (batchCol >= 0) {
      if (!row[batchCol] && parseBatchLabel(row[batchCol + 1] ?? ''))
        row = [...row.slice(0, batchCol), ...row.slice(batchCol + 1)]; // shifted right
      else if (row[batchCol] && !parseBatchLabel(row[batchCol]!) && modelCol === batchCol + 1 && !row[modelCol]) {
        row = [...row]; // the model moved into the batch column
        row[modelCol] = row[batchCol]!;
        row[batchCol] = '';
      }
      const label = parseBatchLabel(row[batchCol] ?? '');
      if (label) batch = { batch: label.batch, date: label.date ?? batch?.date };
    }
    const model = at('model', row);
    if (!model) {
      problems.push({ line: lineNo, problem: 'row without a model name, skipped' });
      continue;
    }
    const wrong = misplaced(model, at('company', row));
    if (wrong) {
      problems.push({ line: lineNo, problem: `${wrong}: the row does not fit the table's columns, skipped` });
      continue;
    }
    finish(last);
    const paramsText = at('params', row);
    last = {
      id: `${source}:${lineNo}`,
      origin: 'text-table',
      track: 'genai-filing',
      model,
      company: at('company', row) || undefined,
      params: paramsText ? parseParams(paramsText) : undefined,
      uses: at('uses', row) || undefined,
      batch: batch?.batch,
      batchDate: batch?.date,
      source,
      lines: [lineNo, lineNo],
      text: cells.filter(Boolean).join(' | '),
    };
    if (!batch) problems.push({ line: lineNo, problem: 'row before any batch label' });
  }
  finish(last);
  return { records, problems };
}
