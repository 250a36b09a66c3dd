/**
 * The English phrasebook: the answer's own words for an English question. Names, numbers and
 * quotes stay as the sources write them, and so do the sources' labels: "the 4th batch (第四批,
 * 2024 年 1 月)".
 */
import { FIELD_SPECS } from '../../records/fields.js';
import type { FilingRecord, Track } from '../../records/schema.js';
import type { Field } from '../../understand/plan.js';
import type { ClaimWord, Phrasebook } from './phrasebook.js';
import { amount, batchName } from './sources.js';

const join = (xs: readonly (string | number)[]) => xs.join(', ');
const uniq = <T>(xs: readonly T[]) => [...new Set(xs)];
const label = (f: Field) => FIELD_SPECS[f].label.en;

export const TRACK_EN: Record<Track, string> = {
  'genai-filing': 'generative-AI service filings',
  'genai-registration': 'generative-AI service registrations',
  'deep-synthesis': 'deep-synthesis algorithm filings',
  algorithm: 'algorithm filings',
};

const WORD: Record<ClaimWord, string> = { yes: 'Yes', no: 'No', right: 'Right', wrong: 'No' };
const listName = (period: string) => `the ${period} list`;

const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;

/** "the 4th batch (第四批)". */
const batch = (n: number) => `the ${ordinal(n)} batch (${batchName(n)})`;

/** "the 4th batch (第四批, 2024 年 1 月)", keeping the sources' own batch label. */
const batchOf = (r: Pick<FilingRecord, 'batch' | 'batchDate'>) =>
  r.batch ? `the ${ordinal(r.batch)} batch (${batchName(r.batch)}${r.batchDate ? `, ${r.batchDate.text}` : ''})` : '';

/** "云雀大模型 (抖音)". */
const withCompany = (r: FilingRecord) => (r.company ? `${r.model} (${r.company})` : r.model);

/** A date range: "as of 2024-06-30", "from 2024-03-01", "2024-01-01 to 2024-06-30". */
function range(d: { from?: string; to?: string }): string {
  if (d.from && d.to) return `${d.from} to ${d.to}`;
  return d.to ? `as of ${d.to}` : `from ${d.from}`;
}

const FACT_FIELD: Record<string, string> = {
  company: 'the company',
  batch: 'the batch or date',
  date: 'the date',
  province: 'the province',
  filingNo: 'the filing number',
  uses: 'the uses',
};
const FACT_KIND: Record<string, string> = {
  number: 'the number',
  percent: 'the percentage',
  date: 'the date',
  org: 'the organisation',
  place: 'the place',
  name: 'the name',
};

/** One record, the field asked about first. */
function describe(r: FilingRecord, lead: string[]): string {
  const bits: string[] = [];
  const first = lead[0];
  const head =
    first === 'company'
      ? r.company
        ? `${r.model} belongs to ${r.company}`
        : `The table lists no company for ${r.model}`
      : first === 'batch'
        ? r.batch
          ? `${r.model}${r.company ? ` (${r.company})` : ''} was filed in ${batchOf(r)}`
          : `${r.model} was filed on ${r.filingDate ?? 'an unlisted date'}`
        : first === 'params'
          ? r.params
            ? `${r.model} has ${r.params.text} parameters`
            : `The table lists no parameter count for ${r.model}`
          : first === 'name'
            ? `${r.company ?? ''} filed ${r.model}`.trim()
            : first === 'date' && r.filingDate
              ? `${r.model} was ${r.track === 'genai-registration' ? 'registered' : 'filed'} on ${r.filingDate}`
              : first === 'scenario'
                ? r.scenario
                  ? `${r.model} is listed for ${r.scenario}`
                  : `The list gives no scenario for ${r.model}`
                : `${r.model}`;
  if (first !== 'company' && r.company && first !== 'name' && first !== 'batch') bits.push(`company: ${r.company}`);
  if (first !== 'batch' && r.batch) bits.push(batchOf(r));
  if (first !== 'params' && r.params) bits.push(`parameters: ${r.params.text}`);
  if (first !== 'batch' && first !== 'date' && r.filingDate)
    bits.push(`${r.track === 'genai-registration' ? 'registered' : 'filed'} ${r.filingDate}`);
  if (r.province) bits.push(`province: ${r.province}`);
  if (r.filingNo) bits.push(`filing no. ${r.filingNo}`);
  if (r.listPeriod) bits.push(`list: ${r.listPeriod}`);
  if (r.note) bits.push(`note: ${r.note}`);
  if (first !== 'scenario' && r.scenario) bits.push(`scenario: ${r.scenario}`);
  return `${head}${bits.length ? ` (${bits.join('; ')})` : ''}.${r.uses && (first === 'uses' || !first) ? ` Uses: ${r.uses.slice(0, 120)}` : ''}`;
}

