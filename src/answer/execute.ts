/**
 * The executor: runs a query plan over every record (the texts' filing tables and imported
 * registers alike) and returns structured rows plus the prose facts it used. It decides nothing
 * about wording; answer/renderRecords.ts writes the answer.
 *
 * A plan runs in two steps: select (a base set narrowed by each subject part the plan has), then
 * the asked operation over the selection (fields, list, count, extreme, compare, group, newest).
 */
import { scaleFloor } from '../records/params.js';
import type { Ask, Field, Plan } from '../understand/plan.js';
import type { DateRange } from '../understand/dates.js';
import { TRACKS, type BatchFact, type FilingRecord, type Track } from '../records/schema.js';
import { chineseOrdinal } from '../text/chars.js';

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
  /** The latest filing date in the registers (to say how far they reach). */
  registerLatest?: string;
}

/** Register dates may be months (2024-06): they count from the month's first day. */
export const dayOf = (d: string) => (d.length === 7 ? `${d}-01` : d);
export function inRange(r: FilingRecord, d: DateRange): boolean {
  if (r.origin === 'register') return !!r.filingDate && (!d.from || dayOf(r.filingDate) >= d.from) && (!d.to || dayOf(r.filingDate) <= d.to);
  // Text-table rows have a batch month only.
  return !!r.batchDate && (!d.from || `${r.batchDate.ym}-31` >= d.from) && (!d.to || `${r.batchDate.ym}-01` <= d.to);
}

export const uniq = <T>(xs: readonly T[]) => [...new Set(xs)];

/** Register rows, one per (track, filing number): a number listed in two register files counts once. */
interface RegisterView {
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
  for (const r of records) {
    if (r.origin !== 'register') continue;
    if (r.filingDate && (!latest || r.filingDate > latest)) latest = r.filingDate;
    if (r.filingNo) {
      const key = r.filingNo.toLowerCase();
      const same = byNo.get(key);
      if (same) {
        same.push(r);
        if (same.some((s) => s.track === r.track && s.source !== r.source)) {
          repeats++;
          continue;
        }
      } else byNo.set(key, [r]);
    }
    keep.add(r);
  }
  views.set(records, (v = { keep, repeats, byNo, latest }));
  return v;
}

/** Words of the question that single out some (not all) of the rows by name: "新功能", "视觉", "小程序". */
function narrowByName(text: string, rows: FilingRecord[]): FilingRecord[] | undefined {
  const q = text.toLowerCase().replace(/第\s*[一二三四五六七八九十\d]+\s*批|首批/g, ' ');
  const generic = /^(大模型|模型|大模|公司|备案|通过|哪些|什么|参数|参数量)$/;
  for (let len = 6; len >= 2; len--) {
    let best: FilingRecord[] | undefined;
    for (let i = 0; i + len <= q.length; i++) {
      const sub = q.slice(i, i + len);
      // Chinese runs only: Latin words are matched whole below ("ter" of "parameter" is not "CharacterGLM").
      if (/\s/.test(sub) || generic.test(sub) || !/^[\u3400-\u9fff]+$/.test(sub)) continue;
      const hit = rows.filter((r) => r.model.toLowerCase().replace(/\s+/g, '').includes(sub));
      if (hit.length && hit.length < rows.length && (!best || hit.length < best.length)) best = hit;
    }
    if (best) return best;
  }
  const words = q.match(/[a-z][a-z0-9]{2,}/g) ?? [];
  for (const w of words) {
    const hit = rows.filter((r) => r.model.toLowerCase().split(/[^a-z0-9]+/).includes(w));
    if (hit.length && hit.length < rows.length) return hit;
  }
  return undefined;
}

const byBatchThenLine = (x: FilingRecord, y: FilingRecord) => (x.batch ?? 99) - (y.batch ?? 99) || x.source.localeCompare(y.source) || x.lines[0] - y.lines[0];

/** The field a record holds for the question, if any. */
export function hasField(r: FilingRecord, f: Field): boolean {
  switch (f) {
    case 'company': return !!r.company;
    case 'model': return true;
    case 'params': return r.params?.text !== undefined;
    case 'batch': return !!r.batch || !!r.filingDate;
    case 'date': return !!r.batchDate || !!r.filingDate;
    case 'province': return !!r.province;
    case 'filingNo': return !!r.filingNo;
    case 'uses': return !!r.uses;
  }
}

