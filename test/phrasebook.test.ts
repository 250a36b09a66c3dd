/** The phrasebook: register answers in English, every message in both books, and the verdicts a reading note goes after. */
import { describe, expect, it } from 'vitest';
import { en } from '../src/answer/phrases/en.js';
import { phrasebookFor, VERDICT_LEAD } from '../src/answer/phrases/index.js';
import type { Phrasebook } from '../src/answer/phrases/phrasebook.js';
import { zh } from '../src/answer/phrases/zh.js';
import type { FilingRecord } from '../src/records/schema.js';

const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;

const row = (o: Partial<FilingRecord> = {}): FilingRecord => ({
  id: 'r1',
  origin: 'register',
  track: 'genai-filing',
  model: 'Model A',
  company: 'Acme Ltd',
  province: 'Beijing',
  filingNo: 'Beijing-ModelA-202401150001',
  filingDate: '2024-01-15',
  source: 'registers/list-2024-04.csv',
  lines: [2, 2],
  text: 'row',
  ...o,
});
const tableRow = row({
  origin: 'text-table',
  batch: 4,
  batchDate: { text: '2024 年 1 月', ym: '2024-01' },
  filingNo: undefined,
  filingDate: undefined,
  province: undefined,
  source: 'report.txt',
  lines: [10, 10],
});

