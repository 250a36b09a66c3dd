/**
 * The renderer for record answers: an executor Result → the direct answer (prose), the same as
 * data (lead, items, notes) for front ends that lay it out themselves, and the rows and facts to
 * cite. Chinese or English framing; names and quoted values stay as the sources write them.
 */
import { parseFilingNo } from '../records/filingNumbers.js';
import { TRACK_LABEL, TRACKS, type BatchFact, type FilingRecord, type Track } from '../records/schema.js';
import { chineseOrdinal } from '../text/chars.js';
import { dateRangeOf, placeOf, tracksOfPlan, type Field, type Plan } from '../understand/plan.js';
import { FIELD_SPECS } from '../records/fields.js';
import { contradictions } from '../records/predicates.js';
import type { ResultItem, StructuredResult } from './types.js';
import { batchLabel, describeRecord, listMonth, modelName, nameWithCompany } from './recordText.js';
import { dayOf, tracksOf, uniq, type Result } from './execute.js';

export interface Rendered {
  found: boolean;
  answer: string;
  result: StructuredResult;
  rows: FilingRecord[];
  facts: BatchFact[];
}

const joinZh = (xs: string[]) => xs.join('、');
const joinEn = (xs: string[]) => xs.join(', ');
const MAX_PROSE_ITEMS = 25;