export function execute(plan: Plan, records: readonly FilingRecord[], facts: readonly BatchFact[]): Result {
  const { about, ask } = plan;
  const view = registerView(records);
  const base: Result = { plan, op: ask.op, found: false, rows: [], facts: [], missing: [], sides: [], unquantified: [], repeats: 0, registerLatest: view.latest };

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
    const of = (kind: 'model' | 'company') => uniq(about.entities.filter((e) => e.kind === kind).flatMap((e) => e.records));
    const models = of('model');
    const companies = of('company');
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
  if (!about.entities.length) rows = rows.filter((r) => r.origin !== 'register' || view.keep.has(r));

  // 2. Narrow by each subject part the plan has.
  const before = rows;
  if (about.batches.length) {
    const inBatches = rows.filter((r) => r.batch && about.batches.includes(r.batch));
    if (about.entities.length && !inBatches.length) {
      // A named model outside the asked batch: say so rather than answer about another batch.
      return { ...base, rows: [], absent: about.batches.map((b) => `第${chineseOrdinal(b)}批`).join('、') };
    }
    rows = inBatches;
    if (about.batchJoin === 'all') {
      const companiesIn = (b: number) => new Set(rows.filter((r) => r.batch === b).map((r) => r.company).filter(Boolean));
      const sets = about.batches.map(companiesIn);
      rows = rows.filter((r) => r.company && sets.every((s) => s.has(r.company)));
      // Each company that is in all the batches is one side, with its rows.
      for (const c of uniq(rows.map((r) => r.company!))) sides.push({ name: c, rows: rows.filter((r) => r.company === c) });
    }
    if (!before.some((r) => r.batch && about.batches.includes(r.batch))) {
      const known = about.batches.filter((b) => facts.some((f) => f.batch === b));
      if (!known.length) return { ...base, absent: about.batches.map((b) => `第${chineseOrdinal(b)}批`).join('、') };
    }
  }
  if (about.place) rows = rows.filter((r) => r.province === about.place!.province);
  if (about.tracks) rows = rows.filter((r) => about.tracks!.includes(r.track));
  if (about.dates && !about.entities.length) rows = rows.filter((r) => inRange(r, about.dates!));
  if (about.scale) {
    const floor = scaleFloor(about.scale);
    rows = rows.filter((r) => r.params?.value !== undefined && (about.scaleOrAbove ? r.params.value >= floor : r.params.scale === about.scale));
  }
  if (about.usesHas) {
    const part = about.usesHas.toLowerCase();
    rows = rows.filter((r) => !!r.uses && r.uses.toLowerCase().includes(part));
  }
  if (about.nameHas) {
    const part = about.nameHas.toLowerCase().replace(/\s+/g, '');
    rows = rows.filter((r) => r.model.toLowerCase().replace(/\s+/g, '').includes(part));
  }
  if (about.paramsCount) {
    const { value, cmp } = about.paramsCount;
    rows = rows.filter((r) => {
      const vs = paramValues(r);
      if (!vs.length) return false;
      // An order of magnitude ("百亿级": 100 亿 and up) is at most N only when it is below N.
      if (cmp === 'lte' && r.params!.approx && !/\d/.test(r.params!.text)) return Math.min(...vs) < value;
      return cmp === 'eq' ? !r.params!.approx && vs.includes(value) : cmp === 'gte' ? Math.max(...vs) >= value : Math.min(...vs) <= value;
    });
  }
  let unquantified: FilingRecord[] = [];
  if (about.paramsMissing) {
    const table = rows.filter((r) => r.origin === 'text-table');
    unquantified = table.filter((r) => r.params && r.params.value === undefined);
    rows = table.filter((r) => !r.params);
  } else if (!about.entities.length && !about.within && !about.scale && rows.length > 1 && (about.batches.length || about.place)) {
    const narrowed = narrowByName(plan.text, rows);
    if (narrowed) rows = narrowed;
  }
  rows = about.entities.length || about.within ? rows : rows.sort(byBatchThenLine);
  const batchFacts = facts.filter((f) => about.batches.includes(f.batch));
  const out: Result = { ...base, rows, unquantified, repeats: about.entities.length ? 0 : view.repeats, sides };

  // 3. The asked operation.
  switch (ask.op) {
    case 'extreme': {
      if (ask.by) {
        // The batch or company with the most (or fewest) records.
        const key = (r: FilingRecord) => (ask.by === 'batch' ? (r.batch ? String(r.batch) : undefined) : r.company);
        const groups = new Map<string, FilingRecord[]>();
        for (const r of rows) {
          const k = key(r);
          if (!k || r.origin !== 'text-table') continue;
          const g = groups.get(k);
          if (g) g.push(r);
          else groups.set(k, [r]);
        }
        const all = [...groups].map(([name, rs]) => ({ name, rows: rs }));
        if (!all.length) return { ...out, found: false };
        const pick = ask.extreme === 'min' ? Math.min : Math.max;
        const target = pick(...all.map((g) => g.rows.length));
        const top = all.filter((g) => g.rows.length === target);
        return { ...out, found: true, sides: all, rows: top.flatMap((g) => g.rows) };
      }
      const valued = rows.filter((r) => r.params?.value !== undefined);
      if (!valued.length) return { ...out, found: false, missing: ['params'], rows };
      const pick = ask.extreme === 'min' ? Math.min : Math.max;
      const target = pick(...valued.map((r) => r.params!.value!));
      const top = valued.filter((r) => r.params!.value === target);
      return { ...out, found: true, rows: top, unquantified: rows.filter((r) => r.params?.value === undefined) };
    }
    case 'compare': {
      const found = sides.length >= 2;
      return { ...out, found, rows: sides.flatMap((s) => s.rows) };
    }
    case 'group': {
      const byCompany = new Map<string, FilingRecord[]>();
      for (const r of rows) {
        if (!r.company || r.origin !== 'text-table') continue;
        const g = byCompany.get(r.company);
        if (g) g.push(r);
        else byCompany.set(r.company, [r]);
      }
      const g = ask.group!;
      const groups = [...byCompany].filter(([, rs]) => (g.exact ? rs.length === g.min : rs.length >= g.min)).map(([name, rs]) => ({ name, rows: rs }));
      return { ...out, found: groups.length > 0, sides: groups, rows: groups.flatMap((x) => x.rows) };
    }
    case 'count': {
      // A batch's stated totals count the whole batch: not shown when the question narrows it.
      const narrowed = !!(about.scale || about.paramsMissing || about.place || about.tracks || about.within || about.entities.length) || (about.batches.length > 1 && !ask.apart);
      const stated = narrowed ? [] : batchFacts.filter((f) => f.companies || f.models);
      return { ...out, found: rows.length > 0 || stated.length > 0, facts: stated };
    }
    case 'newest': {
      const dated = rows.filter((r) => r.filingDate).sort((x, y) => y.filingDate!.localeCompare(x.filingDate!) || y.lines[0] - x.lines[0]);
      return { ...out, found: dated.length > 0, rows: dated };
    }
    default: {
      const missing = ask.fields.filter((f) => f !== 'model' && rows.length > 0 && !rows.some((r) => hasField(r, f)));
      const dated = ask.fields.includes('batch') && !ask.fields.includes('model') ? batchFacts.filter((f) => f.date) : batchFacts.filter((f) => f.companies || f.models).slice(0, 1);
      return { ...out, found: rows.length > 0 && missing.length < Math.max(1, ask.fields.filter((f) => f !== 'model').length), missing, facts: dated };
    }
  }
}

/** Every count a record's parameters state, in 亿 ("60 亿、340 亿" → [60, 340]; "千亿级" → [1000]). */
export function paramValues(r: FilingRecord): number[] {
  if (r.params?.value === undefined) return [];
  const exact = [...r.params.text.matchAll(/(\d+(?:\.\d+)?)\s*(万亿|亿)/g)].map((m) => Number(m[1]) * (m[2] === '万亿' ? 10000 : 1));
  return exact.length ? exact : [r.params.value];
}

/** Tracks present among rows, in the fixed order filings, registrations, algorithms. */
export function tracksOf(rows: readonly FilingRecord[]): Track[] {
  return TRACKS.filter((t) => rows.some((r) => r.track === t));
}