describe('the English phrasebook: register answers', () => {
  it('counts per track, with the rows and the notes', () => {
    const head = en.trackHead({ subject: 'Beijing', track: 'genai-filing', n: 3, units: 2 });
    expect(head).toBe('Beijing: 3 generative-AI service filings in the registers (2 organisations)');
    expect(en.trackLine(head, ['Model A (Acme Ltd, 2024-01-15)', 'Model B'], 1)).toBe(
      'Beijing: 3 generative-AI service filings in the registers (2 organisations): Model A (Acme Ltd, 2024-01-15), Model B and 1 more.',
    );
    expect(en.trackLine(en.trackHead({ subject: '', track: 'deep-synthesis', n: 0 }), [], 0)).toBe(
      '0 deep-synthesis algorithm filings in the registers.',
    );
    expect(
      en.perTrackLead('Beijing', [
        ['genai-filing', 3],
        ['genai-registration', 1],
      ]),
    ).toBe('3 generative-AI service filings; 1 generative-AI service registrations:');
    expect(en.countedApart()).toBe('(Filings and registrations are counted apart, never added up.)');
    expect(en.repeats(2)).toBe('(2 filing numbers appear in several registers and are counted once.)');
    expect(en.provincesOnly('Shenzhen', 'Guangdong')).toBe(
      '(Registers record provinces only: Shenzhen is in Guangdong; the figures are for all of Guangdong.)',
    );
    expect(en.registersReach('2026-08-31')).toBe("(The registers' latest date is 2026-08-31.)");
    expect(en.tableAlsoLists([tableRow])).toBe("The texts' filing table also lists 1 model (Model A), shown apart from the registers.");
  });

  it('says whom and what a register answer is about', () => {
    expect(en.registerWhere({ period: '2024-08', province: 'Beijing', dates: { to: '2024-06-30', label: '截至2024年6月底' } })).toBe(
      'the 2024-08 list, Beijing, as of 2024-06-30',
    );
    expect(en.registerWhere({ dates: { from: '2024-01-01', to: '2024-06-30', label: '2024年上半年' } })).toBe('2024-01-01 to 2024-06-30');
    expect(en.registerCompany('Acme', ['Acme Ltd'], '')).toBe('Acme Ltd');
    expect(en.registerCompany('Acme', ['Acme Ltd', 'Acme Cloud Ltd', 'Acme AI Ltd', 'Acme Labs'], 'Beijing')).toBe(
      'Acme (Acme Ltd, Acme Cloud Ltd, Acme AI Ltd, …) (Beijing)',
    );
    expect(en.besideTable('Beijing')).toBe('Beijing');
    expect(en.registersNone({ track: 'genai-registration', who: 'Acme Ltd', conditions: '', byCompany: true })).toBe(
      'The registers list no generative-AI service registrations for Acme Ltd.',
    );
    expect(en.registersNone({ track: 'genai-filing', who: 'Acme', conditions: ' with name mentioning “GPT”', byCompany: true })).toBe(
      'The registers list no generative-AI service filings for Acme with name mentioning “GPT”.',
    );
    expect(en.registersNone({ who: '', conditions: '', byCompany: false })).toBe(
      'The registers list no filings or registrations that match.',
    );
    expect(en.registerCompany('Acme', [], 'Beijing')).toBe('Acme (Beijing)');
  });

  it('says what the other tracks hold beside a no, and a premise the rows do not bear out', () => {
    expect(en.none('Gansu') + en.otherTracks([{ track: 'genai-registration', rows: [row({ track: 'genai-registration' })] }])).toBe(
      'No. The records list none Gansu. But there are 1 generative-AI service registrations: Model A (Acme Ltd).',
    );
    expect(en.otherTracks([])).toBe('');
    expect(en.premise(['Acme'], [{ field: 'province', text: 'Zhejiang', values: ['Zhejiang'] }])).toBe(
      'No record of Acme has province Zhejiang; its records: ',
    );
    expect(en.premise(['Model A'], [{ field: 'track', text: 'filed', values: ['genai-filing'] }])).toBe(
      'No record of Model A has generative-AI service filings; its records: ',
    );
  });

  it('shares, differences, and the first day of a list', () => {
    expect(en.share({ names: ['Beijing'], part: 51, total: 117, pct: 43.6 })).toBe('Beijing: 51 of 117, 43.6%.');
    expect(en.difference({ name: en.groupName('list', '2025-06'), n: 170 }, { name: en.groupName('list', '2024-08'), n: 122 })).toBe(
      'the 2025-06 list: 170; the 2024-08 list: 122; the 2025-06 list has 48 more.',
    );
    expect(en.inLists(['2024-08'])).toBe('in the 2024-08 list, ');
    expect(en.groupName('track', 'genai-registration')).toBe('generative-AI service registrations');
    expect(en.dayExtreme({ periods: ['2024-08'], place: '', track: 'genai-filing', max: false, day: '2024-01-15', rows: [row()] })).toBe(
      'The earliest date in the 2024-08 list (generative-AI service filings) is 2024-01-15: 1 on that day — Model A (Acme Ltd).',
    );
    expect(en.dayExtreme({ periods: [], place: 'Beijing', track: 'genai-filing', max: true, day: '2024-01-15', rows: [row()] })).toBe(
      'The latest date (Beijing generative-AI service filings) is 2024-01-15: 1 on that day — Model A (Acme Ltd).',
    );
  });

  it('lists the newest', () => {
    const line = en.newestLine({
      subject: 'Acme Ltd',
      track: 'genai-filing',
      briefs: ['Model A (Beijing, 2024-01-15)', 'Model B (Beijing, 2023-12-01)'],
    });
    expect(line).toBe('The newest generative-AI service filings (Acme Ltd): Model A (Beijing, 2024-01-15); Model B (Beijing, 2023-12-01).');
    expect(en.newestLead('Acme Ltd', 'genai-filing')).toBe('The newest generative-AI service filings (Acme Ltd):');
    expect(en.newestLead('', 'genai-registration')).toBe('The newest generative-AI service registrations:');
    expect(en.noNewest({ subject: 'Tibet', track: 'genai-registration' })).toBe(
      'The registers list no generative-AI service registrations for Tibet.',
    );
    expect(en.noNewest({ subject: '' })).toBe('The registers list no filings.');
  });

  it('answers a filing number, and reads one the registers lack', () => {
    expect(en.byNumber(row(), [])).toBe(
      'Beijing-ModelA-202401150001 is the filing number of Model A: Acme Ltd, province Beijing, filed 2024-01-15; generative-AI service filings.',
    );
    expect(en.byNumber(row({ track: 'genai-registration', role: 'provider' }), ['registers/list-2024-08.csv'])).toBe(
      'Beijing-ModelA-202401150001 is the registration number of Model A: Acme Ltd, province Beijing, registered 2024-01-15, role: provider; generative-AI service registrations. (Also in registers/list-2024-08.csv.)',
    );
    expect(en.noSuchNumber('Beijing-X-20240101', { province: 'Beijing', date: '2024-01-01' })).toBe(
      'The registers have no number Beijing-X-20240101. By its format, its province is Beijing and its date 2024-01-01.',
    );
    expect(en.noSuchNumber('X-1', {})).toBe('The registers have no number X-1.');
  });

  it('puts the texts’ table and a register side by side', () => {
    expect(en.sideBySide(tableRow, [row()], true)).toBe(
      "The texts' filing table: Model A (Acme Ltd) passed in the 4th batch (第四批, 2024 年 1 月); the registers (registers/list-2024-04.csv): filed 2024-01-15, province Beijing, no. Beijing-ModelA-202401150001. The two dates agree.",
    );
    expect(en.sideBySide(tableRow, [row({ filingDate: undefined, filingNo: undefined, province: undefined })], undefined)).toBe(
      "The texts' filing table: Model A (Acme Ltd) passed in the 4th batch (第四批, 2024 年 1 月); the registers (registers/list-2024-04.csv): filed on an unlisted date.",
    );
  });

  it('the same messages in Chinese', () => {
    expect(zh.byNumber(row(), [])).toBe(
      'Beijing-ModelA-202401150001 是Model A的备案号：Acme Ltd，属地Beijing，2024-01-15备案，类别为生成式人工智能服务备案。',
    );
    expect(zh.newestLine({ subject: '', track: 'genai-filing', briefs: ['Model A（Acme Ltd，2024-01-15）'] })).toBe(
      '最新的生成式人工智能服务备案：Model A（Acme Ltd，2024-01-15）。',
    );
  });
});

