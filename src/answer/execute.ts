/**
 * The executor: runs a query plan over every record (the texts' filing tables and imported
 * registers alike) and returns structured rows plus the prose facts it used. It decides nothing
 * about wording; answer/renderRecords.ts writes the answer.
 *
 * A plan runs in two steps: select (a base set narrowed by each subject part the plan has), then
 * the asked operation over the selection (fields, list, count, extreme, compare, group, newest).
 */
import { amountOf, answersField, dayIn, FIELD_SPECS, fieldOf, fieldsWith, is, rankOf, valueOf, whenOf } from '../records/fields.js';
import { dayOf, declares, likeness, matches, matchesAll, type Predicate } from '../records/predicates.js';
import type { Ask, EntityRef, Field, Plan } from '../understand/plan.js';
import { fromList, fromTable, ofDefaultTrack, trackOf, tracksOf } from '../records/recordTypes.js';
import type { BatchFact, FilingRecord, Track } from '../records/schema.js';
import { batchNames } from './phrases/sources.js';

export interface Side {
  name: string;
  rows: FilingRecord[];
}

export interface Result {
  plan: Plan;
  op: Ask['op'] | 'byNumber';
  found: boolean;
  /** The records the answer rests on, in answer order. */
  rows: FilingRecord[];
  /** Prose facts about batches used (stated counts and dates). */
  facts: BatchFact[];
  /** Why nothing was found: a batch, place or number the records do not have. */
  absent?: string;
  /** Asked fields that none of the rows has. */
  missing: Field[];
  /** compare: each named thing's rows; group: each company's rows. */
  sides: Side[];
  /** extreme/paramsMissing: rows that state parameters only in words ("多种参数规模"). */
  unquantified: FilingRecord[];
  /** Register rows repeated across files and counted once. */
  repeats: number;
  /** The asked fields are none that these records' types have: the texts may answer, the records cannot. */
  outside?: boolean;
  /** verify: whether the claim holds, and which claimed conditions the subject's rows fail. */
  /** The tracks the corpus's lists hold (a question about another is beyond them). */
  tracksHeld?: Track[];
  /** Conditions of the question the named thing's rows all fail (a wrong premise): answered without them, and said. */
  premise?: Predicate[];
  /** counted: how many the claimed count was checked against (records, or companies for 家). */
  verdict?: { holds: boolean; checked: Predicate[]; failed: Predicate[]; counted?: number };
  /** The latest filing date in the registers (to say how far they reach). */
  registerLatest?: string;
}

export { dayOf };

export const uniq = <T>(xs: readonly T[]) => [...new Set(xs)];

/** Register rows, one per (track, filing number): a number listed in two register files counts once. */
interface RegisterView {
  /** The tracks any register row is of: a track no list of the corpus holds cannot be answered. */
  tracks: Set<Track>;
  keep: Set<FilingRecord>;
  repeats: number;
  byNo: Map<string, FilingRecord[]>;
  latest?: string;
}
const views = new WeakMap<readonly FilingRecord[], RegisterView>();
export function registerView(records: readonly FilingRecord[]): RegisterView {
  let v = views.get(records);
  if (v) return v;
  const keep = new Set<FilingRecord>();
  const byNo = new Map<string, FilingRecord[]>();
  let repeats = 0;
  let latest: string | undefined;
  const tracks = new Set<Track>();
  for (const r of records) {
    if (!fromList(r)) continue;
    tracks.add(trackOf(r));
    const day = dayIn('time', r);
    const no = valueOf('identifier', r);
    if (day && (!latest || day > latest)) latest = day;
    if (no) {
      const key = no.toLowerCase();
      const same = byNo.get(key);
      if (same) {
        same.push(r);
        if (same.some((s) => trackOf(s) === trackOf(r) && s.source !== r.source)) {
          repeats++;
          continue;
        }
      } else byNo.set(key, [r]);
    }
    keep.add(r);
  }
  views.set(records, (v = { tracks, keep, repeats, byNo, latest }));
  return v;
}

/** The round (the texts' table's batch) a record came in, if any. */
export const roundOf = (r: FilingRecord): number | undefined => amountOf('ordinal', r);

/** When a round was, as the texts write it ("2024 年 1 月"), from the first of the rows that says. */
export function roundDate(rows: readonly FilingRecord[], n: number): string | undefined {
  for (const r of rows) {
    const when = roundOf(r) === n ? whenOf('ordinal', r) : undefined;
    if (when !== undefined) return when;
  }
  return undefined;
}

