/** Named records described, the asked fields first; a batch's date. */
import type { FilingRecord } from '../../records/schema.js';
import type { Plan } from '../../understand/plan.js';
import type { Result } from '../execute.js';
import type { Phrasebook } from '../phrases/index.js';
import { done, item, plain, type Rendered } from './shared.js';

/** The asked fields a description leads with. */
function leadFields(plan: Plan): string[] {
  const f = plan.ask.fields;
  const lead: string[] = [];
  if (f.includes('model') && plan.about.entities.every((e) => e.kind === 'company')) lead.push('name');
  for (const x of ['company', 'batch', 'date', 'list', 'params', 'province', 'filingNo'] as const) if (f.includes(x)) lead.push(x);
  if (!lead.length && f.includes('uses')) lead.push('uses');
  return lead;
}

export function aboutEntities(res: Result, p: Phrasebook, focus: string[]): Rendered {
  const rows = [...res.rows].sort((x, y) => (x.batch ?? 99) - (y.batch ?? 99) || x.lines[0] - y.lines[0]);
  const lead = leadFields(res.plan);
  const wantsUses = res.plan.ask.fields.includes('uses') || lead.length === 0 || lead[0] === 'uses';
  const describe = (r: FilingRecord, usesMax: number, oneLine = false) => p.describe(r, { lead, usesMax, focus, oneLine });
  let answer: string;
  if (rows.length === 1) answer = describe(rows[0]!, wantsUses ? 160 : 70);
  else if (rows.length <= 4) {
    const company = res.plan.about.entities.find((e) => e.kind === 'company') && rows[0]!.company;
    const subject = company && rows.every((r) => r.company === company) ? p.companyRecords(company, rows.length) : '';
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
    p.batchDate(
      b,
      res.rows.find((r) => r.batch === b && r.batchDate)?.batchDate?.text ?? res.facts.find((f) => f.batch === b && f.date)?.date?.text,
    ),
  );
  return plain(lines.join('\n'), res.rows.slice(0, 1), res.facts);
}
