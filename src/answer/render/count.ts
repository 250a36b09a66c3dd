/** Counts: what the texts state of a batch, what the table lists, per named thing or batch. */
import { valueOf } from '../../records/fields.js';
import type { FilingRecord } from '../../records/schema.js';
import { roundOf, uniq, type Result } from '../execute.js';
import type { Phrasebook } from '../phrases/index.js';
import { conditions, item, nameOf, selection, type Rendered } from './shared.js';

export function countAnswer(res: Result, p: Phrasebook): Rendered {
  const rows = res.rows;
  const about = res.plan.about;
  const what = selection(res.plan, rows, p);
  const scale = conditions(res.plan, p);
  const lines = res.facts.map((f) => p.statedCount(f));
  // Two or more batches together: their stated totals added up ("第一批 8 家、第二批 10 家，合计 18 家").
  if (res.facts.length > 1 && !res.plan.ask.apart) {
    const sum = (k: 'companies' | 'models') => (res.facts.every((f) => f[k]) ? res.facts.reduce((n, f) => n + f[k]!, 0) : undefined);
    const [c, m] = [sum('companies'), sum('models')];
    if (c || m) lines.push(p.statedTotal(c, m));
  }
  const companies = uniq(rows.map((r) => valueOf('maker', r)).filter(Boolean)).length;
  // "快手和抖音各有几款", "第三批和第四批分别有多少款": one count per named thing.
  // Several batches are counted apart when asked "分别/各/每", otherwise together.
  const perBatch = about.batches.length > 1 && about.batchJoin === 'any' && !!res.plan.ask.apart;
  const parts: { name: string; rows: FilingRecord[] }[] =
    res.sides.length > 1
      ? res.sides
      : perBatch
        ? about.batches.map((b) => ({ name: p.batch(b), rows: rows.filter((r) => roundOf(r) === b) }))
        : [];
  // "抖音有几款模型": one named company's records, by name.
  if (!parts.length && about.entities.length && rows.length && rows.length <= 12)
    lines.push(
      p.countFor(
        about.entities.map((e) => e.name),
        rows.map(nameOf),
      ),
    );
  else if (parts.length) lines.push(...parts.map((s) => p.countPart(s.name, s.rows.map(nameOf))));
  else if (rows.length || !lines.length)
    lines.push(
      p.countAll({
        what,
        conditions: scale,
        n: rows.length,
        companies,
        rows: rows.length && rows.length <= 10 ? rows : undefined,
      }),
    );
  // The texts' prose and their own table disagree ("10家企业" against 11 companies listed): both shown, and said.
  const stated = res.facts.find((f) => f.companies);
  if (stated && !parts.length && !about.entities.length && companies && stated.companies !== companies)
    lines.push(p.countsDiffer(stated.companies!, companies));
  const lead = lines.join('\n');
  return {
    found: res.found,
    answer: lead,
    result: { lead, items: rows.map((r) => item(r, p)), total: rows.length, notes: [] },
    rows,
    facts: res.facts,
  };
}