/** Whether a named thing is a value of the field of a role (an entity of kind `company` names a maker). */
export const names = (e: EntityRef, role: 'name' | 'maker'): boolean => e.kind === fieldOf(role);

/** A record's name (every record has one). */
export const nameOf = (r: FilingRecord): string => valueOf('name', r)!;

/** Who filed a record, else its name: what "how many organisations" counts. */
export const filerOf = (r: FilingRecord): string | undefined => valueOf('maker', r) ?? valueOf('name', r);

// Plain string order for file names (localeCompare cost ~10 ms over a register's rows).
const byRoundThenLine = (x: FilingRecord, y: FilingRecord) =>
  (roundOf(x) ?? 99) - (roundOf(y) ?? 99) || (x.source < y.source ? -1 : x.source > y.source ? 1 : 0) || x.lines[0] - y.lines[0];

/** The field an extreme ranks by: the time when it asks for one (最早, 最晚), else the size (最大). */
export function rankedField(ask: Pick<Ask, 'fields'>): Field {
  return is(ask.fields[0], 'time') || is(ask.fields[0], 'collection') ? ask.fields[0]! : fieldOf('magnitude');
}

/**
 * "第二批和第三批都有模型的公司", "两期清单里都出现过的单位": the rows of the companies that have rows in every
 * group named (`groupOf` a row's batch or list); each such company becomes one side, with its rows.
 */
function inEvery<K>(
  rows: FilingRecord[],
  groupOf: (r: FilingRecord) => K | undefined,
  groups: readonly K[],
  sides: Side[],
): FilingRecord[] {
  const maker = (r: FilingRecord) => valueOf('maker', r);
  const sets = groups.map((g) => new Set(rows.filter((r) => groupOf(r) === g).map(maker)));
  const kept = rows.filter((r) => maker(r) && sets.every((s) => s.has(maker(r))));
  for (const c of uniq(kept.map((r) => maker(r)!))) sides.push({ name: c, rows: kept.filter((r) => maker(r) === c) });
  return kept;
}

