/**
 * The fields records declare, as data: what each is called (in answers and in questions, colloquial
 * words included), what kind of value it holds, how to read it off a record, and its **role**: what
 * it is to a record whatever its key (the name, the maker, the size, the round, the time, the place,
 * the number, what it does, the kind of filing, the published list). Beside the role a field
 * declares what the answer side does with it: whether it says where a record sits rather than a cell
 * of its own (`setting`), whether the texts' prose speaks of it too (`prose`), whether a condition on
 * it may be a wrong premise, how records are ranked by it (`amount`: a number; `day`: a date).
 *
 * The question reader maps words to fields through this table, the executor evaluates predicates
 * through it, and the renderer names fields with its labels. The executor and the renderer
 * (src/answer/, but its phrasebook) know fields by role and by these declarations only, never by
 * key (`test/fieldNames.test.ts`): they ask `fieldOf('maker')`, `valueOf('maker', r)`,
 * `FIELD_SPECS[f].setting`.
 *
 * A record type (the texts' filing table, generative-AI registers, algorithm registers) is the set
 * of fields its records fill: `RECORD_TYPES` in recordTypes.ts lists them, with what answers do by
 * type and by track, so a new register type is new data there.
 */
import { parseParams, scaleFloor } from './params.js';
import { SCALES, type FilingRecord, type Scale } from './schema.js';

/**
 * - text: compared as text (contains / eq / empty);
 * - quantity: parameter counts, compared as numbers in 亿 or as orders of magnitude (千亿级);
 * - ordinal: small integers (batches);
 * - date: ISO dates, compared by range;
 * - enum: one of a few values (tracks).
 */
export type FieldKind = 'text' | 'quantity' | 'ordinal' | 'date' | 'enum';

/**
 * What a field is to a record, whatever its key: at most one field has each role.
 * - name: what the record is called; every record has it;
 * - maker: who filed it (a company);
 * - magnitude: how large it is (a parameter count);
 * - ordinal: the round of a series it came in (the texts' table's 第N批);
 * - time: when it was filed;
 * - place: where it was filed (属地);
 * - identifier: the number it was filed under;
 * - description: what it does;
 * - kind: the kind of filing (备案, 登记, algorithm filings);
 * - collection: the published list it appears in.
 */
export type FieldRole =
  'name' | 'maker' | 'magnitude' | 'ordinal' | 'time' | 'place' | 'identifier' | 'description' | 'kind' | 'collection';

export interface FieldSpec {
  key: FieldKey;
  kind: FieldKind;
  /** What the field is to a record (fields without a role are cells the answer side only shows). */
  role?: FieldRole;
  label: { zh: string; en: string };
  /**
   * Words that name the field in a question, plain and colloquial (多大 → 参数量, 谁家的 → 公司).
   * The one table of field synonyms; regular-expression sources, matched on the question as read.
   */
  words: string;
  /** The value as written on the record, if it has one. */
  get(r: FilingRecord): string | undefined;
  /**
   * Whether the record answers a question for the field, when that is more than having a value
   * (a register row has no batch, yet its date answers 第几批).
   */
  answers?(r: FilingRecord): boolean;
  /** The value as a number, to rank and sort by (a parameter count in 亿, a batch's number); none for a size in words. */
  amount?(r: FilingRecord): number | undefined;
  /** The record's own day, to rank by (ISO, possibly a month); none for a record dated only by its batch's month. */
  day?(r: FilingRecord): string | undefined;
  /** The key records are grouped by, when not the value itself (dates by month: "11月的和12月的各有多少"). */
  groupKey?(r: FilingRecord): string | undefined;
  /** When the value came about, as the texts write it (a batch's month: "2024 年 1 月"). */
  when?(r: FilingRecord): string | undefined;
  /** The value is an order of magnitude, not an exact figure ("千亿级"). */
  approx?(r: FilingRecord): boolean;
  /**
   * Where a record sits (its place, time, round, kind, list), not a cell of its own: a condition
   * on it names the selection ("第三批", "北京") and is not worded among the cells' conditions.
   */
  setting?: true;
  /** The texts' prose states facts by it too (where, when, which kind): a condition on it alone does not call for the records. */
  prose?: true;
  /** A condition on it that a named thing's rows all fail is a wrong premise: answered from those rows, and said. */
  premise?: true;
  /** Named things compared side by side show their values of it, and whether they are the same. */
  compared?: true;
  /** Records grouped by no field asked are grouped by this one ("有几家单位备案了不止一个"). */
  groupsByDefault?: true;
}

/** The declarations a field may make (the flags of FieldSpec). */
export type FieldFlag = 'setting' | 'prose' | 'premise' | 'compared' | 'groupsByDefault';

