/** The Chinese phrasebook: every answer's own words for a Chinese question (and for the lookup commands). */
import { FIELD_SPECS } from '../../records/fields.js';
import { TRACK_LABEL, type FilingRecord, type Track } from '../../records/schema.js';
import type { Field } from '../../understand/plan.js';
import { snippet } from '../snippet.js';
import type { ClaimWord, Phrasebook } from './phrasebook.js';
import { amount, batchLabel, batchName, listMonth, modelName } from './sources.js';

const join = (xs: readonly (string | number)[]) => xs.join('、');
const uniq = <T>(xs: readonly T[]) => [...new Set(xs)];
const label = (f: Field) => FIELD_SPECS[f].label.zh;
const WORD: Record<ClaimWord, string> = { yes: '是', no: '不是', right: '对', wrong: '不对' };
const listName = (period: string) => {
  const [y, m] = period.split('-');
  return `${y}年${Number(m)}月那期清单`;
};
const numberWord = (t: Track) => (t === 'genai-registration' ? '登记编号' : '备案号');
const trackWord = (t: Track) => (t === 'genai-registration' ? '登记' : '备案');

/** "云雀大模型（抖音）". */
const withCompany = (r: FilingRecord): string => (r.company ? `${modelName(r)}（${r.company}）` : r.model);

/** What a fact question asks for, when the texts lack it (missingFact). */
const FACT_FIELD: Record<string, string> = {
  company: '所属公司',
  batch: '备案批次或时间',
  date: '时间',
  province: '属地',
  filingNo: '备案号',
  uses: '用途',
};
const FACT_KIND: Record<string, string> = {
  number: '具体数字',
  percent: '比例',
  date: '时间',
  org: '所属机构',
  place: '地点',
  name: '名称',
};

/** A direct sentence for the field asked about first. */
function leadSentence(r: FilingRecord, field: string | undefined): string | undefined {
  switch (field) {
    case 'name':
      return r.company ? `${r.company}备案的是${modelName(r)}` : undefined;
    case 'company':
      return r.company ? `${modelName(r)}属于${r.company}` : `表中未列出${modelName(r)}所属的公司`;
    case 'batch':
      if (r.batch) return `${r.company ? `${r.company}的` : ''}${modelName(r)}在${batchLabel(r)}通过备案`;
      return r.filingDate ? `${modelName(r)}的备案时间是${r.filingDate}` : undefined;
    case 'params':
      if (r.origin !== 'text-table') return undefined;
      return r.params ? `${modelName(r)}的参数量为${r.params.text}` : `表中未列出${modelName(r)}的参数量`;
    case 'date':
      if (r.filingDate)
        return `${modelName(r)}的${r.track === 'genai-registration' ? '登记' : '备案'}时间是${r.filingDate}${r.note ? `（${r.note}）` : ''}`;
      return r.batch ? `${modelName(r)}在${batchLabel(r)}通过备案` : undefined;
    case 'list':
      return r.listPeriod ? `${modelName(r)}收录于${listMonth(r.listPeriod)}公布的清单` : undefined;
    case 'province':
      return r.province ? `${modelName(r)}的属地是${r.province}` : undefined;
    case 'filingNo':
      return r.filingNo ? `${modelName(r)}的${r.track === 'genai-registration' ? '登记编号' : '备案号'}是${r.filingNo}` : undefined;
    case 'scenario':
      return r.scenario ? `${modelName(r)}的适用场景是${r.scenario}` : `清单中${modelName(r)}没有写适用场景`;
    case 'role':
      return r.role ? `${modelName(r)}的角色是${r.role}` : undefined;
    case 'product':
      return r.product ? `${modelName(r)}的应用产品是${r.product}` : undefined;
    case 'note':
      return r.note ? `${modelName(r)}的备注是${r.note}` : `清单中${modelName(r)}没有备注`;
    default:
      return undefined;
  }
}

