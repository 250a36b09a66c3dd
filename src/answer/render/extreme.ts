/** The largest (or smallest) parameter count, the first (last) day, or the largest groups. */
import { FIELD_SPECS, is } from '../../records/fields.js';
import { trackOf } from '../../records/recordTypes.js';
import { rankedField, type Result } from '../execute.js';
import type { Phrasebook } from '../phrases/index.js';
import { largestGroupAnswer } from './group.js';
import { done, listsOf, selection, type Rendered } from './shared.js';

export function extremeAnswer(res: Result, p: Phrasebook): Rendered {
  if (res.plan.ask.by && res.found) return largestGroupAnswer(res, p);
  const top = res.rows;
  const what = selection(res.plan, top, p);
  if (!res.found) return done(false, p.noParamCounts(what), [], p);
  const max = res.plan.ask.extreme !== 'min';
  const field = rankedField(res.plan.ask);
  // The first (last) list the selection appears in, and its rows there.
  if (is(field, 'collection'))
    return done(true, p.listExtreme({ place: what, max, list: FIELD_SPECS[field].day!(top[0]!)!, rows: top }), top, p);
  // The first (last) day and every row of it.
  if (is(field, 'time'))
    return done(
      true,
      p.dayExtreme({
        periods: listsOf(res.plan),
        place: what,
        track: trackOf(top[0]!),
        max,
        day: FIELD_SPECS[field].day!(top[0]!)!,
        rows: top,
      }),
      top,
      p,
    );
  const names = top.map((r) => p.extremeItem(r, !what));
  const missing = res.unquantified.length;
  const lead = p.extremeLead({ what, within: !!res.plan.about.within, max, names });
  const note = missing ? p.moreWithoutNumber(missing) : '';
  const approx = top.some((r) => FIELD_SPECS[field].approx?.(r)) ? p.approxNote() : '';
  return done(true, lead + approx, top, p, { prose: [lead + approx, note].filter(Boolean).join(''), notes: note ? [note] : [] });
}