/** One call of every message: a new message of the Phrasebook interface fails to compile here until it is added. */
type Calls = {
  [K in keyof Phrasebook as Phrasebook[K] extends (...a: never[]) => unknown ? K : never]: Phrasebook[K] extends (...a: infer A) => unknown
    ? A
    : never;
};
const CALLS: Calls = {
  join: [['A', 'B']],
  field: ['company'],
  batch: [4],
  batchOf: [tableRow],
  modelName: [row()],
  withCompany: [row()],
  item: [row()],
  brief: ['Model A', ['Acme Ltd']],
  listed: ['Models: ', ['A', 'B'], 2],
  sentence: ['Companies: ', ['A', 'B']],
  named: ['Acme', ['A', 'B']],
  selection: [{ batches: [], all: false, dates: '2024-01-01 to 2024-06-30', place: 'Beijing' }],
  conditions: [[{ field: 'company', op: 'empty', values: [], negate: false, text: 'no company' }]],
  selectionWith: ['Beijing', ' with no company'],
  subjects: [['A', 'B']],
  yes: ['A.'],
  nthRow: [{ what: 'the 2024-04 list', n: 3, row: row() }],
  largerVerdict: [true, 'A.'],
  some: ['A.'],
  none: ['in Beijing'],
  claimFailed: ['A', 'company', ['Acme']],
  filedInstead: ['Acme', [row()]],
  cannotConfirm: ['A.'],
  textVerdict: ['unknown', 'a quote', false],
  claimHolds: ['right', 'A.'],
  claimFails: ['wrong', ['a', 'b']],
  countVerdict: [{ holds: true, negated: true }, 'A.'],
  otherTracks: [[{ track: 'genai-registration', rows: [row()] }]],
  premise: [['Acme'], [{ field: 'province', text: 'Zhejiang', values: ['Zhejiang'] }]],
  quote: ['a quote'],
  alsoInTexts: ['A.', 'a quote'],
  readAs: [[{ typed: 'baidu', name: 'Baidu' }]],
  notFound: [],
  unresolved: ['it'],
  whatToVerify: [],
  whichOne: ['Modle', ['Model A', 'Model B']],
  beyond: ['Acme', ['CEO']],
  missingFact: ['Model A', { fields: ['params'], expects: 'number' }],
  lookupEmpty: [],
  lookupBatchNumber: [],
  lookupNotFound: ['X'],
  lookupList: [[row(), row()], 1],
  unknownModel: ['Model X'],
  noneNamed: [['ICBC']],
  noFigureFor: ['2025-12-31', '2024-12-31', 'a quote'],
  noFigureForYears: [[2025], [2024], 'a quote'],
  otherScopeOnly: ['domestic', 'a quote'],
  listedCount: [['basic', 'creative', 'scientific'], undefined],
  notInBatch: [['Model A'], 'batch 9'],
  noRecordsFor: ['batch 9'],
  noPlace: ['Tibet'],
  noneInDates: ['April 2024', ['batch 1 2023-08']],
  noneMatching: ['', ' with no company'],
  noMatch: [],
  noRecordsMatch: [],
  missingFields: [['Model A'], ['filingNo'], true],
  notTogether: [['province', 'params']],
  contradiction: ['more than 100 billion', 'less than 10 billion'],
  notInRecords: [['Model A']],
  describe: [row(), { lead: ['company'], usesMax: 50, focus: [] }],
  companyRecords: ['Acme', 2],
  recordsLead: [3],
  recordsHeader: [3],
  moreLines: [2],
  fieldsNotGiven: [['filingNo']],
  batchDate: [4, '2024-01'],
  noParamsLead: ['', 2],
  wordedParams: [[row({ params: { text: 'several sizes', approx: true } })]],
  companiesInAllLead: ['batches 1 and 3'],
  companyInBatches: ['Acme', [row()]],
  noCompanyInAll: ['batches 1 and 3'],
  companiesLead: ['', 2],
  noCompanyListed: [['Model A']],
  listLead: [{ within: true, what: '', conditions: '', n: 2, track: 'genai-filing' }],
  companiesInvolved: [2],
  statedCount: [{ batch: 4, companies: 10, models: 12, source: 'report.txt', lines: [1, 1], text: 'text' }],
  statedTotal: [18, undefined],
  countFor: [['Acme'], ['Model A']],
  countPart: ['Acme', ['Model A']],
  countAll: [{ what: '', conditions: '', n: 1, companies: 1, rows: [row()] }],
  countsDiffer: [10, 11],
  groupSource: ['genai-filing'],
  groupName: ['province', 'Beijing'],
  groupSize: [{ name: 'Beijing', n: 3 }],
  inRegisters: [],
  inLists: [['2024-08']],
  ofLists: [['2024-08']],
  share: [{ names: ['Beijing'], part: 51, total: 117, pct: 43.6 }],
  difference: [
    { name: 'the 2025-06 list', n: 170 },
    { name: 'the 2024-08 list', n: 122 },
  ],
  growth: [{ name: 'the 2025-06 list', n: 170 }, { name: 'the 2024-08 list', n: 122 }, 39.3],
  dayExtreme: [{ periods: ['2024-08'], place: 'Beijing', track: 'genai-filing', max: true, day: '2024-01-15', rows: [row()] }],
  listExtreme: [{ place: 'Beijing', max: false, list: '2024-08', rows: [row()] }],
  topGroups: [{ where: 'in the table', n: 2, label: 'province', max: true, shown: ['Beijing (3)'] }],
  topGroup: [{ where: 'in the table', names: ['Beijing'], max: false, n: 3 }],
  tie: [3, 4],
  nextGroups: [['Shanghai (2)']],
  chartTitle: ['province', 'in the table'],
  groupCount: [{ name: 'Beijing', n: 3 }],
  groupByLead: [{ where: 'in the table', what: '', label: 'province', n: 3 }],
  groupByLine: ['Per province:', ['Beijing 3'], true],
  atLeastModels: [2, false],
  groupsWithLead: ['province', 2, true, 'among filings', 3],
  noGroupsWith: ['province', 2, true, 'among filings'],
  noCompanyWith: ['in the table', 'at least 2 models'],
  companyWithModels: ['Acme', [row()]],
  companiesWithLead: ['at least 2 models', 'in the table', 2],
  noParamCounts: [''],
  extremeItem: [row({ params: { text: '100B', value: 1000, approx: false } }), false],
  extremeLead: [{ what: '', within: false, max: true, names: ['Model A'] }],
  moreWithoutNumber: [2],
  approxNote: [],
  compareLine: ['Model A', undefined],
  sameTime: [],
  filedFirst: ['Model A', true, ['Model B']],
  allIn: ['batch 1'],
  theyDiffer: [],
  sameMagnitude: [],
  largerParams: ['Model A', false],
  cannotCompare: [],
  compareProse: ['Model A is larger.', ['Model A: 100B', 'Model B: 10B']],
  compareLead: ['', ['Model A: 100B', 'Model B: 10B']],
  noListsOf: [['deep-synthesis'], ['genai-filing', 'genai-registration']],
  registerWhere: [{ province: 'Beijing' }],
  registerCompany: ['Acme', ['Acme Ltd', 'Acme Cloud Ltd'], ''],
  registersNone: [{ who: 'Acme', conditions: '', byCompany: true }],
  besideTable: ['Beijing'],
  trackHead: [{ subject: '', track: 'algorithm', n: 1 }],
  distinctInAll: [3, 'province'],
  trackLine: ['1 filing', ['Model A'], 0],
  countedApart: [],
  tableAlsoLists: [[row(), row(), row(), row()]],
  registersReach: ['2026-08-31'],
  provincesOnly: ['Shenzhen', 'Guangdong'],
  repeats: [2],
  perTrackLead: ['', [['genai-filing', 1]]],
  newestLine: [{ subject: '', track: 'genai-filing', briefs: ['Model A'] }],
  newestLead: ['', 'genai-filing'],
  noNewest: [{ subject: '' }],
  noSuchNumber: ['X-1', {}],
  byNumber: [row(), []],
  sideBySide: [row({ origin: 'text-table' }), [row()], undefined],
};

