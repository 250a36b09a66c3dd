/** Named things side by side: their values, and which is larger, earlier, or whether they are the same. */
import { amountOf, FIELD_SPECS, fieldOf, is, valueOf } from '../../records/fields.js';
import type { FilingRecord } from '../../records/schema.js';
import type { Result, Side } from '../execute.js';
import type { Phrasebook } from '../phrases/index.js';
import { item, nameOf, shownValue, type Rendered } from './shared.js';

export function compareAnswer(res: Result, p: Phrasebook): Rendered {
  const sides = res.sides;
  // Sizes are compared when no field is asked; a field not shown side by side has no value here.
  const field = res.plan.ask.fields[0] ?? fieldOf('magnitude');
  const compared = !!FIELD_SPECS[field].compared;
  const min = res.plan.ask.extreme === 'min';
  // (A list row has no batch: its date says when.)
  const shown = (s: Side) =>
    compared ? shownValue(field, s.rows[0]!, p) || (is(field, 'ordinal') ? valueOf('time', s.rows[0]!) : undefined) : undefined;
  const lines = sides.map((s) => p.compareLine(nameOf(s.rows[0]!), shown(s)));
  let verdict = '';
  if (is(field, 'ordinal') && res.plan.ask.extreme && sides.length >= 2) {
    // "谁先通过备案": the earliest (or latest) batch or filing date of each side.
    const when = (s: { rows: FilingRecord[] }) =>
      s.rows
        .map((r) => valueOf('time', r) ?? '')
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
  } else if (!is(field, 'magnitude') && sides.length >= 2) {
    // "是同一批的吗？": the same value for all, or not.
    const value = (s: { rows: FilingRecord[] }) => (compared ? (FIELD_SPECS[field].get(s.rows[0]!) ?? '') : '');
    const values = sides.map(value);
    if (values.every(Boolean)) {
      const same = values.every((v) => v === values[0]);
      verdict = same ? p.allIn(shown(sides[0]!)) : p.theyDiffer();
    }
  }
  if (is(field, 'magnitude')) {
    const valued = sides.map((s) => ({ s, v: amountOf('magnitude', s.rows[0]!) })).filter((x) => x.v !== undefined);
    if (valued.length === sides.length && valued.length >= 2) {
      const best = valued.reduce((a, b) => (min ? (b.v! < a.v! ? b : a) : b.v! > a.v! ? b : a));
      const tie = valued.filter((x) => x.v === best.v).length > 1;
      verdict = tie ? p.sameMagnitude() : p.largerParams(nameOf(best.s.rows[0]!), min);
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