export function execute(plan: Plan, records: readonly FilingRecord[], facts: readonly BatchFact[]): Result {
  const { about, ask } = plan;
  const view = registerView(records);
  const maker = (r: FilingRecord) => valueOf('maker', r);
  const base: Result = {
    plan,
    op: ask.op,
    found: false,
    rows: [],
    facts: [],
    missing: [],
    sides: [],
    unquantified: [],
    repeats: 0,
    registerLatest: view.latest,
    tracksHeld: [...view.tracks],
  };

  // A filing number names its rows directly.
  if (about.filingNo) {
    const key = about.filingNo.replace(/\s+/g, '').toLowerCase();
    const hit = view.byNo.get(key) ?? view.byNo.get(key.endsWith('号') ? key : `${key}号`) ?? [];
    return { ...base, op: 'byNumber', found: hit.length > 0, rows: hit, absent: hit.length ? undefined : about.filingNo };
  }

  // 1. The base set: what the question (or the conversation) names, else everything.
  let rows: FilingRecord[];
  const sides: Side[] = [];
  if (about.within && !about.entities.length) rows = about.within.map((i) => records[i]!).filter(Boolean);
  else if (about.entities.length) {
    const of = (role: 'name' | 'maker') => uniq(about.entities.filter((e) => names(e, role)).flatMap((e) => e.records));
    const models = of('name');
    const companies = of('maker');
    let ids = models.length ? models : companies;
    if (models.length && companies.length) {
      const companySet = new Set(companies);
      const both = models.filter((i) => companySet.has(i));
      ids = both.length ? both : uniq([...models, ...companies]);
    }
    // "其中哪个是商汤的": the named ones among the previous answer's rows.
    if (about.within) {
      const within = new Set(about.within);
      const inside = ids.filter((i) => within.has(i));
      if (inside.length) ids = inside;
    }
    rows = ids.map((i) => records[i]!);
    const seen = new Set<string>();
    const chosen = new Set(ids);
    for (const e of about.entities) {
      const mine = e.records.filter((i) => chosen.has(i));
      const key = mine.join(',');
      if (mine.length && !seen.has(key)) {
        seen.add(key);
        sides.push({ name: e.name, rows: mine.map((i) => records[i]!) });
      }
    }
  } else rows = [...records];
  // Register repeats count once unless the question names the record itself.
  if (!about.entities.length) rows = rows.filter((r) => !fromList(r) || view.keep.has(r));

  // 2. Narrow by each subject part the plan has.
  const before = rows;
  if (about.batches.length) {
    const inBatch = (r: FilingRecord) => {
      const n = roundOf(r);
      return !!n && about.batches.includes(n);
    };
    const inBatches = rows.filter(inBatch);
    if (about.entities.length && !inBatches.length) {
      // A named model outside the asked batch: say so rather than answer about another batch.
      return { ...base, rows: [], absent: batchNames(about.batches) };
    }
    rows = inBatches;
    if (about.batchJoin === 'all') rows = inEvery(rows, roundOf, about.batches, sides);
    if (!before.some(inBatch)) {
      const known = about.batches.filter((b) => facts.some((f) => f.batch === b));
      if (!known.length) return { ...base, absent: batchNames(about.batches) };
    }
  }
  // Conditions: every predicate of the plan (a named model's own date is not a filter).
  const where = about.entities.length ? about.where.filter((p) => !is(p.field, 'time')) : about.where;
  if (where.length) rows = rows.filter((r) => matchesAll(r, where));
  // A condition on a field none of the candidate rows has ("北京的千亿级": the lists give no sizes) is
  // not met by none of them: it cannot be judged, and the answer says which field is missing.
  // (Each field is judged on the rows the other conditions leave: 北京's rows are the lists', which have no sizes.)
  if (!rows.length && where.length > 1) {
    const unjudged = uniq(where.filter((p) => !p.negate && p.op !== 'empty').map((p) => p.field)).filter((f) => {
      const left = before.filter((r) =>
        matchesAll(
          r,
          where.filter((p) => p.field !== f),
        ),
      );
      return left.length > 0 && !left.some((r) => declares(r, f));
    });
    if (unjudged.length) return { ...base, found: false, missing: unjudged, rows: [] };
  }
  // "两期清单里都出现过的单位": the same, over the lists named.
  const joined =
    about.batchJoin === 'all' && !about.batches.length ? about.where.find((p) => is(p.field, 'collection') && p.op === 'in') : undefined;
  if (joined) rows = inEvery(rows, (r) => valueOf('collection', r), joined.values.map(String), sides);
  // A description ("like"): the rows that say most of it, best first; those well behind the best are dropped.
  const like = where.find((p) => p.op === 'like' && !p.negate);
  if (like && rows.length > 1) {
    const score = new Map(rows.map((r) => [r, likeness(FIELD_SPECS[like.field].get(r) ?? '', String(like.values[0]))]));
    const best = Math.max(...score.values());
    rows = rows.filter((r) => score.get(r)! >= best - 0.1).sort((a, b) => score.get(b)! - score.get(a)!);
  }
  // A premise the named thing's own rows contradict ("深度求索以浙江属地备案的，它的备案号"): its rows
  // answer, and the answer corrects the premise (a claim checked is verify's, a count is a count).
  let premise: Predicate[] | undefined;
  // (Only for a name that singles one thing out: a two-character word inside a longer name, "端侧" of
  // 端侧OS大模型, is too weak to answer with that thing's rows.)
  const strongNames = about.entities.every((e) => [...e.name].length >= 3 || !!e.typed || /^[a-z0-9]{4,}$/i.test(e.name));
  if (about.entities.length && strongNames && !rows.length && before.length && !['verify', 'count', 'group', 'extreme'].includes(ask.op)) {
    const failed = where.filter((p) => !before.some((r) => matches(r, p)));
    const rest = where.filter((p) => !failed.includes(p));
    const own = before.filter((r) => matchesAll(r, rest));
    if (
      failed.length &&
      own.length &&
      failed.every(
        // (A named model's rows of another track answer too: "聊个天大模型…通过备案" is a 登记.)
        (p) => !!FIELD_SPECS[p.field].premise || (is(p.field, 'kind') && about.entities.every((e) => names(e, 'name'))),
      )
    ) {
      premise = failed;
      rows = own;
    }
  }
  // Rows whose parameters a count condition could not weigh ("多种参数规模"): named, not counted.
  const weighed = about.where.some((p) => is(p.field, 'magnitude') && ['gte', 'lte', 'between', 'empty'].includes(p.op));
  const inWords = (r: FilingRecord) => valueOf('magnitude', r) !== undefined && amountOf('magnitude', r) === undefined;
  const unquantified = weighed ? before.filter((r) => fromTable(r) && inWords(r) && !rows.includes(r)) : [];
  rows = about.entities.length || about.within ? rows : rows.sort(byRoundThenLine);
  const batchFacts = facts.filter((f) => about.batches.includes(f.batch));
  const out: Result = {
    ...base,
    rows,
    unquantified,
    repeats: about.entities.length ? 0 : view.repeats,
    sides,
    ...(premise ? { premise } : {}),
  };

  // "排第三个的": the row at that position of the rows in their source's order.
  if (ask.nth) {
    const at = rows[ask.nth - 1];
    return { ...out, found: !!at, rows: at ? [at] : [] };
  }
  // 3. The asked operation.
  switch (ask.op) {
    case 'extreme': {
      if (ask.by) {
        // The groups with the most (or fewest) records, or the first `top` of them.
        const all = groupsOf(rows, ask.by, about);
        if (!all.length) return { ...out, found: false };
        const sorted = [...all].sort((a, b) => (ask.extreme === 'min' ? a.rows.length - b.rows.length : b.rows.length - a.rows.length));
        const n = ask.top ?? 1;
        const cut = sorted[Math.min(n, sorted.length) - 1]!.rows.length;
        const top = sorted.filter((g) => (ask.extreme === 'min' ? g.rows.length <= cut : g.rows.length >= cut));
        return { ...out, found: true, sides: sorted, rows: top.flatMap((g) => g.rows) };
      }
      // The largest (smallest) amount, or the first (last) day (a month counting from its first day), and every row of it.
      const field = rankedField(ask);
      const valued = rows.filter((r) => rankOf(field, r) !== undefined);
      if (!valued.length) return { ...out, found: false, missing: [field], rows };
      const min = ask.extreme === 'min';
      const target = valued.map((r) => rankOf(field, r)!).reduce((a, b) => (min ? (b < a ? b : a) : b > a ? b : a));
      const top = valued.filter((r) => rankOf(field, r) === target);
      return { ...out, found: true, rows: top, unquantified: rows.filter((r) => rankOf(field, r) === undefined) };
    }
    case 'compare': {
      const found = sides.length >= 2;
      return { ...out, found, rows: sides.flatMap((s) => s.rows) };
    }
    case 'group': {
      // Records grouped by a field ("各省分别有多少"), or companies with at least (exactly) n records.
      const all = groupsOf(rows, ask.by ?? defaultGroup(), about).sort((a, b) => b.rows.length - a.rows.length);
      // (groupsOf counts one track; a company's models are its rows, any other field's groups their sizes.)
      const g = ask.group;
      const groups = g ? all.filter((x) => (g.exact ? x.rows.length === g.min : x.rows.length >= g.min)) : all;
      return { ...out, found: groups.length > 0, sides: groups, rows: groups.flatMap((x) => x.rows) };
    }
    case 'count': {
      // A batch's stated totals count the whole batch: not shown when the question narrows it.
      // Several batches counted together keep their stated totals when each has one (summed when shown).
      const together = about.batches.length > 1 && !ask.apart;
      const narrowed = !!(about.where.length || about.within || about.entities.length);
      const given = narrowed ? [] : batchFacts.filter((f) => f.companies || f.models);
      const whole = !together || about.batches.every((b) => given.some((f) => f.batch === b));
      const stated = whole ? given : [];
      return { ...out, found: rows.length > 0 || stated.length > 0, facts: stated };
    }
    case 'verify': {
      const claim = ask.claim;
      // With a subject: does one of its rows meet every claimed condition? Without one: does any row meet the conditions?
      // "第四批只有13款吗": the number of rows (companies for 家) against the claimed one.
      const count = claim?.count;
      if (count && (!about.entities.length || about.entities.every((e) => names(e, 'maker')))) {
        const counted = count.unit === '家' ? new Set(rows.map(filerOf)).size : rows.length;
        const holds = count.op === 'gte' ? counted >= count.value : count.op === 'lte' ? counted <= count.value : counted === count.value;
        return { ...out, found: rows.length > 0, verdict: { holds, failed: [], checked: [], counted } };
      }
      // "…中，2024年新增的占了一半以上吗": a share claimed, which whether any row exists does not decide.
      if (!about.entities.length && (claim?.numbers ?? []).some((n) => /分之|一半|半数|[%％]|成/.test(n)))
        return { ...out, found: rows.length > 0 };
      if (!about.entities.length) {
        const asked = about.where.length > 0 || about.batches.length > 0;
        // None in the track asked ("甘肃有没有备案"): the other tracks' rows that meet the rest, said beside the no.
        const track = about.where.find((p) => is(p.field, 'kind') && !p.negate);
        const besides =
          asked && !rows.length && track
            ? records.filter(
                (r) =>
                  view.keep.has(r) &&
                  !matches(r, track) &&
                  matchesAll(
                    r,
                    about.where.filter((p) => p !== track),
                  ),
              )
            : [];
        const others = tracksOf(besides).map((t) => ({ name: t as string, rows: besides.filter((r) => trackOf(r) === t) }));
        return { ...out, found: asked, sides: others, verdict: asked ? { holds: rows.length > 0, failed: [], checked: [] } : undefined };
      }
      const checked = claim?.fields ?? [];
      if (!checked.length || !rows.length) return { ...out, found: rows.length > 0 };
      const failed = checked.filter((p) => !rows.some((r) => matches(r, p)));
      // A free-text cell not mentioning what is claimed ("专门聚焦视频领域") refutes nothing: the texts decide.
      const unread = failed.filter((p) => (p.op === 'contains' || p.op === 'like') && !p.negate);
      if (unread.length && unread.length === failed.length) return { ...out, found: rows.length > 0 };
      const holding = rows.filter((r) => checked.every((p) => matches(r, p)));
      // What a failed claim names instead ("智谱AI备案的是GLM大模型"): the records that meet it, a few.
      const others = failed
        .filter((p) => p.op === 'eq' && (is(p.field, 'maker') || is(p.field, 'name')))
        .map((p) => ({ name: p.text, rows: records.filter((r) => matches(r, { ...p, negate: false })).slice(0, 5) }))
        .filter((x) => x.rows.length);
      return {
        ...out,
        found: true,
        rows: holding.length ? holding : rows,
        sides: others,
        verdict: { holds: failed.length === 0, failed, checked },
      };
    }
    case 'newest': {
      const day = (r: FilingRecord) => dayIn('time', r);
      const dated = rows.filter(day).sort((x, y) => (day(y)! < day(x)! ? -1 : day(y)! > day(x)! ? 1 : 0) || y.lines[0] - x.lines[0]);
      return { ...out, found: dated.length > 0, rows: dated };
    }
    default: {
      // Fields no record type of these rows has ("应用场景" of a register row): not the records' to answer.
      // A number asked of a thing with no field named ("比特币现在多少钱"): records hold no such number.
      // (Every record has a name: never missing, never beyond a record type.)
      const cells = ask.fields.filter((f) => !is(f, 'name'));
      const outside =
        (rows.length > 0 && ask.fields.length > 0 && ask.fields.every((f) => !is(f, 'name') && !rows.some((r) => declares(r, f)))) ||
        (ask.op === 'describe' && !ask.fields.length && (ask.expects === 'number' || ask.expects === 'percent'));
      if (outside) return { ...out, found: false, outside: true, missing: cells };
      const missing = cells.filter((f) => rows.length > 0 && !rows.some((r) => answersField(r, f)));
      const dated =
        ask.fields.some((f) => is(f, 'ordinal')) && !ask.fields.some((f) => is(f, 'name'))
          ? batchFacts.filter((f) => f.date)
          : batchFacts.filter((f) => f.companies || f.models).slice(0, 1);
      return {
        ...out,
        found: rows.length > 0 && missing.length < Math.max(1, cells.length),
        missing,
        facts: dated,
      };
    }
  }
}