const FIELD_ZH = Object.fromEntries(Object.values(FIELD_SPECS).map((f) => [f.key, f.label.zh])) as Record<Field, string>;
const FIELD_EN = Object.fromEntries(Object.values(FIELD_SPECS).map((f) => [f.key, f.label.en])) as Record<Field, string>;
const ordinalEn = (n: number) =>
  `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;
/** English framing keeps the sources' own batch label: "the 4th batch (第四批, 2024 年 1 月)". */
const batchEn = (r: Pick<FilingRecord, 'batch' | 'batchDate'>) =>
  r.batch ? `the ${ordinalEn(r.batch)} batch (第${chineseOrdinal(r.batch)}批${r.batchDate ? `, ${r.batchDate.text}` : ''})` : '';

function item(r: FilingRecord, en: boolean): ResultItem {
  const label = en ? r.model : modelName(r);
  const bits = en
    ? [r.company, batchEn(r) || r.filingDate, r.params?.text, r.province].filter(Boolean)
    : [r.company, batchLabel(r) || r.filingDate, r.params?.text, r.province].filter(Boolean);
  return { label, detail: bits.join(en ? ', ' : '，') || undefined, source: r.source, lines: r.lines };
}

/** What a selection is called in the answer: "第三批", "参数量为百亿级的", "截至2024年6月底北京". */
function label(plan: Plan, rows: readonly FilingRecord[], en: boolean): string {
  const a = plan.about;
  const parts: string[] = [];
  const batchWord = (b: number) => {
    const d = rows.find((r) => r.batch === b && r.batchDate)?.batchDate;
    return en
      ? `the ${ordinalEn(b)} batch (第${chineseOrdinal(b)}批${d ? `, ${d.text}` : ''})`
      : `第${chineseOrdinal(b)}批${d ? `（${d.text}）` : ''}`;
  };

  if (a.batches.length)
    parts.push(a.batches.map(batchWord).join(en ? (a.batchJoin === 'all' ? ' and ' : ' or ') : a.batchJoin === 'all' ? '和' : '、'));
  const dates = dateRangeOf(plan);
  const place = placeOf(plan);
  if (dates) parts.push(dates.label);
  if (place) parts.push(place.province);
  return parts.join(en ? ' ' : '');
}

/** The plan's conditions on the records' cells, in words, through the fields' declared labels: "参数量为百亿级、应用场景含“智能对话”的". */
function conditionWords(plan: Plan, en: boolean): string {
  const amount = (v: number) => (v >= 10000 ? `${v / 10000}万亿` : `${v}亿`);
  const clauses = plan.about.where
    .filter((p) => !['province', 'date', 'track', 'batch', 'list'].includes(p.field))
    .map((p) => {
      const l = FIELD_SPECS[p.field].label[en ? 'en' : 'zh'];
      const vs = p.values.map((v) => (typeof v === 'number' ? amount(v) : en ? `“${v}”` : `“${v}”`));
      const alt = vs.join(en ? ' or ' : '或');
      const not = p.negate;
      switch (p.op) {
        case 'empty':
          return en ? `${not ? 'with' : 'without'} a ${l}` : `${not ? '写了' : '未写'}${l}`;
        case 'between':
          return en ? `${l} ${p.text}` : `${l}为${p.text}`;
        case 'gte':
          if (/^比/.test(p.text)) return en ? `${l} larger than ${p.text.slice(1).replace(/更大$/, '')}` : `${l}${p.text}`;
          return en
            ? `${l} ${not ? 'below' : 'at least'} ${p.text.replace(/或以上$/, '')}`
            : `${l}${not ? '低于' : '在'}${p.text.replace(/或以上$/, '')}${not ? '' : '及以上'}`;
        case 'lte': {
          const v = /及以下$/.test(p.text) ? p.text.replace(/及以下$/, '') : alt;
          return en ? `${l} ${not ? 'above' : 'at most'} ${v}` : `${l}${not ? '高于' : '在'}${v}${not ? '' : '及以下'}`;
        }
        case 'eq':
          return en ? `${l} ${not ? 'not ' : ''}written ${alt}` : `${l}${not ? '不是' : '写作'}${alt}`;
        case 'startsWith':
          return en ? `${l} ${not ? 'not ' : ''}starting with ${alt}` : `${l}${not ? '不' : ''}以${alt}开头`;
        case 'endsWith':
          return en ? `${l} ${not ? 'not ' : ''}ending in ${alt}` : `${l}${not ? '不' : ''}以${alt}结尾`;
        default:
          return en ? `${l} ${not ? 'not ' : ''}mentioning ${alt}` : `${l}${not ? '不含' : '含'}${alt}`;
      }
    });
  if (!clauses.length) return '';
  return en ? ` with ${clauses.join(' and ')}` : `${clauses.join('、')}的`;
}

function structured(lead: string, rows: FilingRecord[], en: boolean, notes: string[] = []): StructuredResult {
  return { lead, items: rows.map((r) => item(r, en)), total: rows.length, notes };
}

function done(
  found: boolean,
  lead: string,
  rows: FilingRecord[],
  en: boolean,
  opts: { facts?: BatchFact[]; list?: boolean; notes?: string[]; prose?: string } = {},
): Rendered {
  const notes = opts.notes ?? [];
  const listed = opts.list
    ? rows.slice(0, MAX_PROSE_ITEMS).map((r) => (en ? (r.company ? `${r.model} (${r.company})` : r.model) : nameWithCompany(r)))
    : [];
  const more =
    opts.list && rows.length > MAX_PROSE_ITEMS
      ? en
        ? ` and ${rows.length - MAX_PROSE_ITEMS} more`
        : ` 等（另有 ${rows.length - MAX_PROSE_ITEMS} 条）`
      : '';
  const prose =
    opts.prose ??
    [lead + (listed.length ? (en ? joinEn(listed) : joinZh(listed)) + more + (en ? '.' : '。') : ''), ...notes].filter(Boolean).join('\n');
  return { found, answer: prose, result: structured(lead, opts.list ? rows : [], en, notes), rows, facts: opts.facts ?? [] };
}

// ---------------------------------------------------------------------------------------------
// Refusals

function absentAnswer(res: Result, en: boolean, opts: { batchMonths: string[] }): Rendered {
  const p = res.plan.about;
  if (res.absent && p.entities.length && p.batches.length) {
    const names = joinZh(p.entities.map((e) => e.name));
    return done(
      false,
      en ? `The filing table does not list ${names} in ${res.absent}.` : `文本的备案表中，${names}不在${res.absent}。`,
      [],
      en,
    );
  }
  if (res.absent)
    return done(false, en ? `The texts have no filing records for ${res.absent}.` : `文本中没有${res.absent}的备案记录。`, [], en);
  if (p.batchJoin === 'all') return listAnswer(res, en);
  const place = placeOf(res.plan);
  const dates = dateRangeOf(res.plan);
  if (place)
    return done(
      false,
      en ? `The records list no filings for ${place.province}.` : `备案记录中没有${place.province}的备案或登记记录。`,
      [],
      en,
    );
  const what = label(res.plan, [], en);
  const scale = conditionWords(res.plan, en);
  if (dates && !p.batches.length && !scale) {
    // No batch in the range: say when the table's batches were.
    const months = opts.batchMonths.join(en ? ', ' : '、');
    return done(
      false,
      en
        ? `The filing table has no models filed in ${dates.label}${months ? ` (its batches: ${months})` : ''}.`
        : `备案表中没有${dates.label}通过备案的模型${months ? `（表中各批的通过时间：${months}）` : ''}。`,
      [],
      en,
    );
  }
  if (what || scale)
    return done(
      false,
      en
        ? `No filing record${what ? ` in ${what}` : ''} has${scale.replace(/^ with/, '') || ' that'}.`
        : `${what}${what ? '中' : '备案记录中'}没有${scale || '符合条件的'}模型。`,
      [],
      en,
    );
  return done(false, en ? 'No filing record matches the question.' : '备案记录中没有符合条件的记录。', [], en);
}

function missingAnswer(res: Result, en: boolean): Rendered {
  const names = uniq(res.rows.map((r) => modelName(r)));
  const fields = res.missing.map((f) => (en ? FIELD_EN[f] : FIELD_ZH[f]));
  const origin = res.rows.every((r) => r.origin === 'text-table');
  const lead = en
    ? `The ${origin ? "texts' filing table" : 'records'} do not give the ${fields.join(' or ')} of ${joinEn(names)}.`
    : `${origin ? '文本的备案表' : '备案记录'}中没有${joinZh(names)}的${fields.join('或')}。`;
  const also =
    origin && res.missing.includes('filingNo')
      ? en
        ? ' (The table lists batch, model, parameters, company and uses only.)'
        : '（该表只列批次、模型名称、参数量、公司和应用场景。）'
      : '';
  return done(false, lead + also, res.rows, en);
}

// ---------------------------------------------------------------------------------------------
// Text-table answers

function leadFields(plan: Plan): string[] {
  const f = plan.ask.fields;
  const lead: string[] = [];
  if (f.includes('model') && plan.about.entities.every((e) => e.kind === 'company')) lead.push('name');
  for (const x of ['company', 'batch', 'date', 'list', 'params', 'province', 'filingNo'] as const) if (f.includes(x)) lead.push(x);
  if (!lead.length && f.includes('uses')) lead.push('uses');
  return lead;
}

function describeEn(r: FilingRecord, lead: string[]): string {
  const bits: string[] = [];
  const first = lead[0];
  const head =
    first === 'company'
      ? r.company
        ? `${r.model} belongs to ${r.company}`
        : `The table lists no company for ${r.model}`
      : first === 'batch'
        ? r.batch
          ? `${r.model}${r.company ? ` (${r.company})` : ''} was filed in ${batchEn(r)}`
          : `${r.model} was filed on ${r.filingDate ?? 'an unlisted date'}`
        : first === 'params'
          ? r.params
            ? `${r.model} has ${r.params.text} parameters`
            : `The table lists no parameter count for ${r.model}`
          : first === 'name'
            ? `${r.company ?? ''} filed ${r.model}`.trim()
            : `${r.model}`;
  if (first !== 'company' && r.company && first !== 'name' && first !== 'batch') bits.push(`company: ${r.company}`);
  if (first !== 'batch' && r.batch) bits.push(batchEn(r));
  if (first !== 'params' && r.params) bits.push(`parameters: ${r.params.text}`);
  if (first !== 'batch' && r.filingDate) bits.push(`${r.track === 'genai-registration' ? 'registered' : 'filed'} ${r.filingDate}`);
  if (r.province) bits.push(`province: ${r.province}`);
  if (r.filingNo) bits.push(`filing no. ${r.filingNo}`);
  if (r.listPeriod) bits.push(`list: ${r.listPeriod}`);
  return `${head}${bits.length ? ` (${bits.join('; ')})` : ''}.${r.uses && (first === 'uses' || !first) ? ` Uses: ${r.uses.slice(0, 120)}` : ''}`;
}

function aboutEntities(res: Result, en: boolean, focus: string[]): Rendered {
  const rows = [...res.rows].sort((x, y) => (x.batch ?? 99) - (y.batch ?? 99) || x.lines[0] - y.lines[0]);
  const lead = leadFields(res.plan);
  const wantsUses = res.plan.ask.fields.includes('uses') || lead.length === 0 || lead[0] === 'uses';
  const describe = (r: FilingRecord, usesMax: number) => (en ? describeEn(r, lead) : describeRecord(r, { usesMax, focus, lead }));
  let answer: string;
  if (rows.length === 1) answer = describe(rows[0]!, wantsUses ? 160 : 70);
  else if (rows.length <= 4) {
    const company = res.plan.about.entities.find((e) => e.kind === 'company') && rows[0]!.company;
    const subject =
      company && rows.every((r) => r.company === company)
        ? en
          ? `${company} has ${rows.length} filing records: `
          : `${company}共有 ${rows.length} 条备案记录：`
        : '';
    answer = subject + rows.map((r) => describe(r, wantsUses ? 50 : 0)).join('\n');
  } else if (lead.length && lead[0] !== 'name') {
    // Many records and a field asked of them: each record with that field ("快意大模型：第三批…").
    const shown = rows.slice(0, 12).map((r) => (en ? describe(r, 0) : describe(r, 0).split('。')[0]!));
    const more = rows.length > 12 ? (en ? `\n… and ${rows.length - 12} more.` : `\n… 另有 ${rows.length - 12} 条。`) : '';
    answer = (en ? `${rows.length} records:\n` : `共 ${rows.length} 条记录：\n`) + shown.join('\n') + more;
  } else return done(true, en ? `${rows.length} records: ` : `共 ${rows.length} 条记录：`, rows, en, { list: true });
  const missing = res.missing.length
    ? en
      ? `\n(The records do not give the ${res.missing.map((f) => FIELD_EN[f]).join(' or ')}.)`
      : `\n（记录中没有${res.missing.map((f) => FIELD_ZH[f]).join('或')}。）`
    : '';
  const r = done(true, answer + missing, rows, en, { prose: answer + missing, facts: res.facts });
  return {
    ...r,
    result: {
      lead: answer + missing,
      items: rows.length > 1 ? rows.map((x) => item(x, en)) : [],
      total: rows.length > 1 ? rows.length : 0,
      notes: [],
    },
  };
}

function listAnswer(res: Result, en: boolean): Rendered {
  const rows = res.rows;
  const what = label(res.plan, rows, en);
  const scale = conditionWords(res.plan, en);
  const companies = uniq(rows.map((r) => r.company).filter((c): c is string => !!c));
  const asksCompany = res.plan.ask.fields.includes('company') && !res.plan.ask.fields.includes('model');
  if (res.plan.about.where.some((p) => p.field === 'params' && p.op === 'empty' && !p.negate) && res.plan.about.where.length === 1) {
    const lead = en
      ? `${what ? `In ${what}, ` : ''}${rows.length} records list no parameter count: `
      : `${what}${what ? '中' : ''}备案表未写参数量的共 ${rows.length} 条：`;
    const notes = res.unquantified.length
      ? [
          en
            ? `(${joinEn(res.unquantified.map((r) => `${r.model}: "${r.params!.text}"`))} give no number.)`
            : `（另有${joinZh(res.unquantified.map((r) => `${r.model}写作“${r.params!.text}”`))}，未给出具体数值。）`,
        ]
      : [];
    return done(rows.length > 0 || res.unquantified.length > 0, lead, rows, en, { list: true, notes });
  }
  if (res.plan.about.batchJoin === 'all' && res.sides.length) {
    const lead = en ? `Companies with models in ${what}: ` : `在${what}都有模型的公司：`;
    const groups = res.sides.map((s) =>
      en
        ? `${s.name} (${joinEn(s.rows.map((r) => `${r.model}, ${batchEn(r)}`))})`
        : `${s.name}（${joinZh(s.rows.map((r) => `${r.model}，${batchLabel(r)}`))}）`,
    );
    return companyGroups(res, lead, groups, rows, en);
  }
  if (res.plan.about.batchJoin === 'all')
    return done(false, en ? `No company has models in ${what}.` : `没有哪家公司在${what}都有模型。`, [], en);
  if (asksCompany && rows.length) {
    const named = rows.filter((r) => r.company);
    const unnamed = rows.filter((r) => !r.company);
    const lead = en
      ? `${companies.length} companies${what ? ` in ${what}` : ''}: `
      : `${what}${what ? '' : '记录中'}共有 ${companies.length} 家公司：`;
    const list = companies.map((c) => {
      const models = named.filter((r) => r.company === c).map((r) => r.model);
      return en ? `${c} (${joinEn(models)})` : `${c}（${joinZh(models)}）`;
    });
    const note = unnamed.length
      ? en
        ? ` (${joinEn(unnamed.map((r) => r.model))}: no company listed.)`
        : `（${joinZh(unnamed.map((r) => r.model))}未列公司。）`
      : '';
    const prose = lead + (en ? joinEn(list) + '.' : joinZh(list) + '。') + note;
    return {
      found: true,
      answer: prose,
      result: {
        lead,
        items: companies.map((c) => {
          const r = named.find((x) => x.company === c)!;
          return {
            label: c,
            detail: named
              .filter((x) => x.company === c)
              .map((x) => x.model)
              .join(en ? ', ' : '、'),
            source: r.source,
            lines: r.lines,
          };
        }),
        total: companies.length,
        notes: note ? [note] : [],
      },
      rows,
      facts: [],
    };
  }
  const within = res.plan.about.within;
  const lead = en
    ? `${within ? 'Of those, ' : ''}${rows.length} ${rows.length === 1 ? 'model' : 'models'}${what ? ` in ${what}` : ''}${scale}: `
    : `${within ? '其中' : ''}${what}${within ? '' : rows.length && rows.every((r) => r.track === 'genai-registration') ? '完成登记的' : '通过备案的'}${scale}共 ${rows.length} 条：`;
  const notes =
    !res.plan.about.within && !res.plan.about.where.some((p) => p.field === 'params') && res.plan.about.batches.length && companies.length
      ? [en ? ` ${companies.length} companies.` : `涉及 ${companies.length} 家公司。`]
      : [];
  const r = done(rows.length > 0, lead, rows, en, { list: true, facts: res.facts });
  // The company count follows the list on the same line, as the answer's last sentence.
  return notes.length ? { ...r, answer: r.answer + notes[0], result: { ...r.result, notes } } : r;
}

/** "第四批于2024 年 1 月通过备案": the date of each asked batch, from the table and the prose. */
function batchDateAnswer(res: Result, en: boolean): Rendered {
  const lines = res.plan.about.batches.map((b) => {
    const date =
      res.rows.find((r) => r.batch === b && r.batchDate)?.batchDate?.text ?? res.facts.find((f) => f.batch === b && f.date)?.date?.text;
    const name = en ? `The ${ordinalEn(b)} batch (第${chineseOrdinal(b)}批)` : `第${chineseOrdinal(b)}批`;
    return date
      ? en
        ? `${name} was approved in ${date}.`
        : `${name}于${date}通过备案。`
      : en
        ? `The texts do not give the date of ${name}.`
        : `文本没有写明${name}的通过日期。`;
  });
  const first = res.rows.slice(0, 1);
  return {
    found: true,
    answer: lines.join('\n'),
    result: { lead: lines.join('\n'), items: [], total: 0, notes: [] },
    rows: first,
    facts: res.facts,
  };
}

function countAnswer(res: Result, en: boolean): Rendered {
  const rows = res.rows;
  const what = label(res.plan, rows, en);
  const scale = conditionWords(res.plan, en);
  const lines: string[] = [];
  for (const f of res.facts) {
    const b = en ? `batch ${f.batch}` : `第${chineseOrdinal(f.batch)}批${f.date ? `（${f.date.text}）` : ''}`;
    lines.push(
      en
        ? `The texts say ${f.companies ? `${f.companies} companies` : ''}${f.companies && f.models ? ' with ' : ''}${f.models ? `${f.models} models` : ''} passed in ${b}.`
        : `${b}共有${f.companies ? `${f.companies}家企业` : ''}${f.companies && f.models ? '共计' : ''}${f.models ? `${f.models}款大模型` : ''}通过备案（正文）。`,
    );
  }
  const companies = uniq(rows.map((r) => r.company).filter(Boolean)).length;
  // "快手和抖音各有几款", "第三批和第四批分别有多少款": one count per named thing.
  // Several batches are counted apart when asked "分别/各/每", otherwise together.
  const perBatch = res.plan.about.batches.length > 1 && res.plan.about.batchJoin === 'any' && !!res.plan.ask.apart;
  const parts: { name: string; rows: FilingRecord[] }[] =
    res.sides.length > 1
      ? res.sides
      : perBatch
        ? res.plan.about.batches.map((b) => ({
            name: en ? `the ${ordinalEn(b)} batch (第${chineseOrdinal(b)}批)` : `第${chineseOrdinal(b)}批`,
            rows: rows.filter((r) => r.batch === b),
          }))
        : [];
  // "抖音有几款模型": one named company's records, by name.
  if (!parts.length && res.plan.about.entities.length && rows.length && rows.length <= 12) {
    const names = rows.map((r) => r.model);
    const who = res.plan.about.entities.map((e) => e.name).join(en ? ', ' : '、');
    lines.push(
      en
        ? `The filing table lists ${rows.length} for ${who}: ${joinEn(names)}.`
        : `备案表列出${who}的 ${rows.length} 条：${joinZh(names)}。`,
    );
  } else if (parts.length) {
    lines.push(
      ...parts.map((s) =>
        en
          ? `${s.name}: ${s.rows.length} in the filing table (${joinEn(s.rows.map((r) => r.model))}).`
          : `${s.name}：备案表列出 ${s.rows.length} 条（${joinZh(s.rows.map((r) => r.model))}）。`,
      ),
    );
  } else if (rows.length || !lines.length) {
    lines.push(
      en
        ? `The filing table lists ${rows.length} records${what ? ` in ${what}` : ''}${scale} from ${companies} companies${rows.length && rows.length <= 10 ? `: ${joinEn(rows.map((r) => (r.company ? `${r.model} (${r.company})` : r.model)))}` : ''}.`
        : `备案表列出${what}${scale} ${rows.length} 条记录、${companies} 家公司${rows.length && rows.length <= 10 ? `：${joinZh(rows.map((r) => nameWithCompany(r)))}` : ''}。`,
    );
  }
  // The texts' prose and their own table disagree ("10家企业" against 11 companies listed): both shown, and said.
  const stated = res.facts.find((f) => f.companies);
  if (stated && !parts.length && !res.plan.about.entities.length && companies && stated.companies !== companies)
    lines.push(
      en
        ? `(The text says ${stated.companies} companies; its table lists ${companies}: the two differ, both are shown.)`
        : `（正文说 ${stated.companies} 家，表格列出 ${companies} 家，两处不一致，分别列出。）`,
    );
  const lead = lines.join('\n');
  return {
    found: res.found,
    answer: lead,
    result: { lead, items: rows.map((r) => item(r, en)), total: rows.length, notes: [] },
    rows,
    facts: res.facts,
  };
}

/** "第四批通过备案的模型最多（14 条）": the largest group, with every group's size. */
/** Where grouped rows come from, in words: the texts' table, or a register track. */
function groupSource(rows: readonly FilingRecord[], en: boolean): string {
  const r = rows[0];
  if (!r || r.origin === 'text-table') return en ? 'in the filing table' : '备案表中';
  return en ? `among ${TRACK_EN[r.track]}` : `${TRACK_LABEL[r.track]}中`;
}

/** A group's name for people: 第三批, a list's month (2024年4月那期), a province or company as written. */
function groupName(by: Field, k: string, en: boolean): string {
  if (by === 'batch')
    return en ? `the ${ordinalEn(Number(k))} batch (第${chineseOrdinal(Number(k))}批)` : `第${chineseOrdinal(Number(k))}批`;
  if (by === 'list') {
    const [y, m] = k.split('-');
    return en ? `the ${k} list` : `${y}年${Number(m)}月那期清单`;
  }
  if (by === 'track') return trackName(k as Track, en);
  return k;
}

/** A share of the whole ("北京占 43.6%") or the difference between two groups ("多 48 条"), before the groups. */
function shareOrDifference(res: Result, en: boolean): string | undefined {
  const by = res.plan.ask.by ?? 'company';
  const sizes = res.sides;
  const focus = res.plan.ask.focus;
  const total = sizes.reduce((n, s) => n + s.rows.length, 0);
  const name = (k: string) => groupName(by, k, en);
  if (focus?.length && total) {
    const part = sizes.filter((s) => focus.includes(s.name)).reduce((n, s) => n + s.rows.length, 0);
    const pct = Math.round((part / total) * 1000) / 10;
    const who = focus.map(name).join(en ? ', ' : '、');
    return en ? `${who}: ${part} of ${total}, ${pct}%.` : `${who}共 ${part} 条，占全部 ${total} 条的 ${pct}%。`;
  }
  // Two groups named in the question, in its order ("6月那份比4月那份多多少"): the first less the second.
  const named = res.plan.about.where.find((p) => p.field === by && p.op === 'in' && p.values.length === 2);
  if (res.plan.cues.difference && named && sizes.length <= 2) {
    const [a, b] = named.values.map((v) => ({ k: String(v), n: sizes.find((s) => s.name === String(v))?.rows.length ?? 0 }));
    const d = a!.n - b!.n;
    return en
      ? `${name(a!.k)}: ${a!.n}; ${name(b!.k)}: ${b!.n}; ${d >= 0 ? `${d} more` : `${-d} fewer`}.`
      : `${name(a!.k)} ${a!.n} 条，${name(b!.k)} ${b!.n} 条，${d >= 0 ? `多 ${d} 条` : `少 ${-d} 条`}。`;
  }
  return undefined;
}

function chartOf(sides: readonly { name: string; rows: FilingRecord[] }[], by: Field, title: string, en: boolean) {
  return { title, bars: sides.slice(0, 15).map((s) => ({ label: groupName(by, s.name, en), value: s.rows.length })) };
}

function largestGroupAnswer(res: Result, en: boolean): Rendered {
  const by = res.plan.ask.by!;
  const max = res.plan.ask.extreme !== 'min';
  const name = (k: string) => groupName(by, k, en);
  const sizes = res.sides;
  const where = groupSource(sizes[0]?.rows ?? [], en);
  const n = res.plan.ask.top ?? 1;
  const cut = sizes[Math.min(n, sizes.length) - 1]!.rows.length;
  const top = sizes.filter((s) => (max ? s.rows.length >= cut : s.rows.length <= cut));
  const shown = (s: { name: string; rows: FilingRecord[] }) =>
    en ? `${name(s.name)} (${s.rows.length})` : `${name(s.name)}（${s.rows.length} 条）`;
  const label = FIELD_SPECS[by].label[en ? 'en' : 'zh'];
  const lead =
    n > 1
      ? en
        ? `The ${n} ${label}s with the ${max ? 'most' : 'fewest'} records ${where}: ${joinEn(top.map(shown))}.`
        : `${where}记录${max ? '最多' : '最少'}的前 ${n} 个${label}：${joinZh(top.map(shown))}。`
      : en
        ? `${joinEn(top.map((s) => name(s.name)))} has the ${max ? 'most' : 'fewest'} records ${where} (${cut}).`
        : `${where}${joinZh(top.map((s) => name(s.name)))}的记录${max ? '最多' : '最少'}，共 ${cut} 条。`;
  const ties =
    n > 1 && top.length > n ? (en ? ` (${top.length} listed: a tie at ${cut}.)` : `（并列 ${cut} 条，共列出 ${top.length} 个。）`) : '';
  const rest = sizes.filter((s) => !top.includes(s)).slice(0, Math.max(0, 10 - top.length));
  const after = rest.length ? (en ? ` Next: ${joinEn(rest.map(shown))}.` : `其后：${joinZh(rest.map(shown))}。`) : '';
  const prose = lead + ties + after;
  const chart = chartOf(sizes, by, en ? `Records per ${label} ${where}` : `${where}各${label}记录数`, en);
  return {
    found: true,
    answer: prose,
    result: {
      lead: lead + ties,
      items: sizes.map((s) => ({ label: name(s.name), detail: String(s.rows.length), source: s.rows[0]!.source, lines: s.rows[0]!.lines })),
      total: sizes.length,
      notes: [],
      chart,
    },
    rows: top.flatMap((s) => s.rows).slice(0, 8),
    facts: [],
  };
}

/** "各省分别有多少": every group with its count, largest first, and the chart. */
function groupByAnswer(res: Result, en: boolean): Rendered {
  const by = res.plan.ask.by ?? 'company';
  const sizes = res.sides;
  const fieldName = FIELD_SPECS[by].label[en ? 'en' : 'zh'];
  if (!sizes.length) return done(false, en ? 'No records match.' : '没有符合条件的记录。', [], en);
  // The lists named ("2024年4月那期清单中"), and the track unless the groups are the tracks.
  const lists = res.plan.about.where.find((p) => p.field === 'list' && !p.negate && by !== 'list');
  const within = lists ? lists.values.map((v) => groupName('list', String(v), en)).join(en ? ', ' : '、') : '';
  const where =
    (within ? (en ? `in ${within}, ` : `${within}中，`) : '') +
    (by === 'track' ? (en ? 'in the registers' : '登记表中') : groupSource(sizes[0]!.rows, en));
  const what = [label(res.plan, res.rows, en), conditionWords(res.plan, en)].filter(Boolean).join(en ? ' ' : '');
  const shown = sizes
    .slice(0, 20)
    .map((s) => (en ? `${groupName(by, s.name, en)} ${s.rows.length}` : `${groupName(by, s.name, en)} ${s.rows.length} 条`));
  const lead = en
    ? `Records per ${fieldName} ${where}${what ? ` (${what})` : ''}, ${sizes.length} in all:`
    : `${where}${what ? `${what}` : ''}按${fieldName}计，共 ${sizes.length} 个${fieldName}：`;
  const head = shareOrDifference(res, en);
  const prose = `${head ? `${head}\n` : ''}${lead} ${en ? joinEn(shown) : joinZh(shown)}${sizes.length > 20 ? (en ? ', …' : ' 等') : ''}${en ? '.' : '。'}`;
  const chart = chartOf(sizes, by, en ? `Records per ${fieldName}` : `各${fieldName}记录数`, en);
  return {
    found: true,
    answer: prose,
    result: {
      lead: head ? `${head}\n${lead}` : lead,
      items: sizes.map((s) => ({
        label: groupName(by, s.name, en),
        detail: String(s.rows.length),
        source: s.rows[0]!.source,
        lines: s.rows[0]!.lines,
      })),
      total: sizes.length,
      notes: [],
      chart,
    },
    rows: sizes.slice(0, 4).flatMap((s) => s.rows.slice(0, 2)),
    facts: [],
  };
}

function extremeAnswer(res: Result, en: boolean): Rendered {
  if (res.plan.ask.by && res.found) return largestGroupAnswer(res, en);
  const top = res.rows;
  const what = label(res.plan, top, en);
  const max = res.plan.ask.extreme !== 'min';
  if (!res.found)
    return done(
      false,
      en ? `The records ${what ? `of ${what} ` : ''}give no parameter counts.` : `${what}的记录都没有写明参数量。`,
      [],
      en,
    );
  if (res.plan.ask.fields[0] === 'date') {
    // The first (last) day and every row of it.
    const day = top[0]!.filingDate!;
    const lists = res.plan.about.where.find((p) => p.field === 'list' && !p.negate);
    const within = lists ? lists.values.map((v) => groupName('list', String(v), en)).join(en ? ', ' : '、') : '';
    const place = label(res.plan, top, en);
    const track = (place ? (en ? `${place} ` : place) : '') + trackName(top[0]!.track, en);
    const shown = top.slice(0, 12).map((r) => (en ? `${r.model} (${r.company ?? ''})` : `${r.model}（${r.company ?? ''}）`));
    const more = top.length > 12 ? (en ? `, and ${top.length - 12} more` : ` 等`) : '';
    const lead = en
      ? `The ${max ? 'latest' : 'earliest'} date${within ? ` in ${within}` : ''} (${track}) is ${day}: ${top.length} on that day — ${joinEn(shown)}${more}.`
      : `${within ? `${within}中，` : ''}${track}最${max ? '晚' : '早'}的日期是${day}，当天共 ${top.length} 条：${joinZh(shown)}${more}。`;
    return done(true, lead, top, en);
  }
  const names = top.map((r) =>
    en
      ? `${r.model}${r.company ? ` (${r.company})` : ''}, ${r.params!.text}${what ? '' : `, ${batchEn(r)}`}`
      : `${nameWithCompany(r)}，${r.params!.text}${what ? '' : `，${batchLabel(r)}`}`,
  );
  const missing = res.unquantified.length;
  const lead = en
    ? `The ${max ? 'largest' : 'smallest'} parameter count${what ? ` in ${what}` : res.plan.about.within ? ' among those' : ' in the filing table'}: ${joinEn(names)}.`
    : `${what ? `${what}中` : res.plan.about.within ? '其中' : '备案表中'}参数量${max ? '最大' : '最小'}的是${joinZh(names)}。`;
  const note = missing ? (en ? `(${missing} more records give no number.)` : `（另有 ${missing} 条未给出具体数值。）`) : '';
  const approx = top.some((r) => r.params!.approx) ? (en ? ' Counts given as orders of magnitude are compared by their order.' : '') : '';
  return done(true, lead + approx, top, en, { prose: [lead + approx, note].filter(Boolean).join(''), notes: note ? [note] : [] });
}

function compareAnswer(res: Result, en: boolean): Rendered {
  const sides = res.sides;
  const field = res.plan.ask.fields[0] ?? 'params';
  const show = (s: { name: string; rows: FilingRecord[] }) => {
    const r = s.rows[0]!;
    const v =
      field === 'params'
        ? r.params?.text
        : field === 'company'
          ? r.company
          : field === 'batch'
            ? en
              ? batchEn(r)
              : batchLabel(r)
            : undefined;
    return en ? `${r.model}: ${v ?? 'not listed'}` : `${r.model}：${v ?? '表中未列出'}`;
  };
  const lines = sides.map(show);
  let verdict = '';
  if (field === 'batch' && res.plan.ask.extreme && sides.length >= 2) {
    // "谁先通过备案": the earliest (or latest) batch or filing date of each side.
    const when = (s: { rows: FilingRecord[] }) =>
      s.rows
        .map((r) => r.batchDate?.ym ?? r.filingDate ?? '')
        .filter(Boolean)
        .sort()[0] ?? '';
    const dated = sides.map((s) => ({ s, w: when(s) })).filter((x) => x.w);
    if (dated.length === sides.length) {
      const pick = dated.reduce((a, b) => (res.plan.ask.extreme === 'min' ? (b.w < a.w ? b : a) : b.w > a.w ? b : a));
      const tie = dated.filter((x) => x.w === pick.w).length > 1;
      const first = res.plan.ask.extreme === 'min';
      verdict = tie
        ? en
          ? 'They were filed at the same time.'
          : '两者同时通过备案。'
        : en
          ? `${pick.s.name} was filed ${first ? 'earlier' : 'later'}.`
          : `${pick.s.name}${first ? '更早' : '更晚'}通过备案（${first ? '先' : '后'}于${dated
              .filter((x) => x !== pick)
              .map((x) => x.s.name)
              .join('、')}）。`;
    }
  } else if (field !== 'params' && sides.length >= 2) {
    // "是同一批的吗？": the same value for all, or not.
    const value = (s: { rows: FilingRecord[] }) =>
      field === 'batch' ? String(s.rows[0]!.batch ?? '') : field === 'company' ? (s.rows[0]!.company ?? '') : '';
    const values = sides.map(value);
    if (values.every(Boolean)) {
      const same = values.every((v) => v === values[0]);
      const shown = show(sides[0]!).split(/[：:]\s*/)[1];
      verdict = same ? (en ? `Yes: all of them are in ${shown}.` : `是的，都在${shown}。`) : en ? 'No: they differ.' : '不是，各不相同。';
    }
  }
  if (field === 'params') {
    const valued = sides.map((s) => ({ s, v: s.rows[0]!.params?.value })).filter((x) => x.v !== undefined);
    if (valued.length === sides.length && valued.length >= 2) {
      const best = valued.reduce((a, b) => (res.plan.ask.extreme === 'min' ? (b.v! < a.v! ? b : a) : b.v! > a.v! ? b : a));
      const tie = valued.filter((x) => x.v === best.v).length > 1;
      const word = res.plan.ask.extreme === 'min' ? (en ? 'smaller' : '更小') : en ? 'larger' : '更大';
      verdict = tie
        ? en
          ? 'The table gives them the same order of magnitude, so it cannot tell which is larger.'
          : '表中两者的参数量在同一量级，无法判断哪个更大。'
        : en
          ? `${best.s.rows[0]!.model} has the ${word} parameter count.`
          : `${best.s.rows[0]!.model}的参数量${word}。`;
    } else
      verdict = en
        ? 'Not every one has a parameter count in the table, so they cannot be compared.'
        : '表中并非每个都写明了参数量，无法比较。';
  }
  const prose =
    [verdict, ...lines]
      .filter(Boolean)
      .join(en ? '\n' : '；')
      .replace(/；/, verdict ? '（' : '；') + (verdict ? (en ? '' : '）') : '');
  const lead = verdict || lines.join('；');
  return {
    found: res.found,
    answer: prose,
    result: { lead, items: res.rows.map((r) => item(r, en)), total: res.rows.length, notes: [] },
    rows: res.rows,
    facts: [],
  };
}

/** Companies, each with its records ("在第一批和第三批都有模型的公司：…", "有至少2 款模型的公司：…"): prose and items alike. */
function companyGroups(res: Result, lead: string, groups: string[], rows: FilingRecord[], en: boolean): Rendered {
  const items = res.sides.map((s) => ({
    label: s.name,
    detail: s.rows.map((r) => r.model).join(en ? ', ' : '、'),
    source: s.rows[0]!.source,
    lines: s.rows[0]!.lines,
  }));
  const answer = lead + (en ? joinEn(groups) + '.' : joinZh(groups) + '。');
  return { found: true, answer, result: { lead, items, total: res.sides.length, notes: [] }, rows, facts: [] };
}

function groupAnswer(res: Result, en: boolean): Rendered {
  const g = res.plan.ask.group;
  if (!g) return groupByAnswer(res, en);
  const many = en ? `${g.exact ? 'exactly' : 'at least'} ${g.min} models` : `${g.exact ? '' : '至少'}${g.min} 款模型`;
  if (!res.found)
    return done(
      false,
      en ? `No company ${groupSource(res.rows, en)} has ${many}.` : `${groupSource(res.rows, en)}没有哪家公司有${many}。`,
      [],
      en,
    );
  const when = (r: FilingRecord) => (en ? batchEn(r) : batchLabel(r)) || r.filingDate || '';
  const groups = res.sides.map((s) =>
    en
      ? `${s.name} (${joinEn(s.rows.map((r) => [r.model, when(r)].filter(Boolean).join(', ')))})`
      : `${s.name}（${joinZh(s.rows.map((r) => [r.model, when(r)].filter(Boolean).join('，')))}）`,
  );
  const lists = res.plan.about.where.find((p) => p.field === 'list' && !p.negate);
  const within = lists ? lists.values.map((v) => groupName('list', String(v), en)).join(en ? ', ' : '、') : '';
  const where = (within ? (en ? `in ${within}, ` : `${within}的`) : '') + groupSource(res.sides[0]?.rows ?? [], en);
  const n = res.sides.length;
  const lead = en ? `${n} ${n === 1 ? 'company has' : 'companies have'} ${many} ${where}: ` : `${where}有${many}的公司共 ${n} 家：`;
  return companyGroups(res, lead, groups, res.rows, en);
}

// ---------------------------------------------------------------------------------------------
// Register answers: filings (备案), registrations (登记) and algorithm filings counted apart

const TRACK_EN: Record<Track, string> = {
  'genai-filing': 'generative-AI service filings',
  'genai-registration': 'generative-AI service registrations',
  'deep-synthesis': 'deep-synthesis algorithm filings',
  algorithm: 'algorithm filings',
};
const trackName = (t: Track, en: boolean) => (en ? TRACK_EN[t] : TRACK_LABEL[t]);
const numberWord = (t: Track) => (t === 'genai-registration' ? '登记编号' : '备案号');
const trackWord = (t: Track) => (t === 'genai-registration' ? '登记' : '备案');

function brief(r: FilingRecord, parts: ('company' | 'province' | 'date' | 'role')[], en = false): string {
  const bits = parts
    .map((p) => (p === 'company' ? r.company : p === 'province' ? r.province : p === 'date' ? r.filingDate : r.role))
    .filter(Boolean);
  if (!bits.length) return r.model;
  return en ? `${r.model} (${bits.join(', ')})` : `${r.model}（${bits.join('，')}）`;
}

interface Detail {
  max: number;
  details: boolean;
}
const DETAIL_LEVELS: Detail[] = [
  { max: 12, details: true },
  { max: 12, details: false },
  { max: 6, details: false },
  { max: 3, details: false },
];
const BUDGET = 300;
const CITED_ROWS = 8;

/** A date range in English: "as of 2024-06-30", "from 2024-03-01", "2024-01-01 to 2024-06-30". */
function rangeEn(d: { from?: string; to?: string }): string {
  if (d.from && d.to) return `${d.from} to ${d.to}`;
  return d.to ? `as of ${d.to}` : `from ${d.from}`;
}

function registerSubject(res: Result, companyRows: FilingRecord[], en = false): string {
  const a = res.plan.about;
  const place = placeOf(res.plan);
  const dates = dateRangeOf(res.plan);
  // A published list the question names: "2026年8月那期清单".
  const list = a.where.find((p) => p.field === 'list' && p.op === 'eq' && !p.negate);
  const period = list ? String(list.values[0]) : undefined;
  const listWords = period ? (en ? `the ${period} list` : `${listMonth(period)}那期清单中，`) : '';
  const where = en
    ? [listWords, place ? place.province : '', dates ? rangeEn(dates) : ''].filter(Boolean).join(', ')
    : `${listWords}${dates ? dates.label : ''}${place ? place.province : ''}`;
  const byCompany = a.entities.some((e) => e.kind === 'company');
  // Only when a company is asked about: a register of 20k rows makes this the costliest line here.
  const companies = byCompany ? uniq(companyRows.map((r) => r.company).filter((c): c is string => !!c)) : [];
  if (byCompany) {
    // A short name that stands for several legal names says which were counted (none left: as named).
    const short = a.entities.find((e) => e.kind === 'company')!.name;
    const shown = companies.slice(0, 3).join(en ? ', ' : '、') + (companies.length > 3 ? (en ? ', …' : '等') : '');
    const name = companies.length === 1 ? companies[0]! : !companies.length ? short : en ? `${short} (${shown})` : `${short}（${shown}）`;
    return en ? `${name}${where ? ` (${where})` : ''}` : `${name}${where ? `（${where}）` : ''}`;
  }
  return where;
}

const byCompanyNamed = (plan: Plan) => plan.about.entities.some((e) => e.kind === 'company');

function perTrack(res: Result): Rendered {
  const plan = res.plan;
  const en = plan.language === 'en';
  const rows = res.rows.filter((r) => r.origin === 'register');
  const place = placeOf(plan);
  const textRows = place ? [] : res.rows.filter((r) => r.origin === 'text-table');
  const companies = plan.cues.companies;
  const present = tracksOf(rows);
  const genaiWords = plan.cues.genai;
  const tracks =
    (tracksOfPlan(plan) as Track[] | undefined) ??
    TRACKS.filter((t) => t === 'genai-filing' || (present.includes(t) && !(genaiWords && t === 'deep-synthesis')));
  // A track no list of the corpus holds ("深度合成服务算法备案清单"): say the lists are not there, not "0".
  const missingTracks = res.tracksHeld?.length ? tracks.filter((t) => !res.tracksHeld!.includes(t)) : [];
  if (missingTracks.length && missingTracks.length === tracks.length) {
    const names = missingTracks.map((t) => trackName(t, en)).join(en ? ', ' : '、');
    const held = res.tracksHeld!.map((t) => trackName(t, en)).join(en ? ', ' : '、');
    return done(
      false,
      en
        ? `The corpus holds no lists of ${names}; its lists are of ${held} only.`
        : `语料中没有${names}的清单，只有${held}的清单，无法回答。`,
      [],
      en,
    );
  }
  const byTrack = tracks.map((t) => [t, rows.filter((r) => r.track === t)] as const);
  const subjectName = registerSubject(res, rows, en);
  const named = !!place || plan.about.entities.some((e) => e.kind === 'company');
  if (!byTrack.some(([, r]) => r.length) && !textRows.length && plan.ask.op !== 'count') {
    // Whom the question names, as it names them when no row is left to give their legal names.
    const who = subjectName || plan.about.entities.map((e) => e.name).join(en ? ', ' : '、');
    const cells = conditionWords(plan, en);
    const what =
      tracks.length === 1 ? (en ? TRACK_EN[tracks[0]!] : TRACK_LABEL[tracks[0]!]) : en ? 'filings or registrations' : '备案或登记';
    const lead = en
      ? `The registers list no ${what}${who ? ` for ${who}` : ''}${cells || (who ? '' : ' that match')}.`
      : who || cells
        ? `登记表中没有${who}${who && cells && byCompanyNamed(plan) ? '名下' : ''}${cells || '的'}${what}记录。`
        : '登记表中没有符合条件的记录。';
    return done(false, lead, [], en);
  }
  const subject = textRows.length && !en ? `登记表中，${subjectName}` : subjectName;
  const byCompany = plan.about.entities.some((e) => e.kind === 'company');
  // Organisations per track: counted once (the line is written at several detail levels), and only when asked.
  const unitsOf = new Map<Track, number>();
  const listLine = (t: Track, rs: readonly FilingRecord[], level: Detail) => {
    const n = rs.length;
    const units = companies && n ? (unitsOf.get(t) ?? unitsOf.set(t, uniq(rs.map((r) => r.company ?? r.model)).length).get(t)!) : 0;
    const head = en
      ? `${subject ? `${subject}: ` : ''}${n} ${TRACK_EN[t]} in the registers${companies && n ? ` (${units} organisations)` : ''}`
      : `${subject}${TRACK_LABEL[t]}共 ${n} 条${companies && n ? `（涉及 ${units} 家单位）` : ''}`;
    if (!n) return `${head}${en ? '.' : '。'}`;
    const shown = rs.slice(0, level.max);
    const who = byCompany ? 'province' : 'company';
    const detail: ('company' | 'province' | 'date' | 'role')[] = level.details
      ? t === 'deep-synthesis'
        ? [who, 'role']
        : [who, 'date']
      : [];
    if (en)
      return `${head}: ${shown.map((r) => brief(r, detail, true)).join(', ')}${n > shown.length ? ` and ${n - shown.length} more` : ''}.`;
    return `${head}：${shown.map((r) => brief(r, detail)).join('、')}${n > shown.length ? ` 等（另有 ${n - shown.length} 条）` : ''}。`;
  };
  const notes: string[] = [];
  if (tracks.includes('genai-filing') && tracks.includes('genai-registration'))
    notes.push(en ? '(Filings and registrations are counted apart, never added up.)' : '（备案与登记分别计数，不相加。）');
  if (textRows.length && en) {
    notes.push(
      `The texts' filing table also lists ${textRows.length} ${textRows.length === 1 ? 'model' : 'models'} (${joinEn(textRows.slice(0, 3).map((r) => r.model))}${textRows.length > 3 ? ', …' : ''}), shown apart from the registers.`,
    );
  } else if (textRows.length) {
    const batches = uniq(textRows.map((r) => batchLabel(r)).filter(Boolean));
    const what =
      textRows.length <= 3
        ? textRows.map((r) => `${r.model}${batchLabel(r) ? `（${batchLabel(r)}）` : ''}`).join('、')
        : `${textRows.length} 款（${batches.slice(0, 3).join('、')}${batches.length > 3 ? '等' : ''}）`;
    notes.push(`文本中的备案表另列有${what}，与登记表分开列出。`);
  }
  const to = dateRangeOf(plan)?.to;
  if (to && res.registerLatest && dayOf(res.registerLatest) < to)
    notes.push(en ? `(The registers' latest date is ${res.registerLatest}.)` : `（登记表中最新的日期为 ${res.registerLatest}。）`);
  if (place?.city)
    notes.push(
      en
        ? `(Registers record provinces only: ${place.city} is in ${place.province}; the figures are for all of ${place.province}.)`
        : `（登记表的属地只到省级：${place.city}属${place.province}，以上为${place.province}全部。）`,
    );
  if (res.repeats)
    notes.push(
      en
        ? `(${res.repeats} filing numbers appear in several registers and are counted once.)`
        : `（有 ${res.repeats} 条编号在多个登记表中重复出现，只计一次。）`,
    );
  const write = (level: Detail) => [...byTrack.map(([t, rs]) => listLine(t, rs, level)), ...notes].join('\n');
  const level = DETAIL_LEVELS.find((l) => write(l).length <= BUDGET + notes.join('\n').length) ?? DETAIL_LEVELS.at(-1)!;
  const groups = byTrack.filter(([, rs]) => rs.length).length + (textRows.length ? 1 : 0);
  const share = Math.max(2, Math.floor(CITED_ROWS / Math.max(1, groups)));
  const cited = [...byTrack.flatMap(([, rs]) => rs.slice(0, Math.min(level.max, share))), ...textRows.slice(0, share)];
  const all = [...byTrack.flatMap(([, rs]) => rs), ...textRows];
  const lead = en
    ? byTrack.map(([t, rs]) => `${rs.length} ${trackName(t, true)}`).join('; ') + ':'
    : byTrack.map(([t, rs]) => `${subject}${TRACK_LABEL[t]}共 ${rs.length} 条`).join('；') + '：';
  return {
    found: true,
    answer: write(level),
    result: { lead, items: all.map((r) => item(r, en)), total: all.length, notes },
    rows: cited,
    facts: [],
  };
}

