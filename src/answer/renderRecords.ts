/**
 * The renderer for record answers: an executor Result → the direct answer (prose), the same as
 * data (lead, items, notes) for front ends that lay it out themselves, and the rows and facts to
 * cite. The one entry point: it picks the renderer for the result's operation (answer/render/),
 * each of which words its answer through the phrasebook of the plan's language (answer/phrases/).
 */
import { is } from '../records/fields.js';
import { contradictions } from '../records/predicates.js';
import { fromList, fromTable } from '../records/recordTypes.js';
import type { Track } from '../records/schema.js';
import { dateRangeOf, placeOf, tracksOfPlan } from '../understand/plan.js';
import { names, uniq, type Result } from './execute.js';
import { phrasebookFor } from './phrases/index.js';
import { absentAnswer, contradictionAnswer, missingAnswer, outsideAnswer } from './render/absent.js';
import { compareAnswer } from './render/compare.js';
import { countAnswer } from './render/count.js';
import { aboutEntities, batchDateAnswer } from './render/describe.js';
import { extremeAnswer } from './render/extreme.js';
import { groupAnswer } from './render/group.js';
import { listAnswer } from './render/list.js';
import { byNumberAnswer, newestAnswer, perTrack, registerShaped, sideBySide } from './render/registers.js';
import { done, listsOf, selection, type Rendered } from './render/shared.js';
import { verifyAnswer } from './render/verify.js';

export type { Rendered } from './render/shared.js';

export function renderRecords(res: Result, opts: { focus: string[]; anyRegister: boolean; batchMonths: string[] }): Rendered {
  const p = phrasebookFor(res.plan.language);
  // Kinds of filing no list of the corpus holds ("文心一言在深度合成服务算法备案清单里的编号", "可灵进了
  // 深度合成清单吗"): the lists are not there, whatever is named (never "no record", nor another list's row).
  const claimed = res.plan.ask.claim?.fields.find((x) => is(x.field, 'kind') && !x.negate)?.values.map(String);
  const asked = (tracksOfPlan(res.plan) ?? claimed) as Track[] | undefined;
  const held = res.tracksHeld ?? [];
  if (asked && held.length && asked.every((t) => !held.includes(t))) return done(false, p.noListsOf(asked, held), [], p);
  if (res.premise?.length) {
    // The premise first: what the named thing's rows do not bear out; then the answer from its rows.
    const { premise, ...rest } = res;
    const plan = { ...res.plan, about: { ...res.plan.about, where: res.plan.about.where.filter((x) => !premise.includes(x)) } };
    const r = renderRecords({ ...rest, plan }, opts);
    const note = p.premise(uniq(res.plan.about.entities.map((e) => e.name)), premise);
    return { ...r, answer: note + r.answer, result: { ...r.result, lead: note + r.result.lead } };
  }
  const op = res.op;
  if (op === 'byNumber') return byNumberAnswer(res, p);
  // "排第三个的": the one row at that position.
  if (res.plan.ask.nth && res.rows.length === 1) {
    const what = p.inLists(listsOf(res.plan)).replace(/[，,]\s*$/, '') + selection(res.plan, res.rows, p);
    return done(true, p.nthRow({ what, n: res.plan.ask.nth, row: res.rows[0]! }), res.rows, p);
  }
  // "大于千亿又小于百亿": no record can meet both, and that is the answer.
  const clash = !res.rows.length ? contradictions(res.plan.about.where) : undefined;
  if (clash) return contradictionAnswer(clash, p);
  // Conditions no kind of record can be judged on together: said before "none found".
  if (res.missing.length > 1 && !res.found && !res.rows.length && !res.absent) return missingAnswer(res, p);
  if (
    res.absent ||
    (!res.rows.length && !res.found && !(opts.anyRegister && registerShaped(res)) && op !== 'group' && op !== 'extreme' && op !== 'count')
  )
    return absentAnswer(res, p, opts);
  if (res.missing.length && !res.found) return missingAnswer(res, p);
  if (res.outside) return outsideAnswer(res, p);
  if (op === 'newest') return newestAnswer(res, p);
  if (op === 'verify') {
    const verified = verifyAnswer(res, p, opts.focus);
    if (verified) return verified;
  }
  if (opts.anyRegister && registerShaped(res)) {
    const named = res.plan.about.entities;
    const models = named.filter((e) => names(e, 'name'));
    if (models.length && res.rows.length && !named.some((e) => names(e, 'maker')) && op !== 'list' && op !== 'count') {
      const hasText = res.rows.some(fromTable);
      const hasReg = res.rows.some(fromList);
      if (hasText && hasReg) return sideBySide(res, p);
      if (!placeOf(res.plan) && !dateRangeOf(res.plan) && !tracksOfPlan(res.plan)) return aboutEntities(res, p, opts.focus);
    }
    // "深度求索的备案号是多少": a field of a company's few records is that field, not a list of them.
    // …and a question about a company's few records describes them (their uses, sizes), not a list.
    if (
      named.length &&
      res.rows.length > 0 &&
      res.rows.length <= 5 &&
      ((op === 'field' && res.plan.ask.fields.some((f) => !is(f, 'name'))) || op === 'describe')
    )
      return aboutEntities(res, p, opts.focus);
    return perTrack(res, p);
  }
  switch (op) {
    case 'extreme':
      return extremeAnswer(res, p);
    case 'compare':
      return compareAnswer(res, p);
    case 'group':
      return groupAnswer(res, p);
    case 'count':
      return countAnswer(res, p);
    case 'list':
      return res.plan.about.entities.length && !res.plan.about.within ? aboutEntities(res, p, opts.focus) : listAnswer(res, p);
    default:
      if (res.plan.about.entities.length && !res.plan.about.within) return aboutEntities(res, p, opts.focus);
      if (op === 'field' && res.plan.about.batches.length) return batchDateAnswer(res, p);
      return listAnswer(res, p);
  }
}
