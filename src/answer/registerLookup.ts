/** Lookups that only official registers can answer (province, filing number, dates, counts as of a date). */
import type { FilingRecord } from '../records/schema.js';
import type { LookupResult } from './lookup.js';
import type { Analysis } from './question.js';

export function answerRegister(_a: Analysis, _records: readonly FilingRecord[], _focus: string[]): LookupResult | undefined {
  return undefined;
}