function newestAnswer(res: Result): Rendered {
  const en = res.plan.language === 'en';
  const subject = registerSubject(res, res.rows, en);
  const tracks = (tracksOfPlan(res.plan) as Track[] | undefined) ?? tracksOf(res.rows);
  const lines: string[] = [];
  const cited: FilingRecord[] = [];
  for (const t of tracks) {
    const top = res.rows.filter((r) => r.track === t).slice(0, tracks.length > 1 ? 3 : 5);
    if (!top.length) continue;
    const who: 'province' | 'company' = res.plan.about.entities.some((e) => e.kind === 'company') ? 'province' : 'company';
    lines.push(
      en
        ? `The newest ${TRACK_EN[t]}${subject ? ` (${subject})` : ''}: ${top.map((r) => brief(r, [who, 'date'], true)).join('; ')}.`
        : `${subject}最新的${TRACK_LABEL[t]}：${top.map((r) => brief(r, [who, 'date'])).join('；')}。`,
    );
    cited.push(...top);
  }
  if (!cited.length)
    return done(
      false,
      en
        ? `The registers list no ${tracks.length === 1 ? TRACK_EN[tracks[0]!] : 'filings'}${subject ? ` for ${subject}` : ''}.`
        : `登记表中没有${subject}的${tracks.length === 1 ? TRACK_LABEL[tracks[0]!] : '备案'}记录。`,
      [],
      en,
    );
  return {
    found: true,
    answer: lines.join('\n'),
    result: { lead: lines[0]!.replace(/[：:].*$/, en ? ':' : '：'), items: cited.map((r) => item(r, en)), total: cited.length, notes: [] },
    rows: cited,
    facts: [],
  };
}

