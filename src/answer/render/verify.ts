/** A yes/no claim over the records: the verdict first, then the deciding facts. */
import type { Track } from '../../records/schema.js';
import { uniq, type Result } from '../execute.js';
import type { Phrasebook } from '../phrases/index.js';
import { countAnswer } from './count.js';
import { aboutEntities } from './describe.js';
import { listAnswer } from './list.js';
import { conditions, done, item, listsOf, selection, shownValue, type Rendered } from './shared.js';

export function verifyAnswer(res: Result, p: Phrasebook, focus: string[]): Rendered | undefined {
  const v = res.verdict;
  if (!v) return undefined;
  const claim = res.plan.ask.claim;
  if (v.counted !== undefined && claim?.count) {
    // A claimed number of records: the verdict, then the count itself.
    const o = { holds: v.holds, negated: !!claim.negated };
    const counted = countAnswer(res, p);
    return {
      ...counted,
      answer: p.countVerdict(o, counted.answer),
      result: { ...counted.result, lead: p.countVerdict(o, counted.result.lead) },
    };
  }
  if (!res.plan.about.entities.length) {
    // "有没有西藏的备案？": whether any record meets the conditions.
    const list = listAnswer(res, p);
    if (!v.holds) {
      // …and what the other tracks hold under the same conditions (a 登记 where no 备案 is).
      const what = p.selectionWith(selection(res.plan, res.rows, p), conditions(res.plan, p));
      const besides = p.otherTracks(res.sides.map((s) => ({ track: s.name as Track, rows: s.rows })));
      // (A "no" the lists decide is an answer, scoped to the lists asked about.)
      return done(true, p.none(what, listsOf(res.plan)) + besides, res.sides.flatMap((s) => s.rows).slice(0, 5), p);
    }
    return { ...list, answer: p.some(list.answer), result: { ...list.result, lead: p.some(list.result.lead) } };
  }
  // "X不是Y的吧？": the verdict answers the asker's negation.
  // "可灵不是北京的吧？" (the negation read into the claim): 对/不对, which cannot be read as agreeing with 不是.
  const negated = !!claim?.negated;
  const negatedCell = !!claim?.fields.some((x) => x.negate);
  const rows = res.rows;
  const subject = p.join(uniq(rows.map((r) => p.modelName(r))).slice(0, 3));
  const facts = v.failed.map((x) =>
    p.claimFailed(subject, p.field(x.field), uniq(rows.map((r) => shownValue(x.field, r, p)).filter((s): s is string => !!s))),
  );
  for (const side of res.sides) facts.push(p.filedInstead(side.name, side.rows));
  const described = aboutEntities(res, p, focus);
  if (v.holds) {
    const lead = p.claimHolds(negated ? 'wrong' : negatedCell ? 'right' : 'yes', described.answer);
    return { ...described, answer: lead, result: { ...described.result, lead } };
  }
  const lead = p.claimFails(negated ? 'right' : negatedCell ? 'wrong' : 'no', facts);
  return {
    found: true,
    answer: `${lead}\n${described.answer}`,
    result: { lead, items: rows.map((r) => item(r, p)), total: rows.length, notes: [] },
    rows: [...rows, ...res.sides.flatMap((x) => x.rows)],
    facts: [],
  };
}
