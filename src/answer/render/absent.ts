/** Refusals of the records: what the question names is not there, a field is missing, the conditions contradict. */
import type { Predicate } from '../../records/predicates.js';
import { fromTable } from '../../records/recordTypes.js';
import { dateRangeOf, placeOf } from '../../understand/plan.js';
import { uniq, type Result } from '../execute.js';
import type { Phrasebook } from '../phrases/index.js';
import { listAnswer } from './list.js';
import { conditions, done, nameOf, selection, type Rendered } from './shared.js';

/** Nothing meets the question: say what is not there (a batch, a place, a date range, the conditions). */
export function absentAnswer(res: Result, p: Phrasebook, opts: { batchMonths: string[] }): Rendered {
  const a = res.plan.about;
  if (res.absent && a.entities.length && a.batches.length)
    return done(
      false,
      p.notInBatch(
        a.entities.map((e) => e.name),
        res.absent,
      ),
      [],
      p,
    );
  if (res.absent) return done(false, p.noRecordsFor(res.absent), [], p);
  if (a.batchJoin === 'all') return listAnswer(res, p);
  const place = placeOf(res.plan);
  const dates = dateRangeOf(res.plan);
  if (place) return done(false, p.noPlace(place.province), [], p);
  const what = selection(res.plan, [], p);
  const scale = conditions(res.plan, p);
  // No batch in the range: say when the table's batches were.
  if (dates && !a.batches.length && !scale) return done(false, p.noneInDates(dates.label, opts.batchMonths), [], p);
  if (what || scale) return done(false, p.noneMatching(what, scale), [], p);
  return done(false, p.noMatch(), [], p);
}

/** The named records hold none of the asked fields. */
export function missingAnswer(res: Result, p: Phrasebook): Rendered {
  const names = uniq(res.rows.map((r) => p.modelName(r)));
  // (Conditions no kind of record can meet together: no row is named.)
  if (!names.length && res.missing.length > 1) return done(false, p.notTogether(res.missing), [], p);
  const textTable = res.rows.every(fromTable);
  return done(false, p.missingFields(names, res.missing, textTable), res.rows, p);
}

/** "大于千亿又小于百亿": no record can meet both, and that is the answer. */
export function contradictionAnswer([lo, hi]: [Predicate, Predicate], p: Phrasebook): Rendered {
  return done(false, p.contradiction(lo.text, hi.text), [], p);
}

/** The asked fields are none that these records' types have. */
export function outsideAnswer(res: Result, p: Phrasebook): Rendered {
  const who = uniq(res.rows.map(nameOf)).slice(0, 3);
  return done(false, p.notInRecords(who), res.rows.slice(0, 1), p);
}