export const FIELD_KEYS = [
  'model',
  'company',
  'params',
  'batch',
  'date',
  'province',
  'filingNo',
  'uses',
  'track',
  'role',
  'product',
  'note',
  'scenario',
  'list',
] as const;
export type FieldKey = (typeof FIELD_KEYS)[number];

const date = (r: FilingRecord) => r.filingDate ?? r.batchDate?.ym;

export const FIELD_SPECS: Record<FieldKey, FieldSpec> = {
  model: {
    key: 'model',
    kind: 'text',
    role: 'name',
    label: { zh: '名称', en: 'name' },
    words: '模型名称|大模型名称|服务名称|算法名称|名称|名字|叫什么|叫啥|叫做|\\bnamed?\\b|called',
    get: (r) => r.model,
  },
  company: {
    key: 'company',
    kind: 'text',
    role: 'maker',
    premise: true,
    compared: true,
    groupsByDefault: true,
    label: { zh: '公司', en: 'company' },
    words:
      '备案单位|主体名称|备案主体|公司|企业|单位|机构|哪家|谁家|谁的|谁做|谁开发|开发商|厂商|company|firm|developer|maker|who (made|makes|built|owns|developed|filed)',
    get: (r) => r.company,
  },
  params: {
    key: 'params',
    kind: 'quantity',
    role: 'magnitude',
    premise: true,
    compared: true,
    label: { zh: '参数量', en: 'parameter count' },
    // (Not the parameters one tunes or trains: "调试参数" inside a description asks no size.)
    words: '参数量|参数规模|(?<!调试|调整|调优|优化|训练|超)参数|块头|几斤几两|parameters?',
    get: (r) => r.params?.text,
    amount: (r) => r.params?.value,
    approx: (r) => !!r.params?.approx,
  },
  batch: {
    key: 'batch',
    kind: 'ordinal',
    role: 'ordinal',
    setting: true,
    compared: true,
    label: { zh: '批次', en: 'batch' },
    words: '第几批|哪一批|哪批|几批|批次|which batch|what batch|which round',
    get: (r) => (r.batch ? String(r.batch) : undefined),
    answers: (r) => !!r.batch || !!r.filingDate,
    amount: (r) => r.batch,
    when: (r) => r.batchDate?.text,
  },
  date: {
    key: 'date',
    kind: 'date',
    role: 'time',
    setting: true,
    prose: true,
    premise: true,
    label: { zh: '日期', en: 'date' },
    words: '备案时间|备案日期|登记时间|什么时候|啥时候|何时|哪天|日期|时间|哪一年|哪年|哪个月|几月|\\bwhen\\b|\\bdate\\b|what year',
    get: date,
    day: (r) => r.filingDate,
    groupKey: (r) => r.filingDate?.slice(0, 7),
  },
  province: {
    key: 'province',
    kind: 'text',
    role: 'place',
    setting: true,
    prose: true,
    premise: true,
    label: { zh: '属地', en: 'province' },
    words: '属地|省份|哪个省|哪个城市|地区|province|region',
    get: (r) => r.province,
  },
  filingNo: {
    key: 'filingNo',
    kind: 'text',
    role: 'identifier',
    label: { zh: '备案号', en: 'filing number' },
    words: '备案号|备案编号|登记编号|上线编号|编号|filing (no|number)|registration number',
    get: (r) => r.filingNo,
  },
  uses: {
    key: 'uses',
    kind: 'text',
    role: 'description',
    label: { zh: '应用场景', en: 'uses' },
    words: '应用场景|主要用途|用途|功能|场景|能干|干啥|干什么|做什么|能做|啥用|用来|用于|what (does|can) .* do|used for|use case|capabilit',
    get: (r) => r.uses,
  },
  track: {
    key: 'track',
    kind: 'enum',
    role: 'kind',
    setting: true,
    prose: true,
    label: { zh: '类型', en: 'kind of filing' },
    words: '类型|类别|备案还是登记',
    get: (r) => r.track,
  },
  role: { key: 'role', kind: 'text', label: { zh: '角色', en: 'role' }, words: '角色|\\brole\\b', get: (r) => r.role },
  product: {
    key: 'product',
    kind: 'text',
    label: { zh: '应用产品', en: 'product' },
    words: '应用产品|产品|\\bproduct\\b',
    get: (r) => r.product,
  },
  note: { key: 'note', kind: 'text', label: { zh: '备注', en: 'note' }, words: '备注|\\bnote\\b', get: (r) => r.note },
  scenario: { key: 'scenario', kind: 'text', label: { zh: '适用场景', en: 'scenario' }, words: '适用场景', get: (r) => r.scenario },
  list: {
    key: 'list',
    kind: 'date',
    role: 'collection',
    setting: true,
    premise: true,
    label: { zh: '公布清单', en: 'published list' },
    words: '哪一期|哪期|哪份清单|哪个清单|哪一份|公布的|which list',
    get: (r) => r.listPeriod,
    // (Ranked by period: the first list a thing appears in.)
    day: (r) => r.listPeriod,
  },
};

