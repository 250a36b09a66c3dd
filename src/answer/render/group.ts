/** Groupings: records per province, company, list or batch (with a chart), the largest groups, companies with n models. */
import { is } from '../../records/fields.js';
import { fromTable, trackOf } from '../../records/recordTypes.js';
import type { FilingRecord } from '../../records/schema.js';
import type { Field } from '../../understand/plan.js';
import { defaultGroup, type Result, type Side } from '../execute.js';
import type { Phrasebook } from '../phrases/index.js';
import { companyGroups } from './list.js';
import { conditions, done, listsOf, selection, type Rendered } from './shared.js';

/** Where grouped rows come from, in words: the texts' table, or a register track. */
function groupSource(rows: readonly FilingRecord[], p: Phrasebook): string {
  const r = rows[0];
  return p.groupSource(!r || fromTable(r) ? undefined : trackOf(r));
}

function chartOf(sides: readonly Side[], by: Field, title: string, p: Phrasebook) {
  return { title, bars: sides.slice(0, 15).map((s) => ({ label: p.groupName(by, s.name), value: s.rows.length })) };
}

const groupItems = (sides: readonly Side[], by: Field, p: Phrasebook) =>
  sides.map((s) => ({ label: p.groupName(by, s.name), detail: String(s.rows.length), source: s.rows[0]!.source, lines: s.rows[0]!.lines }));

/** "第四批通过备案的模型最多（14 条）": the largest group (or the first n), with the groups after it. */
export function largestGroupAnswer(res: Result, p: Phrasebook): Rendered {
  const by = res.plan.ask.by!;
  const max = res.plan.ask.extreme !== 'min';
  const sizes = res.sides;
  const where = groupSource(sizes[0]?.rows ?? [], p);
  const n = res.plan.ask.top ?? 1;
  const cut = sizes[Math.min(n, sizes.length) - 1]!.rows.length;
  const top = sizes.filter((s) => (max ? s.rows.length >= cut : s.rows.length <= cut));
  const shown = (s: Side) => p.groupSize({ name: p.groupName(by, s.name), n: s.rows.length });
  const label = p.field(by);
  const lead =
    n > 1
      ? p.topGroups({ where, n, label, max, shown: top.map(shown) })
      : p.topGroup({ where, names: top.map((s) => p.groupName(by, s.name)), max, n: cut });
  const ties = n > 1 && top.length > n ? p.tie(cut, top.length) : '';
  const rest = sizes.filter((s) => !top.includes(s)).slice(0, Math.max(0, 10 - top.length));
  const after = rest.length ? p.nextGroups(rest.map(shown)) : '';
  return {
    found: true,
    answer: lead + ties + after,
    result: {
      lead: lead + ties,
      items: groupItems(sizes, by, p),
      total: sizes.length,
      notes: [],
      chart: chartOf(sizes, by, p.chartTitle(label, where), p),
    },
    rows: top.flatMap((s) => s.rows).slice(0, 8),
    facts: [],
  };
}

/** A share of the whole ("北京占 43.6%") or the difference between two groups ("多 48 条"), before the groups. */
function shareOrDifference(res: Result, p: Phrasebook): string | undefined {
  const by = res.plan.ask.by ?? defaultGroup();
  const sizes = res.sides;
  const focus = res.plan.ask.focus;
  const total = sizes.reduce((n, s) => n + s.rows.length, 0);
  if (focus?.length && total) {
    const part = sizes.filter((s) => focus.includes(s.name)).reduce((n, s) => n + s.rows.length, 0);
    const pct = Math.round((part / total) * 1000) / 10;
    return p.share({ names: focus.map((k) => p.groupName(by, k)), part, total, pct });
  }
  // Two groups named in the question, in its order ("6月那份比4月那份多多少"): the first less the second.
  const named = res.plan.about.where.find((x) => x.field === by && x.op === 'in' && x.values.length === 2);
  const better = res.plan.cues.better;
  // (Whenever the question names just the two groups: their counts side by side, a group of none included.)
  if (named && sizes.length <= 2) {
    const count = (v: string) => sizes.find((s) => s.name === v)?.rows.length ?? 0;
    // (Lists are said later against earlier: "2026年2月那期比2025年12月那期少 10 条".)
    const values = named.values.map(String);
    const ordered = is(by, 'collection') ? [...values].sort().reverse() : values;
    const [a, b] = ordered.map((v) => ({ name: p.groupName(by, v), n: count(v) }));
    // "增长了百分之多少": the first against the second, in percent.
    const pct = res.plan.ask.expects === 'percent' && b!.n ? Math.round(((a!.n - b!.n) / b!.n) * 1000) / 10 : undefined;
    const text = pct !== undefined ? p.growth(a!, b!, pct) : p.difference(a!, b!, is(by, 'collection'));
    // "…有增长吗", "A比B多吗": the verdict first.
    if (better && better.names.every((n) => named.values.map(String).includes(n))) {
      const other = better.names.find((n) => n !== better.claimed)!;
      return p.largerVerdict(count(better.claimed) > count(other), text);
    }
    return text;
  }
  return undefined;
}

