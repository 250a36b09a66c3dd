/**
 * Every word an answer says on its own, in one place: one method per message, a Chinese book
 * (zh.ts) and an English one (en.ts), picked by the plan's language (index.ts). The renderer
 * (answer/render/), the engine and the passage side decide what to say; the book says it. Names,
 * numbers and quotes stay as the sources write them, and so do the sources' own labels
 * (sources.ts: 第四批, 2024年8月).
 */
import type { Ask, Field } from '../../understand/plan.js';
import type { Predicate } from '../../records/predicates.js';
import type { BatchFact, FilingRecord, Track } from '../../records/schema.js';

export type Language = 'zh' | 'en';

/**
 * A verdict's word: yes/no to a claim as put; right/wrong to an asker who put it as a negation
 * ("X不是Y的吧？": 不对 when X is Y, 对 when it is not).
 */
export type ClaimWord = 'yes' | 'no' | 'right' | 'wrong';

/** One group of a grouping, as shown: its name and how many records it has. */
export interface Sized {
  name: string;
  n: number;
}

/** What a register answer is about: a published list, a place, a date range. */
export interface RegisterWhere {
  period?: string;
  province?: string;
  dates?: { from?: string; to?: string; label: string };
}

export interface Phrasebook {
  readonly language: Language;
  /** The words a verdict may open with (是。/ Yes.): a note on how a name was read goes after them. */
  readonly verdictWords: readonly string[];

  // --- pieces --------------------------------------------------------------------------------
  /** A list of names: "甲、乙" / "A, B". */
  join(xs: readonly string[]): string;
  /** A field's label (records/fields.ts): 参数量 / parameter count. */
  field(f: Field): string;
  /** A batch of the table in a sentence: 第四批 / the 4th batch (第四批). */
  batch(n: number): string;
  /** A record's batch with its date: 第四批（2024 年 1 月）/ the 4th batch (第四批, 2024 年 1 月). */
  batchOf(r: Pick<FilingRecord, 'batch' | 'batchDate'>): string;
  /** A model's name in prose (the table's placeholder said as what it means). */
  modelName(r: Pick<FilingRecord, 'model'>): string;
  /** A model with its company: 云雀大模型（抖音）/ 云雀大模型 (抖音). */
  withCompany(r: FilingRecord): string;
  /** One record as a listed item: its label and short details. */
  item(r: FilingRecord): { label: string; detail?: string };
  /** A record shortly: its name and the given details. */
  brief(model: string, bits: readonly string[]): string;
  /** A list sentence: the lead, the names, "and N more", the full stop. */
  listed(lead: string, names: readonly string[], more: number): string;
  /** A sentence of a lead and parts: "lead甲、乙。" / "lead A, B.". */
  sentence(lead: string, parts: readonly string[]): string;
  /** A name with its members: 百度（文心一言、千帆）/ 百度 (文心一言, 千帆). */
  named(name: string, members: readonly string[]): string;
  /** What a selection is called: batches (with their dates), a date range, a place. */
  selection(s: { batches: { n: number; date?: string }[]; all: boolean; dates?: string; place?: string }): string;
  /** The conditions on cells, in words ("参数量为百亿级的" / " with parameter count …"); '' for none. */
  conditions(where: readonly Predicate[]): string;
  /** A selection and its conditions together. */
  selectionWith(what: string, conditions: string): string;
  /** The subject of a message, from its names. */
  subjects(names: readonly string[]): string;

  // --- verdicts ------------------------------------------------------------------------------
  /** 是。… / Yes. … */
  yes(text: string): string;
  /** The row at a position of the selection, in its source's order. */
  nthRow(o: { what: string; n: number; row: FilingRecord }): string;
  /** A claim that one of two counted groups is larger, decided. */
  largerVerdict(holds: boolean, text: string): string;
  /** 有。… / Yes. … (a record meeting the conditions exists). */
  some(text: string): string;
  /** 没有。… / No. … (none meets them). */
  /** (`lists`: the published lists asked about, which scope the "none".) */
  none(what: string, lists?: readonly string[]): string;
  /** A claimed value the subject's records do not have. */
  claimFailed(subject: string, field: string, values: readonly string[]): string;
  /** What a company named in a failed claim filed instead. */
  filedInstead(name: string, rows: readonly FilingRecord[]): string;
  /** The verdict on a claim the asker may have put as a negation ("X不是Y的吧？"): yes/no, or right/wrong. */
  claimHolds(word: ClaimWord, text: string): string;
  claimFails(word: ClaimWord, facts: readonly string[]): string;
  /** A claimed number of records ("第二批只有3款吗"), checked: the verdict, then the count. */
  countVerdict(o: { holds: boolean; negated: boolean }, text: string): string;
  /** What the other tracks hold where the asked one has none ("甘肃有没有备案": …不过登记有 2 条). */
  otherTracks(groups: readonly { track: Track; rows: readonly FilingRecord[] }[]): string;
  /** The premise the named thing's rows do not bear out, before the answer from its rows. */
  premise(names: readonly string[], failed: readonly Pick<Predicate, 'field' | 'text' | 'values'>[]): string;
  /** 文本无法确认。… */
  cannotConfirm(text: string): string;
  /**
   * A claim checked against a sentence of the texts: yes, no, or cannot tell, with the quote (the
   * asker's negation answered), after the share worked out from it ("238 / 302 ≈ 78.8%").
   */
  textVerdict(verdict: 'yes' | 'no' | 'unknown', quote: string, negated: boolean, share?: string): string;
  /** A quote of the texts as the answer. */
  quote(text: string): string;
  /** A register count, then what the texts state. */
  alsoInTexts(answer: string, quote: string): string;
  /** 按“聆心智能”理解“玲心智能”。 */
  readAs(names: readonly { typed: string; name: string }[]): string;