/**
 * English messages that carry Chinese by design: examples naming real models and companies
 * (文心一言, 智谱AI, 第四批) and a batch of the table said with the sources' label (第四批).
 */
const CHINESE_BY_DESIGN = ['batch', 'batchOf', 'batchDate', 'unresolved', 'whatToVerify', 'lookupEmpty', 'lookupBatchNumber'];

describe('every message in both books', () => {
  const call = (book: Phrasebook, k: string) =>
    (book as unknown as Record<string, (...a: unknown[]) => unknown>)[k]!(...(CALLS as unknown as Record<string, unknown[]>)[k]!);

  it('is written by both', () => {
    for (const k of Object.keys(CALLS)) {
      const out = [call(zh, k), call(en, k)];
      // approxNote says nothing in Chinese (the order of magnitude is the table's own word there).
      if (k !== 'approxNote')
        expect(
          out.map((x) => JSON.stringify(x).length > 2),
          k,
        ).toEqual([true, true]);
    }
  });

  it('English messages use no Chinese words of their own: names and quotes keep theirs', () => {
    const chinese = Object.keys(CALLS)
      .filter((k) => !CHINESE_BY_DESIGN.includes(k))
      .filter((k) => CJK.test(JSON.stringify(call(en, k))))
      .map((k) => `${k}: ${JSON.stringify(call(en, k))}`);
    expect(chinese).toEqual([]);
  });

  it('the book follows the language, and a verdict in either is one a reading note goes after', () => {
    expect(phrasebookFor('zh')).toBe(zh);
    expect(phrasebookFor('en')).toBe(en);
    for (const said of [
      zh.yes('x'),
      zh.some('x'),
      zh.none(''),
      zh.claimFails('no', ['x']),
      zh.claimFails('right', ['x']),
      zh.claimHolds('wrong', 'x'),
      zh.countVerdict({ holds: true, negated: false }, 'x'),
      zh.cannotConfirm('x'),
      zh.textVerdict('no', 'q', false),
      zh.textVerdict('yes', 'q', true),
      en.yes('x'),
      en.some('x'),
      en.none(''),
      en.claimHolds('yes', 'x'),
      en.countVerdict({ holds: false, negated: false }, 'x'),
    ])
      expect(VERDICT_LEAD.test(said), said).toBe(true);
    expect(VERDICT_LEAD.test(zh.quote('是时候了'))).toBe(false);
  });
});