/** What a filing number's shape tells when the registers lack it (province from the prefix, the date). */
function numberShape(no: string, en: boolean): string {
  const parts = parseFilingNo(no);
  if (!parts.province && !parts.date) return '';
  if (en)
    return `By its format, its province is ${parts.province ?? '(not recognised)'}${parts.date ? ` and its date ${parts.date}` : ''}.`;
  return `按编号格式，它的属地是${parts.province ?? '（无法识别）'}${parts.date ? `，日期为 ${parts.date}` : ''}。`;
}

function byNumberAnswer(res: Result): Rendered {
  const hit = res.rows;
  const en = res.plan.language === 'en';
  if (!hit.length) {
    const no = res.absent!.replace(/\s+/g, '');
    const shape = numberShape(no, en);
    return done(false, en ? `The registers have no number ${no}.${shape ? ` ${shape}` : ''}` : `登记表中没有编号 ${no}。${shape}`, [], en);
  }
  const r = hit[0]!;
  if (en) {
    const bits = [
      r.company,
      r.province && `province ${r.province}`,
      r.filingDate && `${r.track === 'genai-registration' ? 'registered' : 'filed'} ${r.filingDate}`,
      r.role && `role: ${r.role}`,
    ].filter(Boolean);
    const answer = `${r.filingNo} is the ${r.track === 'genai-registration' ? 'registration' : 'filing'} number of ${r.model}: ${bits.join(', ')}; ${TRACK_EN[r.track]}.${hit.length > 1 ? ` (Also in ${uniq(hit.slice(1).map((x) => x.source)).join(', ')}.)` : ''}`;
    return { found: true, answer, result: { lead: answer, items: [], total: 0, notes: [] }, rows: hit, facts: [] };
  }
  const more = hit.length > 1 ? `（另见 ${uniq(hit.slice(1).map((x) => x.source)).join('、')}）` : '';
  const where = r.province ? `属地${r.province}，` : '';
  const when = r.filingDate ? `${r.filingDate}${trackWord(r.track)}，` : '';
  const role = r.role ? `角色：${r.role}，` : '';
  const product = r.product && !/^[-—–]+$/.test(r.product) ? `应用产品：${r.product}，` : '';
  const answer = `${r.filingNo} 是${r.model}的${numberWord(r.track)}：${r.company ? `${r.company}，` : ''}${where}${when}${role}${product}类别为${TRACK_LABEL[r.track]}。${more}`;
  return { found: true, answer, result: { lead: answer, items: [], total: 0, notes: [] }, rows: hit, facts: [] };
}