  // --- clarifying questions and refusals of the engine ---------------------------------------
  notFound(): string;
  unresolved(word: string): string;
  whatToVerify(): string;
  whichOne(typed: string, options: readonly string[]): string;
  /** Neither the records nor the texts give these of the subject. */
  beyond(subject: string, words: readonly string[]): string;
  /** The texts name the subject but not the asked fact. */
  missingFact(subject: string, ask: Pick<Ask, 'fields' | 'expects'>): string;
  // Lookup commands (/batch, /model …).
  lookupEmpty(): string;
  lookupBatchNumber(): string;
  lookupNotFound(value: string): string;
  lookupList(rows: readonly FilingRecord[], max: number): string;

  // --- refusals of the texts (passage.ts) ----------------------------------------------------
  unknownModel(model: string): string;
  /** Words the question names that no record or text uses. */
  noneNamed(words: readonly string[]): string;
  noFigureFor(asked: string, nearest: string, quote: string): string;
  noFigureForYears(missing: readonly number[], said: readonly number[], quote: string): string;
  otherScopeOnly(scope: 'domestic' | 'global', quote: string): string;
  /** "一共几种能力" answered by a sentence that lists them: their number and names, before the quote. */
  listedCount(items: readonly string[], unit: string | undefined): string;

  // --- refusals of the records ----------------------------------------------------------------
  notInBatch(names: readonly string[], batches: string): string;
  noRecordsFor(what: string): string;
  noPlace(province: string): string;
  noneInDates(dates: string, months: readonly string[]): string;
  noneMatching(what: string, conditions: string): string;
  noMatch(): string;
  noRecordsMatch(): string;
  missingFields(names: readonly string[], fields: readonly Field[], textTable: boolean): string;
  /** No kind of record has all the fields the conditions are on (the table has no places, the lists no sizes). */
  notTogether(fields: readonly Field[]): string;
  contradiction(lo: string, hi: string): string;
  notInRecords(models: readonly string[]): string;

  // --- records described ---------------------------------------------------------------------
  /** One record, the asked fields first (`lead`), its uses up to `usesMax` characters; `oneLine` among many. */
  describe(r: FilingRecord, o: { lead: string[]; usesMax: number; focus: string[]; oneLine?: boolean }): string;
  companyRecords(company: string, n: number): string;
  /** "共 N 条记录：" before a list. */
  recordsLead(n: number): string;
  /** "共 N 条记录：" before lines. */
  recordsHeader(n: number): string;
  moreLines(n: number): string;
  fieldsNotGiven(fields: readonly Field[]): string;
  batchDate(n: number, date: string | undefined): string;

  // --- lists ---------------------------------------------------------------------------------
  noParamsLead(what: string, n: number): string;
  wordedParams(rows: readonly FilingRecord[]): string;
  companiesInAllLead(what: string): string;
  companyInBatches(name: string, rows: readonly FilingRecord[]): string;
  noCompanyInAll(what: string): string;
  companiesLead(what: string, n: number): string;
  noCompanyListed(models: readonly string[]): string;
  listLead(o: { within: boolean; what: string; conditions: string; n: number; track?: Track }): string;
  companiesInvolved(n: number): string;

  // --- counts --------------------------------------------------------------------------------
  statedCount(f: BatchFact): string;
  /** Two or more batches' stated totals added up (either may be missing). */
  statedTotal(companies: number | undefined, models: number | undefined): string;
  countFor(who: readonly string[], models: readonly string[]): string;
  countPart(name: string, models: readonly string[]): string;
  countAll(o: { what: string; conditions: string; n: number; companies: number; rows?: readonly FilingRecord[] }): string;
  countsDiffer(stated: number, listed: number): string;

