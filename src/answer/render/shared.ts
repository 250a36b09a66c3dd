/** What every record renderer shares: the rendered shape, items, a selection's name and conditions, the common answer. */
import { FIELD_SPECS, is, type FieldKey } from '../../records/fields.js';
import type { BatchFact, FilingRecord } from '../../records/schema.js';
import { roundDate } from '../execute.js';
export { nameOf } from '../execute.js';
import { dateRangeOf, placeOf, type Plan } from '../../understand/plan.js';
import type { Phrasebook } from '../phrases/index.js';
import type { ResultItem, StructuredResult } from '../types.js';

export interface Rendered {
  found: boolean;
  answer: string;
  result: StructuredResult;
  rows: FilingRecord[];
  facts: BatchFact[];
}

const MAX_PROSE_ITEMS = 25;

/** One record as an item of a structured result, with where it stands. */
export function item(r: FilingRecord, p: Phrasebook): ResultItem {
  return { ...p.item(r), source: r.source, lines: r.lines };
}

/** What a selection is called in the answer: "第三批", "截至2024年6月底北京". */
export function selection(plan: Plan, rows: readonly FilingRecord[], p: Phrasebook): string {
  const a = plan.about;
  return p.selection({
    batches: a.batches.map((n) => ({ n, date: roundDate(rows, n) })),
    all: a.batchJoin === 'all',
    dates: dateRangeOf(plan)?.label,
    place: placeOf(plan)?.province,
  });
}

/** The plan's conditions on the records' cells, in words ("参数量为百亿级、应用场景含“智能对话”的"); where the records sit is the selection's. */
export function conditions(plan: Plan, p: Phrasebook): string {
  return p.conditions(plan.about.where.filter((x) => !FIELD_SPECS[x.field].setting));
}

/** A field's value as an answer shows it: a round with its date (第四批（2024 年 1 月）), else as written. */
export function shownValue(f: FieldKey, r: FilingRecord, p: Phrasebook): string | undefined {
  if (is(f, 'ordinal')) return p.batchOf(r);
  // (A value named by a key, a track or a list period, is worded as the phrasebook names it: never "genai-filing".)
  const v = FIELD_SPECS[f].get(r);
  return v && (is(f, 'kind') || is(f, 'collection')) ? p.groupName(f, v) : v;
}

/** The common answer: a lead, the rows listed after it (`list`), notes on lines of their own. */
export function done(
  found: boolean,
  lead: string,
  rows: FilingRecord[],
  p: Phrasebook,
  opts: { facts?: BatchFact[]; list?: boolean; notes?: string[]; prose?: string } = {},
): Rendered {
  const notes = opts.notes ?? [];
  const listed = opts.list ? rows.slice(0, MAX_PROSE_ITEMS).map(p.withCompany) : [];
  const more = opts.list && rows.length > MAX_PROSE_ITEMS ? rows.length - MAX_PROSE_ITEMS : 0;
  const prose = opts.prose ?? [p.listed(lead, listed, more), ...notes].filter(Boolean).join('\n');
  const result: StructuredResult = {
    lead,
    items: (opts.list ? rows : []).map((r) => item(r, p)),
    total: opts.list ? rows.length : 0,
    notes,
  };
  return { found, answer: prose, result, rows, facts: opts.facts ?? [] };
}

/** The published lists the plan names (periods, "2024-04"). */
export function listsOf(plan: Plan): string[] {
  const lists = plan.about.where.find((x) => is(x.field, 'collection') && !x.negate);
  return lists ? lists.values.map(String) : [];
}

/** An answer whose lead is all there is (no items). */
export function plain(answer: string, rows: FilingRecord[], facts: BatchFact[] = []): Rendered {
  return { found: true, answer, result: { lead: answer, items: [], total: 0, notes: [] }, rows, facts };
}