/** All the facts of one record: the asked field first as a sentence, then the rest compactly. */
function describeRecord(r: FilingRecord, opts: { usesMax: number; focus: string[]; lead?: string[] }): string {
  const facts: Record<string, string | undefined> = {
    company: r.company ? `公司：${r.company}` : '公司：表中未列出',
    batch: r.batch ? `${batchLabel(r)}通过备案` : r.filingDate ? `备案时间：${r.filingDate}` : undefined,
    params: r.origin === 'text-table' ? (r.params ? `参数量：${r.params.text}` : '参数量：表中未列出') : undefined,
    province: r.province ? `属地：${r.province}` : undefined,
    filingNo: r.filingNo ? `${r.track === 'genai-registration' ? '登记编号' : '备案号'}：${r.filingNo}` : undefined,
    track: r.origin === 'register' ? `类别：${TRACK_LABEL[r.track]}` : undefined,
    role: r.role ? `角色：${r.role}` : undefined,
    product: r.product ? `产品：${r.product}` : undefined,
    list: r.listPeriod ? `清单：${listMonth(r.listPeriod)}` : undefined,
    note: r.note ? `备注：${r.note}` : undefined,
    scenario: r.scenario ? `适用场景：${r.scenario}` : undefined,
  };
  if (opts.lead?.[0] === 'uses' && r.uses) {
    // "能做什么 / 用于什么": the uses answer the question; the other facts follow in brackets.
    const other = ['batch', 'params'].filter((k) => facts[k]).map((k) => facts[k]!);
    return `${withCompany(r)}：${snippet(r.uses, opts.usesMax, opts.focus)}${other.length ? `（${other.join('；')}）` : ''}`;
  }
  const leads = (opts.lead ?? []).filter((f) => leadSentence(r, f));
  const head = leads.map((f) => leadSentence(r, f)).join('，');
  const rest = ['company', 'batch', 'params', 'province', 'filingNo', 'track', 'role', 'product', 'list', 'note', 'scenario']
    .filter((k) => !leads.includes(k) && facts[k])
    .map((k) => facts[k]!);
  let s = head ? `${head}${rest.length ? `（${rest.join('；')}）` : ''}。` : `${modelName(r)}：${rest.join('；')}。`;
  if (r.uses && opts.usesMax > 0) s += `应用场景：${snippet(r.uses, opts.usesMax, opts.focus)}`;
  return s;
}