/**
 * Rows grouped by a declared field. Registers and the texts' table are not mixed: a grouping over
 * the registers (when the question names no batch and the table is not asked for) counts one track,
 * the one the question names or else the default one (备案, TRACK_SPECS); 登记 is never added to it.
 */
export function groupsOf(rows: readonly FilingRecord[], by: Field, about: Plan['about']): Side[] {
  const registers = rows.filter(fromList);
  const useTable = is(by, 'ordinal') || about.tableOnly || about.batches.length > 0 || !registers.length;
  let pool = useTable ? rows.filter(fromTable) : registers;
  // (Grouped by kind of filing, the kinds are what is compared.)
  if (!useTable && !is(by, 'kind') && !about.where.some((p) => is(p.field, 'kind'))) pool = pool.filter(ofDefaultTrack);
  const groups = new Map<string, FilingRecord[]>();
  for (const r of pool) {
    if (!declares(r, by)) continue;
    const spec = FIELD_SPECS[by];
    const k = spec.groupKey ? spec.groupKey(r) : spec.get(r);
    if (!k) continue;
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return [...groups].map(([name, rs]) => ({ name, rows: rs }));
}

/** The field records are grouped by when the question names none (companies). */
export const defaultGroup = (): Field => fieldsWith('groupsByDefault')[0]!;