  // --- groups, the largest, charts -----------------------------------------------------------
  /** Where grouped rows come from: the texts' table, or a register track. */
  groupSource(track: Track | undefined): string;
  /** A group's name: a batch, a list's month, else the value as written. */
  groupName(by: Field, key: string): string;
  groupSize(g: Sized): string;
  /** The groups of the registers (by track). */
  inRegisters(): string;
  /** The published lists a grouping is within: "2024年4月那期清单中，" / "in the 2024-04 list, ". */
  inLists(periods: readonly string[]): string;
  /** …and as whose groups: "2024年4月那期清单的". */
  ofLists(periods: readonly string[]): string;
  /** A part's share of the whole: "北京共 51 条，占全部 117 条的 43.6%。". */
  share(o: { names: readonly string[]; part: number; total: number; pct: number }): string;
  /** Two groups and their difference, the first less the second. */
  /** (`overTime`: a later group against an earlier one, said as an increase or decrease.) */
  difference(a: Sized, b: Sized, overTime?: boolean): string;
  /** Two groups and how much larger (smaller) the first is, in percent of the second. */
  growth(a: Sized, b: Sized, pct: number): string;
  /** The first (last) day and every row of it (`place`: the selection's name, "北京"). */
  dayExtreme(o: {
    periods: readonly string[];
    place: string;
    track: Track;
    max: boolean;
    day: string;
    rows: readonly FilingRecord[];
  }): string;
  /** The first (last) published list the selection appears in, and its rows there. */
  listExtreme(o: { place: string; max: boolean; list: string; rows: readonly FilingRecord[] }): string;
  topGroups(o: { where: string; n: number; label: string; max: boolean; shown: readonly string[] }): string;
  topGroup(o: { where: string; names: readonly string[]; max: boolean; n: number }): string;
  tie(n: number, listed: number): string;
  nextGroups(shown: readonly string[]): string;
  chartTitle(label: string, where?: string): string;
  groupCount(g: Sized): string;
  groupByLead(o: { where: string; what: string; label: string; n: number }): string;
  groupByLine(lead: string, shown: readonly string[], more: boolean): string;
  atLeastModels(min: number, exact: boolean): string;
  /** The groups of a field with (exactly, at least) n records: "生成式人工智能服务备案中恰好有 2 条的属地共 3 个". */
  groupsWithLead(label: string, min: number, exact: boolean, where: string, n: number): string;
  /** No group of the field has (exactly, at least) n records. */
  noGroupsWith(label: string, min: number, exact: boolean, where: string): string;
  noCompanyWith(where: string, many: string): string;
  companyWithModels(name: string, rows: readonly FilingRecord[]): string;
  companiesWithLead(many: string, where: string, n: number): string;

  // --- the largest parameter count -----------------------------------------------------------
  noParamCounts(what: string): string;
  extremeItem(r: FilingRecord, withBatch: boolean): string;
  extremeLead(o: { what: string; within: boolean; max: boolean; names: readonly string[] }): string;
  moreWithoutNumber(n: number): string;
  approxNote(): string;

  // --- compare -------------------------------------------------------------------------------
  compareLine(model: string, value: string | undefined): string;
  sameTime(): string;
  filedFirst(name: string, first: boolean, others: readonly string[]): string;
  allIn(value: string | undefined): string;
  theyDiffer(): string;
  sameMagnitude(): string;
  largerParams(model: string, min: boolean): string;
  cannotCompare(): string;
  compareProse(verdict: string, lines: readonly string[]): string;
  compareLead(verdict: string, lines: readonly string[]): string;

  // --- registers -----------------------------------------------------------------------------
  /** Tracks no list of the corpus holds ("深度合成服务算法备案清单"): not there, rather than "0". */
  noListsOf(missing: readonly Track[], held: readonly Track[]): string;
  registerWhere(w: RegisterWhere): string;
  registerCompany(short: string, companies: readonly string[], where: string): string;
  /** No register row is left: whom and what the question names (`byCompany`: a company's), or that none matches. */
  registersNone(o: { track?: Track; who: string; conditions: string; byCompany: boolean }): string;
  besideTable(subject: string): string;
  /** The distinct places or lists of all the kinds of filing together. */
  distinctInAll(n: number, unitsOf: Field): string;
  /** (`units`: how many distinct values of `unitsOf` the rows have; organisations unless said.) */
  trackHead(o: { subject: string; track: Track; n: number; units?: number; unitsOf?: Field }): string;
  trackLine(head: string, briefs: readonly string[], more: number): string;
  countedApart(): string;
  tableAlsoLists(rows: readonly FilingRecord[]): string;
  registersReach(latest: string): string;
  provincesOnly(city: string, province: string): string;
  repeats(n: number): string;
  perTrackLead(subject: string, counts: readonly [Track, number][]): string;
  newestLine(o: { subject: string; track: Track; briefs: readonly string[] }): string;
  newestLead(subject: string, track: Track): string;
  noNewest(o: { subject: string; track?: Track }): string;
  noSuchNumber(no: string, shape: { province?: string; date?: string }): string;
  byNumber(r: FilingRecord, alsoIn: readonly string[]): string;
  sideBySide(text: FilingRecord, registers: readonly FilingRecord[], agree: boolean | undefined): string;
}