/** Any field's words: `FIELD_WORDS.source` to build patterns from, `anyFieldWord` to find them in a text. */
export const FIELD_WORDS = new RegExp(
  Object.values(FIELD_SPECS)
    .map((f) => f.words)
    .join('|'),
);
export const anyFieldWord = new RegExp(FIELD_WORDS.source, 'gi');

/** The fields a record's description can open with a sentence of their own, in the order it says them. */
export const LEAD_FIELDS: readonly FieldKey[] = [
  'company',
  'batch',
  'date',
  'list',
  'params',
  'province',
  'filingNo',
  'scenario',
  'role',
  'product',
  'note',
];

/** The fields a lookup command asks by (/batch, /model, /company, /province, /filingNo). */
export const LOOKUP_FIELDS = ['batch', 'model', 'company', 'province', 'filingNo'] as const satisfies readonly FieldKey[];
export type LookupField = (typeof LOOKUP_FIELDS)[number];

const ROLE_FIELDS = new Map<FieldRole, FieldKey>();
for (const f of Object.values(FIELD_SPECS)) {
  if (!f.role) continue;
  if (ROLE_FIELDS.has(f.role)) throw new Error(`two fields have the role ${f.role}: ${ROLE_FIELDS.get(f.role)}, ${f.key}`);
  ROLE_FIELDS.set(f.role, f.key);
}

/** The field that has a role. */
export function fieldOf(role: FieldRole): FieldKey {
  const f = ROLE_FIELDS.get(role);
  if (!f) throw new Error(`no field has the role ${role}`);
  return f;
}

/** A field's role, if it has one. */
export const roleOf = (f: FieldKey): FieldRole | undefined => FIELD_SPECS[f].role;

/** Whether a field has a role: `is(p.field, 'place')`. */
export const is = (f: FieldKey | undefined, role: FieldRole): boolean => f !== undefined && FIELD_SPECS[f].role === role;

/** The fields that make a declaration (`fieldsWith('setting')`), in FIELD_KEYS order. */
export function fieldsWith(flag: FieldFlag): FieldKey[] {
  return FIELD_KEYS.filter((f) => FIELD_SPECS[f][flag]);
}

/** The value a record has in the field of a role, as written: `valueOf('maker', r)` is its company. */
export const valueOf = (role: FieldRole, r: FilingRecord): string | undefined => FIELD_SPECS[fieldOf(role)].get(r);

/** The value of a role's field as a number (`amountOf('ordinal', r)`: the record's batch). */
export const amountOf = (role: FieldRole, r: FilingRecord): number | undefined => FIELD_SPECS[fieldOf(role)].amount?.(r);

/** The record's own day in the field of a role (`dayIn('time', r)`: its filing date; none for a batch's month). */
export const dayIn = (role: FieldRole, r: FilingRecord): string | undefined => FIELD_SPECS[fieldOf(role)].day?.(r);

/** When the value of a role's field came about, as written (`whenOf('ordinal', r)`: the batch's month). */
export const whenOf = (role: FieldRole, r: FilingRecord): string | undefined => FIELD_SPECS[fieldOf(role)].when?.(r);

/** Whether a record answers a question for a field (a register row's date answers 第几批). */
export function answersField(r: FilingRecord, f: FieldKey): boolean {
  const spec = FIELD_SPECS[f];
  return spec.answers ? spec.answers(r) : spec.get(r) !== undefined;
}

/** Register dates may be months (2024-06): they count from the month's first day. */
export const dayOf = (d: string) => (d.length === 7 ? `${d}-01` : d);

/** What records are ranked by in a field (最大, 最早): its amount, or its day (a month from its first day). */
export function rankOf(f: FieldKey, r: FilingRecord): number | string | undefined {
  const spec = FIELD_SPECS[f];
  if (spec.amount) return spec.amount(r);
  const d = spec.day?.(r);
  return d === undefined ? undefined : dayOf(d);
}

/** A parameter count compared by value: every count the record states, in 亿. */
export function quantities(r: FilingRecord): number[] {
  if (r.params?.value === undefined) return [];
  const exact = [...r.params.text.matchAll(/(\d+(?:\.\d+)?)\s*(万亿|亿)/g)].map((m) => Number(m[1]) * (m[2] === '万亿' ? 10000 : 1));
  return exact.length ? exact : [r.params.value];
}

export { parseParams, scaleFloor, SCALES, type Scale };