/** "各省分别有多少": every group with its count, largest first, and the chart. */
function groupByAnswer(res: Result, p: Phrasebook): Rendered {
  const by = res.plan.ask.by ?? defaultGroup();
  const sizes = res.sides;
  const label = p.field(by);
  if (!sizes.length) return done(false, p.noRecordsMatch(), [], p);
  // The lists named ("2024年4月那期清单中") unless the groups are the lists, and the track unless they are the tracks.
  const where =
    p.inLists(is(by, 'collection') ? [] : listsOf(res.plan)) + (is(by, 'kind') ? p.inRegisters() : groupSource(sizes[0]!.rows, p));
  const what = p.selectionWith(selection(res.plan, res.rows, p), conditions(res.plan, p));
  const shown = sizes.slice(0, 20).map((s) => p.groupCount({ name: p.groupName(by, s.name), n: s.rows.length }));
  const lead = p.groupByLead({ where, what, label, n: sizes.length });
  const head = shareOrDifference(res, p);
  return {
    found: true,
    answer: `${head ? `${head}\n` : ''}${p.groupByLine(lead, shown, sizes.length > 20)}`,
    result: {
      lead: head ? `${head}\n${lead}` : lead,
      items: groupItems(sizes, by, p),
      total: sizes.length,
      notes: [],
      chart: chartOf(sizes, by, p.chartTitle(label), p),
    },
    rows: sizes.slice(0, 4).flatMap((s) => s.rows.slice(0, 2)),
    facts: [],
  };
}

/** Records grouped by a field, or the companies with (at least) n models. */
export function groupAnswer(res: Result, p: Phrasebook): Rendered {
  const g = res.plan.ask.group;
  if (!g) return groupByAnswer(res, p);
  const by = res.plan.ask.by;
  if (by && !is(by, 'maker')) {
    // "哪些省份的备案恰好是2条": the groups of that size, each with its count.
    const where = p.ofLists(listsOf(res.plan)) + groupSource(res.sides[0]?.rows ?? res.rows, p);
    if (!res.sides.length) return done(false, p.noGroupsWith(p.field(by), g.min, !!g.exact, where), [], p);
    const lead = p.groupsWithLead(p.field(by), g.min, !!g.exact, where, res.sides.length);
    const shown = res.sides.map((s) => p.groupSize({ name: p.groupName(by, s.name), n: s.rows.length }));
    return done(res.sides.length > 0, p.sentence(lead, shown), res.sides.flatMap((s) => s.rows).slice(0, 8), p);
  }
  const many = p.atLeastModels(g.min, !!g.exact);
  if (!res.found) return done(false, p.noCompanyWith(groupSource(res.rows, p), many), [], p);
  const groups = res.sides.map((s) => p.companyWithModels(s.name, s.rows));
  const where = p.ofLists(listsOf(res.plan)) + groupSource(res.sides[0]?.rows ?? [], p);
  return companyGroups(res, p.companiesWithLead(many, where, res.sides.length), groups, res.rows, p);
}
