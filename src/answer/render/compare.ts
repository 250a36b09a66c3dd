/** Named things side by side: their values, and which is larger, earlier, or whether they are the same. */
import type { FilingRecord } from '../../records/schema.js';
import type { Result, Side } from '../execute.js';
import type { Phrasebook } from '../phrases/index.js';
import { item, type Rendered } from './shared.js';

export function compareAnswer(res: Result, p: Phrasebook): Rendered {
  const sides = res.sides;
  const field = res.plan.ask.fields[0] ?? 'params';
  const min = res.plan.ask.extreme === 'min';
  const valueOf = (s: Side) => {
    const r = s.rows[0]!;
    return field === 'params' ? r.params?.text : field === 'company' ? r.company : field === 'batch' ? p.batchOf(r) : undefined;
  };
  const lines = sides.map((s) => p.compareLine(s.rows[0]!.model, valueOf(s)));
  let verdict = '';
  if (field === 'batch' && res.plan.ask.extreme && sides.length >= 2) {
    // "谁先通过备案": the earliest (or latest) batch or filing date of each side.
    const when = (s: { rows: FilingRecord[] }) =>
      s.rows
        .map((r) => r.batchDate?.ym ?? r.filingDate ?? '')
        .filter(Boolean)
        .sort()[0] ?? '';
    const dated = sides.map((s) => ({ s, w: when(s) })).filter((x) => x.w);
    if (dated.length === sides.length) {
      const pick = dated.reduce((a, b) => (min ? (b.w < a.w ? b : a) : b.w > a.w ? b : a));
      const tie = dated.filter((x) => x.w === pick.w).length > 1;
      verdict = tie
        ? p.sameTime()
        : p.filedFirst(
            pick.s.name,
            min,
            dated.filter((x) => x !== pick).map((x) => x.s.name),
          );
    }
  } else if (field !== 'params' && sides.length >= 2) {
    // "是同一批的吗？": the same value for all, or not.
    const value = (s: { rows: FilingRecord[] }) =>
      field === 'batch' ? String(s.rows[0]!.batch ?? '') : field === 'company' ? (s.rows[0]!.company ?? '') : '';
    const values = sides.map(value);
    if (values.every(Boolean)) {
      const same = values.every((v) => v === values[0]);
      verdict = same ? p.allIn(valueOf(sides[0]!)) : p.theyDiffer();
    }
  }
  if (field === 'params') {
    const valued = sides.map((s) => ({ s, v: s.rows[0]!.params?.value })).filter((x) => x.v !== undefined);
    if (valued.length === sides.length && valued.length >= 2) {
      const best = valued.reduce((a, b) => (min ? (b.v! < a.v! ? b : a) : b.v! > a.v! ? b : a));
      const tie = valued.filter((x) => x.v === best.v).length > 1;
      verdict = tie ? p.sameMagnitude() : p.largerParams(best.s.rows[0]!.model, min);
    } else verdict = p.cannotCompare();
  }
  return {
    found: res.found,
    answer: p.compareProse(verdict, lines),
    result: { lead: p.compareLead(verdict, lines), items: res.rows.map((r) => item(r, p)), total: res.rows.length, notes: [] },
    rows: res.rows,
    facts: [],
  };
}