/** A model that the texts' table and a register both list: both shown, each with its source. */
function sideBySide(res: Result): Rendered {
  const textRows = res.rows.filter((r) => r.origin === 'text-table');
  const regRows = res.rows.filter((r) => r.origin === 'register');
  const t = textRows[0]!;
  if (res.plan.language === 'en') {
    const ym = t.batchDate?.ym;
    const agree = ym && regRows.every((r) => r.filingDate?.slice(0, 7) === ym);
    const regLine = (r: FilingRecord) =>
      `${r.track === 'genai-registration' ? 'registered' : 'filed'} ${r.filingDate ?? 'on an unlisted date'}${r.province ? `, province ${r.province}` : ''}${r.filingNo ? `, no. ${r.filingNo}` : ''}`;
    const sources = uniq(regRows.map((r) => r.source)).join(', ');
    const dates = !ym ? '' : agree ? ' The two dates agree.' : ' The two dates differ; both are shown.';
    const answer = `The texts' filing table: ${t.model}${t.company ? ` (${t.company})` : ''} passed in ${batchEn(t) || 'the table'}; the registers (${sources}): ${regRows.map(regLine).join('; ')}.${dates}`;
    return { found: true, answer, result: { lead: answer, items: [], total: 0, notes: [] }, rows: [...textRows, ...regRows], facts: [] };
  }
  const text = `文本中的备案表：${t.model}${t.company ? `（${t.company}）` : ''}在${batchLabel(t) || '表中'}通过备案`;
  const reg = `登记表（${uniq(regRows.map((r) => r.source)).join('、')}）：${regRows.map((r) => `${r.filingDate ?? '日期未列'}${trackWord(r.track)}${r.province ? `，属地${r.province}` : ''}${r.filingNo ? `，${numberWord(r.track)} ${r.filingNo}` : ''}`).join('；')}`;
  const ym = t.batchDate?.ym;
  const agree = ym && regRows.every((r) => r.filingDate?.slice(0, 7) === ym);
  const note = !ym ? '' : agree ? '两处日期一致。' : '两处日期不一致，分别列出。';
  const answer = `${text}；${reg}。${note}`;
  return { found: true, answer, result: { lead: answer, items: [], total: 0, notes: [] }, rows: [...textRows, ...regRows], facts: [] };
}

