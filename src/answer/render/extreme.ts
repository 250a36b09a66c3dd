/** The largest (or smallest) parameter count, or the largest groups. */
import type { Result } from '../execute.js';
import type { Phrasebook } from '../phrases/index.js';
import { largestGroupAnswer } from './group.js';
import { done, listsOf, selection, type Rendered } from './shared.js';

export function extremeAnswer(res: Result, p: Phrasebook): Rendered {
  if (res.plan.ask.by && res.found) return largestGroupAnswer(res, p);
  const top = res.rows;
  const what = selection(res.plan, top, p);
  if (!res.found) return done(false, p.noParamCounts(what), [], p);
  const max = res.plan.ask.extreme !== 'min';
  // The first (last) day and every row of it.
  if (res.plan.ask.fields[0] === 'date')
    return done(
      true,
      p.dayExtreme({ periods: listsOf(res.plan), place: what, track: top[0]!.track, max, day: top[0]!.filingDate!, rows: top }),
      top,
      p,
    );
  const names = top.map((r) => p.extremeItem(r, !what));
  const missing = res.unquantified.length;
  const lead = p.extremeLead({ what, within: !!res.plan.about.within, max, names });
  const note = missing ? p.moreWithoutNumber(missing) : '';
  const approx = top.some((r) => r.params!.approx) ? p.approxNote() : '';
  return done(true, lead + approx, top, p, { prose: [lead + approx, note].filter(Boolean).join(''), notes: note ? [note] : [] });
}
