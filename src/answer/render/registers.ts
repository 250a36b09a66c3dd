/**
 * Register answers: filings (备案), registrations (登记) and algorithm filings counted apart, the
 * newest, a filing number, and a model both the texts' table and a register list.
 */
import { dayIn, FIELD_SPECS, fieldOf, is, valueOf, type FieldKey } from '../../records/fields.js';
import { parseFilingNo } from '../../records/filingNumbers.js';
import { briefFields, countedApart, fromList, fromTable, trackOf, tracksCounted, tracksOf } from '../../records/recordTypes.js';
import type { FilingRecord, Track } from '../../records/schema.js';
import { dateRangeOf, placeOf, tracksOfPlan } from '../../understand/plan.js';
import { dayOf, filerOf, names, uniq, type Result } from '../execute.js';
import type { Phrasebook } from '../phrases/index.js';
import { conditions, done, item, nameOf, plain, type Rendered } from './shared.js';

type Detail = { max: number; details: boolean };
const DETAIL_LEVELS: Detail[] = [
  { max: 12, details: true },
  { max: 12, details: false },
  { max: 6, details: false },
  { max: 3, details: false },
];
const BUDGET = 300;
const CITED_ROWS = 8;

/** A record shortly: its name and its values of the given fields. */
function brief(r: FilingRecord, parts: readonly FieldKey[], p: Phrasebook): string {
  const bits = parts.map((f) => FIELD_SPECS[f].get(r)).filter((b): b is string => !!b);
  return p.brief(nameOf(r), bits);
}

/** Who a register line names beside a record: its company, or its place when a company is what was asked about. */
// (A place or maker the question asks of the rows, "它们的属地", is shown whoever is named.)
const whoOf = (res: Result): FieldKey =>
  res.plan.ask.fields.find((f) => is(f, 'place') || is(f, 'maker')) ??
  fieldOf(res.plan.about.entities.some((e) => names(e, 'maker')) ? 'place' : 'maker');

/** Whether registers answer this result (their rows are in it, and it asks what registers hold). */
export function registerShaped(res: Result): boolean {
  const f = res.plan.ask.fields;
  const asks = (role: 'magnitude' | 'description') => f.some((x) => is(x, role));
  if (asks('magnitude') || (asks('description') && res.plan.ask.op !== 'list' && res.plan.ask.op !== 'count')) return false;
  if (['extreme', 'compare', 'group'].includes(res.plan.ask.op)) return false;
  const hasReg = res.rows.some(fromList);
  if (placeOf(res.plan) || tracksOfPlan(res.plan)) return true;
  return hasReg;
}

/** Who and where a register answer is about: a company (or the legal names a short name stands for), a list, a place, dates. */
function registerSubject(res: Result, companyRows: FilingRecord[], p: Phrasebook): string {
  const a = res.plan.about;
  // A published list the question names: "2026年8月那期清单".
  const list = a.where.find((x) => is(x.field, 'collection') && x.op === 'eq' && !x.negate);
  const where = p.registerWhere({
    period: list ? String(list.values[0]) : undefined,
    province: placeOf(res.plan)?.province,
    dates: dateRangeOf(res.plan),
  });
  const byCompany = a.entities.some((e) => names(e, 'maker'));
  // Only when a company is asked about: a register of 20k rows makes this the costliest line here.
  const companies = byCompany ? uniq(companyRows.map((r) => valueOf('maker', r)).filter((c): c is string => !!c)) : [];
  // A short name that stands for several legal names says which were counted (none left: as named).
  if (byCompany) return p.registerCompany(a.entities.find((e) => names(e, 'maker'))!.name, companies, where);
  return where;
}