// ---------------------------------------------------------------------------------------------

/** Whether registers answer this result (their rows are in it, and it asks what registers hold). */
function registerShaped(res: Result): boolean {
  const f = res.plan.ask.fields;
  if (f.includes('params') || (f.includes('uses') && res.plan.ask.op !== 'list' && res.plan.ask.op !== 'count')) return false;
  if (['extreme', 'compare', 'group'].includes(res.plan.ask.op)) return false;
  const hasReg = res.rows.some((r) => r.origin === 'register');
  if (placeOf(res.plan) || tracksOfPlan(res.plan)) return true;
  return hasReg;
}

/** A yes/no claim over the records: the verdict first, then the deciding facts. */
function verifyAnswer(res: Result, en: boolean, focus: string[]): Rendered | undefined {
  const v = res.verdict;
  if (!v) return undefined;
  const yes = en ? 'Yes' : '是';
  const no = en ? 'No' : '不是';
  const claim = res.plan.ask.claim;
  if (v.counted !== undefined && claim?.count) {
    // A claimed number of records: the verdict, then the count itself.
    const word = claim.negated
      ? v.holds
        ? en
          ? 'No'
          : '不对'
        : en
          ? 'Right'
          : '对'
      : v.holds
        ? en
          ? 'Yes'
          : '对'
        : en
          ? 'No'
          : '不对';
    const counted = countAnswer(res, en);
    const lead = `${word}${en ? '. ' : '。'}${counted.answer}`;
    return { ...counted, answer: lead, result: { ...counted.result, lead: `${word}${en ? '. ' : '。'}${counted.result.lead}` } };
  }
  if (!res.plan.about.entities.length) {
    // "有没有西藏的备案？": whether any record meets the conditions.
    const list = listAnswer(res, en);
    const what = [label(res.plan, res.rows, en), conditionWords(res.plan, en)].filter(Boolean).join(en ? ' ' : '');
    if (!v.holds) {
      // …and what the other tracks hold under the same conditions (a 登记 where no 备案 is).
      const others = res.sides.map((s) => {
        const shown = s.rows.slice(0, 5).map((r) => (en ? `${r.model} (${r.company ?? ''})` : `${r.model}（${r.company ?? ''}）`));
        const more = s.rows.length > 5 ? (en ? ', …' : '等') : '';
        const t = trackName(s.name as Track, en);
        return en ? `${s.rows.length} ${t}: ${joinEn(shown)}${more}` : `${t}有 ${s.rows.length} 条：${joinZh(shown)}${more}`;
      });
      const besides = others.length ? (en ? ` But there are ${others.join('; ')}.` : `不过${others.join('；')}。`) : '';
      return done(
        others.length > 0,
        (en ? `No. The records list none${what ? ` ${what}` : ''}.` : `没有。备案记录中没有${what || '符合条件的记录'}。`) + besides,
        res.sides.flatMap((s) => s.rows).slice(0, 5),
        en,
      );
    }
    return {
      ...list,
      answer: `${en ? 'Yes. ' : '有。'}${list.answer}`,
      result: { ...list.result, lead: `${en ? 'Yes. ' : '有。'}${list.result.lead}` },
    };
  }
  // "X不是Y的吧？": the verdict answers the asker's negation.
  // "可灵不是北京的吧？" (the negation read into the claim): 对/不对, which cannot be read as agreeing with 不是.
  const negated = !!res.plan.ask.claim?.negated;
  const negatedCell = !!res.plan.ask.claim?.fields.some((p) => p.negate);
  const yesWord = negated ? (en ? 'No' : '不对') : negatedCell ? (en ? 'Right' : '对') : yes;
  const noWord = negated ? (en ? 'Right' : '对') : negatedCell ? (en ? 'No' : '不对') : no;
  const rows = res.rows;
  const subject = uniq(rows.map((r) => modelName(r)))
    .slice(0, 3)
    .join(en ? ', ' : '、');
  const value = (f: Field) =>
    uniq(rows.map((r) => (f === 'batch' ? (en ? batchEn(r) : batchLabel(r)) : FIELD_SPECS[f].get(r))).filter((x): x is string => !!x));
  const facts = v.failed.map((p) => {
    const has = value(p.field);
    const l = FIELD_SPECS[p.field].label[en ? 'en' : 'zh'];
    if (!has.length) return en ? `the records give no ${l} for ${subject}` : `记录中没有${subject}的${l}`;
    return en ? `the ${l} of ${subject} is ${has.join(', ')}` : `${subject}的${l}是${has.join('、')}`;
  });
  for (const side of res.sides) {
    facts.push(
      en
        ? `${side.name} filed ${side.rows.map((r) => r.model).join(', ')}`
        : `${side.name}备案的是${side.rows.map((r) => modelName(r)).join('、')}`,
    );
  }
  const described = aboutEntities(res, en, focus);
  if (v.holds) {
    const lead = `${yesWord}${en ? '. ' : '。'}${described.answer}`;
    return { ...described, answer: lead, result: { ...described.result, lead } };
  }
  const lead = en ? `${noWord}: ${facts.join('; ')}.` : `${noWord}。${facts.join('；')}。`;
  return {
    found: true,
    answer: `${lead}
${described.answer}`,
    result: { lead, items: rows.map((r) => item(r, en)), total: rows.length, notes: [] },
    rows: [...rows, ...res.sides.flatMap((x) => x.rows)],
    facts: [],
  };
}

