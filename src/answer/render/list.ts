/** Lists of records: by batch, place, date or condition; the companies among them; companies in every named batch. */
import { fieldOf, is, valueOf } from '../../records/fields.js';
import { soleTrack } from '../../records/recordTypes.js';
import type { FilingRecord } from '../../records/schema.js';
import { uniq, type Result } from '../execute.js';
import type { Phrasebook } from '../phrases/index.js';
import { conditions, done, listsOf, nameOf, selection, type Rendered } from './shared.js';

/** Companies, each with its records ("在第一批和第三批都有模型的公司：…", "有至少2 款模型的公司：…"): prose and items alike. */
export function companyGroups(res: Result, lead: string, groups: string[], rows: FilingRecord[], p: Phrasebook): Rendered {
  const items = res.sides.map((s) => ({
    label: s.name,
    detail: p.join(s.rows.map(nameOf)),
    source: s.rows[0]!.source,
    lines: s.rows[0]!.lines,
  }));
  const answer = p.sentence(lead, groups);
  return { found: true, answer, result: { lead, items, total: res.sides.length, notes: [] }, rows, facts: [] };
}

export function listAnswer(res: Result, p: Phrasebook): Rendered {
  const rows = res.rows;
  const about = res.plan.about;
  const what = selection(res.plan, rows, p);
  const scale = conditions(res.plan, p);
  const maker = (r: FilingRecord) => valueOf('maker', r);
  const companies = uniq(rows.map(maker).filter((c): c is string => !!c));
  const asks = (role: 'maker' | 'name') => res.plan.ask.fields.some((f) => is(f, role));
  const asksCompany = asks('maker') && !asks('name');
  // "哪些模型没有写参数量": the rows, and those that give their size only in words.
  if (about.where.some((x) => is(x.field, 'magnitude') && x.op === 'empty' && !x.negate) && about.where.length === 1) {
    const notes = res.unquantified.length ? [p.wordedParams(res.unquantified)] : [];
    return done(rows.length > 0 || res.unquantified.length > 0, p.noParamsLead(what, rows.length), rows, p, { list: true, notes });
  }
  // (In all of several lists: the lists are what is named.)
  const where = about.batches.length ? what : p.join(listsOf(res.plan).map((l) => p.groupName(fieldOf('collection'), l)));
  if (about.batchJoin === 'all' && res.sides.length)
    return companyGroups(
      res,
      p.companiesInAllLead(where),
      res.sides.map((s) => p.companyInBatches(s.name, s.rows)),
      rows,
      p,
    );
  if (about.batchJoin === 'all') return done(false, p.noCompanyInAll(where), [], p);
  if (asksCompany && rows.length) {
    const named = rows.filter(maker);
    const unnamed = rows.filter((r) => !maker(r));
    const lead = p.companiesLead(what, companies.length);
    const models = (c: string) => named.filter((r) => maker(r) === c).map(nameOf);
    const note = unnamed.length ? p.noCompanyListed(unnamed.map(nameOf)) : '';
    return {
      found: true,
      answer:
        p.sentence(
          lead,
          companies.map((c) => p.named(c, models(c))),
        ) + note,
      result: {
        lead,
        items: companies.map((c) => {
          const r = named.find((x) => maker(x) === c)!;
          return { label: c, detail: p.join(models(c)), source: r.source, lines: r.lines };
        }),
        total: companies.length,
        notes: note ? [note] : [],
      },
      rows,
      facts: [],
    };
  }
  const lead = p.listLead({ within: !!about.within, what, conditions: scale, n: rows.length, track: soleTrack(rows) });
  const notes =
    !about.within && !about.where.some((x) => is(x.field, 'magnitude')) && about.batches.length && companies.length
      ? [p.companiesInvolved(companies.length)]
      : [];
  const r = done(rows.length > 0, lead, rows, p, { list: true, facts: res.facts });
  // The company count follows the list on the same line, as the answer's last sentence.
  return notes.length ? { ...r, answer: r.answer + notes[0], result: { ...r.result, notes } } : r;
}