/** Counts per register track (filings and registrations never added up), with the first rows of each. */
export function perTrack(res: Result, p: Phrasebook): Rendered {
  const plan = res.plan;
  const rows = res.rows.filter(fromList);
  const place = placeOf(plan);
  const textRows = place ? [] : res.rows.filter(fromTable);
  const companies = plan.cues.companies;
  const present = tracksOf(rows);
  const tracks = (tracksOfPlan(plan) as Track[] | undefined) ?? tracksCounted(present, plan.cues.genai);
  // A track no list of the corpus holds ("深度合成服务算法备案清单"): say the lists are not there, not "0".
  const held = res.tracksHeld ?? [];
  const missingTracks = held.length ? tracks.filter((t) => !held.includes(t)) : [];
  if (missingTracks.length && missingTracks.length === tracks.length) return done(false, p.noListsOf(missingTracks, held), [], p);
  const byTrack = tracks.map((t) => [t, rows.filter((r) => trackOf(r) === t)] as const);
  const subjectName = registerSubject(res, rows, p);
  const byCompany = plan.about.entities.some((e) => names(e, 'maker'));
  if (!byTrack.some(([, r]) => r.length) && !textRows.length && plan.ask.op !== 'count') {
    // Whom the question names, as it names them when no row is left to give their legal names.
    const who = subjectName || p.join(plan.about.entities.map((e) => e.name));
    const none = { track: tracks.length === 1 ? tracks[0] : undefined, who, conditions: conditions(plan, p), byCompany };
    return done(false, p.registersNone(none), [], p);
  }
  const subject = textRows.length ? p.besideTable(subjectName) : subjectName;
  // Organisations per track: counted once (the line is written at several detail levels), and only when asked;
  // or the distinct places or lists asked ("涉及多少个不同的属地", "几期清单").
  const distinct = plan.ask.distinct;
  const unit = distinct ? (r: FilingRecord) => FIELD_SPECS[distinct].get(r) ?? '' : filerOf;
  const unitsOf = new Map<Track, number>();
  const listLine = (t: Track, rs: readonly FilingRecord[], level: Detail) => {
    const n = rs.length;
    const units = (companies || distinct) && n ? (unitsOf.get(t) ?? unitsOf.set(t, uniq(rs.map(unit)).length).get(t)!) : undefined;
    const head = p.trackHead({ subject, track: t, n, units, ...(distinct ? { unitsOf: distinct } : {}) });
    const shown = rs.slice(0, level.max);
    const detail = level.details ? [whoOf(res), ...briefFields(t)] : [];
    return p.trackLine(
      head,
      shown.map((r) => brief(r, detail, p)),
      n - shown.length,
    );
  };
  const notes: string[] = [];
  // The distinct places or lists over the kinds of filing together ("涉及多少个不同的属地"): said first.
  const withRows = byTrack.filter(([, rs]) => rs.length);
  const first = distinct && withRows.length > 1 ? [p.distinctInAll(uniq(withRows.flatMap(([, rs]) => rs.map(unit))).length, distinct)] : [];
  if (countedApart(tracks)) notes.push(p.countedApart());
  if (textRows.length) notes.push(p.tableAlsoLists(textRows));
  const to = dateRangeOf(plan)?.to;
  if (to && res.registerLatest && dayOf(res.registerLatest) < to) notes.push(p.registersReach(res.registerLatest));
  if (place?.city) notes.push(p.provincesOnly(place.city, place.province));
  if (res.repeats) notes.push(p.repeats(res.repeats));
  const write = (level: Detail) => [...first, ...byTrack.map(([t, rs]) => listLine(t, rs, level)), ...notes].join('\n');
  const level = DETAIL_LEVELS.find((l) => write(l).length <= BUDGET + notes.join('\n').length) ?? DETAIL_LEVELS.at(-1)!;
  const groups = byTrack.filter(([, rs]) => rs.length).length + (textRows.length ? 1 : 0);
  const share = Math.max(2, Math.floor(CITED_ROWS / Math.max(1, groups)));
  const cited = [...byTrack.flatMap(([, rs]) => rs.slice(0, Math.min(level.max, share))), ...textRows.slice(0, share)];
  const all = [...byTrack.flatMap(([, rs]) => rs), ...textRows];
  const lead = p.perTrackLead(
    subject,
    byTrack.map(([t, rs]) => [t, rs.length] as [Track, number]),
  );
  return {
    found: true,
    answer: write(level),
    result: { lead, items: all.map((r) => item(r, p)), total: all.length, notes },
    rows: cited,
    facts: [],
  };
}

/** The newest rows of each asked track. */
export function newestAnswer(res: Result, p: Phrasebook): Rendered {
  const subject = registerSubject(res, res.rows, p);
  const tracks = (tracksOfPlan(res.plan) as Track[] | undefined) ?? tracksOf(res.rows);
  const lines: string[] = [];
  const leads: string[] = [];
  const cited: FilingRecord[] = [];
  for (const t of tracks) {
    const top = res.rows.filter((r) => trackOf(r) === t).slice(0, tracks.length > 1 ? 3 : 5);
    if (!top.length) continue;
    lines.push(p.newestLine({ subject, track: t, briefs: top.map((r) => brief(r, [whoOf(res), fieldOf('time')], p)) }));
    leads.push(p.newestLead(subject, t));
    cited.push(...top);
  }
  if (!cited.length) return done(false, p.noNewest({ subject, track: tracks.length === 1 ? tracks[0] : undefined }), [], p);
  return {
    found: true,
    answer: lines.join('\n'),
    result: { lead: leads[0]!, items: cited.map((r) => item(r, p)), total: cited.length, notes: [] },
    rows: cited,
    facts: [],
  };
}

/** A filing number: its rows, or what the number's shape tells when the registers lack it. */
export function byNumberAnswer(res: Result, p: Phrasebook): Rendered {
  const hit = res.rows;
  if (!hit.length) {
    const no = res.absent!.replace(/\s+/g, '');
    return done(false, p.noSuchNumber(no, parseFilingNo(no)), [], p);
  }
  return plain(p.byNumber(hit[0]!, hit.length > 1 ? uniq(hit.slice(1).map((x) => x.source)) : []), hit);
}

/** A model that the texts' table and a register both list: both shown, each with its source. */
export function sideBySide(res: Result, p: Phrasebook): Rendered {
  const textRows = res.rows.filter(fromTable);
  const regRows = res.rows.filter(fromList);
  const t = textRows[0]!;
  const ym = valueOf('time', t);
  const agree = ym ? regRows.every((r) => dayIn('time', r)?.slice(0, 7) === ym) : undefined;
  return plain(p.sideBySide(t, regRows, agree), [...textRows, ...regRows]);
}