export const zh: Phrasebook = {
  language: 'zh',
  verdictWords: ['是', '不是', '不对', '对', '有', '没有', '文本无法确认'],

  // --- pieces
  join,
  field: label,
  batch: batchName,
  batchOf: batchLabel,
  modelName,
  withCompany,
  item: (r) => ({
    label: modelName(r),
    detail: [r.company, batchLabel(r) || r.filingDate, r.params?.text, r.province].filter(Boolean).join('，') || undefined,
  }),
  brief: (model, bits) => (bits.length ? `${model}（${bits.join('，')}）` : model),
  listed: (lead, names, more) => lead + (names.length ? join(names) + (more > 0 ? ` 等（另有 ${more} 条）` : '') + '。' : ''),
  sentence: (lead, parts) => lead + join(parts) + '。',
  named: (name, members) => `${name}（${join(members)}）`,
  selection: ({ batches, all, dates, place }) => {
    const parts: string[] = [];
    if (batches.length) parts.push(batches.map((b) => `${batchName(b.n)}${b.date ? `（${b.date}）` : ''}`).join(all ? '和' : '、'));
    if (dates !== undefined) parts.push(dates);
    if (place !== undefined) parts.push(place);
    return parts.join('');
  },
  conditions: (where) => {
    const clauses = where.map((p) => {
      const l = label(p.field);
      const alt = p.values.map((v) => (typeof v === 'number' ? amount(v) : `“${v}”`)).join('或');
      const not = p.negate;
      switch (p.op) {
        case 'empty':
          return `${not ? '写了' : '未写'}${l}`;
        case 'between':
          return `${l}为${p.text}`;
        case 'gte':
          if (/^比/.test(p.text)) return `${l}${p.text}`;
          return `${l}${not ? '低于' : '在'}${p.text.replace(/或以上$/, '')}${not ? '' : '及以上'}`;
        case 'lte': {
          const v = /及以下$/.test(p.text) ? p.text.replace(/及以下$/, '') : alt;
          return `${l}${not ? '高于' : '在'}${v}${not ? '' : '及以下'}`;
        }
        case 'eq':
          return `${l}${not ? '不是' : '写作'}${alt}`;
        case 'startsWith':
          return `${l}${not ? '不' : ''}以${alt}开头`;
        case 'endsWith':
          return `${l}${not ? '不' : ''}以${alt}结尾`;
        case 'like':
          return `${l}${not ? '不像' : '最接近'}${alt}`;
        default:
          return `${l}${not ? '不含' : '含'}${alt}`;
      }
    });
    return clauses.length ? `${clauses.join('、')}的` : '';
  },
  selectionWith: (what, conditions) => what + conditions,
  subjects: join,

  // --- verdicts
  yes: (text) => `是。${text}`,
  nthRow: ({ what, n, row }) => `${what}按原表顺序第 ${n} 条是${withCompany(row)}${row.filingDate ? `，${row.filingDate}` : ''}。`,
  largerVerdict: (holds, text) => `${holds ? '是' : '不是'}。${text}`,
  some: (text) => `有。${text}`,
  none: (what, lists) => `没有。${lists?.length ? `${join(lists.map(listName))}中` : '备案记录中'}没有${what || '符合条件的记录'}。`,
  claimHolds: (word, text) => `${WORD[word]}。${text}`,
  claimFails: (word, facts) => `${WORD[word]}。${facts.join('；')}。`,
  countVerdict: ({ holds, negated }, text) => `${negated ? (holds ? '不对' : '对') : holds ? '对' : '不对'}。${text}`,
  otherTracks: (groups) =>
    groups.length
      ? `不过${groups
          .map(
            ({ track, rows }) =>
              `${TRACK_LABEL[track]}有 ${rows.length} 条：${join(rows.slice(0, 5).map((r) => `${r.model}（${r.company ?? ''}）`))}${rows.length > 5 ? '等' : ''}`,
          )
          .join('；')}。`
      : '',
  premise: (names, failed) =>
    `${join(names)}没有${join(
      failed.map((p) => (p.field === 'track' ? p.values.map((t) => TRACK_LABEL[t as Track]).join('或') : `${label(p.field)}为${p.text}`)),
    )}的记录；它的记录是：`,
  claimFailed: (subject, field, values) => (values.length ? `${subject}的${field}是${join(values)}` : `记录中没有${subject}的${field}`),
  filedInstead: (name, rows) => `${name}备案的是${join(rows.map((r) => modelName(r)))}`,
  cannotConfirm: (text) => `文本无法确认。${text}`,
  textVerdict: (verdict, text, negated, share) => {
    const quote = `${share ? `${share}；` : ''}文本中说：“${text}”`;
    if (verdict === 'unknown') return `文本无法确认。${quote}`;
    return `${verdict === 'yes' ? (negated ? '不对' : '是') : negated ? '对' : '不对'}。${quote}`;
  },
  quote: (text) => text,
  alsoInTexts: (answer, quote) => `${answer}\n文本中：${quote}`,
  readAs: (names) => names.map((e) => `按“${e.name}”理解“${e.typed}”`).join('；') + '。',

  // --- the engine's clarifying questions and refusals
  notFound: () => '没有在备案记录和文本中找到能回答这个问题的内容。',
  unresolved: (word) => `“${word}”指的是哪个模型、公司或批次？请写出名称，例如“文心一言的参数量是多少？”`,
  whatToVerify: () => '要核对的说法是什么？请写出完整的说法，例如“CharacterGLM是智谱AI备案的吗？”',
  whichOne: (typed, options) => `“${typed}”是指${options.map((o) => `“${o}”`).join('还是')}？请写出完整名称。`,
  beyond: (subject, words) => `备案记录和文本中都没有${subject}的${join(words)}。`,
  missingFact: (subject, ask) => {
    const params = ask.fields.includes('params');
    const field = ask.fields.find((f) => f !== 'params' && f !== 'model');
    const what = params ? '参数量' : field ? FACT_FIELD[field] : (FACT_KIND[ask.expects] ?? '这项信息');
    if (!subject) return `文本中没有所问的${what}。`;
    return `文本提到了${subject}，但没有给出${params ? '它的' : ''}${what}。`;
  },
  lookupEmpty: () => '请在命令后写上要查的内容，例如 /batch 1、/model 文心一言、/company 百度。',
  lookupBatchNumber: () => '批次请写数字，例如 /batch 1 或 /batch 第四批。',
  lookupNotFound: (value) => `备案记录中没有找到“${value}”。`,
  lookupList: (rows, max) =>
    `共 ${rows.length} 条记录：` +
    rows
      .slice(0, max)
      .map((r) => `${r.model}${r.company ? `（${r.company}）` : ''}`)
      .join('、') +
    (rows.length > max ? ` 等（另有 ${rows.length - max} 条）` : ''),

  // --- refusals of the texts
  noneNamed: (words) => `备案记录和文本中都没有“${join(words)}”，无法按它作答（不会以全部记录代替）。`,
  unknownModel: (model) => `备案记录和文本中都没有名为“${model}”的模型。`,
  noFigureFor: (asked, nearest, quote) => `文本中没有${asked}的数字；最近的是${nearest}的：“${quote}”`,
  noFigureForYears: (missing, said, quote) => `文本中没有${join(missing)}年的数字；最接近的是${join(said)}年的：“${quote}”`,
  otherScopeOnly: (scope, quote) =>
    `文本中没有${scope === 'domestic' ? '国内' : '全球'}的数字，只有${scope === 'domestic' ? '全球（或海外）' : '国内'}的：“${quote}”`,

  listedCount: (items, unit) => `共 ${items.length} ${unit ?? '个'}（${join(items)}）：`,

  // --- refusals of the records
  notInBatch: (names, batches) => `文本的备案表中，${join(names)}不在${batches}。`,
  noRecordsFor: (what) => `文本中没有${what}的备案记录。`,
  noPlace: (province) => `备案记录中没有${province}的备案或登记记录。`,
  noneInDates: (dates, months) => `备案表中没有${dates}通过备案的模型${months.length ? `（表中各批的通过时间：${join(months)}）` : ''}。`,
  noneMatching: (what, conditions) => `${what}${what ? '中' : '备案记录中'}没有${conditions || '符合条件的'}模型。`,
  noMatch: () => '备案记录中没有符合条件的记录。',
  noRecordsMatch: () => '没有符合条件的记录。',
  missingFields: (names, fields, textTable) =>
    `${textTable ? '文本的备案表' : '备案记录'}中没有${join(names)}的${fields.map(label).join('或')}。` +
    (textTable && fields.includes('filingNo') ? '（该表只列批次、模型名称、参数量、公司和应用场景。）' : ''),
  notTogether: (fields) => `没有哪一类记录同时写有${fields.map(label).join('和')}，这些条件无法一起判断。`,
  contradiction: (lo, hi) => `条件互相矛盾：既要${lo}，又要${hi}，没有记录能同时满足。`,
  notInRecords: (models) => `${join(models)}的备案记录中没有这项信息。`,

  // --- records described
  describe: (r, o) => {
    const s = describeRecord(r, { usesMax: o.usesMax, focus: o.focus, lead: o.lead });
    return o.oneLine ? s.split('。')[0]! : s;
  },
  companyRecords: (company, n) => `${company}共有 ${n} 条备案记录：`,
  recordsLead: (n) => `共 ${n} 条记录：`,
  recordsHeader: (n) => `共 ${n} 条记录：\n`,
  moreLines: (n) => `\n… 另有 ${n} 条。`,
  fieldsNotGiven: (fields) => `\n（记录中没有${fields.map(label).join('或')}。）`,
  batchDate: (n, date) => (date ? `${batchName(n)}于${date}通过备案。` : `文本没有写明${batchName(n)}的通过日期。`),

  // --- lists
  noParamsLead: (what, n) => `${what}${what ? '中' : ''}备案表未写参数量的共 ${n} 条：`,
  wordedParams: (rows) => `（另有${join(rows.map((r) => `${r.model}写作“${r.params!.text}”`))}，未给出具体数值。）`,
  companiesInAllLead: (what) => `在${what}都有模型的公司：`,
  companyInBatches: (name, rows) =>
    `${name}（${join(rows.map((r) => `${r.model}，${batchLabel(r) || (r.listPeriod ? listName(r.listPeriod) : '')}`))}）`,
  noCompanyInAll: (what) => `没有哪家公司在${what}都有模型。`,
  companiesLead: (what, n) => `${what}${what ? '' : '记录中'}共有 ${n} 家公司：`,
  noCompanyListed: (models) => `（${join(models)}未列公司。）`,
  listLead: ({ within, what, conditions, n, track }) =>
    `${within ? '其中' : ''}${what}${within ? '' : track === 'genai-registration' ? '完成登记的' : '通过备案的'}${conditions}共 ${n} 条：`,
  companiesInvolved: (n) => `涉及 ${n} 家公司。`,

  // --- counts
  statedCount: (f) =>
    `${batchName(f.batch)}${f.date ? `（${f.date.text}）` : ''}共有${f.companies ? `${f.companies}家企业` : ''}${f.companies && f.models ? '共计' : ''}${f.models ? `${f.models}款大模型` : ''}通过备案（正文）。`,
  statedTotal: (c, m) => `正文合计：${c ? `${c}家企业` : ''}${c && m ? '、' : ''}${m ? `${m}款大模型` : ''}。`,
  countFor: (who, models) => `备案表列出${join(who)}的 ${models.length} 条：${join(models)}。`,
  countPart: (name, models) => `${name}：备案表列出 ${models.length} 条（${join(models)}）。`,
  countAll: ({ what, conditions, n, companies, rows }) =>
    `备案表列出${what}${conditions} ${n} 条记录、${companies} 家公司${rows ? `：${join(rows.map(withCompany))}` : ''}。`,
  countsDiffer: (stated, listed) => `（正文说 ${stated} 家，表格列出 ${listed} 家，两处不一致，分别列出。）`,

  // --- groups
  groupSource: (track) => (track ? `${TRACK_LABEL[track]}中` : '备案表中'),
  groupName: (by, key) => {
    if (by === 'batch') return batchName(Number(key));
    if (by === 'list') return listName(key);
    if (by === 'track') return TRACK_LABEL[key as Track];
    // (Dates are grouped by month.)
    const ym = /^(\d{4})-(\d{2})$/.exec(key);
    if (by === 'date' && ym) return `${ym[1]}年${Number(ym[2])}月`;
    return key;
  },
  groupSize: (g) => `${g.name}（${g.n} 条）`,
  inRegisters: () => '登记表中',
  inLists: (periods) => (periods.length ? `${join(periods.map(listName))}中，` : ''),
  ofLists: (periods) => (periods.length ? `${join(periods.map(listName))}的` : ''),
  share: ({ names, part, total, pct }) => `${join(names)}共 ${part} 条，占全部 ${total} 条的 ${pct}%。`,
  growth: (a, b, pct) => `${a.name} ${a.n} 条，${b.name} ${b.n} 条，${a.name}比${b.name}${pct >= 0 ? '增长' : '减少'} ${Math.abs(pct)}%。`,
  difference: (a, b, overTime) =>
    `${a.name} ${a.n} 条，${b.name} ${b.n} 条，${a.n === b.n ? '两者一样多' : `${a.name}比${b.name}${a.n > b.n ? `${overTime ? '增加' : '多'} ${a.n - b.n} 条` : `${overTime ? '减少' : '少'} ${b.n - a.n} 条`}`}。`,
  dayExtreme: ({ periods, place, track, max, day, rows }) =>
    `${periods.length ? `${join(periods.map(listName))}中，` : ''}${place}${TRACK_LABEL[track]}最${max ? '晚' : '早'}的日期是${day}，当天共 ${rows.length} 条：${join(rows.slice(0, 12).map((r) => `${r.model}（${r.company ?? ''}）`))}${rows.length > 12 ? ' 等' : ''}。`,
  listExtreme: ({ place, max, list, rows }) =>
    `${place ? `${place}的条目` : '这些条目'}最${max ? '晚' : '早'}出现在${listName(list)}，共 ${rows.length} 条：${join(rows.slice(0, 12).map((r) => `${r.model}（${r.company ?? ''}，${TRACK_LABEL[r.track]}）`))}${rows.length > 12 ? ' 等' : ''}。`,
  topGroups: ({ where, n, label, max, shown }) => `${where}记录${max ? '最多' : '最少'}的前 ${n} 个${label}：${join(shown)}。`,
  topGroup: ({ where, names, max, n }) => `${where}${join(names)}的记录${max ? '最多' : '最少'}，共 ${n} 条。`,
  tie: (n, listed) => `（并列 ${n} 条，共列出 ${listed} 个。）`,
  nextGroups: (shown) => `其后：${join(shown)}。`,
  chartTitle: (label, where) => `${where ?? ''}各${label}记录数`,
  groupCount: (g) => `${g.name} ${g.n} 条`,
  groupByLead: ({ where, what, label, n }) => `${where}${what}按${label}计，共 ${n} 个${label}：`,
  groupByLine: (lead, shown, more) => `${lead} ${join(shown)}${more ? ' 等' : ''}。`,
  atLeastModels: (min, exact) => `${exact ? '' : '至少'}${min} 款模型`,
  groupsWithLead: (label, min, exact, where, n) => `${where}${exact ? '恰好' : '至少'}有 ${min} 条的${label}共 ${n} 个：`,
  noGroupsWith: (label, min, exact, where) => `${where}没有${exact ? '恰好' : '至少'}有 ${min} 条的${label}。`,
  noCompanyWith: (where, many) => `${where}没有哪家公司有${many}。`,
  companyWithModels: (name, rows) =>
    `${name}（${join(rows.map((r) => [r.model, batchLabel(r) || r.filingDate || ''].filter(Boolean).join('，')))}）`,
  companiesWithLead: (many, where, n) => `${where}有${many}的公司共 ${n} 家：`,

  // --- the largest parameter count
  noParamCounts: (what) => `${what}的记录都没有写明参数量。`,
  extremeItem: (r, withBatch) => `${withCompany(r)}，${r.params!.text}${withBatch ? `，${batchLabel(r)}` : ''}`,
  extremeLead: ({ what, within, max, names }) =>
    `${what ? `${what}中` : within ? '其中' : '备案表中'}参数量${max ? '最大' : '最小'}的是${join(names)}。`,
  moreWithoutNumber: (n) => `（另有 ${n} 条未给出具体数值。）`,
  approxNote: () => '',

  // --- compare
  compareLine: (model, value) => `${model}：${value ?? '表中未列出'}`,
  sameTime: () => '两者同时通过备案。',
  filedFirst: (name, first, others) => `${name}${first ? '更早' : '更晚'}通过备案（${first ? '先' : '后'}于${join(others)}）。`,
  allIn: (value) => `是的，都在${value}。`,
  theyDiffer: () => '不是，各不相同。',
  sameMagnitude: () => '表中两者的参数量在同一量级，无法判断哪个更大。',
  largerParams: (model, min) => `${model}的参数量${min ? '更小' : '更大'}。`,
  cannotCompare: () => '表中并非每个都写明了参数量，无法比较。',
  // The verdict first, the values after it in brackets: "文心一言的参数量更大（文心一言：…；通义千问：…）".
  compareProse: (verdict, lines) =>
    [verdict, ...lines]
      .filter(Boolean)
      .join('；')
      .replace(/；/, verdict ? '（' : '；') + (verdict ? '）' : ''),
  compareLead: (verdict, lines) => verdict || lines.join('；'),

  // --- registers
  noListsOf: (missing, held) =>
    `语料中没有${join(missing.map((t) => TRACK_LABEL[t]))}的清单，只有${join(held.map((t) => TRACK_LABEL[t]))}的清单，无法回答。`,
  registerWhere: ({ period, province, dates }) =>
    `${period ? `${listMonth(period)}那期清单中，` : ''}${dates ? dates.label : ''}${province ?? ''}`,
  registerCompany: (short, companies, where) => {
    const shown = companies.slice(0, 3).join('、') + (companies.length > 3 ? '等' : '');
    const name = companies.length === 1 ? companies[0]! : !companies.length ? short : `${short}（${shown}）`;
    // (In brackets the list's "中，" reads as "中".)
    return `${name}${where ? `（${where.replace(/中，(?=.)/, '中，').replace(/中，$/, '中')}）` : ''}`;
  },
  registersNone: ({ track, who, conditions, byCompany }) =>
    who || conditions
      ? `登记表中没有${who}${who && conditions && byCompany ? '名下' : ''}${conditions || '的'}${track ? TRACK_LABEL[track] : '备案或登记'}记录。`
      : '登记表中没有符合条件的记录。',
  besideTable: (subject) => `登记表中，${subject}`,
  distinctInAll: (n, unitsOf) =>
    `以下各类合计涉及 ${n} ${unitsOf === 'province' ? '个属地' : unitsOf === 'list' ? '期清单' : `个${label(unitsOf)}`}：`,
  trackHead: ({ subject, track, n, units, unitsOf }) =>
    `${subject}${TRACK_LABEL[track]}共 ${n} 条${units !== undefined ? `（涉及 ${units} ${unitsOf === 'province' ? '个属地' : unitsOf === 'list' ? '期清单' : '家单位'}）` : ''}`,
  trackLine: (head, briefs, more) =>
    briefs.length ? `${head}：${join(briefs)}${more > 0 ? ` 等（另有 ${more} 条）` : ''}。` : `${head}。`,
  countedApart: () => '（备案与登记分别计数，不相加。）',
  tableAlsoLists: (rows) => {
    const batches = uniq(rows.map((r) => batchLabel(r)).filter(Boolean));
    const what =
      rows.length <= 3
        ? rows.map((r) => `${r.model}${batchLabel(r) ? `（${batchLabel(r)}）` : ''}`).join('、')
        : `${rows.length} 款（${batches.slice(0, 3).join('、')}${batches.length > 3 ? '等' : ''}）`;
    return `文本中的备案表另列有${what}，与登记表分开列出。`;
  },
  registersReach: (latest) => `（登记表中最新的日期为 ${latest}。）`,
  provincesOnly: (city, province) => `（登记表的属地只到省级：${city}属${province}，以上为${province}全部。）`,
  repeats: (n) => `（有 ${n} 条编号在多个登记表中重复出现，只计一次。）`,
  perTrackLead: (subject, counts) => counts.map(([t, n]) => `${subject}${TRACK_LABEL[t]}共 ${n} 条`).join('；') + '：',
  newestLine: ({ subject, track, briefs }) => `${subject}最新的${TRACK_LABEL[track]}：${briefs.join('；')}。`,
  newestLead: (subject, track) => `${subject}最新的${TRACK_LABEL[track]}：`,
  noNewest: ({ subject, track }) => `登记表中没有${subject}的${track ? TRACK_LABEL[track] : '备案'}记录。`,
  noSuchNumber: (no, { province, date }) =>
    `登记表中没有编号 ${no}。${province || date ? `按编号格式，它的属地是${province ?? '（无法识别）'}${date ? `，日期为 ${date}` : ''}。` : ''}`,
  byNumber: (r, alsoIn) => {
    const more = alsoIn.length ? `（另见 ${alsoIn.join('、')}）` : '';
    const where = r.province ? `属地${r.province}，` : '';
    const when = r.filingDate ? `${r.filingDate}${trackWord(r.track)}，` : '';
    const role = r.role ? `角色：${r.role}，` : '';
    const product = r.product && !/^[-—–]+$/.test(r.product) ? `应用产品：${r.product}，` : '';
    return `${r.filingNo} 是${r.model}的${numberWord(r.track)}：${r.company ? `${r.company}，` : ''}${where}${when}${role}${product}类别为${TRACK_LABEL[r.track]}。${more}`;
  },
  sideBySide: (t, regs, agree) => {
    const text = `文本中的备案表：${t.model}${t.company ? `（${t.company}）` : ''}在${batchLabel(t) || '表中'}通过备案`;
    const reg = `登记表（${uniq(regs.map((r) => r.source)).join('、')}）：${regs
      .map(
        (r) =>
          `${r.filingDate ?? '日期未列'}${trackWord(r.track)}${r.province ? `，属地${r.province}` : ''}${r.filingNo ? `，${numberWord(r.track)} ${r.filingNo}` : ''}`,
      )
      .join('；')}`;
    const note = agree === undefined ? '' : agree ? '两处日期一致。' : '两处日期不一致，分别列出。';
    return `${text}；${reg}。${note}`;
  },
};
