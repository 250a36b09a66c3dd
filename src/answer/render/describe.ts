/** Named records described, the asked fields first; a batch's date. */
import { is, LEAD_FIELDS, valueOf } from '../../records/fields.js';
import type { FilingRecord } from '../../records/schema.js';
import type { Plan } from '../../understand/plan.js';
import { names, roundDate, roundOf, type Result } from '../execute.js';
import type { Phrasebook } from '../phrases/index.js';
import { done, item, plain, type Rendered } from './shared.js';

/**
 * The asked fields a description leads with, as the phrasebook's describe() takes them: 'name' for
 * the names a company filed, the fields that open with a sentence of their own (in their order),
 * else what the record does.
 */
function leadFields(plan: Plan): string[] {
  const f = plan.ask.fields;
  const lead: string[] = [];
  if (f.some((x) => is(x, 'name')) && plan.about.entities.every((e) => names(e, 'maker'))) lead.push('name');
  for (const x of LEAD_FIELDS) if (f.includes(x)) lead.push(x);
  const uses = f.find((x) => is(x, 'description'));
  if (!lead.length && uses) lead.push(uses);
  return lead;
}

export function aboutEntities(res: Result, p: Phrasebook, focus: string[]): Rendered {
  const rows = [...res.rows].sort((x, y) => (roundOf(x) ?? 99) - (roundOf(y) ?? 99) || x.lines[0] - y.lines[0]);
  const lead = leadFields(res.plan);
  // What a record does is said at length when asked for, or when nothing else is.
  const wantsUses = res.plan.ask.fields.some((x) => is(x, 'description')) || lead.length === 0;
  const describe = (r: FilingRecord, usesMax: number, oneLine = false) => p.describe(r, { lead, usesMax, focus, oneLine });
  let answer: string;
  if (rows.length === 1) answer = describe(rows[0]!, wantsUses ? 160 : 70);
  else if (rows.length <= 4) {
    const company = res.plan.about.entities.find((e) => names(e, 'maker')) && valueOf('maker', rows[0]!);
    const subject = company && rows.every((r) => valueOf('maker', r) === company) ? p.companyRecords(company, rows.length) : '';
    answer = subject + rows.map((r) => describe(r, wantsUses ? 50 : 0)).join('\n');
  } else if (lead.length && lead[0] !== 'name') {
    // Many records and a field asked of them: each record with that field ("快意大模型：第三批…").
    const shown = rows.slice(0, 12).map((r) => describe(r, 0, true));
    const more = rows.length > 12 ? p.moreLines(rows.length - 12) : '';
    answer = p.recordsHeader(rows.length) + shown.join('\n') + more;
  } else return done(true, p.recordsLead(rows.length), rows, p, { list: true });
  const missing = res.missing.length ? p.fieldsNotGiven(res.missing) : '';
  const r = done(true, answer + missing, rows, p, { prose: answer + missing, facts: res.facts });
  return {
    ...r,
    result: {
      lead: answer + missing,
      items: rows.length > 1 ? rows.map((x) => item(x, p)) : [],
      total: rows.length > 1 ? rows.length : 0,
      notes: [],
    },
  };
}

/** "第四批于2024 年 1 月通过备案": the date of each asked batch, from the table and the prose. */
export function batchDateAnswer(res: Result, p: Phrasebook): Rendered {
  const lines = res.plan.about.batches.map((b) =>
    p.batchDate(b, roundDate(res.rows, b) ?? res.facts.find((f) => f.batch === b && f.date)?.date?.text),
  );
  return plain(lines.join('\n'), res.rows.slice(0, 1), res.facts);
}