export function renderRecords(res: Result, opts: { focus: string[]; anyRegister: boolean; batchMonths: string[] }): Rendered {
  const en = res.plan.language === 'en';
  if (res.premise?.length) {
    // The premise first: what the named thing's rows do not bear out; then the answer from its rows.
    const { premise, ...rest } = res;
    const plan = { ...res.plan, about: { ...res.plan.about, where: res.plan.about.where.filter((p) => !premise.includes(p)) } };
    const r = renderRecords({ ...rest, plan }, opts);
    const who = uniq(res.plan.about.entities.map((e) => e.name)).join(en ? ', ' : '、');
    const what = premise
      .map((p) =>
        p.field === 'track'
          ? p.values.map((t) => trackName(t as Track, en)).join(en ? ' or ' : '或')
          : `${FIELD_SPECS[p.field].label[en ? 'en' : 'zh']}${en ? ' ' : '为'}${p.text}`,
      )
      .join(en ? ', ' : '、');
    const note = en ? `No record of ${who} has ${what}; its records: ` : `${who}没有${what}的记录；它的记录是：`;
    return { ...r, answer: note + r.answer, result: { ...r.result, lead: note + r.result.lead } };
  }
  const op = res.op;
  if (op === 'byNumber') return byNumberAnswer(res);
  // "大于千亿又小于百亿": no record can meet both, and that is the answer.
  const clash = !res.rows.length ? contradictions(res.plan.about.where) : undefined;
  if (clash) {
    const [lo, hi] = clash;
    return done(
      false,
      en
        ? `The conditions contradict each other (${lo.text} and ${hi.text}): no record can meet both.`
        : `条件互相矛盾：既要${lo.text}，又要${hi.text}，没有记录能同时满足。`,
      [],
      en,
    );
  }
  if (
    res.absent ||
    (!res.rows.length && !res.found && !(opts.anyRegister && registerShaped(res)) && op !== 'group' && op !== 'extreme' && op !== 'count')
  )
    return absentAnswer(res, en, opts);
  if (res.missing.length && !res.found) return missingAnswer(res, en);
  if (res.outside) {
    const who = uniq(res.rows.map((r) => r.model))
      .slice(0, 3)
      .join(en ? ', ' : '、');
    return done(
      false,
      en ? `The filing records of ${who} do not hold this.` : `${who}的备案记录中没有这项信息。`,
      res.rows.slice(0, 1),
      en,
    );
  }
  if (op === 'newest') return newestAnswer(res);
  if (op === 'verify') {
    const verified = verifyAnswer(res, en, opts.focus);
    if (verified) return verified;
  }
  if (opts.anyRegister && registerShaped(res)) {
    const named = res.plan.about.entities;
    const models = named.filter((e) => e.kind === 'model');
    if (models.length && res.rows.length && !named.some((e) => e.kind === 'company') && op !== 'list' && op !== 'count') {
      const hasText = res.rows.some((r) => r.origin === 'text-table');
      const hasReg = res.rows.some((r) => r.origin === 'register');
      if (hasText && hasReg) return sideBySide(res);
      if (!placeOf(res.plan) && !dateRangeOf(res.plan) && !tracksOfPlan(res.plan)) return aboutEntities(res, en, opts.focus);
    }
    // "深度求索的备案号是多少": a field of a company's few records is that field, not a list of them.
    // …and a question about a company's few records describes them (their uses, sizes), not a list.
    if (
      named.length &&
      res.rows.length > 0 &&
      res.rows.length <= 5 &&
      ((op === 'field' && res.plan.ask.fields.some((f) => f !== 'model')) || op === 'describe')
    )
      return aboutEntities(res, en, opts.focus);
    return perTrack(res);
  }
  switch (op) {
    case 'extreme':
      return extremeAnswer(res, en);
    case 'compare':
      return compareAnswer(res, en);
    case 'group':
      return groupAnswer(res, en);
    case 'count':
      return countAnswer(res, en);
    case 'list':
      return res.plan.about.entities.length && !res.plan.about.within ? aboutEntities(res, en, opts.focus) : listAnswer(res, en);
    default:
      if (res.plan.about.entities.length && !res.plan.about.within) return aboutEntities(res, en, opts.focus);
      if (op === 'field' && res.plan.about.batches.length) return batchDateAnswer(res, en);
      return listAnswer(res, en);
  }
}
