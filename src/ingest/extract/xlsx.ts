/** Excel .xlsx → sheets of text cells (read-excel-file); date cells become ISO dates. */
import readXlsxFile from 'read-excel-file/node';
import { checkPackage } from './zipGuard.js';
import type { ExtractedSheets, Sheet } from './types.js';

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  return String(v).trim();
}

export async function readWorkbook(bytes: Buffer, maxUnpackedBytes: number): Promise<Sheet[]> {
  checkPackage(bytes, 'xlsx', maxUnpackedBytes);
  const sheets = await readXlsxFile(bytes, { trim: true });
  return sheets.map((s) => ({ name: s.sheet, rows: s.data.map((row, i) => ({ r: i + 1, cells: row.map(cellText) })) }));
}

export async function extractXlsx(bytes: Buffer, maxUnpackedBytes: number): Promise<ExtractedSheets> {
  return { kind: 'sheets', sheets: await readWorkbook(bytes, maxUnpackedBytes), notes: [] };
}
