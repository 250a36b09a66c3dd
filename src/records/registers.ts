/** Official filing registers (CSV/TSV/XLSX) → filing records. */
import type { FilingRecord } from './schema.js';

export interface RegisterImport {
  title: string;
  date?: string;
  records: FilingRecord[];
  problems: string[];
}

export async function importRegister(name: string, _bytes: Buffer): Promise<RegisterImport> {
  return { title: name, records: [], problems: [`${name}: register import is not available yet, skipped`] };
}
