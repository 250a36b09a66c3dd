/**
 * The fields records declare, as data: what each is called (in answers and in questions, colloquial
 * words included), what kind of value it holds, and how to read it off a record. The question reader
 * maps words to fields through this table, the executor evaluates predicates through it, and the
 * renderer names fields with its labels; none of them knows a field by name beyond this table.
 *
 * A record type (the texts' filing table, generative-AI registers, algorithm registers) is the set
 * of fields its records fill: `RECORD_TYPES` lists them, so a new register type is new data here.
 */
import { parseParams, scaleFloor } from './params.js';
import { SCALES, type FilingRecord, type Scale, type Track } from './schema.js';

/**
 * - text: compared as text (contains / eq / empty);
 * - quantity: parameter counts, compared as numbers in 亿 or as orders of magnitude (千亿级);
 * - ordinal: small integers (batches);
 * - date: ISO dates, compared by range;
 * - enum: one of a few values (tracks).
 */
export type FieldKind = 'text' | 'quantity' | 'ordinal' | 'date' | 'enum';

export interface FieldSpec {
  key: FieldKey;
  kind: FieldKind;
  label: { zh: string; en: string };
  /**
   * Words that name the field in a question, plain and colloquial (多大 → 参数量, 谁家的 → 公司).
   * The one table of field synonyms; regular-expression sources, matched on the question as read.
   */
  words: string;
  /** The value as written on the record, if it has one. */
  get(r: FilingRecord): string | undefined;
}

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
    label: { zh: '名称', en: 'name' },
    words: '模型名称|大模型名称|服务名称|算法名称|名称|名字|叫什么|叫啥|叫做|\\bnamed?\\b|called',
    get: (r) => r.model,
  },
  company: {
    key: 'company',
    kind: 'text',
    label: { zh: '公司', en: 'company' },
    words:
      '备案单位|主体名称|备案主体|公司|企业|单位|机构|哪家|谁家|谁的|谁做|谁开发|开发商|厂商|company|firm|developer|maker|who (made|makes|built|owns|developed|filed)',
    get: (r) => r.company,
  },
  params: {
    key: 'params',
    kind: 'quantity',
    label: { zh: '参数量', en: 'parameter count' },
    // (Not the parameters one tunes or trains: "调试参数" inside a description asks no size.)
    words: '参数量|参数规模|(?<!调试|调整|调优|优化|训练|超)参数|块头|几斤几两|parameters?',
    get: (r) => r.params?.text,
  },
  batch: {
    key: 'batch',
    kind: 'ordinal',
    label: { zh: '批次', en: 'batch' },
    words: '第几批|哪一批|哪批|几批|批次|which batch|what batch|which round',
    get: (r) => (r.batch ? String(r.batch) : undefined),
  },
  date: {
    key: 'date',
    kind: 'date',
    label: { zh: '日期', en: 'date' },
    words: '备案时间|备案日期|登记时间|什么时候|啥时候|何时|哪天|日期|时间|哪一年|哪年|哪个月|几月|\\bwhen\\b|\\bdate\\b|what year',
    get: date,
  },
  province: {
    key: 'province',
    kind: 'text',
    label: { zh: '属地', en: 'province' },
    words: '属地|省份|哪个省|哪个城市|地区|province|region',
    get: (r) => r.province,
  },
  filingNo: {
    key: 'filingNo',
    kind: 'text',
    label: { zh: '备案号', en: 'filing number' },
    words: '备案号|备案编号|登记编号|上线编号|编号|filing (no|number)|registration number',
    get: (r) => r.filingNo,
  },
  uses: {
    key: 'uses',
    kind: 'text',
    label: { zh: '应用场景', en: 'uses' },
    words: '应用场景|主要用途|用途|功能|场景|能干|干啥|干什么|做什么|能做|啥用|用来|用于|what (does|can) .* do|used for|use case|capabilit',
    get: (r) => r.uses,
  },
  track: {
    key: 'track',
    kind: 'enum',
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
    label: { zh: '公布清单', en: 'published list' },
    words: '哪一期|哪期|哪份清单|哪个清单|哪一份|公布的|which list',
    get: (r) => r.listPeriod,
  },
};

/** Any field's words: `FIELD_WORDS.source` to build patterns from, `anyFieldWord` to find them in a text. */
export const FIELD_WORDS = new RegExp(
  Object.values(FIELD_SPECS)
    .map((f) => f.words)
    .join('|'),
);
export const anyFieldWord = new RegExp(FIELD_WORDS.source, 'gi');

/** The fields each record type fills (answers say which of them a record type lacks). */
export const RECORD_TYPES: { name: string; tracks: readonly Track[]; origin: FilingRecord['origin']; fields: readonly FieldKey[] }[] = [
  {
    name: '备案表（文本）',
    origin: 'text-table',
    tracks: ['genai-filing'],
    fields: ['model', 'company', 'params', 'batch', 'date', 'uses', 'track'],
  },
  {
    name: '生成式人工智能服务备案/登记清单',
    origin: 'register',
    tracks: ['genai-filing', 'genai-registration'],
    fields: ['model', 'company', 'province', 'filingNo', 'date', 'track', 'note', 'scenario', 'list'],
  },
  {
    name: '深度合成服务算法备案清单',
    origin: 'register',
    tracks: ['deep-synthesis'],
    fields: ['model', 'company', 'role', 'product', 'uses', 'filingNo', 'note', 'list'],
  },
];

/** A parameter count compared by value: every count the record states, in 亿. */
export function quantities(r: FilingRecord): number[] {
  if (r.params?.value === undefined) return [];
  const exact = [...r.params.text.matchAll(/(\d+(?:\.\d+)?)\s*(万亿|亿)/g)].map((m) => Number(m[1]) * (m[2] === '万亿' ? 10000 : 1));
  return exact.length ? exact : [r.params.value];
}

export { parseParams, scaleFloor, SCALES, type Scale };