export const en: Phrasebook = {
  language: 'en',
  verdictWords: ['Yes', 'No'],

  // --- pieces
  join,
  field: label,
  batch,
  batchOf,
  // A name as the sources write it (the table's placeholder 未对外公布名称 too), as English answers show every name.
  modelName: (r) => r.model,
  withCompany,
  item: (r) => ({
    label: r.model,
    detail: [r.company, batchOf(r) || r.filingDate, r.params?.text, r.province].filter(Boolean).join(', ') || undefined,
  }),
  brief: (model, bits) => (bits.length ? `${model} (${bits.join(', ')})` : model),
  listed: (lead, names, more) => lead + (names.length ? join(names) + (more > 0 ? ` and ${more} more` : '') + '.' : ''),
  sentence: (lead, parts) => lead + join(parts) + '.',
  named: (name, members) => `${name} (${join(members)})`,
  selection: ({ batches, all, dates, place }) => {
    const parts: string[] = [];
    if (batches.length)
      parts.push(
        batches.map((b) => `the ${ordinal(b.n)} batch (${batchName(b.n)}${b.date ? `, ${b.date}` : ''})`).join(all ? ' and ' : ' or '),
      );
    if (dates !== undefined) parts.push(dates);
    if (place !== undefined) parts.push(place);
    return parts.join(' ');
  },
  conditions: (where) => {
    const clauses = where.map((p) => {
      const l = label(p.field);
      const alt = p.values.map((v) => (typeof v === 'number' ? amount(v) : `“${v}”`)).join(' or ');
      const not = p.negate;
      switch (p.op) {
        case 'empty':
          return `${not ? 'a' : 'no'} ${l}`;
        case 'between':
          return `${l} ${p.text}`;
        case 'gte':
          if (/^比/.test(p.text)) return `${l} larger than ${p.text.slice(1).replace(/更大$/, '')}`;
          return `${l} ${not ? 'below' : 'at least'} ${p.text.replace(/或以上$/, '')}`;
        case 'lte': {
          const v = /及以下$/.test(p.text) ? p.text.replace(/及以下$/, '') : alt;
          return `${l} ${not ? 'above' : 'at most'} ${v}`;
        }
        case 'eq':
          return `${l} ${not ? 'not ' : ''}written ${alt}`;
        case 'startsWith':
          return `${l} ${not ? 'not ' : ''}starting with ${alt}`;
        case 'endsWith':
          return `${l} ${not ? 'not ' : ''}ending in ${alt}`;
        case 'like':
          return `${l} ${not ? 'unlike' : 'closest to'} ${alt}`;
        default:
          return `${l} ${not ? 'not ' : ''}mentioning ${alt}`;
      }
    });
    return clauses.length ? ` with ${clauses.join(' and ')}` : '';
  },
  selectionWith: (what, conditions) => (what + conditions).trim(),
  subjects: join,

  // --- verdicts
  yes: (text) => `Yes. ${text}`,
  nthRow: ({ what, n, row }) =>
    `Entry ${n}${what ? ` of ${what}` : ''} in the source's order is ${row.model}${row.company ? ` (${row.company})` : ''}${row.filingDate ? `, ${row.filingDate}` : ''}.`,
  largerVerdict: (holds, text) => `${holds ? 'Yes' : 'No'}. ${text.charAt(0).toUpperCase()}${text.slice(1)}`,
  some: (text) => `Yes. ${text}`,
  none: (what, lists) =>
    lists?.length
      ? `No. ${join(lists.map(listName)).replace(/^the/, 'The')} has none${what ? ` for ${what}` : ''}.`
      : `No. The records list none${what ? ` ${what}` : ''}.`,
  claimHolds: (word, text) => `${WORD[word]}. ${text}`,
  claimFails: (word, facts) => `${WORD[word]}: ${facts.join('; ')}.`,
  countVerdict: ({ holds, negated }, text) => `${negated ? (holds ? 'No' : 'Right') : holds ? 'Yes' : 'No'}. ${text}`,
  otherTracks: (groups) =>
    groups.length
      ? ` But there are ${groups
          .map(
            ({ track, rows }) =>
              `${rows.length} ${TRACK_EN[track]}: ${join(rows.slice(0, 5).map((r) => `${r.model} (${r.company ?? ''})`))}${rows.length > 5 ? ', …' : ''}`,
          )
          .join('; ')}.`
      : '',
  premise: (names, failed) =>
    `No record of ${join(names)} has ${join(
      failed.map((p) => (p.field === 'track' ? p.values.map((t) => TRACK_EN[t as Track]).join(' or ') : `${label(p.field)} ${p.text}`)),
    )}; its records: `,
  claimFailed: (subject, field, values) =>
    values.length ? `the ${field} of ${subject} is ${join(values)}` : `the records give no ${field} for ${subject}`,
  filedInstead: (name, rows) => `${name} filed ${join(rows.map((r) => r.model))}`,
  cannotConfirm: (text) => `The texts cannot confirm this. ${text}`,
  textVerdict: (verdict, text, negated, share) => {
    const quote = `${share ? `${share}; ` : ''}the texts say: “${text}”`;
    if (verdict === 'unknown') return `The texts cannot confirm this; ${quote}`;
    return `${verdict === 'yes' ? (negated ? 'No' : 'Yes') : negated ? 'Right' : 'No'} — ${quote}`;
  },
  quote: (text) => `The texts say: “${text}”`,
  alsoInTexts: (answer, quote) => `${answer}\nThe texts say: “${quote}”`,
  readAs: (names) => names.map((e) => `“${e.typed}” read as “${e.name}”`).join('; ') + '. ',

  // --- the engine's clarifying questions and refusals
  notFound: () => 'The filing records and texts do not answer this question.',
  unresolved: (word) =>
    `What does “${word}” refer to? Please name the model, company or batch, e.g. “How many parameters does 文心一言 have?”`,
  whatToVerify: () => 'What should be checked? Please write the whole claim, e.g. “Was CharacterGLM filed by 智谱AI?”',
  whichOne: (typed, options) => `Which one do you mean by “${typed}”: ${options.map((o) => `“${o}”`).join(' or ')}?`,
  beyond: (subject, words) => `Neither the filing records nor the texts give the ${join(words)} of ${subject}.`,
  missingFact: (subject, ask) => {
    const field = ask.fields.find((f) => f !== 'params' && f !== 'model');
    const what = ask.fields.includes('params')
      ? 'its parameter count'
      : field
        ? FACT_FIELD[field]
        : (FACT_KIND[ask.expects] ?? 'that fact');
    if (!subject) return `The texts do not give ${what} asked for.`;
    return `The texts mention ${subject}, but do not give ${what}.`;
  },
  lookupEmpty: () => 'Please write what to look up after the command, e.g. /batch 1, /model 文心一言, /company 百度.',
  lookupBatchNumber: () => 'Please give the batch as a number, e.g. /batch 1 or /batch 第四批.',
  lookupNotFound: (value) => `The filing records have nothing for “${value}”.`,
  lookupList: (rows, max) =>
    `${rows.length} records: ` + join(rows.slice(0, max).map(withCompany)) + (rows.length > max ? ` and ${rows.length - max} more` : ''),

  // --- refusals of the texts
  noneNamed: (words) =>
    `Neither the records nor the texts mention “${join(words)}”, so the question cannot be answered for it (not with every record instead).`,
  unknownModel: (model) => `The texts and records do not mention a model called “${model}”.`,
  noFigureFor: (asked, nearest, quote) => `The texts give no figure for ${asked}; the nearest they have is ${nearest}: “${quote}”`,
  noFigureForYears: (missing, said) => `The texts give no figure for ${join(missing)}; the nearest they have is for ${join(said)}.`,
  otherScopeOnly: (scope, quote) => `The texts give no ${scope === 'domestic' ? 'national' : 'global'} figure; they only say: “${quote}”`,

  listedCount: (items) => `${items.length} (${join(items)}): `,

  // --- refusals of the records
  notInBatch: (names, batches) => `The filing table does not list ${join(names)} in ${batches}.`,
  noRecordsFor: (what) => `The texts have no filing records for ${what}.`,
  noPlace: (province) => `The records list no filings for ${province}.`,
  noneInDates: (dates, months) =>
    `The filing table has no models filed in ${dates}${months.length ? ` (its batches: ${join(months)})` : ''}.`,
  noneMatching: (what, conditions) => `No filing record${what ? ` in ${what}` : ''} has${conditions.replace(/^ with/, '') || ' that'}.`,
  noMatch: () => 'No filing record matches the question.',
  noRecordsMatch: () => 'No records match.',
  missingFields: (names, fields, textTable) =>
    `The ${textTable ? "texts' filing table" : 'records'} do not give the ${fields.map(label).join(' or ')} of ${join(names)}.` +
    (textTable && fields.includes('filingNo') ? ' (The table lists batch, model, parameters, company and uses only.)' : ''),
  notTogether: (fields) => `No kind of record gives both ${fields.map(label).join(' and ')}: these conditions cannot be judged together.`,
  contradiction: (lo, hi) => `The conditions contradict each other (${lo} and ${hi}): no record can meet both.`,
  notInRecords: (models) => `The filing records of ${join(models)} do not hold this.`,

  // --- records described
  describe: (r, o) => describe(r, o.lead),
  companyRecords: (company, n) => `${company} has ${n} filing records: `,
  recordsLead: (n) => `${n} records: `,
  recordsHeader: (n) => `${n} records:\n`,
  moreLines: (n) => `\n… and ${n} more.`,
  fieldsNotGiven: (fields) => `\n(The records do not give the ${fields.map(label).join(' or ')}.)`,
  batchDate: (n, date) =>
    date ? `The ${ordinal(n)} batch (${batchName(n)}) was approved in ${date}.` : `The texts do not give the date of ${batch(n)}.`,

  // --- lists
  noParamsLead: (what, n) => `${what ? `In ${what}, ` : ''}${n} records list no parameter count: `,
  wordedParams: (rows) => `(${join(rows.map((r) => `${r.model}: "${r.params!.text}"`))} give no number.)`,
  companiesInAllLead: (what) => `Companies with models in ${what}: `,
  companyInBatches: (name, rows) =>
    `${name} (${join(rows.map((r) => `${r.model}, ${batchOf(r) || (r.listPeriod ? listName(r.listPeriod) : '')}`))})`,
  noCompanyInAll: (what) => `No company has models in ${what}.`,
  companiesLead: (what, n) => `${n} companies${what ? ` in ${what}` : ''}: `,
  noCompanyListed: (models) => ` (${join(models)}: no company listed.)`,
  listLead: ({ within, what, conditions, n }) =>
    `${within ? 'Of those, ' : ''}${n} ${n === 1 ? 'model' : 'models'}${what ? ` in ${what}` : ''}${conditions}: `,
  companiesInvolved: (n) => ` ${n} companies.`,

  // --- counts
  statedCount: (f) =>
    `The texts say ${f.companies ? `${f.companies} companies` : ''}${f.companies && f.models ? ' with ' : ''}${f.models ? `${f.models} models` : ''} passed in batch ${f.batch}.`,
  statedTotal: (c, m) => `Together (the texts): ${c ? `${c} companies` : ''}${c && m ? ', ' : ''}${m ? `${m} models` : ''}.`,
  countFor: (who, models) => `The filing table lists ${models.length} for ${join(who)}: ${join(models)}.`,
  countPart: (name, models) => `${name}: ${models.length} in the filing table (${join(models)}).`,
  countAll: ({ what, conditions, n, companies, rows }) =>
    `The filing table lists ${n} records${what ? ` in ${what}` : ''}${conditions} from ${companies} companies${rows ? `: ${join(rows.map(withCompany))}` : ''}.`,
  countsDiffer: (stated, listed) => `(The text says ${stated} companies; its table lists ${listed}: the two differ, both are shown.)`,

  // --- groups
  groupSource: (track) => (track ? `among ${TRACK_EN[track]}` : 'in the filing table'),
  groupName: (by, key) =>
    by === 'batch' ? batch(Number(key)) : by === 'list' ? listName(key) : by === 'track' ? TRACK_EN[key as Track] : key,
  groupSize: (g) => `${g.name} (${g.n})`,
  inRegisters: () => 'in the registers',
  inLists: (periods) => (periods.length ? `in ${join(periods.map(listName))}, ` : ''),
  ofLists: (periods) => (periods.length ? `in ${join(periods.map(listName))}, ` : ''),
  share: ({ names, part, total, pct }) => `${join(names)}: ${part} of ${total}, ${pct}%.`,
  growth: (a, b, pct) => `${a.name}: ${a.n}; ${b.name}: ${b.n}; ${a.name} has ${Math.abs(pct)}% ${pct >= 0 ? 'more' : 'fewer'}.`,
  difference: (a, b, overTime) =>
    `${a.name}: ${a.n}; ${b.name}: ${b.n}; ${a.n === b.n ? 'the same number' : `${a.name} has ${a.n > b.n ? `${a.n - b.n} more` : `${b.n - a.n} fewer`}${overTime ? (a.n > b.n ? ' (up)' : ' (down)') : ''}`}.`,
  dayExtreme: ({ periods, place, track, max, day, rows }) =>
    `The ${max ? 'latest' : 'earliest'} date${periods.length ? ` in ${join(periods.map(listName))}` : ''} (${place ? `${place} ` : ''}${TRACK_EN[track]}) is ${day}: ${rows.length} on that day — ${join(rows.slice(0, 12).map((r) => `${r.model} (${r.company ?? ''})`))}${rows.length > 12 ? `, and ${rows.length - 12} more` : ''}.`,
  listExtreme: ({ place, max, list, rows }) =>
    `${place ? `${place}'s entries` : 'These entries'} appear ${max ? 'last' : 'first'} in ${listName(list)}: ${rows.length} — ${join(rows.slice(0, 12).map((r) => `${r.model} (${r.company ?? ''}, ${TRACK_EN[r.track]})`))}${rows.length > 12 ? `, and ${rows.length - 12} more` : ''}.`,
  topGroups: ({ where, n, label, max, shown }) =>
    `The ${n} ${label}s with the ${max ? 'most' : 'fewest'} records ${where}: ${join(shown)}.`,
  topGroup: ({ where, names, max, n }) => `${join(names)} has the ${max ? 'most' : 'fewest'} records ${where} (${n}).`,
  tie: (n, listed) => ` (${listed} listed: a tie at ${n}.)`,
  nextGroups: (shown) => ` Next: ${join(shown)}.`,
  chartTitle: (label, where) => (where ? `Records per ${label} ${where}` : `Records per ${label}`),
  groupCount: (g) => `${g.name} ${g.n}`,
  groupByLead: ({ where, what, label, n }) => `Records per ${label} ${where}${what ? ` (${what})` : ''}, ${n} in all:`,
  groupByLine: (lead, shown, more) => `${lead} ${join(shown)}${more ? ', …' : ''}.`,
  atLeastModels: (min, exact) => `${exact ? 'exactly' : 'at least'} ${min} models`,
  noGroupsWith: (label, min, exact, where) => `No ${label} has ${exact ? 'exactly' : 'at least'} ${min} records ${where}.`,
  groupsWithLead: (label, min, exact, where, n) =>
    `${n} ${label}${n === 1 ? '' : 's'} with ${exact ? 'exactly' : 'at least'} ${min} records ${where}: `,
  noCompanyWith: (where, many) => `No company ${where} has ${many}.`,
  companyWithModels: (name, rows) =>
    `${name} (${join(rows.map((r) => [r.model, batchOf(r) || r.filingDate || ''].filter(Boolean).join(', ')))})`,
  companiesWithLead: (many, where, n) => `${n} ${n === 1 ? 'company has' : 'companies have'} ${many} ${where}: `,

  // --- the largest parameter count
  noParamCounts: (what) => `The records ${what ? `of ${what} ` : ''}give no parameter counts.`,
  extremeItem: (r, withBatch) => `${withCompany(r)}, ${r.params!.text}${withBatch ? `, ${batchOf(r)}` : ''}`,
  extremeLead: ({ what, within, max, names }) =>
    `The ${max ? 'largest' : 'smallest'} parameter count${what ? ` in ${what}` : within ? ' among those' : ' in the filing table'}: ${join(names)}.`,
  moreWithoutNumber: (n) => `(${n} more records give no number.)`,
  approxNote: () => ' Counts given as orders of magnitude are compared by their order.',

  // --- compare
  compareLine: (model, value) => `${model}: ${value ?? 'not listed'}`,
  sameTime: () => 'They were filed at the same time.',
  filedFirst: (name, first) => `${name} was filed ${first ? 'earlier' : 'later'}.`,
  allIn: (value) => `Yes: all of them are in ${value}.`,
  theyDiffer: () => 'No: they differ.',
  sameMagnitude: () => 'The table gives them the same order of magnitude, so it cannot tell which is larger.',
  largerParams: (model, min) => `${model} has the ${min ? 'smaller' : 'larger'} parameter count.`,
  cannotCompare: () => 'Not every one has a parameter count in the table, so they cannot be compared.',
  compareProse: (verdict, lines) => [verdict, ...lines].filter(Boolean).join('\n'),
  compareLead: (verdict, lines) => verdict || lines.join('; '),

  // --- registers
  noListsOf: (missing, held) =>
    `The corpus holds no lists of ${join(missing.map((t) => TRACK_EN[t]))}; its lists are of ${join(held.map((t) => TRACK_EN[t]))} only.`,
  registerWhere: ({ period, province, dates }) =>
    [period ? `the ${period} list` : '', province ?? '', dates ? range(dates) : ''].filter(Boolean).join(', '),
  registerCompany: (short, companies, where) => {
    const shown = companies.slice(0, 3).join(', ') + (companies.length > 3 ? ', …' : '');
    const name = companies.length === 1 ? companies[0]! : !companies.length ? short : `${short} (${shown})`;
    return `${name}${where ? ` (${where})` : ''}`;
  },
  registersNone: ({ track, who, conditions }) =>
    `The registers list no ${track ? TRACK_EN[track] : 'filings or registrations'}${who ? ` for ${who}` : ''}${conditions || (who ? '' : ' that match')}.`,
  besideTable: (subject) => subject,
  distinctInAll: (n, unitsOf) => `${n} ${unitsOf === 'province' ? 'provinces' : unitsOf === 'list' ? 'lists' : label(unitsOf)} in all:`,
  trackHead: ({ subject, track, n, units, unitsOf }) =>
    `${subject ? `${subject}: ` : ''}${n} ${TRACK_EN[track]} in the registers${units !== undefined ? ` (${units} ${unitsOf === 'province' ? 'provinces' : unitsOf === 'list' ? 'lists' : 'organisations'})` : ''}`,
  trackLine: (head, briefs, more) => (briefs.length ? `${head}: ${join(briefs)}${more > 0 ? ` and ${more} more` : ''}.` : `${head}.`),
  countedApart: () => '(Filings and registrations are counted apart, never added up.)',
  tableAlsoLists: (rows) =>
    `The texts' filing table also lists ${rows.length} ${rows.length === 1 ? 'model' : 'models'} (${join(rows.slice(0, 3).map((r) => r.model))}${rows.length > 3 ? ', …' : ''}), shown apart from the registers.`,
  registersReach: (latest) => `(The registers' latest date is ${latest}.)`,
  provincesOnly: (city, province) =>
    `(Registers record provinces only: ${city} is in ${province}; the figures are for all of ${province}.)`,
  repeats: (n) => `(${n} filing numbers appear in several registers and are counted once.)`,
  perTrackLead: (_subject, counts) => counts.map(([t, n]) => `${n} ${TRACK_EN[t]}`).join('; ') + ':',
  newestLine: ({ subject, track, briefs }) => `The newest ${TRACK_EN[track]}${subject ? ` (${subject})` : ''}: ${briefs.join('; ')}.`,
  newestLead: (subject, track) => `The newest ${TRACK_EN[track]}${subject ? ` (${subject})` : ''}:`,
  noNewest: ({ subject, track }) => `The registers list no ${track ? TRACK_EN[track] : 'filings'}${subject ? ` for ${subject}` : ''}.`,
  noSuchNumber: (no, { province, date }) =>
    `The registers have no number ${no}.${province || date ? ` By its format, its province is ${province ?? '(not recognised)'}${date ? ` and its date ${date}` : ''}.` : ''}`,
  byNumber: (r, alsoIn) => {
    const registration = r.track === 'genai-registration';
    const bits = [
      r.company,
      r.province && `province ${r.province}`,
      r.filingDate && `${registration ? 'registered' : 'filed'} ${r.filingDate}`,
      r.role && `role: ${r.role}`,
    ].filter(Boolean);
    return `${r.filingNo} is the ${registration ? 'registration' : 'filing'} number of ${r.model}: ${bits.join(', ')}; ${TRACK_EN[r.track]}.${alsoIn.length ? ` (Also in ${alsoIn.join(', ')}.)` : ''}`;
  },
  sideBySide: (t, regs, agree) => {
    const regLine = (r: FilingRecord) =>
      `${r.track === 'genai-registration' ? 'registered' : 'filed'} ${r.filingDate ?? 'on an unlisted date'}${r.province ? `, province ${r.province}` : ''}${r.filingNo ? `, no. ${r.filingNo}` : ''}`;
    const sources = uniq(regs.map((r) => r.source)).join(', ');
    const dates = agree === undefined ? '' : agree ? ' The two dates agree.' : ' The two dates differ; both are shown.';
    return `The texts' filing table: ${t.model}${t.company ? ` (${t.company})` : ''} passed in ${batchOf(t) || 'the table'}; the registers (${sources}): ${regs.map(regLine).join('; ')}.${dates}`;
  },
};
